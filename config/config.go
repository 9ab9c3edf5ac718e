// Package config reads wiredesk's one YAML file: feeds, NATS, database,
// review server, disclaimers and ingest limits. It applies WIREDESK_*
// environment overrides, fills defaults, and validates everything at once,
// naming the key and the line of every problem so an operator can fix a
// config in one pass.
//
// The package depends on the standard library and the YAML parser only, so
// every other package can import it without pulling in the pipeline.
package config

import (
	"log/slog"
	"strings"
	"time"
)

// DefaultDisclaimer is attached to stored stories when neither the agency
// nor disclaimers.default configures another text. It repeats
// article.DefaultDisclaimer word for word: config imports nothing of
// wiredesk, so the text is duplicated here and must be kept equal.
const DefaultDisclaimer = "News stories are provided by news agencies. We do not guarantee their accuracy."

// Defaults that are not obvious from Default().
const (
	// DefaultFeedInterval is how often a feed without an interval is polled.
	DefaultFeedInterval = 5 * time.Minute
	// MinFeedInterval is the hard floor under every feed interval and under
	// ingest.min_interval: polling an agency more often is impolite and
	// gains nothing.
	MinFeedInterval = 30 * time.Second
	// MaxNATSPayload is the largest max_payload a NATS server accepts.
	MaxNATSPayload = 64 * MiB
)

// Config is the whole wiredesk configuration.
type Config struct {
	// DataDir holds the embedded NATS file store and the SQLite database.
	DataDir string `yaml:"data_dir"`
	// LogLevel is debug, info, warn or error.
	LogLevel    string      `yaml:"log_level"`
	NATS        NATS        `yaml:"nats"`
	Database    Database    `yaml:"database"`
	Review      Review      `yaml:"review"`
	Publish     Publish     `yaml:"publish"`
	Disclaimers Disclaimers `yaml:"disclaimers"`
	Ingest      Ingest      `yaml:"ingest"`
	Feeds       []Feed      `yaml:"feeds"`
	// Extraction holds per-site rules used before the general algorithm.
	Extraction Extraction `yaml:"extraction"`
	// Dedup tunes near-duplicate detection; zero values keep the defaults.
	Dedup Dedup `yaml:"dedup"`

	// source names the file the config came from, for error messages.
	source string
	// lines maps key paths ("feeds[2].url") to the line they are on.
	lines map[string]int
	// fromEnv maps key paths to the environment variable that set them.
	fromEnv map[string]string
}

// Dedup holds the near-duplicate thresholds (docs/dedup.md explains them).
// Zero means the default of package dedup.
type Dedup struct {
	// NearJaccard is the estimated Jaccard similarity of two stories' word
	// shingles from which they are near copies (default 0.3).
	NearJaccard float64 `yaml:"near_jaccard"`
	// NearContainment is the share of the shorter story's shingles found in
	// the longer from which they are near copies (default 0.6).
	NearContainment float64 `yaml:"near_containment"`
}

// Extraction tunes how pages become articles.
type Extraction struct {
	// Rules are CSS selectors for the story's body and for what to drop,
	// per domain (subdomains included), tried before the general search.
	Rules []SiteRule `yaml:"rules"`
}

// SiteRule is one domain's selectors. The selectors are compiled, and
// reported when broken, where the rules are used (normalize.SiteRule).
type SiteRule struct {
	Domain string   `yaml:"domain"`
	Body   []string `yaml:"body"`
	Drop   []string `yaml:"drop"`
}

// NATS says which NATS server to use.
type NATS struct {
	// URL of an external server or cluster; empty runs an embedded server
	// with JetStream under DataDir.
	URL string `yaml:"url"`
	// StreamPrefix is put in front of stream names so that several
	// deployments (or tests) can share one server; empty uses the names of
	// DESIGN.md.
	StreamPrefix string `yaml:"stream_prefix"`
	// MaxPayload is the embedded server's largest message. It must carry a
	// raw item with its page: a 5 MiB page is about 6.7 MiB once base64'd
	// into JSON, so the default is 8 MiB.
	MaxPayload ByteSize `yaml:"max_payload"`
	// Streams are the settings of the streams wiredesk creates.
	Streams Streams `yaml:"streams"`
}

// Streams holds per-stream settings.
type Streams struct {
	// Published is WIRE_PUBLISHED, which downstream sites read and replay.
	Published Stream `yaml:"published"`
}

