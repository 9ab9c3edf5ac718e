// Package attribution finds the sources a wire story relies on and how it
// credits them: the agency's own credit ("(ANI)", "ANI | Updated:",
// "Reporting by …"), other outlets ("CNN reported", "according to
// Reuters", "told Al Jazeera", "as reported by The Washington Post"),
// officials and bodies ("Kremlin aide Yury Ushakov told reporters", "the
// Ministry of Foreign Affairs shared", "officials said") and platforms
// ("in a post on X", "on Truth Social").
//
// Each attribution carries its kind (agency, media, official, social,
// other), the source as the story names it in full (acronyms expanded
// where the story spells them out), and the phrase as written. A source
// is reported once per kind, with the first phrase that credits it.
package attribution

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/dateline"
	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// Extract returns the attributions in a story's paragraphs, in the order
// they are first made. agency is the agency the story came from (it may be
// empty); the agency's own name counts as its credit wherever the story
// uses it ("told Reuters" in a Reuters story), never as another outlet.
func Extract(paras []string, agency string) []article.Attribution {
	x := extractor{agency: canonicalAgency(agency), acronyms: map[string]string{}, seen: map[string]bool{}}
	if f, ok := dateline.Find(paras, nil); ok && f.Dateline.Agency != "" {
		if x.agency == "" {
			x.agency = canonicalAgency(f.Dateline.Agency)
		}
		x.add(x.agencySource(f.Dateline.Agency), article.AttrAgency, strings.TrimSpace(f.Dateline.Text))
	}
	toks := make([][]word, len(paras))
	size := 0
	for _, p := range paras {
		size += len(p)/4 + 1
	}
	buf := make([]word, 0, size) // one allocation for the story's words
	for i, p := range paras {
		start := len(buf)
		buf = tokensInto(buf, maskQuotes(p))
		toks[i] = buf[start:len(buf):len(buf)]
		x.learnAcronyms(toks[i])
	}
	for i, p := range paras {
		x.credit(p)
		x.speakerLine(toks[i])
		for _, s := range splitSentences(toks[i]) {
			x.sentence(s)
		}
	}
	return x.out
}

type extractor struct {
	agency   string
	acronyms map[string]string
	orgs     []string
	out      []article.Attribution
	seen     map[string]bool
	subjects []string // capitalised subjects of sentences, in order
	// people are the full names the story gave, in order, as slices of
	// its words (joined only when one is used: most never are).
	people  [][]word
	posting int // whether the current sentence talks of posting: -1 not yet known, 0 no, 1 yes
}

func (x *extractor) add(source string, kind article.AttributionKind, text string) {
	source = strings.TrimSpace(source)
	if source == "" {
		return
	}
	key := string(kind) + "\x00" + strings.ToLower(source)
	if x.seen[key] {
		return
	}
	// A person credited as an official is not "other" too, whichever
	// phrase came first.
	low := strings.ToLower(source)
	if kind == article.AttrOther && x.seen[string(article.AttrOfficial)+"\x00"+low] {
		return
	}
	if kind == article.AttrOfficial && x.seen[string(article.AttrOther)+"\x00"+low] {
		for i := range x.out {
			if x.out[i].Kind == article.AttrOther && strings.EqualFold(x.out[i].Source, source) {
				x.out[i].Kind = article.AttrOfficial
			}
		}
		x.seen[key] = true
		return
	}
	x.seen[key] = true
	x.out = append(x.out, article.Attribution{Source: source, Kind: kind, Text: strings.TrimSpace(text)})
}

// speakerLine reads a paragraph that opens with who speaks and a colon,
// as transcripts and reaction roundups do: "WALLACE: Let's start…",
// "Anil Mehta, President, CII: …". The speaker is a name of two or more
// words, or one word (often in capitals) that the story also writes as a
// name elsewhere; datelines and section labels ("NEW DELHI:", "WATCH:")
// are neither.
func (x *extractor) speakerLine(ws []word) {
	colon := -1
	for k := 0; k < len(ws) && k < 12; k++ {
		if ws[k].is(":") {
			colon = k
			break
		}
		if ws[k].quote || ws[k].punct && !ws[k].is(",") && !ws[k].is(".") {
			return
		}
	}
	if colon < 1 || colon+1 >= len(ws) {
		return
	}
	np, end := chunkAt(ws, 0)
	if end > colon || len(np) == 0 || !np[0].cap() {
		return
	}
	if end < colon && !ws[end].is(",") {
		return
	}
	text := joinWords(ws[:colon+1])
	c := content(np)
	if len(c) == 1 {
		if full := x.namedElsewhere(c[0].text); full != "" {
			x.add(full, article.AttrOther, text)
		}
		return
	}
	name := nameOf(np)
	if len(name) < 2 || len(name) != len(c) || dateline.KnownPlace(joinWords(name)) {
		return
	}
	x.named(name, nil, text)
}

