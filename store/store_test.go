package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// openTest opens a store at url and closes it when the test ends.
func openTest(t testing.TB, url string, opts ...store.Option) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func sqliteURL(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "wiredesk.db")
}

func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestPostgresConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}

func TestSQLiteNearDup(t *testing.T) {
	storetest.RunNearDup(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestPostgresNearDup(t *testing.T) {
	storetest.RunNearDup(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}

// backends lists a fresh database URL maker per backend, for the tests
// below that are not part of the conformance suite but hold for both.
var backends = []struct {
	name string
	url  func(t testing.TB) string
}{
	{"sqlite", sqliteURL},
	{"postgres", testenv.PostgresURL},
}

func TestClockStampsIngestTime(t *testing.T) {
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			s := openTest(t, b.url(t), store.WithClock(func() time.Time { return fixed }))
			a := storetest.Rich()
			a.IngestedAt = nil
			if _, err := s.Put(t.Context(), a); err != nil {
				t.Fatalf("Put: %v", err)
			}
			got, err := s.Get(t.Context(), a.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if got.IngestedAt == nil || !got.IngestedAt.Equal(fixed) {
				t.Errorf("IngestedAt = %v, want the clock's %v", got.IngestedAt, fixed)
			}
		})
	}
}

func TestMigrateThenOpen(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			url := b.url(t)
			// Twice: a second migrate finds nothing to do.
			for range 2 {
				if err := store.Migrate(t.Context(), url); err != nil {
					t.Fatalf("Migrate: %v", err)
				}
			}
			s := openTest(t, url)
			if _, err := s.Put(t.Context(), storetest.Rich()); err != nil {
				t.Fatalf("Put after Migrate: %v", err)
			}
		})
	}
}

func TestReopenKeepsStories(t *testing.T) {
	url := sqliteURL(t)
	s, err := store.Open(t.Context(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := s.Put(t.Context(), storetest.Rich()); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = openTest(t, url)
	if _, err := s.Get(t.Context(), storetest.Rich().ID); err != nil {
		t.Fatalf("Get after reopen: %v", err)
	}
}

func TestOpenURLs(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"sqlite://" + filepath.Join(dir, "abs.db"), true},
		{"sqlite:" + filepath.Join(dir, "short.db"), true},
		{"file:" + filepath.Join(dir, "uri.db") + "?cache=private", true},
		{"sqlite::memory:", true},
		{"sqlite:", false},
		{"mysql://root@localhost/db", false},
		{"wiredesk.db", false},
	} {
		t.Run(c.url, func(t *testing.T) {
			s, err := store.Open(t.Context(), c.url)
			if !c.ok {
				if err == nil {
					s.Close()
					t.Fatalf("Open(%q) succeeded, want an error", c.url)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", c.url, err)
			}
			defer s.Close()
			a := storetest.Rich()
			if _, err := s.Put(t.Context(), a); err != nil {
				t.Fatalf("Put: %v", err)
			}
			if _, err := s.Get(t.Context(), a.ID); err != nil {
				t.Fatalf("Get: %v", err)
			}
		})
	}
}

func TestOpenUnreachablePostgresFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens there, so the refusal is immediate.
	_, err := store.Open(ctx, "postgres://postgres:secret@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	if msg := err.Error(); strings.Contains(msg, "secret") {
		t.Errorf("error leaks the password: %s", msg)
	}
}

// BenchmarkPut measures one Put per iteration on each backend: a new story
// (insert of a version and a story row) and a redelivery of stored content
// (one read). The figures are relative: compare the backends and the two
// paths within one run, not across machines.
func BenchmarkPut(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name+"/new", func(b *testing.B) {
			s := openTest(b, be.url(b))
			a := storetest.Rich()
			for i := 0; b.Loop(); i++ {
				a.ID = fmt.Sprintf("bench-%d", i)
				a.Fingerprint.Content = fmt.Sprintf("content-%d", i)
				if _, err := s.Put(context.Background(), a); err != nil {
					b.Fatalf("Put: %v", err)
				}
			}
		})
		b.Run(be.name+"/unchanged", func(b *testing.B) {
			s := openTest(b, be.url(b))
			a := storetest.Rich()
			if _, err := s.Put(context.Background(), a); err != nil {
				b.Fatalf("Put: %v", err)
			}
			for b.Loop() {
				res, err := s.Put(context.Background(), a)
				if err != nil || res.Outcome != store.Unchanged {
					b.Fatalf("Put = %+v, %v; want unchanged", res, err)
				}
			}
		})
	}
}

func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "wiredesk-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "wiredesk.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	a := storetest.Rich()
	res, _ := s.Put(ctx, a)
	fmt.Println(res.Outcome, res.Version)
	res, _ = s.Put(ctx, a) // a redelivery
	fmt.Println(res.Outcome, res.Version)

	_, err = s.SetStatus(ctx, a.ID, article.StatusPublished, article.StatusApproved)
	fmt.Println(errors.Is(err, store.ErrConflict))
	// Output:
	// created 1
	// unchanged 1
	// true
}

func TestOutboxSQLite(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestOutboxPostgres(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}

func TestAccountsSQLite(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestAccountsPostgres(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}

func TestSearchSQLite(t *testing.T) {
	storetest.RunSearch(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestSearchPostgres(t *testing.T) {
	storetest.RunSearch(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}
