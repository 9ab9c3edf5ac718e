package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// /readyz turns 503, naming the part, within 5 s of NATS or the database
// going away, and 200 again after they return; /healthz stays 200.
func TestReadyz(t *testing.T) {
	natsDir, natsPort := t.TempDir(), freePort(t)
	startNATS := func() *publish.Embedded {
		srv, err := publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: natsDir, Port: natsPort})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	natsSrv := startNATS()
	defer func() { natsSrv.Shutdown() }()
	dbURL := testenv.PostgresURL(t)
	cfgPath := filepath.Join(t.TempDir(), "wiredesk.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf("data_dir: %s\n", t.TempDir())), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, _ := startRun(t, nil, "--config", cfgPath, "--nats-url", natsSrv.ClientURL(), "--database-url", dbURL)
	waitUp(t, addr)
	ready := func() (int, map[string]string) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0, nil
		}
		defer resp.Body.Close()
		var body struct {
			Failing map[string]string `json:"failing"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body.Failing
	}
	within := func(what string, d time.Duration, cond func() bool) time.Duration {
		t.Helper()
		began := time.Now()
		for !cond() {
			if time.Since(began) > d {
				t.Fatalf("%s: not within %v", what, d)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return time.Since(began)
	}
	within("ready at start", 10*time.Second, func() bool { code, _ := ready(); return code == 200 })

	natsSrv.Shutdown()
	took := within("503 naming nats", 5*time.Second, func() bool { code, f := ready(); return code == 503 && f["nats"] != "" })
	t.Logf("NATS away: /readyz 503 after %v", took)
	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz while NATS is away: %v %v", resp, err)
	}
	natsSrv = startNATS()
	within("ready again after NATS returns", 15*time.Second, func() bool { code, _ := ready(); return code == 200 })

	// The database refuses connections, and the open ones are cut.
	ctx := context.Background()
	cfg, _ := pgx.ParseConfig(dbURL)
	admin, err := pgx.Connect(ctx, "postgres://postgres@127.0.0.1:5432/postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	db := cfg.Database
	if _, err := admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %q ALLOW_CONNECTIONS false`, db)); err != nil {
		t.Fatal(err)
	}
	allow := func() { admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %q ALLOW_CONNECTIONS true`, db)) }
	defer allow()
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, db); err != nil {
		t.Fatal(err)
	}
	took = within("503 naming the store", 5*time.Second, func() bool { code, f := ready(); return code == 503 && f["store"] != "" })
	t.Logf("database away: /readyz 503 after %v", took)
	allow()
	within("ready again after the database returns", 15*time.Second, func() bool { code, _ := ready(); return code == 200 })
}
