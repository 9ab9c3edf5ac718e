-- What the desk's queue reads and searches, derived from the stored
-- article so that every write path keeps it without knowing of it:
-- generated columns for the list's projection (a page of the queue reads
-- these, never the whole document), a full-text vector over headline and
-- body ('simple' configuration: agencies file in many languages, so no
-- stemming of one), and the indexes the filters use.

-- +goose Up
ALTER TABLE stories
    ADD COLUMN summary           text    GENERATED ALWAYS AS (coalesce(article->>'summary', '')) STORED,
    ADD COLUMN dateline          text    GENERATED ALWAYS AS (coalesce(article->'dateline'->>'text', '')) STORED,
    ADD COLUMN topic             text    GENERATED ALWAYS AS (coalesce(article->'topics'->>0, '')) STORED,
    ADD COLUMN quote_count       integer GENERATED ALWAYS AS (coalesce(jsonb_array_length(article->'quotes'), 0)) STORED,
    ADD COLUMN embed_count       integer GENERATED ALWAYS AS (coalesce(jsonb_array_length(article->'embeds'), 0)) STORED,
    ADD COLUMN attribution_count integer GENERATED ALWAYS AS (coalesce(jsonb_array_length(article->'attributions'), 0)) STORED,
    ADD COLUMN changes           jsonb   GENERATED ALWAYS AS (coalesce(article->'changes', '[]'::jsonb)) STORED,
    ADD COLUMN search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(article->>'body_text', '')), 'B')) STORED;

CREATE INDEX stories_search_idx ON stories USING gin (search);
CREATE INDEX stories_agency_lower_idx ON stories (lower(agency), ingested_at DESC, id);
CREATE INDEX stories_status_agency_idx ON stories (status, lower(agency), ingested_at DESC, id);
CREATE INDEX stories_cluster_idx ON stories (cluster_id, ingested_at DESC, id);
CREATE INDEX stories_topic_idx ON stories (topic, ingested_at DESC, id);

-- +goose Down
DROP INDEX stories_topic_idx;
DROP INDEX stories_cluster_idx;
DROP INDEX stories_status_agency_idx;
DROP INDEX stories_agency_lower_idx;
DROP INDEX stories_search_idx;
ALTER TABLE stories DROP COLUMN search, DROP COLUMN changes, DROP COLUMN attribution_count,
    DROP COLUMN embed_count, DROP COLUMN quote_count, DROP COLUMN topic, DROP COLUMN dateline,
    DROP COLUMN summary;
