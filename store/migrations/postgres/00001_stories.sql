-- Stories and their versions. stories holds one row per story with the
-- latest version's article, so the review queue (List) reads one table;
-- story_versions keeps every distinct content ever stored, and its
-- UNIQUE (story_id, content_hash) is what makes Put idempotent under
-- concurrent redelivery.

-- +goose Up
CREATE TABLE stories (
    id           text        PRIMARY KEY,
    agency       text        NOT NULL,
    feed         text        NOT NULL,
    guid         text        NOT NULL,
    version      integer     NOT NULL CHECK (version >= 1),
    status       text        NOT NULL CHECK (status IN ('queued', 'approved', 'published', 'rejected')),
    content_hash text        NOT NULL,
    headline     text        NOT NULL,
    cluster_id   text        NOT NULL,
    published_at timestamptz,
    ingested_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    article      jsonb       NOT NULL
);

-- One index per List filter, each in List's order, so a filtered page of
-- the queue is an index range scan rather than a sort.
CREATE INDEX stories_ingested_idx ON stories (ingested_at DESC, id);
CREATE INDEX stories_status_ingested_idx ON stories (status, ingested_at DESC, id);
CREATE INDEX stories_agency_ingested_idx ON stories (agency, ingested_at DESC, id);
CREATE INDEX stories_feed_ingested_idx ON stories (feed, ingested_at DESC, id);

CREATE TABLE story_versions (
    -- Deferred so that Put can insert the version before it upserts the
    -- story row: the version insert is the step that decides who wins.
    story_id     text        NOT NULL REFERENCES stories (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    version      integer     NOT NULL CHECK (version >= 1),
    content_hash text        NOT NULL,
    article      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (story_id, version),
    UNIQUE (story_id, content_hash)
);

-- +goose Down
DROP TABLE story_versions;
DROP TABLE stories;
