package publish

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Header names wiredesk sets on its messages.
const (
	// HeaderEncoding is "gzip" when the payload is compressed.
	HeaderEncoding = "Wiredesk-Encoding"
	// HeaderError, HeaderStage, HeaderDeliveries and HeaderSubject describe
	// why and where a message was dead-lettered.
	HeaderError      = "Wiredesk-Error"
	HeaderStage      = "Wiredesk-Stage"
	HeaderDeliveries = "Wiredesk-Deliveries"
	HeaderSubject    = "Wiredesk-Subject"
	// HeaderStoryID and HeaderVersion identify a published story.
	HeaderStoryID = "Wiredesk-Story-Id"
	HeaderVersion = "Wiredesk-Version"
	// HeaderEvent says what a published message does downstream: publish,
	// update, correction or withdraw (article.Event).
	HeaderEvent = "Wiredesk-Event"
	// HeaderChanges lists, comma-separated, what a correction or update
	// changed (article.ChangeKind: headline, summary, body, correction …).
	HeaderChanges = "Wiredesk-Changes"
	// HeaderContentType is the published documents' media type.
	HeaderContentType = "Content-Type"
	// NINJSContentType is the Content-Type of a published ninjs document.
	NINJSContentType = "application/ninjs+json"
)

// compressAbove is the payload size from which messages are gzipped: full
// article pages are large and compress about tenfold, so they fit the
// default 1 MiB max_payload of an external server.
const compressAbove = 32 << 10

// StreamOptions tune the streams EnsureStreams creates.
type StreamOptions struct {
	// Replicas is 1 on one box and 3 on a cluster.
	Replicas int
	// DuplicateWindow covers the longest retry of a publish (default 2h,
	// far above a stage's longest retry, Stage.LongestRetry: about 5
	// minutes with the default backoff). CheckDuplicateWindow verifies it.
	DuplicateWindow time.Duration
	// PublishedMaxAge bounds how far back downstream sites can replay
	// (default 30 days).
	PublishedMaxAge time.Duration
	// DLQMaxAge bounds how long dead letters wait for an operator (default 14 days).
	DLQMaxAge time.Duration
	// PublishedMaxBytes bounds the published stream's size, oldest first
	// out (0: no bound); PublishedReplicas and PublishedDuplicateWindow
	// override Replicas and DuplicateWindow for it.
	PublishedMaxBytes        int64
	PublishedReplicas        int
	PublishedDuplicateWindow time.Duration
}

func (o StreamOptions) withDefaults() StreamOptions {
	o.defaults()
	return o
}

func (o *StreamOptions) defaults() {
	if o.Replicas < 1 {
		o.Replicas = 1
	}
	if o.DuplicateWindow == 0 {
		o.DuplicateWindow = 2 * time.Hour
	}
	if o.PublishedMaxAge == 0 {
		o.PublishedMaxAge = 30 * 24 * time.Hour
	}
	if o.DLQMaxAge == 0 {
		o.DLQMaxAge = 14 * 24 * time.Hour
	}
	if o.PublishedReplicas < 1 {
		o.PublishedReplicas = o.Replicas
	}
	if o.PublishedDuplicateWindow == 0 {
		o.PublishedDuplicateWindow = o.DuplicateWindow
	}
	if o.PublishedMaxBytes == 0 {
		o.PublishedMaxBytes = -1 // JetStream's "no bound"
	}
}

// Bus is a connection to JetStream with the deployment's names.
type Bus struct {
	NC    *nats.Conn
	JS    jetstream.JetStream
	Names Names
	Log   *slog.Logger
}

