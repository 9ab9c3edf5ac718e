package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// querier runs statements written once, in SQLite's `?` placeholder
// syntax, on either backend; the editorial, outbox and key code is written
// over it. The differences that SQL cannot hide (row locks, times, lists as
// parameters) are its methods.
type querier interface {
	exec(ctx context.Context, query string, args ...any) (rowsAffected int64, err error)
	// query calls each for every row, with the row's Scan.
	query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error
	// time turns a time into a statement parameter.
	time(t time.Time) any
	// lock is appended to a SELECT that locks the rows it reads until the
	// transaction ends ("" where the writer is already alone).
	lock() string
	// skipLocked is lock, skipping rows another transaction holds.
	skipLocked() string
	// inList is a condition "column is one of values" with its parameter.
	inList(column string, values []string) (string, any)
	// setDocStatus is the assignment that sets $.status in a JSON column.
	setDocStatus(column string) string
	// fullText is a condition on stories matching the words of a search,
	// with its parameter; any text is safe to pass.
	fullText(text string) (string, any)
}

// queryOneRow scans the first row of a query into dest; found is false when
// there is none.
func queryOneRow(ctx context.Context, q querier, query string, args []any, dest ...any) (found bool, err error) {
	err = q.query(ctx, query, args, func(scan func(...any) error) error {
		if found {
			return nil
		}
		found = true
		return scan(dest...)
	})
	return found, err
}

// dbTime scans a time column from either backend: PostgreSQL hands over a
// time.Time, SQLite the fixed-width text sqliteTime writes. Valid is false
// for NULL.
type dbTime struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (t *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*t = dbTime{}
	case time.Time:
		*t = dbTime{Time: v.UTC(), Valid: true}
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func (t *dbTime) parse(s string) error {
	parsed, err := time.Parse(sqliteTime, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*t = dbTime{Time: parsed, Valid: true}
	return nil
}

// ptr is the time, or nil for NULL.
func (t dbTime) ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// pgQuerier runs statements on a pgx transaction or pool.
type pgQuerier struct {
	db interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	}
}

func (p pgQuerier) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := p.db.Exec(ctx, pgPlaceholders(query), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (p pgQuerier) query(ctx context.Context, query string, args []any, each func(func(...any) error) error) error {
	rows, err := p.db.Query(ctx, pgPlaceholders(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (pgQuerier) time(t time.Time) any { return t.UTC() }
func (pgQuerier) lock() string         { return " FOR UPDATE" }
func (pgQuerier) skipLocked() string   { return " FOR UPDATE SKIP LOCKED" }
func (pgQuerier) inList(column string, values []string) (string, any) {
	return column + " = ANY(?::text[])", values
}
func (pgQuerier) fullText(text string) (string, any) {
	return "search @@ websearch_to_tsquery('simple', ?)", text
}
func (pgQuerier) setDocStatus(column string) string {
	return column + " = jsonb_set(" + column + ", '{status}', to_jsonb(?::text))"
}

// pgStatements caches statements rewritten from `?` to `$n`.
var pgStatements sync.Map

// pgPlaceholders rewrites `?` placeholders as PostgreSQL's `$1, $2, …`.
// The statements it sees are constants of this package, none of which
// holds a `?` inside a string literal or uses jsonb's `?` operator.
func pgPlaceholders(query string) string {
	if cached, ok := pgStatements.Load(query); ok {
		return cached.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	pgStatements.Store(query, out)
	return out
}

// sqliteQuerier runs statements on a database/sql transaction or pool.
type sqliteQuerier struct {
	db interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	}
}

func (s sqliteQuerier) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (s sqliteQuerier) query(ctx context.Context, query string, args []any, each func(func(...any) error) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (sqliteQuerier) time(t time.Time) any { return sqliteTimeText(t) }
func (sqliteQuerier) lock() string         { return "" }
func (sqliteQuerier) skipLocked() string   { return "" }
func (sqliteQuerier) inList(column string, values []string) (string, any) {
	if values == nil {
		values = []string{}
	}
	list, _ := json.Marshal(values) // a []string always encodes
	return column + " IN (SELECT value FROM json_each(?))", string(list)
}
func (sqliteQuerier) fullText(text string) (string, any) {
	// Every word becomes a quoted FTS5 string, so that nothing the
	// editor types is read as query syntax; all must match.
	var terms []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		terms = []string{`""`}
	}
	return "rowid IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)", strings.Join(terms, " AND ")
}
func (sqliteQuerier) setDocStatus(column string) string {
	return column + " = json_set(" + column + ", '$.status', ?)"
}

// txRunner is what the editorial and outbox code needs of a backend: one
// write transaction, and reads outside one.
type txRunner interface {
	writeTx(ctx context.Context, fn func(q querier) error) error
	reader() querier
}

// writeTx implements txRunner.
func (s *postgresStore) writeTx(ctx context.Context, fn func(querier) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return fn(pgQuerier{tx}) })
}

// reader implements txRunner.
func (s *postgresStore) reader() querier { return pgQuerier{s.pool} }

// writeTx implements txRunner.
func (s *sqliteStore) writeTx(ctx context.Context, fn func(querier) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return fn(sqliteQuerier{tx}) })
}

// reader implements txRunner.
func (s *sqliteStore) reader() querier { return sqliteQuerier{s.read} }

// isUniqueViolation reports whether err is a unique-constraint failure on
// either backend.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
