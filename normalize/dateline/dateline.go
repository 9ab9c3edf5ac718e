// Package dateline reads the dateline that opens a wire story — where and
// when it was filed and by which agency — in the forms agencies print:
//
//	Moscow [Russia], April 25 (ANI):      ANI, with country or (State)
//	New Delhi, Jun 7 (PTI) A Delhi court  PTI, no separator
//	DAMASCUS (Reuters) -                  Reuters, AP, AFP, Xinhua, Yonhap…
//	GROSSETO, Italy (AP) --               place with country or US state
//	MOSCOW, January 21. /TASS/.           TASS, also МОСКВА, 25 апреля. /ТАСС/.
//	Madrid, 11 may (EFE).-                EFE, dates in Spanish, French, German…
//	SYDNEY March 22 AAP -                 AAP, agency without brackets
//	Moscow, April 25:                     web copy without an agency
//	WASHINGTON —                          newspaper style, place only
//
// Parse is strict by design: a dateline needs an agency, or a date and a
// separator, or a place the package knows before a dash or colon, so an
// ordinary sentence ("However, he said (in a statement) …") never reads as
// one. Places printed in capitals come back in their usual case; the raw
// lead-in is kept in Dateline.Text.
package dateline

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/article"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// maxScan bounds how far into a paragraph a dateline is looked for: it is
// a lead-in, never the middle of a sentence.
const maxScan = 240

// FindLimit is how many leading paragraphs Find looks at. Pages put a
// headline, a standfirst, a pull quote or a credit line before the
// dateline paragraph, rarely more.
const FindLimit = 10

