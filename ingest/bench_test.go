package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

func BenchmarkParseFeed(b *testing.B) {
	for _, name := range []string{"ani-world.xml", "atom.xml", "windows-1251.xml"} {
		body := readTestdata(b, name)
		feed := testFeed("bench", "https://aninews.in/rss/feed/category/world.xml")
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ParseFeed(feed, body, "application/rss+xml", testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPollNotModified polls many feeds on one loopback server that
// answers 304 to all of them, the steady state of a large deployment: it
// reports polls per second and the heap in use afterwards.
func BenchmarkPollNotModified(b *testing.B) {
	const feeds = 1000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, changingFeed("steady"))
	}))
	defer srv.Close()
	list := make([]config.Feed, feeds)
	for i := range list {
		list[i] = config.Feed{ID: fmt.Sprintf("f%d", i), Agency: "BENCH", URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, i),
			Interval: time.Minute, FetchPage: config.FetchPageNever, AllowPrivate: true}
	}
	p, err := NewPoller(PollerConfig{
		Feeds: list, PerHost: 64, Workers: 16,
		Logger: slog.New(slog.DiscardHandler),
		Sink:   func(context.Context, *article.Raw) error { return nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	for _, f := range list { // prime validators and item state
		if _, err := p.PollOnce(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	jobs := make(chan config.Feed)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for f := range jobs {
				if res, err := p.PollOnce(ctx, f); err != nil || !res.NotModified {
					b.Errorf("poll %s: %+v %v", f.ID, res, err)
				}
			}
		})
	}
	for i := range b.N {
		jobs <- list[i%feeds]
	}
	close(jobs)
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "polls/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
