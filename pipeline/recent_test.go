package pipeline

import (
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/dedup"
)

func recentIDs(cs []dedup.Candidate) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.StoryID)
	}
	slices.Sort(ids)
	return ids
}

func TestRecentStories(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	var r recentStories
	r.lock()
	defer r.unlock()
	r.add(dedup.Candidate{StoryID: "a"}, []int64{1, 2}, t0)
	r.add(dedup.Candidate{StoryID: "b"}, []int64{2, 3}, t0.Add(30*time.Second))

	if got := recentIDs(r.candidates([]int64{1, 2, 3}, t0.Add(time.Second))); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("candidates sharing bands = %v, want each story once", got)
	}
	if got := r.candidates([]int64{9}, t0.Add(time.Second)); len(got) != 0 {
		t.Errorf("candidates for an unknown band = %v", got)
	}
	// a is forgotten after recentFor, b not yet.
	if got := recentIDs(r.candidates([]int64{1, 2, 3}, t0.Add(recentFor+time.Second))); !slices.Equal(got, []string{"b"}) {
		t.Errorf("after a minute = %v, want [b]", got)
	}
	if _, ok := r.byBand[1]; ok {
		t.Errorf("an expired story's band is still indexed")
	}
}

func TestRecentStoriesAreBounded(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	var r recentStories
	r.lock()
	defer r.unlock()
	for i := range recentMax + 5 {
		r.add(dedup.Candidate{StoryID: string(rune('a' + i%26))}, []int64{int64(i)}, t0)
	}
	if len(r.order) != recentMax || len(r.byBand) != recentMax {
		t.Errorf("holds %d stories in %d bands, want at most %d", len(r.order), len(r.byBand), recentMax)
	}
	if _, ok := r.byBand[0]; ok {
		t.Errorf("the oldest story was kept over the bound")
	}
}
