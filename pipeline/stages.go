package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

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
	keep, _, errs := p.dedupBatch(ctx, []*article.Article{a})
	return keep[0], errs[0]
}

// dedupBatch is Dedup for articles that arrived together, with one store
// round trip for all of them. Articles are taken in order, each seeing
// the ones before it: a story's second content in the batch is a new
// version of the first, and a near copy of an earlier article joins its
// cluster although neither is stored yet. It also returns each kept
// article's MinHash signature, so that an inline store need not compute
// it again, and one error per article.
func (p *Pipeline) dedupBatch(ctx context.Context, list []*article.Article) ([]bool, []*dedup.Signature, []error) {
	idx, err := store.NearDups(p.Store)
	if err != nil {
		errs := make([]error, len(list))
		for i := range errs {
			errs[i] = fmt.Errorf("dedup: %w", ErrNoNearDupIndex)
		}
		return make([]bool, len(list)), make([]*dedup.Signature, len(list)), errs
	}
	// Every article is signed, including the duplicates then dropped: a
	// MinHash costs less than a second round trip for the new stories.
	sigs := make([]*dedup.Signature, len(list))
	lookups := make([]store.NearDupLookup, len(list))
	for i, a := range list {
		if a.Fingerprint.Content == "" || a.Fingerprint.SimHash == "" {
			// Normalize fingerprints every article; this is for articles
			// that come from elsewhere.
			dedup.Fingerprint(a)
		}
		sig := dedup.MinHash(a.BodyText)
		sigs[i] = &sig
		lookups[i] = store.NearDupLookup{StoryID: a.ID, Bands: sig.Bands(p.NearDup)}
	}
	found, errs := lookUp(ctx, idx, lookups)
	keep := make([]bool, len(list))
	// What the batch adds before it is stored: each story's latest
	// content; the new stories a later near copy may join go to p.recent,
	// where batches handled at the same time see them too. Batches take
	// their decisions (CPU only) one at a time.
	latest := make(map[string]*article.Article, len(list))
	p.recent.lock()
	defer p.recent.unlock()
	now, added := p.now(), 0
	for i, a := range list {
		if errs[i] != nil {
			sigs[i] = nil
			continue
		}
		// The latest version is enough: a late redelivery of an older one
		// goes on and is found Unchanged by the store's unique key.
		prev := found[i].Latest
		if l, ok := latest[a.ID]; ok {
			prev = l
		}
		if prev != nil && prev.Fingerprint.Content == a.Fingerprint.Content {
			p.log().Debug("duplicate dropped", "story", a.ID, "agency", a.Agency, "feed", a.Feed, "version", prev.Version)
			sigs[i] = nil
			continue
		}
		keep[i] = true
		latest[a.ID] = a
		a.Changes = dedup.Changes(prev, a)
		if prev != nil && prev.ClusterID != "" {
			a.ClusterID = prev.ClusterID
			continue
		}
		bands := lookups[i].Bands
		a.ClusterID = p.clusterOf(a, *sigs[i], found[i].Candidates, p.recent.candidates(bands, now))
		p.recent.add(dedup.Candidate{StoryID: a.ID, ClusterID: a.ClusterID, Signature: *sigs[i], IngestedAt: batchTime(now, added)}, bands, now)
		added++
	}
	return keep, sigs, errs
}

// lookUp runs the batch's lookups in one call. When that fails and the
// batch has more than one article, it looks each up alone, so one
// article the store cannot read (or a moment's failure) does not fail
// the others; each article gets its own error.
func lookUp(ctx context.Context, idx store.NearDupIndex, lookups []store.NearDupLookup) ([]store.NearDupFound, []error) {
	errs := make([]error, len(lookups))
	found, err := idx.LookupNearDups(ctx, lookups)
	if err == nil {
		return found, errs
	}
	if len(lookups) == 1 {
		errs[0] = fmt.Errorf("dedup %s: %w", lookups[0].StoryID, err)
		return make([]store.NearDupFound, 1), errs
	}
	found = make([]store.NearDupFound, len(lookups))
	for i, l := range lookups {
		one, err := idx.LookupNearDups(ctx, []store.NearDupLookup{l})
		if err != nil {
			errs[i] = fmt.Errorf("dedup %s: %w", l.StoryID, err)
			continue
		}
		found[i] = one[0]
	}
	return found, errs
}

