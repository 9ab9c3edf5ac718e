package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// newPipeline connects a pipeline to its own streams on natsURL and its
// own database.
func newPipeline(t testing.TB, natsURL, dbURL string) *pipeline.Pipeline {
	t.Helper()
	ctx := context.Background()
	bus, err := publish.Connect(ctx, natsURL, publish.NamesWithPrefix(testenv.Prefix(t, natsURL)), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	if err := bus.EnsureStreams(ctx, publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &pipeline.Pipeline{Bus: bus, Store: s, Log: slog.New(slog.DiscardHandler)}
}

// runStages runs the named stages until the test ends.
func runStages(t *testing.T, p *pipeline.Pipeline, name string) {
	t.Helper()
	stages, err := p.StagesFor(name)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, len(stages))
	for _, st := range stages {
		go func() { done <- p.Bus.Run(ctx, st) }()
	}
	t.Cleanup(func() {
		cancel()
		for range stages {
			if err := <-done; err != nil {
				t.Errorf("stage: %v", err)
			}
		}
	})
}

var ingested = time.Date(2025, 6, 7, 9, 35, 0, 0, time.UTC)

func wireStory(agency, item, headline string, paras ...string) *article.Article {
	a := &article.Article{
		ID: article.StoryID(agency, item), Agency: agency, Feed: strings.ToLower(agency) + "-top", GUID: item, Version: 1,
		Headline: headline, BodyText: strings.Join(paras, "\n\n"), IngestedAt: &ingested,
	}
	for _, p := range paras {
		a.Body = append(a.Body, article.Block{Type: article.BlockParagraph, Text: p})
	}
	a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
	return a
}

var bailParas = []string{
	"New Delhi, Jun 7 (PTI) A Delhi court on Saturday granted bail to a businessman accused of cheating over 200 investors of Rs 40 crore, saying further custody was not needed for the probe.",
	`"The investigation qua the applicant is complete and the chargesheet has been filed," Additional Sessions Judge Anuj Agrawal said in the order.`,
	"The court directed him not to leave the country without its permission and to appear before the investigating officer when called.",
	"The businessman was arrested in March after investors complained that the returns he had promised on a real estate scheme never came.",
}

// publishAgain puts an article on wire.article with a fresh msg id, as a
// re-poll after the duplicate window would: only dedup can drop it.
func publishAgain(t *testing.T, p *pipeline.Pipeline, a *article.Article, n int) {
	t.Helper()
	if _, err := p.Bus.PublishJSON(context.Background(), p.Bus.Names.ArticleSubject(a.Agency), fmt.Sprintf("repoll-%d", n), a, nil); err != nil {
		t.Fatal(err)
	}
}

func versions(t *testing.T, p *pipeline.Pipeline, id string) []*article.Article {
	t.Helper()
	vs, err := p.Store.Versions(context.Background(), id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return vs
}

func kinds(cs []article.Change) []article.ChangeKind {
	var out []article.ChangeKind
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

// A re-polled identical item is dropped, a corrected item becomes version
// 2 with what changed, a killed item version 3 with the kill notice; an
// editor who approves each version publishes each once, the kill as
// canceled. The stages run as separate hops.
func TestVersionsOfAnItem(t *testing.T) {
	p := newPipeline(t, testenv.SharedNATSURL(t), testenv.PostgresURL(t))
	runStages(t, p, pipeline.StageDedup)
	runStages(t, p, pipeline.StageEnrich)
	runStages(t, p, pipeline.StageStore)
	ctx := context.Background()
	sub, err := p.Bus.JS.OrderedConsumer(ctx, p.Bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	relay := p.Relay(p.Bus, "test-relay")
	rctx, stopRelay := context.WithCancel(ctx)
	go relay.Run(rctx)
	t.Cleanup(stopRelay)
	approveAndPublish := func(id string, version int, event article.Event) jetstream.Msg {
		t.Helper()
		if _, err := p.Store.Approve(ctx, id, version, store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
		relay.Wake()
		msg, err := sub.Next(jetstream.FetchMaxWait(10 * time.Second))
		if err != nil {
			t.Fatalf("published message for version %d: %v", version, err)
		}
		if got := msg.Headers().Get(publish.HeaderVersion); got != fmt.Sprint(version) {
			t.Errorf("published version header = %s, want %d", got, version)
		}
		if got := msg.Headers().Get(publish.HeaderEvent); got != string(event) {
			t.Errorf("version %d published as %q, want %q", version, got, event)
		}
		return msg
	}

	v1 := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman in cheating case", bailParas...)
	if _, err := p.Bus.PublishArticle(ctx, v1); err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, "version 1 stored", func() bool { return len(versions(t, p, v1.ID)) == 1 })
	got := versions(t, p, v1.ID)[0]
	if got.Language != "en" || got.WordCount == 0 || got.ClusterID != v1.ID || len(got.Changes) != 0 || !slices.Contains(got.Topics, "medtop:02000000") {
		t.Errorf("version 1: language %q words %d cluster %q changes %v topics %v", got.Language, got.WordCount, got.ClusterID, got.Changes, got.Topics)
	}
	approveAndPublish(v1.ID, 1, article.EventPublish)

	// The re-polled identical item: dropped by dedup, nothing stored.
	publishAgain(t, p, v1, 1)
	cons, err := p.Bus.Consumer(ctx, p.DedupStage(false))
	if err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, "re-poll consumed", func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0 && info.AckFloor.Consumer >= 2
	})
	if vs := versions(t, p, v1.ID); len(vs) != 1 || vs[0].Status != article.StatusPublished {
		t.Fatalf("after re-poll: %d versions, status %s", len(vs), vs[0].Status)
	}

	// The corrected item.
	paras := slices.Clone(bailParas)
	paras[0] = strings.Replace(paras[0], "Rs 40 crore", "Rs 14 crore", 1)
	v2 := wireStory("PTI", "DEL42", "CORRECTED-Delhi court grants bail to businessman in Rs 14 crore cheating case",
		append([]string{"(Corrects amount in first paragraph to Rs 14 crore from Rs 40 crore)"}, paras...)...)
	if _, err := p.Bus.PublishArticle(ctx, v2); err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, "version 2 stored", func() bool { return len(versions(t, p, v1.ID)) == 2 })
	got = versions(t, p, v1.ID)[1]
	if want := []article.ChangeKind{article.ChangeCorrection, article.ChangeCorrection, article.ChangeHeadline, article.ChangeBody}; !slices.Equal(kinds(got.Changes), want) {
		t.Errorf("version 2 changes = %+v, want kinds %v", got.Changes, want)
	}
	if got.Version != 2 || got.Status != article.StatusQueued || got.ClusterID != v1.ID {
		t.Errorf("version 2: version %d status %s cluster %s; want 2, queued for the editor, same cluster", got.Version, got.Status, got.ClusterID)
	}
	msg := approveAndPublish(v1.ID, 2, article.EventCorrection)
	if note := msg.Headers().Get(publish.HeaderChanges); note != "correction,correction,headline,body" {
		t.Errorf("correction's changes header = %q", note)
	}
	if !bytes.Contains(msg.Data(), []byte(`"ednote":"Correction (version 2): `)) || !bytes.Contains(msg.Data(), []byte(`(Corrects amount in first paragraph`)) {
		t.Errorf("correction published without its ednote: %s", msg.Data())
	}

	// The killed item.
	v3 := wireStory("PTI", "DEL42", "KILL - Delhi court grants bail to businessman",
		"Editors: Please kill the story slugged DEL42 (Delhi court grants bail). It is legally problematic. A substitute story will not be sent.")
	if _, err := p.Bus.PublishArticle(ctx, v3); err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, "version 3 stored", func() bool { return len(versions(t, p, v1.ID)) == 3 })
	got = versions(t, p, v1.ID)[2]
	if len(got.Changes) == 0 || got.Changes[0].Kind != article.ChangeKill {
		t.Errorf("version 3 changes = %+v, want a kill first", got.Changes)
	}
	msg = approveAndPublish(v1.ID, 3, article.EventWithdraw)
	doc, err := publish.Payload(msg.Data(), msg.Headers())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte(`"pubstatus":"canceled"`)) {
		t.Errorf("killed story published without pubstatus canceled: %s", doc)
	}
	// The API's extended document says the same as the stream.
	if x := pipeline.ExtendedNINJS(got); x.PubStatus != "canceled" {
		t.Errorf("extended ninjs of the killed story has pubstatus %q, want canceled", x.PubStatus)
	}
	if x := pipeline.ExtendedNINJS(versions(t, p, v1.ID)[1]); x.PubStatus == "canceled" {
		t.Errorf("the version before the kill is canceled in extended ninjs")
	}
}

