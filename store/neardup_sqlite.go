package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

var _ NearDupIndex = (*sqliteStore)(nil)

// SQL for the SQLite near-duplicate index (migration 00003). Band keys go
// in as one JSON array parameter, so the statements stay fixed.
const (
	sqlitePutNearDup = `
INSERT INTO neardup (story_id, cluster_id, signature, ingested_at)
VALUES (?, ?, ?, ?)
ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature
RETURNING cluster_id, ingested_at`

	sqliteDeleteBands = `DELETE FROM neardup_bands WHERE story_id = ?`

	sqliteInsertBands = `
INSERT INTO neardup_bands (band_key, story_id)
SELECT value, ?2 FROM json_each(?1) WHERE true -- WHERE: an upsert after SELECT … FROM must not parse as a join
ON CONFLICT DO NOTHING`

	sqliteNearDupCandidates = `
SELECT story_id, cluster_id, signature, ingested_at FROM neardup
WHERE story_id IN (SELECT story_id FROM neardup_bands WHERE band_key IN (SELECT value FROM json_each(?1)))
ORDER BY ingested_at, story_id
LIMIT ?2`

	sqliteGetNearDup = `SELECT story_id, cluster_id, signature, ingested_at FROM neardup WHERE story_id = ?`

	sqliteNearDupBands = `SELECT band_key FROM neardup_bands WHERE story_id = ? ORDER BY band_key`

	sqliteCluster = `SELECT story_id FROM neardup WHERE cluster_id = ? ORDER BY ingested_at, story_id`
)

// PutNearDup implements NearDupIndex.
func (s *sqliteStore) PutNearDup(ctx context.Context, e NearDupEntry) (NearDupEntry, error) {
	if err := checkNearDup(&e); err != nil {
		return NearDupEntry{}, err
	}
	if e.IngestedAt.IsZero() {
		e.IngestedAt = s.opts.now()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = sqlitePutNearDupTx(ctx, tx, e)
		return err
	})
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("put near-duplicate entry %s: %w", e.StoryID, err)
	}
	return e, nil
}

// sqlitePutNearDupTx writes a checked entry inside tx.
func sqlitePutNearDupTx(ctx context.Context, tx *sql.Tx, e NearDupEntry) (NearDupEntry, error) {
	e.Bands = uniqueBands(e.Bands)
	bands, err := json.Marshal(e.Bands)
	if err != nil {
		return e, err
	}
	var ingested string
	if err := tx.QueryRowContext(ctx, sqlitePutNearDup, e.StoryID, e.ClusterID, e.Signature, sqliteTimeText(e.IngestedAt)).
		Scan(&e.ClusterID, &ingested); err != nil {
		return e, err
	}
	t, err := time.Parse(sqliteTime, ingested)
	if err != nil {
		return e, err
	}
	e.IngestedAt = t
	if _, err := tx.ExecContext(ctx, sqliteDeleteBands, e.StoryID); err != nil {
		return e, err
	}
	_, err = tx.ExecContext(ctx, sqliteInsertBands, string(bands), e.StoryID)
	return e, err
}

// PutWithNearDup implements NearDupIndex.
func (s *sqliteStore) PutWithNearDup(ctx context.Context, a *article.Article, e NearDupEntry) (PutResult, error) {
	res, err := s.PutManyWithNearDup(ctx, []NearDupPut{{Article: a, Entry: e}})
	if err != nil {
		return PutResult{}, err
	}
	return res[0], nil
}

// PutManyWithNearDup implements NearDupIndex. SQLite has one writer at a
// time, so the batch is the items' writes in turn inside one transaction.
func (s *sqliteStore) PutManyWithNearDup(ctx context.Context, items []NearDupPut) ([]PutResult, error) {
	if err := checkPutManyWithNearDup(items); err != nil {
		return nil, err
	}
	now := s.opts.now()
	res := make([]PutResult, len(items))
	stored := make([]article.Article, len(items))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, it := range items {
			if it.Entry.IngestedAt.IsZero() {
				it.Entry.IngestedAt = now
			}
			entry, err := sqlitePutNearDupTx(ctx, tx, it.Entry)
			if err != nil {
				return fmt.Errorf("put story %s: near-duplicate entry: %w", it.Article.ID, err)
			}
			withCluster := *it.Article
			withCluster.ClusterID = entry.ClusterID
			if res[i], stored[i], err = runPut(ctx, sqlitePutSteps{tx}, &withCluster, now); err != nil {
				return fmt.Errorf("put story %s: %w", it.Article.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range items {
		*items[i].Article = stored[i]
	}
	return res, nil
}

// LookupNearDups implements NearDupIndex. SQLite is in process, so the
// lookups are plain reads in turn.
func (s *sqliteStore) LookupNearDups(ctx context.Context, lookups []NearDupLookup) ([]NearDupFound, error) {
	out := make([]NearDupFound, len(lookups))
	for i, l := range lookups {
		if isKey(l.StoryID) {
			latest, err := s.Get(ctx, l.StoryID)
			switch {
			case errors.Is(err, ErrNotFound):
			case err != nil:
				return nil, err
			default:
				out[i].Latest = latest
			}
		}
		var err error
		if out[i].Candidates, err = s.NearDupCandidates(ctx, l.Bands, l.Limit); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NearDupCandidates implements NearDupIndex.
func (s *sqliteStore) NearDupCandidates(ctx context.Context, bands []int64, limit int) ([]NearDupEntry, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	keys, err := json.Marshal(uniqueBands(bands))
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	rows, err := s.read.QueryContext(ctx, sqliteNearDupCandidates, string(keys), nearDupLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	defer rows.Close()
	var out []NearDupEntry
	for rows.Next() {
		e, err := scanSQLiteNearDup(rows)
		if err != nil {
			return nil, fmt.Errorf("near-duplicate candidates: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	return out, nil
}

func scanSQLiteNearDup(row interface{ Scan(...any) error }) (NearDupEntry, error) {
	var (
		e        NearDupEntry
		ingested string
	)
	if err := row.Scan(&e.StoryID, &e.ClusterID, &e.Signature, &ingested); err != nil {
		return NearDupEntry{}, err
	}
	t, err := time.Parse(sqliteTime, ingested)
	if err != nil {
		return NearDupEntry{}, err
	}
	e.IngestedAt = t
	return e, nil
}

// GetNearDup implements NearDupIndex.
func (s *sqliteStore) GetNearDup(ctx context.Context, storyID string) (NearDupEntry, error) {
	e, err := scanSQLiteNearDup(s.read.QueryRowContext(ctx, sqliteGetNearDup, storyID))
	if errors.Is(err, sql.ErrNoRows) {
		return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, ErrNotFound)
	}
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, err)
	}
	rows, err := s.read.QueryContext(ctx, sqliteNearDupBands, storyID)
	if err != nil {
		return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			return NearDupEntry{}, fmt.Errorf("near-duplicate entry %s: %w", storyID, err)
		}
		e.Bands = append(e.Bands, b)
	}
	return e, rows.Err()
}

// Cluster implements NearDupIndex.
func (s *sqliteStore) Cluster(ctx context.Context, clusterID string) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, sqliteCluster, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
