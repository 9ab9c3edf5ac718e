package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// tokKind says what a token is.
type tokKind byte

const (
	tWord  tokKind = iota + 1
	tPunct         // , . ; : ? ! ( ) [ ] — – - | …
	tQuote         // a quotation, standing for all its text
)

// token is a word, a punctuation mark, or a whole quotation, so the words
// around a quotation can be read without the words inside it.
type token struct {
	text string
	low  string
	q    int32  // index of the quotation, for tQuote
	off  int32  // byte offset in the paragraph
	c    uint32 // the word lists it is on (see lex)
	kind tokKind
	f    uint8 // what the word is, worked out once (see classify)
}

// has reports whether the word is on one of the lists in classes.
func (t token) has(classes uint32) bool {
	if t.f&fKnown == 0 {
		return lex[t.low]&classes != 0
	}
	return t.c&classes != 0
}

// Word properties cached on a token, since the extractor asks them of
// every word many times.
const (
	fKnown uint8 = 1 << iota
	fCap
	fTitle
	fName
	fDet
)

// classify works out a word's properties once.
func (t *token) classify() {
	if t.kind != tWord {
		return
	}
	t.f = fKnown
	t.c = lex[t.low]
	r, _ := utf8.DecodeRuneInString(t.text)
	if unicode.IsUpper(r) || unicode.IsTitle(r) || (unicode.IsLetter(r) && !unicode.IsLower(r)) {
		t.f |= fCap
	}
	if t.c&cTitleW != 0 || titleShaped(t.low) {
		t.f |= fTitle
	}
	if t.f&fCap != 0 && isNameWordUncached(*t) {
		t.f |= fName
	}
	if t.c&cDet != 0 {
		t.f |= fDet
	}
}

// isCap reports whether a word starts with a capital (or a letter of a
// script without case).
func (t token) isCap() bool {
	if t.kind != tWord {
		return false
	}
	if t.f&fKnown != 0 {
		return t.f&fCap != 0
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r) || unicode.IsTitle(r) || (unicode.IsLetter(r) && !unicode.IsLower(r))
}

// isTitleTok is isTitle for a token's word, cached.
func (t token) isTitleTok() bool {
	if t.f&fKnown != 0 {
		return t.f&fTitle != 0
	}
	return isTitle(t.low)
}

// base is the word without a possessive ending.
func (t token) base() string {
	for _, s := range []string{"'s", "’s", "s'", "s’"} {
		if strings.HasSuffix(t.text, s) && len(t.text) > len(s) {
			if s[0] == 's' {
				return strings.TrimSuffix(t.text, s[1:])
			}
			return strings.TrimSuffix(t.text, s)
		}
	}
	return t.text
}

// baseLow is base in lower case, without allocating for the usual word.
func (t token) baseLow() string {
	if len(t.base()) == len(t.text) {
		return t.low
	}
	return strings.ToLower(t.base())
}

func (t token) possessive() bool { return t.base() != t.text }

func (t token) is(p string) bool { return t.kind == tPunct && t.text == p }

// isDash reports whether t is a dash standing between words.
func (t token) isDash() bool {
	return t.kind == tPunct && (t.text == "—" || t.text == "–" || t.text == "-" || t.text == "--")
}

// tokenize splits paragraph p into tokens, with each quotation segment in
// segs (byte ranges of p, with their marks) as one token.
func tokenize(p string, segs []qseg) []token {
	return tokenizeInto(make([]token, 0, len(p)/4+len(segs)+1), p, segs)
}

