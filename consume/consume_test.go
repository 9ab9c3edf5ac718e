package consume_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/article/schema"
	"github.com/wiredesk/wiredesk/consume"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// desk is a wiredesk with stories in its store and a relay publishing its
// outbox: what a downstream site reads from.
type desk struct {
	bus   *publish.Bus
	store store.Store
	relay *publish.Relay
}

func newDesk(t *testing.T, natsURL, dbURL string) *desk {
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
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := &pipeline.Pipeline{Bus: bus, Store: st, Log: slog.New(slog.DiscardHandler), ValidateNINJS: validator(t)}
	d := &desk{bus: bus, store: st, relay: p.Relay(bus, "test")}
	d.relay.Poll = 20 * time.Millisecond
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); d.relay.Run(rctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return d
}

// validator checks every published document against ninjs 2.2 and the
// extension before the relay sends it, when ../shared is there to give
// the official schema; the test then also checks each message it reads.
func validator(t *testing.T) func([]byte) error {
	v := officialValidator(t)
	if v == nil {
		return nil
	}
	return v.ValidateExtended
}

var (
	validatorOnce sync.Once
	validatorV    *schema.NINJSValidator
	validatorErr  error
)

func officialValidator(t *testing.T) *schema.NINJSValidator {
	t.Helper()
	validatorOnce.Do(func() {
		official, err := os.ReadFile(filepath.Join("..", "..", "shared", "ninjs", "ninjs-schema_2.2.json"))
		if err != nil {
			return // no ../shared beside the repository
		}
		validatorV, validatorErr = schema.NewNINJSValidator(official, nil)
	})
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
	if validatorV == nil {
		t.Log("../shared/ninjs is absent: published documents are not checked against the official ninjs schema")
	}
	return validatorV
}

