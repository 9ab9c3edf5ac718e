package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// The outbox under faults, with wiredesk as a real OS process:
//
//  1. NATS is stopped; 50 approvals each return at once. wiredesk is
//     SIGKILLed, NATS brought back, wiredesk restarted: exactly 50
//     messages arrive, each once.
//  2. The relay is SIGKILLed between a PubAck and the store's record of it
//     (the store update is held by a row lock the test takes): after a
//     restart past the stream's duplicate window, still exactly one
//     message per version.
func TestOutboxSurvivesBusOutageAndKills(t *testing.T) {
	ctx := context.Background()
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
	natsURL := natsSrv.ClientURL()
	dbURL := testenv.PostgresURL(t)

	const first, second = 50, 5
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stories := batchArticles(first + second)
	for _, a := range stories {
		if _, err := st.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
	}

	cfgPath := filepath.Join(t.TempDir(), "wiredesk.yaml")
	cfg := fmt.Sprintf(`data_dir: %s
log_level: info
nats:
  streams:
    published: {duplicate_window: 2s}
publish:
  outbox_lease: 5s
  relay_poll: 100ms
`, t.TempDir())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	deskAuth.Store(addr, scriptKey(t, "--database-url", dbURL, "--data-dir", t.TempDir()))
	startWiredesk := func() *workerProc {
		p := startCommand(t, "run", "--config", cfgPath, "--nats-url", natsURL, "--database-url", dbURL, "--listen", addr)
		testenv.WaitFor(t, "the desk up", func() bool {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		})
		return p
	}
	approve := func(id string) time.Duration {
		began := time.Now()
		resp, err := deskRequest("POST", addr, "/api/v1/stories/"+id+"/approve", strings.NewReader(`{"version": 1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("approve %s: %s", id, resp.Status)
		}
		return time.Since(began)
	}

	// 1. The bus is away while editors approve.
	wd := startWiredesk()
	natsSrv.Shutdown()
	var slowest time.Duration
	for _, a := range stories[:first] {
		slowest = max(slowest, approve(a.ID))
	}
	t.Logf("%d approvals with NATS down; the slowest took %v", first, slowest)
	if slowest > time.Second {
		t.Errorf("an approval took %v with NATS down: the desk waited for the bus", slowest)
	}
	kill(t, wd)
	natsSrv = startNATS()
	wd = startWiredesk()
	bus, err := publish.Connect(ctx, natsURL, publish.DefaultNames(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	waitPublished(t, dbURL, first, time.Minute)
	checkStream(t, bus, first)

	// 2. A kill between the PubAck and the store's update. The approvals
	// are made while the bus is away, then the test locks the story rows
	// (which the relay's record of a publish updates) and brings the bus
	// back: the relay publishes, and blocks recording it.
	hold, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close(ctx)
	natsSrv.Shutdown()
	for _, a := range stories[first:] {
		approve(a.ID)
	}
	tx, err := hold.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT id FROM stories FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	natsSrv = startNATS()
	testenv.WaitFor(t, "a publish acknowledged but not recorded", func() bool {
		return streamCount(t, bus) > first
	})
	kill(t, wd)
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if sent := countSent(t, dbURL); sent != first {
		t.Fatalf("the killed relay recorded %d sent rows, want %d (the store update must have been cut off)", sent, first)
	}
	time.Sleep(2500 * time.Millisecond) // past the stream's duplicate window
	wd = startWiredesk()
	waitPublished(t, dbURL, first+second, time.Minute)
	checkStream(t, bus, first+second)
	if !strings.Contains(wd.logs.String(), "found on the stream from an earlier try") {
		t.Errorf("the restarted relay did not find the earlier copy on the stream; logs:\n%s", tail(wd.logs.String(), 30))
	}
}

func kill(t *testing.T, p *workerProc) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

func countSent(t *testing.T, dbURL string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM stories WHERE status = 'published'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitPublished(t *testing.T, dbURL string, want int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for countSent(t, dbURL) < want {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %d stories published, want %d", timeout, countSent(t, dbURL), want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func streamCount(t *testing.T, bus *publish.Bus) uint64 {
	t.Helper()
	info, err := bus.JS.Stream(context.Background(), bus.Names.PublishedStream())
	if err != nil {
		return 0
	}
	return info.CachedInfo().State.Msgs
}

// checkStream reads the whole published stream: want messages, each
// version once.
func checkStream(t *testing.T, bus *publish.Bus, want int) {
	t.Helper()
	ctx := context.Background()
	cons, err := bus.JS.OrderedConsumer(ctx, bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for total := 0; ; {
		batch, err := cons.FetchNoWait(500)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			seen[m.Headers().Get(jetstream.MsgIDHeader)]++
		}
		total += n
		if n == 0 {
			if total != want {
				t.Fatalf("%d messages on the stream, want %d", total, want)
			}
			break
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s published %d times", id, n)
		}
	}
	if len(seen) != want {
		t.Errorf("%d distinct versions published, want %d", len(seen), want)
	}
}
