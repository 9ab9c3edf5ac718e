package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
)

// asCommand makes the test binary act as the wiredesk binary, so tests
// can run workers as real OS processes and kill them.
const asCommand = "WIREDESK_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.LookupEnv}
		code := mainWithExit(ctx, e, os.Args[1:])
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// workerProc is a `wiredesk worker` OS process.
type workerProc struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	// done is closed when the process has exited, with err its result.
	done chan struct{}
	err  error
}

func startWorker(t *testing.T, args ...string) *workerProc {
	t.Helper()
	return startCommand(t, "worker", args...)
}

// startCommand runs `wiredesk NAME ARGS…` as an OS process until the test
// ends.
func startCommand(t *testing.T, name string, args ...string) *workerProc {
	t.Helper()
	w := &workerProc{logs: &syncBuffer{}, done: make(chan struct{})}
	w.cmd = exec.Command(os.Args[0], append([]string{name}, args...)...)
	w.cmd.Env = append(os.Environ(), asCommand+"=1")
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.err = w.cmd.Wait(); close(w.done) }()
	t.Cleanup(func() {
		_ = w.cmd.Process.Kill()
		<-w.done
		if t.Failed() {
			t.Logf("worker %d logs (tail):\n%s", w.cmd.Process.Pid, tail(w.logs.String(), 40))
		}
	})
	return w
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[max(0, len(l)-lines):], "\n")
}

// batchArticles are n distinct stories, each with its own text, so that
// none is a near duplicate of another.
func batchArticles(n int) []*article.Article {
	rng := rand.New(rand.NewPCG(7, 7))
	syll := []string{"ka", "ri", "mo", "te", "su", "na", "lo", "vi", "pe", "da", "zu", "ho", "ge", "bi", "ra", "ti"}
	word := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		return b.String()
	}
	out := make([]*article.Article, n)
	ingested := time.Date(2025, 6, 7, 9, 0, 0, 0, time.UTC)
	for i := range out {
		var paras []string
		for range 3 {
			var ws []string
			for range 25 {
				ws = append(ws, word())
			}
			paras = append(paras, "The "+strings.Join(ws, " ")+".")
		}
		a := &article.Article{
			ID: article.StoryID("PTI", fmt.Sprintf("batch-%d", i)), Agency: "PTI", Feed: "pti-top",
			GUID: fmt.Sprintf("batch-%d", i), Version: 1, Headline: fmt.Sprintf("Batch story %d", i),
			BodyText: strings.Join(paras, "\n\n"), IngestedAt: &ingested,
		}
		for _, p := range paras {
			a.Body = append(a.Body, article.Block{Type: article.BlockParagraph, Text: p})
		}
		a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
		out[i] = a
	}
	return out
}

func publishBatch(t *testing.T, bus *publish.Bus, list []*article.Article) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(list))
	sem := make(chan struct{}, 16)
	for _, a := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := bus.PublishArticle(context.Background(), a); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// storyCounts reads what the database holds: stories, distinct story ids,
// versions and near-duplicate entries.
type storyCounts struct{ stories, distinct, versions, neardup int }

