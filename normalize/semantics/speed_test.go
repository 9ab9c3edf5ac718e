package semantics

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/dateline"
	"github.com/wiredesk/wiredesk/normalize/embed"
	"github.com/wiredesk/wiredesk/normalize/quote"
)

// aebPage is one page of the shared aeb corpus with its story's text.
type aebPage struct {
	html  []byte
	paras []string
}

// aebPages reads the aeb corpus (../shared/corpus beside the module root)
// or skips the benchmark.
func aebPages(b *testing.B) []aebPage {
	b.Helper()
	dir, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			b.Skip("no go.mod above the package")
		}
		dir = parent
	}
	base := filepath.Join(dir, "..", "shared", "corpus", "aeb")
	raw, err := os.ReadFile(filepath.Join(base, "ground-truth.json"))
	if err != nil {
		b.Skipf("aeb corpus: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		b.Fatalf("aeb ground truth: %v", err)
	}
	var pages []aebPage
	for id, v := range gt {
		page, err := os.ReadFile(filepath.Join(base, "html", id+".html"))
		if err != nil {
			continue
		}
		var paras []string
		for _, p := range strings.Split(v.ArticleBody, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		pages = append(pages, aebPage{html: page, paras: paras})
	}
	return pages
}

// cpuTime is the CPU time the process has used, user and system. The
// machines these run on are shared, so wall time swings with other
// people's work; CPU time per page is the figure to compare.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerPage reports wall and CPU nanoseconds per page.
func reportPerPage(b *testing.B, cpuStart time.Duration, pages int) {
	n := float64(b.N * pages)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/page")
	b.ReportMetric(float64((cpuTime()-cpuStart).Nanoseconds())/n, "cpu-ns/page")
}

// passes runs the four passes on a parsed page and its story's text, as
// the normalizer will after body extraction.
func passes(root *html.Node, paras []string, pub *time.Time) {
	embed.InHTML(root)
	dateline.Find(paras, pub)
	quote.Extract(paras, quote.Options{})
	attribution.Extract(paras, "")
}

// BenchmarkParse parses the aeb pages with x/net/html: the floor of any
// body extraction, measured in the same run as the passes for a ratio.
func BenchmarkParse(b *testing.B) {
	pages := aebPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p.html)); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerPage(b, cpu, len(pages))
}

// BenchmarkPasses runs the dateline, quote, embed and attribution passes on
// each aeb page (already parsed) and its story's paragraphs.
func BenchmarkPasses(b *testing.B) {
	pages := aebPages(b)
	roots := make([]*html.Node, len(pages))
	for i, p := range pages {
		root, err := html.Parse(bytes.NewReader(p.html))
		if err != nil {
			b.Fatal(err)
		}
		roots[i] = root
	}
	pub := time.Date(2019, 11, 20, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		for i, p := range pages {
			passes(roots[i], p.paras, &pub)
		}
	}
	reportPerPage(b, cpu, len(pages))
}

// BenchmarkPass runs each pass alone on the aeb pages, to see where the
// time of BenchmarkPasses goes.
func BenchmarkPass(b *testing.B) {
	pages := aebPages(b)
	roots := make([]*html.Node, len(pages))
	for i, p := range pages {
		root, err := html.Parse(bytes.NewReader(p.html))
		if err != nil {
			b.Fatal(err)
		}
		roots[i] = root
	}
	pub := time.Date(2019, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, pass := range []struct {
		name string
		run  func(i int)
	}{
		{"embed", func(i int) { embed.InHTML(roots[i]) }},
		{"dateline", func(i int) { dateline.Find(pages[i].paras, &pub) }},
		{"quote", func(i int) { quote.Extract(pages[i].paras, quote.Options{}) }},
		{"attribution", func(i int) { attribution.Extract(pages[i].paras, "") }},
	} {
		b.Run(pass.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for i := range pages {
					pass.run(i)
				}
			}
			reportPerPage(b, cpu, len(pages))
		})
	}
}
