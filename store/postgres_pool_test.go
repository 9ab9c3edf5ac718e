package store_test

import (
	"net/url"
	"testing"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// Pool settings in the URL configure the pool; the migration connection
// must not send them to the server as run-time parameters.
func TestOpenPostgresWithPoolSettings(t *testing.T) {
	u, err := url.Parse(testenv.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", "16")
	u.RawQuery = q.Encode()
	s := openTest(t, u.String())
	if _, err := s.Put(t.Context(), storetest.Rich()); err != nil {
		t.Fatalf("Put: %v", err)
	}
}
