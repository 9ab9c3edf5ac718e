-- The publish outbox, the withdrawn status and API keys.
--
-- An editor's approve, correction or withdrawal writes the story's new
-- status and one outbox row in the same transaction; relays claim unsent
-- rows (FOR UPDATE SKIP LOCKED, one story's rows strictly in order),
-- publish each to WIRE_PUBLISHED with Nats-Msg-Id = story id + version, and
-- set sent_at and stream_seq only after the PubAck. Sent rows are kept:
-- they are the record of what went downstream, which the HTTP API pages by
-- stream sequence.

-- +goose Up
ALTER TABLE stories DROP CONSTRAINT stories_status_check;
ALTER TABLE stories ADD CONSTRAINT stories_status_check
    CHECK (status IN ('queued', 'approved', 'published', 'rejected', 'withdrawn'));

CREATE TABLE outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    story_id     text        NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    version      integer     NOT NULL CHECK (version >= 1),
    event        text        NOT NULL CHECK (event IN ('publish', 'update', 'correction', 'withdraw')),
    note         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    first_try_at timestamptz,
    next_try_at  timestamptz NOT NULL,
    lease_owner  text        NOT NULL DEFAULT '',
    lease_until  timestamptz,
    last_error   text        NOT NULL DEFAULT '',
    sent_at      timestamptz,
    stream_seq   bigint,
    subject      text        NOT NULL DEFAULT '',
    agency       text        NOT NULL DEFAULT '',
    topic        text        NOT NULL DEFAULT '',
    -- One message per version: the Nats-Msg-Id is story id + version.
    UNIQUE (story_id, version)
);

-- What relays claim, oldest first.
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
-- A story's latest event (its delivery on the desk) and its earlier ones.
CREATE INDEX outbox_story_idx ON outbox (story_id, id);
-- The published log, paged by stream sequence.
CREATE INDEX outbox_seq_idx ON outbox (stream_seq) WHERE stream_seq IS NOT NULL;

-- Read-only keys for downstream sites and scripts; only a SHA-256 of each
-- key is kept (the key itself has 256 random bits, so a fast hash is the
-- right one: nothing to stretch).
CREATE TABLE api_keys (
    id           text        PRIMARY KEY,
    name         text        NOT NULL,
    scope        text        NOT NULL CHECK (scope IN ('read', 'write')),
    key_hash     text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- +goose Down
DROP TABLE api_keys;
DROP TABLE outbox;
UPDATE stories SET status = 'published' WHERE status = 'withdrawn';
ALTER TABLE stories DROP CONSTRAINT stories_status_check;
ALTER TABLE stories ADD CONSTRAINT stories_status_check
    CHECK (status IN ('queued', 'approved', 'published', 'rejected'));
