package ingest

import (
	"context"
	"sync"
	"time"
)

// State is what the poller remembers between polls of a feed: the
// validators for the next conditional GET, and the content hash of every
// item it has handed to the sink, so an unchanged item is never sent again
// and a changed one is. MemoryState keeps it in memory; a store-backed
// State lets many pollers share it and survives restarts.
//
// The poller records an item only after the sink accepted it, and new
// validators only after every item of the poll was accepted, so a failure
// between the two means the items come again, never that they are lost.
type State interface {
	// Validators returns the validators recorded for a feed (zero if none).
	Validators(ctx context.Context, feed string) (Validators, error)
	// SetValidators records the validators to send on the next poll.
	SetValidators(ctx context.Context, feed string, v Validators) error
	// Seen notes that the items ids are in the feed at time at, and returns
	// the content hash recorded for each of them that has one.
	Seen(ctx context.Context, feed string, ids []string, at time.Time) (map[string]string, error)
	// Record stores the content hash of an item the sink accepted.
	Record(ctx context.Context, feed, id, hash string, at time.Time) error
	// Forget drops the items of a feed not seen since before. An item that
	// left the feed long ago and comes back is sent again; downstream
	// deduplication recognises it.
	Forget(ctx context.Context, feed string, before time.Time) error
}

// MemoryState is a State kept in process memory. It is safe for
// concurrent use.
type MemoryState struct {
	mu    sync.Mutex
	feeds map[string]*memFeed
}

type memFeed struct {
	validators Validators
	items      map[string]memItem
}

type memItem struct {
	hash     string
	lastSeen time.Time
}

// NewMemoryState returns an empty MemoryState.
func NewMemoryState() *MemoryState {
	return &MemoryState{feeds: map[string]*memFeed{}}
}

func (s *MemoryState) feed(id string) *memFeed {
	f, ok := s.feeds[id]
	if !ok {
		f = &memFeed{items: map[string]memItem{}}
		s.feeds[id] = f
	}
	return f
}

// Validators implements State.
func (s *MemoryState) Validators(_ context.Context, feed string) (Validators, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.feed(feed).validators, nil
}

// SetValidators implements State.
func (s *MemoryState) SetValidators(_ context.Context, feed string, v Validators) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed(feed).validators = v
	return nil
}

// Seen implements State.
func (s *MemoryState) Seen(_ context.Context, feed string, ids []string, at time.Time) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.feed(feed)
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		if it, ok := f.items[id]; ok {
			out[id] = it.hash
			it.lastSeen = at
			f.items[id] = it
		}
	}
	return out, nil
}

// Record implements State.
func (s *MemoryState) Record(_ context.Context, feed, id, hash string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed(feed).items[id] = memItem{hash: hash, lastSeen: at}
	return nil
}

// Forget implements State.
func (s *MemoryState) Forget(_ context.Context, feed string, before time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.feed(feed)
	for id, it := range f.items {
		if it.lastSeen.Before(before) {
			delete(f.items, id)
		}
	}
	return nil
}
