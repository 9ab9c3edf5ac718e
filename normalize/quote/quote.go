// Package quote finds the quotations in a story and the people who said
// them.
//
// It reads the marks agencies use — straight and curly double quotes,
// « », „ “, ‘single’ quotes where a style uses them — including a quote
// that runs over several paragraphs, pull quotes ("…" – Yury Ushakov) and
// partial quotes inside a sentence. Each quotation is put to its speaker
// as the story names them in full: "Ushakov" becomes "Yury Ushakov",
// "he said" the last person the story was about who can be "he", "the
// Home Minister" the person introduced with that title, "the MEA" the
// Ministry of External Affairs; titles are dropped from names. When
// another outlet relayed the words ("CNN quoted him", "told CNN", "as
// reported by CNN") the quotation records it in Via. A pull quote repeated
// in the body is one quotation.
package quote

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/dateline"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// doubledApostrophes rewrites a pair of apostrophes as one double
// quotation mark: some archives and wire systems that know only ASCII
// write the double mark as two apostrophes. paras is copied only when a paragraph holds one.
func doubledApostrophes(paras []string) []string {
	out := paras
	for i, p := range paras {
		if !strings.Contains(p, "''") {
			continue
		}
		if &out[0] == &paras[0] {
			out = slices.Clone(paras)
		}
		out[i] = doubledIn(p)
	}
	return out
}

// doubledIn rewrites one paragraph. Three apostrophes in a row are a
// single mark beside a double one: when they open a quote the double mark
// comes first, when they close one the single mark does.
func doubledIn(p string) string {
	const three = "'''"
	if strings.Contains(p, three) {
		var b strings.Builder
		for {
			i := strings.Index(p, three)
			if i < 0 {
				break
			}
			b.WriteString(p[:i])
			if i+3 < len(p) && p[i+3] != ' ' && (i == 0 || p[i-1] == ' ') {
				b.WriteString("\"'")
			} else {
				b.WriteString("'\"")
			}
			p = p[i+3:]
		}
		b.WriteString(p)
		p = b.String()
	}
	return strings.ReplaceAll(p, "''", "\"")
}

// partyTagRe matches a US party tag after a name: " (D-Minn.)", " (R)",
// " (I-Vt.)". It stands between a name and its verb ("Rep. X (D-Md.)
// said") and names nobody.
var partyTagRe = regexp.MustCompile(`\s\((?:D|R|I)(?:-[A-Z][A-Za-z.]{0,12})?\)|,\s(?:D|R|I)-[A-Z][A-Za-z.]{1,12},`)

// dropPartyTags removes party tags, copying paras only when one has them.
func dropPartyTags(paras []string) []string {
	out := paras
	for i, p := range paras {
		if !strings.Contains(p, " (D") && !strings.Contains(p, " (R") && !strings.Contains(p, " (I") &&
			!strings.Contains(p, ", D-") && !strings.Contains(p, ", R-") && !strings.Contains(p, ", I-") {
			continue
		}
		q := partyTagRe.ReplaceAllString(p, "")
		if q == p {
			continue
		}
		if &out[0] == &paras[0] {
			out = slices.Clone(paras)
		}
		out[i] = q
	}
	return out
}

// Options tune Extract. The zero value is ready to use.
type Options struct {
	// BlockQuotes are the indexes of paragraphs that came from a
	// block-quote element (<blockquote>, a pull-quote aside): their text
	// is a quotation even without marks.
	BlockQuotes []int
}