// namedElsewhere returns the full name a one-word speaker label stands
// for when the story gave it earlier ("WALLACE:" and "Chris Wallace"),
// else "".
func (x *extractor) namedElsewhere(w string) string {
	for k := len(x.people) - 1; k >= 0; k-- {
		if p := x.people[k]; strings.EqualFold(p[len(p)-1].text, w) {
			return joinWords(p)
		}
	}
	return ""
}

// canonicalAgency names an agency the way datelines do ("Reuters", "AA").
func canonicalAgency(a string) string {
	if a == "" {
		return ""
	}
	if o, ok := Outlet(a); ok {
		switch o {
		case "Anadolu":
			return "AA"
		}
		return o
	}
	return a
}

func (x *extractor) agencySource(a string) string {
	a = canonicalAgency(a)
	if a == "AA" {
		return "AA"
	}
	return a
}

// isOwnAgency reports whether an outlet is the story's own agency.
func (x *extractor) isOwnAgency(outlet string) bool {
	if x.agency == "" {
		return false
	}
	o := canonicalAgency(outlet)
	return strings.EqualFold(o, x.agency) || (o == "Anadolu" && x.agency == "AA")
}

var (
	// "ANI | Updated: Apr 25, 2025", "ANI April 26, 2025 368 views"
	creditLineRe = regexp.MustCompile(`^\s*([A-Z][A-Za-z]{1,15})\s*(?:\||·|•|-|–)?\s*(?:Updated:?|Published:?|Posted:?)?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}`)
	// "(ANI)", "--IANS", "-- BERNAMA", "==Kyodo", "PTI ABC DEF RT", "UNI AS SNK 1145", "AAP", "EFE jmm/ig"
	signOffRe = regexp.MustCompile(`^\s*(?:\(|--\s*|==\s*|—\s*|–\s*)?([A-Za-z][A-Za-z-]{1,15})\)?(?:\s+[A-Za-z]{1,4}(?:/[a-z]{1,4})?)*(?:\s+\d{3,4})?\s*$`)
	// "Reporting by Anna Kowal in London; Editing by Peter Graff"
	reportingByRe = regexp.MustCompile(`^\s*\(?(?:Reporting|Additional reporting|Writing|Compiled) by ([^;()]{3,120})`)
	// "(With inputs from PTI)", "with agency inputs"
	inputsRe = regexp.MustCompile(`(?i)\(?with (?:inputs? from ([A-Za-z][\w ,&-]{1,40}?)|agency inputs)\)?\s*$`)
	// "The Associated Press contributed to this report", "Associated Press writer X contributed"
	contributedRe = regexp.MustCompile(`^\s*(?:—|-|–)?\s*(The Associated Press|Associated Press|Reuters|AFP|Bloomberg)\b[^.]{0,80}contributed`)
)

// credit reads the agency's own credit lines.
func (x *extractor) credit(p string) {
	t := strings.TrimSpace(p)
	if first, _, _ := strings.Cut(t, " "); len(first) <= 16 && len(t) < 200 && creditFirst(first) {
		if m := creditLineRe.FindStringSubmatch(t); m != nil {
			if a, ok := Outlet(m[1]); ok {
				x.add(x.agencySource(a), article.AttrAgency, cut(t, 40))
				return
			}
		}
	}
	if len(t) <= 40 {
		if m := signOffRe.FindStringSubmatch(t); m != nil {
			if a, ok := Outlet(m[1]); ok && isAgencyName(a) {
				x.add(x.agencySource(a), article.AttrAgency, t)
				return
			}
		}
	}
	if strings.Contains(t, " by ") {
		x.byline(t)
	}
	tail := t
	if len(tail) > 120 {
		tail = cut(tail[len(tail)-120:], 120) // credits close a story
		for len(tail) > 0 && !utf8.RuneStart(tail[0]) {
			tail = tail[1:]
		}
	}
	if strings.Contains(strings.ToLower(tail), "input") {
		if m := inputsRe.FindStringSubmatch(tail); m != nil {
			src := strings.TrimSpace(m[1])
			if src == "" {
				src = "agencies"
			} else if a, ok := Outlet(src); ok {
				src = a
			}
			x.add(x.agencySource(src), article.AttrAgency, strings.TrimSpace(m[0]))
		}
	}
	if strings.Contains(t, "contributed") {
		if m := contributedRe.FindStringSubmatch(t); m != nil {
			a, _ := Outlet(m[1])
			x.add(a, article.AttrAgency, cut(t, 80))
		}
	}
	if strings.HasSuffix(t, "Enditem") {
		x.add("Xinhua", article.AttrAgency, "Enditem")
	}
}

