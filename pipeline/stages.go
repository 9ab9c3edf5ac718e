package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/enrich"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// An article goes through three stages after normalisation:
//
//	wire.article.<agency> ─dedup─▶ wire.dedup.<agency> ─enrich─▶ wire.enriched.<agency> ─store─▶ database
//
// Each arrow is a durable consumer on WIRE_ARTICLES that any number of
// `wiredesk worker --stage …` processes share. `wiredesk run` and
// `wiredesk worker --stage all` run dedup with enrich and store inline,
// on one hop, which costs one publish and one fsync per article instead
// of three; they also consume the later hops, so a deployment may mix
// both kinds of worker.

// ErrNoNearDupIndex is returned when the store has no near-duplicate
// index; stories are then stored without clustering.
var ErrNoNearDupIndex = errors.New("pipeline: store has no near-duplicate index")

// Dedup is the dedup stage as a function. It fingerprints a and reports
// whether it goes on: false when this content of this story is already
// stored (a re-poll or a redelivery). A story's new content gets the
// list of what changed since its latest stored version; a new story gets
// the cluster of its earliest near duplicate, or its own id.
func (p *Pipeline) Dedup(ctx context.Context, a *article.Article) (bool, error) {
	keep, _, err := p.dedup(ctx, a)
	return keep, err
}

// dedup is Dedup, also returning the body's MinHash signature when it
// computed one, so that an inline store need not compute it again.
func (p *Pipeline) dedup(ctx context.Context, a *article.Article) (bool, *dedup.Signature, error) {
	if a.Fingerprint.Content == "" || a.Fingerprint.SimHash == "" {
		// Normalize fingerprints every article; this is for articles
		// that come from elsewhere.
		dedup.Fingerprint(a)
	}
	// The latest version is enough: a late redelivery of an older one
	// goes on and is found Unchanged by the store's unique key.
	idx, err := store.NearDups(p.Store)
	if err != nil {
		return false, nil, fmt.Errorf("dedup %s: %w", a.ID, ErrNoNearDupIndex)
	}
	return p.dedupOneRead(ctx, a, idx)
}

// dedupOneRead is dedup for a store that reads the latest version and the
// near-duplicate candidates in one round trip. It signs every article
// first, including the duplicates it then drops: a MinHash costs less
// than the round trip it saves for a new story.
func (p *Pipeline) dedupOneRead(ctx context.Context, a *article.Article, idx store.NearDupIndex) (bool, *dedup.Signature, error) {
	sig := dedup.MinHash(a.BodyText)
	found, err := idx.LookupNearDups(ctx, []store.NearDupLookup{{StoryID: a.ID, Bands: sig.Bands(p.NearDup)}})
	if err != nil {
		return false, nil, fmt.Errorf("dedup %s: %w", a.ID, err)
	}
	prev, entries := found[0].Latest, found[0].Candidates
	if prev != nil && prev.Fingerprint.Content == a.Fingerprint.Content {
		p.log().Debug("duplicate dropped", "story", a.ID, "agency", a.Agency, "feed", a.Feed, "version", prev.Version)
		return false, nil, nil
	}
	a.Changes = dedup.Changes(prev, a)
	if prev != nil && prev.ClusterID != "" {
		a.ClusterID = prev.ClusterID
		return true, &sig, nil
	}
	a.ClusterID = p.clusterOf(a, sig, entries)
	return true, &sig, nil
}

// clusterOf picks a's cluster from the index's candidates.
func (p *Pipeline) clusterOf(a *article.Article, sig dedup.Signature, entries []store.NearDupEntry) string {
	cands := make([]dedup.Candidate, 0, len(entries))
	for _, e := range entries {
		var s dedup.Signature
		if err := s.UnmarshalBinary(e.Signature); err != nil {
			p.log().Warn("unreadable near-duplicate signature", "story", e.StoryID, "err", err)
			continue
		}
		cands = append(cands, dedup.Candidate{StoryID: e.StoryID, ClusterID: e.ClusterID, Signature: s, IngestedAt: e.IngestedAt})
	}
	matches := dedup.Matches(a.ID, sig, cands, p.NearDup)
	if len(matches) > 0 {
		p.log().Info("near duplicate", "story", a.ID, "agency", a.Agency, "of", matches[0].StoryID, "jaccard", matches[0].Jaccard, "containment", matches[0].Containment)
	}
	return dedup.ClusterOf(a.ID, matches)
}

// Enrich is the enrich stage as a function: language, entities, topics,
// word count and reading time.
func (p *Pipeline) Enrich(a *article.Article) {
	enrich.Enrich(a)
}

