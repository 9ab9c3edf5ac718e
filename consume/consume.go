// Package consume is the Go client for sites downstream of wiredesk: it
// reads the published stream (WIRE_PUBLISHED), filtered by agency and
// topic, from now, from a time, from a stream sequence, or from where a
// durable consumer left off, and decodes each message into its event, the
// extended ninjs document and the canonical article.
//
// It depends only on package article and nats.go's jetstream, so a site
// can vendor it without the rest of wiredesk. docs/consumers.md describes
// the subjects, headers and guarantees it relies on.
package consume

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
)

// Defaults of a deployment that did not rename its streams.
const (
	// DefaultStream is the stream approved stories are published to.
	DefaultStream = "WIRE_PUBLISHED"
	// DefaultSubjectRoot is the first subject token.
	DefaultSubjectRoot = "wire"
)

// Header names of a published message (wiredesk's publish package sets
// them; they are repeated here so this package needs nothing else).
const (
	HeaderStoryID = "Wiredesk-Story-Id"
	HeaderVersion = "Wiredesk-Version"
	HeaderEvent   = "Wiredesk-Event"
	HeaderChanges = "Wiredesk-Changes"
)

// Start says where a consumer begins reading.
type Start struct {
	policy jetstream.DeliverPolicy
	time   time.Time
	seq    uint64
}

// StartNew reads only what is published from now on.
func StartNew() Start { return Start{policy: jetstream.DeliverNewPolicy} }

// StartAll reads the whole stream, as far back as it keeps messages.
func StartAll() Start { return Start{policy: jetstream.DeliverAllPolicy} }

// StartAt reads what was published at or after t.
func StartAt(t time.Time) Start {
	return Start{policy: jetstream.DeliverByStartTimePolicy, time: t}
}

// StartAfterSequence reads what came after stream sequence seq: pass the
// Sequence of the last message a site processed to resume exactly there.
func StartAfterSequence(seq uint64) Start {
	return Start{policy: jetstream.DeliverByStartSequencePolicy, seq: seq + 1}
}

type options struct {
	stream, root      string
	agencies, topics  []string
	durable           string
	start             *Start
	ackWait           time.Duration
	inactiveThreshold time.Duration
}

// Option configures New.
type Option func(*options)

// WithStream names the published stream (default WIRE_PUBLISHED) and its
// subject root (default "wire"), for a deployment with a stream prefix.
func WithStream(stream, subjectRoot string) Option {
	return func(o *options) { o.stream, o.root = stream, subjectRoot }
}

// WithAgencies keeps only these agencies' stories (names as wiredesk
// writes them, e.g. "ANI"; matched as subject tokens).
func WithAgencies(agencies ...string) Option {
	return func(o *options) { o.agencies = append(o.agencies, agencies...) }
}

// WithTopics keeps only these topics (e.g. "politics", "sport", or
// "general" for stories without one).
func WithTopics(topics ...string) Option {
	return func(o *options) { o.topics = append(o.topics, topics...) }
}

// Durable makes the consumer durable under name: the server remembers what
// it acknowledged, so a restarted site resumes where it left off, and
// several processes with the same name share the work. Without it the
// consumer is ephemeral and ordered, and reads from its Start.
func Durable(name string) Option {
	return func(o *options) { o.durable = name }
}

// From sets where reading begins. The default is StartNew for an ephemeral
// consumer; a durable consumer starts at StartAll when it is created and
// ignores From when it exists already (it resumes).
func From(s Start) Option {
	return func(o *options) { o.start = &s }
}

// AckWait is how long a durable consumer's unacknowledged message waits
// before it is delivered again (default 30s).
func AckWait(d time.Duration) Option {
	return func(o *options) { o.ackWait = d }
}

// Consumer reads the published stream.
type Consumer struct {
	cons    jetstream.Consumer
	durable bool
}

// New creates (or, for a durable name, finds or creates) a consumer on the
// published stream.
func New(ctx context.Context, js jetstream.JetStream, opts ...Option) (*Consumer, error) {
	o := options{stream: DefaultStream, root: DefaultSubjectRoot, ackWait: 30 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	filters := o.filters()
	if o.durable == "" {
		start := StartNew()
		if o.start != nil {
			start = *o.start
		}
		cfg := jetstream.OrderedConsumerConfig{DeliverPolicy: start.policy, FilterSubjects: filters}
		if start.policy == jetstream.DeliverByStartTimePolicy {
			cfg.OptStartTime = &start.time
		}
		if start.policy == jetstream.DeliverByStartSequencePolicy {
			cfg.OptStartSeq = start.seq
		}
		cons, err := js.OrderedConsumer(ctx, o.stream, cfg)
		if err != nil {
			return nil, fmt.Errorf("consume: ordered consumer on %s: %w", o.stream, err)
		}
		return &Consumer{cons: cons}, nil
	}
	if cons, err := js.Consumer(ctx, o.stream, o.durable); err == nil {
		return &Consumer{cons: cons, durable: true}, nil
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, fmt.Errorf("consume: durable %s on %s: %w", o.durable, o.stream, err)
	}
	start := StartAll()
	if o.start != nil {
		start = *o.start
	}
	cfg := jetstream.ConsumerConfig{
		Durable: o.durable, AckPolicy: jetstream.AckExplicitPolicy, AckWait: o.ackWait,
		DeliverPolicy: start.policy, MaxAckPending: 1000,
	}
	if len(filters) == 1 {
		cfg.FilterSubject = filters[0] // servers before 2.10 know only one
	} else {
		cfg.FilterSubjects = filters
	}
	if start.policy == jetstream.DeliverByStartTimePolicy {
		cfg.OptStartTime = &start.time
	}
	if start.policy == jetstream.DeliverByStartSequencePolicy {
		cfg.OptStartSeq = start.seq
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, o.stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("consume: durable %s on %s: %w", o.durable, o.stream, err)
	}
	return &Consumer{cons: cons, durable: true}, nil
}

// filters are the subjects the options select: one per agency and topic
// pair, with a wildcard where either is open.
func (o options) filters() []string {
	agencies, topics := tokens(o.agencies), tokens(o.topics)
	if len(agencies) == 0 {
		agencies = []string{"*"}
	}
	if len(topics) == 0 {
		topics = []string{"*"}
	}
	var out []string
	for _, a := range agencies {
		for _, t := range topics {
			out = append(out, o.root+".published."+a+"."+t)
		}
	}
	return out
}

func tokens(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, article.Token(n))
	}
	return out
}

