package enrich

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names in running text are found the way a desk editor skims: runs of
// capitalised words, then judged by what surrounds them. A run that ends
// in a title ("President", "Special Envoy", "Director General", "aide")
// followed by a name is a person; a run holding an organisation word
// ("Ministry", "Bank", "Council", "Party") is an organisation; a run the
// gazetteer knows is a place; a short capitalised name whose surname
// comes back alone later ("Vladimir Putin … Putin said") or that is
// followed by a title in apposition ("Yury Ushakov, a key Putin aide") is
// a person. Anything else is left out: a missing entity costs less than a
// wrong one on an editor's screen.

// token is one word of running text with what separates it from the word
// before.
type token struct {
	text string
	// lower is text lower-cased, computed once for the word-list lookups.
	lower string
	// sentenceStart is set for the first word of a sentence, whose
	// capital says nothing.
	sentenceStart bool
	// breakBefore is set when punctuation separates the word from the one
	// before, so the two cannot be one name.
	breakBefore bool
	// comma is set when that punctuation was a comma (apposition).
	comma bool
}

// tokenize splits text into words, keeping initials and abbreviations
// ("U.S.", "Dr.") whole and marking sentence and clause breaks.
func tokenize(text string) []token {
	// One lower-cased copy of the text serves every ASCII word, where
	// each capitalised word would otherwise cost a string of its own; the
	// word lists are looked up in lower case many times per word.
	lower := lowerASCII(text)
	out := make([]token, 0, len(text)/6+1)
	sentence, brk, comma := true, true, false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '\'' || r2 == '’' || r2 == '-' {
					j += s2
					continue
				}
				// A dot inside or after a short capitalised word is an
				// abbreviation (U.S., Dr., Lt.), not a sentence end.
				if r2 == '.' && j-i <= 3 && unicode.IsUpper(r) {
					j++
					continue
				}
				break
			}
			word := trimWordEnd(text[i:j])
			lw := lower[i : i+len(word)]
			if !isASCII(word) {
				lw = strings.ToLower(word)
			}
			out = append(out, token{text: word, lower: lw, sentenceStart: sentence, breakBefore: brk, comma: comma})
			sentence, brk, comma = false, false, false
			i = j
			continue
		case r == '.' || r == '!' || r == '?' || r == '\n':
			sentence, brk = true, true
		case r == ',':
			brk, comma = true, true
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			brk = true
		}
		i += size
	}
	return out
}

