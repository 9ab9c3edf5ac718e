-- The publish outbox, the withdrawn status and API keys; see
-- ../postgres/00004_outbox.sql. SQLite cannot change a CHECK constraint,
-- so stories is rebuilt as its documentation prescribes (a new table,
-- the rows copied, the old one dropped and the new one renamed) with
-- foreign keys off, which PRAGMA only allows outside a transaction; the
-- rebuild itself is one transaction. The store's writer pool has a single
-- connection, so the PRAGMAs apply to the statements that follow.

-- +goose NO TRANSACTION
-- +goose Up
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE stories_rebuilt (
    id           TEXT    PRIMARY KEY,
    agency       TEXT    NOT NULL,
    feed         TEXT    NOT NULL,
    guid         TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    status       TEXT    NOT NULL CHECK (status IN ('queued', 'approved', 'published', 'rejected', 'withdrawn')),
    content_hash TEXT    NOT NULL,
    headline     TEXT    NOT NULL,
    cluster_id   TEXT    NOT NULL,
    published_at TEXT,
    ingested_at  TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    article      TEXT    NOT NULL CHECK (json_valid(article))
) STRICT;

INSERT INTO stories_rebuilt (id, agency, feed, guid, version, status, content_hash, headline,
                             cluster_id, published_at, ingested_at, updated_at, article)
SELECT id, agency, feed, guid, version, status, content_hash, headline,
       cluster_id, published_at, ingested_at, updated_at, article
FROM stories;

DROP TABLE stories;

ALTER TABLE stories_rebuilt RENAME TO stories;

CREATE INDEX stories_ingested_idx ON stories (ingested_at DESC, id);
CREATE INDEX stories_status_ingested_idx ON stories (status, ingested_at DESC, id);
CREATE INDEX stories_agency_ingested_idx ON stories (agency, ingested_at DESC, id);
CREATE INDEX stories_feed_ingested_idx ON stories (feed, ingested_at DESC, id);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id     TEXT    NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version >= 1),
    event        TEXT    NOT NULL CHECK (event IN ('publish', 'update', 'correction', 'withdraw')),
    note         TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    first_try_at TEXT,
    next_try_at  TEXT    NOT NULL,
    lease_owner  TEXT    NOT NULL DEFAULT '',
    lease_until  TEXT,
    last_error   TEXT    NOT NULL DEFAULT '',
    sent_at      TEXT,
    stream_seq   INTEGER,
    subject      TEXT    NOT NULL DEFAULT '',
    agency       TEXT    NOT NULL DEFAULT '',
    topic        TEXT    NOT NULL DEFAULT '',
    UNIQUE (story_id, version)
) STRICT;

CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_story_idx ON outbox (story_id, id);
CREATE INDEX outbox_seq_idx ON outbox (stream_seq) WHERE stream_seq IS NOT NULL;

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;

COMMIT;

PRAGMA foreign_keys = ON;

-- +goose Down
DROP TABLE api_keys;
DROP TABLE outbox;
