// Package extractors compares wiredesk's extraction speed with
// go-trafilatura on the same pages in one run. It is its own module so
// that the comparison's dependencies never enter wiredesk's go.mod; run it
// from this folder:
//
//	go test -run '^$' -bench . -benchtime 3x -count 3
package extractors

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/normalize"
)

func aebPages(b *testing.B) [][]byte {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "aeb", "html", "*.html"))
	if err != nil || len(files) == 0 {
		b.Skipf("aeb corpus not found beside the repository: %v", err)
	}
	var pages [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
	}
	return pages
}

// BenchmarkAEB extracts every aeb page once per iteration: a bare
// html.Parse (the floor), wiredesk's body extraction alone, its full
// Extract with the wire passes, and go-trafilatura's Extract
// with its defaults (fallbacks off, as wiredesk has none).
func BenchmarkAEB(b *testing.B) {
	pages := aebPages(b)
	pageURL, _ := url.Parse("https://example.com/story")
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				if _, err := html.Parse(bytes.NewReader(p)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("wiredesk-body", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				normalize.Extract(p, pageURL.String(), normalize.Options{BodyOnly: true})
			}
		}
	})
	b.Run("wiredesk", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				normalize.Extract(p, pageURL.String(), normalize.Options{})
			}
		}
	})
	b.Run("trafilatura", func(b *testing.B) {
		opts := trafilatura.Options{OriginalURL: pageURL}
		for b.Loop() {
			for _, p := range pages {
				trafilatura.Extract(bytes.NewReader(p), opts)
			}
		}
	})
}
