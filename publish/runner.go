package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Handler processes one message. Returning nil acks it; an error makes it
// be redelivered with backoff, or dead-lettered once MaxDeliver is reached
// or the error is Permanent. The handler must be idempotent: after a crash
// the same message comes again.
type Handler func(ctx context.Context, msg jetstream.Msg) error

// BatchHandler processes messages that arrived together and returns one
// error per message, in order, or nil when every message succeeded. It
// lets a stage pay for a round trip or a commit once per batch. Like a
// Handler it must be idempotent per message.
type BatchHandler func(ctx context.Context, msgs []jetstream.Msg) []error

// permanentError marks a failure that no retry can fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the runner dead-letters the message at once
// instead of retrying it (a payload that does not decode, say).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Stage describes one pipeline stage fed by a durable pull consumer that
// any number of processes may share.
type Stage struct {
	// Name names the stage in logs and its DLQ subject (wire.dlq.<name>).
	Name string
	// Stream is the stream the stage consumes.
	Stream string
	// Durable is the shared consumer's name; defaults to "wiredesk-<name>".
	Durable string
	// FilterSubject narrows the stream's subjects; empty means all.
	FilterSubject string
	// MaxDeliver defaults to 5.
	MaxDeliver int
	// AckWait defaults to 30s; long handlers are kept alive with InProgress.
	AckWait time.Duration
	// Backoff between redeliveries; defaults to 1s, 5s, 30s, 2m.
	Backoff []time.Duration
	// Batch is how many messages one fetch asks for; defaults to 32.
	Batch int
	// Concurrency is how many messages one process handles at once;
	// defaults to 4.
	Concurrency int
	// Handle is the stage's work, one message at a time.
	Handle Handler
	// HandleBatch, when set, is used instead of Handle: each call gets
	// the messages that had arrived when a worker became free (at most
	// Batch, and never waiting for more), so a quiet stream adds no
	// latency and a busy one fills batches. A batch that panics is
	// handled again a message at a time, so one poison message fails
	// alone.
	HandleBatch BatchHandler
}

func (s *Stage) defaults() {
	if s.Durable == "" {
		s.Durable = "wiredesk-" + Token(s.Name)
	}
	if s.MaxDeliver == 0 {
		s.MaxDeliver = 5
	}
	if s.AckWait == 0 {
		s.AckWait = 30 * time.Second
	}
	if s.Backoff == nil {
		s.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}
	}
	if s.Batch == 0 {
		s.Batch = 32
	}
	if s.Concurrency == 0 {
		s.Concurrency = 4
	}
}

// backoff is the redelivery delay after the n-th delivery failed.
func (s *Stage) backoff(delivered uint64) time.Duration {
	if len(s.Backoff) == 0 {
		return 0
	}
	i := int(delivered) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s.Backoff) {
		i = len(s.Backoff) - 1
	}
	return s.Backoff[i]
}

// LongestRetry is the longest a message can spend between its first
// delivery and its last: every delivery may run until AckWait expires
// (a crashed worker never naks), followed by the backoff before the next.
// A handler that publishes and then fails may publish again that much
// later, so the output stream's duplicate window must be at least this.
func (s Stage) LongestRetry() time.Duration {
	s.defaults()
	total := time.Duration(s.MaxDeliver) * s.AckWait
	for n := 1; n < s.MaxDeliver; n++ {
		total += s.backoff(uint64(n))
	}
	return total
}

// ErrDuplicateWindow is returned when a stream's duplicate window is
// shorter than a stage's longest retry.
var ErrDuplicateWindow = errors.New("publish: duplicate window shorter than the longest retry")

// CheckDuplicateWindow reports whether window covers the longest retry of
// every stage, so a retried publish is always recognised as a duplicate.
func CheckDuplicateWindow(window time.Duration, stages ...Stage) error {
	if window == 0 {
		window = (&StreamOptions{}).withDefaults().DuplicateWindow
	}
	for _, st := range stages {
		if r := st.LongestRetry(); r > window {
			return fmt.Errorf("%w: stage %s retries for up to %s, window is %s", ErrDuplicateWindow, st.Name, r, window)
		}
	}
	return nil
}

// Consumer creates or updates the stage's durable consumer.
func (b *Bus) Consumer(ctx context.Context, st Stage) (jetstream.Consumer, error) {
	st.defaults()
	cfg := jetstream.ConsumerConfig{
		Durable:       st.Durable,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       st.AckWait,
		MaxDeliver:    st.MaxDeliver,
		FilterSubject: st.FilterSubject,
		MaxAckPending: st.Batch * st.Concurrency * 8,
	}
	c, err := b.JS.CreateOrUpdateConsumer(ctx, st.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("publish: consumer %s on %s: %w", st.Durable, st.Stream, err)
	}
	return c, nil
}

