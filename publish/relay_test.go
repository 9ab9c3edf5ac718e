package publish_test

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// memOutbox is an outbox held in memory, standing in for the store's so
// that these tests see the relay alone; the store's outbox has its own
// conformance suite and the pipeline tests run the two together.
type memOutbox struct {
	names publish.Names

	mu      sync.Mutex
	entries []*memEntry
	failed  int
	lastErr error
}

type memEntry struct {
	publish.OutboxEntry
	sent    bool
	seq     uint64
	due     time.Time
	claimed bool
}

func (m *memOutbox) add(id string, version int, event article.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, &memEntry{OutboxEntry: publish.OutboxEntry{
		ID: int64(len(m.entries) + 1), StoryID: id, Version: version, Event: event}})
}

func (m *memOutbox) Claim(_ context.Context, limit int) ([]publish.OutboxEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []publish.OutboxEntry
	for _, e := range m.entries {
		if len(out) == limit {
			break
		}
		if e.sent || e.claimed || time.Now().Before(e.due) {
			continue
		}
		e.claimed = true
		e.Attempts++
		if e.FirstTry.IsZero() {
			e.FirstTry = time.Now()
		}
		out = append(out, e.OutboxEntry)
	}
	return out, nil
}

func (m *memOutbox) Message(_ context.Context, e publish.OutboxEntry) (*nats.Msg, error) {
	a := &article.Article{ID: e.StoryID, Agency: "ANI", Version: e.Version, Topics: []string{"medtop:11000000"}}
	return m.names.StoryMessage(a, e.Event, []byte(`{"uri":"urn:wiredesk:story:`+e.StoryID+`"}`)), nil
}

func (m *memOutbox) Sent(_ context.Context, e publish.OutboxEntry, _ string, seq uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	me := m.entries[e.ID-1]
	me.sent, me.seq, me.claimed = true, seq, false
	return nil
}

func (m *memOutbox) Failed(_ context.Context, e publish.OutboxEntry, cause error, retry time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	me := m.entries[e.ID-1]
	me.claimed, me.due = false, retry
	m.failed++
	m.lastErr = cause
	return nil
}

func (m *memOutbox) allSent() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.entries {
		if !e.sent {
			return false
		}
	}
	return true
}

func (m *memOutbox) failures() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.failed
}

func startRelay(t *testing.T, bus *publish.Bus, box *memOutbox) *publish.Relay {
	t.Helper()
	r, stop := runRelay(bus, box)
	t.Cleanup(stop)
	return r
}

// runRelay runs a relay until stop is called, and stop waits for it.
func runRelay(bus *publish.Bus, box *memOutbox) (*publish.Relay, func()) {
	r := &publish.Relay{Bus: bus, Outbox: box, Poll: 20 * time.Millisecond, MinBackoff: 50 * time.Millisecond,
		MaxBackoff: 200 * time.Millisecond, Log: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = r.Run(ctx) }()
	var once sync.Once
	return r, func() { once.Do(func() { cancel(); <-done }) }
}

