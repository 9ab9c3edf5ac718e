package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const validYAML = `data_dir: /var/lib/wiredesk
log_level: debug
nats:
  url: nats://127.0.0.1:4222
  stream_prefix: test_1
  max_payload: 16MiB
database:
  url: postgres://postgres@127.0.0.1:5432/wiredesk
review:
  listen: 0.0.0.0:9090
disclaimers:
  default: Agencies are responsible for their stories.
  agencies:
    ANI: ANI stories are ANI's.
ingest:
  timeout: 30s
  connect_timeout: 5s
  feed_max_bytes: 2MiB
  page_max_bytes: 1MB
  user_agent: test-agent
  workers: 4
  per_host: 1
  min_interval: 1m
  politeness_delay: 250ms
feeds:
  - id: ani-world
    agency: ANI
    url: https://aninews.in/rss/feed/category/world.xml
  - id: ani-national
    agency: ANI
    url: https://aninews.in/rss/feed/category/national.xml
    interval: 2m
    fetch_page: always
    allow_private: true
`

func TestParseReadsEveryKey(t *testing.T) {
	cfg, err := Parse([]byte(validYAML), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"data_dir", cfg.DataDir, "/var/lib/wiredesk"},
		{"log_level", cfg.LogLevel, "debug"},
		{"nats.url", cfg.NATS.URL, "nats://127.0.0.1:4222"},
		{"nats.stream_prefix", cfg.NATS.StreamPrefix, "test_1"},
		{"nats.max_payload", cfg.NATS.MaxPayload, 16 * MiB},
		{"database.url", cfg.Database.URL, "postgres://postgres@127.0.0.1:5432/wiredesk"},
		{"database driver", cfg.Database.Driver(), "postgres"},
		{"review.listen", cfg.Review.Listen, "0.0.0.0:9090"},
		{"disclaimers.default", cfg.Disclaimers.Default, "Agencies are responsible for their stories."},
		{"ingest.timeout", cfg.Ingest.Timeout.Std(), 30 * time.Second},
		{"ingest.connect_timeout", cfg.Ingest.ConnectTimeout.Std(), 5 * time.Second},
		{"ingest.feed_max_bytes", cfg.Ingest.FeedMaxBytes, 2 * MiB},
		{"ingest.page_max_bytes", cfg.Ingest.PageMaxBytes, MB},
		{"ingest.user_agent", cfg.Ingest.UserAgent, "test-agent"},
		{"ingest.workers", cfg.Ingest.Workers, 4},
		{"ingest.per_host", cfg.Ingest.PerHost, 1},
		{"ingest.min_interval", cfg.Ingest.MinInterval.Std(), time.Minute},
		{"ingest.politeness_delay", cfg.Ingest.PolitenessDelay.Std(), 250 * time.Millisecond},
		{"feeds", len(cfg.Feeds), 2},
		{"feeds[0] default interval", cfg.Feeds[0].Interval, DefaultFeedInterval},
		{"feeds[0] default fetch_page", cfg.Feeds[0].FetchPage, FetchPageAuto},
		{"feeds[0] allow_private", cfg.Feeds[0].AllowPrivate, false},
		{"feeds[1].interval", cfg.Feeds[1].Interval, 2 * time.Minute},
		{"feeds[1].fetch_page", cfg.Feeds[1].FetchPage, FetchPageAlways},
		{"feeds[1].allow_private", cfg.Feeds[1].AllowPrivate, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestEmptyFileGivesDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing here\n", "---\n"} {
		cfg, err := Parse([]byte(src), "empty.yaml")
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		def := Default()
		if cfg.Review.Listen != "127.0.0.1:8080" || cfg.Ingest.Timeout.Std() != 20*time.Second ||
			cfg.Ingest.FeedMaxBytes != 10*MiB || cfg.Ingest.PageMaxBytes != 5*MiB ||
			cfg.NATS.URL != "" || cfg.Database.URL != "" || cfg.Database.Driver() != "sqlite" ||
			cfg.DataDir != def.DataDir || len(cfg.Feeds) != 0 {
			t.Errorf("%q: defaults not filled: %+v", src, cfg)
		}
	}
}

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

