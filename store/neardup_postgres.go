package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/article"
)

var _ NearDupIndex = (*postgresStore)(nil)

// SQL for the PostgreSQL near-duplicate index (migration 00003).
const (
	// One statement, one round trip: upsert the story's row, delete the
	// band keys it had and no longer has, insert the new ones. A re-put
	// keeps cluster_id and ingested_at: a story's cluster is decided once,
	// when it is first indexed. All parts see the snapshot from before the
	// statement, so "old" is the keys before the update, and a key both
	// old and new is neither deleted nor inserted twice.
	pgPutNearDup = `
WITH ` + pgNearDupEntry + `
SELECT cluster_id, ingested_at FROM nd`

	// pgNearDupEntry writes an entry as the CTEs nd, gone and added; nd
	// returns its cluster and ingest time as stored.
	pgNearDupEntry = `nd AS (
    INSERT INTO neardup (story_id, cluster_id, signature, bands, ingested_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, bands = excluded.bands
    RETURNING cluster_id, ingested_at, (SELECT bands FROM neardup WHERE story_id = $1) AS old
), gone AS (
    DELETE FROM neardup_bands
    WHERE story_id = $1 AND band_key = ANY(coalesce((SELECT old FROM nd), '{}')) AND NOT band_key = ANY($4::bigint[])
), added AS (
    INSERT INTO neardup_bands (band_key, story_id)
    SELECT unnest($4::bigint[]), $1
    ON CONFLICT DO NOTHING
)`

	// One primary-key probe per band key; the planner estimates equality
	// on band_key from its statistics, so it never scans.
	pgNearDupCandidates = `
SELECT n.story_id, n.cluster_id, n.signature, n.ingested_at FROM neardup n
WHERE n.story_id IN (SELECT b.story_id FROM neardup_bands b WHERE b.band_key = ANY($1::bigint[]))
ORDER BY n.ingested_at, n.story_id
LIMIT $2`

	// pgPutWithNearDup is PutWithNearDup's common case in one statement,
	// so one round trip and one commit: pgPutNearDup's parts, then Put's
	// steps (find the content, else insert it as the next version and
	// point the story row at it). The document is sent without its
	// version and cluster, which only the statement knows, and gets them
	// here. Every part sees the snapshot from before the statement, so a
	// concurrent writer that committed since makes the version insert do
	// nothing, and the caller falls back to Put's retrying transaction.
	pgPutWithNearDup = `
WITH ` + pgNearDupEntry + `, found AS (
    SELECT v.version, s.status
    FROM story_versions v JOIN stories s ON s.id = v.story_id
    WHERE v.story_id = $1 AND v.content_hash = $6
), next AS (
    SELECT coalesce((SELECT version FROM stories WHERE id = $1), 0) + 1 AS version
), ins AS (
    INSERT INTO story_versions (story_id, version, content_hash, article, created_at)
    SELECT $1, next.version, $6,
           jsonb_set(jsonb_set($7::jsonb, '{version}', to_jsonb(next.version)), '{cluster_id}', to_jsonb(nd.cluster_id)),
           $8
    FROM next, nd
    WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT DO NOTHING
    RETURNING version, article
), story AS (
    INSERT INTO stories (id, agency, feed, guid, version, status, content_hash, headline,
                         cluster_id, published_at, ingested_at, updated_at, article)
    SELECT $1, $9, $10, $11, ins.version, $12, $6, $13, nd.cluster_id, $14, $15, $8, ins.article
    FROM ins, nd
    ` + pgStoryUpsert + `
)
SELECT nd.cluster_id, nd.ingested_at, found.version, found.status, ins.version
FROM nd LEFT JOIN found ON true LEFT JOIN ins ON true`

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

// PutWithNearDup implements NearDupIndex. It first tries the whole write
// as one statement; only when that finds a concurrent writer in its way
// does it run Put's retrying transaction.
func (s *postgresStore) PutWithNearDup(ctx context.Context, a *article.Article, e NearDupEntry) (PutResult, error) {
	if err := checkPutWithNearDup(a, &e); err != nil {
		return PutResult{}, err
	}
	now := s.opts.now()
	if e.IngestedAt.IsZero() {
		e.IngestedAt = now
	}
	w, err := newPGNearDupWrite(a, e, now)
	if err != nil {
		return PutResult{}, fmt.Errorf("put story %s: %w", a.ID, err)
	}
	if err := w.scan(s.pool.QueryRow(ctx, pgPutWithNearDup, w.args...)); err != nil {
		return PutResult{}, fmt.Errorf("put story %s: %w", a.ID, err)
	}
	if !w.done {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return w.retry(ctx, tx) })
		if err != nil {
			return PutResult{}, fmt.Errorf("put story %s: %w", a.ID, err)
		}
	}
	*a = w.stored
	return w.res, nil
}