func story(agency string, i int) *article.Article {
	ingested := time.Date(2025, 6, 7, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	headline := fmt.Sprintf("%s story %d about the monsoon session", agency, i)
	text := fmt.Sprintf("New Delhi, Jun 7 (%s) Story %d: the session opened on Monday.\n\n\"We will pass the bill,\" the minister said.", agency, i)
	a := &article.Article{
		ID: article.StoryID(agency, fmt.Sprint(i)), Agency: agency, Feed: strings.ToLower(agency) + "-top",
		GUID: fmt.Sprint(i), Headline: headline, BodyText: text, IngestedAt: &ingested,
		Topics: []string{"medtop:11000000"}, Language: "en",
		Quotes: []article.Quote{{Text: "We will pass the bill", Speaker: "the minister", Verb: "said", Kind: "direct"}},
	}
	for _, p := range strings.Split(text, "\n\n") {
		a.Body = append(a.Body, article.Block{Type: article.BlockParagraph, Text: p})
	}
	a.Fingerprint.Content = article.ContentFingerprint(headline, text)
	return a
}

// waitSent waits until the outbox has nothing left to send.
func (d *desk) waitSent(t *testing.T) {
	t.Helper()
	testenv.WaitFor(t, "the outbox sent", func() bool {
		b, err := d.store.OutboxBacklog(context.Background())
		return err == nil && b.Unsent == 0
	})
}

// A site's durable consumer is stopped while 500 stories are published and
// some of them corrected and withdrawn; restarted, it gets exactly what it
// missed, in order, each once, corrections and withdrawals as such. Every
// message validates against ninjs 2.2 (extension removed) and the
// extension schema.
func TestConsumerCatchesUpAfterAStop(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t, testenv.EmbeddedNATS(t), testenv.PostgresURL(t))
	const before, missed, corrected, withdrawn = 20, 500, 40, 30
	for i := range before + missed {
		if _, err := d.store.Put(ctx, story("ANI", i)); err != nil {
			t.Fatal(err)
		}
	}
	approve := func(from, to int) {
		for i := from; i < to; i++ {
			if _, err := d.store.Approve(ctx, article.StoryID("ANI", fmt.Sprint(i)), 1, store.Actor{Name: "editor"}); err != nil {
				t.Fatal(err)
			}
		}
		d.relay.Wake()
	}
	approve(0, before)
	d.waitSent(t)

	stream, root := d.bus.Names.PublishedStream(), d.bus.Names.SubjectRoot
	site := func() *consume.Consumer {
		c, err := consume.New(ctx, d.bus.JS, consume.WithStream(stream, root), consume.Durable("site-a"), consume.WithAgencies("ANI"))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	read := func(c *consume.Consumer, n int, wait time.Duration) []*consume.Message {
		t.Helper()
		var got []*consume.Message
		rctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		err := c.Run(rctx, func(_ context.Context, m *consume.Message) error {
			got = append(got, m)
			if len(got) == n {
				cancel()
			}
			return nil
		})
		if err != nil && rctx.Err() == nil {
			t.Fatal(err)
		}
		return got
	}
	if got := read(site(), before, time.Minute); len(got) != before {
		t.Fatalf("the site read %d before its stop, want %d", len(got), before)
	}

	// The site is down: 500 more are published, then some corrected and
	// some withdrawn.
	approve(before, before+missed)
	d.waitSent(t)
	for i := range corrected {
		id := article.StoryID("ANI", fmt.Sprint(before+i))
		headline := fmt.Sprintf("ANI story %d about the monsoon session (corrected)", before+i)
		if _, err := d.store.Correct(ctx, id, 1, store.Correction{Headline: &headline, Note: "The headline named the wrong session."}, store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range withdrawn {
		if _, err := d.store.Withdraw(ctx, article.StoryID("ANI", fmt.Sprint(before+corrected+i)), 1, "Legal hold", store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
	}
	d.relay.Wake()
	d.waitSent(t)

	want := missed + corrected + withdrawn
	got := read(site(), want, time.Minute)
	if len(got) != want {
		t.Fatalf("after its restart the site read %d, want %d", len(got), want)
	}
	// Nothing more: each once.
	extra := read(site(), 1, 2*time.Second)
	if len(extra) != 0 {
		t.Errorf("the site read %d more after catching up: %s v%d", len(extra), extra[0].StoryID, extra[0].Version)
	}

	seen := map[string]bool{}
	var last uint64
	counts := map[article.Event]int{}
	for _, m := range got {
		if m.Err != nil {
			t.Fatal(m.Err)
		}
		key := fmt.Sprintf("%s v%d", m.StoryID, m.Version)
		if seen[key] {
			t.Errorf("%s read twice", key)
		}
		seen[key] = true
		if m.Sequence <= last {
			t.Errorf("%s at sequence %d after %d: out of order", key, m.Sequence, last)
		}
		last = m.Sequence
		counts[m.Event]++
		checkDocument(t, m)
	}
	wantCounts := map[article.Event]int{article.EventPublish: missed, article.EventCorrection: corrected, article.EventWithdraw: withdrawn}
	if fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
		t.Errorf("events %v, want %v", counts, wantCounts)
	}
}

// checkDocument decodes a message both ways and checks it against the
// schemas; the test fails at the first invalid one.
func checkDocument(t *testing.T, m *consume.Message) {
	t.Helper()
	a, err := m.Article()
	if err != nil {
		t.Fatalf("%s v%d: %v", m.StoryID, m.Version, err)
	}
	if a.ID != m.StoryID || a.Version != m.Version || a.Agency != "ANI" || len(a.Quotes) != 1 {
		t.Fatalf("%s v%d decoded as %s v%d %s with %d quotes", m.StoryID, m.Version, a.ID, a.Version, a.Agency, len(a.Quotes))
	}
	x, _ := m.NINJS()
	switch m.Event {
	case article.EventWithdraw:
		if x.PubStatus != "canceled" || !m.Withdrawn() || !strings.Contains(x.EdNote, "Legal hold") {
			t.Fatalf("%s withdrawal: pubstatus %q, ednote %q", m.StoryID, x.PubStatus, x.EdNote)
		}
	case article.EventCorrection:
		if x.PubStatus != "usable" || !strings.HasSuffix(a.Headline, "(corrected)") || !strings.Contains(x.EdNote, "wrong session") ||
			strings.Join(m.Changes, ",") != "correction,headline" {
			t.Fatalf("%s correction: pubstatus %q, headline %q, ednote %q, changes %v", m.StoryID, x.PubStatus, a.Headline, x.EdNote, m.Changes)
		}
	default:
		if x.PubStatus != "usable" || a.Disclaimer != article.DefaultDisclaimer {
			t.Fatalf("%s: pubstatus %q disclaimer %q", m.StoryID, x.PubStatus, a.Disclaimer)
		}
	}
	if v := officialValidator(t); v != nil {
		if err := v.ValidateExtended(m.Data); err != nil {
			t.Fatalf("%s v%d does not validate against the extension schema: %v", m.StoryID, m.Version, err)
		}
		if err := v.Validate(consume.PureNINJS(m.Data)); err != nil {
			t.Fatalf("%s v%d without its extension does not validate against ninjs 2.2: %v", m.StoryID, m.Version, err)
		}
	}
}

// Ephemeral consumers filter by agency and topic and start where asked.
func TestConsumerFiltersAndStarts(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t, testenv.EmbeddedNATS(t), "sqlite:"+filepath.Join(t.TempDir(), "w.db"))
	for i, agency := range []string{"ANI", "PTI", "ANI", "Reuters"} {
		a := story(agency, i)
		if agency == "Reuters" {
			a.Topics = []string{"medtop:15000000"} // sport
		}
		if _, err := d.store.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := d.store.Approve(ctx, a.ID, 1, store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
		d.relay.Wake()
		d.waitSent(t)
	}
	stream, root := d.bus.Names.PublishedStream(), d.bus.Names.SubjectRoot
	ids := func(opts ...consume.Option) []string {
		t.Helper()
		c, err := consume.New(ctx, d.bus.JS, append([]consume.Option{consume.WithStream(stream, root)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for {
			m, err := c.Next(ctx, 300*time.Millisecond)
			if err != nil {
				return out
			}
			out = append(out, fmt.Sprintf("%s/%s#%d", m.Agency, m.Topic, m.Sequence))
		}
	}
	for _, tc := range []struct {
		name string
		opts []consume.Option
		want string
	}{
		{"all", []consume.Option{consume.From(consume.StartAll())}, "ani/politics#1 pti/politics#2 ani/politics#3 reuters/sport#4"},
		{"agency", []consume.Option{consume.From(consume.StartAll()), consume.WithAgencies("ANI")}, "ani/politics#1 ani/politics#3"},
		{"two agencies", []consume.Option{consume.From(consume.StartAll()), consume.WithAgencies("PTI", "Reuters")}, "pti/politics#2 reuters/sport#4"},
		{"topic", []consume.Option{consume.From(consume.StartAll()), consume.WithTopics("sport")}, "reuters/sport#4"},
		{"after a sequence", []consume.Option{consume.From(consume.StartAfterSequence(2))}, "ani/politics#3 reuters/sport#4"},
		{"new only", nil, ""},
		{"since a time", []consume.Option{consume.From(consume.StartAt(time.Now().Add(-time.Hour)))}, "ani/politics#1 pti/politics#2 ani/politics#3 reuters/sport#4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(ids(tc.opts...), " "); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPureNINJS(t *testing.T) {
	doc := []byte(`{"uri":"urn:wiredesk:story:x","standard":{"name":"wiredesk-ninjs","version":"1.0","schema":"s"},"wiredesk_quotes":[],"headlines":[{"value":"h"}]}`)
	got := string(consume.PureNINJS(doc))
	if strings.Contains(got, "wiredesk_") || !strings.Contains(got, `"name":"ninjs"`) || !strings.Contains(got, `"headlines"`) {
		t.Errorf("PureNINJS = %s", got)
	}
	if string(consume.PureNINJS([]byte("not json"))) != "not json" {
		t.Error("a document that is not JSON changed")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"uri":"urn:wiredesk:story:x","version":"2","headlines":[{"value":"h"}],"bodies":[{"contenttype":"text/plain","value":"a\n\nb"}],"associations":[{"name":"image-0","type":"picture","uri":"https://x/y.jpg"}]}`))
	f.Add([]byte(`{"uri":"urn:wiredesk:story:%zz"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		x, err := consume.DecodeNINJS(doc)
		if err != nil {
			return
		}
		if a, err := x.Article(); err == nil && a.ID == "" {
			t.Errorf("decoded an article without an id from %q", doc)
		}
		_ = consume.PureNINJS(doc)
	})
}