// Extract returns the quotations in a story's paragraphs, in order.
// Position is the index of the paragraph a quotation starts in. It never
// fails; text without quotations gives none.
func Extract(paras []string, opts Options) []article.Quote {
	paras = doubledApostrophes(paras)
	paras = dropPartyTags(paras)
	spans := scan(paras)
	if len(spans) == 0 && len(opts.BlockQuotes) == 0 {
		return nil
	}
	segsBy := make([][]qseg, len(paras))
	for qi, sp := range spans {
		for _, g := range sp.segs {
			segsBy[g.para] = append(segsBy[g.para], qseg{from: g.from, to: g.to, q: qi})
		}
	}
	// Nothing after the last quotation can say who spoke, so the story is
	// read only that far.
	last := 0
	for _, sp := range spans {
		last = max(last, sp.segs[len(sp.segs)-1].para)
	}
	for _, b := range opts.BlockQuotes {
		if b < len(paras) {
			last = max(last, b)
		}
	}
	s := newStory()
	sents := make([][][]token, len(paras))
	limit := last + 3 // a headline quote's speaker is named in full just after it
	names := make([][][][]token, len(paras))
	size := 0
	for i, p := range paras {
		if i <= limit {
			size += len(p)/4 + len(segsBy[i]) + 1
		}
	}
	buf := make([]token, 0, size) // one allocation for the story's tokens
	for i, p := range paras {
		if i > limit {
			break
		}
		slices.SortFunc(segsBy[i], func(a, b qseg) int { return a.from - b.from })
		start := len(buf)
		buf = tokenizeInto(buf, p, segsBy[i])
		toks := buf[start:len(buf):len(buf)]
		// "Washington, April 23: US President Donald Trump…": the dateline
		// is not the sentence's subject.
		if i < dateline.FindLimit {
			if _, n, ok := dateline.Parse(p, nil); ok {
				for len(toks) > 0 && int(toks[0].off) < n && toks[0].kind != tQuote {
					toks = toks[1:]
				}
			}
		}
		sents[i] = sentences(toks)
		names[i] = make([][][]token, len(sents[i]))
		for si, st := range sents[i] {
			names[i][si] = s.learn(st)
		}
	}
	cands := make([]*candidate, len(spans))
	for qi, sp := range spans {
		cands[qi] = &candidate{span: sp, text: sp.text(paras), para: sp.segs[0].para, off: sp.segs[0].from}
	}
	ex := extraction{s: s, paras: paras, sents: sents, names: names, cands: cands}
	ex.run()
	for _, b := range opts.BlockQuotes {
		if b >= 0 && b < len(paras) && len(segsBy[b]) == 0 {
			ex.blockParagraph(b)
		}
	}
	return ex.result()
}

// candidate is a quotation on its way to becoming an article.Quote.
type candidate struct {
	span       *span
	text       string
	para, off  int
	speaker    string
	verb       string
	via        string
	kind       article.QuoteKind
	attributed bool
	work       bool // the marks name a programme, book or film, not words said
	alone      bool // the quotation is its sentence
	sentence   []token
}

type extraction struct {
	s     *story
	paras []string
	sents [][][]token
	names [][][][]token // the names each sentence gives, as learn found them
	cands []*candidate
	extra []*candidate
	last  *candidate // the last quotation put to someone
	// issuerPara is the paragraph that last named who issued a statement
	// or post.
	issuerPara int
	para       int // the paragraph being read
}

// run reads the story in order, sentence by sentence, keeping track of who
// it is about, and puts each quotation to its speaker.
func (ex *extraction) run() {
	ex.issuerPara = -1
	for i := range ex.paras {
		ex.para = i
		for si, st := range ex.sents[i] {
			for _, n := range ex.names[i][si] {
				ex.s.seenNow(ex.s.find(n))
			}
			ex.subject(st)
			for k, t := range st {
				if t.kind != tQuote {
					continue
				}
				c := ex.cands[t.q]
				if c.attributed {
					continue
				}
				ex.attribute(c, i, si, st, k)
			}
			ex.noteIssuer(st)
		}
	}
}

// chunkEnd is the index in st just after chunk c, which is a slice of st.
func chunkEnd(st []token, c chunk) int {
	if len(c.toks) == 0 {
		return 0
	}
	last := c.toks[len(c.toks)-1]
	for k := range st {
		if st[k].off == last.off && st[k].kind == last.kind {
			return k + 1
		}
	}
	return 0
}

