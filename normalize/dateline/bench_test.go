package dateline

import (
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/corpus"
)

// BenchmarkFind looks for the dateline of each of the aeb stories, as the
// normalizer does once per story.
func BenchmarkFind(b *testing.B) {
	stories := corpus.AEBStories(b)
	pub := time.Date(2019, 11, 20, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range stories {
			Find(s, &pub)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(stories)), "ns/story")
}
