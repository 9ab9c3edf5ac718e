package publish

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
)

// HeaderMinHash carries an article's MinHash signature from the dedup
// stage, which computes it to look up near duplicates, to the store
// stage, which indexes it, when the two run as separate processes: the
// store need not compute it again. Its value is the article's content
// fingerprint (as in msg ids) and the signature in base64, so a header
// that does not belong to the article beside it is ignored.
const HeaderMinHash = "Wiredesk-Minhash"

// SignatureHeader returns headers carrying sig for a, or nil when there is
// no signature.
func SignatureHeader(a *article.Article, sig []byte) nats.Header {
	if len(sig) == 0 || a.Fingerprint.Content == "" {
		return nil
	}
	h := nats.Header{}
	h.Set(HeaderMinHash, short(a.Fingerprint.Content)+":"+base64.RawStdEncoding.EncodeToString(sig))
	return h
}

// SignatureOf returns the signature hdr carries for a: nil when it
// carries none, or one made for other content.
func SignatureOf(hdr nats.Header, a *article.Article) []byte {
	fp, enc, ok := strings.Cut(hdr.Get(HeaderMinHash), ":")
	if !ok || a.Fingerprint.Content == "" || fp != short(a.Fingerprint.Content) {
		return nil
	}
	sig, err := base64.RawStdEncoding.DecodeString(enc)
	if err != nil {
		return nil
	}
	return sig
}

// PublishDedupedSigned is PublishDeduped with the article's MinHash
// signature in HeaderMinHash.
func (b *Bus) PublishDedupedSigned(ctx context.Context, a *article.Article, sig []byte) (*jetstream.PubAck, error) {
	return b.PublishJSON(ctx, b.Names.DedupSubject(a.Agency), HopMsgID("dedup", a), a, SignatureHeader(a, sig))
}

// PublishEnrichedSigned is PublishEnriched passing on the signature the
// dedup stage sent.
func (b *Bus) PublishEnrichedSigned(ctx context.Context, a *article.Article, sig []byte) (*jetstream.PubAck, error) {
	return b.PublishJSON(ctx, b.Names.EnrichedSubject(a.Agency), HopMsgID("enriched", a), a, SignatureHeader(a, sig))
}
