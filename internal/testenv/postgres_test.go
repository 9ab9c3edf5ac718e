package testenv

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestPostgresURLGivesAnOwnDatabaseAndDropsIt(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		url = PostgresURL(t)
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("connect %s: %v", url, err)
		}
		// Left open on purpose: the cleanup must drop the database anyway.
		if _, err := conn.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
			t.Fatalf("create table: %v", err)
		}
		if other := PostgresURL(t); other == url {
			t.Fatalf("two calls returned the same database %s", url)
		}
	})
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err == nil {
		conn.Close(ctx)
		t.Fatalf("database %s still exists after its test ended", url)
	}
}
