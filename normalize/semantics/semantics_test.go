package semantics

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The goals of issue 5 on the labelled set. Each part is held to them on
// its own: dev (used while the rules were written), holdout and blind (not
// looked at until the rules were done; see testdata/README.md).
func TestGoals(t *testing.T) {
	for _, dir := range []string{"testdata/dev", "testdata/holdout", "testdata/blind", "testdata/blind2", "testdata/blind3", "testdata/blind4", "testdata/blind5"} {
		t.Run(dir, func(t *testing.T) {
			var out bytes.Buffer
			r, err := Evaluate(dir, &out, testing.Verbose())
			if err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out.String())
			for _, g := range []struct {
				name      string
				got, goal float64
			}{
				{"dateline accuracy", r.DatelineAccuracy(), 0.98},
				{"quote F1", r.QuoteF1(), 0.90},
				{"speaker accuracy", r.SpeakerAccuracy(), 0.90},
				{"embed precision", r.EmbedPrecision(), 0.98},
				{"embed recall", r.EmbedRecall(), 0.98},
				// Issue 16 asks attribution recall ≥ 0.85 of its second
				// blind round; the older parts are held to where they are.
				{"attribution recall", r.AttributionRecall(), attributionGoal[dir]},
			} {
				if g.got < g.goal {
					t.Errorf("%s %.3f, goal %.2f", g.name, g.got, g.goal)
				}
			}
		})
	}
}

// attributionGoal is each part's floor for attribution recall: issue 16's
// 0.85 for blind5, a little under today's figure for the others (blind4's
// labels and the rules still disagree on several kinds; see
// docs/semantics.md).
var attributionGoal = map[string]float64{
	"testdata/dev": 0.98, "testdata/holdout": 0.98, "testdata/blind": 0.98, "testdata/blind2": 0.92,
	"testdata/blind3": 0.93, "testdata/blind4": 0.70, "testdata/blind5": 0.85,
}

func TestSetSize(t *testing.T) {
	n := 0
	for _, dir := range []string{"testdata/dev", "testdata/holdout", "testdata/blind", "testdata/blind2", "testdata/blind3", "testdata/blind4", "testdata/blind5"} {
		cases, err := LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		n += len(cases)
	}
	if n < 165 {
		t.Errorf("the set has %d stories, want at least 165", n)
	}
}

func TestScoring(t *testing.T) {
	if o := overlap("constructive and very useful,", "Constructive and very useful"); o != 1 {
		t.Errorf("overlap of the same words = %v, want 1", o)
	}
	if o := overlap("a b c d e", "a b c d"); o != 0.8 {
		t.Errorf("overlap = %v, want 0.8", o)
	}
	if !sameName("The Ministry of External Affairs", "ministry of external affairs") || sameName("Yury Ushakov", "Ushakov") {
		t.Error("sameName compares wrongly")
	}
}

func TestParseCaseErrors(t *testing.T) {
	for _, bad := range []string{
		"agency ANI\n\nbody\n=== expect\n",               // header without a colon
		"agency: ANI\n\nbody\n",                          // no expect section
		"published: yesterday\n\nbody\n=== expect\n",     // bad time
		"agency: ANI\n\nbody\n=== expect\nquote: only\n", // quote without text
		"agency: ANI\n\nbody\n=== expect\nweather: sunny\n",
	} {
		if _, err := ParseCase("bad.txt", []byte(bad)); !errors.Is(err, errFormat) {
			t.Errorf("ParseCase(%q) error = %v, want a format error", bad, err)
		}
	}
	c, err := ParseCase("ok.txt", []byte("agency: ANI\npublished: 2025-04-26T09:00:00Z\n\nOne.\n\n<p>two</p>\n\n=== expect\ndateline: none\nquote: - | Hello there | via CNN\nembed: x | 1 |\nattribution: media | CNN\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Paragraphs) != 2 || !IsHTML(c.Paragraphs[1]) || c.Expect.Dateline != nil || c.Expect.Quotes[0].Speaker != "" || c.Expect.Quotes[0].Via != "CNN" {
		t.Errorf("ParseCase = %+v", c)
	}
}

func FuzzParseCase(f *testing.F) {
	f.Add("agency: ANI\npublished: 2025-04-26T09:00:00Z\nheadline: x\n\nMoscow, April 25: text \"q,\" he said.\n\n=== expect\ndateline: Moscow | | 2025-04-25 |\nquote: - | q\n")
	f.Add("\n\n=== expect\nembed: x | 1 | a\nattribution: media | CNN\ndateline: none\n")
	f.Add("a: b\n\n<blockquote>\n=== expect\nquote: a | b | via c\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := ParseCase("fuzz.txt", []byte(data))
		if err != nil {
			return
		}
		for _, p := range c.Paragraphs {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("empty paragraph in %+v", c)
			}
		}
		for _, q := range c.Expect.Quotes {
			if q.Text == "" {
				t.Fatalf("quote without text in %+v", c)
			}
		}
		Run(c) // the passes must take whatever a case holds
	})
}