// Stream is one JetStream stream's limits. Zero values keep the default.
type Stream struct {
	// Replicas is 1 on one server and 3 on a cluster. Default 1.
	Replicas int `yaml:"replicas"`
	// MaxAge bounds how far back consumers can replay. Default 720h (30
	// days) for the published stream.
	MaxAge Duration `yaml:"max_age"`
	// MaxBytes bounds the stream's size; the oldest messages go first. 0
	// means no bound.
	MaxBytes ByteSize `yaml:"max_bytes"`
	// DuplicateWindow is how long the server drops a second message with
	// the same Nats-Msg-Id. Default 2h.
	DuplicateWindow Duration `yaml:"duplicate_window"`
}

// Publish configures how approved stories go downstream.
type Publish struct {
	// OutboxLease is how long a relay holds the outbox rows it claimed; a
	// relay that dies leaves them to the others within it. Default 30s.
	OutboxLease Duration `yaml:"outbox_lease"`
	// RelayPoll is how often a relay reads the outbox when nothing in its
	// own process woke it (approvals from other hosts). Default 250ms.
	RelayPoll Duration `yaml:"relay_poll"`
	// PublicFeeds serves the Atom and JSON feeds of published stories
	// without an API key. Default false: every read needs a key.
	PublicFeeds bool `yaml:"public_feeds"`
}

// Database says where stories are stored.
type Database struct {
	// URL is postgres://… (or postgresql://…) for PostgreSQL, sqlite:PATH
	// for SQLite; empty means SQLite at DataDir/wiredesk.db.
	URL string `yaml:"url"`
}

