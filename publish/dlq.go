package publish

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DeadLetter is one message a stage gave up on, as kept in WIRE_DLQ.
type DeadLetter struct {
	// Seq is the message's sequence in the DLQ stream: what Replay takes.
	Seq uint64
	// Stage, Error and Deliveries say who gave up, why, and after how
	// many deliveries; Subject is where the message was first published.
	Stage      string
	Error      string
	Deliveries int
	Subject    string
	// Time is when it was dead-lettered; Size its payload in bytes.
	Time time.Time
	Size int
}

// DeadLetters lists up to limit dead letters, oldest first, of one stage
// or of every stage when stage is "". It reads the stream with an
// ephemeral ordered consumer, so listing never changes what is kept.
func (b *Bus) DeadLetters(ctx context.Context, stage string, limit int) ([]DeadLetter, error) {
	filter := b.Names.dlqAll()
	if stage != "" {
		filter = b.Names.DLQSubject(stage)
	}
	stream, err := b.JS.Stream(ctx, b.Names.DLQStream())
	if err != nil {
		return nil, fmt.Errorf("publish: dead letters: %w", err)
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		return nil, fmt.Errorf("publish: dead letters: %w", err)
	}
	var pending uint64
	for _, n := range info.State.Subjects {
		pending += n
	}
	if pending == 0 {
		return nil, nil
	}
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return nil, fmt.Errorf("publish: dead letters: %w", err)
	}
	var out []DeadLetter
	for uint64(len(out)) < pending && (limit <= 0 || len(out) < limit) {
		msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
		if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) {
			break
		}
		if err != nil {
			return out, fmt.Errorf("publish: dead letters: %w", err)
		}
		meta, err := msg.Metadata()
		if err != nil {
			return out, fmt.Errorf("publish: dead letters: %w", err)
		}
		out = append(out, deadLetter(meta.Sequence.Stream, meta.Timestamp, msg.Headers(), len(msg.Data())))
		if meta.NumPending == 0 {
			break
		}
	}
	return out, nil
}

func deadLetter(seq uint64, at time.Time, h nats.Header, size int) DeadLetter {
	n, _ := strconv.Atoi(h.Get(HeaderDeliveries))
	return DeadLetter{
		Seq: seq, Stage: h.Get(HeaderStage), Error: h.Get(HeaderError), Deliveries: n,
		Subject: h.Get(HeaderSubject), Time: at, Size: size,
	}
}

// ErrNotDeadLetter is returned by Replay for a DLQ message that does not
// say where it came from.
var ErrNotDeadLetter = errors.New("publish: message has no original subject")

// Replay republishes dead letter seq to the subject it was first published
// on, with its original headers and payload, for its stage to try again
// (after the bug that killed it is fixed), and then removes it from the
// DLQ. The republish carries the msg id "replay.<seq>", so replaying the
// same dead letter twice inside the duplicate window puts it back once.
func (b *Bus) Replay(ctx context.Context, seq uint64) (DeadLetter, error) {
	stream, err := b.JS.Stream(ctx, b.Names.DLQStream())
	if err != nil {
		return DeadLetter{}, fmt.Errorf("publish: replay %d: %w", seq, err)
	}
	raw, err := stream.GetMsg(ctx, seq)
	if err != nil {
		return DeadLetter{}, fmt.Errorf("publish: replay %d: %w", seq, err)
	}
	dl := deadLetter(seq, raw.Time, raw.Header, len(raw.Data))
	if dl.Subject == "" {
		return dl, fmt.Errorf("publish: replay %d: %w", seq, ErrNotDeadLetter)
	}
	out := nats.NewMsg(dl.Subject)
	for k, vs := range raw.Header {
		switch k {
		case HeaderError, HeaderStage, HeaderDeliveries, HeaderSubject, jetstream.MsgIDHeader:
			continue
		}
		for _, v := range vs {
			out.Header.Add(k, v)
		}
	}
	out.Data = raw.Data
	if _, err := b.JS.PublishMsg(ctx, out, jetstream.WithMsgID("replay."+b.Names.DLQStream()+"."+strconv.FormatUint(seq, 10))); err != nil {
		return dl, fmt.Errorf("publish: replay %d to %s: %w", seq, dl.Subject, err)
	}
	if err := stream.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return dl, fmt.Errorf("publish: replay %d: republished to %s but not removed from the DLQ: %w", seq, dl.Subject, err)
	}
	return dl, nil
}
