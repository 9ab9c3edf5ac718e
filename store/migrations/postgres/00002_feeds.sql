-- Feeds shared by many pollers. One row per feed holds what to poll, its
-- schedule and lease, its conditional-GET validators and its health;
-- feed_items remembers the content hash of every item sent on, so a re-poll
-- sends only new and changed items whichever host makes it.
--
-- The lease lives in next_poll: a claim pushes next_poll to the end of the
-- lease and sets lease_owner, so "due" is the single condition
-- next_poll <= now, an index range scan, and a feed whose poller died is due
-- again the moment its lease lapses. lease_token counts claims; a poller
-- acts on a feed only while its claim is the latest.

-- +goose Up
CREATE TABLE feeds (
    id                 text        PRIMARY KEY,
    agency             text        NOT NULL,
    url                text        NOT NULL,
    interval_ms        bigint      NOT NULL CHECK (interval_ms > 0),
    fetch_page         text        NOT NULL CHECK (fetch_page IN ('auto', 'always', 'never')),
    allow_private      boolean     NOT NULL,
    origin             text        NOT NULL CHECK (origin IN ('config', 'added')),
    created_at         timestamptz NOT NULL,
    next_poll          timestamptz NOT NULL,
    lease_owner        text,
    lease_token        bigint      NOT NULL DEFAULT 0,
    etag               text        NOT NULL DEFAULT '',
    last_modified      text        NOT NULL DEFAULT '',
    title              text        NOT NULL DEFAULT '',
    last_poll          timestamptz,
    last_success       timestamptz,
    last_error         text        NOT NULL DEFAULT '',
    last_error_at      timestamptz,
    last_status        integer     NOT NULL DEFAULT 0,
    consecutive_errors integer     NOT NULL DEFAULT 0,
    items_new          bigint      NOT NULL DEFAULT 0,
    items_updated      bigint      NOT NULL DEFAULT 0,
    last_item_at       timestamptz,
    usual_gap_ms       bigint      NOT NULL DEFAULT 0,
    gaps               integer     NOT NULL DEFAULT 0
);

-- Claims scan it in their order: the most overdue first.
CREATE INDEX feeds_next_poll_idx ON feeds (next_poll, id);

CREATE TABLE feed_items (
    feed_id      text        NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_id      text        NOT NULL,
    content_hash text        NOT NULL,
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    PRIMARY KEY (feed_id, item_id)
);

-- Items in the last 24 h, per feed.
CREATE INDEX feed_items_first_seen_idx ON feed_items (feed_id, first_seen);

-- +goose Down
DROP TABLE feed_items;
DROP TABLE feeds;
