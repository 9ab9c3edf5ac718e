package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Option configures a store opened with Open or migrated with Migrate.
type Option func(*options)

type options struct {
	clock  Clock
	logger *slog.Logger
}

// WithClock sets the clock a backend stamps updated_at, created_at and a
// missing ingested_at with. It defaults to time.Now; nil keeps the default.
func WithClock(c Clock) Option {
	return func(o *options) {
		if c != nil {
			o.clock = c
		}
	}
}

// WithLogger sets the logger for migrations and backend events. It
// defaults to discarding everything; nil keeps the default.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

func buildOptions(opts []Option) options {
	o := options{clock: time.Now, logger: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// now is the clock's time in UTC, so that stored times never depend on the
// host's zone.
func (o options) now() time.Time { return o.clock().UTC() }

// backend names the database a URL points at.
type backend int

const (
	backendPostgres backend = iota + 1
	backendSQLite
)

func backendOf(dsn string) (backend, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return backendPostgres, nil
	case strings.HasPrefix(dsn, "sqlite:"), strings.HasPrefix(dsn, "file:"):
		return backendSQLite, nil
	}
	scheme, _, ok := strings.Cut(dsn, ":")
	if !ok {
		scheme = "(none)"
	}
	return 0, fmt.Errorf("store: unknown database URL scheme %q: want postgres://, postgresql://, sqlite: or file:", scheme)
}

// Open connects to the database the URL names, applies any pending
// migrations, and returns the store.
//
// postgres:// and postgresql:// URLs open PostgreSQL through a pgx pool
// (pool settings such as pool_max_conns go in the URL). sqlite:///abs/path.db,
// sqlite:relative.db and file: URIs open an embedded SQLite file in WAL mode
// with foreign keys on, one writer connection and a small pool of readers.
//
// Every store Open returns is also a FeedStore: s.(store.FeedStore) holds.
func Open(ctx context.Context, dsn string, opts ...Option) (Store, error) {
	b, err := backendOf(dsn)
	if err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	// Each branch returns a nil interface on error, never a typed nil
	// pointer that a caller's `if s != nil { s.Close() }` would call.
	switch b {
	case backendPostgres:
		s, err := openPostgres(ctx, dsn, o)
		if err != nil {
			return nil, err
		}
		return s, nil
	default:
		s, err := openSQLite(ctx, dsn, o)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
}

// Migrate applies every pending migration to the database the URL names
// and returns; it is what `wiredesk migrate` runs. Open does the same on
// start, so calling Migrate first is only needed to migrate ahead of a
// deploy.
func Migrate(ctx context.Context, dsn string, opts ...Option) error {
	b, err := backendOf(dsn)
	if err != nil {
		return err
	}
	o := buildOptions(opts)
	if b == backendPostgres {
		return migratePostgres(ctx, dsn, o)
	}
	return migrateSQLite(ctx, dsn, o)
}