// Run feeds the stage from its durable consumer until ctx is cancelled.
// On cancellation it stops fetching, finishes the messages it holds (with
// up to AckWait to do so) and returns nil: a graceful drain.
func (b *Bus) Run(ctx context.Context, st Stage) error {
	st.defaults()
	if st.Handle == nil && st.HandleBatch == nil {
		return fmt.Errorf("publish: stage %s has no handler", st.Name)
	}
	cons, err := b.Consumer(ctx, st)
	if err != nil {
		return err
	}
	log := b.Log.With("stage", st.Name, "consumer", st.Durable)
	log.Info("stage started")
	// Handlers run on a context that outlives ctx by AckWait, so a message
	// in hand at shutdown is finished rather than abandoned.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	sem := make(chan struct{}, st.Concurrency)
	var wg sync.WaitGroup
	defer func() {
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(st.AckWait):
			log.Warn("drain timed out; unfinished messages will be redelivered")
			stopWork()
			<-done
		}
		log.Info("stage stopped")
	}()
	for ctx.Err() == nil {
		batch, err := cons.Fetch(st.Batch, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			log.Warn("fetch failed", "err", err)
			if !sleep(ctx, time.Second) {
				return nil
			}
			continue
		}
		msgs := batch.Messages()
		for msg := range msgs {
			sem <- struct{}{}
			if st.HandleBatch != nil {
				// While this worker waited for a free slot, more messages
				// arrived: take them along.
				group := takeReady(msgs, []jetstream.Msg{msg}, st.Batch)
				wg.Go(func() {
					defer func() { <-sem }()
					b.handleBatch(work, log, &st, group)
				})
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				b.handle(work, log, &st, msg)
			})
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			log.Debug("fetch ended", "err", err)
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// handle runs the handler on one message and settles it: ack, nak with
// backoff, or dead-letter.
func (b *Bus) handle(ctx context.Context, log *slog.Logger, st *Stage, msg jetstream.Msg) {
	meta, err := msg.Metadata()
	if err != nil {
		log.Error("message without metadata", "subject", msg.Subject(), "err", err)
		_ = msg.Term()
		return
	}
	stop := keepInProgress(ctx, st.AckWait, msg)
	herr := safeHandle(ctx, st.Handle, msg)
	stop()
	b.settle(ctx, log, st, msg, meta, herr)
}

// handleBatch runs the batch handler on msgs and settles each message
// with its own outcome.
func (b *Bus) handleBatch(ctx context.Context, log *slog.Logger, st *Stage, msgs []jetstream.Msg) {
	metas := make([]*jetstream.MsgMetadata, 0, len(msgs))
	valid := msgs[:0:0]
	for _, msg := range msgs {
		meta, err := msg.Metadata()
		if err != nil {
			log.Error("message without metadata", "subject", msg.Subject(), "err", err)
			_ = msg.Term()
			continue
		}
		valid, metas = append(valid, msg), append(metas, meta)
	}
	if len(valid) == 0 {
		return
	}
	stop := keepInProgress(ctx, st.AckWait, valid...)
	errs, err := safeHandleBatch(ctx, st.HandleBatch, valid)
	if err != nil && len(valid) > 1 {
		// One message broke the whole batch; find it by taking the
		// messages one at a time, so the others go through.
		log.Warn("batch failed; handling its messages one at a time", "err", err, "messages", len(valid))
		errs = make([]error, len(valid))
		for i, msg := range valid {
			one, err := safeHandleBatch(ctx, st.HandleBatch, []jetstream.Msg{msg})
			if err != nil {
				errs[i] = err
			} else {
				errs[i] = one[0]
			}
		}
	} else if err != nil {
		errs = []error{err}
	}
	stop()
	var wg sync.WaitGroup
	for i, msg := range valid {
		// Acks wait for the server's confirmation; send them together.
		wg.Go(func() { b.settle(ctx, log, st, msg, metas[i], errs[i]) })
	}
	wg.Wait()
}

// takeReady appends to group the messages already waiting in msgs, up to
// max in all, without waiting for more.
func takeReady(msgs <-chan jetstream.Msg, group []jetstream.Msg, max int) []jetstream.Msg {
	for len(group) < max {
		select {
		case msg, ok := <-msgs:
			if !ok {
				return group
			}
			group = append(group, msg)
		default:
			return group
		}
	}
	return group
}

// keepInProgress keeps msgs ours while a handler works past AckWait; the
// returned func stops it.
func keepInProgress(ctx context.Context, ackWait time.Duration, msgs ...jetstream.Msg) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		t := time.NewTicker(ackWait / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				for _, msg := range msgs {
					_ = msg.InProgress()
				}
			}
		}
	}()
	return cancel
}

