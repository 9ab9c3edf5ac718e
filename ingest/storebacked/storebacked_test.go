package storebacked_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
	"github.com/wiredesk/wiredesk/ingest/storebacked"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
)

// farm serves feeds/N.xml, each with two items and an ETag, and watches
// who polls what: requests in flight per feed (more than one at a time is
// the failure this package exists to prevent), and, per poller (told
// apart by User-Agent), when each request arrived.
type farm struct {
	*httptest.Server

	mu        sync.Mutex
	inflight  map[string]int
	maxAtOnce map[string]int
	polls     map[string]int                    // per feed
	arrivals  map[string]map[string][]time.Time // poller → feed → times
	// blocked pollers' requests hang until they give up.
	blocked map[string]bool
	holding map[string][]string // poller → feeds whose requests hang now
}

func newFarm(t *testing.T) *farm {
	f := &farm{
		inflight: map[string]int{}, maxAtOnce: map[string]int{}, polls: map[string]int{},
		arrivals: map[string]map[string][]time.Time{}, blocked: map[string]bool{}, holding: map[string][]string{},
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *farm) serve(w http.ResponseWriter, r *http.Request) {
	feed := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feeds/"), ".xml")
	who := r.UserAgent()
	f.mu.Lock()
	f.inflight[feed]++
	f.maxAtOnce[feed] = max(f.maxAtOnce[feed], f.inflight[feed])
	f.polls[feed]++
	if f.arrivals[who] == nil {
		f.arrivals[who] = map[string][]time.Time{}
	}
	f.arrivals[who][feed] = append(f.arrivals[who][feed], time.Now())
	block := f.blocked[who]
	if block {
		f.holding[who] = append(f.holding[who], feed)
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight[feed]--
		f.mu.Unlock()
	}()
	if block {
		<-r.Context().Done()
		return
	}
	// Long enough for two pollers' polls of one feed to overlap if they
	// ever both held it.
	time.Sleep(20 * time.Millisecond)
	etag := `"` + feed + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %[1]s</title>
<item><title>First story of %[1]s</title><guid>%[1]s-1</guid><description>One.</description></item>
<item><title>Second story of %[1]s</title><guid>%[1]s-2</guid><description>Two.</description></item>
</channel></rss>`, feed)
}

func (f *farm) block(poller string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.blocked[poller] = true
}

func (f *farm) held(poller string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.holding[poller]...)
}

// firstAfter is when poller first asked for feed after t (zero if never).
func (f *farm) firstAfter(poller, feed string, t time.Time) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, at := range f.arrivals[poller][feed] {
		if at.After(t) {
			return at
		}
	}
	return time.Time{}
}

func (f *farm) pollCounts() (perFeed map[string]int, perPoller map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	perFeed, perPoller = map[string]int{}, map[string]int{}
	for feed, n := range f.polls {
		perFeed[feed] = n
	}
	for who, feeds := range f.arrivals {
		for _, at := range feeds {
			perPoller[who] += len(at)
		}
	}
	return perFeed, perPoller
}

// sink counts deliveries per item across every poller.
type sink struct {
	mu    sync.Mutex
	count map[string]int
}

func (s *sink) accept(_ context.Context, raw *article.Raw) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count[raw.Feed+"/"+raw.ItemID]++
	return nil
}

func (s *sink) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.count))
	for k, v := range s.count {
		out[k] = v
	}
	return out
}

// poller is one host: its own store connection, schedule and poller.
type poller struct {
	name   string
	store  store.Store
	cancel context.CancelFunc
	done   chan error
}

const lease = time.Second

func startPoller(t *testing.T, name, dbURL string, out *sink) *poller {
	t.Helper()
	st, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open store for %s: %v", name, err)
	}
	feeds := storebacked.New(st.(store.FeedStore), name)
	p, err := ingest.NewPoller(ingest.PollerConfig{
		State: feeds, Schedule: feeds, Lease: lease, ClaimInterval: 20 * time.Millisecond,
		Workers: 4, PerHost: 8,
		Fetch:  ingest.FetcherOptions{UserAgent: name, Timeout: 30 * time.Second, AllowPrivate: true},
		Logger: slog.New(slog.DiscardHandler),
		Sink:   out.accept,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &poller{name: name, store: st, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- p.Run(ctx) }()
	t.Cleanup(func() {
		h.stop(t)
		p.Close()
		st.Close()
	})
	return h
}

func (h *poller) stop(t *testing.T) {
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("%s: Run: %v", h.name, err)
		}
		h.done <- nil // a second stop returns at once
	case <-time.After(10 * time.Second):
		t.Errorf("%s did not stop", h.name)
	}
}

// Two pollers share one feed list in one database: every feed is polled,
// never by both at once, every item arrives once, and when one poller dies
// holding leases, the other takes its feeds over once they lapse, not
// before.
func TestTwoPollersShareFeeds(t *testing.T) {
	for _, b := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"postgres", func(t *testing.T) string { return testenv.PostgresURL(t) }},
		{"sqlite", func(t *testing.T) string { return "sqlite://" + filepath.Join(t.TempDir(), "feeds.db") }},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			testTwoPollers(t, b.url(t))
		})
	}
}

func testTwoPollers(t *testing.T, dbURL string) {
	const feeds = 24
	f := newFarm(t)
	var list []config.Feed
	for i := range feeds {
		list = append(list, config.Feed{
			ID: fmt.Sprintf("f%02d", i), Agency: "ANI", URL: fmt.Sprintf("%s/feeds/f%02d.xml", f.URL, i),
			Interval: 150 * time.Millisecond, FetchPage: config.FetchPageNever, AllowPrivate: true,
		})
	}
	setup, err := store.Open(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer setup.Close()
	fs := setup.(store.FeedStore)
	if err := storebacked.Sync(t.Context(), fs, list); err != nil {
		t.Fatal(err)
	}

	out := &sink{count: map[string]int{}}
	a := startPoller(t, "poller-a", dbURL, out)
	startPoller(t, "poller-b", dbURL, out)

	testenv.WaitFor(t, "every feed polled three times by the two", func() bool {
		perFeed, perPoller := f.pollCounts()
		for _, feed := range list {
			if perFeed[feed.ID] < 3 {
				return false
			}
		}
		return perPoller["poller-a"] > 0 && perPoller["poller-b"] > 0
	})
	_, perPoller := f.pollCounts()
	t.Logf("polls: %v", perPoller)

	// poller-a's requests now hang, so it holds leases; then it dies
	// without releasing them: its store goes first, then its process.
	f.block("poller-a")
	testenv.WaitFor(t, "poller-a holding a feed", func() bool { return len(f.held("poller-a")) > 0 })
	time.Sleep(100 * time.Millisecond) // let it take a few more
	if err := a.store.Close(); err != nil {
		t.Fatal(err)
	}
	a.stop(t)
	killed := time.Now()
	held := f.held("poller-a")
	sort.Strings(held)
	t.Logf("poller-a died holding %v", held)

	testenv.WaitFor(t, "poller-b taking over every feed poller-a held", func() bool {
		for _, feed := range held {
			if f.firstAfter("poller-b", feed, killed).IsZero() {
				return false
			}
		}
		return true
	})
	for _, feed := range held {
		// poller-a last renewed at most lease/3 before it died.
		at := f.firstAfter("poller-b", feed, killed)
		t.Logf("%s taken over %s after poller-a died", feed, at.Sub(killed).Round(time.Millisecond))
		if at.Sub(killed) < lease/2 {
			t.Errorf("%s taken over %s after poller-a died, before its lease lapsed", feed, at.Sub(killed))
		}
	}

	f.mu.Lock()
	for _, feed := range list {
		if n := f.maxAtOnce[feed.ID]; n != 1 {
			t.Errorf("%s polled by %d pollers at once", feed.ID, n)
		}
	}
	f.mu.Unlock()
	got := out.snapshot()
	if len(got) != 2*feeds {
		t.Errorf("%d distinct items delivered, want %d", len(got), 2*feeds)
	}
	for item, n := range got {
		if n != 1 {
			t.Errorf("%s delivered %d times", item, n)
		}
	}

	health, err := fs.FeedHealth(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range health {
		if h.ItemsNew != 2 || h.LastSuccess.IsZero() || h.ConsecutiveErrors != 0 || h.Title != "Feed "+h.ID {
			t.Errorf("health of %s: %+v", h.ID, h)
		}
	}
}
