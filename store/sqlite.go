package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver

	"github.com/wiredesk/wiredesk/article"
)

// SQL for the SQLite backend. Every write goes through one connection and
// starts with BEGIN IMMEDIATE, so writers are serialised (also across
// processes, through the file lock) and Put's read-then-write never has to
// upgrade a read lock.
const (
	sqliteFindContent = `
SELECT v.version, s.status
FROM story_versions v JOIN stories s ON s.id = v.story_id
WHERE v.story_id = ? AND v.content_hash = ?`

	sqliteLatestVersion = `SELECT version FROM stories WHERE id = ?`

	sqliteInsertVersion = `
INSERT INTO story_versions (story_id, version, content_hash, article, created_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`

	sqliteUpsertStory = `
INSERT INTO stories (id, agency, feed, guid, version, status, content_hash, headline,
                     cluster_id, published_at, ingested_at, updated_at, article)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    agency = excluded.agency, feed = excluded.feed, guid = excluded.guid,
    version = excluded.version, status = excluded.status,
    content_hash = excluded.content_hash, headline = excluded.headline,
    cluster_id = excluded.cluster_id, published_at = excluded.published_at,
    ingested_at = excluded.ingested_at, updated_at = excluded.updated_at,
    article = excluded.article`

	sqliteGetStory = `SELECT article FROM stories WHERE id = ?`

	sqliteGetVersion = `SELECT article FROM story_versions WHERE story_id = ? AND version = ?`

	sqliteVersions = `SELECT article FROM story_versions WHERE story_id = ? ORDER BY version`

	// sqliteListStories is completed by listFilter's WHERE fragments and
	// sqliteListOrder; the order matches the stories_*_ingested_idx indexes.
	sqliteListStories = `SELECT article FROM stories`
	sqliteListOrder   = ` ORDER BY ingested_at DESC, id LIMIT ? OFFSET ?`

	// The from-list travels as one JSON array parameter, so the statement
	// stays fixed whatever its length.
	sqliteSetStatus = `
UPDATE stories
SET status = ?2, updated_at = ?3, article = json_set(article, '$.status', ?2)
WHERE id = ?1 AND (?4 = '[]' OR status IN (SELECT value FROM json_each(?4)))
RETURNING version, article`

	sqliteSetVersionStatus = `
UPDATE story_versions
SET article = json_set(article, '$.status', ?3)
WHERE story_id = ?1 AND version = ?2`

	sqliteStoryStatus = `SELECT status FROM stories WHERE id = ?`
)

// sqliteTime is how times are stored: fixed width, UTC, so that comparing
// the text compares the times, and in microseconds (truncated), as
// PostgreSQL's timestamptz keeps them, so both backends order List alike.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// sqliteReaders is the size of the read pool. WAL lets readers run beside
// the one writer; a handful covers the review UI and API.
const sqliteReaders = 4

// sqliteStore is the embedded backend: one SQLite file, one writer
// connection and a small pool of read-only connections.
type sqliteStore struct {
	write *sql.DB
	read  *sql.DB
	opts  options
	txStore
}

