package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationFiles holds the numbered up/down SQL migrations, one directory
// per dialect because column types differ. They are compiled into the
// binary so that a deploy never runs against a schema it did not ship with.
//
//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrationFiles embed.FS

// newMigrator returns a goose provider over the embedded migrations of one
// dialect. It never consults goose's global registry.
func newMigrator(db *sql.DB, dialect goose.Dialect) (*goose.Provider, error) {
	dir := "migrations/sqlite"
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if dialect == goose.DialectPostgres {
		dir = "migrations/postgres"
		// Several hosts may start at once against one database: an
		// advisory lock makes one migrate while the others wait. The
		// lock is retried every second for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: %w", dir, err)
	}
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: %w", dir, err)
	}
	return p, nil
}

// migrateUp applies every pending migration and logs what it applied.
func migrateUp(ctx context.Context, db *sql.DB, dialect goose.Dialect, log *slog.Logger) error {
	p, err := newMigrator(db, dialect)
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	// goose has no lock for SQLite, so two processes opening a new file
	// at once can both try the first migration, and the loser fails
	// ("table already exists"). Its schema is then in place: asking again
	// finds nothing pending. A real failure fails again and is reported.
	for try := 0; err != nil && dialect == goose.DialectSQLite3 && try < 3; try++ {
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate %s: %w", dialect, ctx.Err())
		case <-time.After(time.Duration(100*(try+1)) * time.Millisecond):
		}
		var again []*goose.MigrationResult
		again, err = p.Up(ctx)
		results = append(results, again...)
	}
	for _, r := range results {
		if r.Error != nil {
			continue
		}
		log.InfoContext(ctx, "store: migration applied",
			"dialect", string(dialect), "version", r.Source.Version,
			"path", r.Source.Path, "duration", r.Duration)
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	return nil
}
