package article_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/article/schema"
	"github.com/wiredesk/wiredesk/internal/corpus"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newValidator compiles the official ninjs 2.2 schema from shared/ and the
// extension schema embedded in the repository.
func newValidator(t testing.TB) *schema.NINJSValidator {
	t.Helper()
	ninjs := filepath.Join(corpus.SharedDir(t), "ninjs")
	v, err := schema.NewNINJSValidator(
		readFile(t, filepath.Join(ninjs, "ninjs-schema_2.2.json")),
		schema.Extension(),
		schema.WithGeoJSONSchema(readFile(t, filepath.Join(ninjs, "GeoJSON-schema.json"))))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// loadArticle reads an article in its contract JSON form from testdata/.
func loadArticle(t testing.TB, name string) *article.Article {
	t.Helper()
	var a article.Article
	if err := json.Unmarshal(readFile(t, filepath.Join("testdata", name)), &a); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("fixture %s is not a valid article: %v", name, err)
	}
	return &a
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNINJSValidates(t *testing.T) {
	v := newValidator(t)
	for _, fixture := range []string{"rich.json", "minimal.json"} {
		t.Run(fixture, func(t *testing.T) {
			a := loadArticle(t, fixture)
			pure := mustJSON(t, a.NINJS())
			if err := v.Validate(pure); err != nil {
				t.Errorf("pure ninjs rejected by the official 2.2 schema: %v\n%s", err, pure)
			}
			if err := v.ValidateExtended(pure); err != nil {
				t.Errorf("pure ninjs rejected by the extension schema: %v", err)
			}
			ext := mustJSON(t, a.NINJSExtended())
			if err := v.ValidateExtended(ext); err != nil {
				t.Errorf("extended ninjs rejected by the extension schema: %v\n%s", err, ext)
			}
		})
	}
}

// The official schema must keep the extension out of pure ninjs: if the
// extended form of the rich story passed it, the two outputs would not be
// told apart by validation at all.
func TestExtendedIsNotPureNINJS(t *testing.T) {
	v := newValidator(t)
	ext := mustJSON(t, loadArticle(t, "rich.json").NINJSExtended())
	if err := v.Validate(ext); !errors.Is(err, schema.ErrInvalid) {
		t.Fatalf("official schema accepted wiredesk_* properties: %v", err)
	}
}

// Each mutation breaks a valid document the way a mapping bug would; the
// validators must say so, or the tests above prove nothing.
func TestValidatorsRejectBrokenNINJS(t *testing.T) {
	v := newValidator(t)
	a := loadArticle(t, "rich.json")
	tests := []struct {
		name     string
		extended bool // break the extended form, else the pure one
		mutate   func(doc map[string]any)
	}{
		{"no uri", false, func(d map[string]any) { delete(d, "uri") }},
		{"type not in enum", false, func(d map[string]any) { d["type"] = "article" }},
		{"version as a number", false, func(d map[string]any) { d["version"] = 2 }},
		{"1.x representationtype", false, func(d map[string]any) { d["representationtype"] = "complete" }},
		{"time not RFC 3339", false, func(d map[string]any) { d["versioncreated"] = "April 26, 2025" }},
		{"usageterms inside rightsinfo", false, func(d map[string]any) { d["rightsinfo"] = map[string]any{"usageterms": "x"} }},
		{"extension property in pure ninjs", false, func(d map[string]any) { d["wiredesk_status"] = "published" }},
		{"keywords are not ninjs 2.2", false, func(d map[string]any) { d["keywords"] = []any{"Kremlin"} }},
		{"subject uri not a uri", false, func(d map[string]any) {
			d["subjects"].([]any)[0].(map[string]any)["uri"] = "mediatopic 11000000"
		}},
		{"association without name", false, func(d map[string]any) {
			delete(d["associations"].([]any)[0].(map[string]any), "name")
		}},
		{"quote kind unknown", true, func(d map[string]any) {
			d["wiredesk_quotes"].([]any)[0].(map[string]any)["kind"] = "indirect"
		}},
		{"quote without position", true, func(d map[string]any) {
			delete(d["wiredesk_quotes"].([]any)[0].(map[string]any), "position")
		}},
		{"embed platform unknown", true, func(d map[string]any) {
			d["wiredesk_embeds"].([]any)[0].(map[string]any)["platform"] = "myspace"
		}},
		{"status unknown", true, func(d map[string]any) { d["wiredesk_status"] = "draft" }},
		{"extension property misspelt", true, func(d map[string]any) { d["wiredesk_keypoints"] = []any{"x"} }},
		{"dateline field unknown", true, func(d map[string]any) {
			d["wiredesk_dateline"].(map[string]any)["city"] = "Moscow"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var src any = a.NINJS()
			validate := v.Validate
			if tt.extended {
				src, validate = a.NINJSExtended(), v.ValidateExtended
			}
			var doc map[string]any
			if err := json.Unmarshal(mustJSON(t, src), &doc); err != nil {
				t.Fatal(err)
			}
			if err := validate(mustJSON(t, doc)); err != nil {
				t.Fatalf("unbroken document already rejected: %v", err)
			}
			tt.mutate(doc)
			if err := validate(mustJSON(t, doc)); !errors.Is(err, schema.ErrInvalid) {
				t.Errorf("broken document not rejected: %v", err)
			}
		})
	}
}

func TestNINJSMapping(t *testing.T) {
	n := loadArticle(t, "rich.json").NINJS()
	checks := []struct {
		field     string
		got, want any
	}{
		{"uri", n.URI, "urn:wiredesk:story:3f6c1a9e0b7d42c58e1f2a64"},
		{"standard", *n.Standard, article.NINJSStandard{Name: "ninjs", Version: "2.2", Schema: article.NINJSSchemaURI}},
		{"type", n.Type, "text"},
		{"representationtype", n.RepresentationType, "full"},
		{"profile", n.Profile, "text-photo"},
		{"version", n.Version, "2"},
		{"firstcreated", n.FirstCreated.Format(timeLayout), "2025-04-25T23:55:12+05:30"},
		{"contentcreated", n.ContentCreated.Format(timeLayout), "2025-04-25T23:55:12+05:30"},
		{"versioncreated", n.VersionCreated.Format(timeLayout), "2025-04-26T08:10:00+05:30"},
		{"pubstatus", n.PubStatus, "usable"},
		{"copyrightholder", n.CopyrightHolder, "ANI"},
		{"usageterms", n.UsageTerms, article.DefaultDisclaimer},
		{"language", n.Language, "en"},
		{"by", n.By, "ANI Desk, Riya Sharma"},
		{"located", n.Located, "Moscow, Russia"},
		{"headlines", n.Headlines, []article.NINJSText{{Role: "main", ContentType: "text/plain",
			Value: "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff"}}},
		{"descriptions", n.Descriptions, []article.NINJSText{{Role: "summary", ContentType: "text/plain",
			Value: "Putin met Witkoff for three-hour talks at the Kremlin, focusing on potential Ukraine peace negotiations."}}},
		{"body roles", []string{n.Bodies[0].Role + " " + n.Bodies[0].ContentType, n.Bodies[1].Role + " " + n.Bodies[1].ContentType},
			[]string{"main text/plain", "richtext text/html"}},
		{"body charcount", n.Bodies[0].CharCount, 684},
		{"body wordcount", n.Bodies[0].WordCount, 107},
		{"people", n.People, []article.NINJSConcept{
			{Name: "Vladimir Putin", Rel: "mentions"}, {Name: "Steve Witkoff", Rel: "mentions"}, {Name: "Yury Ushakov", Rel: "mentions"}}},
		{"organisations", n.Organisations, []article.NINJSConcept{
			{Name: "CNN", Rel: "mentions"}, {Name: "Ministry of Foreign Affairs of Russia", Rel: "mentions"}}},
		{"places", n.Places, []article.NINJSConcept{{Name: "Moscow", Rel: "located"},
			{Name: "Moscow", Rel: "mentions"}, {Name: "Kremlin", Rel: "mentions"}, {Name: "Ukraine", Rel: "mentions"}}},
		{"subjects", n.Subjects, []article.NINJSConcept{
			{URI: "http://cv.iptc.org/newscodes/mediatopic/11000000", Literal: "medtop:11000000"},
			{URI: "http://cv.iptc.org/newscodes/mediatopic/20000638", Literal: "medtop:20000638"},
			{Name: "diplomacy"},
			{Name: "Vladimir Putin", Rel: "keyword"}, {Name: "Steve Witkoff", Rel: "keyword"}, {Name: "Kremlin", Rel: "keyword"}}},
		{"infosources", n.InfoSources, []article.NINJSConcept{{Name: "ANI"}}},
		{"altids", n.AltIDs, []article.NINJSAltID{
			{Role: "guid", Value: "https://www.aninews.in/news/world/europe/putin-meets-witkoff20250425235512/"},
			{Role: "url", Value: "https://www.aninews.in/news/world/europe/putin-meets-witkoff20250425235512/"},
			{Role: "canonical-url", Value: "https://www.aninews.in/news/world/europe/putin-meets-witkoff20250425235512/"}}},
		{"association names", associationSummary(n.Associations), []string{
			"image-0 picture https://d3lzcn6mbbadaf.cloudfront.net/media/details/ANI-20250425183011.jpg",
			"embed-0 text https://x.com/mfa_russia/status/1915794807047307486",
			"embed-1 video https://www.youtube.com/watch?v=dQw4w9WgXcQ"}},
		{"picture descriptions", n.Associations[0].Descriptions, []article.NINJSText{
			{Role: "caption", ContentType: "text/plain", Value: "Vladimir Putin & Steve Witkoff <at the Kremlin>"},
			{Role: "creditline", ContentType: "text/plain", Value: "Photo/ANI"}}},
		{"embed by", n.Associations[1].By, "mfa_russia"},
		{"embed post id", n.Associations[1].AltIDs, []article.NINJSAltID{{Role: "post-id", Value: "1915794807047307486"}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if n.Bodies[0].Value != loadArticle(t, "rich.json").BodyText {
		t.Error("plain body is not body_text")
	}
}

const timeLayout = "2006-01-02T15:04:05Z07:00"

func associationSummary(as []article.NINJSAssociation) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name+" "+a.Type+" "+a.URI)
	}
	return out
}

func TestBodyHTML(t *testing.T) {
	const want = `<p>Moscow [Russia], April 25 (ANI): Russian President Vladimir Putin met with US Special Envoy Steve Witkoff at the Kremlin, the Ministry of Foreign Affairs (MFA) of Russia shared on Friday.</p>
<blockquote class="embed" data-platform="x" data-association="embed-0"><p>On April 25, President of Russia Vladimir #Putin met in the Kremlin with Special Envoy of @POTUS, @SteveWitkoff.</p><cite>mfa_russia</cite> <a href="https://x.com/mfa_russia/status/1915794807047307486">https://x.com/mfa_russia/status/1915794807047307486</a></blockquote>
<h2>Talks &#34;constructive &amp; very useful&#34;</h2>
<p>The meeting which took place at the Kremlin lasted three hours and was &#34;constructive and very useful,&#34; Yury Ushakov, a key Putin aide who was at the talks, told reporters, as reported by CNN.</p>
<blockquote><p>This conversation allowed the US positions to be brought closer together, not only on Ukraine, but also on a number of other international issues.</p></blockquote>
<ul><li>Putin and Witkoff discussed resuming Ukraine-Russia negotiations</li><li>Ukraine rejects recognising Russian control of Crimea</li></ul>
<figure data-association="image-0"><img src="https://d3lzcn6mbbadaf.cloudfront.net/media/details/ANI-20250425183011.jpg" alt="Vladimir Putin &amp; Steve Witkoff &lt;at the Kremlin&gt;"><figcaption>Vladimir Putin &amp; Steve Witkoff &lt;at the Kremlin&gt; <span class="credit">Photo/ANI</span></figcaption></figure>
<blockquote class="embed" data-platform="youtube" data-association="embed-1"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></blockquote>`
	a := loadArticle(t, "rich.json")
	if got := a.BodyHTML(); got != want {
		t.Errorf("BodyHTML:\n%s\nwant:\n%s", got, want)
	}
	if got := a.NINJS().Bodies[1].Value; got != want {
		t.Error("the text/html body is not BodyHTML()")
	}
}

// What a hostile or sloppy feed can put into an article must come out of
// BodyHTML inert and out of NINJS as valid ninjs.
func TestBodyHTMLHostileInput(t *testing.T) {
	idx := func(i int) *int { return &i }
	tests := []struct {
		name   string
		a      article.Article
		want   string
		absent []string // must not occur in the HTML
	}{
		{
			name: "markup in text is escaped",
			a:    article.Article{Body: []article.Block{{Type: article.BlockParagraph, Text: `<script>alert("x")</script>`}}},
			want: `<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>`,
		},
		{
			name: "javascript image URL is dropped",
			a: article.Article{
				Body:   []article.Block{{Type: article.BlockImage, Image: idx(0)}},
				Images: []article.Image{{URL: "javascript:alert(1)", Caption: "c"}},
			},
			want: ``, absent: []string{"javascript"},
		},
		{
			name: "attribute breakout in caption is escaped",
			a: article.Article{
				Body:   []article.Block{{Type: article.BlockImage, Image: idx(0)}},
				Images: []article.Image{{URL: `https://img.test/a.jpg?x="><script>`, Caption: `" onerror="alert(1)`}},
			},
			want: `<figure data-association="image-0"><img src="https://img.test/a.jpg?x=&#34;&gt;&lt;script&gt;" alt="&#34; onerror=&#34;alert(1)"><figcaption>&#34; onerror=&#34;alert(1)</figcaption></figure>`,
		},
		{
			name: "embed with a data: URL keeps its text, loses its link",
			a: article.Article{
				Body:   []article.Block{{Type: article.BlockEmbed, Embed: idx(0)}},
				Embeds: []article.Embed{{Platform: "other", URL: "data:text/html,<b>x</b>", Text: "post"}},
			},
			want: `<blockquote class="embed" data-platform="other" data-association="embed-0"><p>post</p></blockquote>`,
		},
		{
			name: "heading levels are clamped below the headline",
			a: article.Article{Body: []article.Block{
				{Type: article.BlockHeading, Text: "a"}, {Type: article.BlockHeading, Text: "b", Level: 1},
				{Type: article.BlockHeading, Text: "c", Level: 9}}},
			want: "<h2>a</h2>\n<h2>b</h2>\n<h6>c</h6>",
		},
		{
			name: "dangling indexes are skipped",
			a: article.Article{Body: []article.Block{
				{Type: article.BlockImage, Image: idx(3)}, {Type: article.BlockEmbed}, {Type: article.BlockImage, Image: idx(-1)}}},
			want: "",
		},
	}
	v := newValidator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.a.BodyHTML()
			if got != tt.want {
				t.Errorf("BodyHTML = %q, want %q", got, tt.want)
			}
			for _, s := range tt.absent {
				if strings.Contains(got, s) {
					t.Errorf("BodyHTML contains %q", s)
				}
			}
			if err := v.Validate(mustJSON(t, tt.a.NINJS())); err != nil {
				t.Errorf("NINJS of hostile input rejected: %v", err)
			}
		})
	}
}

