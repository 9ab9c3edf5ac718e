package quote

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/dateline"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// person is someone the story names.
type person struct {
	name   string          // as first written in full
	parts  []string        // the name's words
	gender byte            // 'm', 'f' or 0 when unknown
	titles map[string]bool // lower-cased title words seen with the name
	seen   int             // clock of the last mention
}

// entity is a named company, club or other group that is neither a person
// nor a body with a telling word in its name: "carrier SkyBridge",
// "Bayer Leverkusen have parted ways".
type entity struct {
	name, kind string
}

// entityNouns name what an entity is; "the airline said" speaks for the
// entity the story introduced.
var entityNouns = textcase.WordSet(`company|firm|airline|carrier|club|team|side|group|brand|startup|start-up|maker|manufacturer|
carmaker|automaker|operator|lender|insurer|retailer|broadcaster|network|app|platform|publisher|studio|label|chain|
producer|developer|giant|conglomerate|bank|utility|supplier|miner|exporter|importer|distributor|franchise|outfit|band|
charity|organisation|organization|ngo|association|union|agency|council|party|school|university|hospital|venue|museum`)

// story is what the extractor knows about the people and bodies a story
// names, and who it is currently about.
type story struct {
	persons    []*person
	byName     map[string]*person   // full name → person
	byPart     map[string][]*person // first or last name → people
	acronyms   map[string]string    // "MEA" → "Ministry of External Affairs"
	orgs       []string             // bodies named, in order of mention
	indefinite map[string]bool      // heads introduced unnamed: "a government official"
	salient    []*person            // subjects and speakers, most recent last
	lastBody   string               // the body the story last spoke of, for "it said"
	entities   []entity             // named companies, clubs, airlines…, most recent last
	issuer     string               // who issued the last statement or post mentioned
	clock      int
}

func newStory() *story {
	return &story{acronyms: map[string]string{}, indefinite: map[string]bool{}, byName: map[string]*person{}, byPart: map[string][]*person{}}
}

// functionWords open sentences with a capital but never name anyone.
var functionWords = textcase.WordSet(`the|a|an|in|on|at|for|and|but|or|nor|however|meanwhile|earlier|later|after|before|when|while|during|
his|her|their|its|our|my|your|this|that|these|those|it|he|she|they|we|i|you|as|if|so|yet|also|both|all|some|many|most|there|
here|what|why|how|who|where|which|with|without|from|by|to|of|under|over|about|since|until|amid|despite|following|notably|
separately|asked|according|citing|speaking|addressing|taking|reached|responding|besides|further|furthermore|moreover|
still|even|only|just|now|then|thus|hence|indeed|instead|otherwise|while|whereas|although|though|because|unless|once|
no|not|every|each|any|other|another|such|more|less|one|two|three|several|few|first|second|last|next|new|old|
el|la|los|las|le|les|un|una|une|der|die|das|ein|eine|и|в|на|по|с|это|dan|yang|di|ke|lo|del|al|de|des|du|en|sur|au|aux|
already|shortly|finally|additionally|previously|recently|currently|eventually|ultimately|initially|subsequently|similarly|
likewise|importantly|interestingly|ironically|unfortunately|fortunately|clearly|obviously|apparently|reportedly|certainly|
nevertheless|nonetheless|afterwards|afterward|overall|originally|personally|privately|publicly|specifically|technically|
typically|usually|increasingly|immediately|quickly|soon|perhaps|maybe|accordingly|consequently|regardless|instead|
again|today|yesterday|tomorrow|tonight|too|almost|nearly|rather|actually|basically|essentially|frankly|honestly|
hopefully|surprisingly|predictably|notoriously|famously|unsurprisingly|critically|crucially|separately|elsewhere`)

// isNameWord reports whether a token can be part of a personal name.
func isNameWord(t token) bool {
	if t.f&fKnown != 0 {
		return t.f&fName != 0
	}
	return isNameWordUncached(t)
}

