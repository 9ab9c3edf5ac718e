package ingestbench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
	"github.com/wiredesk/wiredesk/ingest/storebacked"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
)

// BenchmarkPoll10k polls 10,000 loopback feeds on 50 hosts, one in twenty
// changing on every poll and the rest answering 304, the steady state of a
// large deployment. Each iteration is one round of 10,000 polls, after an
// untimed first round that fetches every feed in full.
//
//   - baseline: a bare http.Client doing conditional GETs of the same
//     URLs with the same concurrency, discarding the bodies;
//   - memory: the poller with its in-memory schedule and state;
//   - sqlite, postgres: the poller with its schedule, leases and item
//     state in the store, as `wiredesk poll` runs.
//
// It reports polls/s and the process's peak resident memory (VmHWM, reset
// before each case) and Go heap in use.
func BenchmarkPoll10k(b *testing.B) {
	urls := startFarm(b)
	feeds := make([]config.Feed, len(urls))
	for i, u := range urls {
		feeds[i] = config.Feed{
			ID: "f" + strconv.Itoa(i), Agency: "BENCH", URL: u,
			// Due again as soon as polled: the benchmark measures how fast
			// the poller can go, not a schedule.
			Interval: time.Millisecond, FetchPage: config.FetchPageNever, AllowPrivate: true,
		}
	}
	b.Run("baseline", func(b *testing.B) { benchBaseline(b, urls) })
	b.Run("memory", func(b *testing.B) {
		benchPoller(b, feeds, func(testing.TB) (ingest.State, ingest.Schedule) {
			return ingest.NewMemoryState(), ingest.NewMemorySchedule(feeds)
		})
	})
	b.Run("sqlite", func(b *testing.B) {
		benchPoller(b, feeds, storeBacked(feeds, func(tb testing.TB) string {
			return "sqlite://" + filepath.Join(tb.TempDir(), "bench.db")
		}))
	})
	b.Run("postgres", func(b *testing.B) {
		benchPoller(b, feeds, storeBacked(feeds, postgresURL))
	})
}

const workers = 16 // config default

// postgresURL is a fresh database with a pool as large as the workers, as
// docs/ingest.md advises (pgx's default is 4 connections).
func postgresURL(tb testing.TB) string {
	u, err := url.Parse(testenv.PostgresURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(workers))
	u.RawQuery = q.Encode()
	return u.String()
}

// storeBacked opens a fresh store at url, syncs the feeds into it and
// returns the store-backed state and schedule.
func storeBacked(feeds []config.Feed, url func(testing.TB) string) func(testing.TB) (ingest.State, ingest.Schedule) {
	return func(tb testing.TB) (ingest.State, ingest.Schedule) {
		st, err := store.Open(context.Background(), url(tb))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		fs := st.(store.FeedStore)
		if err := storebacked.Sync(context.Background(), fs, feeds); err != nil {
			tb.Fatal(err)
		}
		shared := storebacked.New(fs, "bench")
		return shared, shared
	}
}

// counted wraps a schedule and signals when the number of completed polls
// reaches each mark.
type counted struct {
	ingest.Schedule
	done   atomic.Int64
	failed atomic.Int64
	mu     sync.Mutex
	marks  map[int64]chan struct{}
}

func (c *counted) at(n int64) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan struct{})
	c.marks[n] = ch
	return ch
}

func (c *counted) Complete(ctx context.Context, l ingest.Lease, o ingest.Outcome) error {
	err := c.Schedule.Complete(ctx, l, o)
	if o.Err != nil && c.failed.Add(1) == 1 {
		fmt.Fprintf(os.Stderr, "first failed poll: %v\n", o.Err)
	}
	n := c.done.Add(1)
	c.mu.Lock()
	if ch, ok := c.marks[n]; ok {
		close(ch)
		delete(c.marks, n)
	}
	c.mu.Unlock()
	return err
}

func benchPoller(b *testing.B, feeds []config.Feed, setup func(testing.TB) (ingest.State, ingest.Schedule)) {
	resetPeak(b)
	state, schedule := setup(b)
	sched := &counted{Schedule: schedule, marks: map[int64]chan struct{}{}}
	var items atomic.Int64
	cfg := config.Default()
	p, err := ingest.NewPoller(ingest.PollerConfig{
		Fetch:    ingest.OptionsFromConfig(cfg.Ingest),
		Workers:  workers,
		PerHost:  cfg.Ingest.PerHost,
		State:    state,
		Schedule: sched,
		Logger:   slog.New(slog.DiscardHandler),
		Sink: func(context.Context, *article.Raw) error {
			items.Add(1)
			return nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	primed := sched.at(int64(len(feeds)))
	finished := sched.at(int64(len(feeds) * (b.N + 1)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	<-primed
	b.ResetTimer()
	start, cpuStart, sentBefore := time.Now(), cpuTime(), items.Load()
	<-finished
	elapsed, cpu := time.Since(start), cpuTime()-cpuStart
	b.StopTimer()
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	if n := sched.failed.Load(); n > 0 {
		b.Errorf("%d polls failed", n)
	}
	polls := float64(len(feeds) * b.N)
	b.ReportMetric(polls/elapsed.Seconds(), "polls/s")
	b.ReportMetric(float64(cpu.Microseconds())/polls, "cpu-µs/poll")
	b.ReportMetric(float64(items.Load()-sentBefore)/polls, "items/poll")
	reportMemory(b)
}

// benchBaseline GETs every URL, conditionally after the first round, with
// the poller's concurrency and a connection pool like the fetcher's.
func benchBaseline(b *testing.B, urls []string) {
	resetPeak(b)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns, transport.MaxIdleConnsPerHost = 256, 4
	client := &http.Client{Transport: transport, Timeout: 20 * time.Second}
	defer transport.CloseIdleConnections()
	etags := make([]string, len(urls))
	round := func() {
		next := make(chan int)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range next {
					req, _ := http.NewRequest(http.MethodGet, urls[i], nil)
					if etags[i] != "" {
						req.Header.Set("If-None-Match", etags[i])
					}
					resp, err := client.Do(req)
					if err != nil {
						panic(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					etags[i] = resp.Header.Get("ETag")
				}
			})
		}
		for i := range urls {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	round()
	b.ResetTimer()
	start, cpuStart := time.Now(), cpuTime()
	for range b.N {
		round()
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpuStart
	b.StopTimer()
	polls := float64(len(urls) * b.N)
	b.ReportMetric(polls/elapsed.Seconds(), "polls/s")
	b.ReportMetric(float64(cpu.Microseconds())/polls, "cpu-µs/poll")
	reportMemory(b)
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeak returns freed memory to the OS and resets the kernel's peak
// resident set (VmHWM), so the next reading is this case's own peak.
func resetPeak(b *testing.B) {
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset peak RSS (%v); the figure includes earlier cases", err)
	}
}

func reportMemory(b *testing.B) {
	if peak, ok := procStatusKiB("VmHWM"); ok {
		b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}

// procStatusKiB reads a kB field of /proc/self/status.
func procStatusKiB(field string) (int64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	lines := bufio.NewScanner(bytes.NewReader(data))
	for lines.Scan() {
		name, rest, ok := bytes.Cut(lines.Bytes(), []byte(":"))
		if !ok || string(name) != field {
			continue
		}
		var kb int64
		if _, err := fmt.Sscanf(string(bytes.TrimSpace(rest)), "%d kB", &kb); err == nil {
			return kb, true
		}
	}
	return 0, false
}
