package publish

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
)

// A raw item travels on wire.raw.<agency> as an envelope rather than as
// JSON: the item's fields as JSON without the page, then the page's bytes
// as they are, so the page is never base64-encoded on the way out nor
// decoded on the way in. Envelopes over rawCompressAbove are compressed
// with S2, about a tenth of gzip's CPU at its default level for a
// slightly larger payload (docs/benchmarks.md, "Raw items on the bus").
//
//	uvarint(len(fields)) fields(JSON of article.Raw without page) page
//
// HeaderFormat says which layout a payload has. Messages without it are
// the JSON that wiredesk wrote before the envelope (the page base64 inside,
// the whole gzipped when large); they still decode, so a stream holding
// both during a rolling upgrade drains.

// HeaderFormat names a payload's layout when it is not plain JSON.
const HeaderFormat = "Wiredesk-Format"

// FormatRaw1 is the raw item envelope described above.
const FormatRaw1 = "raw1"

// EncodingS2 is HeaderEncoding's value for an S2 block.
const EncodingS2 = "s2"

// rawCompressAbove is the envelope size from which it is S2-compressed.
// Measured feed to stored on the corpus pages, compressing every page over
// 32 KiB and only those over 256 KiB cost the same CPU within the noise
// (S2's time came back as the server's and the socket's for bytes three
// times as many), so the bytes decide: a raw stream holds a third as much
// through a backlog, and an R3 cluster replicates a third as much.
const rawCompressAbove = 32 << 10

// maxRawFields bounds the JSON part of an envelope: a feed item's title,
// summary and inline content, which the poller caps far below this.
const maxRawFields = 16 << 20

// envelopes are the buffers EncodeRaw builds envelopes in before
// compressing them.
var envelopes = sync.Pool{New: func() any { return new([]byte) }}

// AppendRaw appends r's envelope, uncompressed, to dst.
func AppendRaw(dst []byte, r *article.Raw) ([]byte, error) {
	fields := *r
	fields.Page = nil
	meta, err := json.Marshal(&fields)
	if err != nil {
		return dst, fmt.Errorf("raw envelope %s/%s: %w", r.Feed, r.ItemID, err)
	}
	dst = binary.AppendUvarint(dst, uint64(len(meta)))
	dst = append(dst, meta...)
	return append(dst, r.Page...), nil
}

// EncodeRaw returns the payload and headers that carry r on the bus: its
// envelope, S2-compressed when over rawCompressAbove.
func EncodeRaw(r *article.Raw) ([]byte, nats.Header, error) {
	bp := envelopes.Get().(*[]byte)
	env, err := AppendRaw((*bp)[:0], r)
	if cap(env) <= 8<<20 {
		// Keep the grown buffer for the next page, up to the payload cap.
		*bp = env[:0]
	}
	defer envelopes.Put(bp)
	if err != nil {
		return nil, nil, err
	}
	hdr := nats.Header{}
	hdr.Set(HeaderFormat, FormatRaw1)
	if len(env) <= rawCompressAbove {
		return bytes.Clone(env), hdr, nil
	}
	hdr.Set(HeaderEncoding, EncodingS2)
	data := s2.Encode(nil, env)
	return data, hdr, nil
}

// DecodeRaw reads a raw item from a wire.raw message: the envelope, or
// the JSON wiredesk wrote before it.
func DecodeRaw(data []byte, hdr nats.Header) (*article.Raw, error) {
	var r article.Raw
	if hdr.Get(HeaderFormat) != FormatRaw1 {
		if err := DecodeJSON(data, hdr, &r); err != nil {
			return nil, err
		}
		return &r, nil
	}
	env, err := Payload(data, hdr)
	if err != nil {
		return nil, err
	}
	n, used := binary.Uvarint(env)
	if used <= 0 || n > maxRawFields || n > uint64(len(env)-used) {
		return nil, errors.New("decode raw envelope: bad fields length")
	}
	meta := env[used : used+int(n)]
	if err := json.Unmarshal(meta, &r); err != nil {
		return nil, fmt.Errorf("decode raw envelope: %w", err)
	}
	if page := env[used+int(n):]; len(page) > 0 {
		r.Page = page
	} else {
		r.Page = nil
	}
	return &r, nil
}

// unS2 decompresses an S2 block, refusing one that would expand past
// maxDecoded.
func unS2(data []byte) ([]byte, error) {
	n, err := s2.DecodedLen(data)
	if err != nil {
		return nil, fmt.Errorf("s2 payload: %w", err)
	}
	if n > maxDecoded {
		return nil, errors.New("s2 payload: larger than 64 MiB")
	}
	out, err := s2.Decode(make([]byte, n), data)
	if err != nil {
		return nil, fmt.Errorf("s2 payload: %w", err)
	}
	return out, nil
}

// Raw adapts a handler of raw items: it decodes each wire.raw message,
// envelope or older JSON, into a fresh article.Raw. A payload that does not
// decode is dead-lettered at once, as no retry can fix it.
func Raw(fn func(ctx context.Context, r *article.Raw) error) Handler {
	return func(ctx context.Context, msg jetstream.Msg) error {
		r, err := DecodeRaw(msg.Data(), msg.Headers())
		if err != nil {
			return Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
		}
		return fn(ctx, r)
	}
}

// RawBatch adapts a batch handler of raw items as Raw adapts a handler:
// each message is decoded into a fresh article.Raw, and one that does not
// decode is dead-lettered at once without reaching fn. fn returns one
// error per item, or nil when all succeeded.
func RawBatch(fn func(ctx context.Context, rs []*article.Raw) []error) BatchHandler {
	return func(ctx context.Context, msgs []jetstream.Msg) []error {
		errs := make([]error, len(msgs))
		rs := make([]*article.Raw, 0, len(msgs))
		at := make([]int, 0, len(msgs))
		for i, msg := range msgs {
			r, err := DecodeRaw(msg.Data(), msg.Headers())
			if err != nil {
				errs[i] = Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
				continue
			}
			rs, at = append(rs, r), append(at, i)
		}
		if len(rs) == 0 {
			return errs
		}
		out := fn(ctx, rs)
		if out == nil {
			return errs
		}
		if len(out) != len(rs) {
			panic(fmt.Sprintf("publish: RawBatch handler returned %d errors for %d items", len(out), len(rs)))
		}
		for j, err := range out {
			errs[at[j]] = err
		}
		return errs
	}
}

// publishRaw publishes r's envelope on subject.
func (b *Bus) publishRaw(ctx context.Context, subject, msgID string, r *article.Raw) (*jetstream.PubAck, error) {
	data, hdr, err := EncodeRaw(r)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", subject, err)
	}
	if max := b.NC.MaxPayload(); int64(len(data)) > max {
		return nil, fmt.Errorf("publish %s: payload of %d bytes exceeds the server's max_payload %d", subject, len(data), max)
	}
	msg := &nats.Msg{Subject: subject, Header: hdr, Data: data}
	ack, err := b.JS.PublishMsg(ctx, msg, jetstream.WithMsgID(msgID))
	if err != nil {
		return nil, fmt.Errorf("publish %s (msg id %s): %w", subject, msgID, err)
	}
	return ack, nil
}
