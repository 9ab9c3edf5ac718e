// Package semantics scores the story-level passes of the normalizer —
// datelines, quotations with their speakers, social embeds and source
// attributions — on a labelled set of wire stories, and holds that set
// (testdata/, with its provenance).
//
// Evaluate runs normalize/dateline, normalize/quote, normalize/embed and
// normalize/attribution on each story of a directory and prints dateline
// accuracy, quote precision, recall and F1, speaker accuracy over matched
// quotes, embed precision and recall, and attribution recall.
package semantics

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/dateline"
	"github.com/wiredesk/wiredesk/normalize/embed"
	"github.com/wiredesk/wiredesk/normalize/quote"
)

// QuoteOverlap is the share of tokens two quotations must have in common
// (over the longer of the two) to be the same quotation.
const QuoteOverlap = 0.8

// Report holds the counts of one evaluation; its methods give the rates.
type Report struct {
	Stories                   int
	DatelineCorrect           int
	QuoteTP, QuoteFP, QuoteFN int
	// SpeakerCorrect counts matched quotations whose speaker is right.
	SpeakerCorrect            int
	EmbedTP, EmbedFP, EmbedFN int
	AttributionFound          int
	AttributionTotal          int
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// DatelineAccuracy is the share of stories whose dateline (or its absence)
// is right in every field.
func (r Report) DatelineAccuracy() float64 { return ratio(r.DatelineCorrect, r.Stories) }

// QuotePrecision is the share of extracted quotations that are labelled.
func (r Report) QuotePrecision() float64 { return ratio(r.QuoteTP, r.QuoteTP+r.QuoteFP) }

// QuoteRecall is the share of labelled quotations extracted.
func (r Report) QuoteRecall() float64 { return ratio(r.QuoteTP, r.QuoteTP+r.QuoteFN) }

// QuoteF1 is the harmonic mean of quote precision and recall.
func (r Report) QuoteF1() float64 {
	p, rc := r.QuotePrecision(), r.QuoteRecall()
	if p+rc == 0 {
		return 0
	}
	return 2 * p * rc / (p + rc)
}

// SpeakerAccuracy is the share of matched quotations put to the right
// speaker.
func (r Report) SpeakerAccuracy() float64 { return ratio(r.SpeakerCorrect, r.QuoteTP) }

// EmbedPrecision is the share of extracted embeds that are labelled.
func (r Report) EmbedPrecision() float64 { return ratio(r.EmbedTP, r.EmbedTP+r.EmbedFP) }

// EmbedRecall is the share of labelled embeds extracted.
func (r Report) EmbedRecall() float64 { return ratio(r.EmbedTP, r.EmbedTP+r.EmbedFN) }

// AttributionRecall is the share of labelled attributions extracted, by
// kind and source.
func (r Report) AttributionRecall() float64 { return ratio(r.AttributionFound, r.AttributionTotal) }

// Extracted is what the four passes found in one story.
type Extracted struct {
	Dateline     *article.Dateline
	Quotes       []article.Quote
	Embeds       []article.Embed
	Attributions []article.Attribution
}

// Run applies the four passes to a case the way the normalizer does to a
// story: the text paragraphs go to the dateline, quote and attribution
// passes, and embeds come from the markup and from bare links in the text.
func Run(c Case) Extracted {
	var text []string
	var x Extracted
	for _, p := range c.Paragraphs {
		if IsHTML(p) {
			root, err := html.Parse(strings.NewReader(p))
			if err == nil {
				x.Embeds = appendEmbeds(x.Embeds, embed.InHTML(root)...)
			}
			continue
		}
		text = append(text, p)
		x.Embeds = appendEmbeds(x.Embeds, embed.InText(p)...)
	}
	if f, ok := dateline.Find(text, c.Published); ok {
		x.Dateline = f.Dateline
	}
	x.Quotes = quote.Extract(text, quote.Options{})
	x.Attributions = attribution.Extract(text, c.Agency)
	return x
}

func appendEmbeds(list []article.Embed, es ...article.Embed) []article.Embed {
	for _, e := range es {
		if !slices.ContainsFunc(list, func(x article.Embed) bool { return x.Platform == e.Platform && x.ID == e.ID }) {
			list = append(list, e)
		}
	}
	return list
}

// LoadDir reads every case file (*.txt) under dir, in name order.
func LoadDir(dir string) ([]Case, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".txt") {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("semantics: read %s: %w", dir, err)
	}
	sort.Strings(paths)
	cases := make([]Case, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("semantics: %w", err)
		}
		rel, _ := filepath.Rel(dir, p)
		c, err := ParseCase(rel, data)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// Evaluate scores the passes on every case under dir and prints the
// figures to w; verbose also prints each story's misses.
func Evaluate(dir string, w io.Writer, verbose bool) (Report, error) {
	cases, err := LoadDir(dir)
	if err != nil {
		return Report{}, err
	}
	if len(cases) == 0 {
		return Report{}, fmt.Errorf("semantics: no case files under %s", dir)
	}
	var r Report
	for _, c := range cases {
		Score(&r, c, Run(c), w, verbose)
	}
	r.Print(w, "semantics", dir)
	return r, nil
}

// Print writes the report's figures, headed by what was scored.
func (r Report) Print(w io.Writer, what, dir string) {
	fmt.Fprintf(w, "%s: %d stories in %s\n", what, r.Stories, dir)
	fmt.Fprintf(w, "dateline accuracy   %.3f (%d/%d)\n", r.DatelineAccuracy(), r.DatelineCorrect, r.Stories)
	fmt.Fprintf(w, "quotes              P %.3f  R %.3f  F1 %.3f (tp %d fp %d fn %d)\n", r.QuotePrecision(), r.QuoteRecall(), r.QuoteF1(), r.QuoteTP, r.QuoteFP, r.QuoteFN)
	fmt.Fprintf(w, "speakers            %.3f (%d/%d matched quotes)\n", r.SpeakerAccuracy(), r.SpeakerCorrect, r.QuoteTP)
	fmt.Fprintf(w, "embeds              P %.3f  R %.3f (tp %d fp %d fn %d)\n", r.EmbedPrecision(), r.EmbedRecall(), r.EmbedTP, r.EmbedFP, r.EmbedFN)
	fmt.Fprintf(w, "attribution recall  %.3f (%d/%d)\n", r.AttributionRecall(), r.AttributionFound, r.AttributionTotal)
}

// Score adds one story's counts to r: what x extracted against what c is
// labelled with. With verbose each miss is printed to w.
func Score(r *Report, c Case, x Extracted, w io.Writer, verbose bool) {
	r.Stories++
	miss := func(format string, args ...any) {
		if verbose {
			fmt.Fprintf(w, "  %s: "+format+"\n", append([]any{c.Name}, args...)...)
		}
	}
	// dateline
	if datelineMatches(c.Expect.Dateline, x.Dateline) {
		r.DatelineCorrect++
	} else {
		miss("dateline want %+v got %+v", c.Expect.Dateline, x.Dateline)
	}
	// quotes
	pairs := matchQuotes(c.Expect.Quotes, x.Quotes)
	matchedGold := make([]bool, len(c.Expect.Quotes))
	matchedPred := make([]bool, len(x.Quotes))
	for _, p := range pairs {
		matchedGold[p.gold], matchedPred[p.pred] = true, true
		r.QuoteTP++
		g, q := c.Expect.Quotes[p.gold], x.Quotes[p.pred]
		if sameName(g.Speaker, q.Speaker) {
			r.SpeakerCorrect++
		} else {
			miss("speaker want %q got %q for %q", g.Speaker, q.Speaker, cut(g.Text, 50))
		}
	}
	for i, ok := range matchedGold {
		if !ok {
			r.QuoteFN++
			miss("missed quote %q (%s)", cut(c.Expect.Quotes[i].Text, 60), c.Expect.Quotes[i].Speaker)
		}
	}
	for i, ok := range matchedPred {
		if !ok {
			r.QuoteFP++
			miss("extra quote %q (%s)", cut(x.Quotes[i].Text, 60), x.Quotes[i].Speaker)
		}
	}
	// embeds
	want := map[string]bool{}
	for _, e := range c.Expect.Embeds {
		want[e.Platform+"|"+e.ID] = true
	}
	got := map[string]bool{}
	for _, e := range x.Embeds {
		k := string(e.Platform) + "|" + e.ID
		if got[k] {
			continue
		}
		got[k] = true
		if want[k] {
			r.EmbedTP++
		} else {
			r.EmbedFP++
			miss("extra embed %s", k)
		}
	}
	for k := range want {
		if !got[k] {
			r.EmbedFN++
			miss("missed embed %s", k)
		}
	}
	// attributions
	for _, a := range c.Expect.Attributions {
		r.AttributionTotal++
		if slices.ContainsFunc(x.Attributions, func(b article.Attribution) bool {
			return string(b.Kind) == a.Kind && sameName(a.Source, b.Source)
		}) {
			r.AttributionFound++
		} else {
			miss("missed attribution %s %q (have %v)", a.Kind, a.Source, x.Attributions)
		}
	}
}

func datelineMatches(want *Dateline, got *article.Dateline) bool {
	if want == nil || got == nil {
		return want == nil && got == nil
	}
	return sameName(want.Place, got.Place) && sameName(want.Country, got.Country) &&
		sameName(want.Date, got.Date) && sameName(want.Agency, got.Agency)
}

// sameName compares names ignoring case, punctuation and a leading "the".
func sameName(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		s = strings.TrimPrefix(s, "the ")
		return strings.Join(words(s), " ")
	}
	return norm(a) == norm(b)
}

// words splits normalised text into its words: letters and digits, lower
// case.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// overlap is the share of tokens two texts have in common, over the longer
// one (a multiset intersection).
func overlap(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, w := range wa {
		count[w]++
	}
	common := 0
	for _, w := range wb {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	return float64(common) / float64(max(len(wa), len(wb)))
}

type pair struct{ gold, pred int }

// matchQuotes pairs labelled and extracted quotations one to one, best
// overlap first, keeping pairs at or above QuoteOverlap.
func matchQuotes(gold []Quote, pred []article.Quote) []pair {
	type scored struct {
		pair
		o float64
	}
	var all []scored
	for i, g := range gold {
		for j, p := range pred {
			if o := overlap(g.Text, p.Text); o >= QuoteOverlap {
				all = append(all, scored{pair{i, j}, o})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].o > all[j].o })
	usedG, usedP := map[int]bool{}, map[int]bool{}
	var out []pair
	for _, s := range all {
		if usedG[s.gold] || usedP[s.pred] {
			continue
		}
		usedG[s.gold], usedP[s.pred] = true, true
		out = append(out, s.pair)
	}
	return out
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