// lowerASCII lower-cases the ASCII letters of s and leaves every other
// byte as it is, so that byte offsets into s hold in the result.
func lowerASCII(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // one allocation, not two
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// trimWordEnd drops the apostrophes and hyphens a word may end with:
// strings.TrimRight(w, "'’-"), without its slow path for a cutset that
// is not all ASCII.
func trimWordEnd(w string) string {
	for {
		switch {
		case strings.HasSuffix(w, "'") || strings.HasSuffix(w, "-"):
			w = w[:len(w)-1]
		case strings.HasSuffix(w, "’"):
			w = w[:len(w)-len("’")]
		default:
			return w
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// connectors may sit inside a name ("Ministry of Foreign Affairs",
// "Mohammed bin Salman") when a capitalised word follows.
var connectors = set("of", "for", "and", "the", "de", "bin", "al", "van", "von", "da", "del", "di", "la", "le", "on")

// leading words that start a capitalised run without belonging to a name.
var leadingNoise = set("the", "a", "an", "in", "on", "at", "but", "and", "or", "citing", "according", "this", "that", "these",
	"those", "he", "she", "it", "they", "we", "i", "his", "her", "their", "our", "its", "after", "before", "while", "when",
	"as", "if", "meanwhile", "however", "also", "earlier", "later", "last", "next", "with", "from", "by", "for", "to", "of",
	"under", "during", "since", "speaking", "addressing", "asked", "amid", "over", "about", "there", "here", "what", "why",
	"how", "who", "where", "some", "many", "all", "both", "each", "former", "said", "says", "not", "no", "yes",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

// headTitles are titles that stand right before a person's name.
var headTitles = set("president", "minister", "envoy", "aide", "secretary", "governor", "senator", "judge", "justice",
	"chairman", "chairperson", "chairwoman", "ceo", "director", "general", "spokesperson", "spokesman", "spokeswoman",
	"ambassador", "commissioner", "mayor", "king", "queen", "prince", "princess", "sheikh", "dr.", "dr", "mr.", "mr",
	"mrs.", "mrs", "ms.", "ms", "coach", "captain", "leader", "officer", "professor", "prof.", "chief", "gen.", "lt.",
	"col.", "maj.", "sgt.", "adviser", "advisor", "founder", "premier", "chancellor", "pope", "cardinal", "emir",
	"speaker", "lawmaker", "mp", "mla", "inspector", "superintendent", "counsel", "attorney", "pm", "cm", "executive",
	"manager", "striker", "midfielder", "defender", "goalkeeper", "batter", "batsman", "bowler", "quarterback", "star")

// titleWords may precede a head title inside one title ("Special Envoy",
// "Additional Sessions Judge", "Director General").
var titleWords = union(headTitles, set("special", "prime", "deputy", "vice", "foreign", "defence", "defense", "home",
	"finance", "external", "affairs", "presidential", "additional", "sessions", "district", "chief", "senior", "junior",
	"state", "union", "cabinet", "federal", "opposition", "former", "acting", "interim", "assistant", "associate", "principal",
	"national", "security", "press", "top", "managing", "supreme", "high", "court", "police", "army", "head", "coach", "team"))

// orgWords make a capitalised run an organisation.
var orgWords = set("ministry", "department", "bank", "council", "court", "party", "agency", "commission", "university",
	"corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "limited", "company", "association", "federation", "army",
	"police", "organisation", "organization", "fund", "institute", "authority", "board", "committee", "parliament",
	"congress", "senate", "assembly", "kremlin", "nations", "union", "office", "bureau", "forces", "force", "navy",
	"group", "club", "league", "times", "post", "news", "tribunal", "government", "administration", "cabinet",
	"foundation", "trust", "society", "school", "college", "hospital", "airlines", "airways", "motors", "exchange",
	"reserve", "secretariat", "directorate", "service", "services", "guard", "house", "alliance", "front", "movement")

// acronymNoise are capitalised abbreviations that are not organisations.
var acronymNoise = set("ceo", "cfo", "gdp", "covid", "am", "pm", "tv", "ok", "vip", "id", "it", "ai", "faq", "pdf", "usd",
	"inr", "rs", "km", "mph", "kg", "bc", "ad", "i", "ii", "iii", "iv", "vs", "gst", "ipo", "nfl", "nba", "dl", "qb", "mp", "mla")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func union(a, b map[string]bool) map[string]bool {
	m := make(map[string]bool, len(a)+len(b))
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// found collects entities in the order they are first seen.
type found struct {
	people, places, orgs []string
}

// maxTextEntities caps each kind found in running text.
const maxTextEntities = 25

// textEntities finds people, places and organisations named in text.
func textEntities(text string) found {
	toks := tokenize(text)
	spans := capitalisedSpans(toks)

	// Surnames mentioned alone ("Putin said") confirm a full name.
	names := make([][]token, len(spans))
	alone := map[string]int{}
	for i, s := range spans {
		names[i] = trimLeading(toks, s)
		if len(names[i]) == 1 {
			alone[names[i][0].text]++
		}
	}

	var f found
	for i, s := range spans {
		if len(names[i]) == 0 {
			continue
		}
		f.classify(names[i], toks, s, alone)
	}
	f.people = dropSurnamesOfFullNames(f.people)
	return f
}

// span is a half-open range of token indexes.
type span struct{ start, end int }

// capitalisedSpans returns the runs of capitalised tokens, connectors
// allowed inside, that punctuation does not split.
func capitalisedSpans(toks []token) []span {
	var out []span
	for i := 0; i < len(toks); {
		if !capitalised(toks[i].text) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].breakBefore {
			if capitalised(toks[j].text) {
				j++
				continue
			}
			if connectors[toks[j].lower] && j+1 < len(toks) && !toks[j+1].breakBefore && capitalised(toks[j+1].text) {
				j += 2
				continue
			}
			break
		}
		out = append(out, span{i, j})
		i = j
	}
	return out
}

// trimLeading drops sentence starters and dates from the front and back
// of a span and returns its words.
func trimLeading(toks []token, s span) []token {
	words := toks[s.start:s.end]
	for len(words) > 0 && (leadingNoise[words[0].lower] || connectors[words[0].lower]) {
		words = words[1:]
	}
	for len(words) > 0 && (leadingNoise[words[len(words)-1].lower] || connectors[words[len(words)-1].lower]) {
		words = words[:len(words)-1]
	}
	return words
}

// joinWords is the words' text joined by spaces, as a name is written.
func joinWords(words []token) string {
	if len(words) == 1 {
		return words[0].text
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

func (f *found) classify(words []token, toks []token, s span, alone map[string]int) {
	// A title followed by a name: the name is a person, and what comes
	// before the title may be the organisation the person speaks for
	// ("Reserve Bank of India Governor Sanjay Malhotra").
	for i := len(words) - 2; i >= 0; i-- {
		if !headTitles[words[i].lower] || titleWords[words[i+1].lower] {
			continue
		}
		name := words[i+1:]
		if names := splitAnd(name); len(names) > 0 {
			for _, n := range names {
				f.people = addUnique(f.people, joinWords(n), maxTextEntities)
			}
			t := i
			for t > 0 && titleWords[words[t-1].lower] {
				t--
			}
			if t > 0 {
				f.nonPerson(words[:t])
			}
			return
		}
	}
	if isTitleRun(words) {
		return
	}
	f.nonPerson(words)
	if len(words) >= 2 && len(words) <= 4 && personLike(words) && !hasOrgWord(words) && !f.isPlace(words) &&
		(alone[words[len(words)-1].text] > 0 || appositiveTitle(toks, s.end)) {
		f.people = addUnique(f.people, joinWords(words), maxTextEntities)
	}
}

// splitAnd splits "Yury Ushakov and Kirill Dmitriev" into two names; it
// returns nothing unless every part looks like a name of at most four
// words.
func splitAnd(words []token) [][]token {
	var out [][]token
	start := 0
	for i := 0; i <= len(words); i++ {
		if i < len(words) && !strings.EqualFold(words[i].text, "and") {
			continue
		}
		part := words[start:i]
		if len(part) == 0 || len(part) > 4 || !personLike(part) || connectors[part[0].lower] {
			return nil
		}
		out = append(out, part)
		start = i + 1
	}
	return out
}

// nonPerson files a run as an organisation or places.
func (f *found) nonPerson(words []token) {
	if hasOrgWord(words) {
		f.orgs = addUnique(f.orgs, joinWords(words), maxTextEntities)
		return
	}
	if len(words) == 1 && allCaps(words[0].text) && len(words[0].text) <= 8 {
		w := strings.Trim(words[0].text, ".")
		if p, ok := LookupPlace(w); ok {
			f.places = addUnique(f.places, p.Name, maxTextEntities)
		} else if !acronymNoise[strings.ToLower(strings.ReplaceAll(w, ".", ""))] {
			f.orgs = addUnique(f.orgs, w, maxTextEntities)
		}
		return
	}
	// The longest gazetteer names inside the run ("New Delhi", not "Delhi").
	g := loadGazetteer()
	var buf [64]byte
	for i := 0; i < len(words); {
		matched := 0
		for n := min(g.maxWords, len(words)-i); n >= 1; n-- {
			key := placeKey(buf[:0], words[i:i+n])
			if p, ok := g.byName[string(key)]; ok && !ambiguousInText[string(key)] {
				f.places = addUnique(f.places, p.Name, maxTextEntities)
				matched = n
				break
			}
		}
		i += max(matched, 1)
	}
}

// placeKey appends to buf the gazetteer key of the words, foldPlace of
// their text joined by spaces, built from the lower-cased words without
// allocating: a word holds no space and starts with a letter or digit, so
// of foldPlace's folding only the trim at the end is left to do.
func placeKey(buf []byte, words []token) []byte {
	for i, w := range words {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, w.lower...)
	}
	return bytes.TrimRight(buf, " .,;:")
}

func (f *found) isPlace(words []token) bool {
	var buf [64]byte
	_, ok := loadGazetteer().byName[string(placeKey(buf[:0], words))]
	return ok
}

func hasOrgWord(words []token) bool {
	for _, w := range words {
		if orgWords[w.lower] {
			return true
		}
	}
	return false
}

func isTitleRun(words []token) bool {
	for _, w := range words {
		if !titleWords[w.lower] {
			return false
		}
	}
	return true
}

// personLike rejects runs that cannot be a name: all capitals (a slug or
// an acronym), digits, or title and noise words.
func personLike(words []token) bool {
	for _, w := range words {
		if allCaps(w.text) && len(w.text) > 3 || leadingNoise[w.lower] || titleWords[w.lower] || strings.ContainsAny(w.text, "0123456789") {
			return false
		}
	}
	return true
}

// appositiveTitle reports whether the words after a run are ", a … aide"
// or ", the … spokesperson": a title within a few words after a comma.
func appositiveTitle(toks []token, end int) bool {
	if end >= len(toks) || !toks[end].comma {
		return false
	}
	for i := end; i < min(end+6, len(toks)); i++ {
		if i > end && toks[i].breakBefore {
			return false
		}
		if headTitles[toks[i].lower] {
			return true
		}
	}
	return false
}

// dropSurnamesOfFullNames removes "Putin" when "Vladimir Putin" is there.
func dropSurnamesOfFullNames(people []string) []string {
	var out []string
	for _, p := range people {
		if strings.Contains(p, " ") {
			out = append(out, p)
			continue
		}
		covered := false
		for _, q := range people {
			if q != p && strings.HasSuffix(q, " "+p) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}
