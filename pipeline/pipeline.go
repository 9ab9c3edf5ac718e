// Package pipeline connects the domain stages (normalize, dedup, enrich)
// to the bus and the store: it is the one place that says which function
// consumes which stream and where its output goes. The stages themselves
// know nothing of NATS or SQL.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/normalize"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// Stage names, used for consumers, logs, DLQ subjects and `wiredesk
// worker --stage`.
const (
	StageNormalize = "normalize"
	StageDedup     = "dedup"
	StageEnrich    = "enrich"
	StageStore     = "store"
	// StageRelay publishes the store's outbox to the published stream
	// (Pipeline.Relay); it is not a consumer of a stream.
	StageRelay = "relay"
	// StageAll is every stage in one process, dedup, enrich and store
	// inline on one hop.
	StageAll = "all"
)

// Pipeline holds what the stages share.
type Pipeline struct {
	Bus   *publish.Bus
	Store store.Store
	// Disclaimer returns the accuracy disclaimer attached to an agency's
	// stories.
	Disclaimer func(agency string) string
	// ValidateNINJS, when set, checks every document (extended ninjs)
	// before it is published downstream; a story that fails is not
	// published, and its delivery says why.
	ValidateNINJS func(doc []byte) error
	Log           *slog.Logger
	// NormalizeOptions carry the per-site extraction rules and limits.
	NormalizeOptions normalize.Options
	// Now stamps ingestion; nil means time.Now.
	Now func() time.Time
	// NearDup are the near-duplicate thresholds; zero means dedup's
	// defaults.
	NearDup dedup.Options
	// OutboxLease is how long a relay holds the outbox rows it claimed
	// (zero: DefaultOutboxLease).
	OutboxLease time.Duration
	// Tune, when set, adjusts every stage before it runs (MaxDeliver,
	// AckWait, Backoff, Concurrency): operators' flags and tests use it.
	Tune func(*publish.Stage)

	// recent holds the stories this process has just clustered.
	recent recentStories
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

func (p *Pipeline) now() time.Time {
	if p.Now == nil {
		return time.Now().UTC()
	}
	return p.Now().UTC()
}

// Ingest hands one fetched item to the pipeline: it is the poller's sink.
// A re-poll of an unchanged item is dropped by the stream's duplicate
// window.
func (p *Pipeline) Ingest(ctx context.Context, raw *article.Raw) error {
	if raw.FetchedAt.IsZero() {
		raw.FetchedAt = p.now()
	}
	if _, err := p.Bus.PublishRaw(ctx, raw); err != nil {
		return fmt.Errorf("ingest %s item %s: %w", raw.Feed, raw.ItemID, err)
	}
	return nil
}

// NormalizeStage turns wire.raw items into canonical articles on
// wire.article.
func (p *Pipeline) NormalizeStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:   StageNormalize,
		Stream: p.Bus.Names.RawStream(),
		Handle: publish.Raw(func(ctx context.Context, raw *article.Raw) error {
			a, err := Normalize(raw, p.NormalizeOptions)
			if err != nil {
				return publish.Permanent(err)
			}
			if _, err := p.Bus.PublishArticle(ctx, a); err != nil {
				return err
			}
			p.log().Debug("normalized", "feed", raw.Feed, "item", raw.ItemID, "story", a.ID)
			return nil
		}),
	})
}

func (p *Pipeline) tune(st publish.Stage) publish.Stage {
	if p.Tune != nil {
		p.Tune(&st)
	}
	return st
}

// Normalize is the normalize stage as a plain function.
func Normalize(raw *article.Raw, opts normalize.Options) (*article.Article, error) {
	a, err := normalize.FromRaw(raw, opts)
	if err != nil {
		return nil, err
	}
	dedup.Fingerprint(a)
	return a, nil
}

// NINJS is the ninjs 2.2 document downstream gets for a.
func NINJS(a *article.Article) article.NINJS {
	n := a.NINJS()
	n.PubStatus = pubStatus(a, n.PubStatus)
	return n
}

// ExtendedNINJS is NINJS with the wiredesk extension (quotes, embeds,
// attributions, dateline …): what the HTTP API serves.
func ExtendedNINJS(a *article.Article) article.ExtendedNINJS {
	x := a.NINJSExtended()
	x.PubStatus = pubStatus(a, x.PubStatus)
	return x
}

// pubStatus is the pubstatus downstream gets. A killed or withdrawn story
// is published so that downstream sites take it down: ninjs says so with
// "canceled".
func pubStatus(a *article.Article, mapped string) string {
	if dedup.Killed(a) {
		return "canceled"
	}
	return mapped
}
