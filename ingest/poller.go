package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

// Sink receives every new or changed item, with its page when one was
// fetched. An error stops the poll of that feed; the items it had not yet
// accepted come again on the next poll.
type Sink func(ctx context.Context, raw *article.Raw) error

// PollerConfig configures a Poller. Zero values take the defaults named.
type PollerConfig struct {
	// Feeds are the configured feeds: what the default Schedule polls, and
	// what Health lists first.
	Feeds []config.Feed
	// Fetch configures the HTTP fetchers. Its AllowPrivate is ignored: each
	// feed's own allow_private decides.
	Fetch FetcherOptions
	// FeedMaxBytes and PageMaxBytes cap bodies after decompression.
	// Defaults 10 MiB and 5 MiB.
	FeedMaxBytes, PageMaxBytes int64
	// Workers is how many feeds are polled at once. Default 16.
	Workers int
	// PerHost is how many requests may be open to one host. Default 2.
	PerHost int
	// PolitenessDelay spaces the starts of requests to one host. Zero
	// means no delay.
	PolitenessDelay time.Duration
	// MinInterval is a floor under every feed's interval. Zero means none
	// (config validation already enforces config.MinFeedInterval).
	MinInterval time.Duration
	// MaxBackoff caps the delay after repeated errors. Default 6h.
	MaxBackoff time.Duration
	// ItemRetention is how long an item id that left its feed is
	// remembered. Default 7 days.
	ItemRetention time.Duration
	// State remembers validators and item hashes. Default: a MemoryState.
	State State
	// Schedule hands Run its due feeds. Default: a MemorySchedule of
	// Feeds. A store-backed schedule shares one feed list among pollers on
	// many hosts, and Feeds is then only what Health lists first.
	Schedule Schedule
	// Lease is how long a claimed feed stays this poller's without
	// renewal; a poll renews it every Lease/3, so a poller that dies
	// leaves its feeds to others within Lease. Default 2m.
	Lease time.Duration
	// ClaimInterval is how often Run asks the Schedule for due feeds while
	// no claim is pending. Default 1s.
	ClaimInterval time.Duration
	// Logger receives one line per poll problem. Default slog.Default().
	Logger *slog.Logger
	// Sink receives new and changed items. Required.
	Sink Sink
	// Now is the clock for timestamps. Default time.Now.
	Now func() time.Time
}

// NewPollerConfig returns the poller configuration an operator's config
// describes, with the given sink and logger.
func NewPollerConfig(cfg *config.Config, sink Sink, logger *slog.Logger) PollerConfig {
	in := cfg.Ingest
	return PollerConfig{
		Feeds:           cfg.Feeds,
		Fetch:           OptionsFromConfig(in),
		FeedMaxBytes:    int64(in.FeedMaxBytes),
		PageMaxBytes:    int64(in.PageMaxBytes),
		Workers:         in.Workers,
		PerHost:         in.PerHost,
		PolitenessDelay: in.PolitenessDelay.Std(),
		MinInterval:     in.MinInterval.Std(),
		Lease:           in.Lease.Std(),
		Logger:          logger,
		Sink:            sink,
	}
}

// Result says what one poll of a feed did.
type Result struct {
	Feed string
	// Status is the HTTP status of the feed response (0 if none came).
	Status int
	// NotModified is true when the server answered 304; nothing was parsed.
	NotModified bool
	// URL is where the feed came from after redirects.
	URL string
	// Title and TTL come from the feed; Type is rss, atom or json, and
	// Charset what the bytes were decoded from.
	Title   string
	TTL     time.Duration
	Type    string
	Charset string
	// CacheFor is how long the response said it stays fresh
	// (Cache-Control max-age or Expires).
	CacheFor time.Duration
	// Items counts distinct items in the feed; Duplicates those dropped
	// for repeating an identity.
	Items, Duplicates int
	// New and Updated count the items sent to the sink; Unchanged those
	// not sent because they were sent before as they are.
	New, Updated, Unchanged int
	// PageErrors counts items sent without their page.
	PageErrors int
}

