-- Stories and their versions; see ../postgres/00001_stories.sql for the
-- reasoning. SQLite differences: STRICT tables; times as fixed-width UTC
-- text in microseconds (2006-01-02T15:04:05.000000Z), so that text order is
-- time order and matches PostgreSQL's precision; article JSON as text
-- checked with json_valid.

-- +goose Up
CREATE TABLE stories (
    id           TEXT    PRIMARY KEY,
    agency       TEXT    NOT NULL,
    feed         TEXT    NOT NULL,
    guid         TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    status       TEXT    NOT NULL CHECK (status IN ('queued', 'approved', 'published', 'rejected')),
    content_hash TEXT    NOT NULL,
    headline     TEXT    NOT NULL,
    cluster_id   TEXT    NOT NULL,
    published_at TEXT,
    ingested_at  TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    article      TEXT    NOT NULL CHECK (json_valid(article))
) STRICT;

CREATE INDEX stories_ingested_idx ON stories (ingested_at DESC, id);
CREATE INDEX stories_status_ingested_idx ON stories (status, ingested_at DESC, id);
CREATE INDEX stories_agency_ingested_idx ON stories (agency, ingested_at DESC, id);
CREATE INDEX stories_feed_ingested_idx ON stories (feed, ingested_at DESC, id);

CREATE TABLE story_versions (
    story_id     TEXT    NOT NULL REFERENCES stories (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    version      INTEGER NOT NULL CHECK (version >= 1),
    content_hash TEXT    NOT NULL,
    article      TEXT    NOT NULL CHECK (json_valid(article)),
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (story_id, version),
    UNIQUE (story_id, content_hash)
) STRICT;

-- +goose Down
DROP TABLE story_versions;
DROP TABLE stories;