// Connect dials NATS at url and returns a Bus; it does not create streams.
// Extra options go to nats.Connect after wiredesk's own (the relay's bus
// turns the reconnect buffer off with nats.ReconnectBufSize(-1)).
func Connect(ctx context.Context, url string, names Names, log *slog.Logger, extra ...nats.Option) (*Bus, error) {
	if log == nil {
		log = slog.Default()
	}
	opts := []nats.Option{
		nats.Name("wiredesk"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats reconnected", "url", c.ConnectedUrl()) }),
	}
	nc, err := nats.Connect(url, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("publish: connect %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("publish: jetstream %s: %w", url, err)
	}
	return &Bus{NC: nc, JS: js, Names: names, Log: log}, nil
}

// Close drains the connection.
func (b *Bus) Close() {
	if err := b.NC.Drain(); err != nil {
		b.NC.Close()
	}
}

// EnsureStreams creates or updates the four streams of DESIGN.md. It is
// idempotent, so every process may call it at start.
func (b *Bus) EnsureStreams(ctx context.Context, opts StreamOptions) error {
	opts.defaults()
	n := b.Names
	configs := []jetstream.StreamConfig{
		{
			Name: n.RawStream(), Subjects: []string{n.rawAll()},
			Description: "fetched feed items and pages awaiting normalisation",
			Retention:   jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage,
			Replicas: opts.Replicas, Duplicates: opts.DuplicateWindow,
		},
		{
			// One work queue for the article's three hops: new articles,
			// deduplicated ones awaiting enrichment, enriched ones
			// awaiting the store. Each hop's consumer filters its own
			// subjects.
			Name: n.ArticlesStream(), Subjects: []string{n.articleAll(), n.DedupFilter(), n.EnrichedFilter()},
			Description: "canonical articles awaiting dedup, enrich, store",
			Retention:   jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage,
			Replicas: opts.Replicas, Duplicates: opts.DuplicateWindow,
		},
		{
			Name: n.PublishedStream(), Subjects: []string{n.publishedAll()},
			Description: "approved stories as ninjs, for downstream sites to read and replay",
			Retention:   jetstream.LimitsPolicy, Storage: jetstream.FileStorage,
			Replicas: opts.PublishedReplicas, Duplicates: opts.PublishedDuplicateWindow,
			MaxAge: opts.PublishedMaxAge, MaxBytes: opts.PublishedMaxBytes,
		},
		{
			Name: n.DLQStream(), Subjects: []string{n.dlqAll()},
			Description: "messages a stage gave up on, with the error in headers",
			Retention:   jetstream.LimitsPolicy, Storage: jetstream.FileStorage,
			Replicas: opts.Replicas, MaxAge: opts.DLQMaxAge,
		},
	}
	for _, cfg := range configs {
		if _, err := b.JS.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("publish: ensure stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}

// PublishJSON publishes v as JSON on subject with the given Nats-Msg-Id and
// waits for JetStream's acknowledgement, so the message is durable when it
// returns. Large payloads are gzipped. A duplicate inside the stream's
// window is accepted and reported through the PubAck.
func (b *Bus) PublishJSON(ctx context.Context, subject, msgID string, v any, hdr nats.Header) (*jetstream.PubAck, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("publish %s: encode: %w", subject, err)
	}
	msg := nats.NewMsg(subject)
	for k, vs := range hdr {
		for _, v := range vs {
			msg.Header.Add(k, v)
		}
	}
	if len(data) > compressAbove {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("publish %s: compress: %w", subject, err)
		}
		data = buf.Bytes()
		msg.Header.Set(HeaderEncoding, "gzip")
	}
	if max := b.NC.MaxPayload(); int64(len(data)) > max {
		return nil, fmt.Errorf("publish %s: payload of %d bytes exceeds the server's max_payload %d", subject, len(data), max)
	}
	msg.Data = data
	ack, err := b.JS.PublishMsg(ctx, msg, jetstream.WithMsgID(msgID))
	if err != nil {
		return nil, fmt.Errorf("publish %s (msg id %s): %w", subject, msgID, err)
	}
	return ack, nil
}

// maxDecoded bounds what a compressed payload may expand to.
const maxDecoded = 64 << 20

// Payload returns a message's data, decompressed when it was gzipped or
// S2-compressed (rawcodec.go).
func Payload(data []byte, hdr nats.Header) ([]byte, error) {
	switch hdr.Get(HeaderEncoding) {
	case "gzip":
	case EncodingS2:
		return unS2(data)
	default:
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gunzip payload: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip payload: %w", err)
	}
	if len(out) > maxDecoded {
		return nil, errors.New("gunzip payload: larger than 64 MiB")
	}
	return out, nil
}

// DecodeJSON decodes a message payload written by PublishJSON into v.
func DecodeJSON(data []byte, hdr nats.Header, v any) error {
	raw, err := Payload(data, hdr)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode payload: %w", err)
	}
	return nil
}
