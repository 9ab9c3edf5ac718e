package ingest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// farmFetcher may reach the loopback farm: httptest servers are "private".
func farmFetcher(opts FetcherOptions) *Fetcher {
	opts.AllowPrivate = true
	return NewFetcher(opts)
}

func TestFetchConditionalGet(t *testing.T) {
	farm := newFeedFarm(t)
	f := farmFetcher(FetcherOptions{})
	ctx := context.Background()

	first, err := f.Fetch(ctx, farm.URL+"/ani-world.xml", Validators{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if first.Status != 200 || first.NotModified || len(first.Body) == 0 || first.ETag == "" || first.LastModified == "" {
		t.Fatalf("first fetch: %+v", first)
	}
	if !strings.HasPrefix(first.ContentType, "application/rss+xml") || first.FinalURL != farm.URL+"/ani-world.xml" {
		t.Errorf("content type %q final URL %q", first.ContentType, first.FinalURL)
	}

	second, err := f.Fetch(ctx, farm.URL+"/ani-world.xml", first.Validators, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Status != http.StatusNotModified || second.Body != nil {
		t.Fatalf("second fetch: %+v", second)
	}
	if second.Validators != first.Validators {
		t.Errorf("validators after 304 = %+v, want %+v", second.Validators, first.Validators)
	}
	// Last-Modified alone is enough for a 304 too.
	third, err := f.Fetch(ctx, farm.URL+"/ani-world.xml", Validators{LastModified: first.LastModified}, 0)
	if err != nil || !third.NotModified {
		t.Fatalf("If-Modified-Since: %+v, %v", third, err)
	}
	if full, notMod := farm.hitsOf("/ani-world.xml"); full != 1 || notMod != 2 {
		t.Errorf("server saw %d full responses and %d 304s, want 1 and 2", full, notMod)
	}
}

func TestFetchDecompresses(t *testing.T) {
	farm := newFeedFarm(t)
	f := farmFetcher(FetcherOptions{})
	want := string(readTestdata(t, "ani-world.xml"))
	for _, path := range []string{"/gzip.xml", "/br.xml"} {
		resp, err := f.Fetch(context.Background(), farm.URL+path, Validators{}, 0)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if string(resp.Body) != want {
			t.Errorf("%s: body not decoded (%d bytes)", path, len(resp.Body))
		}
	}
}

// Each case fails within its own limit, with an error that says what
// went wrong and names the URL.
func TestFetchFailures(t *testing.T) {
	farm := newFeedFarm(t)
	tests := []struct {
		name  string
		path  string
		opts  FetcherOptions
		limit int64
		is    error
		check func(t *testing.T, err error)
	}{
		{name: "gzip bomb hits the cap after decompression", path: "/gzip-bomb.xml", limit: 1 << 20, is: ErrTooLarge},
		{name: "endless body hits the cap", path: "/endless.xml", limit: 256 << 10, is: ErrTooLarge},
		{name: "declared length over the cap", path: "/big-length.xml", limit: 1 << 20, is: ErrTooLarge},
		{name: "slow drip hits the deadline", path: "/slow-drip.xml", opts: FetcherOptions{Timeout: 300 * time.Millisecond}, is: ErrTimeout},
		{name: "unknown content encoding", path: "/weird-encoding.xml", is: ErrUnsupportedEncoding},
		{name: "redirect loop", path: "/loop/a", is: ErrTooManyRedirects},
		{name: "six redirects", path: "/chain/5", is: ErrTooManyRedirects},
		{name: "redirect to the metadata service", path: "/to-metadata.xml", is: ErrBlockedAddress, check: func(t *testing.T, err error) {
			var be *BlockedAddressError
			if !errors.As(err, &be) || be.Addr.String() != "169.254.169.254" || be.Reason != "link-local" {
				t.Errorf("blocked address error = %#v", be)
			}
		}},
		{name: "redirect to ftp", path: "/to-ftp.xml", is: ErrUnsupportedScheme},
		{name: "server error", path: "/status/500", check: func(t *testing.T, err error) {
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != 500 || he.RetryAfter != 0 {
				t.Errorf("HTTPError = %+v", he)
			}
		}},
		{name: "429 with Retry-After seconds", path: "/status/429", check: func(t *testing.T, err error) {
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != 120*time.Second {
				t.Errorf("HTTPError = %+v", he)
			}
			if !strings.Contains(err.Error(), "http 429 Too Many Requests (retry after 2m0s)") {
				t.Errorf("message %q", err)
			}
		}},
		{name: "503 with Retry-After date", path: "/status/503", check: func(t *testing.T, err error) {
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != 503 || he.RetryAfter < 58*time.Minute || he.RetryAfter > time.Hour {
				t.Errorf("HTTPError = %+v", he)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := farmFetcher(tt.opts)
			start := time.Now()
			resp, err := f.Fetch(context.Background(), farm.URL+tt.path, Validators{}, tt.limit)
			if err == nil {
				t.Fatalf("no error; got %d bytes", len(resp.Body))
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), farm.URL+tt.path) {
				t.Errorf("error does not name the URL: %v", err)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("took %s", elapsed)
			}
		})
	}
}

func TestFetchFollowsFiveRedirects(t *testing.T) {
	farm := newFeedFarm(t)
	resp, err := farmFetcher(FetcherOptions{}).Fetch(context.Background(), farm.URL+"/chain/4", Validators{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if resp.FinalURL != farm.URL+"/ani-world.xml" {
		t.Errorf("final URL %s", resp.FinalURL)
	}
}

// httptest servers listen on loopback, which a fetcher without
// AllowPrivate refuses: by IP literal before connecting, and by host name
// when the resolved address is checked at dial time.
func TestFetchRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	farm := newFeedFarm(t)
	f := NewFetcher(FetcherOptions{})
	u, _ := url.Parse(farm.URL)
	for _, target := range []string{
		farm.URL + "/ani-world.xml",
		"http://localhost:" + u.Port() + "/ani-world.xml",
		"http://[::ffff:127.0.0.1]:" + u.Port() + "/ani-world.xml",
	} {
		_, err := f.Fetch(context.Background(), target, Validators{}, 0)
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: err = %v, want ErrBlockedAddress", target, err)
		}
	}
	if full, _ := farm.hitsOf("/ani-world.xml"); full != 0 {
		t.Errorf("farm was reached %d times", full)
	}
}

func TestFetchRefusesHTTPSDowngrade(t *testing.T) {
	plain := newFeedFarm(t)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/ani-world.xml", http.StatusFound)
	}))
	defer tlsSrv.Close()
	tlsConfig := tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig
	f := farmFetcher(FetcherOptions{TLSConfig: tlsConfig})
	_, err := f.Fetch(context.Background(), tlsSrv.URL+"/feed", Validators{}, 0)
	if !errors.Is(err, ErrInsecureRedirect) {
		t.Fatalf("err = %v, want ErrInsecureRedirect", err)
	}
	if full, _ := plain.hitsOf("/ani-world.xml"); full != 0 {
		t.Errorf("plain-http target was reached")
	}
}

