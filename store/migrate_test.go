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

// TestSQLiteOutboxMigrationKeepsStories checks the one migration that
// rebuilds a table (SQLite cannot change the stories status CHECK in
// place): stories and versions stored before it survive, the foreign key
// from story_versions still cascades, and the new status is accepted.
func TestSQLiteOutboxMigrationKeepsStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	dsn, _, err := sqliteDSN("sqlite:"+path, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // as the store's writer pool
	p, err := newMigrator(db, goose.DialectSQLite3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 3); err != nil {
		t.Fatalf("up to 3: %v", err)
	}
	ctx := t.Context()
	const at = "2025-04-25T09:00:00.000000Z"
	for _, stmt := range []string{
		`INSERT INTO stories VALUES ('s1', 'ANI', 'f', 'g', 1, 'published', 'h1', 'H', 'c', NULL, '` + at + `', '` + at + `', '{"id":"s1"}')`,
		`INSERT INTO story_versions VALUES ('s1', 1, 'h1', '{"id":"s1"}', '` + at + `')`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM stories JOIN story_versions ON story_id = id`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("after the rebuild %d joined rows (%v), want 1", n, err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE stories SET status = 'withdrawn' WHERE id = 's1'`); err != nil {
		t.Errorf("withdrawn refused: %v", err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE stories SET status = 'bogus' WHERE id = 's1'`); err == nil {
		t.Error("an unknown status was accepted")
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM stories WHERE id = 's1'`); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM story_versions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("deleting the story left %d versions (%v): the foreign key no longer cascades", n, err)
	}
	var fkErrors int
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkErrors)
	if fkErrors != 0 {
		t.Errorf("foreign key check reports %d problems", fkErrors)
	}
}
