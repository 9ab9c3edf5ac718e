-- What the desk's queue reads and searches; see ../postgres/00006_desk.sql.
-- SQLite adds generated columns only as VIRTUAL (computed when read, and
-- indexable); full-text search is an FTS5 table kept by triggers. It is
-- contentless (the text lives in stories) with contentless_delete so that
-- an update can replace a row's terms.

-- +goose Up
ALTER TABLE stories ADD COLUMN summary TEXT GENERATED ALWAYS AS (coalesce(json_extract(article, '$.summary'), '')) VIRTUAL;
ALTER TABLE stories ADD COLUMN dateline TEXT GENERATED ALWAYS AS (coalesce(json_extract(article, '$.dateline.text'), '')) VIRTUAL;
ALTER TABLE stories ADD COLUMN topic TEXT GENERATED ALWAYS AS (coalesce(json_extract(article, '$.topics[0]'), '')) VIRTUAL;
ALTER TABLE stories ADD COLUMN quote_count INTEGER GENERATED ALWAYS AS (coalesce(json_array_length(article, '$.quotes'), 0)) VIRTUAL;
ALTER TABLE stories ADD COLUMN embed_count INTEGER GENERATED ALWAYS AS (coalesce(json_array_length(article, '$.embeds'), 0)) VIRTUAL;
ALTER TABLE stories ADD COLUMN attribution_count INTEGER GENERATED ALWAYS AS (coalesce(json_array_length(article, '$.attributions'), 0)) VIRTUAL;
ALTER TABLE stories ADD COLUMN changes TEXT GENERATED ALWAYS AS (coalesce(json_extract(article, '$.changes'), '[]')) VIRTUAL;

CREATE INDEX stories_agency_lower_idx ON stories (lower(agency), ingested_at DESC, id);
CREATE INDEX stories_status_agency_idx ON stories (status, lower(agency), ingested_at DESC, id);
CREATE INDEX stories_cluster_idx ON stories (cluster_id, ingested_at DESC, id);
CREATE INDEX stories_topic_idx ON stories (topic, ingested_at DESC, id);

CREATE VIRTUAL TABLE stories_fts USING fts5 (headline, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

INSERT INTO stories_fts (rowid, headline, body)
SELECT rowid, headline, coalesce(json_extract(article, '$.body_text'), '') FROM stories;

-- +goose StatementBegin
CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, headline, body)
    VALUES (new.rowid, new.headline, coalesce(json_extract(new.article, '$.body_text'), ''));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline, article ON stories BEGIN
    DELETE FROM stories_fts WHERE rowid = old.rowid;
    INSERT INTO stories_fts (rowid, headline, body)
    VALUES (new.rowid, new.headline, coalesce(json_extract(new.article, '$.body_text'), ''));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
    DELETE FROM stories_fts WHERE rowid = old.rowid;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER stories_fts_delete;
DROP TRIGGER stories_fts_update;
DROP TRIGGER stories_fts_insert;
DROP TABLE stories_fts;
DROP INDEX stories_topic_idx;
DROP INDEX stories_cluster_idx;
DROP INDEX stories_status_agency_idx;
DROP INDEX stories_agency_lower_idx;
ALTER TABLE stories DROP COLUMN changes;
ALTER TABLE stories DROP COLUMN attribution_count;
ALTER TABLE stories DROP COLUMN embed_count;
ALTER TABLE stories DROP COLUMN quote_count;
ALTER TABLE stories DROP COLUMN topic;
ALTER TABLE stories DROP COLUMN dateline;
ALTER TABLE stories DROP COLUMN summary;
