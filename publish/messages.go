package publish

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
)

// RawMsgID is the Nats-Msg-Id of a fetched item: agency, item id and
// content hash, so a re-poll inside the duplicate window is dropped by the
// server while a changed item goes through.
func RawMsgID(r *article.Raw) string {
	return "raw." + article.StoryID(r.Agency, r.ItemID) + "." + short(r.ContentHash())
}

// ArticleMsgID is the Nats-Msg-Id of a canonical article: story id and
// content fingerprint.
func ArticleMsgID(a *article.Article) string {
	return "article." + a.ID + "." + short(a.Fingerprint.Content)
}

// HopMsgID is the Nats-Msg-Id of an article between stages: the hop,
// story id and content fingerprint, so a stage that publishes and then
// crashes before its ack publishes once.
func HopMsgID(hop string, a *article.Article) string {
	return hop + "." + a.ID + "." + short(a.Fingerprint.Content)
}

// StoryMsgID is the Nats-Msg-Id of a published story: story id and version,
// so approving the same version twice publishes it once.
func StoryMsgID(id string, version int) string {
	return "story." + id + ".v" + strconv.Itoa(version)
}

func short(h string) string {
	if len(h) > 24 {
		return h[:24]
	}
	return h
}

// PublishRaw puts a fetched item on wire.raw.<agency>, as the envelope
// DecodeRaw reads (rawcodec.go).
func (b *Bus) PublishRaw(ctx context.Context, r *article.Raw) (*jetstream.PubAck, error) {
	return b.publishRaw(ctx, b.Names.RawSubject(r.Agency), RawMsgID(r), r)
}

// PublishArticle puts a canonical article on wire.article.<agency>.
func (b *Bus) PublishArticle(ctx context.Context, a *article.Article) (*jetstream.PubAck, error) {
	if a.Fingerprint.Content == "" {
		return nil, fmt.Errorf("publish article %s: no content fingerprint", a.ID)
	}
	return b.PublishJSON(ctx, b.Names.ArticleSubject(a.Agency), ArticleMsgID(a), a, nil)
}

// PublishDeduped puts an article the dedup stage let through on
// wire.dedup.<agency>, for the enrich stage.
func (b *Bus) PublishDeduped(ctx context.Context, a *article.Article) (*jetstream.PubAck, error) {
	return b.PublishJSON(ctx, b.Names.DedupSubject(a.Agency), HopMsgID("dedup", a), a, nil)
}

// PublishEnriched puts an enriched article on wire.enriched.<agency>, for
// the store stage.
func (b *Bus) PublishEnriched(ctx context.Context, a *article.Article) (*jetstream.PubAck, error) {
	return b.PublishJSON(ctx, b.Names.EnrichedSubject(a.Agency), HopMsgID("enriched", a), a, nil)
}

// StoryTopic is the topic token a story is published under: its first
// topic, or "general". A top-level IPTC Media Topic code (as enrich writes
// it, "medtop:11000000") becomes its short English name, so downstream
// sites subscribe to wire.published.*.politics rather than to a number.
func StoryTopic(a *article.Article) string {
	if len(a.Topics) == 0 {
		return "general"
	}
	t := a.Topics[0]
	if slug, ok := mediaTopicSlugs[strings.TrimPrefix(t, "medtop:")]; ok {
		return slug
	}
	return t
}

// mediaTopicSlugs name the seventeen top-level IPTC Media Topics.
var mediaTopicSlugs = map[string]string{
	"01000000": "arts", "02000000": "crime", "03000000": "disaster", "04000000": "economy",
	"05000000": "education", "06000000": "environment", "07000000": "health", "08000000": "human-interest",
	"09000000": "labour", "10000000": "lifestyle", "11000000": "politics", "12000000": "religion",
	"13000000": "science", "14000000": "society", "15000000": "sport", "16000000": "conflict",
	"17000000": "weather",
}