// batchTime is when the n-th new story of a batch is taken to have
// arrived: a microsecond (PostgreSQL's resolution) after the one before,
// so a cluster lists a batch's stories in the order they came.
func batchTime(now time.Time, n int) time.Time {
	return now.Add(time.Duration(n) * time.Microsecond)
}

// clusterOf picks a's cluster from the index's candidates and the new
// stories this process has just clustered.
func (p *Pipeline) clusterOf(a *article.Article, sig dedup.Signature, entries []store.NearDupEntry, recent []dedup.Candidate) string {
	cands := make([]dedup.Candidate, 0, len(entries)+len(recent))
	for _, e := range entries {
		var s dedup.Signature
		if err := s.UnmarshalBinary(e.Signature); err != nil {
			p.log().Warn("unreadable near-duplicate signature", "story", e.StoryID, "err", err)
			continue
		}
		cands = append(cands, dedup.Candidate{StoryID: e.StoryID, ClusterID: e.ClusterID, Signature: s, IngestedAt: e.IngestedAt})
	}
	cands = append(cands, recent...)
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
	res, errs := p.saveBatch(ctx, []*article.Article{a}, nil)
	return res[0], errs[0]
}

// saveBatch is Save for articles that arrived together: one transaction
// and one commit for all of them. sigs, when not nil, holds the
// signatures dedup made. It returns one result and one error per
// article: when the batch's transaction fails, the articles are stored
// one at a time, so one that cannot be stored does not hold up the rest.
func (p *Pipeline) saveBatch(ctx context.Context, list []*article.Article, sigs []*dedup.Signature) ([]store.PutResult, []error) {
	results := make([]store.PutResult, len(list))
	errs := make([]error, len(list))
	idx, err := store.NearDups(p.Store)
	if err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("store: %w", ErrNoNearDupIndex)
		}
		return results, errs
	}
	items := make([]store.NearDupPut, 0, len(list))
	at := make([]int, 0, len(list))
	now := p.now()
	for i, a := range list {
		var sig *dedup.Signature
		if sigs != nil {
			sig = sigs[i]
		}
		e, err := p.prepareSave(a, sig, now)
		if err != nil {
			errs[i] = err
			continue
		}
		e.IngestedAt = batchTime(now, len(items))
		items, at = append(items, store.NearDupPut{Article: a, Entry: e}), append(at, i)
	}
	if len(items) == 0 {
		return results, errs
	}
	stored, err := idx.PutManyWithNearDup(ctx, items)
	if err == nil {
		for j, i := range at {
			results[i] = stored[j]
			p.logStored(list[i], stored[j])
		}
		return results, errs
	}
	if len(items) > 1 {
		p.log().Warn("batch write failed; storing its stories one at a time", "stories", len(items), "err", err)
	}
	for j, it := range items {
		i := at[j]
		results[i], errs[i] = idx.PutWithNearDup(ctx, it.Article, it.Entry)
		switch {
		case errors.Is(errs[i], article.ErrInvalid):
			errs[i] = publish.Permanent(fmt.Errorf("store %s: %w", it.Article.ID, errs[i]))
		case errs[i] != nil:
			errs[i] = fmt.Errorf("store %s: %w", it.Article.ID, errs[i])
		default:
			p.logStored(it.Article, results[i])
		}
	}
	return results, errs
}

// prepareSave readies a for the store (disclaimer, status, a valid
// document) and makes its index entry.
func (p *Pipeline) prepareSave(a *article.Article, sig *dedup.Signature, now time.Time) (store.NearDupEntry, error) {
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
	if a.ClusterID == "" {
		a.ClusterID = a.ID
	}
	if err := a.Validate(); err != nil {
		return store.NearDupEntry{}, publish.Permanent(err)
	}
	if sig == nil {
		s := dedup.MinHash(a.BodyText)
		sig = &s
	}
	raw, _ := sig.MarshalBinary()
	return store.NearDupEntry{StoryID: a.ID, ClusterID: a.ClusterID, Bands: sig.Bands(p.NearDup), Signature: raw, IngestedAt: now}, nil
}

func (p *Pipeline) logStored(a *article.Article, res store.PutResult) {
	p.log().Info("story stored", "story", a.ID, "agency", a.Agency, "feed", a.Feed, "outcome", res.Outcome,
		"version", res.Version, "cluster", a.ClusterID, "changes", len(a.Changes))
}

