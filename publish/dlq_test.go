package publish_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// Dead letters are listed with stage, error and deliveries; a replay puts
// one back on its original subject, once, and takes it off the DLQ.
func TestDeadLettersListAndReplay(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	ctx := context.Background()
	for _, id := range []string{"a", "b"} {
		if _, err := bus.PublishRaw(ctx, &article.Raw{Feed: "f", Agency: "AFP", ItemID: id, Title: id}); err != nil {
			t.Fatal(err)
		}
	}
	var fixed atomic.Bool
	var handled atomic.Int32
	ctxStage, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- bus.Run(ctxStage, publish.Stage{
			Name: "normalize", Stream: bus.Names.RawStream(), MaxDeliver: 2, Backoff: []time.Duration{10 * time.Millisecond},
			Handle: func(context.Context, jetstream.Msg) error {
				if !fixed.Load() {
					return errors.New("parser bug")
				}
				handled.Add(1)
				return nil
			},
		})
	}()
	defer func() { cancel(); <-done }()

	var letters []publish.DeadLetter
	deadline := time.Now().Add(20 * time.Second)
	for len(letters) < 2 && time.Now().Before(deadline) {
		var err error
		if letters, err = bus.DeadLetters(ctx, "", 0); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(letters) != 2 {
		t.Fatalf("dead letters = %+v, want 2", letters)
	}
	for _, dl := range letters {
		if dl.Stage != "normalize" || dl.Error != "parser bug" || dl.Deliveries != 2 || dl.Subject != bus.Names.RawSubject("AFP") || dl.Size == 0 {
			t.Errorf("dead letter = %+v", dl)
		}
	}
	if other, err := bus.DeadLetters(ctx, "store", 0); err != nil || len(other) != 0 {
		t.Errorf("store's dead letters = %+v, %v", other, err)
	}
	if one, err := bus.DeadLetters(ctx, "normalize", 1); err != nil || len(one) != 1 {
		t.Errorf("limit 1 gave %d, %v", len(one), err)
	}

	fixed.Store(true)
	for _, dl := range letters {
		if _, err := bus.Replay(ctx, dl.Seq); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bus.Replay(ctx, letters[0].Seq); err == nil {
		t.Error("replaying a removed dead letter succeeded")
	}
	deadline = time.Now().Add(20 * time.Second)
	for handled.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := handled.Load(); n != 2 {
		t.Fatalf("replayed messages handled %d times, want 2", n)
	}
	if left, _ := bus.DeadLetters(ctx, "", 0); len(left) != 0 {
		t.Errorf("DLQ after replay holds %+v", left)
	}
}

// Cancelling Run lets the message in hand finish and be acked, so it is
// not delivered again: the graceful drain on SIGTERM.
func TestRunDrainsOnCancel(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	ctx := context.Background()
	if _, err := bus.PublishRaw(ctx, &article.Raw{Feed: "f", Agency: "AP", ItemID: "slow", Title: "slow"}); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	var finished atomic.Bool
	st := publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(), AckWait: 10 * time.Second,
		Handle: func(ctx context.Context, _ jetstream.Msg) error {
			close(started)
			time.Sleep(500 * time.Millisecond)
			finished.Store(ctx.Err() == nil)
			return nil
		},
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- bus.Run(runCtx, st) }()
	<-started
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !finished.Load() {
		t.Fatal("handler was cut off by the shutdown")
	}
	cons, err := bus.Consumer(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.NumAckPending != 0 || info.NumPending != 0 || info.NumRedelivered != 0 {
		t.Errorf("after drain: %d ack pending, %d pending, %d redelivered", info.NumAckPending, info.NumPending, info.NumRedelivered)
	}
}

func TestDuplicateWindowCoversLongestRetry(t *testing.T) {
	def := publish.Stage{Name: "store"}
	if got, want := def.LongestRetry(), 5*30*time.Second+(1+5+30+120)*time.Second; got != want {
		t.Errorf("default longest retry = %s, want %s", got, want)
	}
	if err := publish.CheckDuplicateWindow(0, def); err != nil {
		t.Errorf("default window: %v", err)
	}
	slow := publish.Stage{Name: "enrich", MaxDeliver: 10, AckWait: 10 * time.Minute}
	if err := publish.CheckDuplicateWindow(time.Hour, slow); !errors.Is(err, publish.ErrDuplicateWindow) {
		t.Errorf("10 × 10 min retries in a 1 h window: %v", err)
	}
}

// The article hops share one work-queue stream with non-overlapping
// consumers.
func TestArticleHopsShareTheStream(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	ctx := context.Background()
	n := bus.Names
	for _, filter := range []string{n.ArticleFilter(), n.DedupFilter(), n.EnrichedFilter()} {
		if _, err := bus.Consumer(ctx, publish.Stage{Name: filter, Stream: n.ArticlesStream(), FilterSubject: filter}); err != nil {
			t.Errorf("consumer on %s: %v", filter, err)
		}
	}
	if _, err := bus.PublishJSON(ctx, n.DedupSubject("ANI"), "m1", map[string]string{"id": "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bus.PublishJSON(ctx, n.EnrichedSubject("ANI"), "m2", map[string]string{"id": "x"}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestStoryTopicNamesMediaTopics(t *testing.T) {
	for _, tc := range []struct {
		topics []string
		want   string
	}{
		{nil, "general"}, {[]string{"medtop:11000000"}, "politics"}, {[]string{"15000000"}, "sport"},
		{[]string{"cricket"}, "cricket"}, {[]string{"medtop:20000001"}, "medtop:20000001"},
	} {
		if got := publish.StoryTopic(&article.Article{Topics: tc.topics}); got != tc.want {
			t.Errorf("StoryTopic(%q) = %q, want %q", tc.topics, got, tc.want)
		}
	}
}
