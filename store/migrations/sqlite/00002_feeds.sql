-- Feeds shared by many pollers; see ../postgres/00002_feeds.sql for the
-- reasoning. SQLite differences as in 00001: STRICT tables, times as
-- fixed-width UTC text in microseconds, booleans as 0/1.

-- +goose Up
CREATE TABLE feeds (
    id                 TEXT    PRIMARY KEY,
    agency             TEXT    NOT NULL,
    url                TEXT    NOT NULL,
    interval_ms        INTEGER NOT NULL CHECK (interval_ms > 0),
    fetch_page         TEXT    NOT NULL CHECK (fetch_page IN ('auto', 'always', 'never')),
    allow_private      INTEGER NOT NULL CHECK (allow_private IN (0, 1)),
    origin             TEXT    NOT NULL CHECK (origin IN ('config', 'added')),
    created_at         TEXT    NOT NULL,
    next_poll          TEXT    NOT NULL,
    lease_owner        TEXT,
    lease_token        INTEGER NOT NULL DEFAULT 0,
    etag               TEXT    NOT NULL DEFAULT '',
    last_modified      TEXT    NOT NULL DEFAULT '',
    title              TEXT    NOT NULL DEFAULT '',
    last_poll          TEXT,
    last_success       TEXT,
    last_error         TEXT    NOT NULL DEFAULT '',
    last_error_at      TEXT,
    last_status        INTEGER NOT NULL DEFAULT 0,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    items_new          INTEGER NOT NULL DEFAULT 0,
    items_updated      INTEGER NOT NULL DEFAULT 0,
    last_item_at       TEXT,
    usual_gap_ms       INTEGER NOT NULL DEFAULT 0,
    gaps               INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Claims scan it in their order: the most overdue first.
CREATE INDEX feeds_next_poll_idx ON feeds (next_poll, id);

CREATE TABLE feed_items (
    feed_id      TEXT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_id      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_id)
) STRICT;

CREATE INDEX feed_items_first_seen_idx ON feed_items (feed_id, first_seen);

-- +goose Down
DROP TABLE feed_items;
DROP TABLE feeds;
