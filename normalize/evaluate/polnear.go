package evaluate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/quote"
)

// PolNeAR scoring: quotes, their speakers and the sources of attributions
// on the PolNeAR corpus (2016 US election copy, every attribution
// annotated), scored as shared/corpus/README.md describes:
//
//   - a gold quote is every quoted stretch of 4+ words inside an annotated
//     Content span, with that relation's Source, from any annotator's file;
//   - a predicted quote of 4+ words is right when it overlaps a gold quote
//     by ≥ 0.6 (shared distinct words over the shorter side's); shorter
//     predictions are neutral;
//   - a speaker is right when the surname heading the gold Source is among
//     the predicted speaker's words; sources without a surname (pronouns,
//     descriptions such as "the announcer") are not scored;
//   - source recall is the share of the named Sources of all attributions
//     (quoted or paraphrased) found among the article's attributions or
//     quote speakers.

// PolnearOverlap is the share of distinct words (over the shorter side's)
// a predicted quote must share with a gold one to be right.
const PolnearOverlap = 0.6

// polnearMinWords is the length below which quotes are neither gold nor
// scored predictions: shorter stretches are mostly names of things and
// scare quotes, which the corpus does not tell apart.
const polnearMinWords = 4

// PolnearReport holds the counts of one PolNeAR run; its methods give the
// rates.
type PolnearReport struct {
	Articles int
	// Predicted counts predicted quotes of 4+ words, Right those that
	// match a gold quote.
	Predicted, Right int
	// Gold counts distinct gold quotes, Found those some right prediction
	// matches.
	Gold, Found int
	// SpeakerScored counts right predictions whose gold Source has a
	// surname, SpeakerRight those whose speaker holds it.
	SpeakerScored, SpeakerRight int
	// Sources counts the articles' distinct named Sources, SourcesFound
	// those among the extracted attributions or quote speakers.
	Sources, SourcesFound int
}

// Precision is the share of predicted quotes that are right.
func (r PolnearReport) Precision() float64 { return ratio(r.Right, r.Predicted) }

// Recall is the share of gold quotes found.
func (r PolnearReport) Recall() float64 { return ratio(r.Found, r.Gold) }

// F1 is the harmonic mean of quote precision and recall.
func (r PolnearReport) F1() float64 { return f1(r.Precision(), r.Recall()) }

// SpeakerAccuracy is the share of right, scorable predictions put to the
// right speaker.
func (r PolnearReport) SpeakerAccuracy() float64 { return ratio(r.SpeakerRight, r.SpeakerScored) }

// SourceRecall is the share of named sources found.
func (r PolnearReport) SourceRecall() float64 { return ratio(r.SourcesFound, r.Sources) }

func (r *PolnearReport) add(o PolnearReport) {
	r.Articles += o.Articles
	r.Predicted += o.Predicted
	r.Right += o.Right
	r.Gold += o.Gold
	r.Found += o.Found
	r.SpeakerScored += o.SpeakerScored
	r.SpeakerRight += o.SpeakerRight
	r.Sources += o.Sources
	r.SourcesFound += o.SourcesFound
}

// Polnear scores quote, speaker and source extraction on one split
// ("train" or "dev") of the PolNeAR corpus in dir (<split>/text/*.txt and
// <split>/attributions/*_<annotator>.ann). With verbose every miss is
// printed to w.
func Polnear(ctx context.Context, dir, split string, w io.Writer, verbose bool) (PolnearReport, error) {
	var rep PolnearReport
	textDir := filepath.Join(dir, split, "text")
	texts, err := filepath.Glob(filepath.Join(textDir, "*.txt"))
	if err != nil || len(texts) == 0 {
		return rep, fmt.Errorf("evaluate polnear: no articles in %s", textDir)
	}
	anns, err := filepath.Glob(filepath.Join(dir, split, "attributions", "*.ann"))
	if err != nil {
		return rep, fmt.Errorf("evaluate polnear: %w", err)
	}
	byArticle := map[string][]string{}
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			byArticle[base[:i]] = append(byArticle[base[:i]], a)
		}
	}
	sort.Strings(texts)
	for _, path := range texts {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		text, err := os.ReadFile(path)
		if err != nil {
			return rep, fmt.Errorf("evaluate polnear: %w", err)
		}
		var rels [][]Relation
		for _, a := range byArticle[name] {
			data, err := os.ReadFile(a)
			if err != nil {
				return rep, fmt.Errorf("evaluate polnear: %w", err)
			}
			rs, err := ParseAnn(data)
			if err != nil {
				return rep, fmt.Errorf("evaluate polnear %s: %w", a, err)
			}
			rels = append(rels, rs)
		}
		var miss io.Writer
		if verbose {
			miss = &prefixWriter{w: w, prefix: name + ": "}
		}
		rep.add(ScorePolnear(string(text), rels, miss))
	}
	fmt.Fprintf(w, "polnear %s: %d articles\n", split, rep.Articles)
	fmt.Fprintf(w, "quotes          P %.4f  R %.4f  F1 %.4f (right %d of %d predicted, found %d of %d gold)\n",
		rep.Precision(), rep.Recall(), rep.F1(), rep.Right, rep.Predicted, rep.Found, rep.Gold)
	fmt.Fprintf(w, "speakers        %.4f (%d/%d)\n", rep.SpeakerAccuracy(), rep.SpeakerRight, rep.SpeakerScored)
	fmt.Fprintf(w, "source recall   %.4f (%d/%d)\n", rep.SourceRecall(), rep.SourcesFound, rep.Sources)
	return rep, nil
}