// Driver returns "postgres" or "sqlite" for the configured URL.
func (d Database) Driver() string {
	if strings.HasPrefix(d.URL, "postgres://") || strings.HasPrefix(d.URL, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// Review configures the editors' web UI and HTTP API.
type Review struct {
	// Listen is the host:port the review server binds. Default
	// 127.0.0.1:8080.
	Listen string `yaml:"listen"`
	// PublicNames are the host names browsers reach the desk by
	// (desk.example.com); requests for any other Host are refused, which
	// stops DNS rebinding. Loopback names are always allowed.
	PublicNames []string `yaml:"public_names"`
	// TLSCert and TLSKey make the desk serve HTTPS itself.
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// TrustProxy believes X-Forwarded-Proto and X-Forwarded-For: set it
	// only behind a reverse proxy that sets them (and terminates TLS).
	TrustProxy bool `yaml:"trust_proxy"`
	// SessionIdle ends a session unused this long. Default 30m.
	SessionIdle Duration `yaml:"session_idle"`
	// SessionMax ends a session this long after login. Default 12h.
	SessionMax Duration `yaml:"session_max"`
}

// Disclaimers are the accuracy notices attached to stored stories.
type Disclaimers struct {
	// Default applies to every agency without its own text.
	Default string `yaml:"default"`
	// Agencies maps an agency name (matched without regard to case) to its
	// own disclaimer.
	Agencies map[string]string `yaml:"agencies"`
}

// Ingest holds the limits and manners of feed polling.
type Ingest struct {
	// Timeout bounds a whole request, body included. Default 20s.
	Timeout Duration `yaml:"timeout"`
	// ConnectTimeout bounds establishing a connection. Default 10s.
	ConnectTimeout Duration `yaml:"connect_timeout"`
	// FeedMaxBytes caps a feed body after decompression. Default 10MiB.
	FeedMaxBytes ByteSize `yaml:"feed_max_bytes"`
	// PageMaxBytes caps an article page after decompression. Default 5MiB.
	PageMaxBytes ByteSize `yaml:"page_max_bytes"`
	// UserAgent is sent with every request.
	UserAgent string `yaml:"user_agent"`
	// Workers is how many feeds are polled at once. Default 16.
	Workers int `yaml:"workers"`
	// PerHost is how many requests may be open to one host at once.
	// Default 2.
	PerHost int `yaml:"per_host"`
	// MinInterval is the shortest interval any feed may have. Default 30s.
	MinInterval Duration `yaml:"min_interval"`
	// PolitenessDelay is the pause between two requests to one host.
	// Default 1s.
	PolitenessDelay Duration `yaml:"politeness_delay"`
	// Lease is how long a poller holds a claimed feed without renewing it;
	// a poller that dies leaves its feeds to the others within it.
	// Default 2m.
	Lease Duration `yaml:"lease"`
}

// FetchPage says when the article page behind a feed item is fetched.
type FetchPage string

// FetchPage values.
const (
	// FetchPageAuto fetches the page when the item carries only a summary.
	FetchPageAuto FetchPage = "auto"
	// FetchPageAlways fetches the page for every new or changed item.
	FetchPageAlways FetchPage = "always"
	// FetchPageNever relies on the feed alone.
	FetchPageNever FetchPage = "never"
)

// Valid reports whether f is one of the known values.
func (f FetchPage) Valid() bool {
	switch f {
	case FetchPageAuto, FetchPageAlways, FetchPageNever:
		return true
	}
	return false
}

// Feed is one agency feed to poll.
type Feed struct {
	// ID names the feed in logs, metrics, subjects and stored stories; it
	// must be unique.
	ID string `yaml:"id"`
	// Agency is the news agency the feed belongs to, e.g. "ANI".
	Agency string `yaml:"agency"`
	// URL is the feed's http(s) address.
	URL string `yaml:"url"`
	// Interval between polls. Default 5m, never below ingest.min_interval.
	Interval time.Duration `yaml:"interval"`
	// FetchPage is auto (default), always or never.
	FetchPage FetchPage `yaml:"fetch_page"`
	// AllowPrivate lets this feed (and its pages) reach loopback and
	// private-network addresses, e.g. an agency mirror on the intranet.
	AllowPrivate bool `yaml:"allow_private"`
}

// Default returns the configuration used when the file says nothing.
func Default() *Config {
	return &Config{
		DataDir:  "data",
		LogLevel: "info",
		NATS: NATS{
			MaxPayload: 8 * MiB,
			Streams: Streams{Published: Stream{
				Replicas: 1, MaxAge: Duration(30 * 24 * time.Hour), DuplicateWindow: Duration(2 * time.Hour),
			}},
		},
		Publish: Publish{
			OutboxLease: Duration(30 * time.Second),
			RelayPoll:   Duration(250 * time.Millisecond),
		},
		Review: Review{Listen: "127.0.0.1:8080", SessionIdle: Duration(30 * time.Minute), SessionMax: Duration(12 * time.Hour)},
		Disclaimers: Disclaimers{
			Default: DefaultDisclaimer,
		},
		Ingest: Ingest{
			Timeout:         Duration(20 * time.Second),
			ConnectTimeout:  Duration(10 * time.Second),
			FeedMaxBytes:    10 * MiB,
			PageMaxBytes:    5 * MiB,
			UserAgent:       "wiredesk/0.1 (+https://github.com/wiredesk/wiredesk)",
			Workers:         16,
			PerHost:         2,
			MinInterval:     Duration(MinFeedInterval),
			PolitenessDelay: Duration(time.Second),
			Lease:           Duration(2 * time.Minute),
		},
	}
}

// defaultFeed is what every feed entry starts from before its keys are read.
func defaultFeed() Feed {
	return Feed{Interval: DefaultFeedInterval, FetchPage: FetchPageAuto}
}

// DisclaimerFor returns the disclaimer for an agency: its own text if one is
// configured (agency names match without regard to case), else the default.
func (c *Config) DisclaimerFor(agency string) string {
	if d, ok := c.Disclaimers.Agencies[agency]; ok {
		return d
	}
	for name, d := range c.Disclaimers.Agencies {
		if strings.EqualFold(name, agency) {
			return d
		}
	}
	if c.Disclaimers.Default != "" {
		return c.Disclaimers.Default
	}
	return DefaultDisclaimer
}

// SlogLevel returns LogLevel as a slog level (info when unrecognised).
func (c *Config) SlogLevel() slog.Level {
	level, _ := parseLogLevel(c.LogLevel)
	return level
}

// Feed returns the feed with the given id.
func (c *Config) Feed(id string) (Feed, bool) {
	for _, f := range c.Feeds {
		if f.ID == id {
			return f, true
		}
	}
	return Feed{}, false
}

func parseLogLevel(s string) (slog.Level, bool) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, true
	case "info":
		return slog.LevelInfo, true
	case "warn", "warning":
		return slog.LevelWarn, true
	case "error":
		return slog.LevelError, true
	}
	return slog.LevelInfo, false
}
