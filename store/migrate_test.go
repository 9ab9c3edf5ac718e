package store

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/wiredesk/wiredesk/internal/testenv"
)

// TestMigrationsGoDownAndUp checks that every down migration undoes its up
// migration: all the way down leaves no tables of ours, and up again works.
func TestMigrationsGoDownAndUp(t *testing.T) {
	for _, c := range []struct {
		dialect goose.Dialect
		open    func(t *testing.T) *sql.DB
		tables  string // counts our tables
	}{
		{goose.DialectSQLite3, func(t *testing.T) *sql.DB {
			db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
			if err != nil {
				t.Fatalf("open sqlite: %v", err)
			}
			return db
		}, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('stories', 'story_versions')`},
		{goose.DialectPostgres, func(t *testing.T) *sql.DB {
			cfg, err := pgx.ParseConfig(testenv.PostgresURL(t))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			return stdlib.OpenDB(*cfg)
		}, `SELECT count(*) FROM pg_tables WHERE tablename IN ('stories', 'story_versions')`},
	} {
		t.Run(string(c.dialect), func(t *testing.T) {
			t.Parallel()
			db := c.open(t)
			defer db.Close()
			countTables := func() int {
				var n int
				if err := db.QueryRowContext(t.Context(), c.tables).Scan(&n); err != nil {
					t.Fatalf("count tables: %v", err)
				}
				return n
			}
			p, err := newMigrator(db, c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Up(t.Context()); err != nil {
				t.Fatalf("up: %v", err)
			}
			if n := countTables(); n != 2 {
				t.Fatalf("after up, %d of our tables exist, want 2", n)
			}
			if _, err := p.DownTo(t.Context(), 0); err != nil {
				t.Fatalf("down: %v", err)
			}
			if n := countTables(); n != 0 {
				t.Fatalf("after down, %d of our tables remain, want 0", n)
			}
			if _, err := p.Up(t.Context()); err != nil {
				t.Fatalf("up again: %v", err)
			}
		})
	}
}
