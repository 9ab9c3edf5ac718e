package pipeline

import (
	"context"
	"runtime"
	"sync"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/publish"
)

// NormalizeInlineStage is the normalize stage of `wiredesk run` and
// `wiredesk worker --stage all`: it consumes wire.raw like NormalizeStage,
// on the same durable consumer, but dedups, enriches and stores the
// articles it makes in the same process, a batch at a time, instead of
// putting them on wire.article for the dedup stage. An article then costs
// no JSON encoding and decoding between the stages, no second message
// written and fsynced by the server, and no second fetch and ack: measured
// feed to stored (docs/benchmarks.md), that hop cost more CPU than the
// dedup, enrich and store work it carried. A raw item is acked after its
// story is committed; redelivered, it is stored once (the store's unique
// keys), as through the hop.
//
// Split workers still publish and consume wire.article, so a deployment
// may run `wiredesk worker --stage normalize` processes beside
// `wiredesk run`: the dedup consumer of `run` drains what they publish.
func (p *Pipeline) NormalizeInlineStage() publish.Stage {
	return p.tune(publish.Stage{
		Name:   StageNormalize,
		Stream: p.Bus.Names.RawStream(),
		HandleBatch: publish.RawBatch(func(ctx context.Context, raws []*article.Raw) []error {
			return p.normalizeAndProcess(ctx, raws)
		}),
	})
}

// normalizeAndProcess normalises raws on every core, then runs dedup,
// enrich and store on the articles as one batch. It returns one error per
// item: a page that does not normalise fails alone and for good.
func (p *Pipeline) normalizeAndProcess(ctx context.Context, raws []*article.Raw) []error {
	errs := make([]error, len(raws))
	arts := make([]*article.Article, len(raws))
	parallel(len(raws), func(i int) {
		a, err := Normalize(raws[i], p.NormalizeOptions)
		if err != nil {
			errs[i] = publish.Permanent(err)
			return
		}
		arts[i] = a
	})
	list := make([]*article.Article, 0, len(raws))
	at := make([]int, 0, len(raws))
	for i, a := range arts {
		if a != nil {
			list, at = append(list, a), append(at, i)
		}
	}
	if len(list) == 0 {
		return errs
	}
	for j, err := range p.ProcessBatch(ctx, list) {
		errs[at[j]] = err
	}
	return errs
}

// parallel runs fn(0) … fn(n-1) on up to GOMAXPROCS goroutines: a batch
// handed to one worker slot still extracts on every core.
func parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