// byline reads "Reporting by …; Editing by …".
func (x *extractor) byline(t string) {
	if m := reportingByRe.FindStringSubmatch(t); m != nil {
		src := x.agency
		if src == "" {
			src = strings.TrimSpace(m[1])
		}
		x.add(src, article.AttrAgency, cut(t, 80))
	}
}

// creditFirst reports whether a paragraph's first word can open an
// agency's credit line ("ANI", "Reuters|"), before any regexp runs.
func creditFirst(w string) bool {
	w = strings.TrimRight(w, "|·•")
	_, ok := Outlet(w)
	return ok
}

// isAgencyName reports whether an outlet is a wire agency (whose name is a
// story's sign-off), not a newspaper.
func isAgencyName(o string) bool {
	switch o {
	case "ANI", "PTI", "IANS", "UNI", "Reuters", "AP", "AFP", "Xinhua", "TASS", "Yonhap", "Kyodo", "Bernama", "EFE", "dpa",
		"AAP", "Anadolu", "ANSA", "Interfax", "Jiji", "RIA Novosti", "Europa Press", "WAM", "SPA", "KUNA", "IRNA":
		return true
	}
	return false
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n])
}

// openMark reports whether a double quotation mark opens at p[i] — " “ «
// „ — and returns its length and the marks that close it. It looks at
// bytes, not runes: this runs over every paragraph.
func openMark(p string, i int) (int, string) {
	switch p[i] {
	case '"':
		return 1, `"”`
	case 0xC2:
		if i+1 < len(p) && p[i+1] == 0xAB { // «
			return 2, "»"
		}
	case 0xE2:
		if i+2 < len(p) && p[i+1] == 0x80 {
			switch p[i+2] {
			case 0x9C: // “
				return 3, `”“"`
			case 0x9E: // „
				return 3, "“”"
			}
		}
	}
	return 0, ""
}

// maskQuotes replaces quotations with a placeholder word so their words
// are not read as attributions. A mark without its close is left alone.
func maskQuotes(p string) string {
	var b strings.Builder
	last := 0 // p[last:i] is not yet written
	for i := 0; i < len(p); i++ {
		n, closes := openMark(p, i)
		if n == 0 {
			continue
		}
		end := strings.IndexAny(p[i+n:], closes)
		if end < 0 {
			break
		}
		_, csize := utf8.DecodeRuneInString(p[i+n+end:])
		if b.Len() == 0 {
			b.Grow(len(p))
		}
		b.WriteString(p[last:i])
		b.WriteString(" ⁂ ")
		i += n + end + csize - 1
		last = i + 1
	}
	if last == 0 {
		return p
	}
	b.WriteString(p[last:])
	return b.String()
}

// learnAcronyms remembers "Ministry of External Affairs (MEA)": the
// capitalised phrase before an acronym in brackets.
func (x *extractor) learnAcronyms(ws []word) {
	for i := 0; i+2 < len(ws); i++ {
		if !ws[i].is("(") || !ws[i+2].is(")") || !isAcronymWord(ws[i+1].text) {
			continue
		}
		np, _ := chunkBeforeAt(ws, i)
		name := trimOwner(joinWords(content(np)))
		if name == "" || !capitalised(name) {
			continue
		}
		x.acronyms[ws[i+1].text] = name
	}
}

// trimOwner drops a leading article and a possessive owner: "South Korea's
// Joint Chiefs of Staff" → "Joint Chiefs of Staff".
func trimOwner(s string) string {
	s = strings.TrimSpace(s)
	for _, sep := range []string{"'s ", "’s "} {
		// "South Korea's Joint Chiefs of Staff" loses its owner;
		// "Coconino County Sheriff's Office" keeps the sheriff.
		if i := strings.LastIndex(s, sep); i >= 0 && strings.Count(s[i+len(sep):], " ") >= 1 {
			s = s[i+len(sep):]
		}
	}
	for {
		lw := strings.ToLower(s)
		switch {
		case strings.HasPrefix(lw, "the "):
			s = s[4:]
		case strings.HasPrefix(lw, "of ") || strings.HasPrefix(lw, "and ") || strings.HasPrefix(lw, "for "):
			s = s[strings.IndexByte(s, ' ')+1:]
		default:
			return strings.TrimSpace(s)
		}
	}
}

// word is a token of a sentence.
type word struct {
	text     string
	low      string
	punct    bool
	quote    bool   // a masked quotation
	capitals bool   // starts with a capital
	c        uint32 // the word lists it is on (see lex)
}

// has reports whether the word is on one of the lists in classes.
func (w word) has(classes uint32) bool { return w.c&classes != 0 }