// Next waits for the next message, up to wait.
func (c *Consumer) Next(ctx context.Context, wait time.Duration) (*Message, error) {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		wait = max(time.Until(dl), time.Millisecond)
	}
	m, err := c.cons.Next(jetstream.FetchMaxWait(wait))
	if err != nil {
		return nil, err
	}
	return newMessage(m)
}

// Handler processes one message. A nil error acknowledges it (for a
// durable consumer: it is never delivered again); an error asks for it
// again after a delay.
type Handler func(ctx context.Context, m *Message) error

// Run hands every message to h in stream order until ctx is cancelled.
// A message that cannot be decoded is still handed over, with Err set, so
// a site decides what to do with it.
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	for ctx.Err() == nil {
		raw, err := c.cons.Next(jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, context.DeadlineExceeded) {
				continue
			}
			if ctx.Err() != nil {
				break
			}
			return fmt.Errorf("consume: next: %w", err)
		}
		m, derr := newMessage(raw)
		if derr != nil {
			m = &Message{msg: raw, Err: derr}
		}
		if err := h(ctx, m); err != nil {
			if c.durable {
				_ = raw.NakWithDelay(time.Second)
			}
			continue
		}
		if c.durable {
			// Acknowledged even when the handler just cancelled ctx: it
			// has processed the message.
			if err := raw.DoubleAck(context.WithoutCancel(ctx)); err != nil {
				return fmt.Errorf("consume: ack %s v%d: %w", m.StoryID, m.Version, err)
			}
		}
	}
	return ctx.Err()
}

// Message is one published event about one version of a story.
type Message struct {
	// Event is publish, update, correction or withdraw.
	Event   article.Event
	StoryID string
	Version int
	// Changes lists what an update or correction changed (headline,
	// summary, body, correction …).
	Changes []string
	// Agency and Topic are the subject's tokens.
	Agency, Topic string
	Subject       string
	// Sequence is the message's stream sequence: resume after it with
	// StartAfterSequence.
	Sequence uint64
	// Published is when the stream stored the message.
	Published time.Time
	// Data is the document: ninjs 2.2 with the wiredesk extension.
	Data []byte
	// Err is set when Run could not read the message's headers.
	Err error

	msg jetstream.Msg
}

func newMessage(m jetstream.Msg) (*Message, error) {
	h := m.Headers()
	msg := &Message{
		Event: article.Event(h.Get(HeaderEvent)), StoryID: h.Get(HeaderStoryID),
		Subject: m.Subject(), Data: m.Data(), msg: m,
	}
	if c := h.Get(HeaderChanges); c != "" {
		msg.Changes = strings.Split(c, ",")
	}
	tokens := strings.Split(m.Subject(), ".")
	if len(tokens) >= 2 {
		msg.Agency, msg.Topic = tokens[len(tokens)-2], tokens[len(tokens)-1]
	}
	if meta, err := m.Metadata(); err == nil {
		msg.Sequence, msg.Published = meta.Sequence.Stream, meta.Timestamp
	}
	v, err := strconv.Atoi(h.Get(HeaderVersion))
	if err != nil || msg.StoryID == "" || !msg.Event.Valid() {
		return msg, fmt.Errorf("consume: message %d on %s is not a wiredesk event (story %q, version %q, event %q)",
			msg.Sequence, msg.Subject, msg.StoryID, h.Get(HeaderVersion), msg.Event)
	}
	msg.Version = v
	return msg, nil
}

// NINJS decodes the document as extended ninjs.
func (m *Message) NINJS() (*article.ExtendedNINJS, error) {
	return DecodeNINJS(m.Data)
}

// Article decodes the document into the canonical article.
func (m *Message) Article() (*article.Article, error) {
	x, err := m.NINJS()
	if err != nil {
		return nil, err
	}
	return x.Article()
}

// Withdrawn reports whether the event takes the story down: a site must
// remove it (ninjs pubstatus "canceled").
func (m *Message) Withdrawn() bool { return m.Event == article.EventWithdraw }

// DecodeNINJS decodes a published document (from the stream or the HTTP
// API) as extended ninjs.
func DecodeNINJS(doc []byte) (*article.ExtendedNINJS, error) {
	var x article.ExtendedNINJS
	if err := json.Unmarshal(doc, &x); err != nil {
		return nil, fmt.Errorf("consume: decode ninjs: %w", err)
	}
	if x.URI == "" {
		return nil, errors.New("consume: decode ninjs: no uri")
	}
	return &x, nil
}
