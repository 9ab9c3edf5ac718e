//go:build normalizebench

package semantics

import (
	"testing"

	"github.com/wiredesk/wiredesk/normalize"
)

// BenchmarkBodyExtraction runs Normalize I's body extraction on the aeb
// pages, the baseline the four passes are measured against (issue 5: at
// most 30% on top). It imports the normalize package, which is still
// being written, so it only builds with -tags normalizebench.
func BenchmarkBodyExtraction(b *testing.B) {
	pages := aebPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		for _, p := range pages {
			normalize.Extract(p.html, "https://example.com/story", normalize.Options{})
		}
	}
	reportPerPage(b, cpu, len(pages))
}