func TestNINJSPubStatus(t *testing.T) {
	for status, want := range map[article.Status]string{
		article.StatusQueued:    "withheld",
		article.StatusApproved:  "usable",
		article.StatusPublished: "usable",
		article.StatusRejected:  "canceled",
		"":                      "",
	} {
		a := article.Article{ID: "x", Status: status}
		if got := a.NINJS().PubStatus; got != want {
			t.Errorf("status %q: pubstatus %q, want %q", status, got, want)
		}
	}
}

func TestNINJSSubjectsFromTopics(t *testing.T) {
	const medtop = "http://cv.iptc.org/newscodes/mediatopic/"
	tests := []struct {
		topic string
		want  []article.NINJSConcept
	}{
		{"20000638", []article.NINJSConcept{{URI: medtop + "20000638", Literal: "medtop:20000638"}}},
		{"medtop:20000638", []article.NINJSConcept{{URI: medtop + "20000638", Literal: "medtop:20000638"}}},
		{medtop + "20000638", []article.NINJSConcept{{URI: medtop + "20000638"}}},
		{" politics ", []article.NINJSConcept{{Name: "politics"}}},
		{"2000063", []article.NINJSConcept{{Name: "2000063"}}},       // seven digits: not a code
		{"medtop:abc", []article.NINJSConcept{{Name: "medtop:abc"}}}, // not a code either
		{"  ", nil},
	}
	for _, tt := range tests {
		a := article.Article{Topics: []string{tt.topic}}
		if got := a.NINJS().Subjects; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("topic %q: subjects %#v, want %#v", tt.topic, got, tt.want)
		}
	}
}