// streamMessages reads every message on the published stream.
func streamMessages(t *testing.T, bus *publish.Bus) []jetstream.Msg {
	t.Helper()
	ctx := context.Background()
	cons, err := bus.JS.OrderedConsumer(ctx, bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.Msg
	for {
		batch, err := cons.FetchNoWait(100)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for m := range batch.Messages() {
			out = append(out, m)
			n++
		}
		if n == 0 {
			return out
		}
	}
}

func TestRelayPublishesEachEntryOnceWithItsHeaders(t *testing.T) {
	bus := newBus(t, testenv.EmbeddedNATS(t))
	box := &memOutbox{names: bus.Names}
	box.add("ani-1", 1, article.EventPublish)
	box.add("ani-1", 2, article.EventCorrection)
	box.add("ani-2", 1, article.EventWithdraw)
	r := startRelay(t, bus, box)
	r.Wake()
	testenv.WaitFor(t, "every entry sent", box.allSent)

	msgs := streamMessages(t, bus)
	if len(msgs) != 3 {
		t.Fatalf("%d messages on the stream, want 3", len(msgs))
	}
	for i, want := range []struct {
		id, version, event string
	}{{"ani-1", "1", "publish"}, {"ani-1", "2", "correction"}, {"ani-2", "1", "withdraw"}} {
		h := msgs[i].Headers()
		got := [...]string{h.Get(publish.HeaderStoryID), h.Get(publish.HeaderVersion), h.Get(publish.HeaderEvent),
			h.Get(jetstream.MsgIDHeader), h.Get(publish.HeaderContentType)}
		wantH := [...]string{want.id, want.version, want.event, "story." + want.id + ".v" + want.version, publish.NINJSContentType}
		if got != wantH {
			t.Errorf("message %d headers %v, want %v", i, got, wantH)
		}
		if msgs[i].Subject() != bus.Names.PublishedSubject("ANI", "politics") {
			t.Errorf("message %d on %s", i, msgs[i].Subject())
		}
		meta, _ := msgs[i].Metadata()
		if box.entries[i].seq != meta.Sequence.Stream {
			t.Errorf("entry %d recorded sequence %d, stream has %d", i, box.entries[i].seq, meta.Sequence.Stream)
		}
	}
}

// A relay whose earlier try reached the stream, but whose record of it did
// not reach the store, must not publish a second copy, even after the
// server's duplicate window has passed.
func TestRelayFindsAnEarlierCopyPastTheDuplicateWindow(t *testing.T) {
	url := testenv.EmbeddedNATS(t)
	bus, err := publish.Connect(context.Background(), url, publish.NamesWithPrefix(testenv.Prefix(t, url)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	if err := bus.EnsureStreams(context.Background(), publish.StreamOptions{DuplicateWindow: time.Second}); err != nil {
		t.Fatal(err)
	}
	box := &memOutbox{names: bus.Names}
	box.add("ani-1", 1, article.EventPublish)
	box.add("ani-2", 1, article.EventPublish)
	// The dead relay's publish of ani-1 v1.
	msg, _ := box.Message(context.Background(), box.entries[0].OutboxEntry)
	ack, err := bus.JS.PublishMsg(context.Background(), msg, jetstream.WithMsgID(publish.StoryMsgID("ani-1", 1)))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // past the server's window
	for _, e := range box.entries {
		e.Attempts, e.FirstTry = 1, time.Now().Add(-2*time.Second)
	}
	startRelay(t, bus, box).Wake()
	testenv.WaitFor(t, "both entries sent", box.allSent)
	if msgs := streamMessages(t, bus); len(msgs) != 2 {
		t.Fatalf("%d messages on the stream, want 2 (ani-1 once, ani-2 once)", len(msgs))
	}
	if box.entries[0].seq != ack.Sequence {
		t.Errorf("ani-1 recorded at sequence %d, want the earlier copy's %d", box.entries[0].seq, ack.Sequence)
	}
}

// With the server stopped, tries fail at once (no reconnect buffer holds
// them: a buffered publish would reach the stream on reconnect, unknown to
// the store); when it is back, every entry goes out exactly once.
func TestRelayWaitsOutTheBus(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	start := func() *publish.Embedded {
		srv, err := publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: dir, Port: port})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	srv := start()
	defer func() { srv.Shutdown() }()
	bus, err := publish.Connect(context.Background(), srv.ClientURL(), publish.NamesWithPrefix("relaytest"), nil,
		nats.ReconnectBufSize(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(context.Background(), publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	box := &memOutbox{names: bus.Names}
	r, stop := runRelay(bus, box)
	defer stop()
	srv.Shutdown()
	// Once the client has noticed; before that a try waits out its
	// PublishTimeout, as it must for a bus that is silent, not gone.
	testenv.WaitFor(t, "disconnected", func() bool { return !bus.NC.IsConnected() })
	for i := range 20 {
		box.add("ani-"+strconv.Itoa(i), 1, article.EventPublish)
	}
	began := time.Now()
	r.Wake()
	testenv.WaitFor(t, "failed tries recorded", func() bool { return box.failures() >= 20 })
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("20 failed tries took %v: publishes waited for a bus that was away", took)
	}
	t.Logf("a try while the bus is away fails with: %v", box.lastErr)
	stop()

	srv = start()
	testenv.WaitFor(t, "reconnected", func() bool { return bus.NC.IsConnected() })
	time.Sleep(300 * time.Millisecond)
	if msgs := streamMessages(t, bus); len(msgs) != 0 {
		t.Fatalf("%d messages reached the stream that no relay recorded", len(msgs))
	}

	startRelay(t, bus, box).Wake()
	testenv.WaitFor(t, "every entry sent after the restart", box.allSent)
	if msgs := streamMessages(t, bus); len(msgs) != 20 {
		t.Fatalf("%d messages on the stream, want 20", len(msgs))
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