func countStories(t *testing.T, dbURL string) storyCounts {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var c storyCounts
	err = conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM stories), (SELECT count(DISTINCT id) FROM stories),
		(SELECT count(*) FROM story_versions), (SELECT count(*) FROM neardup)`).Scan(&c.stories, &c.distinct, &c.versions, &c.neardup)
	if err != nil {
		// The workers create the tables on start.
		return storyCounts{}
	}
	return c
}

func waitStories(t *testing.T, dbURL string, atLeast int, timeout time.Duration) storyCounts {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c := countStories(t, dbURL)
		if c.stories >= atLeast {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %+v, want %d stories", timeout, c, atLeast)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitDrained waits until the dedup, enrich and store consumers have
// nothing pending or unacknowledged.
func waitDrained(t *testing.T, bus *publish.Bus, timeout time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	p := &pipeline.Pipeline{Bus: bus}
	for _, st := range []publish.Stage{p.DedupStage(true), p.EnrichStage(), p.StoreStage()} {
		for {
			cons, err := bus.JS.Consumer(ctx, bus.Names.ArticlesStream(), "wiredesk-"+st.Name)
			if err == nil {
				info, err := cons.Info(ctx)
				if err == nil && info.NumPending == 0 && info.NumAckPending == 0 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("consumer %s not drained after %s: %v", st.Name, timeout, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}

func writeWorkerConfig(t *testing.T, prefix string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wiredesk.yaml")
	cfg := fmt.Sprintf("data_dir: %s\nlog_level: warn\nnats:\n  stream_prefix: %s\n", t.TempDir(), prefix)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const batchSize = 2000

func checkExactlyOnce(t *testing.T, dbURL string) {
	t.Helper()
	c := countStories(t, dbURL)
	if c.stories != batchSize || c.distinct != batchSize || c.versions != batchSize || c.neardup != batchSize {
		t.Fatalf("stored %+v, want exactly %d stories, each once, at version 1, each indexed", c, batchSize)
	}
}

// Worker processes share the durable consumers; one is killed with SIGKILL
// in the middle of a batch of 2,000 articles. The others and redelivery
// store every article exactly once, and then drain and exit cleanly on
// SIGTERM. Both layouts: two workers with every stage inline, and the
// stages as separate workers with the killed one a store worker.
func TestWorkersSurviveSIGKILL(t *testing.T) {
	for _, tc := range []struct {
		name string
		// stages of the workers to start; the first is killed.
		stages []string
	}{
		{"inline", []string{"all", "all"}},
		{"split", []string{"store", "store", "dedup", "enrich"}},
	} {
		t.Run(tc.name, func(t *testing.T) { testWorkersSurviveSIGKILL(t, tc.stages) })
	}
}

func testWorkersSurviveSIGKILL(t *testing.T, stages []string) {
	natsURL := testenv.SharedNATSURL(t)
	prefix := testenv.Prefix(t, natsURL)
	dbURL := testenv.PostgresURL(t)
	cfg := writeWorkerConfig(t, prefix)
	bus, err := publish.Connect(context.Background(), natsURL, publish.NamesWithPrefix(prefix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(context.Background(), publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	publishBatch(t, bus, batchArticles(batchSize))

	var workers []*workerProc
	for _, stage := range stages {
		workers = append(workers, startWorker(t, "--stage", stage, "--config", cfg, "--nats-url", natsURL, "--database-url", dbURL, "--ack-wait", "3s"))
	}
	victim, survivors := workers[0], workers[1:]
	at := waitStories(t, dbURL, 300, 2*time.Minute)
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-victim.done
	t.Logf("killed a worker (--stage %s) with %d of %d stories stored", stages[0], at.stories, batchSize)
	if at.stories >= batchSize {
		t.Fatal("the batch was done before the kill; nothing was tested")
	}

	waitStories(t, dbURL, batchSize, 4*time.Minute)
	waitDrained(t, bus, time.Minute)
	checkExactlyOnce(t, dbURL)

	for _, w := range survivors {
		if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range survivors {
		select {
		case <-w.done:
			if w.err != nil {
				t.Errorf("worker exited on SIGTERM with %v", w.err)
			}
		case <-time.After(45 * time.Second):
			t.Error("worker did not drain and exit within 45s of SIGTERM")
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// The NATS server is restarted on the same store and port in the middle
// of the batch; the workers reconnect and every article is stored once.
func TestWorkersSurviveNATSRestart(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	storeDir, port := t.TempDir(), freePort(t)
	start := func() *publish.Embedded {
		t.Helper()
		var srv *publish.Embedded
		var err error
		// The old server's port may take a moment to be free again.
		for range 50 {
			if srv, err = publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: storeDir, Port: port}); err == nil {
				return srv
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("start nats on port %d: %v", port, err)
		return nil
	}
	srv := start()
	defer func() { srv.Shutdown() }()
	natsURL := "nats://127.0.0.1:" + strconv.Itoa(port)
	cfg := writeWorkerConfig(t, "restart")
	bus, err := publish.Connect(context.Background(), natsURL, publish.NamesWithPrefix("restart"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(context.Background(), publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	publishBatch(t, bus, batchArticles(batchSize))

	args := []string{"--stage", "all", "--config", cfg, "--nats-url", natsURL, "--database-url", dbURL, "--ack-wait", "3s"}
	startWorker(t, args...)
	startWorker(t, args...)
	at := waitStories(t, dbURL, 300, 2*time.Minute)
	srv.Shutdown()
	time.Sleep(time.Second)
	srv = start()
	t.Logf("restarted NATS with %d of %d stories stored", at.stories, batchSize)
	if at.stories >= batchSize {
		t.Fatal("the batch was done before the restart; nothing was tested")
	}

	waitStories(t, dbURL, batchSize, 4*time.Minute)
	waitDrained(t, bus, time.Minute)
	checkExactlyOnce(t, dbURL)
}