func TestFetchRejectsBadURLs(t *testing.T) {
	f := NewFetcher(FetcherOptions{})
	for _, raw := range []string{"ftp://x.example.org/feed", "javascript:alert(1)", "file:///etc/passwd", "http://", "http://[::1]:80/", "http://10.0.0.1/", "http://x.example.org:99999/"} {
		if _, err := f.Fetch(context.Background(), raw, Validators{}, 0); err == nil {
			t.Errorf("%s fetched", raw)
		}
	}
}

func TestFetchHonoursCancellation(t *testing.T) {
	farm := newFeedFarm(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := farmFetcher(FetcherOptions{}).Fetch(ctx, farm.URL+"/slow-drip.xml", Validators{}, 0)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 4, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"Fri, 25 Apr 2025 13:00:00 GMT", time.Hour},
		{"Fri, 25 Apr 2025 11:00:00 GMT", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCacheLifetime(t *testing.T) {
	now := time.Date(2025, 4, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		cc, expires string
		want        time.Duration
	}{
		{"", "", 0},
		{"public, max-age=600", "", 10 * time.Minute},
		{"no-cache, max-age=600", "", 0},
		{"", "Fri, 25 Apr 2025 12:30:00 GMT", 30 * time.Minute},
		{"max-age=60", "Fri, 25 Apr 2025 12:30:00 GMT", time.Minute},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.cc != "" {
			h.Set("Cache-Control", tt.cc)
		}
		if tt.expires != "" {
			h.Set("Expires", tt.expires)
		}
		if got := cacheLifetime(h, now); got != tt.want {
			t.Errorf("cacheLifetime(%q, %q) = %s, want %s", tt.cc, tt.expires, got, tt.want)
		}
	}
}
