package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/article"
)

// SQL for the PostgreSQL near-duplicate index (migration 00003).
const (
	// One statement, one round trip: upsert the story's row, delete the
	// band keys it had and no longer has, insert the new ones. A re-put
	// keeps cluster_id and ingested_at: a story's cluster is decided once,
	// when it is first indexed. All parts see the snapshot from before the
	// statement, so "old" is the keys before the update, and a key both
	// old and new is neither deleted nor inserted twice.
	pgPutNearDup = `
WITH up AS (
    INSERT INTO neardup (story_id, cluster_id, signature, bands, ingested_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, bands = excluded.bands
    RETURNING cluster_id, ingested_at, (SELECT bands FROM neardup WHERE story_id = $1) AS old
), gone AS (
    DELETE FROM neardup_bands
    WHERE story_id = $1 AND band_key = ANY(coalesce((SELECT old FROM up), '{}')) AND NOT band_key = ANY($4::bigint[])
), added AS (
    INSERT INTO neardup_bands (band_key, story_id)
    SELECT unnest($4::bigint[]), $1
    ON CONFLICT DO NOTHING
)
SELECT cluster_id, ingested_at FROM up`

	// One primary-key probe per band key; the planner estimates equality
	// on band_key from its statistics, so it never scans.
	pgNearDupCandidates = `
SELECT n.story_id, n.cluster_id, n.signature, n.ingested_at FROM neardup n
WHERE n.story_id IN (SELECT b.story_id FROM neardup_bands b WHERE b.band_key = ANY($1::bigint[]))
ORDER BY n.ingested_at, n.story_id
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
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		e, err = pgPutNearDupTx(ctx, tx, e)
		return err
	})
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("put near-duplicate entry %s: %w", e.StoryID, err)
	}
	return e, nil
}

// pgPutNearDupTx writes a checked entry inside tx.
func pgPutNearDupTx(ctx context.Context, tx pgx.Tx, e NearDupEntry) (NearDupEntry, error) {
	e.Bands = uniqueBands(e.Bands)
	err := tx.QueryRow(ctx, pgPutNearDup, e.StoryID, e.ClusterID, e.Signature, e.Bands, e.IngestedAt).
		Scan(&e.ClusterID, &e.IngestedAt)
	e.IngestedAt = e.IngestedAt.UTC()
	return e, err
}

// PutWithNearDup implements NearDupIndex.
func (s *postgresStore) PutWithNearDup(ctx context.Context, a *article.Article, e NearDupEntry) (PutResult, error) {
	if err := checkPutWithNearDup(a, &e); err != nil {
		return PutResult{}, err
	}
	now := s.opts.now()
	if e.IngestedAt.IsZero() {
		e.IngestedAt = now
	}
	var (
		res    PutResult
		stored article.Article
	)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		entry, err := pgPutNearDupTx(ctx, tx, e)
		if err != nil {
			return fmt.Errorf("near-duplicate entry: %w", err)
		}
		withCluster := *a
		withCluster.ClusterID = entry.ClusterID
		res, stored, err = runPut(ctx, pgPutSteps{tx}, &withCluster, now)
		return err
	})
	if err != nil {
		return PutResult{}, fmt.Errorf("put story %s: %w", a.ID, err)
	}
	*a = stored
	return res, nil
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