// Parse reads a dateline at the start of text, a paragraph of a story.
// published, when set, resolves the year of a date printed without one
// (the latest year that puts the date no more than a week after
// publication); without it Dateline.Date keeps the date as written.
//
// It returns the dateline, the byte length of the prefix it occupies in
// text (leading space, the dateline, its separator and the space after
// it, so text[n:] is the lede), and whether text opens with a dateline.
// The prefix of a dateline that is a paragraph of its own is all of text.
func Parse(text string, published *time.Time) (*article.Dateline, int, bool) {
	s := text
	if len(s) > maxScan {
		cut := maxScan
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	start := skipSpace(s, 0)
	if d, n, ok := parseEastAsian(s, start, published); ok {
		return d, n, true
	}
	p := parser{s: s, start: start, whole: len(s) == len(text)}
	d, n, ok := p.parse(published)
	if !ok {
		return nil, 0, false
	}
	return d, n, true
}

// Found is a dateline located among a story's paragraphs.
type Found struct {
	Dateline *article.Dateline
	// Para is the index of the paragraph the dateline opens.
	Para int
	// Len is the byte length of the dateline prefix in that paragraph.
	Len int
}

// Find looks for a dateline at the start of the first FindLimit
// paragraphs and returns the first one found.
func Find(paras []string, published *time.Time) (Found, bool) {
	for i, p := range paras {
		if i >= FindLimit {
			break
		}
		d, n, ok := Parse(p, published)
		// A dateline that is a paragraph of its own ("BAAR, SWITZERLAND")
		// heads the story; further down a bare place is a list entry.
		if ok && (n < len(p) || i < 2) {
			return Found{Dateline: d, Para: i, Len: n}, true
		}
	}
	return Found{}, false
}

// sepKind is the punctuation that ends a dateline.
type sepKind int

const (
	sepNone  sepKind = iota
	sepDash          // "—", "–", "-", "--", "_", ".-"
	sepColon         // ":"
	sepDot           // "." after "/TASS/" or "(EFE)"
)

type parser struct {
	s     string
	start int
	whole bool // s is the whole paragraph, not a cut

	place, placeEnd int // byte range of the place, place==placeEnd when absent
	placeCaps       bool
	country, state  string
	quals           []string
	dateText        string
	month           time.Month
	day, year       int
	agency          string
	agencyKnown     bool
	sep             sepKind
	end             int // end of the dateline text (after separator)
	next            int // where the lede starts
}

func (p *parser) parse(published *time.Time) (*article.Dateline, int, bool) {
	i := p.start
	i = p.parsePlace(i)
	i = p.parseBrackets(i)
	i = p.parseQualifiers(i)
	i = p.parseDate(i)
	i = p.parseAgency(i)
	i = p.parseSeparator(i)
	if !p.accept() {
		return nil, 0, false
	}
	// "(ANSA) - ROMA, 12 GEN -": an agency-first credit may be followed by
	// the place and date.
	if p.place == p.placeEnd && p.month == 0 && p.agencyKnown && p.sep == sepDash {
		q := parser{s: p.s, start: p.next, whole: p.whole}
		j := q.parsePlace(q.start)
		j = q.parseQualifiers(j)
		j = q.parseDate(j)
		j = q.parseSeparator(j)
		if q.place < q.placeEnd && q.sep == sepDash {
			p.place, p.placeEnd, p.placeCaps, p.quals = q.place, q.placeEnd, q.placeCaps, q.quals
			p.dateText, p.month, p.day, p.year = q.dateText, q.month, q.day, q.year
			p.end, p.next = q.end, j
		}
	}
	d := &article.Dateline{
		Text:   strings.TrimSpace(p.s[p.start:p.end]),
		Place:  usualCase(trimPlace(p.s[p.place:p.placeEnd])),
		Agency: p.agency,
	}
	switch {
	case p.country != "":
		d.Country = qualifier(p.country)
	case p.state != "":
		d.Country = qualifier(p.state)
	case len(p.quals) > 0:
		d.Country = qualifier(p.quals[len(p.quals)-1])
	}
	if p.month != 0 {
		d.Date = p.dateText
		year := p.year
		if year == 0 && published != nil && !published.IsZero() {
			year, _ = resolveYear(p.month, p.day, *published)
		}
		if year != 0 {
			t := time.Date(year, p.month, p.day, 0, 0, 0, 0, time.UTC)
			if t.Day() == p.day {
				d.Date = t.Format("2006-01-02")
			}
		}
	}
	return d, p.next, true
}

// accept decides whether what was read is a dateline. The rules are the
// heart of the package: an agency makes a dateline; without one a date
// needs a separator; without a date the place must be in capitals before a
// dash, or be a place the package knows.
func (p *parser) accept() bool {
	hasPlace := p.placeEnd > p.place
	if hasPlace {
		place := trimPlace(p.s[p.place:p.placeEnd])
		first := strings.ToLower(strings.TrimRight(firstWord(place), ".,"))
		if notPlaces[first] || weekdays[first] || labels[strings.ToLower(place)] {
			return false
		}
		if _, ok := monthOf(first); ok && !strings.Contains(place, " ") {
			return false
		}
	}
	switch {
	case p.agencyKnown:
		return true
	case p.agency != "":
		// "Washington (CNN) —": an agency the package does not know needs a
		// place and a separator, so "Apple (AAPL) shares" is not a dateline.
		return hasPlace && (p.sep == sepDash || p.sep == sepColon)
	case !hasPlace:
		return false
	case p.month != 0:
		return p.sep == sepDash || p.sep == sepColon
	}
	place := trimPlace(p.s[p.place:p.placeEnd])
	knownPlace := knownPlaces[strings.ToLower(place)]
	knownRegion := p.state != "" || p.country != ""
	for _, q := range p.quals {
		if regions[strings.ToLower(q)] || usStates[strings.ToLower(q)] != "" {
			knownRegion = true
		}
	}
	switch p.sep {
	case sepDash:
		return p.placeCaps || knownPlace || knownRegion
	case sepColon:
		return knownPlace || knownRegion
	case sepNone:
		// "BAAR, SWITZERLAND" or "Pittsburgh" as a paragraph of its own:
		// the place must be one the package knows, or in capitals with a
		// known country, since any short line could be a place.
		if p.whole && strings.TrimSpace(p.s[p.end:]) == "" && (knownPlace || p.placeCaps && knownRegion) {
			p.next = len(p.s)
			return true
		}
	}
	return false
}

// placeParticles are the lower-case words a place name may have inside it
// ("Rio de Janeiro", "Frankfurt am Main"); "of", "on" and "and" are left
// out so "Ministry of Defence (MoD) -" and "Putin on Monday" stay
// sentences.
var placeParticles = textcase.WordSet(`de|da|do|dos|das|del|la|las|los|el|di|du|des|le|les|au|aux|am|an|der|den|upon|sur|en`)

// notPlaces open paragraphs with a capital like a place does but never are
// one ("Updated April 25:", "By Ann Smith —").
var notPlaces = textcase.WordSet(`updated|update|published|posted|last|by|date|dated|on|in|at|from|as|since|until|for|with|after|before|
during|photo|photos|image|images|video|file|source|read|also|watch|edited|written|reporting|story|report|this|that|these|those|
it|he|she|they|we|i|you|a|an|key|note|however|but|and|or|so|yet|if|when|while|today|yesterday|tomorrow|tonight|here|there|
his|her|their|our|my|its|what|why|how|who|where|copyright|all|no|yes|mr|mrs|ms|dr`)

// parsePlace reads the place: up to six capitalised words, joined by
// spaces, hyphens or slashes, with lower-case particles inside ("Rio de
// Janeiro"). A place in capitals takes only words in capitals, so
// "SYDNEY March 22" stops before the month.
func (p *parser) parsePlace(i int) int {
	p.place, p.placeEnd = i, i
	s := p.s
	words := 0
	j := i
	for words < 6 {
		w, end := readWord(s, j)
		if w == "" {
			break
		}
		first, _ := utf8.DecodeRuneInString(w)
		switch {
		case placeParticles[w] && words > 0:
			// a particle must be followed by another word of the place
			if nw, _ := readWord(s, skipOneSpace(s, end)); nw == "" || !startsUpper(nw) {
				return p.placeEnd
			}
		case !startsUpper(w) || unicode.IsDigit(first):
			return p.placeEnd
		case p.isDateAt(j):
			return p.placeEnd
		case words > 0 && p.placeCaps && !allCaps(w):
			return p.placeEnd
		case bareAgencies[w] && words > 0 && p.dashAfter(end):
			return p.placeEnd
		}
		if words == 0 {
			p.placeCaps = allCaps(w) && utf8.RuneCountInString(w) > 1
		}
		words++
		p.placeEnd = end
		next := skipOneSpace(s, end)
		if next == end {
			break
		}
		j = next
	}
	return p.placeEnd
}

// parseBrackets reads "[Country]" and "(State)" after the place, in
// either order. A parenthesis not followed by a comma or a bracket is the
// agency and is left for parseAgency.
func (p *parser) parseBrackets(i int) int {
	if p.placeEnd == p.place {
		return i
	}
	for k := 0; k < 2; k++ {
		j := skipSpace(p.s, i)
		switch {
		case strings.HasPrefix(p.s[j:], "["):
			c, end, ok := enclosed(p.s, j, '[', ']')
			if !ok || p.country != "" || !startsUpper(c) {
				return i
			}
			p.country, i = c, end
		case strings.HasPrefix(p.s[j:], "("):
			c, end, ok := enclosed(p.s, j, '(', ')')
			if !ok || p.state != "" || !startsUpper(c) {
				return i
			}
			after := skipSpace(p.s, end)
			if after >= len(p.s) || (p.s[after] != ',' && p.s[after] != '[') {
				return i
			}
			if _, known := agencyName(c); known {
				return i
			}
			p.state, i = c, end
		default:
			return i
		}
	}
	return i
}

// parseQualifiers reads ", Italy", ", Calif.", ", United Arab Emirates"
// after the place, stopping before a date.
func (p *parser) parseQualifiers(i int) int {
	if p.placeEnd == p.place {
		return i
	}
	for len(p.quals) < 2 {
		j := skipSpace(p.s, i)
		if j >= len(p.s) || !(p.s[j] == ',' || strings.HasPrefix(p.s[j:], "،")) {
			return i
		}
		_, size := utf8.DecodeRuneInString(p.s[j:])
		k := skipSpace(p.s, j+size)
		if p.isDateAt(k) {
			return i
		}
		words := 0
		end := k
		for words < 4 {
			w, e := readWord(p.s, k)
			if w == "" || p.isDateAt(k) {
				break
			}
			if !startsUpper(w) && !(words > 0 && lowerParticles[w]) {
				break
			}
			words++
			end = e
			n := skipOneSpace(p.s, e)
			if n == e {
				break
			}
			k = n
		}
		if words == 0 {
			return i
		}
		q := strings.TrimSpace(p.s[skipSpace(p.s, j+size):end])
		if lowerParticles[lastWord(q)] {
			return i
		}
		if weekdays[strings.ToLower(strings.TrimSuffix(q, "."))] {
			// "WASHINGTON, Tuesday (AFP) -": a day, not a country
			i = end
			continue
		}
		p.quals = append(p.quals, q)
		i = end
	}
	return i
}

// isDateAt reports whether a date starts at i.
func (p *parser) isDateAt(i int) bool {
	_, _, _, end := readDate(p.s, i)
	return end > i
}

// parseDate reads the date, after an optional comma: "April 25", "Sept. 2",
// "Aug 29, 2014", "11 may", "25 апреля", "5. März", "3 de marzo de 2024".
// A period right after it (TASS: "January 21. /TASS/.") belongs to it.
func (p *parser) parseDate(i int) int {
	j := skipSpace(p.s, i)
	if j < len(p.s) && p.s[j] == ',' {
		j = skipSpace(p.s, j+1)
	} else if strings.HasPrefix(p.s[j:], "،") {
		j = skipSpace(p.s, j+len("،"))
	} else if p.placeEnd > p.place && j == i {
		// "SYDNEY March 22" has no comma but a space, which skipSpace ate;
		// a date glued to the place is not a date.
		return i
	}
	month, day, year, end := readDate(p.s, j)
	if end <= j {
		return i
	}
	p.month, p.day, p.year = month, day, year
	p.dateText = strings.TrimRight(strings.TrimSpace(p.s[j:end]), ",")
	// TASS and RIA end the date with a period before the agency.
	if end < len(p.s) && p.s[end] == '.' {
		k := skipSpace(p.s, end+1)
		if k < len(p.s) && (p.s[k] == '/' || p.s[k] == '(' || strings.HasPrefix(p.s[k:], "—") || strings.HasPrefix(p.s[k:], "–")) {
			end++
		}
	}
	return end
}

// readDate reads a date at i and returns its parts and end, or end == i.
func readDate(s string, i int) (month time.Month, day, year, end int) {
	w1, e1 := readToken(s, i)
	if w1 == "" {
		return 0, 0, 0, i
	}
	// Month first: "April 25", "Sept. 2, 2014".
	if m, ok := monthOf(w1); ok {
		w2, e2 := readToken(s, skipSpace(s, e1))
		if d := parseDay(strings.TrimSuffix(w2, ",")); d > 0 && e2 > e1 {
			end = e2
			if strings.HasSuffix(w2, ",") || strings.HasSuffix(w2, ".") {
				end-- // "25," and "21." end at the day
			}
			y, ye := readYear(s, end)
			if ye == end {
				return m, d, 0, end
			}
			return m, d, y, ye
		}
		return 0, 0, 0, i
	}
	// Day first: "25 апреля", "5. März", "3 de marzo de 2024", "1er mars".
	d := parseDay(w1)
	if d == 0 {
		return 0, 0, 0, i
	}
	j := skipSpace(s, e1)
	w2, e2 := readToken(s, j)
	if strings.EqualFold(w2, "de") {
		w2, e2 = readToken(s, skipSpace(s, e2))
	}
	m, ok := monthOf(strings.TrimSuffix(w2, ","))
	if !ok || e2 == j {
		return 0, 0, 0, i
	}
	end = e2
	if strings.HasSuffix(w2, ",") {
		end--
	} else if strings.HasSuffix(w2, ".") && len(w2) > 4 && !isAbbrev(w2) {
		// "25 апреля." ends a sentence; the period is not the month's.
		end--
	}
	y, ye := readYear(s, end)
	if ye == end {
		return m, d, 0, end
	}
	return m, d, y, ye
}

// isAbbrev reports whether a month word with a period is an abbreviation
// ("Sept.", "janv.", "févr.").
func isAbbrev(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	_, full := fullMonths[w]
	return !full
}

var fullMonths = textcase.WordSet(`january|february|march|april|may|june|july|august|september|october|november|december|
января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|enero|febrero|marzo|abril|mayo|junio|julio|
agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|
décembre|januar|februar|märz|juni|juli|oktober|dezember`)

// readYear reads ", 2014", " 2014" or " de 2024" after a date and returns
// the year and where it ends, or 0 and i.
func readYear(s string, i int) (int, int) {
	j := i
	if j < len(s) && s[j] == ',' {
		j++
	}
	j = skipSpace(s, j)
	w, e := readToken(s, j)
	if strings.EqualFold(w, "de") {
		j = skipSpace(s, e)
		w, e = readToken(s, j)
	}
	if y := parseYear(strings.TrimRight(w, ".,")); y > 0 {
		return y, j + 4
	}
	return 0, i
}

// parseAgency reads "(Reuters)", "/TASS/", or a bare "AAP" or "Kyodo"
// before a dash.
func (p *parser) parseAgency(i int) int {
	j := skipSpace(p.s, i)
	if j >= len(p.s) {
		return i
	}
	switch p.s[j] {
	case '(':
		c, end, ok := enclosed(p.s, j, '(', ')')
		if !ok {
			return i
		}
		return p.setAgency(c, end, i)
	case '/':
		c, end, ok := enclosed(p.s, j, '/', '/')
		if !ok {
			return i
		}
		return p.setAgency(c, end, i)
	}
	w, end := readWord(p.s, j)
	// "Kyodo News" is two words.
	if w2, end2 := readWord(p.s, skipOneSpace(p.s, end)); w2 != "" {
		if name, ok := agencyName(w + " " + w2); ok && p.dashAfter(end2) {
			p.agency, p.agencyKnown = name, true
			return end2
		}
	}
	if name, ok := agencyName(w); ok && bareAgencies[name] && p.dashAfter(end) {
		p.agency, p.agencyKnown = name, true
		return end
	}
	return i
}

func (p *parser) setAgency(c string, end, fallback int) int {
	c = strings.TrimSpace(c)
	if name, ok := agencyName(c); ok {
		p.agency, p.agencyKnown = name, true
		return end
	}
	if looksLikeAgency(c) {
		p.agency = c
		return end
	}
	// German-language services credit themselves in lower case ("Wien
	// (epd) –", "Hamburg (kna) -"); between a place and a dash a bracketed
	// single word can be nothing else.
	if p.place < p.placeEnd && looksLikeLowerCaseCredit(c) && p.dashAfter(end) {
		p.agency = c
		return end
	}
	return fallback
}

// looksLikeLowerCaseCredit accepts one word that opens in lower case:
// letters, with hyphens or dots inside ("epd", "iwr-pressedienst").
func looksLikeLowerCaseCredit(c string) bool {
	n := utf8.RuneCountInString(c)
	if n < 2 || n > 25 {
		return false
	}
	for i, r := range c {
		switch {
		case i == 0 && !unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
		case (r == '-' || r == '.') && i > 0 && i < len(c)-1:
		default:
			return false
		}
	}
	return true
}

// looksLikeAgency accepts an outlet the package does not know ("CNN
// Business", "The Hindu") but not a remark in brackets: one to four
// capitalised words, no digits, no photo credit.
func looksLikeAgency(c string) bool {
	words := strings.Fields(c)
	if len(words) == 0 || len(words) > 4 || len(c) > 40 {
		return false
	}
	for _, w := range words {
		if !startsUpper(w) {
			return false
		}
		for _, r := range w {
			if unicode.IsDigit(r) {
				return false
			}
		}
	}
	lc := strings.ToLower(c)
	return !strings.Contains(lc, "photo") && !strings.Contains(lc, "file") && !strings.Contains(lc, "video")
}

// parseSeparator reads the punctuation that ends a dateline and the space
// after it, setting p.end (end of the dateline text) and p.next (start of
// the lede).
func (p *parser) parseSeparator(i int) int {
	p.end, p.next = i, skipSpace(p.s, i)
	j := skipSpace(p.s, i)
	rest := p.s[j:]
	var n int
	tight := false // may touch the lede: "WASHINGTON—The Senate", "(EFE).-El"
	switch {
	case strings.HasPrefix(rest, ".-"):
		p.sep, n, tight = sepDash, 2, true
	case strings.HasPrefix(rest, "--"):
		p.sep, n = sepDash, 2
	case strings.HasPrefix(rest, "—"), strings.HasPrefix(rest, "–"):
		p.sep, n, tight = sepDash, len("—"), true
	case strings.HasPrefix(rest, "-"), strings.HasPrefix(rest, "_"):
		p.sep, n = sepDash, 1
	case strings.HasPrefix(rest, ":"):
		p.sep, n = sepColon, 1
	case strings.HasPrefix(rest, ".") && p.agency != "" && j == i:
		p.sep, n, tight = sepDot, 1, true
	default:
		return i
	}
	k := j + n
	if k < len(p.s) && !tight {
		r, _ := utf8.DecodeRuneInString(p.s[k:])
		// A hyphen must stand apart ("2-1" is a score); a colon must not
		// be a clock ("10:30").
		if p.sep == sepDash && !isSpace(r) || p.sep == sepColon && unicode.IsDigit(r) {
			p.sep = sepNone
			return i
		}
	}
	// RIA: "МОСКВА, 25 апр — РИА Новости." puts the agency after the dash.
	if p.sep == sepDash && p.agency == "" {
		w, e := readWord(p.s, skipSpace(p.s, k))
		w2, e2 := readWord(p.s, skipOneSpace(p.s, e))
		if name, ok := agencyName(w + " " + w2); ok && w2 != "" && e2 < len(p.s) && p.s[e2] == '.' {
			p.agency, p.agencyKnown, p.sep = name, true, sepDot
			k = e2 + 1
		}
	}
	p.end = k
	p.next = skipSpace(p.s, k)
	return p.next
}

// dashAfter reports whether a dash separator follows i.
func (p *parser) dashAfter(i int) bool {
	j := skipSpace(p.s, i)
	rest := p.s[j:]
	for _, d := range []string{"—", "–", "--", "-", "_"} {
		if strings.HasPrefix(rest, d) {
			k := j + len(d)
			return k >= len(p.s) || p.s[k] == ' '
		}
	}
	return false
}

// enclosed returns what is between open at i and the next close, if the
// close comes within a short distance on the same line.
func enclosed(s string, i int, open, close byte) (string, int, bool) {
	if i >= len(s) || s[i] != open {
		return "", i, false
	}
	for j := i + 1; j < len(s) && j-i < 60; j++ {
		switch s[j] {
		case close:
			c := s[i+1 : j]
			if strings.TrimSpace(c) == "" {
				return "", i, false
			}
			return c, j + 1, true
		case '\n', '(', ')', '[', ']':
			if s[j] != close {
				return "", i, false
			}
		}
	}
	return "", i, false
}

// readWord reads a word of a place or qualifier at i: letters, marks,
// digits and the joiners . ' ’ - & / inside a word.
func readWord(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			j += size
			continue
		}
		if (r == '.' || r == '\'' || r == '’' || r == '-' || r == '&' || r == '/') && j > i {
			// a joiner counts only inside a word, or as the period of an
			// abbreviation ("St.", "D.C.", "Calif.")
			if j+size < len(s) {
				nr, _ := utf8.DecodeRuneInString(s[j+size:])
				if unicode.IsLetter(nr) {
					j += size
					continue
				}
			}
			if r == '.' && isAbbrevWord(s[i:j]) {
				j += size
			}
		}
		break
	}
	return s[i:j], j
}

