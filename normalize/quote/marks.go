package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// family groups quotation marks that pair with each other.
type family byte

const (
	famDouble    family = iota + 1 // "…" “…” „…“ „…” ”…”
	famGuillemet                   // «…» »…«
	famSingle                      // '…' ‘…’ ‚…‘
	famCorner                      // 「…」 『…』
)

// opener is an open quotation mark on the scanner's stack.
type opener struct {
	mark   rune
	fam    family
	at     int // byte offset of the mark
	closes string
}

// segment is the part of a quotation inside one paragraph.
type segment struct {
	para       int
	start, end int // the quoted text, without marks
	from, to   int // the quotation with its marks
}

// span is one top-level quotation; it may run over several paragraphs.
type span struct {
	segs   []segment
	fam    family
	closed bool
}

// text is the quotation without its marks, paragraphs joined by a space.
func (s *span) text(paras []string) string {
	parts := make([]string, 0, len(s.segs))
	for _, g := range s.segs {
		if t := strings.TrimSpace(paras[g.para][g.start:g.end]); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// closerFor lists the marks that close an opening mark.
func closerFor(r rune) (string, family) {
	switch r {
	case '"':
		return `"”`, famDouble // copy mixes straight and curly marks
	case '“':
		return "”“\"", famDouble // “…” in English; a stray “ or " closing is tolerated
	case '„':
		return "“”", famDouble
	case '”':
		return "”", famDouble // Swedish and Finnish ”…”
	case '«':
		return "»", famGuillemet
	case '»':
		return "«", famGuillemet // German and Danish »…«
	case '‘':
		return "’", famSingle
	case '‚':
		return "‘’", famSingle
	case '\'':
		return "'", famSingle
	case '「':
		return "」", famCorner
	case '『':
		return "』", famCorner
	}
	return "", 0
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '’', '‚', '\'', '「', '」', '『', '』':
		return true
	}
	return false
}

func isOpenPunct(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', ':', ';', ',':
		return true
	}
	return false
}

func isTrailPunct(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '…', '—', '–', '-', '/':
		return true
	}
	return false
}

// maxNesting bounds how deep quotations nest; prose rarely goes past
// three, and a deeper stack is a hostile page.
const maxNesting = 8

// scanner finds the top-level quotations of a story's paragraphs.
type scanner struct {
	paras   []string
	spans   []*span
	closers map[closerKey]int
	cur     int // the paragraph being scanned
}

// scan returns the story's quotations in order. A quotation still open at
// the end of a paragraph continues when the next paragraph opens with a
// mark of the same family (the wire convention for a quote that runs over
// paragraphs); otherwise it ends with its paragraph.
func scan(paras []string) []*span {
	sc := scanner{paras: paras}
	var carry *span
	for i, p := range paras {
		carry = sc.paragraph(i, p, carry)
	}
	if carry != nil {
		sc.spans = append(sc.spans, carry)
	}
	return sc.spans
}

// paragraph scans one paragraph. carry is a quotation continued from the
// previous paragraph; the returned span is one that continues into the
// next.
func (sc *scanner) paragraph(idx int, p string, carry *span) *span {
	sc.cur = idx
	var stack []opener
	var cur *span // the top-level quotation being read
	pos := 0
	if carry != nil {
		// The paragraph opens with the continuation mark; the quotation
		// goes on from after it.
		lead := len(p) - len(strings.TrimLeft(p, " \t\u00a0"))
		r, size := utf8.DecodeRuneInString(p[lead:])
		_, fam := closerFor(r)
		if fam == carry.fam {
			cur = carry
			stack = append(stack, opener{mark: r, fam: fam, at: lead, closes: closersOf(carry)})
			cur.segs = append(cur.segs, segment{para: idx, start: lead + size, from: lead})
			pos = lead + size
		} else {
			sc.spans = append(sc.spans, carry)
		}
	}
	prev := rune(-1)
	if pos > 0 {
		prev, _ = utf8.DecodeLastRuneInString(p[:pos])
	}
	for pos < len(p) {
		if c := p[pos]; c < 0x80 && c != '"' && c != '\'' {
			prev = rune(c) // plain ASCII, no mark: the usual byte
			pos++
			continue
		}
		r, size := utf8.DecodeRuneInString(p[pos:])
		if !isQuoteMark(r) {
			prev = r
			pos += size
			continue
		}
		next := rune(-1)
		if pos+size < len(p) {
			next, _ = utf8.DecodeRuneInString(p[pos+size:])
		}
		openCtx := (prev < 0 || isSpaceRune(prev) || isOpenPunct(prev) || isQuoteMark(prev)) && next >= 0 && !isSpaceRune(next)
		closeCtx := prev >= 0 && !isSpaceRune(prev) && (next < 0 || isSpaceRune(next) || isTrailPunct(next) || isQuoteMark(next))
		if r == '«' || r == '»' {
			// French sets guillemets apart with spaces: « Nous … ».
			openCtx = next >= 0
			closeCtx = prev >= 0
		}
		closed := false
		// Close the innermost opener this mark closes.
		if k := matchingOpener(stack, r); k >= 0 && (closeCtx || !openCtx) && sc.isCloser(stack[k], r, p, pos, prev, next) {
			if k == 0 && cur != nil {
				g := &cur.segs[len(cur.segs)-1]
				g.end, g.to = pos, pos+size
				cur.closed = true
				sc.spans = append(sc.spans, cur)
				cur = nil
			}
			stack = stack[:k]
			closed = true
		}
		if !closed && openCtx && len(stack) < maxNesting {
			if closes, fam := closerFor(r); fam != 0 && sc.mayOpen(r, stack, prev, next) {
				stack = append(stack, opener{mark: r, fam: fam, at: pos, closes: closes})
				if len(stack) == 1 {
					cur = &span{fam: fam, segs: []segment{{para: idx, start: pos + size, from: pos}}}
				}
			}
		}
		prev = r
		pos += size
	}
	if cur == nil {
		return nil
	}
	g := &cur.segs[len(cur.segs)-1]
	g.end, g.to = len(p), len(p)
	// A single quote left open is usually an apostrophe read as a mark,
	// unless it opened the paragraph.
	if cur.fam == famSingle && g.from > leadSpace(p) && !strings.HasPrefix(nextParaStart(sc.paras, idx), string(stack[0].mark)) {
		return nil
	}
	if idx+1 < len(sc.paras) {
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(sc.paras[idx+1], " \t\u00a0")); r >= 0 {
			if _, fam := closerFor(r); fam == cur.fam {
				return cur // continues in the next paragraph
			}
		}
	}
	sc.spans = append(sc.spans, cur)
	return nil
}

