package publish

import (
	"context"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"
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

// PublishRaw puts a fetched item on wire.raw.<agency>.
func (b *Bus) PublishRaw(ctx context.Context, r *article.Raw) (*jetstream.PubAck, error) {
	return b.PublishJSON(ctx, b.Names.RawSubject(r.Agency), RawMsgID(r), r, nil)
}

// PublishArticle puts a canonical article on wire.article.<agency>.
func (b *Bus) PublishArticle(ctx context.Context, a *article.Article) (*jetstream.PubAck, error) {
	if a.Fingerprint.Content == "" {
		return nil, fmt.Errorf("publish article %s: no content fingerprint", a.ID)
	}
	return b.PublishJSON(ctx, b.Names.ArticleSubject(a.Agency), ArticleMsgID(a), a, nil)
}

// StoryTopic is the topic token a story is published under: its first
// topic, or "general".
func StoryTopic(a *article.Article) string {
	if len(a.Topics) > 0 {
		return a.Topics[0]
	}
	return "general"
}

// PublishStory puts an approved story's ninjs document on
// wire.published.<agency>.<topic>, with Nats-Msg-Id = story id + version.
func (b *Bus) PublishStory(ctx context.Context, a *article.Article, ninjs any) (*jetstream.PubAck, error) {
	hdr := nats.Header{}
	hdr.Set(HeaderStoryID, a.ID)
	hdr.Set(HeaderVersion, strconv.Itoa(a.Version))
	hdr.Set("Content-Type", "application/ninjs+json")
	return b.PublishJSON(ctx, b.Names.PublishedSubject(a.Agency, StoryTopic(a)), StoryMsgID(a.ID, a.Version), ninjs, hdr)
}
