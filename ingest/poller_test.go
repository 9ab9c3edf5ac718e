package ingest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

// collector is a sink that remembers what it was sent.
type collector struct {
	mu    sync.Mutex
	items []*article.Raw
	// failOn makes the sink refuse items with these ids.
	failOn map[string]bool
}

func (c *collector) sink(_ context.Context, raw *article.Raw) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failOn[raw.ItemID] {
		return errors.New("bus unavailable")
	}
	c.items = append(c.items, raw)
	return nil
}

// counts returns how often each feed/item was delivered.
func (c *collector) counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, r := range c.items {
		out[r.Feed+"/"+r.ItemID]++
	}
	return out
}

func (c *collector) byID(feed, id string) []*article.Raw {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*article.Raw
	for _, r := range c.items {
		if r.Feed == feed && r.ItemID == id {
			out = append(out, r)
		}
	}
	return out
}

func (c *collector) byFeed(feed string) []*article.Raw {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*article.Raw
	for _, r := range c.items {
		if r.Feed == feed {
			out = append(out, r)
		}
	}
	return out
}

func (c *collector) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = nil
}

func farmFeed(farm *feedFarm, id, path string) config.Feed {
	return config.Feed{
		ID: id, Agency: "ANI", URL: farm.URL + path, Interval: time.Minute,
		FetchPage: config.FetchPageNever, AllowPrivate: true,
	}
}

