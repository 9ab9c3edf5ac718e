package enrich

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/dedup"
)

// updateGolden rewrites testdata/golden_enrich.json from the current code:
//
//	go test -run TestEnrichGolden -update-golden ./enrich/
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden_enrich.json")

const goldenPath = "testdata/golden_enrich.json"

// goldenFull is how many pair-set documents keep their whole record in
// the golden file; the rest keep a sha256 of it, so the file stays small.
const goldenFull = 30

// goldenDatelines rotate over the documents so that the dateline branch
// (a known capital, a country, a place the gazetteer lacks, none) is
// covered too.
var goldenDatelines = []string{"", "New Delhi", "", "Moscow", "", "Springfield", "", "India"}

// enriched is what Enrich sets on an article.
type enriched struct {
	Language       string           `json:"language"`
	DatelinePlace  string           `json:"dateline_place,omitempty"`
	DatelineCtry   string           `json:"dateline_country,omitempty"`
	Entities       article.Entities `json:"entities"`
	Topics         []string         `json:"topics"`
	WordCount      int              `json:"word_count"`
	ReadingMinutes int              `json:"reading_minutes"`
}

// goldenDoc is one document's line in the golden file.
type goldenDoc struct {
	ID     string    `json:"id"`
	SHA256 string    `json:"sha256"`
	Record *enriched `json:"record,omitempty"`
}

// pairSetArticles builds, in id order, an article from every document of
// the near-duplicate pair set as the pipeline benchmark does.
func pairSetArticles(tb testing.TB) ([]string, []*article.Article) {
	tb.Helper()
	ps, err := dedup.LoadPairSet("../dedup/testdata/neardup")
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, 0, len(ps.Docs))
	for id := range ps.Docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*article.Article, len(ids))
	for i, id := range ids {
		d := ps.Docs[id]
		paras := dedup.Paragraphs(d.Text)
		a := &article.Article{Headline: d.Headline, BodyText: strings.Join(paras, "\n\n")}
		for _, p := range paras {
			a.Body = append(a.Body, article.Block{Type: article.BlockParagraph, Text: p})
		}
		if place := goldenDatelines[i%len(goldenDatelines)]; place != "" {
			a.Dateline = &article.Dateline{Place: place}
		}
		out[i] = a
	}
	return ids, out
}

// goldenArticles are the pair set's articles followed by goldenExtras.
func goldenArticles(tb testing.TB) ([]string, []*article.Article) {
	ids, list := pairSetArticles(tb)
	for i, a := range goldenExtras() {
		ids = append(ids, fmt.Sprintf("extra-%d", i))
		list = append(list, a)
	}
	return ids, list
}

// goldenExtras are short stories written to reach the corners the fast
// paths must keep: a headline ending in an abbreviation, capitals whose
// lower case is ASCII (İ, the Kelvin sign), curly apostrophes, CJK,
// invalid UTF-8, quotes and attributions.
func goldenExtras() []*article.Article {
	return []*article.Article{
		{Headline: "Putin meets envoy from US", BodyText: "Steve Witkoff met Russian President Vladimir Putin in Moscow on Friday. Witkoff said the talks were useful, CNN reported."},
		{Headline: "İSTANBUL talks: Turkish Foreign Minister Hakan Fidan hosts Ukraine and Russia", BodyText: "İstanbul hosted the talks. THE Ministry of Foreign Affairs said WİTH THEIR consent the delegations met at Dolmabahçe Palace, and Fidan’s aide said the next round would be in Geneva."},
		{Headline: "Kelvin \u212Aelvin", BodyText: "The \u212Aremlin said \u212Aelvin scales don’t matter. Temperature forecast: heat wave in New Delhi, the IMD said; monsoon rain expected in Kerala and Tamil Nadu."},
		{Headline: "東京で記者会見", BodyText: "東京都の知事は月曜日に記者会見を開き、新しい予算案を発表した。ひらがなとカタカナ、そして漢字。"},
		{Headline: "Bad bytes \xff in headline", BodyText: "The Reserve Bank of India Governor Sanjay Malhotra said \xfe\xc3 the policy rate would stay. Inflation \x80eased, shares rose and the rupee gained against the dollar."},
		{
			Headline: "Court grants bail", BodyText: "A Delhi court on Saturday granted bail to a businessman accused of cheating investors, Additional Sessions Judge Anuj Agrawal said.",
			Dateline:     &article.Dateline{Place: "NEW DELHI"},
			Quotes:       []article.Quote{{Text: "complete", Speaker: "Anuj Agrawal", Kind: article.QuoteDirect}},
			Attributions: []article.Attribution{{Source: "PTI", Kind: article.AttrAgency}, {Source: "Delhi Police", Kind: article.AttrOfficial}, {Source: "police spokesman Suman Nalwa", Kind: article.AttrOfficial}},
		},
		{Headline: "Le président", BodyText: "Le président russe Vladimir Poutine a reçu l'envoyé spécial américain Steve Witkoff au Kremlin vendredi, a indiqué le ministère des Affaires étrangères."},
		{Headline: "Short", BodyText: "Too short."},
		{Headline: "", BodyText: ""},
	}
}

