package pipeline

import (
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/dedup"
)

// recentStories remembers the new stories this process has just given a
// cluster, for a short while. The store only shows a story once its batch
// commits; two near copies in batches handled at the same time (two slots
// of one worker, or `wiredesk run`) would otherwise each miss the other and
// start two clusters. Within one process they now meet here. Workers in
// other processes still meet only through the store.
//
// The zero value is ready to use; it is safe for concurrent use, and the
// caller holds it (lock/unlock) across a batch's decisions so that two
// batches decide one after the other.
type recentStories struct {
	mu     sync.Mutex
	byBand map[int64][]*recentStory
	order  []*recentStory // oldest first
}

type recentStory struct {
	cand  dedup.Candidate
	bands []int64
	at    time.Time
}

const (
	// recentFor is how long a story is remembered: far longer than a
	// batch takes to commit, far shorter than a news cycle.
	recentFor = time.Minute
	// recentMax bounds the memory a burst can take.
	recentMax = 10000
)

func (r *recentStories) lock()   { r.mu.Lock() }
func (r *recentStories) unlock() { r.mu.Unlock() }

// candidates returns the remembered stories that share a band with bands,
// each once. The caller holds the lock.
func (r *recentStories) candidates(bands []int64, now time.Time) []dedup.Candidate {
	r.expire(now)
	var out []dedup.Candidate
	seen := map[*recentStory]bool{}
	for _, b := range bands {
		for _, s := range r.byBand[b] {
			if !seen[s] {
				seen[s] = true
				out = append(out, s.cand)
			}
		}
	}
	return out
}

// add remembers a story just given its cluster. The caller holds the lock.
func (r *recentStories) add(c dedup.Candidate, bands []int64, now time.Time) {
	if r.byBand == nil {
		r.byBand = map[int64][]*recentStory{}
	}
	s := &recentStory{cand: c, bands: bands, at: now}
	r.order = append(r.order, s)
	for _, b := range bands {
		r.byBand[b] = append(r.byBand[b], s)
	}
	for len(r.order) > recentMax {
		r.drop()
	}
}

// expire forgets what is older than recentFor.
func (r *recentStories) expire(now time.Time) {
	for len(r.order) > 0 && now.Sub(r.order[0].at) > recentFor {
		r.drop()
	}
}

// drop forgets the oldest story.
func (r *recentStories) drop() {
	s := r.order[0]
	r.order[0] = nil
	r.order = r.order[1:]
	for _, b := range s.bands {
		list := r.byBand[b]
		for i, x := range list {
			if x == s {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(r.byBand, b)
		} else {
			r.byBand[b] = list
		}
	}
}