func newTestPoller(t *testing.T, feeds []config.Feed, c *collector, tweak func(*PollerConfig)) (*Poller, *bytes.Buffer) {
	t.Helper()
	var logs syncBuffer
	cfg := PollerConfig{
		Feeds:        feeds,
		FeedMaxBytes: 256 << 10,
		PageMaxBytes: 64 << 10,
		Workers:      4,
		PerHost:      4,
		Fetch:        FetcherOptions{Timeout: 2 * time.Second, ConnectTimeout: time.Second},
		Logger:       slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sink:         c.sink,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	p, err := NewPoller(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p, &logs.buf
}

// syncBuffer lets the logger write from many workers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func TestPollOnceDeliversEachItemOnce(t *testing.T) {
	farm := newFeedFarm(t)
	feeds := []config.Feed{
		farmFeed(farm, "ani-world", "/ani-world.xml"),
		farmFeed(farm, "atom", "/atom.xml"),
		farmFeed(farm, "json", "/feed.json"),
		farmFeed(farm, "tass", "/windows-1251.xml"),
		farmFeed(farm, "afp", "/utf-16.xml"),
		farmFeed(farm, "dups", "/duplicate-guids.xml"),
		farmFeed(farm, "dates", "/garbage-dates.xml"),
		farmFeed(farm, "gzip", "/gzip.xml"),
		farmFeed(farm, "br", "/br.xml"),
	}
	want := map[string]int{"ani-world": 3, "atom": 2, "json": 2, "tass": 1, "afp": 1, "dups": 4, "dates": 4, "gzip": 3, "br": 3}
	c := &collector{}
	p, _ := newTestPoller(t, feeds, c, nil)
	ctx := context.Background()

	for round := 1; round <= 2; round++ {
		for _, f := range feeds {
			res, err := p.PollOnce(ctx, f)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			sent := res.New + res.Updated
			if round == 1 && (sent != want[f.ID] || res.New != want[f.ID]) {
				t.Errorf("round 1 %s: sent %d (new %d), want %d", f.ID, sent, res.New, want[f.ID])
			}
			if round == 2 && sent != 0 {
				t.Errorf("round 2 %s: sent %d again", f.ID, sent)
			}
		}
	}
	for key, n := range c.counts() {
		if n != 1 {
			t.Errorf("%s delivered %d times", key, n)
		}
	}
	// Feeds with validators were answered 304 the second time: no body, no parse.
	for _, path := range []string{"/ani-world.xml", "/feed.json"} {
		if full, notMod := farm.hitsOf(path); full != 1 || notMod != 1 {
			t.Errorf("%s: %d full responses and %d 304s, want 1 and 1", path, full, notMod)
		}
	}
	tass := c.byID("tass", "tass-1")
	if len(tass) != 1 || tass[0].Title != "Путин провёл переговоры с Уиткоффом в Кремле" {
		t.Errorf("windows-1251 item = %+v", tass)
	}
	afp := c.byID("afp", "afp-1")
	if len(afp) != 1 || !strings.HasPrefix(afp[0].Title, "Élections") {
		t.Errorf("UTF-16 item = %+v", afp)
	}
}

func TestPollOnceSendsOldestFirst(t *testing.T) {
	farm := newFeedFarm(t)
	c := &collector{}
	p, _ := newTestPoller(t, nil, c, nil)
	if _, err := p.PollOnce(context.Background(), farmFeed(farm, "ani", "/ani-world.xml")); err != nil {
		t.Fatal(err)
	}
	if len(c.items) != 3 || c.items[0].ItemID != "ani-20250425194512" || c.items[2].ItemID != "ani-20250426005417" {
		t.Errorf("order: %v, %v, %v", c.items[0].ItemID, c.items[1].ItemID, c.items[2].ItemID)
	}
}

func TestPollOnceChangedItemComesAgain(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "changing", "/changing.xml")
	c := &collector{}
	p, _ := newTestPoller(t, []config.Feed{feed}, c, nil)
	ctx := context.Background()

	if res, err := p.PollOnce(ctx, feed); err != nil || res.New != 2 {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	farm.setChanging(changingFeed("Updated: the developing story has a new top."))
	res, err := p.PollOnce(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 0 || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("second poll: %+v", res)
	}
	versions := c.byID("changing", "c2")
	if len(versions) != 2 || versions[1].Summary != "Updated: the developing story has a new top." {
		t.Errorf("versions of c2: %+v", versions)
	}
	if len(c.byID("changing", "c1")) != 1 {
		t.Error("the unchanged item was sent again")
	}
	h := p.Health()[0]
	if h.ItemsSeen != 2 || h.ItemsUpdated != 1 || h.ConsecutiveErrors != 0 || h.LastSuccess.IsZero() {
		t.Errorf("health = %+v", h)
	}
}

func TestPollOncePages(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "pages", "/pages-feed.xml")
	feed.FetchPage = config.FetchPageAuto
	c := &collector{}
	p, logs := newTestPoller(t, []config.Feed{feed}, c, nil)

	res, err := p.PollOnce(context.Background(), feed)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 6 || res.PageErrors != 4 {
		t.Errorf("result %+v, want 6 new with 4 page errors", res)
	}
	tests := []struct {
		id, pageHas, errHas string
	}{
		{"p1", "Moscow [Russia], April 25 (ANI)", ""},
		{"p2", "Путин провёл переговоры с Уиткоффом", ""},
		{"p3", "", "http 404"},
		{"p4", "", "application/pdf, not HTML"},
		{"p5", "", "size cap"},
		{"p6", "", "link-local"},
	}
	for _, tt := range tests {
		got := c.byID("pages", tt.id)
		if len(got) != 1 {
			t.Fatalf("%s delivered %d times", tt.id, len(got))
		}
		raw := got[0]
		if tt.pageHas != "" && (!strings.Contains(string(raw.Page), tt.pageHas) || raw.PageError != "" || raw.PageURL == "") {
			t.Errorf("%s: page %d bytes (%q…), url %q, error %q", tt.id, len(raw.Page), raw.Page[:min(len(raw.Page), 40)], raw.PageURL, raw.PageError)
		}
		if tt.errHas != "" && (!strings.Contains(raw.PageError, tt.errHas) || raw.Page != nil) {
			t.Errorf("%s: page error %q, want it to mention %q", tt.id, raw.PageError, tt.errHas)
		}
	}
	if p1 := c.byID("pages", "p1")[0]; p1.PageURL != farm.URL+"/pages/ani.html" || p1.Link != farm.URL+"/pages/ani.html" {
		t.Errorf("p1 link %q page url %q (tracking parameters should be gone)", p1.Link, p1.PageURL)
	}
	if !strings.Contains(logs.String(), "page not fetched") || !strings.Contains(logs.String(), "feed=pages") {
		t.Errorf("page errors not logged with the feed:\n%s", logs)
	}
}

