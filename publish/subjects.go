package publish

import (
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// Names are the stream names and subject root one deployment uses. Tests use
// a unique prefix so they can share one server and leave nothing behind.
type Names struct {
	// StreamPrefix is prepended to every stream name ("" in production).
	StreamPrefix string
	// SubjectRoot is the first subject token, "wire" in production.
	SubjectRoot string
}

// DefaultNames are the names of DESIGN.md: streams WIRE_RAW, WIRE_ARTICLES,
// WIRE_PUBLISHED, WIRE_DLQ on subjects wire.raw.>, wire.article.>, ….
func DefaultNames() Names { return Names{SubjectRoot: "wire"} }

// NamesWithPrefix isolates a deployment (or a test) on a shared server:
// streams are named PREFIX_WIRE_… and subjects start with prefix.wire.
func NamesWithPrefix(prefix string) Names {
	if prefix == "" {
		return DefaultNames()
	}
	p := Token(prefix)
	return Names{StreamPrefix: strings.ToUpper(p) + "_", SubjectRoot: p + ".wire"}
}

// Stream names.
func (n Names) RawStream() string       { return n.StreamPrefix + "WIRE_RAW" }
func (n Names) ArticlesStream() string  { return n.StreamPrefix + "WIRE_ARTICLES" }
func (n Names) PublishedStream() string { return n.StreamPrefix + "WIRE_PUBLISHED" }
func (n Names) DLQStream() string       { return n.StreamPrefix + "WIRE_DLQ" }

func (n Names) root() string {
	if n.SubjectRoot == "" {
		return "wire"
	}
	return n.SubjectRoot
}

// RawSubject is where ingest puts fetched items of an agency.
func (n Names) RawSubject(agency string) string { return n.root() + ".raw." + Token(agency) }

// ArticleSubject is where normalize puts canonical articles of an agency.
func (n Names) ArticleSubject(agency string) string { return n.root() + ".article." + Token(agency) }

// DedupSubject is where the dedup stage puts articles it found new or
// changed, for enrichment, when the stages run as separate hops.
func (n Names) DedupSubject(agency string) string { return n.root() + ".dedup." + Token(agency) }

// EnrichedSubject is where the enrich stage puts enriched articles for the
// store stage.
func (n Names) EnrichedSubject(agency string) string { return n.root() + ".enriched." + Token(agency) }

// ArticleFilter, DedupFilter and EnrichedFilter are the consumer filters
// of the three article hops; they never overlap, as a work-queue stream
// requires of its consumers.
func (n Names) ArticleFilter() string  { return n.articleAll() }
func (n Names) DedupFilter() string    { return n.root() + ".dedup.>" }
func (n Names) EnrichedFilter() string { return n.root() + ".enriched.>" }

// PublishedSubject is what downstream sites subscribe to, filterable by
// agency and topic (e.g. wire.published.ani.> or wire.published.*.politics).
func (n Names) PublishedSubject(agency, topic string) string {
	if topic == "" {
		topic = "general"
	}
	return n.root() + ".published." + Token(agency) + "." + Token(topic)
}

// PublishedFilter is the subscription subject for one agency's published
// stories, every topic; an empty agency means every agency.
func (n Names) PublishedFilter(agency string) string {
	if agency == "" {
		return n.publishedAll()
	}
	return n.root() + ".published." + Token(agency) + ".>"
}

// DLQSubject is where a stage puts the messages it gave up on.
func (n Names) DLQSubject(stage string) string { return n.root() + ".dlq." + Token(stage) }

// All subjects of one kind, for stream and consumer filters.
func (n Names) rawAll() string       { return n.root() + ".raw.>" }
func (n Names) articleAll() string   { return n.root() + ".article.>" }
func (n Names) publishedAll() string { return n.root() + ".published.>" }
func (n Names) dlqAll() string       { return n.root() + ".dlq.>" }

// Token is article.Token: how an agency or topic name appears in a subject.
func Token(s string) string { return article.Token(s) }
