package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/wiredesk/wiredesk/article"
)

// SQL for the PostgreSQL backend. Transactions run at READ COMMITTED, so
// each statement sees what other transactions committed before it began:
// that is what lets Put's retry loop observe the writer it lost to.
const (
	pgFindContent = `
SELECT v.version, s.status
FROM story_versions v JOIN stories s ON s.id = v.story_id
WHERE v.story_id = $1 AND v.content_hash = $2`

	pgLatestVersion = `SELECT version FROM stories WHERE id = $1`

	// ON CONFLICT without a target covers both the primary key (a
	// concurrent writer took this version number) and UNIQUE (story_id,
	// content_hash) (it stored this very content). Either way the insert
	// waits for that writer to commit and then does nothing.
	pgInsertVersion = `
INSERT INTO story_versions (story_id, version, content_hash, article, created_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING`

	pgUpsertStory = `
INSERT INTO stories (id, agency, feed, guid, version, status, content_hash, headline,
                     cluster_id, published_at, ingested_at, updated_at, article)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
` + pgStoryUpsert

	// pgStoryUpsert points an existing story row at the version just
	// inserted.
	pgStoryUpsert = `ON CONFLICT (id) DO UPDATE SET
    agency = excluded.agency, feed = excluded.feed, guid = excluded.guid,
    version = excluded.version, status = excluded.status,
    content_hash = excluded.content_hash, headline = excluded.headline,
    cluster_id = excluded.cluster_id, published_at = excluded.published_at,
    ingested_at = excluded.ingested_at, updated_at = excluded.updated_at,
    article = excluded.article`

	pgGetStory = `SELECT article FROM stories WHERE id = $1`

	pgGetVersion = `SELECT article FROM story_versions WHERE story_id = $1 AND version = $2`

	pgVersions = `SELECT article FROM story_versions WHERE story_id = $1 ORDER BY version`

	// pgListStories is completed by listFilter's WHERE fragments and
	// pgListOrder; the order matches the stories_*_ingested_idx indexes.
	pgListStories = `SELECT article FROM stories`
	pgListOrder   = ` ORDER BY ingested_at DESC, id LIMIT $%d OFFSET $%d`

	pgSetStatus = `
UPDATE stories
SET status = $2, updated_at = $3, article = jsonb_set(article, '{status}', to_jsonb($2::text))
WHERE id = $1 AND (cardinality($4::text[]) = 0 OR status = ANY($4::text[]))
RETURNING version, article`

	pgSetVersionStatus = `
UPDATE story_versions
SET article = jsonb_set(article, '{status}', to_jsonb($3::text))
WHERE story_id = $1 AND version = $2`

	pgStoryStatus = `SELECT status FROM stories WHERE id = $1`
)

// postgresStore is the production backend: PostgreSQL through a pgx pool.
type postgresStore struct {
	pool *pgxpool.Pool
	opts options
	txStore
}

func openPostgres(ctx context.Context, dsn string, o options) (*postgresStore, error) {
	if err := migratePostgres(ctx, dsn, o); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse postgres URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	s := &postgresStore{pool: pool, opts: o}
	s.txStore = txStore{r: s, o: o}
	return s, nil
}

// migratePostgres applies pending migrations over a short-lived
// database/sql handle, which is what goose speaks.
func migratePostgres(ctx context.Context, dsn string, o options) error {
	// Parsed as a pool config so that pool settings in the URL
	// (pool_max_conns, …) are understood rather than sent to the server
	// as unknown run-time parameters.
	poolCfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("store: parse postgres URL: %w", err)
	}
	cfg := poolCfg.ConnConfig
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: connect postgres %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	if err := migrateUp(ctx, db, goose.DialectPostgres, o.logger); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// Put implements Store.
func (s *postgresStore) Put(ctx context.Context, a *article.Article) (PutResult, error) {
	return putStory(ctx, s, s.opts, a)
}

// putTx implements storyWriter.
func (s *postgresStore) putTx(ctx context.Context, fn func(putSteps) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return fn(pgPutSteps{tx}) })
}

// pgPutSteps runs Put's statements in one pgx transaction.
type pgPutSteps struct{ tx pgx.Tx }