func TestNINJSTimes(t *testing.T) {
	a := loadArticle(t, "rich.json")
	tests := []struct {
		name                string
		mutate              func(*article.Article)
		first, version, cnt string // "" means absent
	}{
		{"all three", func(*article.Article) {}, "2025-04-25T23:55:12+05:30", "2025-04-26T08:10:00+05:30", "2025-04-25T23:55:12+05:30"},
		{"never updated", func(a *article.Article) { a.UpdatedAt = nil }, "2025-04-25T23:55:12+05:30", "2025-04-25T23:55:12+05:30", "2025-04-25T23:55:12+05:30"},
		{"only ingested", func(a *article.Article) { a.UpdatedAt, a.PublishedAt = nil, nil }, "2025-04-26T02:40:03Z", "2025-04-26T02:40:03Z", ""},
		{"none", func(a *article.Article) { a.UpdatedAt, a.PublishedAt, a.IngestedAt = nil, nil, nil }, "", "", ""},
	}
	format := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.Format(timeLayout)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := *a
			tt.mutate(&c)
			n := c.NINJS()
			got := []string{
				format(n.FirstCreated), format(n.VersionCreated), format(n.ContentCreated),
			}
			if want := []string{tt.first, tt.version, tt.cnt}; !reflect.DeepEqual(got, want) {
				t.Errorf("first/version/content created = %q, want %q", got, want)
			}
		})
	}
}

