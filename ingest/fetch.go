package ingest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/wiredesk/wiredesk/config"
)

// FetcherOptions configure a Fetcher. Zero values take the defaults named.
type FetcherOptions struct {
	// Timeout bounds a whole request: connecting, redirects, headers and
	// reading the body. Default 20s.
	Timeout time.Duration
	// ConnectTimeout bounds establishing each connection, TLS included.
	// Default 10s.
	ConnectTimeout time.Duration
	// UserAgent is sent with every request. Default "wiredesk/0.1".
	UserAgent string
	// AllowPrivate lets connections reach loopback and private-network
	// addresses. Link-local, multicast and unspecified addresses stay
	// refused. A Fetcher has one policy: build one per policy, not per
	// call, so a connection pooled under one policy is never reused under
	// the other.
	AllowPrivate bool
	// MaxRedirects is the longest redirect chain followed. Default 5.
	MaxRedirects int
	// DefaultLimit caps a body when Fetch is given a limit of 0.
	// Default 10 MiB.
	DefaultLimit int64
	// TLSConfig, when set, replaces the default TLS settings, e.g. to
	// trust an internal CA for a mirror on the intranet.
	TLSConfig *tls.Config
}

// OptionsFromConfig returns the fetcher options an operator configured.
func OptionsFromConfig(in config.Ingest) FetcherOptions {
	return FetcherOptions{
		Timeout:        in.Timeout.Std(),
		ConnectTimeout: in.ConnectTimeout.Std(),
		UserAgent:      in.UserAgent,
		DefaultLimit:   int64(in.FeedMaxBytes),
	}
}

func (o FetcherOptions) withDefaults() FetcherOptions {
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = "wiredesk/0.1"
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.DefaultLimit <= 0 {
		o.DefaultLimit = 10 << 20
	}
	return o
}

// Validators are what a conditional GET sends back to the server.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Response is a fetched body, or the news that it has not changed.
type Response struct {
	Status int
	// Body is decompressed and at most the limit given to Fetch; nil when
	// NotModified.
	Body        []byte
	ContentType string
	// Validators to send next time: the response's own, or the ones sent
	// when a 304 did not repeat them.
	Validators
	// NotModified is true for a 304 answer to a conditional GET.
	NotModified bool
	// FinalURL is the URL after redirects; relative links resolve against it.
	FinalURL string
	Header   http.Header
}

// Fetcher performs GET requests with a deadline, a size cap counted after
// decompression, conditional GET, a redirect policy and the SSRF guard.
// It is safe for concurrent use.
type Fetcher struct {
	opts      FetcherOptions
	client    *http.Client
	transport *http.Transport
}

// NewFetcher builds a Fetcher with its own connection pool.
func NewFetcher(opts FetcherOptions) *Fetcher {
	opts = opts.withDefaults()
	dialer := &net.Dialer{
		Timeout:   opts.ConnectTimeout,
		KeepAlive: 30 * time.Second,
		Control:   dialControl(opts.AllowPrivate),
	}
	transport := &http.Transport{
		// No proxy from the environment: the guard judges the address
		// connected to, which would then be the proxy's.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSClientConfig:        opts.TLSConfig,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    opts.ConnectTimeout,
		ResponseHeaderTimeout:  opts.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		// Decompression is done here, so the cap counts decoded bytes and
		// br is supported.
		DisableCompression: true,
	}
	f := &Fetcher{opts: opts, transport: transport}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

// Options returns the options in effect, defaults filled in.
func (f *Fetcher) Options() FetcherOptions { return f.opts }

// Close releases idle connections.
func (f *Fetcher) Close() { f.transport.CloseIdleConnections() }

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, f.opts.MaxRedirects)
	}
	if _, err := CheckURL(req.URL.String(), f.opts.AllowPrivate); err != nil {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), err)
	}
	if prev := via[len(via)-1]; prev.URL.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: %s", ErrInsecureRedirect, req.URL.Redacted())
	}
	return nil
}

// acceptHeader asks for feeds first and still takes pages.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, " +
	"application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"