// Every error names the file, the line and the key, so the operator can
// go straight to it.
func TestParseErrorsNameKeyAndLine(t *testing.T) {
	feed := func(extra string) string {
		return "feeds:\n  - id: ani\n    agency: ANI\n    url: https://aninews.in/rss.xml\n" + extra
	}
	tests := []struct {
		name string
		yaml string
		want []string // every line of the error, in order
	}{
		{
			name: "unknown top-level key with suggestion",
			yaml: "log_level: info\n\n\n\n\n\nfeedz: []\n",
			want: []string{`wiredesk.yaml:7: unknown key "feedz" (did you mean "feeds"?)`},
		},
		{
			name: "unknown keys at every depth are all reported",
			yaml: "nats:\n  ur1: nats://x\n" + feed("    intervall: 5m\n") + "colour: red\n",
			want: []string{
				`wiredesk.yaml:2: unknown key "nats.ur1" (did you mean "url"?)`,
				`wiredesk.yaml:7: unknown key "feeds[0].intervall" (did you mean "interval"?)`,
				`wiredesk.yaml:8: unknown key "colour"`,
			},
		},
		{
			name: "url that is not http",
			yaml: "feeds:\n  - id: a\n    agency: ANI\n    url: https://ok.example/a\n  - id: b\n    agency: ANI\n    url: https://ok.example/b\n  - id: c\n    agency: ANI\n    url: ftp://x\n",
			want: []string{`wiredesk.yaml:10: feeds[2].url: "ftp://x" is not an http(s) URL`},
		},
		{
			name: "url without host",
			yaml: "feeds:\n  - id: a\n    agency: ANI\n    url: https:///path\n",
			want: []string{`wiredesk.yaml:4: feeds[0].url: "https:///path" is not an http(s) URL`},
		},
		{
			name: "missing id, agency and url point at the entry",
			yaml: "feeds:\n  - interval: 5m\n",
			want: []string{
				`wiredesk.yaml:2: feeds[0].id: required`,
				`wiredesk.yaml:2: feeds[0].agency: required`,
				`wiredesk.yaml:2: feeds[0].url: required`,
			},
		},
		{
			name: "duplicate feed id",
			yaml: feed("  - id: ani\n    agency: ANI\n    url: https://aninews.in/other.xml\n"),
			want: []string{`wiredesk.yaml:5: feeds[1].id: "ani" is already used by feeds[0] (line 2)`},
		},
		{
			name: "id and agency unusable in subjects",
			yaml: "feeds:\n  - id: ani world\n    agency: A.N.I\n    url: https://aninews.in/a.xml\n",
			want: []string{
				`wiredesk.yaml:2: feeds[0].id: "ani world" may hold only letters, digits, - and _ (it is used in message ids and subjects)`,
				`wiredesk.yaml:3: feeds[0].agency: "A.N.I" may hold only letters, digits, - and _ (it is a NATS subject token)`,
			},
		},
		{
			name: "interval below the floor",
			yaml: feed("    interval: 10s\n"),
			want: []string{`wiredesk.yaml:5: feeds[0].interval: 10s is below the floor of 30s`},
		},
		{
			name: "interval below a raised min_interval",
			yaml: "ingest:\n  min_interval: 2m\n" + feed("    interval: 1m\n"),
			want: []string{`wiredesk.yaml:7: feeds[0].interval: 1m0s is below the floor of 2m0s`},
		},
		{
			name: "interval that is not a duration",
			yaml: feed("    interval: 5 minutes\n"),
			want: []string{`wiredesk.yaml:5: feeds[0].interval: "5 minutes" is not a duration (write e.g. 90s, 5m, 1h30m)`},
		},
		{
			name: "bare number interval",
			yaml: feed("    interval: 300\n"),
			want: []string{`wiredesk.yaml:5: feeds[0].interval: "300" is not a duration (write e.g. 90s, 5m, 1h30m)`},
		},
		{
			name: "fetch_page value",
			yaml: feed("    fetch_page: sometimes\n"),
			want: []string{`wiredesk.yaml:5: feeds[0].fetch_page: "sometimes" is not one of auto, always, never`},
		},
		{
			name: "allow_private not a bool",
			yaml: feed("    allow_private: maybe\n"),
			want: []string{`wiredesk.yaml:5: feeds[0].allow_private: "maybe" is not true or false`},
		},
		{
			name: "database scheme",
			yaml: "database:\n  url: mysql://db/wiredesk\n",
			want: []string{`wiredesk.yaml:2: database.url: "mysql://db/wiredesk": scheme "mysql" is not postgres, postgresql or sqlite`},
		},
		{
			name: "postgres without host",
			yaml: "database:\n  url: postgres:///wiredesk\n",
			want: []string{`wiredesk.yaml:2: database.url: "postgres:///wiredesk" names no host`},
		},
		{
			name: "log level",
			yaml: "\nlog_level: loud\n",
			want: []string{`wiredesk.yaml:2: log_level: "loud" is not one of debug, info, warn, error`},
		},
		{
			name: "nats url scheme",
			yaml: "nats:\n  url: http://nats:4222\n",
			want: []string{`wiredesk.yaml:2: nats.url: "http://nats:4222": scheme must be nats, tls, ws or wss`},
		},
		{
			name: "max payload too small for pages",
			yaml: "nats:\n  max_payload: 1MiB\n",
			want: []string{`wiredesk.yaml:2: nats.max_payload: 1MiB cannot carry a raw item with a page of ingest.page_max_bytes 5MiB (needs about 7083KiB)`},
		},
		{
			name: "size that is not a size",
			yaml: "ingest:\n  feed_max_bytes: lots\n",
			want: []string{`wiredesk.yaml:2: ingest.feed_max_bytes: "lots" is not a size (write e.g. 10MiB, 512KiB, 5MB)`},
		},
		{
			name: "workers not a number and per_host zero",
			yaml: "ingest:\n  workers: many\n  per_host: 0\n",
			want: []string{
				`wiredesk.yaml:2: ingest.workers: "many" is not a whole number`,
				`wiredesk.yaml:3: ingest.per_host: 0 is below 1`,
			},
		},
		{
			name: "ingest ranges",
			yaml: "ingest:\n  per_host: 0\n  workers: 0\n  connect_timeout: 1m\n  min_interval: 5s\n",
			want: []string{
				`wiredesk.yaml:2: ingest.per_host: 0 is below 1`,
				`wiredesk.yaml:3: ingest.workers: 0 is not between 1 and 4096`,
				`wiredesk.yaml:4: ingest.connect_timeout: 1m0s is longer than ingest.timeout 20s`,
				`wiredesk.yaml:5: ingest.min_interval: 5s is below the floor of 30s`,
			},
		},
		{
			name: "review listen",
			yaml: "review:\n  listen: localhost\n",
			want: []string{`wiredesk.yaml:2: review.listen: "localhost" is not host:port`},
		},
		{
			name: "feeds is not a list",
			yaml: "feeds:\n  id: ani\n",
			want: []string{`wiredesk.yaml:2: feeds: a mapping is not a list`},
		},
		{
			name: "scalar where a section belongs",
			yaml: "ingest: fast\n",
			want: []string{`wiredesk.yaml:1: ingest: "fast" is not a mapping`},
		},
		{
			name: "list where a string belongs",
			yaml: "data_dir: [a, b]\n",
			want: []string{`wiredesk.yaml:1: data_dir: a list where a string was expected`},
		},
		{
			name: "empty disclaimer",
			yaml: "disclaimers:\n  default: \"\"\n",
			want: []string{`wiredesk.yaml:2: disclaimers.default: is empty; every stored story carries a disclaimer`},
		},
		{
			name: "decode and validation problems in one pass",
			yaml: "log_level: loud\nfeeds:\n  - id: a\n    agency: ANI\n    url: gopher://x\n    interval: soon\n",
			want: []string{
				`wiredesk.yaml:1: log_level: "loud" is not one of debug, info, warn, error`,
				`wiredesk.yaml:5: feeds[0].url: "gopher://x" is not an http(s) URL`,
				`wiredesk.yaml:6: feeds[0].interval: "soon" is not a duration (write e.g. 90s, 5m, 1h30m)`,
			},
		},
		{
			name: "duplicate key",
			yaml: "log_level: info\nlog_level: debug\n",
			want: []string{`wiredesk.yaml:2: mapping key "log_level" already defined at [1:1]`},
		},
		{
			name: "syntax error",
			yaml: "feeds: [\n",
			want: []string{`wiredesk.yaml:1: sequence end token ']' not found`},
		},
		{
			name: "two documents",
			yaml: "log_level: info\n---\nlog_level: debug\n",
			want: []string{`wiredesk.yaml:3: the file holds 2 YAML documents; wiredesk reads one`},
		},
		{
			name: "alias to nothing",
			yaml: "data_dir: *nowhere\n",
			want: []string{`wiredesk.yaml:1: data_dir: alias *nowhere refers to no anchor defined before it`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "wiredesk.yaml")
			if err == nil {
				t.Fatalf("no error for:\n%s", tt.yaml)
			}
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("error is %T, want *config.Error: %v", err, err)
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("error:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			for _, p := range cerr.Problems {
				if p.Line == 0 {
					t.Errorf("problem without a line: %+v", p)
				}
			}
		})
	}
}

