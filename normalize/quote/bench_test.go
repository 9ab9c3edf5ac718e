package quote

import (
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/corpus"
)

// BenchmarkExtract finds the quotations of each aeb story (real news copy,
// 116 stories, about 580 quotations).
func BenchmarkExtract(b *testing.B) {
	stories := corpus.AEBStories(b)
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