func leadSpace(p string) int { return len(p) - len(strings.TrimLeft(p, " \t\u00a0")) }

func nextParaStart(paras []string, i int) string {
	if i+1 < len(paras) {
		return strings.TrimLeft(paras[i+1], " \t\u00a0")
	}
	return ""
}

// closersOf is the closing marks of a span's family.
func closersOf(s *span) string {
	switch s.fam {
	case famDouble:
		return `"”“`
	case famGuillemet:
		return "»«"
	case famSingle:
		return "'’‘"
	case famCorner:
		return "」』"
	}
	return ""
}

// matchingOpener returns the index of the innermost opener r closes, or -1.
func matchingOpener(stack []opener, r rune) int {
	for k := len(stack) - 1; k >= 0; k-- {
		if strings.ContainsRune(stack[k].closes, r) {
			return k
		}
	}
	return -1
}

// mayOpen decides whether r opens a quotation here. Single marks are the
// hard case: an apostrophe opens nothing, so a single mark opens only at
// the start of a word that follows a space, bracket or another mark.
func (sc *scanner) mayOpen(r rune, stack []opener, prev, next rune) bool {
	switch r {
	case '\'', '‘', '‚':
		return (prev < 0 || isSpaceRune(prev) || isOpenPunct(prev) || isQuoteMark(prev)) && (unicode.IsLetter(next) || unicode.IsDigit(next) || isQuoteMark(next))
	case '”':
		// ”…” only opens outside any quotation; inside one it closes.
		return len(stack) == 0
	case '»':
		return len(stack) == 0
	}
	return true
}

// isCloser decides whether r closes the opener o. Single closing marks are
// also apostrophes ("the engineers’ report"), so one is taken as a close
// when punctuation touches it, or when no later mark in the paragraph
// could close the quotation instead.
func (sc *scanner) isCloser(o opener, r rune, p string, pos int, prev, next rune) bool {
	if o.fam != famSingle {
		return true
	}
	if unicode.IsLetter(next) || unicode.IsDigit(next) {
		return false // "don’t", "rock ’n’ roll"
	}
	if next < 0 || isTrailPunct(prev) || isTrailPunct(next) || isQuoteMark(next) || prev == '?' || prev == '!' {
		return true
	}
	return sc.lastCloser(p, r) <= pos // else a later mark can close it
}

// lastCloser is the offset of the last mark r in p that could close a
// quotation (followed by a space, punctuation or the end), or -1; it is
// computed once per paragraph and mark.
func (sc *scanner) lastCloser(p string, r rune) int {
	key := closerKey{sc.cur, r}
	if sc.closers == nil {
		sc.closers = map[closerKey]int{}
	}
	if v, ok := sc.closers[key]; ok {
		return v
	}
	last := -1
	for i, c := range p {
		if c == r {
			after := p[i+utf8.RuneLen(c):]
			n, _ := utf8.DecodeRuneInString(after)
			if after == "" || isSpaceRune(n) || isTrailPunct(n) {
				last = i
			}
		}
	}
	sc.closers[key] = last
	return last
}

type closerKey struct {
	para int
	r    rune
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u2009' || r == '\u202f'
}
