package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SQL for the PostgreSQL near-duplicate index (migration 00003).
const (
	// A re-put keeps cluster_id and ingested_at: a story's cluster is
	// decided once, when it is first indexed.
	pgPutNearDup = `
INSERT INTO neardup (story_id, cluster_id, signature, bands, ingested_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, bands = excluded.bands
RETURNING cluster_id, ingested_at`

	// && on the GIN index probes one posting list per key.
	pgNearDupCandidates = `
SELECT story_id, cluster_id, signature, ingested_at FROM neardup
WHERE bands && $1::bigint[]
ORDER BY ingested_at, story_id
LIMIT $2`

	pgGetNearDup = `SELECT story_id, cluster_id, signature, bands, ingested_at FROM neardup WHERE story_id = $1`

	pgCluster = `SELECT story_id FROM neardup WHERE cluster_id = $1 ORDER BY ingested_at, story_id`
)

// PutNearDup implements NearDupIndex.
func (s *postgresStore) PutNearDup(ctx context.Context, e NearDupEntry) (NearDupEntry, error) {
	if err := checkNearDup(&e); err != nil {
		return NearDupEntry{}, err
	}
	if e.IngestedAt.IsZero() {
		e.IngestedAt = s.opts.now()
	}
	e.Bands = uniqueBands(e.Bands)
	err := s.pool.QueryRow(ctx, pgPutNearDup, e.StoryID, e.ClusterID, e.Signature, e.Bands, e.IngestedAt).
		Scan(&e.ClusterID, &e.IngestedAt)
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("put near-duplicate entry %s: %w", e.StoryID, err)
	}
	e.IngestedAt = e.IngestedAt.UTC()
	return e, nil
}

// NearDupCandidates implements NearDupIndex.
func (s *postgresStore) NearDupCandidates(ctx context.Context, bands []int64, limit int) ([]NearDupEntry, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, pgNearDupCandidates, uniqueBands(bands), nearDupLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (NearDupEntry, error) {
		var e NearDupEntry
		err := row.Scan(&e.StoryID, &e.ClusterID, &e.Signature, &e.IngestedAt)
		e.IngestedAt = e.IngestedAt.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	return out, nil
}

// GetNearDup implements NearDupIndex.
func (s *postgresStore) GetNearDup(ctx context.Context, storyID string) (NearDupEntry, error) {
	var e NearDupEntry
	err := s.pool.QueryRow(ctx, pgGetNearDup, storyID).Scan(&e.StoryID, &e.ClusterID, &e.Signature, &e.Bands, &e.IngestedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, ErrNotFound)
	}
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, err)
	}
	e.IngestedAt = e.IngestedAt.UTC()
	return e, nil
}

// Cluster implements NearDupIndex.
func (s *postgresStore) Cluster(ctx context.Context, clusterID string) ([]string, error) {
	rows, err := s.pool.Query(ctx, pgCluster, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	return ids, nil
}