func TestNINJSExtended(t *testing.T) {
	a := loadArticle(t, "rich.json")
	x := a.NINJSExtended()
	if want := (article.NINJSStandard{Name: "wiredesk-ninjs", Version: article.ExtensionVersion, Schema: article.ExtensionSchemaURI}); *x.Standard != want {
		t.Errorf("standard = %+v, want %+v", *x.Standard, want)
	}
	if *a.NINJS().Standard == *x.Standard {
		t.Error("pure and extended ninjs name the same schema")
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"feed", x.Feed, a.Feed},
		{"dateline", *x.Dateline, *a.Dateline},
		{"bylines", x.Bylines, a.Bylines},
		{"ingested_at", *x.IngestedAt, *a.IngestedAt},
		{"attributions", x.Attributions, a.Attributions},
		{"quotes", x.Quotes, a.Quotes},
		{"embeds", x.Embeds, a.Embeds},
		{"key_points", x.KeyPoints, a.KeyPoints},
		{"fingerprint", *x.Fingerprint, a.Fingerprint},
		{"cluster_id", x.ClusterID, a.ClusterID},
		{"status", x.Status, a.Status},
		{"ninjs part", x.NINJS.Headlines, a.NINJS().Headlines},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}

	// Every extension property is present and prefixed, so a consumer can
	// strip them by name to get back pure ninjs.
	var doc map[string]any
	if err := json.Unmarshal(mustJSON(t, x), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"wiredesk_feed", "wiredesk_dateline", "wiredesk_bylines", "wiredesk_ingested_at",
		"wiredesk_attributions", "wiredesk_quotes", "wiredesk_embeds", "wiredesk_key_points",
		"wiredesk_fingerprint", "wiredesk_cluster_id", "wiredesk_status"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("extended ninjs lacks %s", key)
		}
		delete(doc, key)
	}
	doc["standard"] = map[string]any{"name": "ninjs", "version": "2.2", "schema": article.NINJSSchemaURI}
	if !reflect.DeepEqual(doc, roundTrip(t, a.NINJS())) {
		t.Error("extended ninjs minus its extension is not pure ninjs")
	}

	// The result owns its slices.
	x.Quotes[0].Speaker = "someone else"
	x.Dateline.Place = "elsewhere"
	if a.Quotes[0].Speaker != "Yury Ushakov" || a.Dateline.Place != "Moscow" {
		t.Error("changing NINJSExtended output changed the article")
	}
}

