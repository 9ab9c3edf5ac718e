package pipeline_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// benchArticles are n canonical articles with real wire-length text (the
// pair set's bodies, rewrites included, taken in turn), each its own
// story.
func benchArticles(b *testing.B, n int) []*article.Article {
	b.Helper()
	ps, err := dedup.LoadPairSet("../dedup/testdata/neardup")
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, len(ps.Docs))
	for id := range ps.Docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*article.Article, n)
	for i := range out {
		d := ps.Docs[ids[i%len(ids)]]
		a := wireStory("PTI", fmt.Sprintf("bench-%d", i), d.Headline, dedup.Paragraphs(d.Text)...)
		a.URL = ""
		// Normalize fingerprints every article it publishes; the stages
		// do not pay for that.
		dedup.Fingerprint(a)
		out[i] = a
	}
	return out
}

// BenchmarkArticlesThroughStages compares, on the machine's NATS and
// PostgreSQL with the same payloads, a bare JetStream round (publish with
// a msg id, fetch, ack) against the pipeline: publish, then dedup, enrich
// and store inline on the stage runner. One op is one article.
//
//	go test -run '^$' -bench BenchmarkArticlesThroughStages -benchtime 2000x ./pipeline/
//
// WIREDESK_BENCH_NATS=embedded runs both on wiredesk's embedded server,
// which fsyncs every write as the shipped configs do, instead of the
// machine's NATS (which flushes on its default interval).
func BenchmarkArticlesThroughStages(b *testing.B) {
	natsURL := benchNATS(b)

	b.Run("bare-jetstream", func(b *testing.B) {
		p := newPipeline(b, natsURL, "sqlite:"+b.TempDir()+"/unused.db")
		list := benchArticles(b, b.N)
		ctx := context.Background()
		cons, err := p.Bus.JS.CreateOrUpdateConsumer(ctx, p.Bus.Names.ArticlesStream(), jetstream.ConsumerConfig{
			Durable: "bare", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: p.Bus.Names.ArticleFilter(),
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		consumed := make(chan error, 1)
		go func() {
			for done := 0; done < len(list); {
				// Never ask for more than is still to come: a fetch for
				// messages that are never published waits out its expiry
				// (2 s), which an earlier version of this benchmark
				// counted as the bus's time.
				batch, err := cons.Fetch(min(32, len(list)-done), jetstream.FetchMaxWait(2*time.Second))
				if err != nil {
					consumed <- err
					return
				}
				for msg := range batch.Messages() {
					if err := msg.DoubleAck(ctx); err != nil {
						consumed <- err
						return
					}
					done++
				}
				if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
					consumed <- err
					return
				}
			}
			consumed <- nil
		}()
		publishAll(b, p.Bus, list)
		if err := <-consumed; err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})

	// The stage runner with a handler that does nothing: fetch, ack, and
	// the runner's own bookkeeping, so the ratio to it is what the
	// stages' work costs.
	b.Run("bare-runner", func(b *testing.B) {
		p := newPipeline(b, natsURL, "sqlite:"+b.TempDir()+"/unused.db")
		list := benchArticles(b, b.N)
		var acked atomic.Int64
		st := publish.Stage{
			Name: "bare", Stream: p.Bus.Names.ArticlesStream(), FilterSubject: p.Bus.Names.ArticleFilter(),
			Concurrency: benchConcurrency,
			HandleBatch: func(_ context.Context, msgs []jetstream.Msg) []error {
				acked.Add(int64(len(msgs)))
				return nil
			},
		}
		runBench(b, p.Bus, st, list, &acked)
	})

	b.Run("dedup-enrich-store", func(b *testing.B) {
		p := newPipeline(b, natsURL, testenv.PostgresURL(b)+"&pool_max_conns="+strconv.Itoa(benchConcurrency))
		list := benchArticles(b, b.N)
		var stored, batches atomic.Int64
		p.Tune = func(st *publish.Stage) {
			st.Concurrency = benchConcurrency
			next := st.HandleBatch
			st.HandleBatch = func(ctx context.Context, msgs []jetstream.Msg) []error {
				batches.Add(1)
				errs := next(ctx, msgs)
				for i := range msgs {
					if errs == nil || errs[i] == nil {
						stored.Add(1)
					}
				}
				return errs
			}
		}
		runBench(b, p.Bus, p.DedupStage(true), list, &stored)
		b.ReportMetric(float64(stored.Load())/float64(batches.Load()), "articles/batch")
	})
}

// runBench times publishing list while st consumes it, until handled
// counts every article.
func runBench(b *testing.B, bus *publish.Bus, st publish.Stage, list []*article.Article, handled *atomic.Int64) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	b.ResetTimer()
	go func() { done <- bus.Run(ctx, st) }()
	publishAll(b, bus, list)
	for handled.Load() < int64(len(list)) {
		time.Sleep(2 * time.Millisecond)
	}
	b.StopTimer()
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// benchConcurrency is how many articles the stage handles at once (the
// runner's default, 4), and the database pool size to match. On the
// 2-core machine more is slower: 16 gave 25% fewer articles a second.
var benchConcurrency, _ = strconv.Atoi(cmp.Or(os.Getenv("WIREDESK_BENCH_CONCURRENCY"), "4"))

// publishAll publishes the articles as a normalizer does, several at a
// time, each waiting for its PubAck.
func publishAll(b *testing.B, bus *publish.Bus, list []*article.Article) {
	b.Helper()
	sem := make(chan struct{}, 8)
	errs := make(chan error, len(list))
	for _, a := range list {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			if _, err := bus.PublishArticle(context.Background(), a); err != nil {
				errs <- err
			}
		}()
	}
	for range cap(sem) {
		sem <- struct{}{}
	}
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// benchNATS is the machine's NATS, or with WIREDESK_BENCH_NATS=embedded an
// embedded server that fsyncs every write.
func benchNATS(b *testing.B) string {
	if os.Getenv("WIREDESK_BENCH_NATS") != "embedded" {
		return testenv.SharedNATSURL(b)
	}
	srv, err := publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Shutdown)
	return srv.ClientURL()
}