// isAbbrevWord reports whether w (without its period) is an abbreviation
// that carries one in a place or qualifier: "St", "Ft", "Calif", "D.C".
func isAbbrevWord(w string) bool {
	if _, ok := usStates[strings.ToLower(w)+"."]; ok {
		return true
	}
	switch strings.ToLower(w) {
	case "st", "ste", "ft", "mt", "pt", "sta", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
		"janv", "févr", "fevr", "avr", "juil", "déc", "ene", "abr", "ago", "dic":
		return true
	}
	return strings.Contains(w, ".") // "D.C", "N.Y"
}

// readToken reads a run of non-space characters, stopping at brackets and
// commas other than a trailing comma (kept so callers see "25,").
func readToken(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isSpace(r) || r == '(' || r == '[' || r == '/' || r == ':' || r == '—' || r == '–' || r == '،' {
			break
		}
		if r == ',' {
			j += size
			break
		}
		j += size
	}
	return s[i:j], j
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\u2002' || r == '\u2003'
}

// skipSpace skips any run of space at i.
func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += size
	}
	return i
}

// skipOneSpace skips a single space (or no-break space) between two words
// of a name; it returns i when there is none.
func skipOneSpace(s string, i int) int {
	if i < len(s) && s[i] == ' ' {
		return i + 1
	}
	if strings.HasPrefix(s[i:], "\u00a0") {
		return i + len("\u00a0")
	}
	return i
}

// startsUpper reports whether w starts with a capital or with a letter of a
// script that has no case (Devanagari, Arabic, Han).
func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r) || (unicode.IsLetter(r) && !unicode.IsLower(r))
}

// allCaps reports whether w has letters and none of them is lower case.
func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters > 0
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// trimPlace drops a sentence period after a place ("Moscow." in Interfax's
// "Москва. 25 апреля.") but keeps the period of an abbreviation ("D.C.").
func trimPlace(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") && !isAbbrevWord(strings.TrimSuffix(lastWord(s), ".")) {
		s = strings.TrimSuffix(s, ".")
	}
	return s
}