// subject updates who the story is about from the subject of a sentence.
func (ex *extraction) subject(st []token) {
	c := sentenceSubject(st)
	if c.empty() {
		return
	}
	// "The outgoing finance minister, Ricardo Bonilla, thanked…", "The
	// study's lead author, Dr Sameer Khanna, said": the name in apposition
	// is the subject.
	end := chunkEnd(st, c)
	for n := 0; n < 4 && end < len(st) && st[end].kind == tWord && !st[end].isCap() && !isSpeech(st[end].low); n++ {
		end++
	}
	if end+1 < len(st) && st[end].is(",") {
		if c2, _ := chunkAt(st, end+1); !c2.empty() {
			if _, n2 := nameTail(c2.words()); len(n2) >= 2 {
				if p := ex.s.find(n2); p != nil {
					ex.s.mention(p)
					return
				}
			}
		}
	}
	ws := c.words()
	if len(ws) == 0 {
		return
	}
	if len(ws) == 1 {
		if g, ok := pronouns[ws[0].low]; ok {
			ex.s.mention(ex.s.pronoun(g))
			return
		}
	}
	if name, ok := orgName(ws); ok {
		ex.s.lastBody = name
		return
	}
	// "Veteran cosmonaut Oleg Artemyev said": a capitalised description,
	// lower-case words, then the name.
	if _, n := nameTail(ws); len(n) == 0 || len(n) == 1 && ex.s.find(n) == nil {
		if c3, _ := describedName(st, chunkEnd(st, c)); !c3.empty() {
			if _, n3 := nameTail(c3.words()); len(n3) >= 2 {
				if p := ex.s.find(n3); p != nil {
					ex.s.mention(p)
					return
				}
			}
		}
	}
	if len(ws) == 1 && ex.s.acronyms[ws[0].text] != "" {
		ex.s.lastBody = ex.s.acronyms[ws[0].text]
		return
	}
	// "Congress MP Vivek Menon and Commerce Minister Sunil Joshi clashed"
	for _, part := range splitAnd(ws) {
		if _, name := nameTail(part); len(name) > 0 {
			if p := ex.s.find(name); p != nil {
				ex.s.mention(p)
			}
		}
	}
	if _, name := nameTail(ws); len(name) > 0 {
		return
	}
	hl := ws[len(ws)-1].baseLow()
	if orgWords[hl] && !ws[len(ws)-1].isCap() {
		if o := ex.s.orgByHead(ws); o != "" {
			ex.s.lastBody = o
		}
		return
	}
	// "A mother of five … told AFP": someone the story does not name is
	// now who "she" refers to.
	if first := c.toks[0].low; (first == "a" || first == "an" || first == "one") && (genericHeads[hl] || isTitle(hl)) {
		ex.s.mention(&person{titles: map[string]bool{}, gender: nounGender[hl]})
		return
	}
	if isTitle(hl) && !genericHeads[hl] {
		if p := ex.s.byTitle(ws); p != nil {
			ex.s.mention(p)
		}
	}
}

// nounGender is the gender some nouns for people carry.
var nounGender = map[string]byte{"mother": 'f', "woman": 'f', "wife": 'f', "daughter": 'f', "sister": 'f', "girl": 'f',
	"grandmother": 'f', "father": 'm', "man": 'm', "husband": 'm', "son": 'm', "brother": 'm', "boy": 'm', "grandfather": 'm'}

// splitAnd splits "A and B" into its parts.
func splitAnd(ws []token) [][]token {
	var out [][]token
	start := 0
	for k, t := range ws {
		if t.low == "and" || t.low == "y" || t.low == "und" || t.low == "et" || t.low == "dan" {
			out = append(out, ws[start:k])
			start = k + 1
		}
	}
	return append(out, ws[start:])
}

// noteIssuer remembers who issued the statement or post a sentence talks
// about, for a later "the statement said".
func (ex *extraction) noteIssuer(st []token) {
	mentions := false
	for _, t := range st {
		if t.kind == tWord && (t.has(cComm) || t.low == "shared" || t.low == "posted" || t.low == "tweeted") {
			mentions = true
			break
		}
	}
	if !mentions {
		return
	}
	for k, t := range st {
		// "a statement issued by X", "a post on X by the MFA" — not
		// "a meeting chaired by X".
		if t.low == "by" && k+1 < len(st) && issuedBefore(st, k) {
			if c, _ := chunkAt(st, k+1); !c.empty() {
				if name, _ := ex.s.speaker(c); name != "" {
					ex.s.issuer = name
					ex.issuerPara = ex.para
					return
				}
			}
		}
	}
	c := sentenceSubject(st)
	name := ""
	if !c.empty() {
		ws := c.words()
		if len(ws) > 0 && !communications[ws[len(ws)-1].baseLow()] {
			name, _ = ex.s.speaker(c)
		}
	}
	ex.s.issuer = name
	if name != "" {
		ex.issuerPara = ex.para
	}
}

