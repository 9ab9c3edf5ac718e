package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// feedFarm is a loopback HTTP server playing every kind of feed server an
// agency poller meets: healthy RSS, Atom and JSON feeds with validators,
// and the broken, slow, hostile and mislabelled ones.
type feedFarm struct {
	*httptest.Server
	t *testing.T

	mu       sync.Mutex
	arrivals map[string][]time.Time // every request per path, as it arrived
	hits     map[string]int         // full responses per path (304s not counted)
	notMod   map[string]int         // 304 responses per path
	changing string                 // body of /changing.xml, set by tests

	// drip tells the slow-drip handler to stop.
	stop chan struct{}
}

func newFeedFarm(t *testing.T) *feedFarm {
	f := &feedFarm{
		t:        t,
		arrivals: map[string][]time.Time{},
		hits:     map[string]int{},
		notMod:   map[string]int{},
		stop:     make(chan struct{}),
	}
	f.changing = changingFeed("Original summary of the changing story.")
	mux := http.NewServeMux()

	// Healthy feeds, with validators so re-polls get 304s.
	f.handleFile(mux, "/ani-world.xml", "ani-world.xml", "application/rss+xml; charset=utf-8", true)
	f.handleFile(mux, "/atom.xml", "atom.xml", "application/atom+xml", false)
	f.handleFile(mux, "/feed.json", "feed.json", "application/feed+json", true)
	f.handleFile(mux, "/windows-1251.xml", "windows-1251.xml", "text/xml", false)
	f.handleFile(mux, "/utf-16.xml", "utf-16.xml", "application/xml", false)
	f.handleFile(mux, "/duplicate-guids.xml", "duplicate-guids.xml", "application/rss+xml", false)
	f.handleFile(mux, "/garbage-dates.xml", "garbage-dates.xml", "application/rss+xml", false)
	f.handleFile(mux, "/entity-bomb.xml", "entity-bomb.xml", "application/rss+xml", false)
	// Broken feeds.
	f.handleFile(mux, "/html-instead.xml", "error-page.html", "text/html; charset=utf-8", false)
	f.handleFile(mux, "/malformed.xml", "malformed.xml", "application/rss+xml", false)

	mux.HandleFunc("/changing.xml", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		body := f.changing
		f.hits[r.URL.Path]++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	})
	mux.HandleFunc("/gzip.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(readTestdata(t, "ani-world.xml"))
		zw.Close()
	})
	mux.HandleFunc("/br.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "br")
		bw := brotli.NewWriter(w)
		bw.Write(readTestdata(t, "ani-world.xml"))
		bw.Close()
	})
	bomb := gzipBomb(t, 500)
	mux.HandleFunc("/gzip-bomb.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/endless.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		io := []byte(strings.Repeat("<item><title>again</title></item>\n", 100))
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>`))
		for r.Context().Err() == nil {
			if _, err := w.Write(io); err != nil {
				return
			}
		}
	})
	// A healthy feed sent a byte at a time over 20 seconds: only the
	// whole-request deadline catches it.
	mux.HandleFunc("/slow-drip.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		body := readTestdata(t, "ani-world.xml")
		perByte := 20 * time.Second / time.Duration(len(body))
		for _, b := range body {
			select {
			case <-r.Context().Done():
				return
			case <-f.stop:
				return
			case <-time.After(perByte):
			}
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
		}
	})
	// A server that never answers: only the deadline or a cancelled poll
	// ends the request.
	mux.HandleFunc("/hang.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		select {
		case <-r.Context().Done():
		case <-f.stop:
		}
	})
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		switch r.URL.Path {
		case "/status/500":
			http.Error(w, "internal error", http.StatusInternalServerError)
		case "/status/429":
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "/status/503":
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		http.Redirect(w, r, "/loop/a", http.StatusFound)
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		var n int
		fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
		if n <= 0 {
			http.Redirect(w, r, "/ani-world.xml", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to-metadata.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", http.StatusFound)
	})
	mux.HandleFunc("/to-ftp.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		http.Redirect(w, r, "ftp://files.example.org/feed.xml", http.StatusFound)
	})
	mux.HandleFunc("/big-length.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Length", "999999999")
		w.Write([]byte("<rss>"))
	})
	mux.HandleFunc("/weird-encoding.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Encoding", "compress")
		w.Write([]byte("<rss/>"))
	})

	// A summary-only feed whose items link to pages on the farm.
	mux.HandleFunc("/pages-feed.xml", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, pagesFeed())
	})
	f.handleFile(mux, "/pages/ani.html", "ani-page.html", "text/html; charset=utf-8", false)
	f.handleFile(mux, "/pages/tass.html", "page-windows-1251.html", "text/html", false)
	mux.HandleFunc("/pages/pdf", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/pages/huge.html", func(w http.ResponseWriter, r *http.Request) {
		f.count(r)
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>filler</p>", 1000))
		for range 200 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})

	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.arrivals[r.URL.Path] = append(f.arrivals[r.URL.Path], time.Now())
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		close(f.stop)
		f.Server.Close()
	})
	return f
}

func (f *feedFarm) count(r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[r.URL.Path]++
}

// handleFile serves a testdata file; with validators it sends an ETag and
// Last-Modified and answers matching conditional requests with 304.
func (f *feedFarm) handleFile(mux *http.ServeMux, path, file, contentType string, validators bool) {
	body := readTestdata(f.t, file)
	etag := fmt.Sprintf(`"%x"`, len(body))
	const lastMod = "Fri, 25 Apr 2025 19:30:00 GMT"
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if validators {
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
				f.mu.Lock()
				f.notMod[path]++
				f.mu.Unlock()
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		f.count(r)
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

func (f *feedFarm) hitsOf(path string) (full, notModified int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path], f.notMod[path]
}

// gaps returns the times between successive requests for path.
func (f *feedFarm) gaps(path string) []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Duration
	at := f.arrivals[path]
	for i := 1; i < len(at); i++ {
		out = append(out, at[i].Sub(at[i-1]))
	}
	return out
}

func (f *feedFarm) setChanging(body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changing = body
}

func changingFeed(summary string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Changing</title>
<item><title>Stable story</title><link>https://c.example.org/1</link><guid>c1</guid><description>Never changes.</description></item>
<item><title>Developing story</title><link>https://c.example.org/2</link><guid>c2</guid><description>` + summary + `</description></item>
</channel></rss>`
}

// pagesFeed links its items to pages on the farm (relative links, resolved
// against the feed URL) and to one that does not exist.
func pagesFeed() string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title>
<item><title>ANI story</title><link>/pages/ani.html?utm_source=rss</link><guid>p1</guid><description>Short summary.</description></item>
<item><title>TASS story</title><link>/pages/tass.html</link><guid>p2</guid><description>Короткое описание.</description></item>
<item><title>Gone story</title><link>/pages/gone.html</link><guid>p3</guid><description>Page was removed.</description></item>
<item><title>PDF story</title><link>/pages/pdf</link><guid>p4</guid><description>Only a PDF.</description></item>
<item><title>Huge story</title><link>/pages/huge.html</link><guid>p5</guid><description>Page over the cap.</description></item>
<item><title>Internal story</title><link>http://169.254.169.254/latest/meta-data/</link><guid>p6</guid><description>Link into the metadata service.</description></item>
</channel></rss>`
}

// gzipBomb returns megabytes MiB of zeros as concatenated gzip members, each
// a compressed MiB: a small body that decompresses to a huge one.
func gzipBomb(t testing.TB, megabytes int) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return bytes.Repeat(member.Bytes(), megabytes)
}