func TestMergeKeysAndAnchors(t *testing.T) {
	src := `feeds:
  - &ani
    id: ani-world
    agency: ANI
    url: https://aninews.in/rss/feed/category/world.xml
    interval: 2m
    fetch_page: always
  - <<: *ani
    id: ani-national
    url: https://aninews.in/rss/feed/category/national.xml
`
	cfg, err := Parse([]byte(src), "merge.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Feeds[1]
	if f.ID != "ani-national" || f.Agency != "ANI" || f.Interval != 2*time.Minute ||
		f.FetchPage != FetchPageAlways || !strings.HasSuffix(f.URL, "national.xml") {
		t.Errorf("merged feed = %+v", f)
	}
}

func TestAliasBombFailsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("feeds: *a11\n")
	_, err := Parse([]byte(b.String()), "bomb.yaml")
	if err == nil {
		t.Fatal("alias bomb accepted")
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestApplyEnv(t *testing.T) {
	env := map[string]string{
		"WIREDESK_DATA_DIR":      "/srv/wiredesk",
		"WIREDESK_LOG_LEVEL":     "warn",
		"WIREDESK_NATS_URL":      "nats://n1:4222,nats://n2:4222",
		"WIREDESK_DATABASE_URL":  "sqlite:/srv/wiredesk/db.sqlite",
		"WIREDESK_REVIEW_LISTEN": ":8081",
		"WIREDESK_UNRELATED":     "x",
	}
	cfg, err := Parse([]byte(validYAML), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ApplyEnv(mapLookup(env)); err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/srv/wiredesk" || cfg.LogLevel != "warn" || cfg.NATS.URL != "nats://n1:4222,nats://n2:4222" ||
		cfg.Database.URL != "sqlite:/srv/wiredesk/db.sqlite" || cfg.Database.Driver() != "sqlite" || cfg.Review.Listen != ":8081" {
		t.Errorf("env not applied: %+v", cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("valid after env: %v", err)
	}
}

func TestApplyEnvEmptyValueIsUnset(t *testing.T) {
	cfg := Default()
	if err := cfg.ApplyEnv(mapLookup(map[string]string{"WIREDESK_DATA_DIR": ""})); err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != Default().DataDir {
		t.Errorf("empty env value overrode data_dir: %q", cfg.DataDir)
	}
}

func TestApplyEnvNamesTheVariable(t *testing.T) {
	cfg := Default()
	err := cfg.ApplyEnv(mapLookup(map[string]string{
		"WIREDESK_DATABASE_URL": "mysql://db",
		"WIREDESK_LOG_LEVEL":    "chatty",
	}))
	want := `WIREDESK_LOG_LEVEL: "chatty" is not one of debug, info, warn, error` + "\n" +
		`WIREDESK_DATABASE_URL: "mysql://db": scheme "mysql" is not postgres, postgresql or sqlite`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestLoadUsesFileNameAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wiredesk.yaml")
	if err := os.WriteFile(path, []byte("log_level: info\nfeedz: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: unknown key \"feedz\"") {
		t.Errorf("err = %v", err)
	}

	if err := os.WriteFile(path, []byte("log_level: info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WIREDESK_REVIEW_LISTEN", "127.0.0.1:9999")
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Review.Listen != "127.0.0.1:9999" {
		t.Errorf("review.listen = %q, want the environment's", cfg.Review.Listen)
	}

	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDisclaimerFor(t *testing.T) {
	cfg, err := Parse([]byte("disclaimers:\n  agencies:\n    ANI: ani text\n    tass: tass text\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ agency, want string }{
		{"ANI", "ani text"},
		{"ani", "ani text"},
		{"TASS", "tass text"},
		{"Reuters", DefaultDisclaimer},
	}
	for _, tt := range tests {
		if got := cfg.DisclaimerFor(tt.agency); got != tt.want {
			t.Errorf("DisclaimerFor(%q) = %q, want %q", tt.agency, got, tt.want)
		}
	}
	custom, err := Parse([]byte("disclaimers:\n  default: house text\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := custom.DisclaimerFor("ANI"); got != "house text" {
		t.Errorf("default disclaimer = %q", got)
	}
}

// The shipped example must always load: it is what new operators copy.
func TestExampleFileParses(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "wiredesk.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ani int
	for _, f := range cfg.Feeds {
		if f.Agency == "ANI" {
			ani++
		}
	}
	if ani < 2 {
		t.Errorf("example has %d ANI feeds, want the national and world feeds at least", ani)
	}
	for _, want := range []string{
		"https://aninews.in/rss/feed/category/national.xml",
		"https://aninews.in/rss/feed/category/world.xml",
	} {
		found := false
		for _, f := range cfg.Feeds {
			found = found || f.URL == want
		}
		if !found {
			t.Errorf("example lacks %s", want)
		}
	}
	if cfg.Disclaimers.Default != DefaultDisclaimer {
		t.Errorf("example default disclaimer differs from DefaultDisclaimer")
	}
}

func TestFeedLookup(t *testing.T) {
	cfg, err := Parse([]byte(validYAML), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := cfg.Feed("ani-national"); !ok || f.FetchPage != FetchPageAlways {
		t.Errorf("Feed(ani-national) = %+v, %v", f, ok)
	}
	if _, ok := cfg.Feed("nope"); ok {
		t.Error("Feed(nope) found")
	}
}

func mapLookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestExtractionRules(t *testing.T) {
	good := "extraction:\n  rules:\n    - domain: aninews.in\n      body: [\"div.content\"]\n      drop: [\".also-read\"]\n"
	cfg, err := Parse([]byte(good), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r := cfg.Extraction.Rules; len(r) != 1 || r[0].Domain != "aninews.in" || r[0].Body[0] != "div.content" || r[0].Drop[0] != ".also-read" {
		t.Fatalf("rules = %+v", r)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"extraction:\n  rules:\n    - domain: \"https://x.com/\"\n      body: [p]\n", `wiredesk.yaml:3: extraction.rules[0].domain: "https://x.com/" is not a domain name`},
		{"extraction:\n  rules:\n    - domain: x.com\n", `extraction.rules[0]: has neither body nor drop selectors`},
	} {
		_, err := Parse([]byte(tc.yaml), "wiredesk.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}

func TestDedupAndLease(t *testing.T) {
	cfg, err := Parse([]byte("ingest:\n  lease: 90s\ndedup:\n  near_jaccard: 0.4\n  near_containment: 0.7\n"), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Ingest.Lease.Std() != 90*time.Second || cfg.Dedup.NearJaccard != 0.4 || cfg.Dedup.NearContainment != 0.7 {
		t.Fatalf("got lease %s, dedup %+v", cfg.Ingest.Lease, cfg.Dedup)
	}
	if Default().Ingest.Lease.Std() != 2*time.Minute {
		t.Errorf("default lease = %s", Default().Ingest.Lease)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"dedup:\n  near_jaccard: 1.5\n", `wiredesk.yaml:2: dedup.near_jaccard: 1.5 is not between 0 and 1`},
		{"ingest:\n  lease: 2s\n", `wiredesk.yaml:2: ingest.lease: 2s is below 10s`},
	} {
		if _, err := Parse([]byte(tc.yaml), "wiredesk.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}

// A mapping that merges itself through its own anchor is an error, not a
// stack overflow that takes the process down (found by FuzzParse).
func TestSelfMergeIsAnError(t *testing.T) {
	for _, in := range []string{"feeds:\n  - &f <<: *f\n", "review: &r\n  <<: *r\n"} {
		if _, err := Parse([]byte(in), "wiredesk.yaml"); err == nil {
			t.Errorf("%q parsed without error", in)
		}
	}
}

func TestPublishedStreamAndOutbox(t *testing.T) {
	cfg, err := Parse([]byte("nats:\n  streams:\n    published:\n      replicas: 3\n      max_age: 48h\n      max_bytes: 2GiB\n      duplicate_window: 10m\npublish:\n  outbox_lease: 1m\n  relay_poll: 1s\n  public_feeds: true\n"), "wiredesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pub := cfg.NATS.Streams.Published
	if pub.Replicas != 3 || pub.MaxAge.Std() != 48*time.Hour || pub.MaxBytes != 2*GiB || pub.DuplicateWindow.Std() != 10*time.Minute ||
		cfg.Publish.OutboxLease.Std() != time.Minute || cfg.Publish.RelayPoll.Std() != time.Second || !cfg.Publish.PublicFeeds {
		t.Fatalf("got %+v, %+v", pub, cfg.Publish)
	}
	if d := Default(); d.NATS.Streams.Published.MaxAge.Std() != 30*24*time.Hour || d.Publish.PublicFeeds {
		t.Errorf("defaults %+v %+v", d.NATS.Streams.Published, d.Publish)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"nats:\n  streams:\n    published:\n      replicas: 7\n", `wiredesk.yaml:4: nats.streams.published.replicas: 7 is not between 1 and 5`},
		{"nats:\n  streams:\n    published:\n      max_age: 10m\n", `nats.streams.published.max_age: 10m0s is below 1h`},
		{"nats:\n  streams:\n    published:\n      duplicate_window: 1000h\n", `is longer than max_age`},
		{"publish:\n  outbox_lease: 1s\n", `wiredesk.yaml:2: publish.outbox_lease: 1s is below 5s`},
		{"nats:\n  streams:\n    raw: {}\n", `raw`},
	} {
		if _, err := Parse([]byte(tc.yaml), "wiredesk.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error = %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