func roundTrip(t testing.TB, v any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(mustJSON(t, v), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMinimalNINJS(t *testing.T) {
	got := string(mustJSON(t, loadArticle(t, "minimal.json").NINJS()))
	const want = `{"uri":"urn:wiredesk:story:9b2e7c1d4a5f6e3b8c0d1a2f",` +
		`"standard":{"name":"ninjs","version":"2.2","schema":"http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"},` +
		`"type":"text","representationtype":"full","profile":"text-only","version":"1","copyrightholder":"PTI",` +
		`"headlines":[{"role":"main","contenttype":"text/plain","value":"Monsoon reaches Kerala two days early"}],` +
		`"infosources":[{"name":"PTI"}]}`
	if got != want {
		t.Errorf("minimal ninjs:\n%s\nwant:\n%s", got, want)
	}
}

func TestStoryURI(t *testing.T) {
	for id, want := range map[string]string{
		"3f6c1a9e0b7d42c58e1f2a64": "urn:wiredesk:story:3f6c1a9e0b7d42c58e1f2a64",
		"a b/c%":                   "urn:wiredesk:story:a%20b%2Fc%25",
	} {
		if got := article.StoryURI(id); got != want {
			t.Errorf("StoryURI(%q) = %q, want %q", id, got, want)
		}
	}
}

// FuzzNINJS feeds arbitrary feed-sourced strings through the mapping: the
// output must always validate, pure against the official schema and
// extended against the extension, whatever the text and URLs contain.
func FuzzNINJS(f *testing.F) {
	v := newValidator(f)
	f.Add("id1", "Headline", "A paragraph.", "https://img.test/a.jpg", "caption", "https://x.com/a/status/1", "11000000", "Moscow", 1)
	f.Add("", "<b>h</b>", `"q" & <x>`, "javascript:alert(1)", `" onerror=x`, "data:,x", "medtop:2000063", "", 0)
	f.Add("a b/%", "\xff\xfe", "\x00", "http://[::1]:80/x", "", "https://exa mple.test/", "http://cv.iptc.org/newscodes/mediatopic/%zz", " ", -3)
	f.Fuzz(func(t *testing.T, id, headline, text, imageURL, caption, embedURL, topic, place string, version int) {
		zero := 0
		a := article.Article{
			ID: id, Agency: "ANI", Version: version, Headline: headline, Summary: text,
			Body: []article.Block{
				{Type: article.BlockParagraph, Text: text},
				{Type: article.BlockHeading, Text: headline, Level: version},
				{Type: article.BlockList, Items: []string{text, caption}},
				{Type: article.BlockImage, Image: &zero},
				{Type: article.BlockEmbed, Embed: &zero},
			},
			Dateline: &article.Dateline{Place: place, Country: place},
			Bylines:  []article.Byline{{Name: caption}},
			Quotes:   []article.Quote{{Text: text + ".", Speaker: headline, Kind: article.QuoteDirect}},
			Embeds:   []article.Embed{{Platform: article.PlatformX, URL: embedURL + "/", ID: id, Text: text}},
			Images:   []article.Image{{URL: imageURL, Caption: caption, Credit: place}},
			Tags:     []string{topic, headline}, Topics: []string{topic},
			Entities: article.Entities{People: []string{headline}, Places: []string{place}},
			Language: place, Status: article.StatusQueued, Disclaimer: caption,
		}
		if err := v.Validate(mustJSON(t, a.NINJS())); err != nil {
			t.Fatalf("pure ninjs rejected: %v", err)
		}
		if err := v.ValidateExtended(mustJSON(t, a.NINJSExtended())); err != nil {
			t.Fatalf("extended ninjs rejected: %v", err)
		}
	})
}

func BenchmarkNINJS(b *testing.B) {
	a := loadArticle(b, "rich.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(a.NINJS()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNINJSExtended(b *testing.B) {
	a := loadArticle(b, "rich.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(a.NINJSExtended()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateNINJS(b *testing.B) {
	v := newValidator(b)
	doc := mustJSON(b, loadArticle(b, "rich.json").NINJS())
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// A consumer reads the canonical article back from the extended document
// on the stream: every field ninjs can carry survives the trip.
func TestArticleFromExtendedNINJS(t *testing.T) {
	a := loadArticle(t, "rich.json")
	a.Version = 3
	// Media Topic codes come back in the qcode form ninjs writes.
	for i, topic := range a.Topics {
		if len(topic) == 8 && strings.Trim(topic, "0123456789") == "" {
			a.Topics[i] = "medtop:" + topic
		}
	}
	var x article.ExtendedNINJS
	if err := json.Unmarshal(mustJSON(t, a.NINJSExtended()), &x); err != nil {
		t.Fatal(err)
	}
	got, err := x.Article()
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"id", got.ID, a.ID}, {"agency", got.Agency, a.Agency}, {"feed", got.Feed, a.Feed},
		{"guid", got.GUID, a.GUID}, {"version", got.Version, a.Version}, {"url", got.URL, a.URL},
		{"headline", got.Headline, a.Headline}, {"summary", got.Summary, a.Summary},
		{"body_text", got.BodyText, a.BodyText}, {"dateline", got.Dateline, a.Dateline},
		{"bylines", got.Bylines, a.Bylines}, {"attributions", got.Attributions, a.Attributions},
		{"quotes", got.Quotes, a.Quotes}, {"embeds", got.Embeds, a.Embeds},
		{"key_points", got.KeyPoints, a.KeyPoints}, {"tags", got.Tags, a.Tags},
		{"topics", got.Topics, a.Topics}, {"language", got.Language, a.Language},
		{"fingerprint", got.Fingerprint, a.Fingerprint}, {"cluster", got.ClusterID, a.ClusterID},
		{"status", got.Status, a.Status}, {"disclaimer", got.Disclaimer, a.Disclaimer},
		{"people", got.Entities.People, a.Entities.People},
		{"images", len(got.Images), len(a.Images)},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if err := got.Validate(); err != nil {
		t.Errorf("the article read back does not validate: %v", err)
	}
	for _, bad := range []string{`{"uri":"http://example.com/x","headlines":[{"value":"h"}]}`, `{"uri":"urn:wiredesk:story:x","version":"two","headlines":[{"value":"h"}]}`, `{"uri":"urn:wiredesk:story:x"}`} {
		var x article.ExtendedNINJS
		if err := json.Unmarshal([]byte(bad), &x); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Article(); !errors.Is(err, article.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", bad, err)
		}
	}
}