// issuedBefore reports whether a communication or its issuing comes just
// before the "by" at st[k].
func issuedBefore(st []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		w := st[j].low
		if communications[w] || w == "issued" || w == "released" || w == "posted" || w == "shared" || w == "published" {
			return true
		}
	}
	return false
}

// attribute finds who said the quotation c, met at st[k] in sentence si of
// paragraph i.
func (ex *extraction) attribute(c *candidate, i, si int, st []token, k int) {
	first := c.span.segs[0].para == i
	last := c.span.segs[len(c.span.segs)-1].para == i
	if first && last && titleOfWork(st, k, c.text) {
		c.work, c.attributed = true, true
		return
	}
	c.alone = quoteAlone(st, k)
	var a cue
	if last {
		a = right(st, k)
		if a.found && !a.block {
			a.partial = hasLeadWords(st, k)
		}
		// `… that they said would "crush the salaried class", Dawn
		// reported`: the outlet reports the sentence; a speaker inside it
		// said the words.
		if a.found && a.partial && (a.verb == "reported" || a.verb == "reports") {
			if l := left(ex.s, st, k); l.found {
				a = l
			}
		}
	}
	if !a.found && first && i < len(ex.sents) && si == 0 {
		a = headline(st, k)
	}
	if !a.found && first {
		a = roundup(st, k)
	}
	if !a.found && first {
		a = left(ex.s, st, k)
	}
	if !a.found && first && k == 0 && si == 0 {
		a = ex.colon(i)
	}
	if !a.found && last && c.alone && si+1 < len(ex.sents[i]) {
		a = nextSentenceCredit(ex.sents[i][si+1])
	}
	if !a.found && first && c.alone && si > 0 {
		a = ex.priorSpeech(ex.sents[i][si-1])
	}
	if !a.found && !last {
		return // read the attribution where the quotation ends
	}
	c.sentence = st
	switch {
	case a.found:
		c.attributed = true
		c.verb = a.verb
		name, p := a.name, (*person)(nil)
		if name == "" && !a.np.empty() {
			name, p = ex.s.speaker(a.np)
		}
		c.speaker = name
		ex.s.mention(p)
		if p == nil && name != "" {
			ex.s.lastBody = name
		}
		switch {
		case a.block:
			c.kind = article.QuoteBlock
		case a.partial:
			c.kind = article.QuotePartial
		default:
			c.kind = article.QuoteDirect
		}
		c.via = via(st)
		ex.last = c
	case (c.alone || k == 0 && ex.sameParaAsLast(c) && !speechAfter(st, k)) && ex.last != nil && ex.continues(c):
		// A quotation standing alone after another goes on with the same
		// speaker: `"…," Mills said. "Downed lines are everywhere."`; so
		// does one that opens its sentence with no verb of its own after
		// it (`"…," which votes June 7.`).
		c.attributed = true
		c.speaker, c.verb, c.via = ex.last.speaker, ex.last.verb, ex.last.via
		c.kind = article.QuoteDirect
		ex.last = c
	default:
		c.kind = article.QuoteDirect
		if c.alone && k == 0 && len(st) <= 2 && si == 0 && len(ex.sents[i]) == 1 {
			c.kind = article.QuoteBlock
			// A post or statement quoted on its own after the paragraph
			// that introduces it: "In a post on X by the MFA, …".
			if ex.issuerPara == i-1 && ex.s.issuer != "" {
				c.speaker = ex.s.issuer
				c.attributed = true
			}
		}
	}
}

// titleOfWork reports a quotation that names a work: a short phrase in
// title case after an owner or before what it is — CNN's "State of the
// Union" program, the "Maidaan 2" trailer.
func titleOfWork(st []token, k int, text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || len(words) > 6 || !titleCase(words) {
		return false
	}
	if k > 0 && st[k-1].kind == tWord && st[k-1].possessive() {
		return true
	}
	return k+1 < len(st) && st[k+1].kind == tWord && workNouns[st[k+1].low]
}

// workNouns name what a title in quotation marks is.
var workNouns = textcase.WordSet(`program|programme|show|series|podcast|documentary|film|movie|book|novel|album|song|single|
play|musical|trailer|campaign|operation|initiative|exhibition|column|newsletter`)

// continues reports whether c follows the last attributed quotation closely
// enough to share its speaker: in the same paragraph, or opening the next.
func (ex *extraction) continues(c *candidate) bool {
	lp := ex.last.span.segs[len(ex.last.span.segs)-1].para
	return c.para == lp || c.para == lp+1 && c.off <= leadSpace(ex.paras[c.para])
}