// prefixWriter puts the article's name before each miss line.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, "  "+p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

// Span is a stretch of an article's text in rune offsets; an annotation
// may have several (brat's discontinuous spans).
type Span struct{ Start, End int }

// Relation is one annotated attribution: who (Source), through which
// words (Cue), said what (Content). Any part may be empty.
type Relation struct {
	Source, Cue, Content []Span
}

// ParseAnn reads a brat standoff file as PolNeAR writes it: "T" lines are
// labelled spans ("T3\tContent 115 290\ttext", fragments joined by ";"),
// "E" lines tie an attribution's parts ("E1\tAttribution:T4 Content:T3
// Cue:T2 Source:T1"). Other lines are ignored. Offsets count runes.
func ParseAnn(data []byte) ([]Relation, error) {
	spans := map[string][]Span{}
	var events []string
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		id, rest, ok := strings.Cut(line, "\t")
		// A span's text may run over several lines; only lines that open
		// with an annotation id are annotations.
		if !ok || !annID(id) {
			continue
		}
		switch id[0] {
		case 'T':
			def, _, _ := strings.Cut(rest, "\t")
			_, offs, ok := strings.Cut(def, " ")
			if !ok {
				return nil, fmt.Errorf("line %d: no offsets", n+1)
			}
			var ss []Span
			for _, frag := range strings.Split(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || s < 0 || e < s {
					return nil, fmt.Errorf("line %d: bad offsets %q", n+1, frag)
				}
				ss = append(ss, Span{s, e})
			}
			spans[id] = ss
		case 'E':
			events = append(events, rest)
		}
	}
	var rels []Relation
	for _, ev := range events {
		var r Relation
		for _, part := range strings.Fields(ev) {
			role, id, ok := strings.Cut(part, ":")
			if !ok {
				continue
			}
			switch role {
			case "Source":
				r.Source = append(r.Source, spans[id]...)
			case "Cue":
				r.Cue = append(r.Cue, spans[id]...)
			case "Content":
				r.Content = append(r.Content, spans[id]...)
			}
		}
		rels = append(rels, r)
	}
	return rels, nil
}

