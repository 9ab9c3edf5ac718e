package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// slowState is a MemoryState whose item writes wait for release, or fail.
type slowState struct {
	*MemoryState
	release chan struct{}
	fail    error
}

func (s *slowState) Record(ctx context.Context, feed, id, hash string, at time.Time) error {
	if s.release != nil {
		<-s.release
	}
	if s.fail != nil {
		return s.fail
	}
	return s.MemoryState.Record(ctx, feed, id, hash, at)
}

// A slow item state write (SQLite waiting for its one writer) does not
// hold up the items after it: they are all sent before the first write
// ends, and the poll ends only when every write has.
func TestPollOnceSendsWhileStateIsWritten(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "ani", "/ani-world.xml")
	state := &slowState{MemoryState: NewMemoryState(), release: make(chan struct{})}
	c := &collector{}
	p, _ := newTestPoller(t, []config.Feed{feed}, c, func(cfg *PollerConfig) { cfg.State = state })
	done := make(chan error, 1)
	go func() {
		_, err := p.PollOnce(context.Background(), feed)
		done <- err
	}()
	deadline := time.After(5 * time.Second)
	for len(c.byFeed("ani")) < 3 {
		select {
		case err := <-done:
			t.Fatalf("poll ended (%v) before its item writes did", err)
		case <-deadline:
			t.Fatalf("%d of 3 items sent while the first item's state write waits", len(c.byFeed("ani")))
		case <-time.After(10 * time.Millisecond):
		}
	}
	select {
	case err := <-done:
		t.Fatalf("poll ended (%v) before its item writes did", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(state.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	res, err := p.PollOnce(context.Background(), feed)
	if err != nil || res.New != 0 {
		t.Fatalf("second poll = %+v, %v; want every item recorded", res, err)
	}
}

// A state write that fails fails the poll, naming the item, and the
// validators are not saved, so the next poll fetches the feed in full.
func TestPollOnceStateWriteFailureFailsThePoll(t *testing.T) {
	farm := newFeedFarm(t)
	feed := farmFeed(farm, "ani", "/ani-world.xml")
	state := &slowState{MemoryState: NewMemoryState(), fail: errors.New("database is locked")}
	c := &collector{}
	p, _ := newTestPoller(t, []config.Feed{feed}, c, func(cfg *PollerConfig) { cfg.State = state })
	_, err := p.PollOnce(context.Background(), feed)
	if err == nil || !strings.Contains(err.Error(), "database is locked") || !strings.Contains(err.Error(), "record item") {
		t.Fatalf("err = %v", err)
	}
	if v, _ := state.Validators(context.Background(), "ani"); v != (Validators{}) {
		t.Errorf("validators saved after a failed state write: %+v", v)
	}
}