func (w word) cap() bool { return w.capitals }

func tokens(p string) []word {
	return tokensInto(make([]word, 0, len(p)/4+1), p)
}

// tokensInto appends the words of p to out and returns it.
func tokensInto(out []word, p string) []word {
	i := 0
	for i < len(p) {
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == '⁂':
			out = append(out, word{text: "⁂", quote: true})
			i += size
		case unicode.IsSpace(r) || r == '\u00a0':
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(p) {
				if b := p[j]; 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' {
					j++ // ASCII letters and digits, without decoding
					continue
				}
				c, n := utf8.DecodeRuneInString(p[j:])
				if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
					j += n
					continue
				}
				if (c == '\'' || c == '’' || c == '-' || c == '.' || c == '&') && j+n < len(p) {
					d, _ := utf8.DecodeRuneInString(p[j+n:])
					if unicode.IsLetter(d) || unicode.IsDigit(d) {
						j += n
						continue
					}
				}
				// "Manufacturers' Association": a plural possessive inside a
				// capitalised name keeps its apostrophe.
				if (c == '\'' || c == '’') && (p[j-1] == 's' || p[j-1] == 'S') && pluralPossessiveAt(p, j+n) {
					j += n
					break
				}
				// "S. Jaishankar" is an initial; "on X." ends a sentence.
				if c == '.' && isAbbrev(p[i:j]) && !(utf8.RuneCountInString(p[i:j]) == 1 && afterPreposition(p, i)) {
					j += n
				}
				break
			}
			w := word{text: p[i:j], low: lower(p[i:j])}
			w.c = lex[w.low]
			if last := w.low[len(w.low)-1]; last == '\'' || last == 0x99 {
				w.c = lex[strings.TrimRight(w.low, "'’")] // "Platforms'" is "platforms"
			}
			c, _ := utf8.DecodeRuneInString(w.text)
			w.capitals = unicode.IsUpper(c) || unicode.IsLetter(c) && !unicode.IsLower(c) || elidedCapital(w.text)
			out = append(out, w)
			i = j
		default:
			out = append(out, word{text: p[i : i+size], low: p[i : i+size], punct: true})
			i += size
		}
	}
	return out
}

// elidedCapital reports a French elided article before a capitalised
// word, "l'Intérieur", "d'Orsay": the word is a name.
func elidedCapital(w string) bool {
	for _, p := range []string{"l'", "d'", "l’", "d’"} {
		if rest, ok := strings.CutPrefix(w, p); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return unicode.IsUpper(r)
		}
	}
	return false
}

// pluralPossessiveAt reports whether a space and a capitalised word
// follow at p[k], as after "Manufacturers'" in a body's name.
func pluralPossessiveAt(p string, k int) bool {
	if k+1 >= len(p) || p[k] != ' ' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p[k+1:])
	return unicode.IsUpper(r)
}

// lower folds a word's case (shared with the other wire passes).
func lower(w string) string { return textcase.Lower(w) }

var abbrevs = textcase.WordSet(`mr|mrs|ms|dr|gov|sen|rep|gen|lt|col|st|jr|sr|no|inc|ltd|co|corp|prof|capt|sgt|maj|jan|feb|mar|apr|
jun|jul|aug|sep|sept|oct|nov|dec|u.s|u.k|u.n|d.c|ala|ariz|ark|calif|colo|conn|fla|ga|ill|kan|ky|md|mass|mich|minn|mo|mont|
neb|nev|okla|ore|pa|tenn|tex|va|vt|wis|wyo|n.y|n.j|n.c|s.c|n.h|n.m|n.d|s.d|r.i|w.va`)

func isAbbrev(w string) bool {
	return abbrevs[strings.ToLower(w)] || utf8.RuneCountInString(w) == 1
}

func afterPreposition(p string, i int) bool {
	before := strings.ToLower(strings.TrimRight(p[max(0, i-6):i], " "))
	for _, w := range []string{" on", " to", " via", " in", " at"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

func splitSentences(ws []word) [][]word {
	var out [][]word
	start := 0
	for i, w := range ws {
		// "(D-Ore.) said": a full stop inside brackets ends an
		// abbreviation, not the sentence.
		if w.punct && (w.text == "." || w.text == "?" || w.text == "!") && !(i+1 < len(ws) && ws[i+1].is(")")) {
			out = append(out, ws[start:i+1])
			start = i + 1
		}
	}
	if start < len(ws) {
		out = append(out, ws[start:])
	}
	return out
}

func joinWords(ws []word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && !(w.punct && (w.text == "," || w.text == ")" || w.text == "." || w.text == ":")) && !ws[i-1].is("(") {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

func (w word) is(s string) bool { return w.punct && w.text == s }
