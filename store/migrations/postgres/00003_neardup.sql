-- The near-duplicate index: one row per story in neardup with its MinHash
-- signature (opaque to the store; dedup compares it), and one row per LSH
-- band key in neardup_bands, whose primary key (band_key, story_id) is the
-- B-tree a lookup probes once per key: "which stories share a band with
-- these keys" costs the same at a thousand stories and a million.
--
-- Not a GIN index over a bigint[] column: band keys are hashes, nearly all
-- distinct, so PostgreSQL has no element statistics for them and
-- estimates an array overlap (&&) to match 8% of the table; at a million
-- stories it then picks a parallel or sequential scan (2–6 s a lookup)
-- over the index (0.1 ms). Equality on a B-tree column is estimated
-- right.
--
-- cluster_id names the earliest story of the cluster and is kept when a
-- later version replaces the signature; neardup.bands keeps the story's
-- keys so a re-put can delete exactly those from neardup_bands.

-- +goose Up
CREATE TABLE neardup (
    story_id    text        PRIMARY KEY,
    cluster_id  text        NOT NULL,
    signature   bytea       NOT NULL,
    bands       bigint[]    NOT NULL,
    ingested_at timestamptz NOT NULL
);

CREATE INDEX neardup_cluster_idx ON neardup (cluster_id, ingested_at, story_id);

CREATE TABLE neardup_bands (
    band_key bigint NOT NULL,
    -- No foreign key: PutNearDup writes both tables in one transaction,
    -- and a key check per band would double the cost of indexing.
    story_id text   NOT NULL,
    PRIMARY KEY (band_key, story_id)
);

-- +goose Down
DROP TABLE neardup_bands;
DROP TABLE neardup;
