package publish_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

func newBus(t *testing.T, url string) *publish.Bus {
	t.Helper()
	ctx := context.Background()
	names := publish.NamesWithPrefix(testenv.Prefix(t, url))
	bus, err := publish.Connect(ctx, url, names, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	if err := bus.EnsureStreams(ctx, publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	return bus
}

func TestToken(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ANI", "ani"},
		{"Reuters World", "reuters_world"},
		{"a.b>*", "a_b__"},
		{"", "unknown"},
		{"Привет", "______"},
		{"iptc-11000000", "iptc-11000000"},
	} {
		if got := publish.Token(tc.in); got != tc.want {
			t.Errorf("Token(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSubjects(t *testing.T) {
	n := publish.DefaultNames()
	if got := n.PublishedSubject("ANI", "Politics"); got != "wire.published.ani.politics" {
		t.Errorf("PublishedSubject = %q", got)
	}
	if got := n.RawSubject("PTI"); got != "wire.raw.pti" {
		t.Errorf("RawSubject = %q", got)
	}
	p := publish.NamesWithPrefix("t1")
	if p.RawStream() != "T1_WIRE_RAW" || p.DLQSubject("normalize") != "t1.wire.dlq.normalize" {
		t.Errorf("prefixed names = %s %s", p.RawStream(), p.DLQSubject("normalize"))
	}
}

// A re-published raw item with the same content is dropped by the server;
// a changed one goes through.
func TestPublishRawDeduplicatesByContent(t *testing.T) {
	bus := newBus(t, testenv.SharedNATSURL(t))
	ctx := context.Background()
	raw := &article.Raw{Feed: "ani-world", Agency: "ANI", ItemID: "guid-1", Title: "Putin meets Witkoff"}
	first, err := bus.PublishRaw(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	again, err := bus.PublishRaw(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !again.Duplicate {
		t.Fatalf("duplicate flags: first %v, again %v", first.Duplicate, again.Duplicate)
	}
	raw.Summary = "updated"
	changed, err := bus.PublishRaw(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if changed.Duplicate {
		t.Fatal("changed item was dropped as a duplicate")
	}
}

// A 5 MiB page travels through the bus compressed and comes out whole.
func TestLargePayloadRoundTrip(t *testing.T) {
	url := testenv.SharedNATSURL(t)
	bus := newBus(t, url)
	ctx := context.Background()
	page := []byte("<html><body>" + strings.Repeat("<p>Moscow [Russia], April 25 (ANI): talks.</p>", 5<<20/48) + "</body></html>")
	raw := &article.Raw{Feed: "f", Agency: "ANI", ItemID: "big", Title: "big", Page: page}
	if _, err := bus.PublishRaw(ctx, raw); err != nil {
		t.Fatal(err)
	}
	got := make(chan *article.Raw, 1)
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(),
		Handle: func(ctx context.Context, msg jetstream.Msg) error {
			r, err := publish.DecodeRaw(msg.Data(), msg.Headers())
			if err != nil {
				return publish.Permanent(err)
			}
			got <- r
			return nil
		},
	})
	select {
	case r := <-got:
		if len(r.Page) != len(page) {
			t.Fatalf("page came out with %d bytes, want %d", len(r.Page), len(page))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("large message never arrived")
	}
}

func runStage(t *testing.T, bus *publish.Bus, st publish.Stage) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bus.Run(ctx, st) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("stage %s: %v", st.Name, err)
		}
	})
}

// A message that always fails ends in the DLQ after MaxDeliver with its
// error in headers, and the messages behind it are still processed.
func TestPoisonMessageGoesToDLQ(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	ctx := context.Background()
	for i, title := range []string{"poison", "ok-1", "ok-2", "ok-3"} {
		r := &article.Raw{Feed: "f", Agency: "PTI", ItemID: title, Title: title, FetchedAt: time.Unix(int64(i), 0)}
		if _, err := bus.PublishRaw(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu       sync.Mutex
		okSeen   = map[string]bool{}
		attempts atomic.Int32
	)
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(), MaxDeliver: 3,
		Backoff: []time.Duration{50 * time.Millisecond}, Concurrency: 1, Batch: 1,
		Handle: func(ctx context.Context, msg jetstream.Msg) error {
			r, err := publish.DecodeRaw(msg.Data(), msg.Headers())
			if err != nil {
				return publish.Permanent(err)
			}
			if r.Title == "poison" {
				attempts.Add(1)
				return errors.New("cannot normalise poison")
			}
			mu.Lock()
			okSeen[r.Title] = true
			mu.Unlock()
			return nil
		},
	})
	dlq, err := bus.JS.OrderedConsumer(ctx, bus.Names.DLQStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := dlq.Next(jetstream.FetchMaxWait(20 * time.Second))
	if err != nil {
		t.Fatalf("no dead letter: %v", err)
	}
	h := msg.Headers()
	if h.Get(publish.HeaderError) != "cannot normalise poison" || h.Get(publish.HeaderStage) != "normalize" || h.Get(publish.HeaderDeliveries) != "3" {
		t.Errorf("dead-letter headers = %v", h)
	}
	if !strings.HasSuffix(h.Get(publish.HeaderSubject), ".raw.pti") {
		t.Errorf("original subject header = %q", h.Get(publish.HeaderSubject))
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("poison tried %d times, want 3", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(okSeen) != 3 {
		t.Errorf("processed %v, want ok-1..3", okSeen)
	}
}

// A handler panic is a permanent failure, not a dead worker.
func TestHandlerPanicIsDeadLettered(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	ctx := context.Background()
	if _, err := bus.PublishRaw(ctx, &article.Raw{Feed: "f", Agency: "AP", ItemID: "x", Title: "x"}); err != nil {
		t.Fatal(err)
	}
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(),
		Handle: func(context.Context, jetstream.Msg) error { panic("boom") },
	})
	dlq, err := bus.JS.OrderedConsumer(ctx, bus.Names.DLQStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := dlq.Next(jetstream.FetchMaxWait(20 * time.Second))
	if err != nil {
		t.Fatalf("no dead letter: %v", err)
	}
	if got := msg.Headers().Get(publish.HeaderDeliveries); got != "1" {
		t.Errorf("panic dead-lettered after %s deliveries, want 1", got)
	}
}