// sameParaAsLast reports whether the last attributed quotation ended in
// the paragraph where c starts.
func (ex *extraction) sameParaAsLast(c *candidate) bool {
	return ex.last != nil && ex.last.span.segs[len(ex.last.span.segs)-1].para == c.para
}

// speechAfter reports whether a speech verb follows the quotation at
// st[k] in its sentence.
func speechAfter(st []token, k int) bool {
	for j := k + 1; j < len(st); j++ {
		t := st[j]
		if t.kind == tWord && !t.isCap() && (isSpeech(t.low) || t.has(cChar) || t.has(cPartic)) {
			// "Mr. Zahed said:" opens the next quotation, not this one
			return j+1 >= len(st) || !st[j+1].is(":")
		}
	}
	return false
}

// colon puts a quotation that opens a paragraph to the speaker of the
// paragraph before when that one ends with a colon: `the President said:`.
func (ex *extraction) colon(i int) cue {
	if i == 0 || len(ex.sents[i-1]) == 0 {
		return cue{}
	}
	prev := ex.sents[i-1][len(ex.sents[i-1])-1]
	if len(prev) < 2 || !prev[len(prev)-1].is(":") {
		return cue{}
	}
	// Read the sentence as if the quotation followed the colon.
	virtual := append(slices.Clone(prev), token{kind: tQuote, q: -1})
	a := left(ex.s, virtual, len(virtual)-1)
	a.partial = false
	return a
}

// priorSpeech reads a sentence that ends in its speech verb just before a
// quotation standing alone: `Dianne Bystrom agreed. "…"`, `Mehra said on
// Monday. "…"`. The verb's named subject speaks.
func (ex *extraction) priorSpeech(prev []token) cue {
	for v := len(prev) - 1; v >= 0 && v >= len(prev)-5; v-- {
		t := prev[v]
		if t.kind == tQuote {
			return cue{}
		}
		if t.kind != tWord || t.isCap() || !isSpeech(t.low) && t.low != "agreed" && t.low != "disagreed" {
			continue
		}
		if v > 0 && (nounMarkers[prev[v-1].low] || prev[v-1].possessive()) {
			return cue{}
		}
		np := subjectBefore(prev, v)
		if name, _ := ex.s.peek(np); name == "" {
			return cue{}
		}
		return cue{np: np, verb: t.text, found: true}
	}
	return cue{}
}

// quoteAlone reports whether the quotation at st[k] is all its sentence
// says, bar punctuation.
func quoteAlone(st []token, k int) bool {
	for j, t := range st {
		if j != k && t.kind != tPunct {
			return false
		}
	}
	return true
}

// hasLeadWords reports whether words of the sentence come before the
// quotation, making it a partial quote: `…lasted three hours and was
// "constructive and very useful," Yury Ushakov … told reporters`.
func hasLeadWords(st []token, k int) bool {
	for _, t := range st[:k] {
		if t.kind == tWord {
			return true
		}
	}
	return false
}

// blockParagraph turns a block-quote paragraph without marks into a
// quotation, with the credit after a dash as its speaker.
func (ex *extraction) blockParagraph(b int) {
	text := strings.TrimSpace(ex.paras[b])
	c := &candidate{text: text, para: b, kind: article.QuoteBlock, attributed: true}
	for _, d := range []string{" – ", " — ", " - ", "\n—", "\n–"} {
		if i := strings.LastIndex(text, d); i > 0 {
			toks := tokenize(text[i+len(d):], nil)
			if ch, j := chunkAt(toks, 0); !ch.empty() && (j == len(toks) || toks[j].is(",")) {
				c.text = strings.TrimSpace(text[:i])
				c.speaker, _ = ex.s.speaker(ch)
			}
			break
		}
	}
	ex.extra = append(ex.extra, c)
}

// result filters, merges and orders the quotations.
func (ex *extraction) result() []article.Quote {
	var keep []*candidate
	for _, c := range append(slices.Clone(ex.cands), ex.extra...) {
		if c.keep() {
			keep = append(keep, c)
		}
	}
	keep = dedupe(keep)
	slices.SortStableFunc(keep, func(a, b *candidate) int {
		if a.para != b.para {
			return a.para - b.para
		}
		return a.off - b.off
	})
	out := make([]article.Quote, 0, len(keep))
	for _, c := range keep {
		out = append(out, article.Quote{
			Text:     trimQuote(c.text),
			Speaker:  c.speaker,
			Verb:     c.verb,
			Via:      c.via,
			Kind:     c.kind,
			Position: c.para,
		})
	}
	return out
}