func TestWantsPage(t *testing.T) {
	long := strings.Repeat("word ", 200)
	tests := []struct {
		mode    config.FetchPage
		link    string
		content string
		want    bool
	}{
		{config.FetchPageAuto, "https://x/", "", true},
		{config.FetchPageAuto, "https://x/", "<p>short</p>", true},
		{config.FetchPageAuto, "https://x/", long, false},
		{config.FetchPageAlways, "https://x/", long, true},
		{config.FetchPageNever, "https://x/", "", false},
		{config.FetchPageAlways, "", "", false},
	}
	for _, tt := range tests {
		raw := &article.Raw{Link: tt.link, Content: tt.content}
		if got := wantsPage(config.Feed{FetchPage: tt.mode}, raw); got != tt.want {
			t.Errorf("wantsPage(%s, link %q, %d chars) = %v", tt.mode, tt.link, len(tt.content), got)
		}
	}
}

// A sink failure must not lose items: the ones not accepted come again,
// and the validators are not saved, so the next poll is not a 304.
func TestPollOnceSinkFailureRetriesItems(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "ani", "/ani-world.xml")
	c := &collector{failOn: map[string]bool{"ani-20250425231102": true}}
	p, _ := newTestPoller(t, []config.Feed{feed}, c, nil)
	ctx := context.Background()

	_, err := p.PollOnce(ctx, feed)
	if err == nil || !strings.Contains(err.Error(), "bus unavailable") || !strings.HasPrefix(err.Error(), "poll ani:") {
		t.Fatalf("err = %v", err)
	}
	c.mu.Lock()
	c.failOn = nil
	c.mu.Unlock()
	res, err := p.PollOnce(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	if res.NotModified || res.New != 2 || res.Unchanged != 1 {
		t.Fatalf("retry poll: %+v", res)
	}
	for key, n := range c.counts() {
		if n != 1 {
			t.Errorf("%s delivered %d times", key, n)
		}
	}
	if h := p.Health()[0]; h.ConsecutiveErrors != 0 || !strings.Contains(h.LastError, "bus unavailable") {
		t.Errorf("health %+v", h)
	}
}

func TestPollOnceFailuresNameTheFeed(t *testing.T) {
	farm := newFeedFarm(t)
	tests := []struct {
		id, path string
		is       error
		status   int
		msg      string
	}{
		{"http500", "/status/500", nil, 500, "http 500"},
		{"http429", "/status/429", nil, 429, "retry after 2m0s"},
		{"html", "/html-instead.xml", ErrNotFeed, 200, "not a feed (got text/html page)"},
		{"malformed", "/malformed.xml", ErrMalformed, 200, "malformed feed"},
		{"bomb", "/gzip-bomb.xml", ErrTooLarge, 0, "size cap"},
		{"endless", "/endless.xml", ErrTooLarge, 0, "size cap"},
		{"loop", "/loop/a", ErrTooManyRedirects, 0, "too many redirects"},
		{"metadata", "/to-metadata.xml", ErrBlockedAddress, 0, "169.254.169.254 is link-local"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c := &collector{}
			feed := farmFeed(farm, tt.id, tt.path)
			p, logs := newTestPoller(t, []config.Feed{feed}, c, nil)
			_, err := p.PollOnce(context.Background(), feed)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), "poll "+tt.id+": ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to name the feed and say %q", err, tt.msg)
			}
			h := p.Health()[0]
			if h.ConsecutiveErrors != 1 || h.LastError != err.Error() || h.LastStatus != tt.status || !h.LastSuccess.IsZero() {
				t.Errorf("health = %+v", h)
			}
			line := logs.String()
			if !strings.Contains(line, "feed="+tt.id) || !strings.Contains(line, "url="+farm.URL+tt.path) || !strings.Contains(line, "level=WARN") {
				t.Errorf("log line lacks feed and url: %s", line)
			}
			if len(c.items) != 0 {
				t.Errorf("%d items sent from a failed feed", len(c.items))
			}
		})
	}
}

