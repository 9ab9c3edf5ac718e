package attribution

import (
	"testing"

	"github.com/wiredesk/wiredesk/internal/corpus"
)

// BenchmarkExtract finds the attributions of each aeb story.
func BenchmarkExtract(b *testing.B) {
	stories := corpus.AEBStories(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range stories {
			Extract(s, "")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(stories)), "ns/story")
}