// Fetch GETs rawURL. With cond set it makes a conditional GET, and a 304
// comes back as a Response with NotModified. The body is read whole, after
// decompression, up to limit bytes (0 means the fetcher's DefaultLimit);
// a longer body is an error matching ErrTooLarge. Statuses other than 2xx
// and 304 return an *HTTPError.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, cond Validators, limit int64) (*Response, error) {
	if limit <= 0 {
		limit = f.opts.DefaultLimit
	}
	u, err := CheckURL(rawURL, f.opts.AllowPrivate)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	resp, body, err := f.do(ctx, u.String(), cond, limit)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, ErrTooLarge) {
			err = fmt.Errorf("%w after %s: %w", ErrTimeout, f.opts.Timeout, err)
		}
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	return &Response{
		Status:      resp.StatusCode,
		Body:        body,
		ContentType: resp.Header.Get("Content-Type"),
		Validators:  validatorsOf(resp.Header, cond, resp.StatusCode == http.StatusNotModified),
		NotModified: resp.StatusCode == http.StatusNotModified,
		FinalURL:    resp.Request.URL.String(),
		Header:      resp.Header,
	}, nil
}

func (f *Fetcher) do(ctx context.Context, rawURL string, cond Validators, limit int64) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", acceptHeader)
	req.Header.Set("Accept-Encoding", "gzip, br")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return resp, nil, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Read a little so the connection can be reused, no more.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return nil, nil, &HTTPError{
			URL:        resp.Request.URL.String(),
			Status:     resp.StatusCode,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		}
	}
	body, err := readBody(resp, limit)
	if err != nil {
		return nil, nil, err
	}
	return resp, body, nil
}

// unwrapURLError drops net/http's *url.Error wrapper, whose message
// repeats the method and URL that Fetch already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// readBody decodes the response's Content-Encoding and reads at most
// limit decoded bytes; more is ErrTooLarge.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	encodings := parseEncodings(resp.Header.Get("Content-Encoding"))
	if len(encodings) == 0 && resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d is over %d bytes", ErrTooLarge, resp.ContentLength, limit)
	}
	var r io.Reader = resp.Body
	// Encodings are listed in the order they were applied; undo them in
	// reverse.
	for i := len(encodings) - 1; i >= 0; i-- {
		switch encodings[i] {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return nil, fmt.Errorf("decode gzip body: %w", err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(r)
		case "deflate":
			zr, err := zlib.NewReader(r)
			if err != nil {
				return nil, fmt.Errorf("decode deflate body: %w", err)
			}
			r = zr
		default:
			return nil, fmt.Errorf("%w: %q", ErrUnsupportedEncoding, encodings[i])
		}
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if n > limit {
		return nil, fmt.Errorf("%w: more than %d bytes after decompression", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return buf.Bytes(), nil
}

func parseEncodings(h string) []string {
	var out []string
	for _, e := range strings.Split(h, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		if e != "" && e != "identity" {
			out = append(out, e)
		}
	}
	return out
}

func validatorsOf(h http.Header, sent Validators, notModified bool) Validators {
	v := Validators{ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified")}
	if notModified {
		if v.ETag == "" {
			v.ETag = sent.ETag
		}
		if v.LastModified == "" {
			v.LastModified = sent.LastModified
		}
	}
	return v
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date, as a delay from now. Unparseable or past values give 0.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// cacheLifetime reads how long the response says it stays fresh, from
// Cache-Control max-age or else Expires; 0 when it says nothing or forbids
// caching.
func cacheLifetime(h http.Header, now time.Time) time.Duration {
	if cc := strings.ToLower(h.Get("Cache-Control")); cc != "" {
		for _, d := range strings.Split(cc, ",") {
			d = strings.TrimSpace(d)
			if d == "no-cache" || d == "no-store" {
				return 0
			}
			if v, ok := strings.CutPrefix(d, "max-age="); ok {
				if secs, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64); err == nil && secs > 0 {
					return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second
				}
				return 0
			}
		}
	}
	if exp := h.Get("Expires"); exp != "" {
		if t, err := http.ParseTime(exp); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
}