func isNameWordUncached(t token) bool {
	if t.kind != tWord || !t.isCap() {
		return false
	}
	base := t.base()
	c := t.c
	b := t.low
	if len(base) != len(t.text) || t.f&fKnown == 0 {
		b = strings.ToLower(base)
		c = lex[b]
	}
	if c&(cFunc|cTitleW|cOrg|cGeo|cGeneric|cCal) != 0 || titleShaped(b) || isAcronym(base) {
		return false
	}
	for _, r := range t.text {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// notAPerson reports names that are platforms or outlets ("Truth
// Social", "Al Jazeera"): capitalised like people, never speakers by name.
func notAPerson(name []token) bool {
	n := joinTokens(name)
	if _, ok := attribution.Platform(n); ok {
		return true
	}
	_, ok := attribution.Outlet(n)
	return ok
}

// calendar words are capitalised but never names.
var calendar = textcase.WordSet(`monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|
july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec`)

// isAcronym reports whether w is an abbreviation in capitals ("MEA", "JCS",
// "U.S."), not an initial ("S.") or a name.
func isAcronym(w string) bool {
	letters, upper := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 2 && upper == letters
}

// chunk is a noun phrase: the run of words that can name a speaker —
// determiners, titles, capitalised words, particles between them, and
// an acronym in brackets ("Ministry of Foreign Affairs (MFA) of Russia").
type chunk struct {
	toks []token
}

// connectors join the words of a body's name: "Ministry of External
// Affairs", "Chambers of Commerce and Industry".
var connectors = textcase.WordSet(`of|for|and|de|del|des|du|da|do|y|und|für|dan`)

// chunkAt reads the noun phrase starting at toks[i] and returns it and
// the index after it.
func chunkAt(toks []token, i int) (chunk, int) {
	j := i
	for j < len(toks) {
		t := toks[j]
		next := func(n int) token {
			if j+n < len(toks) {
				return toks[j+n]
			}
			return token{}
		}
		switch {
		case t.kind == tWord && (t.isCap() || t.isTitleTok() || t.has(cDet) && j == i):
		case t.kind == tWord && j > i && toks[j-1].isTitleTok() && !toks[j-1].isCap() && t.has(cDet):
			// "the chief spokesman for the secretary-general": stop at "the"
			return chunk{toks[i:j]}, j
		case t.kind == tWord && t.has(cConn) && j > i && (next(1).isCap() || next(1).low == "the" && next(2).isCap()):
		case t.kind == tWord && t.low == "the" && j > i && toks[j-1].has(cConn) && next(1).isCap():
		case t.kind == tWord && t.has(cPart) && j > i && next(1).isCap() && particleFits(toks[j-1].low, t.low):
		case t.kind == tWord && !t.isCap() && t.has(cOrg) && (next(1).isTitleTok() || next(1).isCap() || next(1).has(cOrg)):
			// "the MeT office Mukhtar Ahmad"
		case t.kind == tWord && !t.isCap() && lowerDescriptor(t.low) && !next(1).isCap() && (next(1).isTitleTok() || next(1).has(cOrg) || next(1).has(cGeneric) || next(1).has(cComm)):
			// "agency commissioner Kaori Miyamoto", "the top comment"
		case t.kind == tWord && !t.isCap() && (t.has(cOrg) || t.has(cGeneric) || t.has(cComm) || t.has(cEntity) && j > i) && (j > i || t.has(cGeneric)):
			// "the air force", "the foreign ministry", "the statement", "officials"
		case t.is("(") && j+2 < len(toks) && toks[j+2].is(")") && isAcronymLike(toks[j+1].text):
			j += 2 // "(MFA)"
		case t.is(",") && j > i && orgListAt(toks, i, j):
			// "Ministry of Trade, Industry and Energy"
		default:
			return chunk{toks[i:j]}, j
		}
		j++
	}
	return chunk{toks[i:j]}, j
}

// orgListAt reports whether the comma at toks[j] is inside a body's name
// that lists its fields: "Ministry of Trade, Industry and Energy" — a body
// word before, "of" and a capitalised word, and "Cap and Cap" just after.
func orgListAt(toks []token, i, j int) bool {
	hasOrg, hasOf := false, false
	for _, t := range toks[i:j] {
		if t.isCap() && orgWords[t.baseLow()] {
			hasOrg = true
		}
		if hasOrg && (t.low == "of" || t.low == "for") {
			hasOf = true
		}
	}
	if !hasOrg || !hasOf || j+3 >= len(toks) {
		return false
	}
	return toks[j+1].isCap() && (toks[j+2].low == "and" || toks[j+2].low == "&") && toks[j+3].isCap()
}

// particleFits keeps German and French articles out of names unless a
// particle opens them: "von der Leyen", "de la Fuente", but not "Vogel der
// Deutschen".
func particleFits(prev, p string) bool {
	switch p {
	case "der", "den", "la", "le":
		return prev == "van" || prev == "von" || prev == "de"
	}
	return true
}

// lowerDescriptor reports a lower-case word that may describe a person
// before their title: "agency commissioner", "incident commander",
// "music critic", "cattle farmer".
func lowerDescriptor(w string) bool {
	if len(w) < 3 || functionWords[w] || determiners[w] || looksLikeVerb(w) || speechVerbs[w] || participles[w] {
		return false
	}
	// "meets", "quickly" are not descriptions; "business" may be.
	return !strings.HasSuffix(w, "ly") && (!strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss"))
}

// chunkBefore reads the noun phrase that ends just before toks[end].
func chunkBefore(toks []token, end int) chunk {
	i := end
	for i > 0 {
		t := toks[i-1]
		switch {
		case t.kind == tWord && (t.isCap() || t.isTitleTok()):
		case t.kind == tWord && t.has(cDet):
			i--
			return chunk{toks[i:end]}
		case t.kind == tWord && (t.has(cPart) || t.has(cConn)) && i < end && toks[i].isCap() && i >= 2 && toks[i-2].kind == tWord && (toks[i-2].isCap() || toks[i-2].isTitleTok()):
		case t.is(")") && i >= 3 && toks[i-3].is("(") && isAcronymLike(toks[i-2].text):
			i -= 2
		default:
			return chunk{toks[i:end]}
		}
		i--
	}
	return chunk{toks[i:end]}
}

func isAcronymLike(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || len(w) > 12 {
		return false
	}
	upper := 0
	for _, c := range w {
		if unicode.IsUpper(c) {
			upper++
		}
	}
	return upper >= 2
}

func (c chunk) empty() bool { return len(c.toks) == 0 }

// words drops determiners and bracketed acronyms.
func (c chunk) words() []token {
	// The usual chunk has at most a leading determiner and no brackets: a
	// sub-slice, without copying.
	start := 0
	for start < len(c.toks) && c.toks[start].kind == tWord && c.toks[start].f&fDet != 0 {
		start++
	}
	plain := true
	for _, t := range c.toks[start:] {
		if t.kind != tWord || t.f&fDet != 0 {
			plain = false
			break
		}
	}
	if plain {
		return c.toks[start:]
	}
	var out []token
	for k := 0; k < len(c.toks); k++ {
		t := c.toks[k]
		if t.is("(") && k+2 < len(c.toks) {
			k += 2
			continue
		}
		// "Arjun Das": a capitalised article inside a name is a name.
		if t.kind == tWord && t.has(cDet) && (k == 0 || !t.isCap()) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// nameTail splits a chunk into the title words before a personal name and
// the name: "Kremlin aide Yury Ushakov" → "Yury Ushakov".
func nameTail(ws []token) (titles, name []token) {
	// "Gov. Ellen Marsh of Minnesota", "Professor Li Na of Peking
	// University": the person before "of", not the place or body after.
	for m := 1; m+1 < len(ws); m++ {
		if ws[m].kind == tWord && ws[m].low == "of" {
			// "CBC Chairman G.K. Butterfield of North Carolina": one name
			// word after a title is a surname too.
			if t, n := nameTail(ws[:m]); len(n) >= 2 || len(n) == 1 && (slices.ContainsFunc(t, token.isTitleTok) || m == 1) {
				return t, n
			}
			break
		}
	}
	end := len(ws)
	start := end
	for start > 0 {
		t := ws[start-1]
		switch {
		case start < end && t.kind == tWord && t.isCap() && !t.possessive() && isNameWord(ws[start]) &&
			(t.has(cCal) && !t.has(cFunc) || t.has(cFunc) && start >= 2 && ws[start-2].kind == tWord && ws[start-2].isTitleTok()):
			// "Jan Peeters", "He Yadong": a month or a word like "He"
			// inside a chunk, after a title and before a surname, is a
			// given name.
		case start == end && start >= 2 && t.kind == tWord && nameSuffixes[t.low] && isNameWord(ws[start-2]):
			// "Marcus Dade II", "Donald Trump Jr.": a suffix closes the name.
		case start == end && start >= 2 && t.kind == tWord && t.isCap() && honorificGender[ws[start-2].low] != 0 && !t.possessive():
			// "Ms. White", "Mr. House": after an honorific, a word that
			// would be a title or a place is a surname.
			return ws[:start-1], ws[start-1 : end]
		case isNameWord(t) && (start == end || !t.possessive()):
		case t.kind == tWord && t.has(cPart) && start < end && start >= 2 && isNameWord(ws[start-2]):
		case t.kind == tWord && t.isCap() && t.has(cPart) && start == end && start >= 2 && isNameWord(ws[start-2]):
			// "Arjun Das", "Maria Da": a particle's word closing a name is a surname
		case t.kind == tWord && len(t.text) <= 2 && t.isCap() && strings.HasSuffix(t.text, ".") && start < end:
			// an initial: "S. Jaishankar"
		default:
			return ws[:start], ws[start:end]
		}
		start--
		if end-start > 4 {
			return ws[:start+1], ws[start+1 : end]
		}
	}
	return ws[:start], ws[start:end]
}

// companyTails end company names that orgWords does not list.
var companyTails = textcase.WordSet(`markets|steel|systems|technologies|labs|pharma|electronics|chemicals|logistics|solutions|
ventures|investments|insurance|telecom|mobile|foods|brands|resources|mining|metals|automotive|aerospace|semiconductor`)

// nameSuffixes follow a name and belong to it.
var nameSuffixes = textcase.WordSet(`ii|iii|iv|jr|jr.|sr|sr.`)

// orgName reports whether the chunk names a body ("Ministry of External
// Affairs", "Starlight Entertainment", "the Ukrainian Air Force") and
// returns its name without determiners or a possessive owner ("South
// Korea's Joint Chiefs of Staff" → "Joint Chiefs of Staff").
func orgName(ws []token) (string, bool) {
	// "DNB Markets", "DTE Energy": an acronym heading capitalised words
	// that end in a company's word names a company ("РФ Сергей Рябков" is
	// a country's acronym before a person).
	if n := len(ws); n >= 2 && n <= 4 && ws[0].kind == tWord && isAcronym(ws[0].text) && (ws[n-1].has(cOrg) || companyTails[ws[n-1].baseLow()]) {
		org := true
		for _, t := range ws[1:] {
			if t.kind != tWord || !t.isCap() || t.isTitleTok() || t.possessive() {
				org = false
				break
			}
		}
		if org {
			return joinTokens(ws), true
		}
	}
	if len(ws) > 1 && !ws[0].isCap() && ws[0].isTitleTok() && !ws[0].has(cOrg) && ws[len(ws)-1].isCap() {
		return "", false // "представитель Кремля": a person's title before a body
	}
	last := -1
	for k, t := range ws {
		if t.kind == tWord && t.isCap() && (t.has(cOrg) || t.possessive() && orgWords[t.baseLow()]) {
			last = k
		}
	}
	if last < 0 {
		return "", false
	}
	// The body's name goes on through "of England", "for Refugees"; a
	// title after it ("Bank of England Governor Andrew Bailey") makes the
	// phrase a person's.
	end := last + 1
	personFrom := func(k int) bool {
		// titles running straight into a personal name end the body's name:
		// "Bank of England Governor Andrew Bailey" (not "Ministry of Foreign
		// Affairs of Russia")
		titles, name := nameTail(ws[k:])
		if len(name) == 0 || len(titles) == 0 {
			return false
		}
		for _, t := range titles {
			if !t.isTitleTok() {
				return false
			}
		}
		return true
	}
	for end+1 < len(ws) && ws[end].has(cConn) && ws[end+1].isCap() && !personFrom(end+1) {
		end += 2
		for end < len(ws) && ws[end].isCap() && !personFrom(end) {
			end++
		}
	}
	if end+1 == len(ws) && russianGenitive(ws[end]) {
		end++ // "МИД России", "Минобороны РФ": the country in the genitive
	}
	if end < len(ws) {
		return "", false // "Kremlin aide Yury Ushakov" is a person
	}
	from := 0
	for k, t := range ws[:last] {
		// "South Korea's Joint Chiefs of Staff": the owner goes, but
		// "Coconino County Sheriff's Office" keeps the sheriff.
		if t.possessive() && last-k >= 2 {
			from = k + 1
		}
	}
	// "В Минобороны России заявили": a preposition opening the sentence
	// is not part of the name.
	for from < len(ws) && (!ws[from].isCap() || ws[from].has(cFunc) && from < last) {
		from++
	}
	if from >= len(ws) {
		return "", false
	}
	return joinTokens(ws[from:]), true
}

// russianGenitive reports a capitalised Cyrillic word that reads as a
// country or body in the genitive ("России", "Украины", "РФ"), which
// follows the body it owns.
func russianGenitive(t token) bool {
	if t.kind != tWord || !t.isCap() || len(t.low) < 2 || t.low[0] != 0xD0 && t.low[0] != 0xD1 {
		return false
	}
	if isAcronym(t.text) {
		return true
	}
	for _, suf := range []string{"ии", "ы", "а", "я", "и"} {
		if strings.HasSuffix(t.low, suf) {
			return true
		}
	}
	return false
}

// joinTokens writes tokens back as text.
func joinTokens(ts []token) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 && !(t.kind == tPunct && (t.text == ")" || t.text == ",")) && !ts[k-1].is("(") {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// learn reads one sentence (outside its quotations) for the people and
// bodies it names, before speakers are resolved, and returns the personal
// names it saw.
func (s *story) learn(sent []token) [][]token {
	var names [][]token
	for i := 0; i < len(sent); {
		t := sent[i]
		if t.kind != tWord || !(t.isCap() || t.isTitleTok() || t.f&fDet != 0) {
			i++
			continue
		}
		c, j := chunkAt(sent, i)
		if j == i {
			i++
			continue
		}
		s.learnChunk(sent, i, j, c)
		if _, name := nameTail(c.words()); len(name) > 0 && (t.isCap() || len(name) >= 2) {
			names = append(names, name)
		}
		i = j
	}
	return names
}

func (s *story) learnChunk(sent []token, i, j int, c chunk) {
	ws := c.words()
	if len(ws) == 0 {
		return
	}
	// "Ministry of External Affairs (MEA)": remember the acronym.
	for k := 0; k+2 < len(c.toks) && len(c.toks) > 3; k++ {
		if c.toks[k].is("(") && c.toks[k+2].is(")") && isAcronymLike(c.toks[k+1].text) {
			if name, ok := orgName(chunk{c.toks[:k]}.words()); ok {
				s.acronyms[c.toks[k+1].text] = name
				s.addOrg(name)
			}
		}
	}
	if name, ok := orgName(ws); ok {
		s.addOrg(name)
		return
	}
	if name, ok := lowerBody(sent, c, j); ok && s.orgByHead(ws) == "" {
		s.addOrg(name)
		return
	}
	// "Congress MP Vivek Menon and Commerce Minister Sunil Joshi": two people.
	if hasAnd(ws) {
		parts := splitAnd(ws)
		for _, part := range parts {
			if len(part) > 0 {
				s.learnPerson(sent, i, j, c, part)
			}
		}
		return
	}
	s.learnPerson(sent, i, j, c, ws)
}

// lowerBody reads a body named in lower case as the subject of a speech
// verb, "the unification ministry said", so that a later "the ministry
// said" is put to it.
func lowerBody(sent []token, c chunk, j int) (string, bool) {
	ws := c.words()
	if len(ws) < 2 || len(ws) > 4 || c.toks[0].low != "the" || j >= len(sent) || !sent[j].has(cSpeech) {
		return "", false
	}
	head := ws[len(ws)-1]
	if head.isCap() || !administrativeHeads[head.low] {
		return "", false
	}
	for _, w := range ws[:len(ws)-1] {
		if w.isCap() || w.has(cGeneric) || w.has(cFunc) || w.has(cTime) {
			return "", false
		}
	}
	return joinTokens(ws), true
}

// administrativeHeads name a body of government by what it handles: "the
// unification ministry", "the election commission".
var administrativeHeads = textcase.WordSet(`ministry|department|commission|office|council|authority|committee|board|bureau|
directorate|secretariat|agency|administration`)

// hasAnd reports whether a phrase joins two with "and" (or "y", "und",
// "et", "dan").
func hasAnd(ws []token) bool {
	for _, t := range ws {
		switch t.low {
		case "and", "y", "und", "et", "dan":
			return true
		}
	}
	return false
}

// learnPerson registers the person a noun phrase names, with the titles it
// gives them, when the sentence shows it is a person.
func (s *story) learnPerson(sent []token, i, j int, c chunk, ws []token) {
	titles, name := nameTail(ws)
	// "Budget carrier SkyBridge", "the club Bayer Leverkusen": an entity
	// introduced by what it is.
	if len(name) > 0 && len(titles) > 0 && entityNouns[titles[len(titles)-1].baseLow()] && !titles[len(titles)-1].isTitleTok() {
		s.addEntity(joinTokens(name), titles[len(titles)-1].baseLow())
		return
	}
	if len(name) > 0 && len(titles) == 0 && i > 0 && sent[i-1].kind == tWord && sent[i-1].has(cEntity) {
		s.addEntity(joinTokens(name), sent[i-1].low) // "budget carrier SkyBridge"
		return
	}
	// "Bayer Leverkusen have parted ways": a proper name with a plural
	// verb is a team or a company.
	if len(name) > 0 && len(titles) == 0 && j < len(sent) && (sent[j].low == "have" || sent[j].low == "are" || sent[j].low == "were") && i == 0 {
		s.addEntity(joinTokens(name), "")
		return
	}
	// "la ministra de Vivienda, Carmen Ruiz": the name after the comma is
	// the person; this phrase only describes them.
	if j+1 < len(sent) && sent[j].is(",") {
		if c2, _ := chunkAt(sent, j+1); !c2.empty() {
			if t2, n2 := nameTail(c2.words()); len(n2) >= 2 && len(t2) == 0 && len(name) < 2 {
				p := s.add(n2)
				for _, t := range ws {
					if t.isTitleTok() {
						p.titles[t.baseLow()] = true
					}
				}
				return
			}
		}
	}
	if len(name) == 0 {
		// "A government official said": an unnamed speaker that a later
		// "the official said" refers to.
		if c.toks[0].low == "a" || c.toks[0].low == "an" || c.toks[0].low == "one" {
			s.indefinite[ws[len(ws)-1].low] = true
		}
		return
	}
	before := ""
	if i > 0 {
		before = sent[i-1].low
	}
	after := ""
	if j < len(sent) {
		after = sent[j].low
	}
	afterNext := ""
	if j+1 < len(sent) {
		afterNext = sent[j+1].low
	}
	// "actors Tara Menon and Kabir Sethi": a plural title before names.
	hasTitle := i > 0 && pluralTitle(sent[i-1])
	for _, t := range titles {
		if t.isTitleTok() {
			hasTitle = true
		}
	}
	// "заместитель министра иностранных дел РФ Сергей Рябков": a title a
	// few words before the name, its complement between.
	if !hasTitle && len(name) >= 2 && titleShortlyBefore(sent, i) {
		hasTitle = true
	}
	// "la ministra de Vivienda, Carmen Ruiz": a name in apposition to a title.
	if before == "," && i >= 2 {
		for _, t := range chunkBefore(sent, i-1).words() {
			if t.isTitleTok() {
				hasTitle = true
			}
		}
	}
	// "Jeanne Morel, 64, said": a verb after a short apposition.
	verbAfter := false
	if after == "," {
		for k := j + 1; k < len(sent) && k < j+8; k++ {
			if sent[k].is(",") {
				verbAfter = k+1 < len(sent) && sent[k+1].kind == tWord && (sent[k+1].has(cSpeech) || looksLikeVerb(sent[k+1].low))
				break
			}
			if sent[k].kind == tQuote || sent[k].is(".") {
				break
			}
		}
	}
	personal := hasTitle || verbAfter && len(name) >= 2 || speechVerbs[before] || characterisers[before] ||
		(after == "," && (afterNext == "a" || afterNext == "an" || afterNext == "the" || afterNext == "who" || afterNext == "whose" || isTitle(afterNext))) ||
		(j < len(sent) && sent[j].kind == tWord && !sent[j].isCap() && (looksLikeVerb(sent[j].low) || len(name) >= 2 && strings.HasSuffix(sent[j].low, "s") && !sent[j].has(cFunc)))
	if !personal {
		return
	}
	// One word names a person only with a title, or as the subject of a
	// speech verb ("Trump said") when it is not a place ("Moscow said").
	speaks := j < len(sent) && (sent[j].has(cSpeech) || sent[j].has(cChar))
	if len(name) < 2 && s.find(name) == nil && !hasTitle && !speaks || notAPerson(name) || len(name) == 1 && dateline.KnownPlace(name[0].base()) {
		return
	}
	p := s.add(name)
	for _, t := range titles {
		p.titles[t.baseLow()] = true
		if g, ok := honorificGender[t.low]; ok {
			p.gender = g
		}
	}
	// ", a key Putin aide who …": titles in an apposition.
	if after == "," && (afterNext == "a" || afterNext == "an" || afterNext == "the" || isTitle(afterNext)) {
		for k := j + 1; k < len(sent) && k < j+8; k++ {
			if sent[k].is(",") || sent[k].kind == tQuote {
				break
			}
			if sent[k].isTitleTok() {
				p.titles[sent[k].low] = true
			}
		}
	}
}

// titleShortlyBefore reports a lower-case title within a few words before
// toks[i], with nothing between but the words of its complement.
func titleShortlyBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		t := toks[k]
		if t.kind != tWord || looksLikeVerb(t.low) || t.has(cFunc) {
			return false
		}
		if !t.isCap() && t.isTitleTok() {
			return true
		}
	}
	return false
}

// pluralTitle reports a lower-case title in the plural ("actors",
// "ministers"), which introduces the names after it.
func pluralTitle(t token) bool {
	if t.kind != tWord || t.isCap() || len(t.low) < 5 || !strings.HasSuffix(t.low, "s") {
		return false
	}
	base := strings.TrimSuffix(t.low, "s")
	return isTitle(base) && !genericHeads[base] && !timeWords[base]
}

// looksLikeVerb is a cheap test for a verb after a name: speech verbs and
// past or present forms.
func looksLikeVerb(w string) bool {
	if speechVerbs[w] || characterisers[w] || participles[w] {
		return true
	}
	switch w {
	case "is", "was", "has", "had", "will", "would", "can", "could", "met", "told", "took", "made", "gave", "led", "won",
		"lost", "sat", "went", "came", "got", "ran", "left", "hit", "put", "set", "spent", "sent", "held", "kept", "thanked":
		return true
	}
	if len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "es")) {
		return true
	}
	// Russian past tense: "провел", "заявила", "сообщили"
	for _, suf := range []string{"ал", "ел", "ил", "ала", "ела", "ила", "али", "или", "ели"} {
		if strings.HasSuffix(w, suf) && len([]rune(w)) > 4 {
			return true
		}
	}
	return false
}

func (s *story) addEntity(name, kind string) {
	if len(s.entities) < maxPersons {
		s.entities = append(s.entities, entity{name: name, kind: kind})
	}
}

// entityFor resolves "the airline", "the club" to the entity the story
// introduced as one, or else to the last entity it named.
func (s *story) entityFor(kind string) string {
	for k := len(s.entities) - 1; k >= 0; k-- {
		if s.entities[k].kind == kind {
			return s.entities[k].name
		}
	}
	if len(s.entities) > 0 {
		return s.entities[len(s.entities)-1].name
	}
	return ""
}

// lastCompany is the last body named with a company's suffix ("Samsung
// Electronics Co."), for "the company said".
func (s *story) lastCompany() string {
	for k := len(s.orgs) - 1; k >= 0; k-- {
		o := s.orgs[k]
		last := strings.ToLower(strings.TrimRight(o[strings.LastIndexByte(o, ' ')+1:], "."))
		if companySuffixes[last] {
			return o
		}
	}
	return ""
}

// companySuffixes end the names of companies.
var companySuffixes = textcase.WordSet(`co|corp|inc|ltd|plc|llc|group|holdings|corporation|company|ag|sa|se|gmbh|nv|bv`)

func (s *story) addOrg(name string) {
	if len(s.orgs) > maxPersons {
		return
	}
	for k, o := range s.orgs {
		if o == name {
			s.orgs = append(s.orgs[:k], s.orgs[k+1:]...)
			break
		}
	}
	s.orgs = append(s.orgs, name)
}

// find returns the person a name refers to: the same full name, or a
// single surname or given name of someone named in full.
func (s *story) find(name []token) *person {
	parts := make([]string, len(name))
	for k, t := range name {
		parts[k] = t.base()
	}
	full := strings.Join(parts, " ")
	if p, ok := s.byName[full]; ok {
		return p
	}
	if len(parts) == 1 {
		var best *person
		for _, last := range []bool{true, false} {
			for _, p := range s.byPart[parts[0]] {
				if len(p.parts) < 2 || (p.parts[len(p.parts)-1] == parts[0]) != last {
					continue
				}
				if best == nil || p.seen > best.seen {
					best = p
				}
			}
			if best != nil {
				return best // a surname first, then a given name
			}
		}
		return nil
	}
	// "Anwar Ibrahim" for "Datuk Seri Anwar Ibrahim" registered in full.
	for _, p := range s.byPart[parts[len(parts)-1]] {
		if len(p.parts) > len(parts) && strings.HasSuffix(p.name, " "+full) {
			return p
		}
	}
	return nil
}

// maxPersons bounds the people a story may name, so a hostile page costs
// no more than a long story.
const maxPersons = 2000

// add registers a person, or returns the one already known by that name.
func (s *story) add(name []token) *person {
	if p := s.find(name); p != nil {
		if len(name) > len(p.parts) && len(p.parts) == 1 {
			s.rename(p, tokenTexts(name))
		}
		return p
	}
	p := &person{parts: tokenTexts(name), titles: map[string]bool{}}
	p.name = strings.Join(p.parts, " ")
	// A single-word person learnt before the full name (rare) is upgraded
	// when the full name arrives.
	if len(p.parts) > 1 {
		for _, q := range s.byPart[p.parts[len(p.parts)-1]] {
			if len(q.parts) == 1 {
				s.rename(q, p.parts)
				return q
			}
		}
	}
	if len(s.persons) >= maxPersons {
		return p // counted for this sentence, not remembered
	}
	s.persons = append(s.persons, p)
	s.index(p)
	return p
}

func (s *story) index(p *person) {
	s.byName[p.name] = p
	s.byPart[p.parts[0]] = append(s.byPart[p.parts[0]], p)
	if len(p.parts) > 1 {
		last := p.parts[len(p.parts)-1]
		s.byPart[last] = append(s.byPart[last], p)
	}
}

// rename gives a person known by one word their full name.
func (s *story) rename(p *person, parts []string) {
	delete(s.byName, p.name)
	p.parts = parts
	p.name = strings.Join(parts, " ")
	s.index(p)
}

func tokenTexts(ts []token) []string {
	out := make([]string, len(ts))
	for k, t := range ts {
		out[k] = t.base()
	}
	return out
}

// mention marks p as the latest subject or speaker.
func (s *story) mention(p *person) {
	if p == nil {
		return
	}
	s.clock++
	p.seen = s.clock
	for k, q := range s.salient {
		if q == p {
			s.salient = append(s.salient[:k], s.salient[k+1:]...)
			break
		}
	}
	s.salient = append(s.salient, p)
	if len(s.salient) > 64 {
		s.salient = s.salient[len(s.salient)-64:]
	}
}

// seen marks a person named anywhere in a sentence, not as its subject.
func (s *story) seenNow(p *person) {
	if p == nil {
		return
	}
	s.clock++
	p.seen = s.clock
}

// pronoun resolves "he", "she", "him", "her" to the most recent subject or
// speaker of a compatible gender — or, when the story has had none yet, to
// the person last named — and learns that person's gender.
func (s *story) pronoun(gender byte) *person {
	pick := func(p *person) *person {
		if gender != 0 {
			p.gender = gender
		}
		return p
	}
	for k := len(s.salient) - 1; k >= 0; k-- {
		if p := s.salient[k]; gender == 0 || p.gender == 0 || p.gender == gender {
			return pick(p)
		}
	}
	var best *person
	for _, p := range s.persons {
		if p.seen > 0 && (gender == 0 || p.gender == 0 || p.gender == gender) && (best == nil || p.seen > best.seen) {
			best = p
		}
	}
	if best != nil {
		return pick(best)
	}
	return nil
}

// byTitle resolves a title used alone ("the Home Minister", "the Kremlin
// spokesman", "the Congress leader") to the most recent person seen with
// that title, or returns nil.
func (s *story) byTitle(words []token) *person {
	if len(words) == 0 {
		return nil
	}
	head := words[len(words)-1].baseLow()
	var best *person
	for _, p := range s.persons {
		// Every qualifier must be the person's ("the Congress leader" is
		// the Congress MP; "US President" is not the Russian president),
		// and the head one of their titles or a title for any person.
		ok := true
		for _, w := range words[:len(words)-1] {
			// "Venice's mayor": the owner says where, not which title
			if lw := w.baseLow(); !p.titles[lw] && !modifiers[lw] && !w.possessive() {
				ok = false
				break
			}
		}
		// A named office ("US President") must be the person's own; a role
		// ("the Congress leader") may be said in other words.
		if !ok || !(p.titles[head] || !offices[head] && isTitle(head) && len(words) > 1 && len(p.titles) > 0) {
			continue
		}
		if best == nil || p.seen > best.seen {
			best = p
		}
	}
	return best
}

// modifiers qualify a title without naming which one: "the former
// president" is the president the story named.
var modifiers = textcase.WordSet(`former|ex|then|current|acting|interim|new|outgoing|incoming|late|senior|junior|top|veteran|
embattled|beleaguered|chief`)

// offices are titles that name one post; a story's "the president" is the
// person it introduced as president.
var offices = textcase.WordSet(`president|minister|governor|mayor|senator|secretary|ambassador|envoy|judge|chancellor|premier|king|
queen|prince|pope|speaker|treasurer|commissioner|chairman|chairwoman|ceo|director|general|attorney`)

// orgByHead resolves "the ministry" or "the air force" to the most recent
// body named with those words.
func (s *story) orgByHead(words []token) string {
	for k := len(s.orgs) - 1; k >= 0; k-- {
		o := strings.ToLower(s.orgs[k])
		all := true
		for _, w := range words {
			if !strings.Contains(o, w.baseLow()) {
				all = false
				break
			}
		}
		if all {
			return s.orgs[k]
		}
	}
	return ""
}

// speaker resolves a noun phrase in a speaker's place to the name the
// story gives in full, and the person when it is one.
func (s *story) speaker(c chunk) (string, *person) {
	ws := c.words()
	if len(ws) == 0 {
		// a bare determiner ("the") or nothing
		return "", nil
	}
	if len(ws) == 1 {
		if g, ok := pronouns[ws[0].low]; ok {
			p := s.pronoun(g)
			if p == nil {
				return "", nil
			}
			return p.name, p
		}
		if ws[0].low == "it" {
			return s.lastBody, nil // "the ministry said … it added"
		}
		if full, ok := s.acronyms[ws[0].text]; ok {
			return full, nil
		}
	}
	// "South Korea's Joint Chiefs of Staff (JCS)", "the Ministry of
	// Foreign Affairs (MFA) of Russia".
	for k := 0; k+2 < len(c.toks); k++ {
		if c.toks[k].is("(") && c.toks[k+2].is(")") {
			if full, ok := s.acronyms[c.toks[k+1].text]; ok {
				return full, nil
			}
		}
	}
	if name, ok := orgName(ws); ok {
		return name, nil
	}
	titles, name := nameTail(ws)
	if len(name) > 0 {
		if _, ok := attribution.Platform(joinTokens(name)); ok {
			return "", nil // "Weibo posted": a platform, not a speaker
		}
		// "India rejected the remarks, calling them …": a country or city
		// stands for someone the story does not name.
		if len(name) == 1 && len(titles) == 0 && dateline.KnownPlace(name[0].base()) && s.find(name) == nil {
			return "", nil
		}
		// "eine Pendlerin", "a Volkswagen": one capitalised word after an
		// indefinite article describes someone, it does not name them.
		if len(name) == 1 && indefiniteArticles[c.toks[0].low] {
			return "", nil
		}
		// "BGMEA president Faruque Hassan" is a person; "MEA" alone is not.
		if len(name) == 1 && len(titles) == 0 && s.acronyms[name[0].text] != "" {
			return s.acronyms[name[0].text], nil
		}
		p := s.find(name)
		if p == nil {
			p = s.add(name)
		}
		for _, t := range titles {
			if g, ok := honorificGender[t.low]; ok && p.gender == 0 {
				p.gender = g
			}
		}
		return p.name, p
	}
	// No name: an acronym, a body by its head, a title, or nobody.
	head := ws[len(ws)-1]
	if full, ok := s.acronyms[head.text]; ok {
		return full, nil
	}
	hl := head.baseLow()
	if communications[hl] {
		return s.issuer, nil
	}
	if s.indefinite[hl] && !c.toks[0].isCap() {
		return "", nil
	}
	// "представитель Кремля" — the Kremlin's representative: a person
	// named by a role before a body.
	if len(ws) > 1 && ws[0].isTitleTok() && !ws[0].isCap() && !ws[0].has(cOrg) && !offices[ws[0].low] && !s.indefinite[ws[0].low] && head.isCap() {
		if p := s.byTitle(ws); p != nil {
			return p.name, p
		}
		if p := s.pronoun(0); p != nil {
			return p.name, p
		}
	}
	if entityNouns[hl] && !head.isCap() {
		if e := s.entityFor(hl); e != "" {
			return e, nil
		}
		if o := s.lastCompany(); o != "" && (hl == "company" || hl == "firm" || hl == "group") {
			return o, nil
		}
	}
	if orgWords[hl] {
		if head.isCap() && len(ws) == 1 {
			return head.text, nil // "the Kremlin said"
		}
		if o := s.orgByHead(ws); o != "" {
			return o, nil
		}
		if o := s.orgByHead(ws[len(ws)-1:]); o != "" {
			return o, nil
		}
		if ws[0].isCap() {
			return joinTokens(ws), nil
		}
		return "", nil
	}
	if isTitle(hl) && !genericPlural(hl) {
		if p := s.byTitle(ws); p != nil {
			return p.name, p
		}
		// "the diplomat", "the minister": whoever the story is about; but
		// "US President" with no such president named is nobody known.
		if !s.indefinite[hl] && (len(ws) == 1 || !offices[hl]) {
			if p := s.pronoun(0); p != nil {
				return p.name, p
			}
		}
		return "", nil
	}
	if isAcronym(head.text) {
		return head.text, nil
	}
	return "", nil
}

// indefiniteArticles open a noun phrase that describes rather than names.
var indefiniteArticles = textcase.WordSet(`a|an|one|un|una|une|ein|eine|einer|einem|einen`)

// genericPlural reports heads that name a group, never one person.
func genericPlural(w string) bool {
	return strings.HasSuffix(w, "s") && genericHeads[w]
}
