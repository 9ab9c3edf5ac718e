-- The near-duplicate index; see ../postgres/00003_neardup.sql. As there,
-- the band keys live in their own table whose primary key
-- (band_key, story_id) is the index a lookup probes once per key; here
-- the table is WITHOUT ROWID, so that index is the table.

-- +goose Up
CREATE TABLE neardup (
    story_id    TEXT PRIMARY KEY,
    cluster_id  TEXT NOT NULL,
    signature   BLOB NOT NULL,
    ingested_at TEXT NOT NULL
) STRICT;

CREATE INDEX neardup_cluster_idx ON neardup (cluster_id, ingested_at, story_id);

CREATE TABLE neardup_bands (
    band_key INTEGER NOT NULL,
    story_id TEXT    NOT NULL REFERENCES neardup (story_id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, story_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX neardup_bands_story_idx ON neardup_bands (story_id);

-- +goose Down
DROP TABLE neardup_bands;
DROP TABLE neardup;
