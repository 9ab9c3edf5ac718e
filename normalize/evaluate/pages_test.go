package evaluate

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/wiredesk/wiredesk/normalize/semantics"
)

// Every labelled part set into page markup and run through the whole
// extractor: no embed fallback text or page furniture in any body (issue
// 16), the story's paragraphs kept, quotes and embeds as the passes alone
// find them.
func TestPagesGoals(t *testing.T) {
	if raceEnabled {
		t.Skip("slow under the race detector")
	}
	for _, part := range []string{"dev", "holdout", "blind", "blind2", "blind3", "blind4", "blind5"} {
		t.Run(part, func(t *testing.T) {
			var out bytes.Buffer
			r, err := Pages(filepath.Join("..", "semantics", "testdata", part), &out, testing.Verbose())
			if err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out.String())
			if r.Leaks != 0 || r.Failed != 0 {
				t.Errorf("%d bodies hold embed fallback or furniture, %d pages failed", r.Leaks, r.Failed)
			}
			for _, g := range []struct {
				name      string
				got, goal float64
			}{
				{"body paragraph recall", r.ParagraphRecall(), 0.94},
				{"quote F1", r.QuoteF1(), 0.95},
				{"speaker accuracy", r.SpeakerAccuracy(), 0.90},
				{"embed precision", r.EmbedPrecision(), 0.98},
				{"embed recall", r.EmbedRecall(), 0.98},
			} {
				if g.got < g.goal {
					t.Errorf("%s %.3f, goal %.2f", g.name, g.got, g.goal)
				}
			}
		})
	}
}

func TestRenderPageKinds(t *testing.T) {
	c, err := parseTestCase("agency: AFP\npage: portal\nheadline: H\n\nParis (AFP) - One.\n\n<blockquote class=\"instagram-media\"></blockquote>\n\n=== expect\ndateline: none\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"portal", "news", ""} {
		c.Page = kind
		page, furniture := renderPage(c)
		if !bytes.Contains([]byte(page), []byte("Paris (AFP) - One.")) || !bytes.Contains([]byte(page), []byte("instagram-media")) {
			t.Errorf("%q page lacks the story or its embed:\n%s", kind, page)
		}
		if len(furniture) == 0 {
			t.Errorf("%q page lists no furniture to check", kind)
		}
	}
}

func parseTestCase(s string) (semantics.Case, error) { return semantics.ParseCase("t.txt", []byte(s)) }