func recordOf(a *article.Article) *enriched {
	r := &enriched{
		Language: a.Language, Entities: a.Entities, Topics: a.Topics,
		WordCount: a.WordCount, ReadingMinutes: a.ReadingMinutes,
	}
	if a.Dateline != nil {
		r.DatelinePlace, r.DatelineCtry = a.Dateline.Place, a.Dateline.Country
	}
	return r
}

// TestEnrichGolden pins Enrich's output on every document of the pair set
// and on goldenExtras, so that work on its speed cannot change what it finds.
func TestEnrichGolden(t *testing.T) {
	ids, list := goldenArticles(t)
	got := make([]goldenDoc, len(list))
	for i, a := range list {
		Enrich(a)
		r := recordOf(a)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		got[i] = goldenDoc{ID: ids[i], SHA256: hex.EncodeToString(sum[:])}
		if i < goldenFull || strings.HasPrefix(ids[i], "extra-") {
			got[i].Record = r
		}
	}
	if *updateGolden {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("read golden (regenerate with -update-golden): %v", err)
	}
	var want []goldenDoc
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("decode %s: %v", goldenPath, err)
	}
	if len(want) != len(got) {
		t.Fatalf("golden has %d docs, pair set %d", len(want), len(got))
	}
	for i := range got {
		if got[i].ID != want[i].ID || got[i].SHA256 != want[i].SHA256 {
			g, _ := json.Marshal(got[i].Record)
			if got[i].Record == nil {
				g, _ = json.Marshal(recordOf(list[i]))
			}
			w, _ := json.Marshal(want[i].Record)
			t.Errorf("doc %s: enrichment changed\n got %s\nwant %s", ids[i], g, w)
		}
	}
}

// TestLanguageReadsALineBreakAsASpace backs Enrich's one text for both
// the detector and the name rules: the headline used to reach Language
// joined by ". ", and must be detected the same joined by ".\n".
func TestLanguageReadsALineBreakAsASpace(t *testing.T) {
	_, list := goldenArticles(t)
	for _, a := range list {
		space, lineBreak := Language(a.Headline+". "+a.BodyText), Language(a.Headline+".\n"+a.BodyText)
		if space != lineBreak {
			t.Errorf("%.40q: %q joined by a space, %q by a line break", a.Headline, space, lineBreak)
		}
	}
}

// BenchmarkEnrichPairSet enriches every pair-set document once per op:
// ~450 real stories, English and not, of wire length.
func BenchmarkEnrichPairSet(b *testing.B) {
	_, list := pairSetArticles(b)
	heads := make([]string, len(list))
	bodies := make([]string, len(list))
	datelines := make([]*article.Dateline, len(list))
	for i, a := range list {
		heads[i], bodies[i], datelines[i] = a.Headline, a.BodyText, a.Dateline
	}
	for b.Loop() {
		for i := range list {
			a := &article.Article{Headline: heads[i], BodyText: bodies[i]}
			if d := datelines[i]; d != nil {
				a.Dateline = &article.Dateline{Place: d.Place}
			}
			Enrich(a)
		}
	}
}