// FeedHealth is how a feed has been doing in this poller since it started.
type FeedHealth struct {
	Feed   string `json:"feed"`
	Agency string `json:"agency"`
	URL    string `json:"url"`
	// LastPoll is when the last poll finished, successful or not.
	LastPoll time.Time `json:"last_poll"`
	// LastSuccess is when a poll last succeeded (a 304 is a success).
	LastSuccess time.Time `json:"last_success"`
	// LastError is the last poll error, kept after later successes so the
	// operator can see what happened; LastErrorAt says when.
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at"`
	// LastStatus is the HTTP status of the last response (0 if none).
	LastStatus int `json:"last_status"`
	// ConsecutiveErrors counts failed polls since the last success.
	ConsecutiveErrors int `json:"consecutive_errors"`
	// NextPoll is when Run will poll the feed next.
	NextPoll time.Time `json:"next_poll"`
	// ItemsSeen counts new items sent to the sink; ItemsUpdated changed
	// ones.
	ItemsSeen    int `json:"items_seen"`
	ItemsUpdated int `json:"items_updated"`
}

// Poller polls feeds and sends their new and changed items to a sink.
type Poller struct {
	cfg     PollerConfig
	public  *Fetcher
	private func() *Fetcher
	hosts   *hostLimiter

	mu     sync.Mutex
	health map[string]*FeedHealth
}

