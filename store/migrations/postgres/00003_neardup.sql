-- The near-duplicate index: one row per story with its MinHash signature
-- (opaque to the store; dedup compares it) and its LSH band keys. A GIN
-- index over the band array answers "which stories share a band with
-- these keys" with one posting-list probe per key, whatever the number of
-- stories, so a lookup costs the same at a thousand stories and a million.
-- cluster_id names the earliest story of the cluster and is kept when a
-- later version replaces the signature.

-- +goose Up
CREATE TABLE neardup (
    story_id    text        PRIMARY KEY,
    cluster_id  text        NOT NULL,
    signature   bytea       NOT NULL,
    bands       bigint[]    NOT NULL,
    ingested_at timestamptz NOT NULL
);

CREATE INDEX neardup_bands_idx ON neardup USING gin (bands);
CREATE INDEX neardup_cluster_idx ON neardup (cluster_id, ingested_at, story_id);

-- +goose Down
DROP TABLE neardup;