// tokenizeInto appends the tokens of p to toks, so one buffer serves a
// whole story, and returns the buffer.
func tokenizeInto(toks []token, p string, segs []qseg) []token {
	i, si := 0, 0
	for i < len(p) {
		for si < len(segs) && segs[si].to <= i {
			si++ // a segment already passed (overlaps are skipped)
		}
		if si < len(segs) && i >= segs[si].from {
			toks = append(toks, token{text: p[segs[si].from:segs[si].to], kind: tQuote, q: int32(segs[si].q), off: int32(segs[si].from)})
			i = segs[si].to
			si++
			continue
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case isSpaceRune(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			end := wordEnd(p, i, segs, si)
			w := p[i:end]
			t := token{text: w, low: lower(w), kind: tWord, off: int32(i)}
			t.classify()
			toks = append(toks, t)
			i = end
		default:
			n := size
			if r == '-' && strings.HasPrefix(p[i:], "--") {
				n = 2
			}
			toks = append(toks, token{text: p[i : i+n], low: p[i : i+n], kind: tPunct, off: int32(i)})
			i += n
		}
	}
	return toks
}

// lower folds a word's case (shared with the other wire passes).
func lower(w string) string { return textcase.Lower(w) }

// qseg is a quotation segment as the tokenizer sees it.
type qseg struct {
	from, to int
	q        int
}

// wordEnd finds the end of the word starting at i: letters, digits and
// marks, with ' ’ - . & inside a word ("U.S.", "Yeon-soo", "l'Agriculture")
// and a final period kept for abbreviations and initials ("Mr.", "S.").
func wordEnd(p string, i int, segs []qseg, si int) int {
	j := i
	limit := len(p)
	if si < len(segs) && segs[si].from < limit {
		limit = segs[si].from
	}
	for j < limit {
		if c := p[j]; c < 0x80 && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			j++ // ASCII letters and digits, without decoding
			continue
		}
		r, size := utf8.DecodeRuneInString(p[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			j += size
			continue
		}
		if r == '\'' || r == '’' || r == '-' || r == '.' || r == '&' || r == '‑' {
			if j+size < limit {
				n, _ := utf8.DecodeRuneInString(p[j+size:])
				if unicode.IsLetter(n) || unicode.IsDigit(n) {
					j += size
					continue
				}
			}
			// possessive plural "engineers'" keeps its mark
			if (r == '\'' || r == '’') && j > i && p[j-1] == 's' && (j+size >= limit || isSpaceRune(nextRune(p, j+size))) {
				j += size
				break
			}
			if r == '.' {
				w := strings.ToLower(p[i:j])
				// "S. Jaishankar" is an initial; "on X." ends a sentence.
				initial := utf8.RuneCountInString(w) == 1 && !afterPreposition(p, i)
				if abbreviations[w] || initial || strings.Contains(w, ".") {
					j += size
				}
			}
		}
		break
	}
	return j
}

// afterPreposition reports whether the word at i follows "on", "to", "via"
// or "in": "on X." names a platform, not an initial.
func afterPreposition(p string, i int) bool {
	from := max(0, i-6) // look at the few bytes before the word only
	before := strings.ToLower(strings.TrimRight(p[from:i], " "))
	for _, w := range []string{" on", " to", " via", " in", " at"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

func nextRune(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// endsSentence reports whether a quotation's text ends with . ? or !.
func endsSentence(q string) bool {
	q = strings.TrimRight(q, "\"”»“'’ ")
	return strings.HasSuffix(q, ".") || strings.HasSuffix(q, "?") || strings.HasSuffix(q, "!")
}

// sentences splits tokens at sentence-ending punctuation outside
// quotations. The ending mark stays with its sentence.
func sentences(toks []token) [][]token {
	var out [][]token
	start := 0
	for i, t := range toks {
		// A quotation that ends its sentence inside the marks ends the
		// sentence when a new one starts after it — unless that is its
		// attribution: `"Why now?" Smith asked.`
		if t.kind == tQuote && i+1 < len(toks) && toks[i+1].isCap() && endsSentence(t.text) && i > start {
			if c, j := chunkAt(toks, i+1); strings.HasSuffix(strings.TrimRight(t.text, "\"”»“' "), ".") || j >= len(toks) || !speechVerbs[toks[j].low] || c.empty() {
				out = append(out, toks[start:i+1])
				start = i + 1
				continue
			}
		}
		// "asked Sen. Jeanne Shaheen, D-N.H. “Nobody…”": an abbreviation
		// closing a sentence before the next quotation.
		if t.kind == tWord && strings.HasSuffix(t.text, ".") && i+1 < len(toks) && toks[i+1].kind == tQuote && i > start {
			out = append(out, toks[start:i+1])
			start = i + 1
			continue
		}
		if t.kind == tPunct && (t.text == "." || t.text == "?" || t.text == "!" || t.text == "…") {
			// "…," or "!" followed by a lower-case word is not an end.
			if i+1 < len(toks) && toks[i+1].kind == tWord && !toks[i+1].isCap() {
				continue
			}
			out = append(out, toks[start:i+1])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}
