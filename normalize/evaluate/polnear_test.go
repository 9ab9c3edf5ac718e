package evaluate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

// testdata/polnear is a one-article corpus written for this test: a named
// speaker with a partial quote, a pronoun speaker with ”…” marks, an
// outlet's paraphrase and an unnamed aide; a second annotator's file
// repeats the first relation.
func polnearFixture(t *testing.T) ([]goldQuote, map[string]string) {
	t.Helper()
	dir := filepath.Join("testdata", "polnear", "dev")
	text, err := os.ReadFile(filepath.Join(dir, "text", "senate-vote.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var rels [][]Relation
	for _, name := range []string{"senate-vote_a1.ann", "senate-vote_b2.ann"} {
		data, err := os.ReadFile(filepath.Join(dir, "attributions", name))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := ParseAnn(data)
		if err != nil {
			t.Fatal(err)
		}
		rels = append(rels, rs)
	}
	return polnearGold(string(text), rels)
}

func TestPolnearGold(t *testing.T) {
	gold, named := polnearFixture(t)
	want := []goldQuote{
		{"a betrayal of working families", "Sen. Maria Lopez (D-N.M.)", "lopez"},
		{"We will not vote for this bill,", "she", ""},
		{"This is only the beginning of a long fight,", "an aide", ""},
	}
	if !slices.Equal(gold, want) {
		t.Errorf("gold quotes\n got %q\nwant %q", gold, want)
	}
	if len(named) != 2 || named["lopez"] == "" || named["ledger"] != "The Daily Ledger" {
		t.Errorf("named sources = %q, want lopez and ledger", named)
	}
}

func TestScorePolnear(t *testing.T) {
	gold, named := polnearFixture(t)
	tests := []struct {
		name   string
		quotes []article.Quote
		attrs  []article.Attribution
		want   PolnearReport
	}{
		{
			name: "partial and shortened quotes right, an extra one wrong, a short one neutral",
			quotes: []article.Quote{
				{Text: "a betrayal of working families", Speaker: "Maria Lopez"},
				{Text: "We will not vote for this", Speaker: "Maria Lopez"}, // pronoun source: not scored
				{Text: "the vote was delayed today", Speaker: ""},
				{Text: "long fight", Speaker: ""},
			},
			attrs: []article.Attribution{{Source: "Daily Ledger", Kind: article.AttrMedia}},
			want:  PolnearReport{Articles: 1, Predicted: 3, Right: 2, Gold: 3, Found: 2, SpeakerScored: 1, SpeakerRight: 1, Sources: 2, SourcesFound: 2},
		},
		{
			name: "wrong speaker; a source found only as a speaker",
			quotes: []article.Quote{
				{Text: "was a betrayal of working families", Speaker: "The Daily Ledger"},
			},
			want: PolnearReport{Articles: 1, Predicted: 1, Right: 1, Gold: 3, Found: 1, SpeakerScored: 1, SpeakerRight: 0, Sources: 2, SourcesFound: 1},
		},
		{
			name: "below the overlap: at most 2 of 6 distinct words shared",
			quotes: []article.Quote{
				{Text: "We shall fight this plan forever", Speaker: "Maria Lopez"},
			},
			want: PolnearReport{Articles: 1, Predicted: 1, Right: 0, Gold: 3, Found: 0, Sources: 2, SourcesFound: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scorePolnear(gold, named, tt.quotes, tt.attrs, nil)
			if got != tt.want {
				t.Errorf("scorePolnear =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

// Polnear reads a split's folders and prints the figures.
func TestPolnearDir(t *testing.T) {
	var out bytes.Buffer
	r, err := Polnear(context.Background(), filepath.Join("testdata", "polnear"), "dev", &out, true)
	if err != nil {
		t.Fatal(err)
	}
	if r.Articles != 1 || r.Gold != 3 || r.Sources != 2 {
		t.Errorf("report %+v, want 1 article, 3 gold quotes, 2 named sources\n%s", r, out.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("source recall")) {
		t.Errorf("output lacks the source recall line:\n%s", out.String())
	}
	if _, err := Polnear(context.Background(), filepath.Join("testdata", "polnear"), "train", &out, false); err == nil {
		t.Error("a split with no articles gave no error")
	}
}

func TestSourceSurname(t *testing.T) {
	lower := map[string]bool{"sources": true}
	tests := []struct {
		src     string
		atStart bool
		want    string
	}{
		{"Donald Trump", false, "trump"},
		{"Rep. G.K. Butterfield (D-N.C.), head of the Congressional Black Caucus", false, "butterfield"},
		{"Douglas Holtz-Eakin, an economist", false, "eakin"},
		{"Trump’s campaign manager", false, "trump"},
		{"Clinton’s top foreign policy aide Jake Sullivan", false, "sullivan"},
		{"Former Secretary of State Madeleine Albright", true, "albright"},
		{"Speaker of the House Rep. Paul Ryan (R-WI)", false, "ryan"},
		{"Brent Bozell III, founder of the Media Research Center", false, "bozell"},
		{"The New York Times", true, "times"},
		{"the Roper Center for Public Opinion Research", false, "center"},
		{"President Obama", true, "obama"},
		{"she", false, ""},
		{"The Democratic presidential nominee", true, ""},
		{"the announcer", false, ""},
		{"the Florida senator", false, ""},
		{"Donald Trump Jr.", false, "trump"},
		{"Sources", true, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := sourceSurname(tt.src, tt.atStart, lower); got != tt.want {
			t.Errorf("sourceSurname(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestParseAnnErrors(t *testing.T) {
	for _, bad := range []string{
		"T1\tSource x 3\tabc\n",
		"T1\tSource 5 3\tabc\n",
		"T1\tSource\tabc\n",
	} {
		if _, err := ParseAnn([]byte(bad)); err == nil {
			t.Errorf("ParseAnn(%q) gave no error", bad)
		}
	}
	// A span's text running onto a second line is not an annotation.
	rs, err := ParseAnn([]byte("T1\tContent 0 3;5 9\tabc\nxyz\n\nmore text\nE1\tAttribution:T2 Content:T1\n"))
	if err != nil || len(rs) != 1 || len(rs[0].Content) != 2 {
		t.Errorf("ParseAnn = %+v, %v", rs, err)
	}
}

func FuzzParseAnn(f *testing.F) {
	f.Add("T1\tSource 0 5\tHello\nT2\tContent 7 12;13 20\tx\nE1\tAttribution:T3 Content:T2 Source:T1\n", "Hello, “world is big” he said")
	f.Add("E1\tSource:T9\n", "")
	f.Fuzz(func(t *testing.T, ann, text string) {
		rs, err := ParseAnn([]byte(ann))
		if err != nil {
			return
		}
		for _, r := range rs {
			for _, s := range append(append(r.Source, r.Cue...), r.Content...) {
				if s.Start < 0 || s.End < s.Start {
					t.Fatalf("bad span %+v", s)
				}
			}
		}
		// Offsets past the text must not break scoring.
		gold, named := polnearGold(text, [][]Relation{rs})
		scorePolnear(gold, named, nil, nil, nil)
	})
}

// The PolNeAR figures of issue 16 on the shared corpus. Quote F1 is held
// to the goal on dev (0.95); speaker accuracy and source recall are
// still under theirs (0.92, 0.85), so they are held a little under today's
// figures, recorded in docs/semantics.md, as a regression guard.
func TestPolnearCorpus(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus run")
	}
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "polnear")
	if _, err := os.Stat(filepath.Join(dir, "dev", "text")); err != nil {
		t.Skipf("../shared/corpus/polnear is not here: %v", err)
	}
	for _, tc := range []struct {
		split                     string
		f1, speakers, sourceRecal float64
	}{
		{"dev", 0.95, 0.84, 0.68},
		{"train", 0.95, 0.88, 0.72},
	} {
		t.Run(tc.split, func(t *testing.T) {
			var out bytes.Buffer
			r, err := Polnear(context.Background(), dir, tc.split, &out, false)
			if err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out.String())
			if r.F1() < tc.f1 || r.SpeakerAccuracy() < tc.speakers || r.SourceRecall() < tc.sourceRecal {
				t.Errorf("%s: quote F1 %.4f (floor %.2f), speakers %.4f (%.2f), source recall %.4f (%.2f)",
					tc.split, r.F1(), tc.f1, r.SpeakerAccuracy(), tc.speakers, r.SourceRecall(), tc.sourceRecal)
			}
		})
	}
}