// settle acks, naks with backoff, or dead-letters one handled message.
func (b *Bus) settle(ctx context.Context, log *slog.Logger, st *Stage, msg jetstream.Msg, meta *jetstream.MsgMetadata, herr error) {
	log = log.With("subject", msg.Subject(), "stream_seq", meta.Sequence.Stream, "delivered", meta.NumDelivered)
	if herr == nil {
		// DoubleAck waits for the server to confirm, so a lost ack cannot
		// make us believe a message is done that will come again.
		if err := msg.DoubleAck(ctx); err != nil {
			log.Warn("ack failed; message will be redelivered", "err", err)
		}
		return
	}
	if IsPermanent(herr) || int(meta.NumDelivered) >= st.MaxDeliver {
		if err := b.deadLetter(ctx, st, msg, meta, herr); err != nil {
			log.Error("dead-letter failed; leaving message for redelivery", "err", err, "handler_err", herr)
			_ = msg.NakWithDelay(st.backoff(meta.NumDelivered))
			return
		}
		log.Error("message dead-lettered", "err", herr)
		_ = msg.TermWithReason("dead-lettered: " + herr.Error())
		return
	}
	delay := st.backoff(meta.NumDelivered)
	log.Warn("handler failed; will retry", "err", herr, "retry_in", delay)
	_ = msg.NakWithDelay(delay)
}

// safeHandle turns a handler panic into an error so one bad message cannot
// take the worker down.
func safeHandle(ctx context.Context, h Handler, msg jetstream.Msg) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("handler panic: %v", r))
		}
	}()
	return h(ctx, msg)
}

// safeHandleBatch runs a batch handler. A panic, or an answer that does
// not give one error per message, is a failure of the whole batch: err.
func safeHandleBatch(ctx context.Context, h BatchHandler, msgs []jetstream.Msg) (errs []error, err error) {
	defer func() {
		if r := recover(); r != nil {
			errs, err = nil, Permanent(fmt.Errorf("handler panic: %v", r))
		}
	}()
	errs = h(ctx, msgs)
	if errs == nil {
		return make([]error, len(msgs)), nil
	}
	if len(errs) != len(msgs) {
		return nil, fmt.Errorf("batch handler returned %d errors for %d messages", len(errs), len(msgs))
	}
	return errs, nil
}

// deadLetter copies msg to wire.dlq.<stage> with why it failed. Its msg id
// is the source stream sequence, so a retried dead-letter is stored once.
func (b *Bus) deadLetter(ctx context.Context, st *Stage, msg jetstream.Msg, meta *jetstream.MsgMetadata, cause error) error {
	out := nats.NewMsg(b.Names.DLQSubject(st.Name))
	for k, vs := range msg.Headers() {
		if k == jetstream.MsgIDHeader {
			continue
		}
		for _, v := range vs {
			out.Header.Add(k, v)
		}
	}
	out.Header.Set(HeaderError, cause.Error())
	out.Header.Set(HeaderStage, st.Name)
	out.Header.Set(HeaderDeliveries, strconv.FormatUint(meta.NumDelivered, 10))
	out.Header.Set(HeaderSubject, msg.Subject())
	out.Data = msg.Data()
	id := fmt.Sprintf("dlq.%s.%s.%d", st.Name, meta.Stream, meta.Sequence.Stream)
	if _, err := b.JS.PublishMsg(ctx, out, jetstream.WithMsgID(id)); err != nil {
		return fmt.Errorf("publish: dead-letter to %s: %w", out.Subject, err)
	}
	return nil
}

// JSON adapts a typed handler: it decodes the message payload (gunzipping
// it when needed) into a fresh T. A payload that does not decode is
// dead-lettered at once, as no retry can fix it.
func JSON[T any](fn func(ctx context.Context, v *T) error) Handler {
	return func(ctx context.Context, msg jetstream.Msg) error {
		v := new(T)
		if err := DecodeJSON(msg.Data(), msg.Headers(), v); err != nil {
			return Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
		}
		return fn(ctx, v)
	}
}

// JSONBatch adapts a typed batch handler as JSON adapts a typed handler:
// each payload is decoded into a fresh T, and one that does not decode is
// dead-lettered at once without reaching fn. fn returns one error per
// value, or nil when all succeeded.
func JSONBatch[T any](fn func(ctx context.Context, vs []*T) []error) BatchHandler {
	return func(ctx context.Context, msgs []jetstream.Msg) []error {
		errs := make([]error, len(msgs))
		vs := make([]*T, 0, len(msgs))
		at := make([]int, 0, len(msgs))
		for i, msg := range msgs {
			v := new(T)
			if err := DecodeJSON(msg.Data(), msg.Headers(), v); err != nil {
				errs[i] = Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
				continue
			}
			vs, at = append(vs, v), append(at, i)
		}
		if len(vs) == 0 {
			return errs
		}
		out := fn(ctx, vs)
		if out == nil {
			return errs
		}
		if len(out) != len(vs) {
			panic(fmt.Sprintf("publish: JSONBatch handler returned %d errors for %d values", len(out), len(vs)))
		}
		for j, err := range out {
			errs[at[j]] = err
		}
		return errs
	}
}