// A feed is refused loopback unless its config allows private addresses.
func TestPollOnceAllowPrivateIsPerFeed(t *testing.T) {
	farm := newFeedFarm(t)
	c := &collector{}
	p, _ := newTestPoller(t, nil, c, nil)
	strict := farmFeed(farm, "strict", "/ani-world.xml")
	strict.AllowPrivate = false
	if _, err := p.PollOnce(context.Background(), strict); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("strict feed: err = %v, want ErrBlockedAddress", err)
	}
	if _, err := p.PollOnce(context.Background(), farmFeed(farm, "allowed", "/ani-world.xml")); err != nil {
		t.Errorf("allowed feed: %v", err)
	}
}

func TestNextDelay(t *testing.T) {
	p, _ := newTestPoller(t, nil, &collector{}, func(c *PollerConfig) { c.MinInterval = 30 * time.Second })
	feed := config.Feed{ID: "f", Interval: 5 * time.Minute}
	within := func(d, lo, hi time.Duration) bool { return d >= lo && d <= hi }

	if d := p.nextDelay(feed, Result{}, nil, 0); !within(d, 285*time.Second, 5*time.Minute) {
		t.Errorf("healthy: %s", d)
	}
	if d := p.nextDelay(feed, Result{TTL: 30 * time.Minute}, nil, 0); !within(d, 28*time.Minute, 30*time.Minute) {
		t.Errorf("ttl 30m: %s", d)
	}
	if d := p.nextDelay(feed, Result{CacheFor: 24 * time.Hour}, nil, 0); !within(d, 57*time.Minute, time.Hour) {
		t.Errorf("max-age 1 day is honoured up to an hour: %s", d)
	}
	if d := p.nextDelay(config.Feed{ID: "f", Interval: time.Second}, Result{}, nil, 0); d < 28*time.Second {
		t.Errorf("min interval not applied: %s", d)
	}
	errFail := errors.New("boom")
	prev := time.Duration(0)
	for n := 1; n <= 12; n++ {
		d := p.nextDelay(feed, Result{}, errFail, n)
		base := min(5*time.Minute<<(n-1), 6*time.Hour)
		if !within(d, base*8/10, min(base*12/10, 6*time.Hour)) {
			t.Errorf("backoff after %d errors: %s, want about %s", n, d, base)
		}
		if n > 8 && d > 6*time.Hour {
			t.Errorf("backoff above the cap: %s", d)
		}
		prev = d
	}
	_ = prev
	retry := &HTTPError{Status: 429, RetryAfter: 2 * time.Hour}
	if d := p.nextDelay(feed, Result{}, retry, 1); d != 2*time.Hour {
		t.Errorf("Retry-After 2h: %s", d)
	}
	if d := p.nextDelay(feed, Result{}, &HTTPError{Status: 503, RetryAfter: 9 * 24 * time.Hour}, 1); d != 24*time.Hour {
		t.Errorf("Retry-After is capped at a day: %s", d)
	}
}

// brokenFeeds are the farm's feeds that must fail, each with what its
// error must say.
var brokenFeeds = []struct {
	id, path string
	is       error
	msg      string
}{
	{"http500", "/status/500", nil, "http 500"},
	{"http429", "/status/429", nil, "http 429 Too Many Requests (retry after 2m0s)"},
	{"html", "/html-instead.xml", ErrNotFeed, "not a feed (got text/html page)"},
	{"malformed", "/malformed.xml", ErrMalformed, "malformed feed"},
	{"bomb", "/gzip-bomb.xml", ErrTooLarge, "more than 262144 bytes after decompression"},
	{"endless", "/endless.xml", ErrTooLarge, "more than 262144 bytes after decompression"},
	{"loop", "/loop/a", ErrTooManyRedirects, "too many redirects"},
	{"metadata", "/to-metadata.xml", ErrBlockedAddress, "169.254.169.254 is link-local"},
	{"drip", "/slow-drip.xml", ErrTimeout, "request timed out after 1s"},
}

