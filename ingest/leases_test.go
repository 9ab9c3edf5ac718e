package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/testenv"
)

func TestMemorySchedule(t *testing.T) {
	ctx := context.Background()
	feeds := []config.Feed{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	s := NewMemorySchedule(feeds)
	now := time.Date(2025, 4, 25, 12, 0, 0, 0, time.UTC)

	first, _ := s.Claim(ctx, now, time.Minute, 2)
	if len(first) != 2 || first[0].Feed.ID != "a" || first[1].Feed.ID != "b" || !first[0].Until.Equal(now.Add(time.Minute)) {
		t.Fatalf("first claim: %+v", first)
	}
	rest, _ := s.Claim(ctx, now, time.Minute, 5)
	if len(rest) != 1 || rest[0].Feed.ID != "c" {
		t.Fatalf("second claim: %+v", rest)
	}
	if none, _ := s.Claim(ctx, now.Add(time.Hour), time.Minute, 5); len(none) != 0 {
		t.Fatalf("leased feeds claimed again: %+v", none)
	}
	a, b, c := first[0], first[1], rest[0]
	if err := s.Extend(ctx, a, now.Add(2*time.Minute)); err != nil {
		t.Errorf("Extend: %v", err)
	}
	// a fails, b succeeds; c is released unpolled.
	if err := s.Complete(ctx, a, Outcome{Err: errors.New("boom"), NextPoll: now.Add(10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(ctx, b, Outcome{NextPoll: now.Add(5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, l := range []Lease{a, c} {
		if err := s.Complete(ctx, l, Outcome{}); !errors.Is(err, ErrLeaseLost) {
			t.Errorf("Complete of an ended lease on %s: %v", l.Feed.ID, err)
		}
		if err := s.Extend(ctx, l, now); !errors.Is(err, ErrLeaseLost) {
			t.Errorf("Extend of an ended lease on %s: %v", l.Feed.ID, err)
		}
	}
	if got, _ := s.Claim(ctx, now, time.Minute, 5); len(got) != 1 || got[0].Feed.ID != "c" || got[0].Token == c.Token {
		t.Fatalf("after release, claim = %+v, want c under a new token", got)
	}
	got, _ := s.Claim(ctx, now.Add(10*time.Minute), time.Minute, 5)
	if len(got) != 2 || got[0].Feed.ID != "b" || got[1].Feed.ID != "a" {
		t.Fatalf("claim at +10m = %+v, want b (due +5m) then a (due +10m)", got)
	}
	if got[0].ConsecutiveErrors != 0 || got[1].ConsecutiveErrors != 1 {
		t.Errorf("consecutive errors b=%d a=%d, want 0 and 1", got[0].ConsecutiveErrors, got[1].ConsecutiveErrors)
	}
}

// A poll cut short by shutdown hands its lease back, so the feed is due
// again at once for whichever poller claims next.
func TestRunReleasesLeasesOnShutdown(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "hang", "/hang.xml")
	sched := NewMemorySchedule([]config.Feed{feed})
	p, _ := newTestPoller(t, nil, &collector{}, func(c *PollerConfig) {
		c.Schedule = sched
		c.Fetch.Timeout = time.Minute
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	testenv.WaitFor(t, "the hanging feed fetched once", func() bool { full, _ := farm.hitsOf("/hang.xml"); return full == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, _ := sched.Claim(context.Background(), time.Now(), time.Minute, 5)
	if len(got) != 1 || got[0].Feed.ID != "hang" {
		t.Errorf("after shutdown the feed is not due: %+v", got)
	}
	if h := p.Health(); len(h) != 0 {
		t.Errorf("shutdown counted as a poll: %+v", h)
	}
}

// A poller whose lease was taken over stops polling and records nothing:
// the new holder's poll counts.
func TestPollLeasedStopsWhenLeaseLost(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "hang", "/hang.xml")
	sched := NewMemorySchedule([]config.Feed{feed})
	p, logs := newTestPoller(t, nil, &collector{}, func(c *PollerConfig) {
		c.Schedule = sched
		c.Lease = 150 * time.Millisecond
		c.Fetch.Timeout = time.Minute
	})
	ctx := context.Background()
	leases, _ := sched.Claim(ctx, time.Now(), p.cfg.Lease, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.pollLeased(ctx, leases[0])
	}()
	testenv.WaitFor(t, "the hanging feed fetched once", func() bool { full, _ := farm.hitsOf("/hang.xml"); return full == 1 })
	// Another poller takes the feed over.
	if err := sched.Release(ctx, leases[0]); err != nil {
		t.Fatal(err)
	}
	taken, _ := sched.Claim(ctx, time.Now(), time.Minute, 1)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("poll went on after its lease was lost")
	}
	if !strings.Contains(logs.String(), "lease lost") {
		t.Errorf("lease loss not logged:\n%s", logs)
	}
	if err := sched.Complete(ctx, taken[0], Outcome{NextPoll: time.Now()}); err != nil {
		t.Errorf("the new holder's lease was disturbed: %v", err)
	}
	if h := p.Health(); len(h) != 0 {
		t.Errorf("a lost poll was recorded: %+v", h)
	}
}
