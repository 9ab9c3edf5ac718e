package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// defaultPostgresURL is the server the machine and CI run: trust auth, the
// postgres superuser, no TLS on loopback.
const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// PostgresURLEnv names the environment variable that points tests at
// another PostgreSQL server; its user must be allowed to create databases.
const PostgresURLEnv = "WIREDESK_TEST_POSTGRES"

// PostgresURL creates a fresh, uniquely named database for the test on the
// test PostgreSQL server and returns its URL. The database is dropped when
// the test ends, connections still open or not, so tests and packages can
// run in parallel without seeing each other's rows.
//
// The server is defaultPostgresURL unless WIREDESK_TEST_POSTGRES is set.
// An unreachable server fails the test rather than skipping it: a skipped
// database test is a test that silently stopped running.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PostgresURLEnv)
	if admin == "" {
		admin = defaultPostgresURL
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testenv: %s is not a URL: %v", PostgresURLEnv, err)
	}
	name := "wdtest_" + randomSuffix(t)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// template0 rather than the default template1: CREATE DATABASE fails
	// while anyone else is connected to its template, and no one connects
	// to template0.
	execAdmin(ctx, t, admin, u, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0")

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		execAdmin(ctx, t, admin, u, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})

	db := *u
	db.Path = "/" + name
	return db.String()
}

// execAdmin runs one statement on a short-lived connection to the admin
// database, failing the test with a message that says what to start.
func execAdmin(ctx context.Context, t testing.TB, admin string, u *url.URL, sql string) {
	t.Helper()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("testenv: PostgreSQL at %s is unreachable: %v\n"+
			"start it (CI does), or set %s to a server whose user may create databases",
			u.Redacted(), err, PostgresURLEnv)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("testenv: %s on %s: %v", sql, u.Redacted(), err)
	}
}

func randomSuffix(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testenv: random database name: %v", err)
	}
	return hex.EncodeToString(b)
}