// trimQuote drops the trailing comma wire style puts inside the marks.
func trimQuote(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;"))
}

// keep decides whether a quotation is one: words someone said or wrote,
// not a title ("Low Tide"), a name ("Make in India") or a scare quote.
func (c *candidate) keep() bool {
	words := strings.Fields(c.text)
	letters := false
	for _, r := range c.text {
		if unicode.IsLetter(r) {
			letters = true
			break
		}
	}
	if !letters || len(words) == 0 {
		return false
	}
	if c.work {
		return false
	}
	if c.span != nil && len(c.span.segs) > 1 || c.kind == article.QuoteBlock {
		return true
	}
	if titleCase(words) && len(words) <= 4 && c.verb == "" {
		return false
	}
	if c.attributed && (c.speaker != "" || c.verb != "") {
		return len(words) >= 1
	}
	if c.span != nil && c.span.fam == famSingle && len(words) < 3 {
		return false
	}
	// An unattributed quotation must read as a sentence of its own.
	first, _ := firstRune(c.text)
	sentenceLike := unicode.IsUpper(first) && (len(words) >= 4 || strings.ContainsAny(lastRuneStr(c.text), ".!?"))
	return sentenceLike
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func lastRuneStr(s string) string {
	s = strings.TrimRight(s, " ,")
	if s == "" {
		return ""
	}
	return s[len(s)-1:]
}

// titleCase reports whether every word starts with a capital: the name of
// a film, campaign or operation rather than speech.
func titleCase(words []string) bool {
	for _, w := range words {
		r, _ := firstRune(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !(len(w) <= 3 && unicode.IsLower(r)) {
			return false
		}
	}
	r, _ := firstRune(words[len(words)-1])
	return unicode.IsUpper(r)
}

// dedupe merges quotations that are the same words: a pull quote repeated
// in the body, a key point quoting the body. The longer text wins (of two
// equal ones, the one the body attributes with a verb) and takes what the
// other knew and it did not.
func dedupe(cs []*candidate) []*candidate {
	if len(cs) > maxDedupe {
		return cs // a hostile page; real stories quote far fewer
	}
	norm := make([]string, len(cs))
	for i, c := range cs {
		norm[i] = " " + normalize(c.text) + " "
	}
	drop := make([]bool, len(cs))
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if drop[i] || drop[j] {
				continue
			}
			var win, lose int
			switch {
			case norm[i] == norm[j]:
				win, lose = i, j
				if better(cs[j], cs[i]) {
					win, lose = j, i
				}
			case strings.Contains(norm[j], norm[i]):
				win, lose = j, i
			case strings.Contains(norm[i], norm[j]):
				win, lose = i, j
			default:
				continue
			}
			w, l := cs[win], cs[lose]
			if norm[i] != norm[j] && w.speaker != "" && l.speaker != "" && w.speaker != l.speaker {
				continue // the same words from two people
			}
			if w.speaker == "" {
				w.speaker = l.speaker
			}
			if w.verb == "" {
				w.verb = l.verb
			}
			if w.via == "" {
				w.via = l.via
			}
			drop[lose] = true
		}
	}
	var out []*candidate
	for i, c := range cs {
		if !drop[i] {
			out = append(out, c)
		}
	}
	return out
}

// maxDedupe bounds the pairwise comparison of quotations.
const maxDedupe = 400

// better reports whether a is the better of two copies of one quotation:
// the one the body attributes with a verb, else the later one (pull
// quotes, summaries and key points come before the body).
func better(a, b *candidate) bool {
	if (a.verb != "") != (b.verb != "") {
		return a.verb != ""
	}
	if (a.speaker != "") != (b.speaker != "") {
		return a.speaker != ""
	}
	if (a.kind == article.QuoteBlock) != (b.kind == article.QuoteBlock) {
		return b.kind == article.QuoteBlock
	}
	return a.para > b.para
}

// normalize lower-cases text and keeps letters and digits, for comparing
// quotations.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}