// sqliteDSN turns a store URL into the driver's DSN with the pragmas every
// connection needs. readOnly adds query_only for the read pool.
func sqliteDSN(url string, readOnly bool) (dsn string, inMemory bool, err error) {
	switch {
	case strings.HasPrefix(url, "sqlite://"):
		dsn = strings.TrimPrefix(url, "sqlite://")
	case strings.HasPrefix(url, "sqlite:"):
		dsn = strings.TrimPrefix(url, "sqlite:")
	default: // file: URIs go to SQLite as they are
		dsn = url
	}
	path, _, _ := strings.Cut(dsn, "?")
	if path == "" || path == "file:" {
		return "", false, fmt.Errorf("store: sqlite URL %q names no file", url)
	}
	inMemory = path == ":memory:" || strings.Contains(dsn, "mode=memory")
	params := []string{
		// busy_timeout first: the others may need to wait for a lock.
		"_pragma=busy_timeout(10000)",
		"_pragma=foreign_keys(1)",
		"_pragma=synchronous(NORMAL)",
		"_txlock=immediate",
	}
	if !inMemory {
		params = append(params, "_pragma=journal_mode(WAL)")
	}
	if readOnly {
		params = append(params, "_pragma=query_only(1)")
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + strings.Join(params, "&"), inMemory, nil
}

func openSQLite(ctx context.Context, url string, o options) (*sqliteStore, error) {
	writeDSN, inMemory, err := sqliteDSN(url, false)
	if err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	// One writer: SQLite allows one at a time anyway, and queueing in
	// database/sql is cheaper than spinning on SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	// An in-memory database lives as long as its connection.
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	s := &sqliteStore{write: write, read: write, opts: o}
	s.txStore = txStore{r: s, o: o}
	if err := pingSQLite(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	if err := migrateSQLiteLocked(ctx, write, writeDSN, inMemory, o); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	if inMemory {
		// Another connection would open another, empty database.
		return s, nil
	}
	readDSN, _, err := sqliteDSN(url, true)
	if err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite readers: %w", err)
	}
	read.SetMaxOpenConns(sqliteReaders)
	read.SetMaxIdleConns(sqliteReaders)
	s.read = read
	return s, nil
}

// pingSQLite opens the first connection, retrying while another process
// holds the file: switching a new file to WAL takes a lock for which
// SQLite reports SQLITE_BUSY at once instead of waiting busy_timeout.
func pingSQLite(ctx context.Context, db *sql.DB) error {
	var err error
	for try := 0; try < 50; try++ {
		if err = db.PingContext(ctx); err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return err
}

// migrateSQLiteLocked applies pending migrations while holding an OS lock
// on a file beside the database. goose has no lock for SQLite, and
// processes started together (run beside poll) may open one new file at
// once; migration 4 must run outside a transaction (it rebuilds a table
// with foreign keys off), so two processes running it at once would break
// it rather than merely fail one of them.
func migrateSQLiteLocked(ctx context.Context, db *sql.DB, dsn string, inMemory bool, o options) error {
	if !inMemory {
		path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		unlock, err := lockFile(path + ".migrate-lock")
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer unlock()
	}
	return migrateUp(ctx, db, goose.DialectSQLite3, o.logger)
}

// lockFile takes an exclusive advisory lock on path (made if missing),
// waiting for another process to release it.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// migrateSQLite applies pending migrations by opening the store and closing
// it again: SQLite needs no separate migration connection.
func migrateSQLite(ctx context.Context, url string, o options) error {
	s, err := openSQLite(ctx, url, o)
	if err != nil {
		return err
	}
	return s.Close()
}

func sqliteTimeText(t time.Time) string { return t.UTC().Format(sqliteTime) }

// Put implements Store.
func (s *sqliteStore) Put(ctx context.Context, a *article.Article) (PutResult, error) {
	return putStory(ctx, s, s.opts, a)
}

// putTx implements storyWriter.
func (s *sqliteStore) putTx(ctx context.Context, fn func(putSteps) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return fn(sqlitePutSteps{tx}) })
}

// inTx runs fn in a write transaction and commits it when fn succeeds.
func (s *sqliteStore) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error from fn is the one worth reporting
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// sqlitePutSteps runs Put's statements in one SQLite transaction.
type sqlitePutSteps struct{ tx *sql.Tx }

func (p sqlitePutSteps) findContent(ctx context.Context, id, hash string) (int, article.Status, bool, error) {
	var (
		version int
		status  string
	)
	err := p.tx.QueryRowContext(ctx, sqliteFindContent, id, hash).Scan(&version, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, err
	}
	return version, article.Status(status), true, nil
}

func (p sqlitePutSteps) latestVersion(ctx context.Context, id string) (int, error) {
	var version int
	err := p.tx.QueryRowContext(ctx, sqliteLatestVersion, id).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return version, err
}