// A story another agency files from the same copy joins the first story's
// cluster; a different story on the same topic starts its own.
// Whether the three arrive one at a time or in one batch, neither of the
// first two stored when the second is clustered, and on either backend.
func TestNearDuplicatesShareACluster(t *testing.T) {
	natsURL := testenv.EmbeddedNATS(t)
	for _, tc := range []struct {
		name    string
		db      func(t testing.TB) string
		batched bool
	}{
		{"postgres/one at a time", testenv.PostgresURL, false},
		{"postgres/one batch", testenv.PostgresURL, true},
		{"sqlite/one batch", func(t testing.TB) string { return "sqlite:" + t.TempDir() + "/w.db" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testNearDuplicatesShareACluster(t, newPipeline(t, natsURL, tc.db(t)), tc.batched)
		})
	}
}

func testNearDuplicatesShareACluster(t *testing.T, p *pipeline.Pipeline, batched bool) {
	ctx := context.Background()
	first := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman in cheating case", bailParas...)
	copyParas := slices.Clone(bailParas[:3])
	copyParas[0] = "New Delhi [India], June 7 (ANI): " + strings.TrimPrefix(copyParas[0], "New Delhi, Jun 7 (PTI) ")
	copyParas = append(copyParas, "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)")
	second := wireStory("ANI", "ani-bail", "Businessman gets bail in Rs 40 crore fraud", copyParas...)
	other := wireStory("PTI", "DEL43", "Delhi court denies bail to builder in cheating case",
		"New Delhi, Jun 7 (PTI) A Delhi court on Saturday refused bail to a property developer accused of taking money from 90 home buyers and never delivering their flats.",
		"The custody of the accused was still needed because the money trail had not been traced, the magistrate said, rejecting his plea.",
		"The developer's lawyer said they would move the high court next week against the order.")
	all := []*article.Article{first, second, other}
	if batched {
		for i, err := range p.ProcessBatch(ctx, all) {
			if err != nil {
				t.Fatalf("article %d: %v", i, err)
			}
		}
	} else {
		for _, a := range all {
			if err := p.Process(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		a    *article.Article
		want string
	}{{first, first.ID}, {second, first.ID}, {other, other.ID}} {
		got, err := p.Store.Get(ctx, tc.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClusterID != tc.want {
			t.Errorf("%s %q: cluster %s, want %s", tc.a.Agency, tc.a.Headline, got.ClusterID, tc.want)
		}
	}
	idx, err := store.NearDups(p.Store)
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := idx.Cluster(ctx, first.ID); err != nil || !slices.Equal(ids, []string{first.ID, second.ID}) {
		t.Errorf("cluster = %v, %v", ids, err)
	}
}

// Two near copies decided before either is stored — batches handled at
// the same time by one process — still share a cluster: the second finds
// the first among the stories the process has just clustered.
func TestNearCopiesDecidedTogetherShareACluster(t *testing.T) {
	p := newPipeline(t, testenv.EmbeddedNATS(t), testenv.PostgresURL(t))
	ctx := context.Background()
	first := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman in cheating case", bailParas...)
	copyParas := slices.Clone(bailParas)
	copyParas[0] = "New Delhi [India], June 7 (ANI): " + strings.TrimPrefix(copyParas[0], "New Delhi, Jun 7 (PTI) ")
	second := wireStory("ANI", "ani-bail", "Businessman gets bail in Rs 40 crore fraud", copyParas...)

	// The first batch has decided (dedup) but not committed when the
	// second is processed.
	if keep, err := p.Dedup(ctx, first); err != nil || !keep {
		t.Fatalf("Dedup(first) = %v, %v", keep, err)
	}
	if err := p.Process(ctx, second); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Save(ctx, first); err != nil {
		t.Fatal(err)
	}
	for _, a := range []*article.Article{first, second} {
		got, err := p.Store.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClusterID != first.ID {
			t.Errorf("%s: cluster %s, want %s", a.Agency, got.ClusterID, first.ID)
		}
	}
}

// A batch is taken in order, each article seeing those before it: a
// re-poll of an earlier article is dropped, a story's second content is
// its version 2 with what changed, and an article the store refuses
// fails alone while the rest are stored.
func TestBatchSeesItsOwnEarlierArticles(t *testing.T) {
	p := newPipeline(t, testenv.EmbeddedNATS(t), testenv.PostgresURL(t))
	ctx := context.Background()
	v1 := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman", bailParas...)
	again := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman", bailParas...)
	corrected := slices.Clone(bailParas)
	corrected[0] = strings.Replace(corrected[0], "over 200 investors", "over 300 investors", 1)
	v2 := wireStory("PTI", "DEL42", "Delhi court grants bail to businessman (correction)", corrected...)
	refused := wireStory("PTI", "bad", "A story the store refuses", "Its id cannot be a key.")
	refused.ID = "pti:bad\x00id"
	other := wireStory("PTI", "DEL43", "Monsoon reaches Kerala", "Thiruvananthapuram, Jun 7 (PTI) The monsoon reached Kerala on Saturday, three days late.")

	errs := p.ProcessBatch(ctx, []*article.Article{v1, again, v2, refused, other})
	for i, err := range errs {
		if i == 3 {
			if !publish.IsPermanent(err) {
				t.Errorf("refused article: %v, want a permanent error", err)
			}
			continue
		}
		if err != nil {
			t.Errorf("article %d: %v", i, err)
		}
	}
	vs := versions(t, p, v1.ID)
	if len(vs) != 2 || vs[0].Headline != v1.Headline || vs[1].Headline != v2.Headline {
		t.Fatalf("versions = %d, want v1 and the correction", len(vs))
	}
	if !slices.Contains(kinds(vs[1].Changes), article.ChangeHeadline) {
		t.Errorf("version 2 changes = %v, want the headline change against version 1", kinds(vs[1].Changes))
	}
	if vs[1].ClusterID != v1.ID {
		t.Errorf("version 2 in cluster %q, want %q", vs[1].ClusterID, v1.ID)
	}
	if _, err := p.Store.Get(ctx, other.ID); err != nil {
		t.Errorf("the story after the refused one: %v", err)
	}
}

// A message that always fails is dead-lettered after MaxDeliver with its
// error, and the articles queued behind it are stored meanwhile.
func TestPoisonArticleGoesToDLQWithoutHoldingUpOthers(t *testing.T) {
	p := newPipeline(t, testenv.EmbeddedNATS(t), testenv.PostgresURL(t))
	p.Tune = func(st *publish.Stage) {
		st.MaxDeliver, st.Backoff, st.Concurrency, st.Batch = 3, []time.Duration{2 * time.Second}, 1, 8
		if st.HandleBatch == nil {
			return
		}
		next := st.HandleBatch
		st.HandleBatch = func(ctx context.Context, msgs []jetstream.Msg) []error {
			errs := make([]error, len(msgs))
			var good []jetstream.Msg
			var at []int
			for i, msg := range msgs {
				if bytes.Contains(msg.Data(), []byte("POISON")) {
					errs[i] = errors.New("enrichment backend rejects POISON")
					continue
				}
				good, at = append(good, msg), append(at, i)
			}
			if len(good) > 0 {
				for j, err := range next(ctx, good) {
					errs[at[j]] = err
				}
			}
			return errs
		}
	}
	ctx := context.Background()
	poison := wireStory("AP", "poison", "POISON", "POISON text that no stage can handle.")
	if _, err := p.Bus.PublishArticle(ctx, poison); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 20 {
		a := wireStory("AP", fmt.Sprintf("item-%d", i), fmt.Sprintf("Story %d", i), fmt.Sprintf("WASHINGTON (AP) — Story number %d of the day, with nothing wrong in it.", i))
		ids = append(ids, a.ID)
		if _, err := p.Bus.PublishArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	runStages(t, p, pipeline.StageAll)
	testenv.WaitFor(t, "the 20 good articles stored", func() bool {
		list, err := p.Store.List(ctx, store.ListQuery{Limit: 100})
		return err == nil && len(list) == 20
	})
	if dead, err := p.Bus.DeadLetters(ctx, "", 0); err != nil || len(dead) != 0 {
		t.Fatalf("the poison was dead-lettered (%v, %v) before the articles behind it were stored: it held them up", dead, err)
	}
	var dead []publish.DeadLetter
	testenv.WaitFor(t, "the poison dead-lettered", func() bool {
		dead, _ = p.Bus.DeadLetters(ctx, pipeline.StageDedup, 0)
		return len(dead) == 1
	})
	if d := dead[0]; d.Deliveries != 3 || d.Error != "enrichment backend rejects POISON" || d.Subject != p.Bus.Names.ArticleSubject("AP") {
		t.Errorf("dead letter = %+v", d)
	}
	if _, err := p.Store.Get(ctx, poison.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("poison stored: %v", err)
	}
}
