package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
)

// OutboxEntry is one editorial event a relay has claimed.
type OutboxEntry struct {
	ID      int64
	StoryID string
	Version int
	Event   article.Event
	// Attempts counts claims of this entry, this one included; above 1 an
	// earlier relay may have published it and died before recording it.
	Attempts int
	// FirstTry is when the entry was first claimed.
	FirstTry time.Time
}

// Outbox is where a relay takes its work from: the store's outbox, seen
// through the pipeline, which renders each entry's message.
type Outbox interface {
	// Claim leases up to limit due entries to this relay.
	Claim(ctx context.Context, limit int) ([]OutboxEntry, error)
	// Message renders an entry: subject, headers and ninjs document.
	// Nats-Msg-Id is set by the relay.
	Message(ctx context.Context, e OutboxEntry) (*nats.Msg, error)
	// Sent records the PubAck's stream sequence.
	Sent(ctx context.Context, e OutboxEntry, subject string, seq uint64) error
	// Failed records a failed try; the entry is due again at retry.
	Failed(ctx context.Context, e OutboxEntry, cause error, retry time.Time) error
}

// Relay publishes the outbox to the published stream: each entry once,
// with Nats-Msg-Id = story id + version, marked sent only after the
// PubAck, and retried with backoff for as long as it takes; a publish is
// never dead-lettered because the bus is away. Any number of relays may
// run against one store.
type Relay struct {
	// Bus must be connected with its reconnect buffer off
	// (nats.ReconnectBufSize(-1)): a buffered publish could reach the
	// stream after the relay gave up on it, unknown to the store.
	Bus    *Bus
	Outbox Outbox
	// Batch is how many entries one claim takes (default 64).
	Batch int
	// Poll is how often the outbox is read when nothing wakes the relay
	// (default 250ms); Wake makes it read at once.
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failed try
	// (defaults 500ms and 30s), doubling per attempt, with jitter.
	MinBackoff, MaxBackoff time.Duration
	// PublishTimeout bounds one publish's wait for its PubAck (default 5s).
	PublishTimeout time.Duration
	// Lease is how long the outbox leases a claim; what is not tried by
	// half of it is given back, so no row is published under a lapsed
	// lease by a slow relay while another claims it (0: no limit).
	Lease time.Duration
	// DuplicateWindow is the published stream's; an entry first tried
	// longer ago than this is looked for on the stream before it is sent
	// again, as the server no longer drops the copy. Zero reads it from
	// the stream at start.
	DuplicateWindow time.Duration
	Log             *slog.Logger

	wakeOnce sync.Once
	wake     chan struct{}
}

func (r *Relay) wakeCh() chan struct{} {
	r.wakeOnce.Do(func() { r.wake = make(chan struct{}, 1) })
	return r.wake
}

// Wake makes the relay read the outbox now instead of at its next poll:
// the desk calls it after an approval in the same process.
func (r *Relay) Wake() {
	select {
	case r.wakeCh() <- struct{}{}:
	default:
	}
}

func (r *Relay) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

func (r *Relay) defaults() {
	if r.Batch <= 0 {
		r.Batch = 64
	}
	if r.Poll <= 0 {
		r.Poll = 250 * time.Millisecond
	}
	if r.MinBackoff <= 0 {
		r.MinBackoff = 500 * time.Millisecond
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = 30 * time.Second
	}
	if r.PublishTimeout <= 0 {
		r.PublishTimeout = 5 * time.Second
	}
}