func (p sqlitePutSteps) insertVersion(ctx context.Context, id string, version int, hash string, doc []byte, now time.Time) (bool, error) {
	res, err := p.tx.ExecContext(ctx, sqliteInsertVersion, id, version, hash, string(doc), sqliteTimeText(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n == 1, nil
}

func (p sqlitePutSteps) upsertStory(ctx context.Context, a *article.Article, doc []byte, now time.Time) error {
	var published any // NULL when the agency gave no time
	if a.PublishedAt != nil {
		published = sqliteTimeText(*a.PublishedAt)
	}
	_, err := p.tx.ExecContext(ctx, sqliteUpsertStory,
		a.ID, a.Agency, a.Feed, a.GUID, a.Version, string(a.Status), a.Fingerprint.Content,
		a.Headline, a.ClusterID, published, sqliteTimeText(*a.IngestedAt), sqliteTimeText(now), string(doc))
	return err
}

// Get implements Store.
func (s *sqliteStore) Get(ctx context.Context, id string) (*article.Article, error) {
	a, err := getStory(ctx, s, sqliteGetStory, id)
	return withDelivery(ctx, s, a, err)
}

// GetVersion implements Store.
func (s *sqliteStore) GetVersion(ctx context.Context, id string, version int) (*article.Article, error) {
	return getVersion(ctx, s, sqliteGetVersion, id, version)
}

func (s *sqliteStore) queryOne(ctx context.Context, query string, args ...any) (*article.Article, error) {
	var doc []byte
	err := s.read.QueryRowContext(ctx, query, args...).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return decodeArticle(doc)
}

// Versions implements Store.
func (s *sqliteStore) Versions(ctx context.Context, id string) ([]*article.Article, error) {
	return listVersions(ctx, s, sqliteVersions, id)
}

// List implements Store.
func (s *sqliteStore) List(ctx context.Context, q ListQuery) ([]*article.Article, error) {
	where, args := listFilter(q, func(int) string { return "?" })
	list, err := listStories(ctx, s, sqliteListStories+where+sqliteListOrder, args)
	return withDeliveries(ctx, s, list, err)
}

func (s *sqliteStore) queryMany(ctx context.Context, query string, args ...any) ([]*article.Article, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*article.Article
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		a, err := decodeArticle(doc)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, nil
}

// SetStatus implements Store.
func (s *sqliteStore) SetStatus(ctx context.Context, id string, to article.Status, from ...article.Status) (*article.Article, error) {
	return setStatus(ctx, s, s.opts, id, to, from)
}

// statusTx implements storyWriter.
func (s *sqliteStore) statusTx(ctx context.Context, fn func(statusSteps) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return fn(sqliteStatusSteps{tx}) })
}

// sqliteStatusSteps runs SetStatus's statements in one SQLite transaction.
type sqliteStatusSteps struct{ tx *sql.Tx }

func (p sqliteStatusSteps) updateStory(ctx context.Context, id string, to article.Status, from []article.Status, now time.Time) (int, []byte, bool, error) {
	fromJSON, err := json.Marshal(statusStrings(from))
	if err != nil {
		return 0, nil, false, err
	}
	var (
		version int
		doc     []byte
	)
	err = p.tx.QueryRowContext(ctx, sqliteSetStatus, id, string(to), sqliteTimeText(now), string(fromJSON)).Scan(&version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, err
	}
	return version, doc, true, nil
}

func (p sqliteStatusSteps) storyStatus(ctx context.Context, id string) (string, bool, error) {
	var status string
	err := p.tx.QueryRowContext(ctx, sqliteStoryStatus, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return status, true, nil
}

func (p sqliteStatusSteps) updateVersion(ctx context.Context, id string, version int, to article.Status) error {
	_, err := p.tx.ExecContext(ctx, sqliteSetVersionStatus, id, version, string(to))
	return err
}

// Close implements Store.
func (s *sqliteStore) Close() error {
	var errRead error
	if s.read != s.write {
		errRead = s.read.Close()
	}
	return errors.Join(errRead, s.write.Close())
}