// annID reports whether s is an annotation id: a letter and digits (T12).
func annID(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// goldQuote is a quoted stretch inside a Content span, with its source.
type goldQuote struct {
	text, source string
	// surname is the word a right speaker must hold, "" when the source
	// names nobody (a pronoun, a description, none): not scored.
	surname string
}

// ScorePolnear scores one article: text is the file as shipped (headline
// line, then a paragraph a line), rels each annotator's relations. Misses
// go to miss when it is not nil.
func ScorePolnear(text string, rels [][]Relation, miss io.Writer) PolnearReport {
	gold, named := polnearGold(text, rels)
	lines := strings.Split(text, "\n")
	var paras []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	return scorePolnear(gold, named, quote.Extract(paras, quote.Options{}), attribution.Extract(paras, ""), miss)
}

// polnearGold reads an article's gold quotes and named sources (surname →
// the source as written) from every annotator's relations.
func polnearGold(text string, rels [][]Relation) ([]goldQuote, map[string]string) {
	runes := []rune(text)
	slice := func(ss []Span) string {
		var parts []string
		for _, s := range ss {
			if s.End <= len(runes) {
				parts = append(parts, string(runes[s.Start:s.End]))
			}
		}
		return strings.Join(parts, " ")
	}
	stretches := quotedStretches(runes)
	lower := lowerWords(text)

	var gold []goldQuote
	named := map[string]string{} // surname → source as written
	for _, ann := range rels {
		for _, r := range ann {
			src := strings.TrimSpace(slice(r.Source))
			surname := sourceSurname(src, len(r.Source) > 0 && startsSentence(runes, r.Source[0].Start), lower)
			if surname != "" {
				if _, ok := named[surname]; !ok {
					named[surname] = src
				}
			}
			for _, c := range r.Content {
				for _, st := range stretches {
					s, e := max(st.Start, c.Start), min(st.End, c.End)
					if e <= s || e > len(runes) {
						continue
					}
					q := strings.TrimSpace(string(runes[s:e]))
					if len(words(q)) < polnearMinWords {
						continue
					}
					gold = appendGold(gold, goldQuote{text: q, source: src, surname: surname})
				}
			}
		}
	}

	return gold, named
}

// scorePolnear scores one article's predictions against its gold quotes
// and named sources (surname → the source as written).
func scorePolnear(gold []goldQuote, named map[string]string, quotes []article.Quote, attrs []article.Attribution, miss io.Writer) PolnearReport {
	rep := PolnearReport{Articles: 1}
	rep.Gold = len(gold)
	found := make([]bool, len(gold))
	for _, q := range quotes {
		if len(words(q.Text)) < polnearMinWords {
			continue
		}
		rep.Predicted++
		best, bestO := -1, 0.0
		bestScored, bestScoredO := -1, 0.0
		for i, g := range gold {
			o := distinctOverlap(q.Text, g.text)
			if o < PolnearOverlap {
				continue
			}
			found[i] = true
			if o > bestO {
				best, bestO = i, o
			}
			if g.surname != "" && o > bestScoredO {
				bestScored, bestScoredO = i, o
			}
		}
		if best < 0 {
			note(miss, "extra quote %q (%s)\n", cut(q.Text, 70), q.Speaker)
			continue
		}
		rep.Right++
		if bestScored < 0 {
			continue
		}
		rep.SpeakerScored++
		g := gold[bestScored]
		if containsWord(q.Speaker, g.surname) {
			rep.SpeakerRight++
		} else {
			note(miss, "speaker want %q (%s) got %q for %q\n", g.surname, g.source, q.Speaker, cut(q.Text, 50))
		}
	}
	for i, ok := range found {
		if ok {
			rep.Found++
		} else {
			note(miss, "missed quote %q (%s)\n", cut(gold[i].text, 70), gold[i].source)
		}
	}

	surnames := make([]string, 0, len(named))
	for s := range named {
		surnames = append(surnames, s)
	}
	sort.Strings(surnames)
	for _, s := range surnames {
		rep.Sources++
		if slices.ContainsFunc(attrs, func(a article.Attribution) bool { return containsWord(a.Source, s) }) ||
			slices.ContainsFunc(quotes, func(q article.Quote) bool { return containsWord(q.Speaker, s) }) {
			rep.SourcesFound++
		} else {
			note(miss, "missed source %q (%s)\n", s, named[s])
		}
	}
	return rep
}

func note(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format, args...)
	}
}

// appendGold adds q unless an annotator already gave the same quote (the
// same overlap test a prediction passes), so several annotators' files do
// not count one quote twice.
func appendGold(gold []goldQuote, q goldQuote) []goldQuote {
	for i, g := range gold {
		if distinctOverlap(g.text, q.text) >= PolnearOverlap {
			if g.surname == "" && q.surname != "" {
				gold[i] = q
			}
			return gold
		}
	}
	return append(gold, q)
}

// quotedStretches finds the stretches between quotation marks, line by
// line: curly “…”, straight "…" and the doubled apostrophes ”…” some
// archives use for them. A stretch left open at the end of a line runs to
// it, as a quote that goes on in the next paragraph does.
func quotedStretches(runes []rune) []Span {
	var out []Span
	open := -1
	closeAt := func(i int) {
		if open >= 0 && i > open {
			out = append(out, Span{open, i})
		}
		open = -1
	}
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; {
		case r == '\n':
			closeAt(i)
		case r == '“':
			open = i + 1
		case r == '”':
			closeAt(i)
		case r == '"':
			if open >= 0 {
				closeAt(i)
			} else {
				open = i + 1
			}
		case r == '\'' && i+1 < len(runes) && runes[i+1] == '\'':
			if open >= 0 {
				closeAt(i)
			} else {
				open = i + 2
			}
			i++
		}
	}
	closeAt(len(runes))
	return out
}

// honorifics are dropped from a Source before its surname is taken.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sen": true, "senator": true,
	"rep": true, "gov": true, "governor": true, "president": true, "gen": true, "rev": true,
	"prof": true, "sir": true,
}

// suffixes follow a name and are no part of its surname.
var suffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// pronouns are sources the scorer does not judge: resolving them is the
// speaker pass's job, but the corpus does not say whom they mean.
var pronouns = map[string]bool{
	"i": true, "we": true, "you": true, "he": true, "she": true, "it": true, "they": true,
	"me": true, "us": true, "him": true, "her": true, "them": true, "his": true, "its": true,
	"their": true, "our": true, "my": true, "your": true, "who": true, "whom": true,
	"which": true, "that": true, "this": true, "these": true, "those": true, "one": true,
	"himself": true, "herself": true, "themselves": true, "itself": true, "i'm": true,
}

