package publish_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// publishRaws puts items named by titles on wire.raw.
func publishRaws(t *testing.T, bus *publish.Bus, titles ...string) {
	t.Helper()
	for i, title := range titles {
		r := &article.Raw{Feed: "f", Agency: "PTI", ItemID: title, Title: title, FetchedAt: time.Unix(int64(i), 0)}
		if _, err := bus.PublishRaw(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

// batchRecorder is a typed batch handler that remembers what it saw.
type batchRecorder struct {
	mu      sync.Mutex
	sizes   []int
	handled map[string]int
	// fail returns the error for one item; nil means it succeeds.
	fail func(r *article.Raw) error
}

func (rec *batchRecorder) handle(_ context.Context, rs []*article.Raw) []error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.sizes = append(rec.sizes, len(rs))
	var errs []error
	for i, r := range rs {
		if rec.fail != nil {
			if err := rec.fail(r); err != nil {
				if errs == nil {
					errs = make([]error, len(rs))
				}
				errs[i] = err
				continue
			}
		}
		rec.handled[r.Title]++
	}
	return errs
}

func (rec *batchRecorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.handled)
}

// settled reports whether the stage's consumer has nothing pending and
// nothing unacknowledged.
func settled(t *testing.T, bus *publish.Bus, durable string) bool {
	info, err := bus.JS.Consumer(context.Background(), bus.Names.RawStream(), durable)
	if err != nil {
		t.Fatal(err)
	}
	ci := info.CachedInfo()
	return ci.NumPending == 0 && ci.NumAckPending == 0
}

// Messages waiting when the stage starts are handed over in batches of at
// most Batch; every one is handled once and acked.
func TestBatchHandlerGetsWaitingMessagesTogether(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	var titles []string
	for i := range 50 {
		titles = append(titles, fmt.Sprintf("item-%02d", i))
	}
	publishRaws(t, bus, titles...)
	rec := &batchRecorder{handled: map[string]int{}}
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(), Batch: 16, Concurrency: 1,
		HandleBatch: publish.RawBatch(rec.handle),
	})
	testenv.WaitFor(t, "all 50 handled", func() bool { return rec.count() == 50 })
	testenv.WaitFor(t, "all acked", func() bool { return settled(t, bus, "wiredesk-normalize") })
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for title, n := range rec.handled {
		if n != 1 {
			t.Errorf("%s handled %d times", title, n)
		}
	}
	if slices.Max(rec.sizes) > 16 {
		t.Errorf("batch sizes %v exceed Batch 16", rec.sizes)
	}
	if slices.Max(rec.sizes) < 2 {
		t.Errorf("batch sizes %v: waiting messages were not taken together", rec.sizes)
	}
}

// One failing message in a batch is retried and dead-lettered alone;
// an undecodable one is dead-lettered at once; the rest are acked once.
func TestBatchFailuresAreSettledPerMessage(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	publishRaws(t, bus, "ok-1", "poison", "ok-2", "ok-3")
	if _, err := bus.JS.Publish(context.Background(), bus.Names.RawSubject("PTI"), []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	rec := &batchRecorder{handled: map[string]int{}, fail: func(r *article.Raw) error {
		if r.Title == "poison" {
			return errors.New("cannot normalise poison")
		}
		return nil
	}}
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(), MaxDeliver: 3, Batch: 8, Concurrency: 1,
		Backoff:     []time.Duration{50 * time.Millisecond},
		HandleBatch: publish.RawBatch(rec.handle),
	})
	var dead []publish.DeadLetter
	testenv.WaitFor(t, "two dead letters", func() bool {
		var err error
		dead, err = bus.DeadLetters(context.Background(), "normalize", 0)
		return err == nil && len(dead) == 2
	})
	testenv.WaitFor(t, "all settled", func() bool { return settled(t, bus, "wiredesk-normalize") })
	byDeliveries := map[int]publish.DeadLetter{}
	for _, d := range dead {
		byDeliveries[d.Deliveries] = d
	}
	if d, ok := byDeliveries[3]; !ok || d.Error != "cannot normalise poison" {
		t.Errorf("poison dead letter = %+v, want the handler's error after 3 deliveries", dead)
	}
	if _, ok := byDeliveries[1]; !ok {
		t.Errorf("undecodable payload was not dead-lettered on its first delivery: %+v", dead)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if want := map[string]int{"ok-1": 1, "ok-2": 1, "ok-3": 1}; !maps.Equal(rec.handled, want) {
		t.Errorf("handled %v, want each good message once", rec.handled)
	}
}

// A batch that panics is handled again one message at a time: the
// message that panics is dead-lettered, the others are acked.
func TestBatchPanicIsolatesTheMessage(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	publishRaws(t, bus, "ok-1", "ok-2", "boom", "ok-3")
	var (
		mu   sync.Mutex
		done = map[string]bool{}
	)
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(), Batch: 8, Concurrency: 1,
		HandleBatch: publish.RawBatch(func(_ context.Context, rs []*article.Raw) []error {
			for _, r := range rs {
				if r.Title == "boom" {
					panic("boom")
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for _, r := range rs {
				done[r.Title] = true
			}
			return nil
		}),
	})
	var dead []publish.DeadLetter
	testenv.WaitFor(t, "the panic dead-lettered", func() bool {
		dead, _ = bus.DeadLetters(context.Background(), "normalize", 0)
		return len(dead) == 1
	})
	testenv.WaitFor(t, "all settled", func() bool { return settled(t, bus, "wiredesk-normalize") })
	if d := dead[0]; d.Deliveries != 1 || d.Error != "handler panic: boom" {
		t.Errorf("dead letter = %+v", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(done) != 3 || done["boom"] {
		t.Errorf("handled %v, want ok-1..3", done)
	}
}
