package store

import (
	"context"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// NearDupEntry is one story in the near-duplicate index. The store keeps
// the signature and band keys opaque: package dedup makes and compares
// them, the store only finds the stories that share a band.
type NearDupEntry struct {
	StoryID string
	// ClusterID names the cluster's earliest story; it is the story's own
	// id when it starts a cluster.
	ClusterID string
	// Bands are the LSH band keys a lookup matches on.
	Bands []int64
	// Signature is what dedup verifies candidates with.
	Signature []byte
	// IngestedAt orders a cluster; zero means the store's clock.
	IngestedAt time.Time
}

// DefaultNearDupLimit caps a candidate lookup when the caller gives no
// limit: a story rarely has more than a few dozen copies, and a band key
// shared by more stories than this is boilerplate, not a story.
const DefaultNearDupLimit = 200

// NearDupIndex answers "which stories are near this one" with a fixed
// number of index probes per lookup, and keeps every story's cluster.
// Both backends implement it; get it from a Store with NearDups.
type NearDupIndex interface {
	// PutNearDup records a story's entry, or replaces the signature and
	// bands of one already indexed (a new version's text) while keeping
	// its cluster id and ingest time, so redelivery and new versions never
	// move a story to another cluster. It returns the entry as stored.
	PutNearDup(ctx context.Context, e NearDupEntry) (NearDupEntry, error)
	// NearDupCandidates returns up to limit entries (DefaultNearDupLimit
	// when limit ≤ 0) sharing at least one band key with bands, earliest
	// ingested first.
	NearDupCandidates(ctx context.Context, bands []int64, limit int) ([]NearDupEntry, error)
	// GetNearDup returns a story's entry, or ErrNotFound.
	GetNearDup(ctx context.Context, storyID string) (NearDupEntry, error)
	// Cluster returns the ids of a cluster's stories, earliest first.
	Cluster(ctx context.Context, clusterID string) ([]string, error)
	// PutWithNearDup does PutNearDup(e) and then Put(a) in one
	// transaction, with a.ClusterID set to the entry's cluster as stored:
	// one commit instead of two for the store stage, and never a story
	// without its index entry. e.StoryID must be a.ID.
	PutWithNearDup(ctx context.Context, a *article.Article, e NearDupEntry) (PutResult, error)
	// LookupNearDups answers each lookup, in order: what the dedup stage
	// reads for a batch of articles, in one round trip where the backend
	// can.
	LookupNearDups(ctx context.Context, lookups []NearDupLookup) ([]NearDupFound, error)
	// PutManyWithNearDup does PutWithNearDup for each item, in order, in
	// one transaction: every item is stored or none is, and the batch
	// costs one commit. Each item's Article is updated as PutWithNearDup
	// updates it, and only when the transaction commits. Items may
	// repeat a story: a later one sees the earlier ones' versions.
	PutManyWithNearDup(ctx context.Context, items []NearDupPut) ([]PutResult, error)
}

// NearDupLookup asks for what the dedup stage reads about one article:
// its story's latest stored version and the candidates for its bands.
type NearDupLookup struct {
	StoryID string
	Bands   []int64
	// Limit caps the candidates as in NearDupCandidates.
	Limit int
}

// NearDupFound answers one NearDupLookup.
type NearDupFound struct {
	// Latest is the story's latest stored version, nil when it is not
	// stored.
	Latest *article.Article
	// Candidates are what NearDupCandidates returns for the bands.
	Candidates []NearDupEntry
}

// NearDupPut is one story and its index entry, for PutManyWithNearDup.
type NearDupPut struct {
	Article *article.Article
	Entry   NearDupEntry
}

// NearDups returns the store's near-duplicate index. Both backends have
// one; the error is for a Store from elsewhere (a wrapper, a test double).
func NearDups(s Store) (NearDupIndex, error) {
	if idx, ok := s.(NearDupIndex); ok {
		return idx, nil
	}
	return nil, fmt.Errorf("store: %T has no near-duplicate index", s)
}

// checkNearDup rejects an entry that cannot be keyed.
func checkNearDup(e *NearDupEntry) error {
	if e.StoryID == "" || len(e.Signature) == 0 {
		return fmt.Errorf("put near-duplicate entry %q: story id and signature are required: %w", e.StoryID, article.ErrInvalid)
	}
	if e.ClusterID == "" {
		e.ClusterID = e.StoryID
	}
	for _, key := range []string{e.StoryID, e.ClusterID} {
		if !isKey(key) {
			return fmt.Errorf("put near-duplicate entry %q: ids are not clean UTF-8: %w", e.StoryID, article.ErrInvalid)
		}
	}
	return nil
}

// checkPutManyWithNearDup checks every item of a batch before any is
// written.
func checkPutManyWithNearDup(items []NearDupPut) error {
	for i := range items {
		if err := checkPutWithNearDup(items[i].Article, &items[i].Entry); err != nil {
			return err
		}
	}
	return nil
}

// checkPutWithNearDup checks both halves of PutWithNearDup.
func checkPutWithNearDup(a *article.Article, e *NearDupEntry) error {
	if err := checkPut(a); err != nil {
		return err
	}
	if e.StoryID != a.ID {
		return fmt.Errorf("put %s: near-duplicate entry is for story %q: %w", a.ID, e.StoryID, article.ErrInvalid)
	}
	return checkNearDup(e)
}

// uniqueBands drops repeated keys, which both backends would otherwise
// store or match twice.
func uniqueBands(bands []int64) []int64 {
	seen := make(map[int64]bool, len(bands))
	out := make([]int64, 0, len(bands))
	for _, b := range bands {
		if !seen[b] {
			seen[b] = true
			out = append(out, b)
		}
	}
	return out
}

func nearDupLimit(limit int) int {
	if limit <= 0 {
		return DefaultNearDupLimit
	}
	return limit
}
