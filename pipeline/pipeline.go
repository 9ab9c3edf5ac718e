// Package pipeline connects the domain stages (normalize, dedup, enrich)
// to the bus and the store: it is the one place that says which function
// consumes which stream and where its output goes. The stages themselves
// know nothing of NATS or SQL.
package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/enrich"
	"github.com/wiredesk/wiredesk/normalize"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// Stage names, used for consumers, logs and DLQ subjects.
const (
	StageNormalize = "normalize"
	StageStore     = "store"
)

// Pipeline holds what the stages share.
type Pipeline struct {
	Bus   *publish.Bus
	Store store.Store
	// Disclaimer returns the accuracy disclaimer attached to an agency's
	// stories.
	Disclaimer func(agency string) string
	// ValidateNINJS, when set, checks every document before it is published
	// downstream; a story that fails is not published.
	ValidateNINJS func(doc []byte) error
	Log           *slog.Logger
	// Now stamps ingestion; nil means time.Now.
	Now func() time.Time
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
	return publish.Stage{
		Name:   StageNormalize,
		Stream: p.Bus.Names.RawStream(),
		Handle: publish.JSON(func(ctx context.Context, raw *article.Raw) error {
			a, err := Normalize(raw)
			if err != nil {
				return publish.Permanent(err)
			}
			if _, err := p.Bus.PublishArticle(ctx, a); err != nil {
				return err
			}
			p.log().Debug("normalized", "feed", raw.Feed, "item", raw.ItemID, "story", a.ID)
			return nil
		}),
	}
}

// Normalize is the normalize stage as a plain function.
func Normalize(raw *article.Raw) (*article.Article, error) {
	a, err := normalize.FromRaw(raw, normalize.Options{})
	if err != nil {
		return nil, err
	}
	dedup.Fingerprint(a)
	return a, nil
}

// Prepare is the dedup and enrich stages as a plain function: it makes an
// article ready to store, with fingerprints, entities and its agency's
// disclaimer attached.
func Prepare(a *article.Article, disclaimer string) {
	dedup.Fingerprint(a)
	enrich.Enrich(a)
	a.Disclaimer = disclaimer
	a.Status = article.StatusQueued
}

// StoreStage deduplicates, enriches and stores articles from wire.article.
// The store's Put is idempotent on story id and content, so a redelivered
// or re-polled article never makes a second story; changed content becomes
// a new version.
func (p *Pipeline) StoreStage() publish.Stage {
	return publish.Stage{
		Name:   StageStore,
		Stream: p.Bus.Names.ArticlesStream(),
		Handle: publish.JSON(func(ctx context.Context, a *article.Article) error {
			disclaimer := article.DefaultDisclaimer
			if p.Disclaimer != nil {
				disclaimer = p.Disclaimer(a.Agency)
			}
			Prepare(a, disclaimer)
			if err := a.Validate(); err != nil {
				return publish.Permanent(err)
			}
			res, err := p.Store.Put(ctx, a)
			if err != nil {
				return fmt.Errorf("store %s: %w", a.ID, err)
			}
			p.log().Info("story stored", "story", a.ID, "agency", a.Agency, "feed", a.Feed, "outcome", res.Outcome, "version", res.Version)
			return nil
		}),
	}
}

// Stages are every stage `wiredesk run` starts.
func (p *Pipeline) Stages() []publish.Stage {
	return []publish.Stage{p.NormalizeStage(), p.StoreStage()}
}

// PublishApproved maps an approved story to ninjs and puts it on
// wire.published.<agency>.<topic>; it is the review desk's PublishFunc.
func (p *Pipeline) PublishApproved(ctx context.Context, a *article.Article) error {
	// The stream carries pure ninjs, valid against IPTC's official schema
	// (which admits no extra properties); the wiredesk extension with
	// quotes, embeds and attributions is served by the HTTP API.
	doc, err := json.Marshal(a.NINJS())
	if err != nil {
		return fmt.Errorf("publish %s: ninjs: %w", a.ID, err)
	}
	if p.ValidateNINJS != nil {
		if err := p.ValidateNINJS(doc); err != nil {
			return fmt.Errorf("publish %s: ninjs does not validate: %w", a.ID, err)
		}
	}
	if _, err := p.Bus.PublishStory(ctx, a, jsonRaw(doc)); err != nil {
		return err
	}
	return nil
}

// jsonRaw publishes an already encoded document as is.
type jsonRaw []byte

func (j jsonRaw) MarshalJSON() ([]byte, error) { return j, nil }
