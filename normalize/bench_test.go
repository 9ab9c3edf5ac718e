package normalize

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// aebPages loads the article-extraction-benchmark pages from
// shared/corpus/aeb beside the project, skipping when they are absent.
func aebPages(b *testing.B) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "aeb", "html", "*.html"))
	if len(files) == 0 {
		b.Skip("shared/corpus/aeb not present")
	}
	pages := make([][]byte, 0, len(files))
	for _, f := range files {
		p, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
	}
	return pages
}

// BenchmarkAEB compares Extract with a bare html.Parse of the same bytes:
// one op is one pass over all the aeb pages. The extract/parse ratio is
// the figure docs/extraction.md records.
func BenchmarkAEB(b *testing.B) {
	pages := aebPages(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, err := html.Parse(bytes.NewReader(p)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("extract", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, err := Extract(p, "https://example.com/", Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkAEBRatio interleaves, page by page, a bare html.Parse, body
// extraction alone (BodyOnly) and the full Extract with the wire passes,
// and reports extract/parse (issue 4: body extraction against a parse of
// the same bytes) and passes/body (issue 5: what the dateline, quote,
// attribution and embed passes add on top). Interleaving makes the three
// see the same load on a shared, noisy machine, so the ratios hold even
// when the absolute times do not.
func BenchmarkAEBRatio(b *testing.B) {
	pages := aebPages(b)
	var parse, body, full time.Duration
	for b.Loop() {
		for _, p := range pages {
			t0 := time.Now()
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := Extract(p, "https://example.com/", Options{BodyOnly: true}); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			if _, err := Extract(p, "https://example.com/", Options{}); err != nil {
				b.Fatal(err)
			}
			parse += t1.Sub(t0)
			body += t2.Sub(t1)
			full += time.Since(t2)
		}
	}
	b.ReportMetric(float64(body)/float64(parse), "extract/parse")
	b.ReportMetric(float64(full-body)/float64(body), "passes/body")
	b.ReportMetric(float64(body.Microseconds())/float64(b.N*len(pages)), "µs/page")
}

// BenchmarkHostile times Extract on pages built to be slow.
func BenchmarkHostile(b *testing.B) {
	for name, page := range hostilePages() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := Extract(page, "https://example.com/", Options{}); err != nil && !errors.Is(err, ErrNoText) {
					b.Fatal(err)
				}
			}
		})
	}
}
