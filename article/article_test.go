package article_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/corpus"
)

func TestValidate(t *testing.T) {
	idx := func(i int) *int { return &i }
	valid := func() article.Article {
		return article.Article{ID: "s1", Agency: "ANI", Version: 1, Headline: "Headline",
			URL: "https://www.aninews.in/a/", CanonicalURL: "http://aninews.in/a"}
	}
	tests := []struct {
		name   string
		mutate func(*article.Article)
		want   []string // problems, as substrings, in order; none means valid
	}{
		{"valid", func(*article.Article) {}, nil},
		{"valid rich body", func(a *article.Article) {
			a.Status = article.StatusQueued
			a.Embeds = []article.Embed{{Platform: article.PlatformX, URL: "https://x.com/a/status/1"}}
			a.Images = []article.Image{{URL: "https://img.test/a.jpg"}}
			a.Body = []article.Block{{Type: article.BlockParagraph, Text: "p"}, {Type: article.BlockList, Items: []string{"i"}},
				{Type: article.BlockEmbed, Embed: idx(0)}, {Type: article.BlockImage, Image: idx(0)}}
			a.Attributions = []article.Attribution{{Source: "CNN", Kind: article.AttrMedia}}
			a.Quotes = []article.Quote{{Text: "q", Kind: article.QuotePartial}}
		}, nil},
		{"no id", func(a *article.Article) { a.ID = "" }, []string{"id is empty"}},
		{"no agency", func(a *article.Article) { a.Agency = "" }, []string{"agency is empty"}},
		{"blank headline", func(a *article.Article) { a.Headline = " \n\t" }, []string{"headline is empty"}},
		{"version 0", func(a *article.Article) { a.Version = 0 }, []string{"version 0 is below 1"}},
		{"ftp url", func(a *article.Article) { a.URL = "ftp://aninews.in/a" }, []string{`url "ftp://aninews.in/a" is not an http(s) URL`}},
		{"relative canonical url", func(a *article.Article) { a.CanonicalURL = "/a" }, []string{"canonical_url"}},
		{"url without host", func(a *article.Article) { a.URL = "https:///a" }, []string{"url"}},
		{"unknown status", func(a *article.Article) { a.Status = "draft" }, []string{`status "draft" is unknown`}},
		{"paragraph without text", func(a *article.Article) { a.Body = []article.Block{{Type: article.BlockParagraph}} },
			[]string{"body[0] paragraph has no text"}},
		{"empty list", func(a *article.Article) { a.Body = []article.Block{{Type: article.BlockList}} },
			[]string{"body[0] list has no items"}},
		{"embed index out of range", func(a *article.Article) { a.Body = []article.Block{{Type: article.BlockEmbed, Embed: idx(0)}} },
			[]string{"body[0] embed index out of range"}},
		{"image without index", func(a *article.Article) {
			a.Images = []article.Image{{URL: "https://img.test/a.jpg"}}
			a.Body = []article.Block{{Type: article.BlockImage}}
		}, []string{"body[0] image index out of range"}},
		{"unknown block", func(a *article.Article) { a.Body = []article.Block{{Type: "table", Text: "t"}} },
			[]string{`body[0] type "table" is unknown`}},
		{"unknown attribution kind", func(a *article.Article) { a.Attributions = []article.Attribution{{Source: "CNN", Kind: "tv"}} },
			[]string{`attributions[0] kind "tv" is unknown`}},
		{"bad quote", func(a *article.Article) { a.Quotes = []article.Quote{{Kind: "indirect"}} },
			[]string{`quotes[0] kind "indirect" is unknown`, "quotes[0] has no text"}},
		{"embed without url", func(a *article.Article) { a.Embeds = []article.Embed{{Platform: article.PlatformX}} },
			[]string{"embeds[0] needs platform and url"}},
		{"everything at once", func(a *article.Article) { *a = article.Article{} },
			[]string{"id is empty", "agency is empty", "headline is empty", "version 0 is below 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.mutate(&a)
			err := a.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var verr *article.ValidationError
			if !errors.As(err, &verr) || !errors.Is(err, article.ErrInvalid) {
				t.Fatalf("Validate() = %v, want a *ValidationError matching ErrInvalid", err)
			}
			if verr.ID != a.ID {
				t.Errorf("error names id %q, want %q", verr.ID, a.ID)
			}
			if len(verr.Problems) != len(tt.want) {
				t.Fatalf("problems %q, want %d like %q", verr.Problems, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(verr.Problems[i], w) {
					t.Errorf("problem %d = %q, want it to mention %q", i, verr.Problems[i], w)
				}
			}
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	tests := []struct {
		err  *article.ValidationError
		want string
	}{
		{&article.ValidationError{ID: "s1", Problems: []string{"a", "b"}}, "article s1: a; b"},
		{&article.ValidationError{Problems: []string{"id is empty"}}, "article (no id): id is empty"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestStatusValid(t *testing.T) {
	for s, want := range map[article.Status]bool{
		article.StatusQueued: true, article.StatusApproved: true, article.StatusPublished: true,
		article.StatusRejected: true, "": false, "Queued": false, "draft": false,
	} {
		if got := s.Valid(); got != want {
			t.Errorf("Status(%q).Valid() = %v, want %v", s, got, want)
		}
	}
}

// designExample is the JSON example of the article contract in DESIGN.md:
// the field names downstream code relies on.
func designExample(t *testing.T) map[string]any {
	t.Helper()
	design := string(readFile(t, filepath.Join(corpus.SharedDir(t), "DESIGN.md")))
	_, section, ok := strings.Cut(design, "## The canonical article")
	if !ok {
		t.Fatal("DESIGN.md has no canonical article section")
	}
	_, block, ok := strings.Cut(section, "```json\n")
	if !ok {
		t.Fatal("DESIGN.md canonical article section has no JSON example")
	}
	block, _, _ = strings.Cut(block, "```")
	var doc map[string]any
	if err := json.Unmarshal([]byte(block), &doc); err != nil {
		t.Fatalf("DESIGN.md JSON example: %v", err)
	}
	return doc
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// firstObject returns the object a DESIGN example or marshalled article has
// at key, or the first element when key holds a list of objects.
func firstObject(t *testing.T, doc map[string]any, key string) map[string]any {
	t.Helper()
	switch v := doc[key].(type) {
	case map[string]any:
		return v
	case []any:
		if len(v) > 0 {
			if m, ok := v[0].(map[string]any); ok {
				return m
			}
		}
	}
	t.Fatalf("%s: no object in %#v", key, doc[key])
	return nil
}

func TestMarshalJSONMatchesDesign(t *testing.T) {
	design := designExample(t)
	got := roundTrip(t, loadArticle(t, "rich.json"))

	// Top level: exactly the contract's names.
	if g, w := keys(got), keys(design); !slices.Equal(g, w) {
		t.Errorf("article JSON keys\n got %q\nwant %q (DESIGN.md)", g, w)
	}

	// Nested objects: every name DESIGN.md shows is there. Fields may be
	// added to the contract, so extras are allowed, but only those listed
	// here: a new one has to be noticed and put into DESIGN.md.
	added := map[string][]string{"quotes": {"position"}}
	for _, key := range []string{"dateline", "entities", "fingerprint", "bylines", "attributions", "quotes", "embeds", "images"} {
		g, w := keys(firstObject(t, got, key)), keys(firstObject(t, design, key))
		for _, k := range w {
			if !slices.Contains(g, k) {
				t.Errorf("%s: marshalled article lacks %q", key, k)
			}
		}
		for _, k := range g {
			if !slices.Contains(w, k) && !slices.Contains(added[key], k) {
				t.Errorf("%s: %q is not in DESIGN.md", key, k)
			}
		}
	}
	// Body blocks: the union of names over the example's block kinds.
	designBlock, gotBlock := map[string]bool{}, map[string]bool{}
	for _, b := range design["body"].([]any) {
		for k := range b.(map[string]any) {
			designBlock[k] = true
		}
	}
	for _, b := range got["body"].([]any) {
		for k := range b.(map[string]any) {
			gotBlock[k] = true
		}
	}
	for k := range designBlock {
		if !gotBlock[k] {
			t.Errorf("body blocks never carry %q", k)
		}
	}
	for k := range gotBlock {
		if !designBlock[k] && k != "level" {
			t.Errorf("body block key %q is not in DESIGN.md", k)
		}
	}
}

func TestMarshalJSONListsNeverNull(t *testing.T) {
	lists := []string{"body", "bylines", "attributions", "quotes", "embeds", "key_points", "tags", "images", "topics"}
	for _, a := range []article.Article{{}, *loadArticle(t, "minimal.json")} {
		for name, v := range map[string]any{"value": a, "pointer": &a} {
			b := mustJSON(t, v)
			doc := roundTrip(t, v)
			for _, l := range lists {
				if list, ok := doc[l].([]any); !ok || list == nil {
					t.Errorf("%s: %q is %#v, want a list\n%s", name, l, doc[l], b)
				}
			}
			for _, l := range []string{"people", "places", "organizations"} {
				if list, ok := doc["entities"].(map[string]any)[l].([]any); !ok || list == nil {
					t.Errorf("%s: entities.%s is not a list\n%s", name, l, b)
				}
			}
			// Only the optional objects may be null.
			for k, val := range doc {
				if val == nil && !slices.Contains([]string{"dateline", "published_at", "updated_at", "ingested_at"}, k) {
					t.Errorf("%s: %q is null", name, k)
				}
			}
		}
	}
}

// Marshalling must not write into the article: the empty lists belong to
// the JSON form only.
func TestMarshalJSONLeavesArticleAlone(t *testing.T) {
	var a article.Article
	mustJSON(t, &a)
	if a.Body != nil || a.Tags != nil || a.Entities.People != nil {
		t.Error("MarshalJSON filled the article's nil lists")
	}
}

func TestMarshalJSONRoundTrip(t *testing.T) {
	a := loadArticle(t, "rich.json")
	first := mustJSON(t, a)
	var back article.Article
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	if second := mustJSON(t, back); !bytes.Equal(first, second) {
		t.Errorf("round trip changed the article:\n%s\n%s", first, second)
	}
	if !back.PublishedAt.Equal(time.Date(2025, 4, 25, 18, 25, 12, 0, time.UTC)) {
		t.Errorf("published_at = %v", back.PublishedAt)
	}
}

func TestContentFingerprint(t *testing.T) {
	base := article.ContentFingerprint("Putin meets Witkoff", "Moscow, April 25: talks.\n\nThey lasted three hours.")
	if len(base) != 64 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("fingerprint %q is not hex SHA-256", base)
	}
	tests := []struct {
		name           string
		headline, body string
		same           bool
	}{
		{"identical", "Putin meets Witkoff", "Moscow, April 25: talks.\n\nThey lasted three hours.", true},
		{"case folded", "PUTIN MEETS WITKOFF", "moscow, april 25: TALKS.\n\nthey lasted three hours.", true},
		{"white space folded", "  Putin\tmeets  Witkoff ", "Moscow,\u00a0April 25:\ntalks.  They lasted\r\nthree hours.", true},
		{"a word differs", "Putin meets Witkoff", "Moscow, April 25: talks.\n\nThey lasted four hours.", false},
		{"punctuation differs", "Putin meets Witkoff", "Moscow, April 25: talks!\n\nThey lasted three hours.", false},
		{"headline differs", "Putin meets envoy", "Moscow, April 25: talks.\n\nThey lasted three hours.", false},
	}
	for _, tt := range tests {
		got := article.ContentFingerprint(tt.headline, tt.body)
		if (got == base) != tt.same {
			t.Errorf("%s: same = %v, want %v", tt.name, got == base, tt.same)
		}
	}
}

func TestStoryID(t *testing.T) {
	id := article.StoryID("ANI", "https://www.aninews.in/news/a/")
	if len(id) != 24 || strings.Trim(id, "0123456789abcdef") != "" {
		t.Fatalf("StoryID = %q, want 24 hex digits", id)
	}
	tests := []struct {
		name           string
		agency, itemID string
		same           bool
	}{
		{"same inputs", "ANI", "https://www.aninews.in/news/a/", true},
		{"agency case ignored", "ani", "https://www.aninews.in/news/a/", true},
		{"item id case kept", "ANI", "https://www.aninews.in/NEWS/a/", false},
		{"other agency", "PTI", "https://www.aninews.in/news/a/", false},
		{"other item", "ANI", "https://www.aninews.in/news/b/", false},
		{"no shift across the separator", "AN", "Ihttps://www.aninews.in/news/a/", false},
	}
	for _, tt := range tests {
		got := article.StoryID(tt.agency, tt.itemID)
		if (got == id) != tt.same {
			t.Errorf("%s: StoryID(%q, %q) same = %v, want %v", tt.name, tt.agency, tt.itemID, got == id, tt.same)
		}
	}
}

func TestPlainText(t *testing.T) {
	idx := func(i int) *int { return &i }
	tests := []struct {
		name   string
		blocks []article.Block
		want   string
	}{
		{"none", nil, ""},
		{"paragraphs joined by blank lines", []article.Block{
			{Type: article.BlockParagraph, Text: "One."}, {Type: article.BlockParagraph, Text: "Two."}}, "One.\n\nTwo."},
		{"headings and quotes are text", []article.Block{
			{Type: article.BlockHeading, Text: "H", Level: 2}, {Type: article.BlockQuote, Text: "Q"}}, "H\n\nQ"},
		{"list items one per line", []article.Block{
			{Type: article.BlockParagraph, Text: "Key points:"}, {Type: article.BlockList, Items: []string{"a", "b"}},
			{Type: article.BlockParagraph, Text: "End."}}, "Key points:\n\na\nb\n\nEnd."},
		{"embeds and images are not text", []article.Block{
			{Type: article.BlockParagraph, Text: "Before."}, {Type: article.BlockEmbed, Embed: idx(0)},
			{Type: article.BlockImage, Image: idx(0)}, {Type: article.BlockParagraph, Text: "After."}}, "Before.\n\nAfter."},
		{"empty text blocks are skipped", []article.Block{
			{Type: article.BlockParagraph, Text: "A"}, {Type: article.BlockParagraph}, {Type: article.BlockQuote},
			{Type: article.BlockParagraph, Text: "B"}}, "A\n\nB"},
	}
	for _, tt := range tests {
		if got := article.PlainText(tt.blocks); got != tt.want {
			t.Errorf("%s: PlainText = %q, want %q", tt.name, got, tt.want)
		}
	}
	rich := loadArticle(t, "rich.json")
	if got := article.PlainText(rich.Body); got != rich.BodyText {
		t.Errorf("rich fixture: body_text is not PlainText(body):\n%q\n%q", got, rich.BodyText)
	}
}

func TestRawContentHash(t *testing.T) {
	t1, t2 := time.Now(), time.Now().Add(time.Hour)
	base := article.Raw{Feed: "ani-world", Title: "T", Summary: "S", Content: "C", Page: []byte("<p>P</p>"), FetchedAt: t1}
	tests := []struct {
		name   string
		mutate func(*article.Raw)
		same   bool
	}{
		{"re-polled later", func(r *article.Raw) { r.FetchedAt = t2; r.PublishedAt = &t2 }, true},
		{"title edited", func(r *article.Raw) { r.Title = "T2" }, false},
		{"page changed", func(r *article.Raw) { r.Page = []byte("<p>P2</p>") }, false},
		{"text moved across fields", func(r *article.Raw) { r.Title, r.Summary = "TS", "" }, false},
	}
	for _, tt := range tests {
		r := base
		tt.mutate(&r)
		if got := r.ContentHash() == base.ContentHash(); got != tt.same {
			t.Errorf("%s: same hash = %v, want %v", tt.name, got, tt.same)
		}
	}
}
