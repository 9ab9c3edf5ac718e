package normalize

import (
	"bytes"
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

// BenchmarkAEBRatio interleaves a bare html.Parse and Extract page by
// page and reports Extract's time as a multiple of the parse's
// (extract/parse): on a shared, noisy machine the two then see the same
// load, so the ratio holds even when the absolute times do not.
func BenchmarkAEBRatio(b *testing.B) {
	pages := aebPages(b)
	var parse, extract time.Duration
	for b.Loop() {
		for _, p := range pages {
			start := time.Now()
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			if _, err := Extract(p, "https://example.com/", Options{}); err != nil {
				b.Fatal(err)
			}
			parse += mid.Sub(start)
			extract += time.Since(mid)
		}
	}
	b.ReportMetric(float64(extract)/float64(parse), "extract/parse")
	b.ReportMetric(float64(extract.Microseconds())/float64(b.N*len(pages)), "µs/page")
}

// BenchmarkHostile times Extract on pages built to be slow.
func BenchmarkHostile(b *testing.B) {
	for name, page := range hostilePages() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := Extract(page, "https://example.com/", Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
