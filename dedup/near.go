package dedup

import (
	"fmt"
	"slices"
	"time"
)

// Options are the near-duplicate thresholds. The zero value means the
// defaults, which were chosen on the labelled pairs in testdata/neardup
// (`wiredesk eval dedup` prints what they give).
type Options struct {
	// Bands and Rows shape the LSH index: Bands keys per story, each over
	// Rows minimums (Bands×Rows ≤ SignatureSize). Two stories with Jaccard
	// similarity J become candidates with probability 1-(1-J^Rows)^Bands.
	// Defaults 20 and 2: a pair sharing a third of their shingles is found
	// 90% of the time, sharing half 99.7%; unrelated stories (J < 0.05)
	// meet in fewer than 5% of lookups and are then rejected by
	// verification.
	Bands, Rows int
	// MinJaccard is the estimated Jaccard similarity from which two
	// candidates are near duplicates (default 0.3).
	MinJaccard float64
	// MinContainment is the estimated share of the shorter story's
	// shingles found in the longer from which two candidates are near
	// duplicates, so a trimmed copy of a long story still counts
	// (default 0.6).
	MinContainment float64
	// MinShingles is the size under which a text is too short to call a
	// copy of anything (default 8 shingles, about ten words).
	MinShingles int
}

func (o Options) withDefaults() Options {
	if o.Bands <= 0 {
		o.Bands = 20
	}
	if o.Rows <= 0 {
		o.Rows = 2
	}
	if o.Bands*o.Rows > SignatureSize {
		o.Bands = SignatureSize / o.Rows
	}
	if o.MinJaccard <= 0 {
		o.MinJaccard = 0.3
	}
	if o.MinContainment <= 0 {
		o.MinContainment = 0.6
	}
	if o.MinShingles <= 0 {
		o.MinShingles = 8
	}
	return o
}

// Validate reports options no index can be built with.
func (o Options) Validate() error {
	if o.Bands < 0 || o.Rows < 0 || o.Bands*o.Rows > SignatureSize {
		return fmt.Errorf("dedup: %d bands × %d rows do not fit a %d-hash signature", o.Bands, o.Rows, SignatureSize)
	}
	if o.MinJaccard > 1 || o.MinContainment > 1 || o.MinJaccard < 0 || o.MinContainment < 0 {
		return fmt.Errorf("dedup: thresholds must lie in [0, 1]: jaccard %.2f, containment %.2f", o.MinJaccard, o.MinContainment)
	}
	return nil
}

// Similarity is how alike two stories' bodies are.
type Similarity struct {
	Jaccard     float64
	Containment float64
}

// Similar reports whether two signatures are near duplicates under o, and
// how alike they are. It is the verification step after the index has
// returned candidates; Near combines both.
func Similar(a, b Signature, o Options) (bool, Similarity) {
	o = o.withDefaults()
	sim := Similarity{Jaccard: a.Jaccard(b), Containment: a.Containment(b)}
	if a.Shingles < o.MinShingles || b.Shingles < o.MinShingles {
		return false, sim
	}
	return sim.Jaccard >= o.MinJaccard || sim.Containment >= o.MinContainment, sim
}

// Near reports whether b would be found as a near duplicate of a: it is a
// candidate of the banded index and passes verification.
func Near(a, b Signature, o Options) bool {
	if !a.SharesBand(b, o) {
		return false
	}
	ok, _ := Similar(a, b, o)
	return ok
}

// Candidate is a stored story the index returned for a lookup.
type Candidate struct {
	StoryID   string
	ClusterID string
	Signature Signature
	// IngestedAt orders clusters: a cluster is named after its earliest
	// story.
	IngestedAt time.Time
}

// Match is a candidate that passed verification.
type Match struct {
	Candidate
	Similarity
}

// Matches verifies candidates against sig and returns those that are near
// duplicates, most similar first. A candidate that is the story itself
// (selfID) is left out.
func Matches(selfID string, sig Signature, cands []Candidate, o Options) []Match {
	var out []Match
	for _, c := range cands {
		if c.StoryID == selfID {
			continue
		}
		if ok, sim := Similar(sig, c.Signature, o); ok {
			out = append(out, Match{Candidate: c, Similarity: sim})
		}
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		switch {
		case a.Jaccard > b.Jaccard:
			return -1
		case a.Jaccard < b.Jaccard:
			return 1
		}
		return a.IngestedAt.Compare(b.IngestedAt)
	})
	return out
}

// ClusterOf names the cluster a new story joins: the cluster of its
// earliest-ingested match (whose cluster id is its own or an earlier
// story's), or the story's own id when nothing matches, so every story has
// a cluster and a cluster is named after its first story.
func ClusterOf(selfID string, matches []Match) string {
	best := -1
	for i, m := range matches {
		if best < 0 || m.IngestedAt.Before(matches[best].IngestedAt) {
			best = i
		}
	}
	if best < 0 {
		return selfID
	}
	if id := matches[best].ClusterID; id != "" {
		return id
	}
	return matches[best].StoryID
}