func isBroken(id string) bool {
	for _, b := range brokenFeeds {
		if b.id == id {
			return true
		}
	}
	return false
}

// Run polls the whole farm at once: every healthy feed's items arrive
// exactly once (304s and unchanged items send nothing), and every broken
// feed fails within its limit with an error naming it, and is retried
// with growing delays, while the healthy feeds keep flowing.
func TestRunKeepsHealthyFeedsFlowing(t *testing.T) {
	farm := newFeedFarm(t)
	healthy := []struct {
		id, path string
		items    int
	}{
		{"ani-world", "/ani-world.xml", 3},
		{"atom", "/atom.xml", 2},
		{"json", "/feed.json", 2},
		{"tass", "/windows-1251.xml", 1},
		{"afp", "/utf-16.xml", 1},
		{"dups", "/duplicate-guids.xml", 4},
		{"dates", "/garbage-dates.xml", 4},
		{"gzip", "/gzip.xml", 3},
		{"br", "/br.xml", 3},
		// Go's XML decoder does not expand DTD entities: the bomb's one
		// item passes with the literal reference, at no cost.
		{"entities", "/entity-bomb.xml", 1},
	}
	var feeds []config.Feed
	wantItems := 0
	for _, b := range brokenFeeds {
		feeds = append(feeds, farmFeed(farm, b.id, b.path))
	}
	for _, h := range healthy {
		feeds = append(feeds, farmFeed(farm, h.id, h.path))
		wantItems += h.items
	}
	for i := range feeds {
		feeds[i].Interval = 150 * time.Millisecond
	}
	c := &collector{}
	p, logs := newTestPoller(t, feeds, c, func(cfg *PollerConfig) {
		cfg.Workers = 4
		cfg.Fetch.Timeout = time.Second
		cfg.MaxBackoff = 2 * time.Second
		cfg.ClaimInterval = 20 * time.Millisecond
	})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		healthyPolled := true
		for _, h := range p.Health() {
			if !isBroken(h.Feed) && h.LastSuccess.IsZero() {
				healthyPolled = false
			}
		}
		_, notMod := farm.hitsOf("/feed.json")
		if len(c.counts()) >= wantItems && healthyPolled && notMod >= 2 && allBrokenFailed(p) && len(farm.gaps("/status/500")) >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not settled: %d distinct items, health %+v", len(c.counts()), p.Health())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}

	counts := c.counts()
	if len(counts) != wantItems {
		t.Errorf("%d distinct items, want %d: %v", len(counts), wantItems, counts)
	}
	for key, n := range counts {
		if n != 1 {
			t.Errorf("%s delivered %d times", key, n)
		}
	}
	for _, h := range healthy {
		if got := len(c.byFeed(h.id)); got != h.items {
			t.Errorf("%s: %d items delivered, want %d", h.id, got, h.items)
		}
	}
	health := map[string]FeedHealth{}
	for _, h := range p.Health() {
		health[h.Feed] = h
	}
	for _, b := range brokenFeeds {
		h := health[b.id]
		if !strings.HasPrefix(h.LastError, "poll "+b.id+": ") || !strings.Contains(h.LastError, b.msg) {
			t.Errorf("%s: last error %q, want it to name the feed and say %q", b.id, h.LastError, b.msg)
		}
		if !strings.Contains(logs.String(), "feed="+b.id+" ") {
			t.Errorf("%s: no log line carries feed=%s", b.id, b.id)
		}
	}
	// Failing feeds are retried, each time after a longer wait.
	gaps := farm.gaps("/status/500")
	t.Logf("500 feed polled after gaps %v", gaps)
	if len(gaps) < 3 || gaps[2] < 2*gaps[0] {
		t.Errorf("500 feed polled after gaps %v, want each about twice the one before", gaps)
	}
	// Retry-After: 120 outweighs the 2s backoff cap.
	if until := time.Until(health["http429"].NextPoll); until < 100*time.Second {
		t.Errorf("429 feed next poll in %s, want Retry-After honoured", until)
	}
	if n := len(farm.gaps("/status/429")); n != 0 {
		t.Errorf("429 feed polled %d more times inside its Retry-After", n)
	}
	// Its <ttl>15</ttl> outweighs the 150ms interval (up to an hour).
	if until := time.Until(health["ani-world"].NextPoll); until < 13*time.Minute || until > 15*time.Minute {
		t.Errorf("ani-world next poll in %s, want its 15m TTL honoured", until)
	}
	for _, h := range healthy {
		if got := health[h.id]; got.ConsecutiveErrors != 0 || got.LastError != "" {
			t.Errorf("healthy feed %s: %+v", h.id, got)
		}
	}
}

