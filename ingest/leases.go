package ingest

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// ErrLeaseLost means a poller's lease on a feed lapsed and another poller
// claimed the feed, or the feed was removed: the poll's outcome is not
// recorded, and the new holder's poll counts instead.
var ErrLeaseLost = errors.New("feed lease lost")

// Schedule hands due feeds to pollers, one poller per feed at a time, and
// keeps when each feed is due next. MemorySchedule serves one process; a
// store-backed schedule (ingest/storebacked) lets pollers on many hosts
// share one feed list, each feed leased to one of them at a time.
//
// A Schedule is safe for concurrent use.
type Schedule interface {
	// Claim leases up to limit feeds due at now to this poller until
	// now+lease, longest overdue first.
	Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Lease, error)
	// Extend keeps a lease alive until until. It returns an error matching
	// ErrLeaseLost when the lease is no longer this poller's.
	Extend(ctx context.Context, l Lease, until time.Time) error
	// Complete records a poll's outcome and when the feed is due next, and
	// ends the lease; ErrLeaseLost as for Extend.
	Complete(ctx context.Context, l Lease, o Outcome) error
	// Release ends a lease without recording a poll, so the feed is due
	// again at once for any poller; ErrLeaseLost as for Extend.
	Release(ctx context.Context, l Lease) error
}

// Lease is one feed claimed by one poller.
type Lease struct {
	Feed config.Feed
	// Token identifies this claim among all claims of the feed.
	Token int64
	// Until is when the lease lapses unless extended.
	Until time.Time
	// ConsecutiveErrors counts the feed's failed polls before this one;
	// the backoff after a failure grows with it.
	ConsecutiveErrors int
}

// Outcome is what a poll under a lease did.
type Outcome struct {
	// At is when the poll finished.
	At     time.Time
	Result Result
	// Err is the poll's error; nil for a success (a 304 is a success).
	Err error
	// NextPoll is when the feed is due again.
	NextPoll time.Time
}

// MemorySchedule is a Schedule in process memory: the feeds of one
// poller's config, each due at once and then when its last poll said.
// Leases here never lapse, since no other process could take them over.
type MemorySchedule struct {
	mu     sync.Mutex
	due    dueQueue
	leased map[string]*memEntry
	tokens int64
}

type memEntry struct {
	feed   config.Feed
	next   time.Time
	errors int
	token  int64
}

// NewMemorySchedule returns a schedule of feeds, every one due at once.
func NewMemorySchedule(feeds []config.Feed) *MemorySchedule {
	s := &MemorySchedule{leased: map[string]*memEntry{}}
	for _, f := range feeds {
		s.due = append(s.due, &memEntry{feed: f})
	}
	heap.Init(&s.due)
	return s
}

// Claim implements Schedule.
func (s *MemorySchedule) Claim(_ context.Context, now time.Time, lease time.Duration, limit int) ([]Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Lease
	for len(out) < limit && s.due.Len() > 0 && !s.due[0].next.After(now) {
		e := heap.Pop(&s.due).(*memEntry)
		s.tokens++
		e.token = s.tokens
		s.leased[e.feed.ID] = e
		out = append(out, Lease{Feed: e.feed, Token: e.token, Until: now.Add(lease), ConsecutiveErrors: e.errors})
	}
	return out, nil
}

// holder returns the entry l still holds; s.mu is held.
func (s *MemorySchedule) holder(l Lease) (*memEntry, error) {
	e, ok := s.leased[l.Feed.ID]
	if !ok || e.token != l.Token {
		return nil, fmt.Errorf("feed %s: %w", l.Feed.ID, ErrLeaseLost)
	}
	return e, nil
}

// Extend implements Schedule.
func (s *MemorySchedule) Extend(_ context.Context, l Lease, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.holder(l)
	return err
}

// Complete implements Schedule.
func (s *MemorySchedule) Complete(_ context.Context, l Lease, o Outcome) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.holder(l)
	if err != nil {
		return err
	}
	delete(s.leased, l.Feed.ID)
	e.next = o.NextPoll
	if o.Err != nil {
		e.errors++
	} else {
		e.errors = 0
	}
	heap.Push(&s.due, e)
	return nil
}

// Release implements Schedule.
func (s *MemorySchedule) Release(_ context.Context, l Lease) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.holder(l)
	if err != nil {
		return err
	}
	delete(s.leased, l.Feed.ID)
	heap.Push(&s.due, e) // still due: its next poll has not moved
	return nil
}

// dueQueue is a min-heap of unleased feeds by next poll.
type dueQueue []*memEntry

func (q dueQueue) Len() int { return len(q) }
func (q dueQueue) Less(i, j int) bool {
	if !q[i].next.Equal(q[j].next) {
		return q[i].next.Before(q[j].next)
	}
	return q[i].feed.ID < q[j].feed.ID
}
func (q dueQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)   { *q = append(*q, x.(*memEntry)) }
func (q *dueQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}