// Save is the store stage as a function: it attaches the agency's
// disclaimer, and indexes the story's near-duplicate signature (keeping
// the cluster it was first given) and stores it in one transaction. The
// write is idempotent, so a redelivery stores nothing twice.
func (p *Pipeline) Save(ctx context.Context, a *article.Article) (store.PutResult, error) {
	return p.save(ctx, a, nil)
}

// save is Save with the body's signature when dedup already made it.
func (p *Pipeline) save(ctx context.Context, a *article.Article, sig *dedup.Signature) (store.PutResult, error) {
	if a.Fingerprint.Content == "" {
		dedup.Fingerprint(a)
	}
	a.Disclaimer = article.DefaultDisclaimer
	if p.Disclaimer != nil {
		a.Disclaimer = p.Disclaimer(a.Agency)
	}
	a.Status = article.StatusQueued
	if a.Version < 1 {
		a.Version = 1
	}
	if err := a.Validate(); err != nil {
		return store.PutResult{}, publish.Permanent(err)
	}
	var res store.PutResult
	idx, err := store.NearDups(p.Store)
	if err == nil {
		if sig == nil {
			s := dedup.MinHash(a.BodyText)
			sig = &s
		}
		raw, _ := sig.MarshalBinary()
		if a.ClusterID == "" {
			a.ClusterID = a.ID
		}
		res, err = idx.PutWithNearDup(ctx, a, store.NearDupEntry{
			StoryID: a.ID, ClusterID: a.ClusterID, Bands: sig.Bands(p.NearDup), Signature: raw, IngestedAt: p.now(),
		})
	} else {
		if a.ClusterID == "" {
			a.ClusterID = a.ID
		}
		res, err = p.Store.Put(ctx, a)
	}
	if errors.Is(err, article.ErrInvalid) {
		return store.PutResult{}, publish.Permanent(fmt.Errorf("store %s: %w", a.ID, err))
	}
	if err != nil {
		return store.PutResult{}, fmt.Errorf("store %s: %w", a.ID, err)
	}
	p.log().Info("story stored", "story", a.ID, "agency", a.Agency, "feed", a.Feed, "outcome", res.Outcome,
		"version", res.Version, "cluster", a.ClusterID, "changes", len(a.Changes))
	return res, nil
}

// Process runs dedup, enrich and store on one article, as the inline
// stages do.
func (p *Pipeline) Process(ctx context.Context, a *article.Article) error {
	keep, sig, err := p.dedup(ctx, a)
	if err != nil || !keep {
		return err
	}
	p.Enrich(a)
	_, err = p.save(ctx, a, sig)
	return err
}

// DedupStage consumes wire.article. Inline, it also enriches and stores
// each article; otherwise it forwards new content on wire.dedup.
func (p *Pipeline) DedupStage(inline bool) publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageDedup,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.ArticleFilter(),
		Handle: publish.JSON(func(ctx context.Context, a *article.Article) error {
			if inline {
				return p.Process(ctx, a)
			}
			keep, err := p.Dedup(ctx, a)
			if err != nil || !keep {
				return err
			}
			_, err = p.Bus.PublishDeduped(ctx, a)
			return err
		}),
	})
}

// EnrichStage consumes wire.dedup and forwards on wire.enriched.
func (p *Pipeline) EnrichStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageEnrich,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.DedupFilter(),
		Handle: publish.JSON(func(ctx context.Context, a *article.Article) error {
			p.Enrich(a)
			_, err := p.Bus.PublishEnriched(ctx, a)
			return err
		}),
	})
}

// StoreStage consumes wire.enriched and stores each article.
func (p *Pipeline) StoreStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageStore,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.EnrichedFilter(),
		Handle: publish.JSON(func(ctx context.Context, a *article.Article) error {
			_, err := p.Save(ctx, a)
			return err
		}),
	})
}

// Stages are every stage `wiredesk run` starts: normalize, dedup with
// enrich and store inline, and the enrich and store hops for articles
// that separate workers put there.
func (p *Pipeline) Stages() []publish.Stage {
	st, _ := p.StagesFor(StageAll)
	return st
}

// StagesFor returns the stages `wiredesk worker --stage name` runs:
// normalize, dedup, enrich, store, or all of them.
func (p *Pipeline) StagesFor(name string) ([]publish.Stage, error) {
	switch name {
	case StageNormalize:
		return []publish.Stage{p.NormalizeStage()}, nil
	case StageDedup:
		return []publish.Stage{p.DedupStage(false)}, nil
	case StageEnrich:
		return []publish.Stage{p.EnrichStage()}, nil
	case StageStore:
		return []publish.Stage{p.StoreStage()}, nil
	case StageAll:
		return []publish.Stage{p.NormalizeStage(), p.DedupStage(true), p.EnrichStage(), p.StoreStage()}, nil
	}
	return nil, fmt.Errorf("pipeline: unknown stage %q: want normalize, dedup, enrich, store or all", name)
}