// NewPoller checks cfg, fills its defaults and returns a Poller.
func NewPoller(cfg PollerConfig) (*Poller, error) {
	if cfg.Sink == nil {
		return nil, errors.New("ingest: poller needs a sink")
	}
	seen := map[string]bool{}
	for _, f := range cfg.Feeds {
		if f.ID == "" {
			return nil, fmt.Errorf("ingest: feed %s has no id", f.URL)
		}
		if seen[f.ID] {
			return nil, fmt.Errorf("ingest: feed id %q appears twice", f.ID)
		}
		seen[f.ID] = true
	}
	if cfg.FeedMaxBytes <= 0 {
		cfg.FeedMaxBytes = 10 << 20
	}
	if cfg.PageMaxBytes <= 0 {
		cfg.PageMaxBytes = 5 << 20
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = 2
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 6 * time.Hour
	}
	if cfg.ItemRetention <= 0 {
		cfg.ItemRetention = 7 * 24 * time.Hour
	}
	if cfg.State == nil {
		cfg.State = NewMemoryState()
	}
	if cfg.Schedule == nil {
		cfg.Schedule = NewMemorySchedule(cfg.Feeds)
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.ClaimInterval <= 0 {
		cfg.ClaimInterval = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	opts := cfg.Fetch
	opts.AllowPrivate = false
	privateOpts := cfg.Fetch
	privateOpts.AllowPrivate = true
	p := &Poller{
		cfg:     cfg,
		public:  NewFetcher(opts),
		private: sync.OnceValue(func() *Fetcher { return NewFetcher(privateOpts) }),
		hosts:   newHostLimiter(cfg.PerHost, cfg.PolitenessDelay),
		health:  map[string]*FeedHealth{},
	}
	for _, f := range cfg.Feeds {
		p.health[f.ID] = &FeedHealth{Feed: f.ID, Agency: f.Agency, URL: f.URL}
	}
	return p, nil
}

func (p *Poller) fetcherFor(feed config.Feed) *Fetcher {
	if feed.AllowPrivate {
		return p.private()
	}
	return p.public
}

// PollOnce polls one feed now: a conditional GET, parsing, pages for items
// that need them, and the sink for every new or changed item. It updates
// the feed's health and logs problems with feed and url attributes.
func (p *Poller) PollOnce(ctx context.Context, feed config.Feed) (Result, error) {
	res, err := p.poll(ctx, feed)
	if err != nil {
		err = fmt.Errorf("poll %s: %w", feed.ID, err)
	}
	if ctx.Err() != nil {
		// Shutting down is not the feed's fault.
		return res, err
	}
	p.record(feed, res, err)
	log := p.cfg.Logger.With("feed", feed.ID, "url", feed.URL)
	if err != nil {
		log.Warn("poll failed", "status", res.Status, "error", err.Error())
	} else if res.New+res.Updated > 0 || res.PageErrors > 0 {
		log.Info("polled", "new", res.New, "updated", res.Updated, "unchanged", res.Unchanged,
			"duplicates", res.Duplicates, "page_errors", res.PageErrors)
	} else {
		log.Debug("polled", "status", res.Status, "not_modified", res.NotModified, "items", res.Items)
	}
	return res, err
}

func (p *Poller) poll(ctx context.Context, feed config.Feed) (Result, error) {
	res := Result{Feed: feed.ID}
	state := p.cfg.State
	fetcher := p.fetcherFor(feed)
	cond, err := state.Validators(ctx, feed.ID)
	if err != nil {
		return res, fmt.Errorf("load validators: %w", err)
	}
	resp, err := p.fetch(ctx, fetcher, feed.URL, cond, p.cfg.FeedMaxBytes)
	if err != nil {
		var he *HTTPError
		if errors.As(err, &he) {
			res.Status = he.Status
		}
		return res, err
	}
	now := p.cfg.Now()
	res.Status, res.URL = resp.Status, resp.FinalURL
	res.CacheFor = cacheLifetime(resp.Header, now)
	if resp.NotModified {
		res.NotModified = true
		return res, nil
	}
	// Relative links resolve against where the feed really came from.
	located := feed
	located.URL = resp.FinalURL
	raws, meta, err := ParseFeed(located, resp.Body, resp.ContentType, now)
	if err != nil {
		return res, fmt.Errorf("parse %s: %w", resp.FinalURL, err)
	}
	res.Title, res.TTL, res.Items, res.Duplicates = meta.Title, meta.TTL, len(raws), meta.Duplicates
	res.Type, res.Charset = meta.Type, meta.Charset

	ids := make([]string, len(raws))
	for i, raw := range raws {
		ids[i] = raw.ItemID
	}
	known, err := state.Seen(ctx, feed.ID, ids, now)
	if err != nil {
		return res, fmt.Errorf("load item state: %w", err)
	}
	// Feeds list newest first; sending oldest first lets downstream see
	// stories in the order they were filed.
	for i := len(raws) - 1; i >= 0; i-- {
		raw := raws[i]
		// Hashed before the page is attached: the page is fetched only for
		// new or changed items, so it cannot be part of what decides that.
		hash := raw.ContentHash()
		prev, wasSent := known[raw.ItemID]
		if wasSent && prev == hash {
			res.Unchanged++
			continue
		}
		if wantsPage(feed, raw) {
			p.attachPage(ctx, fetcher, feed, raw)
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if raw.PageError != "" {
				res.PageErrors++
			}
		}
		if err := p.cfg.Sink(ctx, raw); err != nil {
			return res, fmt.Errorf("sink item %s: %w", raw.ItemID, err)
		}
		if err := state.Record(ctx, feed.ID, raw.ItemID, hash, now); err != nil {
			return res, fmt.Errorf("record item %s: %w", raw.ItemID, err)
		}
		if wasSent {
			res.Updated++
		} else {
			res.New++
		}
	}
	if err := state.SetValidators(ctx, feed.ID, resp.Validators); err != nil {
		return res, fmt.Errorf("save validators: %w", err)
	}
	if err := state.Forget(ctx, feed.ID, now.Add(-p.cfg.ItemRetention)); err != nil {
		return res, fmt.Errorf("forget old items: %w", err)
	}
	return res, nil
}

// fetch takes a turn at the URL's host before fetching.
func (p *Poller) fetch(ctx context.Context, f *Fetcher, rawURL string, cond Validators, limit int64) (*Response, error) {
	release, err := p.hosts.acquire(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	defer release()
	return f.Fetch(ctx, rawURL, cond, limit)
}

// autoPageBelow is the length of text under which an item is taken to
// carry only a summary, so fetch_page: auto fetches its page.
const autoPageBelow = 600

func wantsPage(feed config.Feed, raw *article.Raw) bool {
	if raw.Link == "" {
		return false
	}
	switch feed.FetchPage {
	case config.FetchPageAlways:
		return true
	case config.FetchPageNever:
		return false
	}
	return textLength(raw.Content) < autoPageBelow
}

// attachPage fetches the item's page under the page cap and puts it, as
// UTF-8, on raw; a failure is noted in raw.PageError and the item goes on.
func (p *Poller) attachPage(ctx context.Context, f *Fetcher, feed config.Feed, raw *article.Raw) {
	resp, err := p.fetch(ctx, f, raw.Link, Validators{}, p.cfg.PageMaxBytes)
	if err == nil && !isHTML(resp) {
		err = fmt.Errorf("page %s is %s, not HTML", resp.FinalURL, mediaTypeOf(resp))
	}
	if err != nil {
		raw.PageError = err.Error()
		if ctx.Err() == nil {
			p.cfg.Logger.Info("page not fetched", "feed", feed.ID, "url", feed.URL, "page", raw.Link, "error", err.Error())
		}
		return
	}
	raw.Page, _ = pageToUTF8(resp.Body, resp.ContentType)
	raw.PageURL = resp.FinalURL
}

func mediaTypeOf(resp *Response) string {
	if mt, _, err := mime.ParseMediaType(resp.ContentType); err == nil {
		return mt
	}
	return http.DetectContentType(resp.Body)
}

func isHTML(resp *Response) bool {
	switch mt := mediaTypeOf(resp); mt {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "text/plain", "application/octet-stream":
		return looksLikeHTML(resp.Body)
	}
	return false
}

// record updates a feed's health after a poll.
func (p *Poller) record(feed config.Feed, res Result, err error) {
	now := p.cfg.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.healthOf(feed)
	h.LastPoll = now
	if res.Status != 0 {
		h.LastStatus = res.Status
	}
	if err != nil {
		h.LastError = err.Error()
		h.LastErrorAt = now
		h.ConsecutiveErrors++
	} else {
		h.LastSuccess = now
		h.ConsecutiveErrors = 0
	}
	h.ItemsSeen += res.New
	h.ItemsUpdated += res.Updated
}

// healthOf returns the feed's health record, creating it; p.mu is held.
func (p *Poller) healthOf(feed config.Feed) *FeedHealth {
	h, ok := p.health[feed.ID]
	if !ok {
		h = &FeedHealth{Feed: feed.ID, Agency: feed.Agency, URL: feed.URL}
		p.health[feed.ID] = h
	}
	return h
}

func (p *Poller) setNextPoll(feed config.Feed, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.healthOf(feed).NextPoll = at
}

// Health returns the health of every feed this poller has polled, as this
// process saw it: configured feeds in config order, then any other feed
// (claimed from a shared Schedule, or polled with PollOnce), by id. The
// shared view across pollers is the store's (store.FeedStore.FeedHealth).
func (p *Poller) Health() []FeedHealth {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]FeedHealth, 0, len(p.health))
	listed := map[string]bool{}
	for _, f := range p.cfg.Feeds {
		out = append(out, *p.health[f.ID])
		listed[f.ID] = true
	}
	var extra []FeedHealth
	for id, h := range p.health {
		if !listed[id] {
			extra = append(extra, *h)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Feed < extra[j].Feed })
	return append(out, extra...)
}

// Close releases the fetchers' idle connections.
func (p *Poller) Close() {
	p.public.Close()
	p.private().Close()
}
