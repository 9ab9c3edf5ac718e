package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize"
	"github.com/wiredesk/wiredesk/pipeline"
)

// loadPages reads the HTML pages of the corpus folders.
func loadPages(dirs []string) ([]page, error) {
	var pages []page
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			if !e.IsDir() && filepath.Ext(e.Name()) == ".html" {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				return nil, fmt.Errorf("corpus: %w", err)
			}
			pages = append(pages, page{name: n, html: b})
		}
	}
	return pages, nil
}

// rawFor is the item as the poller hands it on: the feed's fields and the
// page it fetched.
func rawFor(f *farm, it *item) *article.Raw {
	at := it.appear
	if at.IsZero() {
		at = time.Date(2025, 4, 25, 19, 30, 0, 0, time.UTC)
	}
	return &article.Raw{
		Feed: f.feeds[it.feed].id, Agency: it.agency, ItemID: it.guid, GUID: it.guid,
		Link: "http://127.0.0.1/page.html", Title: it.title(), Summary: summary(it),
		PublishedAt: &at, FetchedAt: at, Page: f.pageBytes(it), PageURL: "http://127.0.0.1/page.html",
	}
}

// storable reports whether the pipeline stores a: what the store stage
// checks before it writes.
func storable(a *article.Article) bool {
	a.Disclaimer, a.Status, a.Version, a.ClusterID = "x", article.StatusQueued, 1, a.ID
	return a.Validate() == nil
}

// qualify keeps the pages the pipeline makes a story of, in every
// revision the farm serves, with an edit point where both edits change
// the story's content fingerprint: so an update is a new version and a
// near copy a story of its own, and the harness knows exactly what must
// be stored.
func qualify(pages []page, workers int) []page {
	out := make([]page, len(pages))
	ok := make([]bool, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	f := &farm{feeds: []feedDef{{id: "q", agency: "ANI"}}}
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				p := pages[i]
				f := &farm{feeds: f.feeds, pages: []page{p}}
				it := &item{agency: "ANI", guid: "q", rev: 1}
				a, err := pipeline.Normalize(rawFor(f, it), normalize.Options{})
				if err != nil || !storable(a) {
					continue
				}
				for _, at := range editPoints(p.html, 6) {
					f.pages[0].editAt = at
					up := &item{agency: "ANI", guid: "q", rev: 2}
					cp := &item{agency: "ANI", guid: "q", rev: 1, kind: kindNearCopy, nearCopy: true}
					au, err1 := pipeline.Normalize(rawFor(f, up), normalize.Options{})
					ac, err2 := pipeline.Normalize(rawFor(f, cp), normalize.Options{})
					if err1 != nil || err2 != nil || !storable(au) || !storable(ac) {
						continue
					}
					if au.Fingerprint.Content != a.Fingerprint.Content && ac.Fingerprint.Content != a.Fingerprint.Content {
						p.editAt = at
						out[i], ok[i] = p, true
						break
					}
				}
			}
		})
	}
	wg.Wait()
	kept := out[:0]
	for i := range out {
		if ok[i] {
			kept = append(kept, out[i])
		}
	}
	return kept
}

// editPoints are the ends of the page's first long paragraphs, where a
// sentence added lands in the story's body.
func editPoints(page []byte, max int) []int {
	var pts []int
	from := 0
	for len(pts) < max {
		end := bytes.Index(page[from:], []byte("</p>"))
		if end < 0 {
			break
		}
		end += from
		start := bytes.LastIndex(page[from:end], []byte("<p"))
		if start >= 0 && end-(from+start) > 200 {
			pts = append(pts, end)
		}
		from = end + 4
	}
	return pts
}

// baseline is the extraction-only rate on the same pages in the same run:
// what the pipeline would do if moving items cost nothing.
type baseline struct {
	Pages            int     `json:"pages"`
	ExtractPerSec    float64 `json:"extract_per_s"`
	ParsePerSec      float64 `json:"parse_per_s"`
	ExtractOverParse float64 `json:"extract_over_parse"`
	// ExtractCPU is CPU milliseconds per page, less sensitive than the
	// rate to what else the machine is doing.
	ExtractCPU float64 `json:"extract_cpu_ms"`
}

// selfCPU is this process's user plus system CPU seconds so far.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// measureBaseline extracts every raw item on GOMAXPROCS goroutines (the
// same cores the pipeline gets), and parses the same pages with a bare
// html.Parse for the floor.
func measureBaseline(raws []*article.Raw) baseline {
	workers := runtime.GOMAXPROCS(0)
	run := func(fn func(*article.Raw)) float64 {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= len(raws) {
						return
					}
					fn(raws[i])
				}
			})
		}
		wg.Wait()
		return float64(len(raws)) / time.Since(start).Seconds()
	}
	b := baseline{Pages: len(raws)}
	b.ParsePerSec = run(func(r *article.Raw) { _, _ = html.Parse(bytes.NewReader(r.Page)) })
	cpu0 := selfCPU()
	b.ExtractPerSec = run(func(r *article.Raw) { _, _ = normalize.FromRaw(r, normalize.Options{}) })
	b.ExtractCPU = (selfCPU() - cpu0) / float64(len(raws)) * 1000
	b.ExtractOverParse = b.ParsePerSec / b.ExtractPerSec
	return b
}