// Process runs dedup, enrich and store on one article, as the inline
// stages do.
func (p *Pipeline) Process(ctx context.Context, a *article.Article) error {
	return p.ProcessBatch(ctx, []*article.Article{a})[0]
}

// ProcessBatch runs dedup, enrich and store on articles that arrived
// together, with one store read and one commit for the batch. It
// returns one error per article.
func (p *Pipeline) ProcessBatch(ctx context.Context, list []*article.Article) []error {
	keep, sigs, errs := p.dedupBatch(ctx, list)
	var (
		kept     []*article.Article
		keptSigs []*dedup.Signature
		at       []int
	)
	for i, a := range list {
		if keep[i] {
			p.Enrich(a)
			kept, keptSigs, at = append(kept, a), append(keptSigs, sigs[i]), append(at, i)
		}
	}
	if len(kept) == 0 {
		return errs
	}
	_, saveErrs := p.saveBatch(ctx, kept, keptSigs)
	for j, i := range at {
		errs[i] = saveErrs[j]
	}
	return errs
}

// DedupStage consumes wire.article, a batch of articles at a time.
// Inline, it also enriches and stores them; otherwise it forwards new
// content on wire.dedup.
func (p *Pipeline) DedupStage(inline bool) publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageDedup,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.ArticleFilter(),
		HandleBatch: publish.JSONBatch(func(ctx context.Context, list []*article.Article) []error {
			if inline {
				return p.ProcessBatch(ctx, list)
			}
			keep, sigs, errs := p.dedupBatch(ctx, list)
			for i, a := range list {
				if keep[i] {
					// The store stage indexes the signature dedup made.
					var sig []byte
					if sigs[i] != nil {
						sig, _ = sigs[i].MarshalBinary()
					}
					_, errs[i] = p.Bus.PublishDedupedSigned(ctx, a, sig)
				}
			}
			return errs
		}),
	})
}

// EnrichStage consumes wire.dedup and forwards on wire.enriched.
func (p *Pipeline) EnrichStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageEnrich,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.DedupFilter(),
		Handle: func(ctx context.Context, msg jetstream.Msg) error {
			var a article.Article
			if err := publish.DecodeJSON(msg.Data(), msg.Headers(), &a); err != nil {
				return publish.Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
			}
			p.Enrich(&a)
			_, err := p.Bus.PublishEnrichedSigned(ctx, &a, publish.SignatureOf(msg.Headers(), &a))
			return err
		},
	})
}

// StoreStage consumes wire.enriched and stores each batch of articles in
// one transaction.
func (p *Pipeline) StoreStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:          StageStore,
		Stream:        p.Bus.Names.ArticlesStream(),
		FilterSubject: p.Bus.Names.EnrichedFilter(),
		HandleBatch: func(ctx context.Context, msgs []jetstream.Msg) []error {
			errs := make([]error, len(msgs))
			list := make([]*article.Article, 0, len(msgs))
			sigs := make([]*dedup.Signature, 0, len(msgs))
			at := make([]int, 0, len(msgs))
			for i, msg := range msgs {
				a := new(article.Article)
				if err := publish.DecodeJSON(msg.Data(), msg.Headers(), a); err != nil {
					errs[i] = publish.Permanent(fmt.Errorf("%s: %w", msg.Subject(), err))
					continue
				}
				// Dedup's signature, when it came along; else the store
				// computes it.
				var sig *dedup.Signature
				if raw := publish.SignatureOf(msg.Headers(), a); raw != nil {
					sig = new(dedup.Signature)
					if sig.UnmarshalBinary(raw) != nil {
						sig = nil
					}
				}
				list, sigs, at = append(list, a), append(sigs, sig), append(at, i)
			}
			if len(list) == 0 {
				return errs
			}
			_, saved := p.saveBatch(ctx, list, sigs)
			for j, err := range saved {
				errs[at[j]] = err
			}
			return errs
		},
	})
}

// Stages are every stage `wiredesk run` starts: normalize with dedup,
// enrich and store inline (NormalizeInlineStage), and the dedup, enrich
// and store hops for articles that separate workers put there.
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
		return []publish.Stage{p.NormalizeInlineStage(), p.DedupStage(true), p.EnrichStage(), p.StoreStage()}, nil
	}
	return nil, fmt.Errorf("pipeline: unknown stage %q: want normalize, dedup, enrich, store or all", name)
}