func (p pgPutSteps) findContent(ctx context.Context, id, hash string) (int, article.Status, bool, error) {
	var (
		version int
		status  string
	)
	err := p.tx.QueryRow(ctx, pgFindContent, id, hash).Scan(&version, &status)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, err
	}
	return version, article.Status(status), true, nil
}

func (p pgPutSteps) latestVersion(ctx context.Context, id string) (int, error) {
	var version int
	err := p.tx.QueryRow(ctx, pgLatestVersion, id).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return version, err
}

func (p pgPutSteps) insertVersion(ctx context.Context, id string, version int, hash string, doc []byte, now time.Time) (bool, error) {
	tag, err := p.tx.Exec(ctx, pgInsertVersion, id, version, hash, doc, now)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}

func (p pgPutSteps) upsertStory(ctx context.Context, a *article.Article, doc []byte, now time.Time) error {
	_, err := p.tx.Exec(ctx, pgUpsertStory,
		a.ID, a.Agency, a.Feed, a.GUID, a.Version, string(a.Status), a.Fingerprint.Content,
		a.Headline, a.ClusterID, a.PublishedAt, *a.IngestedAt, now, doc)
	return err
}

// Get implements Store.
func (s *postgresStore) Get(ctx context.Context, id string) (*article.Article, error) {
	a, err := getStory(ctx, s, pgGetStory, id)
	return withDelivery(ctx, s, a, err)
}

// GetVersion implements Store.
func (s *postgresStore) GetVersion(ctx context.Context, id string, version int) (*article.Article, error) {
	return getVersion(ctx, s, pgGetVersion, id, version)
}

func (s *postgresStore) queryOne(ctx context.Context, query string, args ...any) (*article.Article, error) {
	var doc []byte
	err := s.pool.QueryRow(ctx, query, args...).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return decodeArticle(doc)
}

// Versions implements Store.
func (s *postgresStore) Versions(ctx context.Context, id string) ([]*article.Article, error) {
	return listVersions(ctx, s, pgVersions, id)
}

// List implements Store.
func (s *postgresStore) List(ctx context.Context, q ListQuery) ([]*article.Article, error) {
	where, args := listFilter(q, func(n int) string { return "$" + strconv.Itoa(n) })
	list, err := listStories(ctx, s, pgListStories+where+fmt.Sprintf(pgListOrder, len(args)-1, len(args)), args)
	return withDeliveries(ctx, s, list, err)
}

func (s *postgresStore) queryMany(ctx context.Context, query string, args ...any) ([]*article.Article, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, err
	}
	list := make([]*article.Article, 0, len(docs))
	for _, doc := range docs {
		a, err := decodeArticle(doc)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, nil
}

// SetStatus implements Store.
func (s *postgresStore) SetStatus(ctx context.Context, id string, to article.Status, from ...article.Status) (*article.Article, error) {
	return setStatus(ctx, s, s.opts, id, to, from)
}

// statusTx implements storyWriter.
func (s *postgresStore) statusTx(ctx context.Context, fn func(statusSteps) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return fn(pgStatusSteps{tx}) })
}

// pgStatusSteps runs SetStatus's statements in one pgx transaction.
type pgStatusSteps struct{ tx pgx.Tx }

func (p pgStatusSteps) updateStory(ctx context.Context, id string, to article.Status, from []article.Status, now time.Time) (int, []byte, bool, error) {
	var (
		version int
		doc     []byte
	)
	err := p.tx.QueryRow(ctx, pgSetStatus, id, string(to), now, statusStrings(from)).Scan(&version, &doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, err
	}
	return version, doc, true, nil
}

func (p pgStatusSteps) storyStatus(ctx context.Context, id string) (string, bool, error) {
	var status string
	err := p.tx.QueryRow(ctx, pgStoryStatus, id).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return status, true, nil
}

func (p pgStatusSteps) updateVersion(ctx context.Context, id string, version int, to article.Status) error {
	_, err := p.tx.Exec(ctx, pgSetVersionStatus, id, version, string(to))
	return err
}

// Close implements Store.
func (s *postgresStore) Close() error {
	s.pool.Close()
	return nil
}