// sourceSurname returns the surname heading a Source. The Source is cut
// before a comma, "of", "at", "who", "for", a bracket or a dash (but not
// at the "of" of a title, "Secretary of State X"); honorifics, titles and
// a possessive 's are dropped. The surname is the last word left when it
// is capitalised; when it is not, the head is a description, and its
// owner is the name when it has one ("Trump's campaign" → Trump). A
// pronoun, or a description with no name ("the announcer", "The
// Democratic nominee"), gives "": it has no surname to score. A lone
// capitalised word that opens a sentence is a name only if the article
// never writes it in lower case (lower), so "Sources said" is no name.
func sourceSurname(src string, atSentenceStart bool, lower map[string]bool) string {
	if pronouns[strings.ToLower(strings.TrimSpace(src))] {
		return ""
	}
	h := src
	for _, sep := range []string{",", "(", "[", "—", "–", " - ", " of ", " at ", " who ", " for "} {
		from := 0
		for {
			i := strings.Index(strings.ToLower(h[from:]), sep)
			if i < 0 {
				break
			}
			i += from
			if sep == " of " && endsInTitle(h[:i]) {
				from = i + len(sep)
				continue
			}
			if i > 0 {
				h = h[:i]
			}
			break
		}
	}
	var kept []string
	owner := ""
	fields := strings.Fields(h)
	for i, f := range fields {
		f = strings.TrimRight(f, ".:;")
		for _, suf := range []string{"'s", "’s", "'", "’"} {
			if g, ok := strings.CutSuffix(f, suf); ok {
				f = g
				if owner == "" && f != "" && unicode.IsUpper([]rune(f)[0]) {
					owner = f
				}
				break
			}
		}
		lf := strings.ToLower(f)
		// A title is dropped before a name, not at the end of a
		// description ("the Florida senator" names nobody).
		title := (honorifics[lf] || titles[lf]) && i < len(fields)-1 || suffixes[lf]
		if f != "" && !title && lf != "the" && lf != "a" && lf != "an" {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	last := kept[len(kept)-1]
	if r := []rune(last); !unicode.IsUpper(r[0]) || pronouns[strings.ToLower(last)] {
		if owner == "" {
			return ""
		}
		last = owner
	}
	ws := words(last)
	if len(ws) == 0 {
		return ""
	}
	if len(kept) == 1 && atSentenceStart && strings.HasPrefix(strings.TrimSpace(src), last) && lower[strings.ToLower(last)] {
		return ""
	}
	return ws[len(ws)-1]
}

// titles are dropped from a Source's head like honorifics: "Former
// Secretary of State Madeleine Albright" is headed by Albright.
var titles = map[string]bool{
	"former": true, "secretary": true, "speaker": true, "minister": true, "mayor": true,
	"director": true, "chairman": true, "chairwoman": true, "chair": true, "attorney": true,
	"general": true, "leader": true, "majority": true, "minority": true,
	"vice": true, "deputy": true, "chief": true, "judge": true, "justice": true,
}

// endsInTitle reports whether s ends in a title that takes "of" before the
// name it belongs to ("Secretary of State", "Speaker of the House").
func endsInTitle(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "secretary", "speaker", "minister", "mayor", "director", "chairman", "chairwoman", "governor", "attorney", "president":
		return true
	}
	return false
}

// startsSentence reports whether offset i opens a line or follows the end
// of a sentence (or an opening quotation mark at one).
func startsSentence(runes []rune, i int) bool {
	j := i - 1
	for j >= 0 && (runes[j] == ' ' || runes[j] == '“' || runes[j] == '"' || runes[j] == '\'') {
		j--
	}
	return j < 0 || runes[j] == '\n' || runes[j] == '.' || runes[j] == '?' || runes[j] == '!' || runes[j] == '”'
}

// lowerWords lists the words a text writes in lower case.
func lowerWords(text string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		if r := []rune(f); unicode.IsLower(r[0]) {
			m[f] = true
		}
	}
	return m
}

// words splits text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func containsWord(s, w string) bool {
	for _, x := range words(s) {
		if x == w {
			return true
		}
	}
	return false
}

// distinctOverlap is the share of distinct words two texts share, over the
// distinct words of the shorter one.
func distinctOverlap(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range words(s) {
			m[w] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	if len(sb) < len(sa) {
		sa, sb = sb, sa
	}
	common := 0
	for w := range sa {
		if sb[w] {
			common++
		}
	}
	return float64(common) / float64(len(sa))
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