func allBrokenFailed(p *Poller) bool {
	for _, h := range p.Health() {
		if isBroken(h.Feed) && (h.ConsecutiveErrors == 0 || h.NextPoll.IsZero()) {
			return false
		}
	}
	return true
}

func TestRunWithoutFeedsWaitsForCancel(t *testing.T) {
	p, _ := newTestPoller(t, nil, &collector{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestNewPollerChecksConfig(t *testing.T) {
	if _, err := NewPoller(PollerConfig{}); err == nil {
		t.Error("poller without sink accepted")
	}
	sink := func(context.Context, *article.Raw) error { return nil }
	dup := []config.Feed{{ID: "a", URL: "https://x/"}, {ID: "a", URL: "https://y/"}}
	if _, err := NewPoller(PollerConfig{Sink: sink, Feeds: dup}); err == nil {
		t.Error("duplicate feed ids accepted")
	}
}

func TestNewPollerConfigFromConfig(t *testing.T) {
	cfg := config.Default()
	cfg.Feeds = []config.Feed{{ID: "a", Agency: "ANI", URL: "https://aninews.in/rss/feed/category/world.xml", Interval: time.Minute, FetchPage: config.FetchPageAuto}}
	pc := NewPollerConfig(cfg, func(context.Context, *article.Raw) error { return nil }, nil)
	if pc.FeedMaxBytes != 10<<20 || pc.PageMaxBytes != 5<<20 || pc.Workers != 16 || pc.PerHost != 2 ||
		pc.Fetch.Timeout != 20*time.Second || pc.MinInterval != 30*time.Second || len(pc.Feeds) != 1 {
		t.Errorf("poller config = %+v", pc)
	}
}

func TestMemoryStateForgets(t *testing.T) {
	s := NewMemoryState()
	ctx := context.Background()
	t0 := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	s.Record(ctx, "f", "old", "h1", t0)
	s.Record(ctx, "f", "kept", "h2", t0)
	s.Seen(ctx, "f", []string{"kept"}, t0.Add(10*24*time.Hour))
	s.Forget(ctx, "f", t0.Add(7*24*time.Hour))
	got, _ := s.Seen(ctx, "f", []string{"old", "kept"}, t0.Add(10*24*time.Hour))
	if _, ok := got["old"]; ok || got["kept"] != "h2" {
		t.Errorf("after Forget: %v", got)
	}
}

func TestHostLimiterSpacesRequests(t *testing.T) {
	l := newHostLimiter(1, 200*time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	for range 2 {
		release, err := l.acquire(ctx, "https://aninews.in/a")
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Errorf("2 requests to one host took %s, want at least the 200ms delay", elapsed)
	}
	// Another host is not held up.
	other := time.Now()
	release, _ := l.acquire(ctx, "https://tass.com/rss/v2.xml")
	release()
	if time.Since(other) > 150*time.Millisecond {
		t.Error("second host waited for the first")
	}
	cctx, cancel := context.WithCancel(ctx)
	hold, _ := l.acquire(ctx, "https://busy.example.org/")
	cancel()
	if _, err := l.acquire(cctx, "https://busy.example.org/"); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire on a cancelled context: %v", err)
	}
	hold()
}
