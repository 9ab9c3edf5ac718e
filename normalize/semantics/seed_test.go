package semantics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/dateline"
	"github.com/wiredesk/wiredesk/normalize/embed"
	"github.com/wiredesk/wiredesk/normalize/quote"
)

// seedParagraphs reads the seed story (../shared/seed beside the module
// root) and splits it into the paragraphs a body extractor gives: its
// lines, up to the reader comments, which are not the story.
func seedParagraphs(t *testing.T) []string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
	raw, err := os.ReadFile(filepath.Join(dir, "..", "shared", "seed", "kremlin-meeting-republished.txt"))
	if err != nil {
		t.Skipf("seed story: %v", err)
	}
	var paras []string
	for _, l := range strings.Split(string(raw), "\n") {
		l = strings.TrimSpace(l)
		if l == "Reader Comments" {
			break
		}
		if l != "" {
			paras = append(paras, l)
		}
	}
	return paras
}

func TestSeedStory(t *testing.T) {
	paras := seedParagraphs(t)
	published := time.Date(2025, 4, 26, 9, 12, 0, 0, time.UTC)

	f, ok := dateline.Find(paras, &published)
	if !ok {
		t.Fatal("no dateline in the seed story")
	}
	if d := f.Dateline; d.Place != "Moscow" || d.Date != "2025-04-25" || d.Text != "Moscow, April 25:" {
		t.Errorf("dateline = %+v, want Moscow, 2025-04-25", *d)
	}

	quotes := quote.Extract(paras, quote.Options{})
	for _, q := range quotes {
		t.Logf("quote %+v", q)
	}
	find := func(prefix string) (article.Quote, bool) {
		for _, q := range quotes {
			if strings.HasPrefix(q.Text, prefix) {
				return q, true
			}
		}
		return article.Quote{}, false
	}
	for _, want := range []struct{ prefix, speaker string }{
		{"constructive and very useful", "Yury Ushakov"},
		{"This conversation allowed the US positions", "Yury Ushakov"},
		{"As for the Ukrainian crisis itself", "Yury Ushakov"},
		{"In accordance with agreements between Putin and Trump", "Yury Ushakov"},
		{"Ukraine will not legally recognise the occupation of Crimea", "Volodymyr Zelenskyy"},
		{"There is nothing to talk about", "Volodymyr Zelenskyy"},
	} {
		q, ok := find(want.prefix)
		if !ok {
			t.Errorf("no quote %q", want.prefix)
			continue
		}
		if q.Speaker != want.speaker {
			t.Errorf("quote %q: speaker %q, want %q", want.prefix, q.Speaker, want.speaker)
		}
	}
	if q, _ := find("In accordance with agreements"); q.Via != "CNN" {
		t.Errorf("the quote CNN relayed has via %q, want CNN", q.Via)
	}
	if q, _ := find("constructive and very useful"); q.Via != "CNN" || q.Verb != "told reporters" {
		t.Errorf("the quote reported by CNN has via %q verb %q, want CNN, told reporters", q.Via, q.Verb)
	}
	// The pull quote and the body quote are one quotation.
	n := 0
	for _, q := range quotes {
		if strings.HasPrefix(q.Text, "This conversation allowed") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the pull quote repeated in the body gives %d quotes, want 1", n)
	}

	attrs := attribution.Extract(paras, "ANI")
	for _, a := range attrs {
		t.Logf("attribution %+v", a)
	}
	for _, want := range []article.Attribution{
		{Source: "CNN", Kind: article.AttrMedia},
		{Source: "X", Kind: article.AttrSocial},
		{Source: "Truth Social", Kind: article.AttrSocial},
		{Source: "Ministry of Foreign Affairs", Kind: article.AttrOfficial},
	} {
		found := false
		for _, a := range attrs {
			found = found || a.Source == want.Source && a.Kind == want.Kind
		}
		if !found {
			t.Errorf("no %s attribution to %s", want.Kind, want.Source)
		}
	}

	var embeds []article.Embed
	for _, p := range paras {
		embeds = append(embeds, embed.InText(p)...)
	}
	if len(embeds) != 1 || embeds[0].Platform != article.PlatformX || embeds[0].ID != "1915794807047307486" || embeds[0].Author != "mfa_russia" {
		t.Errorf("embeds = %+v, want the x.com post 1915794807047307486 by mfa_russia", embeds)
	}
}
