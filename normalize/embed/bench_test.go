package embed

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

// aebPages reads the HTML pages of the shared aeb corpus
// (../shared/corpus beside the module root), or skips the benchmark.
func aebPages(tb testing.TB) [][]byte {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.mod above the package")
		}
		dir = parent
	}
	files, err := filepath.Glob(filepath.Join(dir, "..", "shared", "corpus", "aeb", "html", "*.html"))
	if err != nil || len(files) == 0 {
		tb.Skip("aeb corpus not found")
	}
	var pages [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, b)
	}
	return pages
}

func parsePages(tb testing.TB, pages [][]byte) []*html.Node {
	tb.Helper()
	roots := make([]*html.Node, len(pages))
	for i, p := range pages {
		root, err := html.Parse(bytes.NewReader(p))
		if err != nil {
			tb.Fatal(err)
		}
		roots[i] = root
	}
	return roots
}

// BenchmarkInHTML walks each parsed aeb page for embeds, as the normalizer
// would over a page it has already parsed.
func BenchmarkInHTML(b *testing.B) {
	roots := parsePages(b, aebPages(b))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range roots {
			InHTML(r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(roots)), "ns/page")
}

// BenchmarkParseBaseline parses the same pages with x/net/html: the floor
// of any body extraction, to read BenchmarkInHTML against.
func BenchmarkParseBaseline(b *testing.B) {
	pages := aebPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}
