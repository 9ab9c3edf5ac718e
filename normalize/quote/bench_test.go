package quote

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// aebStories reads the paragraphs of the stories in the shared aeb corpus
// (../shared/corpus beside the module root), or skips the benchmark.
func aebStories(b *testing.B) [][]string {
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
	raw, err := os.ReadFile(filepath.Join(dir, "..", "shared", "corpus", "aeb", "ground-truth.json"))
	if err != nil {
		b.Skipf("aeb corpus: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		b.Fatalf("aeb ground truth: %v", err)
	}
	var stories [][]string
	for _, v := range gt {
		var paras []string
		for _, p := range strings.Split(v.ArticleBody, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		stories = append(stories, paras)
	}
	return stories
}

// BenchmarkExtract finds the quotations of each aeb story (real news copy,
// 116 stories, about 580 quotations).
func BenchmarkExtract(b *testing.B) {
	stories := aebStories(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range stories {
			Extract(s, Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(stories)), "ns/story")
}

// BenchmarkExtractHostile runs Extract on 200 KB of text built to make a
// careless extractor quadratic: marks that open and never close,
// apostrophes, titles and names without end.
func BenchmarkExtractHostile(b *testing.B) {
	var paras []string
	for _, unit := range []string{`a’ `, `"a" `, `Mr A. B `, `'x `, `« `, `"x," he said. `, `Minister Ab Cd, `, `(AB) `, `the ministry `} {
		paras = append(paras, strings.Repeat(unit, 20000/len(unit)))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(paras, Options{})
	}
}
