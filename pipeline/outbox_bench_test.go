package pipeline_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/store"
)

// BenchmarkApproveToDelivered measures, one approval at a time, the time
// from an editor's approve to the story's arrival at a downstream
// consumer on the same host: through the outbox (the store transaction,
// the relay woken in-process, its claim, render, publish and record), and,
// as the baseline in the same run, the direct publish the desk made before
// the outbox (status approved, render, publish, status published).
// Reports p50 and p99 in ms.
//
//	go test -run '^$' -bench BenchmarkApproveToDelivered -benchtime 1000x ./pipeline/
//
// "embedded" is SQLite and wiredesk's embedded NATS (fsync on every
// write), the default of `wiredesk run`; "services" is the machine's
// PostgreSQL and NATS.
func BenchmarkApproveToDelivered(b *testing.B) {
	for _, setup := range []struct {
		name     string
		nats, db func(b *testing.B) string
	}{
		{"embedded", func(b *testing.B) string { return testenv.EmbeddedNATS(b) }, func(b *testing.B) string { return "sqlite:" + b.TempDir() + "/w.db" }},
		{"services", func(b *testing.B) string { return testenv.SharedNATSURL(b) }, func(b *testing.B) string { return testenv.PostgresURL(b) }},
	} {
		for _, path := range []string{"direct", "outbox"} {
			b.Run(setup.name+"/"+path, func(b *testing.B) {
				p := newPipeline(b, setup.nats(b), setup.db(b))
				benchApproveToDelivered(b, p, path == "outbox")
			})
		}
	}
}

func benchApproveToDelivered(b *testing.B, p *pipeline.Pipeline, outbox bool) {
	ctx := context.Background()
	list := benchArticles(b, b.N)
	for _, a := range list {
		if _, err := p.Store.Put(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	// The downstream site: a push subscription on the published stream.
	arrived := make(chan string, 16)
	sub, err := p.Bus.JS.OrderedConsumer(ctx, p.Bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverNewPolicy})
	if err != nil {
		b.Fatal(err)
	}
	cc, err := sub.Consume(func(m jetstream.Msg) { arrived <- m.Headers().Get("Wiredesk-Story-Id") })
	if err != nil {
		b.Fatal(err)
	}
	defer cc.Stop()

	approve := func(a *article.Article) error {
		_, err := p.Store.Approve(ctx, a.ID, 1, store.Actor{Name: "editor"})
		return err
	}
	if outbox {
		relay := p.Relay(p.Bus, "bench")
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); relay.Run(rctx) }()
		defer func() { cancel(); <-done }()
		approve = func(a *article.Article) error {
			if _, err := p.Store.Approve(ctx, a.ID, 1, store.Actor{Name: "editor"}); err != nil {
				return err
			}
			relay.Wake()
			return nil
		}
	} else {
		approve = func(a *article.Article) error { return directPublish(ctx, p, a) }
	}

	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for _, a := range list {
		began := time.Now()
		if err := approve(a); err != nil {
			b.Fatal(err)
		}
		select {
		case id := <-arrived:
			if id != a.ID {
				b.Fatalf("delivered %s, approved %s", id, a.ID)
			}
		case <-time.After(30 * time.Second):
			b.Fatalf("%s not delivered", a.ID)
		}
		lat = append(lat, time.Since(began))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/float64(time.Millisecond), "max-ms")
}

// directPublish is how the desk published before the outbox: the story
// set approved, its document published and waited for, then set published.
func directPublish(ctx context.Context, p *pipeline.Pipeline, a *article.Article) error {
	stored, err := p.Store.SetStatus(ctx, a.ID, article.StatusApproved, article.StatusQueued)
	if err != nil {
		return err
	}
	doc, err := p.EventDocument(stored, article.EventPublish)
	if err != nil {
		return err
	}
	msg := p.Bus.Names.StoryMessage(stored, article.EventPublish, doc)
	if _, err := p.Bus.JS.PublishMsg(ctx, msg, jetstream.WithMsgID("story."+a.ID+".v"+strconv.Itoa(stored.Version))); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	_, err = p.Store.SetStatus(ctx, a.ID, article.StatusPublished, article.StatusApproved)
	return err
}