// PutManyWithNearDup implements NearDupIndex: every item's statement goes
// in one pipelined batch inside one transaction, so a batch costs one
// round trip and one commit. A story that a concurrent writer got to
// first is retried inside the same transaction, as PutWithNearDup does.
func (s *postgresStore) PutManyWithNearDup(ctx context.Context, items []NearDupPut) ([]PutResult, error) {
	if err := checkPutManyWithNearDup(items); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil
	}
	now := s.opts.now()
	writes := make([]*pgNearDupWrite, len(items))
	for i, it := range items {
		if it.Entry.IngestedAt.IsZero() {
			it.Entry.IngestedAt = now
		}
		w, err := newPGNearDupWrite(it.Article, it.Entry, now)
		if err != nil {
			return nil, fmt.Errorf("put story %s: %w", it.Article.ID, err)
		}
		writes[i] = w
	}
	// Every transaction takes its stories' row locks in id order, so two
	// workers writing overlapping batches wait for each other instead of
	// deadlocking. The sort is stable: a story's versions keep their order.
	ordered := slices.Clone(writes)
	slices.SortStableFunc(ordered, func(a, b *pgNearDupWrite) int { return strings.Compare(a.entry.StoryID, b.entry.StoryID) })
	var batch pgx.Batch
	for _, w := range ordered {
		batch.Queue(pgPutWithNearDup, w.args...).QueryRow(w.scan)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.SendBatch(ctx, &batch).Close(); err != nil {
			return err
		}
		for _, w := range ordered {
			if !w.done {
				if err := w.retry(ctx, tx); err != nil {
					return fmt.Errorf("story %s: %w", w.entry.StoryID, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("put %d stories: %w", len(items), err)
	}
	out := make([]PutResult, len(items))
	for i, w := range writes {
		*items[i].Article = w.stored
		out[i] = w.res
	}
	return out, nil
}

// pgNearDupWrite is one story's pgPutWithNearDup: its arguments, and
// what the statement (or the retry after it) stored.
type pgNearDupWrite struct {
	article *article.Article
	entry   NearDupEntry
	now     time.Time
	args    []any

	done   bool
	res    PutResult
	stored article.Article
}

func newPGNearDupWrite(a *article.Article, e NearDupEntry, now time.Time) (*pgNearDupWrite, error) {
	// Version and cluster are set by the statement; the rest of the
	// document is final here.
	stored, doc, err := encode(stamp(*a, 1, now))
	if err != nil {
		return nil, err
	}
	return &pgNearDupWrite{
		article: a, entry: e, now: now, stored: stored,
		args: []any{
			e.StoryID, e.ClusterID, e.Signature, uniqueBands(e.Bands), e.IngestedAt,
			stored.Fingerprint.Content, doc, now,
			stored.Agency, stored.Feed, stored.GUID, string(stored.Status), stored.Headline, stored.PublishedAt, *stored.IngestedAt,
		},
	}, nil
}

// scan reads the statement's row. done stays false when a concurrent
// writer took the version number or stored this content after the
// statement's snapshot; the index entry is then written but the story is
// not, and retry must run.
func (w *pgNearDupWrite) scan(row pgx.Row) error {
	var (
		cluster       string
		indexedAt     time.Time
		foundVersion  *int32
		foundStatus   *string
		insertVersion *int32
	)
	if err := row.Scan(&cluster, &indexedAt, &foundVersion, &foundStatus, &insertVersion); err != nil {
		return err
	}
	switch {
	case foundVersion != nil:
		found := *w.article
		found.ClusterID = cluster
		found.Version, found.Status = int(*foundVersion), article.Status(*foundStatus)
		w.stored, w.res, w.done = found, PutResult{Outcome: Unchanged, Version: found.Version}, true
	case insertVersion != nil:
		w.stored.ClusterID = cluster
		w.stored.Version = int(*insertVersion)
		outcome := Updated
		if w.stored.Version == 1 {
			outcome = Created
		}
		w.res, w.done = PutResult{Outcome: outcome, Version: w.stored.Version}, true
	}
	return nil
}

// retry writes the story with Put's steps, which see what a concurrent
// writer committed, inside tx.
func (w *pgNearDupWrite) retry(ctx context.Context, tx pgx.Tx) error {
	entry, err := pgPutNearDupTx(ctx, tx, w.entry)
	if err != nil {
		return fmt.Errorf("near-duplicate entry: %w", err)
	}
	withCluster := *w.article
	withCluster.ClusterID = entry.ClusterID
	w.res, w.stored, err = runPut(ctx, pgPutSteps{tx}, &withCluster, w.now)
	w.done = err == nil
	return err
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
	return collectNearDupCandidates(rows)
}

func collectNearDupCandidates(rows pgx.Rows) ([]NearDupEntry, error) {
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

// LookupNearDups implements NearDupIndex: every query goes in one
// pipelined batch, so one round trip for the whole batch of articles.
func (s *postgresStore) LookupNearDups(ctx context.Context, lookups []NearDupLookup) ([]NearDupFound, error) {
	out := make([]NearDupFound, len(lookups))
	if len(lookups) == 0 {
		return out, nil
	}
	var batch pgx.Batch
	for i, l := range lookups {
		// An id that cannot be a key was never stored (Put refuses it),
		// and asking for it would fail the whole batch.
		if isKey(l.StoryID) {
			batch.Queue(pgGetStory, l.StoryID).QueryRow(func(row pgx.Row) error {
				var doc []byte
				err := row.Scan(&doc)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil
				}
				if err != nil {
					return err
				}
				out[i].Latest, err = decodeArticle(doc)
				if err != nil {
					return fmt.Errorf("story %s: %w", l.StoryID, err)
				}
				return nil
			})
		}
		if len(l.Bands) == 0 {
			continue
		}
		batch.Queue(pgNearDupCandidates, uniqueBands(l.Bands), nearDupLimit(l.Limit)).Query(func(rows pgx.Rows) error {
			var err error
			out[i].Candidates, err = collectNearDupCandidates(rows)
			return err
		})
	}
	if err := s.pool.SendBatch(ctx, &batch).Close(); err != nil {
		return nil, fmt.Errorf("look up %d stories and their near-duplicate candidates: %w", len(lookups), err)
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