// Run relays until ctx is cancelled.
func (r *Relay) Run(ctx context.Context) error {
	r.defaults()
	wake := r.wakeCh()
	ticker := time.NewTicker(r.Poll)
	defer ticker.Stop()
	for {
		if err := r.drain(ctx); err != nil && ctx.Err() == nil {
			r.log().Warn("relay: reading the outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-ticker.C:
		}
	}
}

// drain publishes due entries until none is left or the bus fails.
func (r *Relay) drain(ctx context.Context) error {
	for ctx.Err() == nil {
		claimed := time.Now()
		entries, err := r.Outbox.Claim(ctx, r.Batch)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		for i, e := range entries {
			if r.Lease > 0 && time.Since(claimed) > r.Lease/2 {
				for _, rest := range entries[i:] {
					r.fail(ctx, rest, errors.New("not tried: the claim is half way to its lease"))
				}
				break
			}
			if err := r.relay(ctx, e); err != nil && IsBusError(err) {
				// The bus is away or slow: give the rest of the claim
				// back rather than wait out a timeout for each.
				for _, rest := range entries[i+1:] {
					r.fail(ctx, rest, fmt.Errorf("not tried: %w", err))
				}
				return nil
			}
		}
	}
	return nil
}

// relay publishes one entry. A failure is recorded on the entry and
// returned.
func (r *Relay) relay(ctx context.Context, e OutboxEntry) error {
	msg, err := r.Outbox.Message(ctx, e)
	if err != nil {
		err = fmt.Errorf("render: %w", err)
		r.fail(ctx, e, err)
		return err
	}
	msgID := StoryMsgID(e.StoryID, e.Version)
	if e.Attempts > 1 && time.Since(e.FirstTry) > r.duplicateWindow(ctx)-time.Minute {
		// An earlier try may have reached the stream and its relay died
		// before recording it; past the duplicate window the server
		// would keep a second copy, so look for the first.
		seq, found, err := r.findPublished(ctx, msg.Subject, msgID, e.FirstTry.Add(-time.Minute))
		if err != nil {
			r.fail(ctx, e, fmt.Errorf("look for an earlier copy: %w", err))
			return err
		}
		if found {
			r.log().Info("relay: found on the stream from an earlier try", "story_id", e.StoryID, "version", e.Version, "seq", seq)
			return r.sent(ctx, e, msg.Subject, seq)
		}
	}
	pctx, cancel := context.WithTimeout(ctx, r.PublishTimeout)
	defer cancel()
	ack, err := r.Bus.JS.PublishMsg(pctx, msg, jetstream.WithMsgID(msgID))
	if err != nil {
		err = fmt.Errorf("publish %s: %w", msg.Subject, err)
		r.fail(ctx, e, err)
		return err
	}
	return r.sent(ctx, e, msg.Subject, ack.Sequence)
}

// duplicateWindow is DuplicateWindow, read from the stream when unset;
// while it cannot be read it is taken as zero, so every retried entry is
// looked for on the stream first.
func (r *Relay) duplicateWindow(ctx context.Context) time.Duration {
	if r.DuplicateWindow > 0 {
		return r.DuplicateWindow
	}
	info, err := r.Bus.JS.Stream(ctx, r.Bus.Names.PublishedStream())
	if err != nil {
		return 0
	}
	r.DuplicateWindow = info.CachedInfo().Config.Duplicates
	return r.DuplicateWindow
}

func (r *Relay) sent(ctx context.Context, e OutboxEntry, subject string, seq uint64) error {
	if err := r.Outbox.Sent(ctx, e, subject, seq); err != nil {
		// Published but not recorded: the entry's lease lapses and the
		// next try finds the copy (duplicate window or stream scan).
		r.log().Warn("relay: published but not recorded", "story_id", e.StoryID, "version", e.Version, "seq", seq, "err", err)
		return nil
	}
	r.log().Debug("relay: published", "story_id", e.StoryID, "version", e.Version, "event", string(e.Event), "seq", seq)
	return nil
}

func (r *Relay) fail(ctx context.Context, e OutboxEntry, cause error) {
	retry := time.Now().Add(r.backoff(e.Attempts))
	r.log().Warn("relay: publish failed, will retry", "story_id", e.StoryID, "version", e.Version,
		"attempt", e.Attempts, "retry_at", retry, "err", cause)
	if err := r.Outbox.Failed(context.WithoutCancel(ctx), e, cause, retry); err != nil {
		r.log().Warn("relay: recording a failed try", "story_id", e.StoryID, "err", err)
	}
}

// backoff is the wait after the n-th failed try: doubling from MinBackoff
// up to MaxBackoff, with up to 20% jitter so relays do not retry in step.
func (r *Relay) backoff(attempts int) time.Duration {
	d := r.MinBackoff
	for i := 1; i < attempts && d < r.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, r.MaxBackoff)
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

// findPublished looks for a message with Nats-Msg-Id msgID on subject,
// stored since the given time, and returns its stream sequence.
func (r *Relay) findPublished(ctx context.Context, subject, msgID string, since time.Time) (uint64, bool, error) {
	cons, err := r.Bus.JS.OrderedConsumer(ctx, r.Bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject},
		DeliverPolicy:  jetstream.DeliverByStartTimePolicy,
		OptStartTime:   &since,
	})
	if err != nil {
		return 0, false, err
	}
	for {
		batch, err := cons.FetchNoWait(256)
		if err != nil {
			return 0, false, err
		}
		n := 0
		for m := range batch.Messages() {
			n++
			meta, err := m.Metadata()
			if err != nil {
				return 0, false, err
			}
			if m.Headers().Get(jetstream.MsgIDHeader) == msgID {
				return meta.Sequence.Stream, true, nil
			}
			if meta.NumPending == 0 {
				return 0, false, nil
			}
		}
		if err := batch.Error(); err != nil {
			return 0, false, err
		}
		if n == 0 {
			return 0, false, nil
		}
	}
}

// StoryMessage is the message that publishes one version of a story as an
// event: the ninjs document as its body, on wire.published.<agency>.<topic>,
// with the headers downstream reads (docs/consumers.md).
func (n Names) StoryMessage(a *article.Article, event article.Event, ninjs []byte) *nats.Msg {
	msg := nats.NewMsg(n.PublishedSubject(a.Agency, StoryTopic(a)))
	msg.Header.Set(HeaderContentType, NINJSContentType)
	msg.Header.Set(HeaderStoryID, a.ID)
	msg.Header.Set(HeaderVersion, strconv.Itoa(a.Version))
	msg.Header.Set(HeaderEvent, string(event))
	if event == article.EventCorrection || event == article.EventUpdate || event == article.EventWithdraw {
		var kinds []string
		for _, c := range a.Changes {
			kinds = append(kinds, string(c.Kind))
		}
		if len(kinds) > 0 {
			msg.Header.Set(HeaderChanges, strings.Join(kinds, ","))
		}
	}
	msg.Data = ninjs
	return msg
}

// IsBusError reports whether err came from the bus being away or slow
// rather than from the message.
func IsBusError(err error) bool {
	return errors.Is(err, nats.ErrReconnectBufExceeded) || errors.Is(err, nats.ErrConnectionClosed) ||
		errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, nats.ErrDisconnected)
}
