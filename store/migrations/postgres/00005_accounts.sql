-- Editors' accounts, their sessions, login throttling, story locks and the
-- audit log.
--
-- Sessions are kept by a SHA-256 of their id, so a read of this table
-- (a backup, a replica) cannot be replayed as a login. login_failures
-- holds recent failed logins by account and by address, for throttling
-- across every desk process. audit is append-only: triggers refuse any
-- UPDATE or DELETE, so the record of who did what cannot be edited from
-- the application's connection.

-- +goose Up
CREATE TABLE users (
    id                  text        PRIMARY KEY,
    name                text        NOT NULL UNIQUE,
    role                text        NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash       text        NOT NULL,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL,
    disabled_at         timestamptz
);

CREATE TABLE sessions (
    id_hash      text        PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    address      text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_failures (
    key text        NOT NULL,
    at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);

CREATE TABLE story_locks (
    story_id text        PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    user_id  text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    until    timestamptz NOT NULL
);

CREATE TABLE audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    story_id    text        NOT NULL DEFAULT '',
    version     integer     NOT NULL DEFAULT 0,
    from_status text        NOT NULL DEFAULT '',
    to_status   text        NOT NULL DEFAULT '',
    reason      text        NOT NULL DEFAULT '',
    address     text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_story_idx ON audit (story_id, id) WHERE story_id <> '';
CREATE INDEX audit_actor_idx ON audit (actor, id);

-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TABLE audit;
DROP FUNCTION audit_append_only();
DROP TABLE story_locks;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
