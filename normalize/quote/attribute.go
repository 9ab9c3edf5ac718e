package quote

import (
	"strings"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// cue is who a quotation is put to in its sentence, as found.
type cue struct {
	np      chunk  // the speaker's noun phrase, when one was found
	name    string // a speaker already resolved (headline, pull-quote credit)
	verb    string
	partial bool // the quotation is part of a longer sentence
	block   bool // a pull quote with its credit
	found   bool
}

// isSpeech reports whether w attributes a quotation as a finite verb.
func isSpeech(w string) bool { return speechVerbs[w] }

// right looks for the attribution after the quotation at toks[k]:
// `"…," Yury Ushakov, a key Putin aide, told reporters` (speaker, verb)
// and `"…," said Priya Natarajan, an analyst` (verb, speaker).
func right(toks []token, k int) cue {
	i := k + 1
	for i < len(toks) && (toks[i].is(",") || toks[i].isDash()) {
		i++
	}
	if i >= len(toks) || toks[i].kind == tQuote {
		return cue{}
	}
	// `… "the ultimate crisis" and "stunt growth," X proclaimed`: quotes
	// joined by "and" share the credit after the last.
	if (toks[i].low == "and" || toks[i].low == "or") && i+1 < len(toks) && toks[i+1].kind == tQuote {
		return right(toks, i+1)
	}
	if a := nextSentenceCredit(toks[i:]); a.found && i == k+1 {
		return a
	}
	// A pull quote: `"…" – Yury Ushakov`, the credit closing the paragraph.
	if k+1 < len(toks) && toks[k+1].isDash() {
		c, j := chunkAt(toks, i)
		if !c.empty() && creditEnds(toks, j) {
			return cue{np: c, block: true, found: true}
		}
	}
	// Verb first.
	if a, ok := verbFirst(toks, i); ok {
		return a
	}
	// Speaker first.
	c, j := chunkAt(toks, i)
	if c.empty() {
		c, j = describedName(toks, i)
	}
	if c.empty() {
		if _, ok := pronouns[toks[i].low]; ok && toks[i].kind == tWord || toks[i].low == "it" {
			c, j = chunk{toks[i : i+1]}, i+1
		} else {
			return laterCredit(toks, i)
		}
	}
	if len(c.toks) == 1 && toks[i].kind == tWord {
		if _, ok := pronouns[toks[i].low]; ok {
			c = chunk{toks[i : i+1]}
			j = i + 1
		}
	}
	// `"…," the museum's director, Claire Fontaine, told AFP`: a name in
	// apposition to a description is the speaker.
	if _, n := nameTail(c.words()); len(n) == 0 {
		m := j
		for m < len(toks) && m < j+5 && toks[m].kind == tWord && !toks[m].isCap() && !isSpeech(toks[m].low) {
			m++ // the rest of the description: "museum's director"
		}
		if m < len(toks) && toks[m].is(",") {
			if c2, e2 := chunkAt(toks, m+1); e2 < len(toks) && toks[e2].is(",") {
				if _, n2 := nameTail(c2.words()); len(n2) >= 2 {
					c, j = c2, m
				}
			}
		}
	}
	j = skipApposition(toks, j)
	j = skipAdverbs(toks, j)
	if j >= len(toks) || toks[j].kind != tWord {
		return cue{}
	}
	w := toks[j].low
	// "was quoted as saying", "is quoted as saying"
	if (w == "was" || w == "were" || w == "is" || w == "are") && j+1 < len(toks) && toks[j+1].low == "quoted" {
		return cue{np: c, verb: verbPhrase(toks, j+1), found: true}
	}
	if (w == "has" || w == "had" || w == "have") && j+1 < len(toks) && isSpeech(toks[j+1].low) {
		j++
		w = toks[j].low
	}
	if !isSpeech(w) || toks[j].isCap() {
		return cue{} // "Reports", "States" in capitals are names, not verbs
	}
	if j+1 < len(toks) && toks[j+1].is(":") {
		return cue{} // `"…" Mr. Zahed said: "…"`: the credit opens the next quotation
	}
	// "CNN quoted him": the outlet relays, the object speaks.
	if w == "quoted" && j+1 < len(toks) {
		if _, ok := pronouns[toks[j+1].low]; ok {
			return cue{np: chunk{toks[j+1 : j+2]}, verb: "quoted", found: true}
		}
	}
	return cue{np: c, verb: verbPhrase(toks, j), found: true}
}

// laterCredit reads a credit that comes after a clause following the
// quotation: `"…," since many cases were decided 5-to-4, said Lee
// Epstein`. Only a verb-first credit with a named speaker counts, and
// nothing but words may stand between.
func laterCredit(toks []token, i int) cue {
	for j := i + 1; j < len(toks) && j < i+25; j++ {
		t := toks[j]
		if t.kind == tQuote || t.is(".") {
			return cue{}
		}
		if t.is(",") && j+1 < len(toks) {
			// `"…" for the victory, Sanders said.`
			if c, e := chunkAt(toks, j+1); !c.empty() {
				e = skipAdverbs(toks, e)
				if _, n := nameTail(c.words()); len(n) > 0 && e < len(toks) && toks[e].kind == tWord && !toks[e].isCap() && isSpeech(toks[e].low) && (e+1 >= len(toks) || !toks[e+1].is(":")) {
					return cue{np: c, verb: verbPhrase(toks, e), partial: true, found: true}
				}
			}
			continue
		}
		if t.kind != tWord || t.isCap() || !isSpeech(t.low) || !toks[j-1].is(",") {
			continue
		}
		if a, ok := verbFirst(toks, j); ok {
			if _, n := nameTail(a.np.words()); len(n) >= 2 {
				a.partial = true
				return a
			}
		}
		return cue{}
	}
	return cue{}
}

// describedName reads a name behind a few lower-case words that describe
// the person: `"…," works council member Sabine Kroll told Reuters`.
func describedName(toks []token, i int) (chunk, int) {
	for m := i + 1; m < len(toks) && m <= i+3; m++ {
		// "former FBI agent Timothy Gill": an acronym may stand in the
		// description.
		if p := toks[m-1]; p.kind != tWord || p.isCap() && !isAcronym(p.text) || p.has(cFunc) || p.has(cDet) || isSpeech(p.low) {
			return chunk{}, i
		}
		if !toks[m].isCap() && !toks[m].isTitleTok() {
			continue
		}
		c, j := chunkAt(toks, m)
		if _, name := nameTail(c.words()); len(name) >= 2 {
			return c, j
		}
	}
	return chunk{}, i
}

// verbFirst reads `said Ushakov`, `dijo el presidente del TSE, Óscar
// Hassenteufel`, `a-t-elle affirmé`, `katanya` at toks[i].
func verbFirst(toks []token, i int) (cue, bool) {
	t := toks[i]
	if t.kind != tWord {
		return cue{}, false
	}
	if _, ok := clitics[t.low]; ok {
		v := t.text
		if i+1 < len(toks) && isSpeech(toks[i+1].low) {
			v += " " + toks[i+1].text
		}
		return cue{np: chunk{[]token{pronounToken(t.low)}}, verb: v, found: true}, true
	}
	j := i
	// "a déclaré", "ha dicho", "has said"
	if i+1 < len(toks) && isSpeech(toks[i+1].low) && (t.low == "has" || t.low == "hat" || auxiliary(t.low, toks[i+1].low)) {
		j = i + 1
	}
	if !isSpeech(toks[j].low) {
		return cue{}, false
	}
	verb := verbPhrase(toks, j)
	k := j + 1
	// "sagte Verbandschefin Karin Vogel der Deutschen Presse-Agentur",
	// "said in a statement Ushakov" is rare; skip a few filler words.
	for k < len(toks) && toks[k].kind == tWord && (toks[k].low == "on" || toks[k].low == "also" || toks[k].low == "today" || toks[k].low == "then") {
		k++
	}
	k = skipAudience(toks, k)
	if k >= len(toks) || toks[k].kind == tPunct && toks[k].text != "," {
		// "«…», señaló." — the subject is dropped, as a pronoun would be.
		return cue{np: chunk{[]token{{text: "they", low: "dia", kind: tWord}}}, verb: verb, found: true}, true
	}
	if _, ok := pronouns[toks[k].low]; ok && toks[k].kind == tWord && !toks[k].isCap() {
		return cue{np: chunk{toks[k : k+1]}, verb: verb, found: true}, true
	}
	c, e := chunkAt(toks, k)
	// "said Democratic pollster Stan Greenberg", "mused Blaze co-host Stu
	// Burguiere": a capitalised word, a lower-case description, the name.
	if _, n0 := nameTail(c.words()); len(n0) <= 1 && len(c.toks) == 1 && !c.toks[0].has(cDet) && e < len(toks) && toks[e].kind == tWord && !toks[e].isCap() && !asidePrepositions[toks[e].low] {
		if c3, e3 := describedName(toks, e); !c3.empty() {
			c, e = c3, e3
		}
	}
	// "said former secretary of state Hillary Clinton": a lower-case
	// description with "of" in it before the name.
	if _, n0 := nameTail(c.words()); len(n0) == 0 {
		m := e
		for m < len(toks) && m < e+5 && toks[m].kind == tWord && !toks[m].isCap() && !isSpeech(toks[m].low) {
			m++
		}
		if m > e && m < len(toks) {
			if c3, e3 := chunkAt(toks, m); !c3.empty() {
				if _, n3 := nameTail(c3.words()); len(n3) >= 2 {
					c, e = c3, e3
				}
			}
		}
	}
	// "dijo el presidente del TSE, Óscar Hassenteufel", "sagte der
	// verkehrspolitische Sprecher der Grünen, Jonas Brandt": a name in
	// apposition replaces a description.
	// "said Grimm, a Donald Trump supporter" keeps Grimm: only a
	// description with no name gives way.
	if _, n1 := nameTail(c.words()); len(n1) == 0 {
		for m := e; m < len(toks) && m < k+14; m++ {
			if toks[m].kind == tQuote || toks[m].is(".") {
				break
			}
			if toks[m].is(",") {
				if c2, _ := chunkAt(toks, m+1); !c2.empty() {
					if _, n2 := nameTail(c2.words()); len(n2) >= 2 {
						c = c2
					}
				}
				break
			}
		}
	}
	if len(c.words()) == 0 {
		// "«…», declaró a la prensa": no subject after the verb.
		return cue{np: chunk{[]token{{text: "they", low: "dia", kind: tWord}}}, verb: verb, found: true}, true
	}
	return cue{np: c, verb: verb, found: true}, true
}

// skipAudience steps over who was told, between a verb and its speaker:
// "a déclaré à l'AFP Julien Marchand", "dijo a EFE la ministra".
func skipAudience(toks []token, k int) int {
	if k >= len(toks) || toks[k].kind != tWord || !audiencePrepositions[toks[k].low] {
		return k
	}
	m := k + 1
	for m < len(toks) && m <= k+3 && toks[m].kind == tWord && (toks[m].has(cDet) || elided(toks[m].low) || isAcronym(toks[m].text)) {
		m++
	}
	if m == k+1 || m >= len(toks) {
		return k
	}
	if c, _ := chunkAt(toks, m); !c.empty() {
		return m
	}
	return k
}

// audiencePrepositions introduce who a speaker talks to.
var audiencePrepositions = textcase.WordSet(`à|a|au|aux`)

// elided reports a French word with an elided article: "l'AFP".
func elided(w string) bool {
	return strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "l’")
}

func pronounToken(clitic string) token {
	switch clitics[clitic] {
	case 'm':
		return token{text: "he", low: "he", kind: tWord}
	case 'f':
		return token{text: "she", low: "she", kind: tWord}
	}
	return token{text: "they", low: "dia", kind: tWord}
}

// creditEnds reports whether a pull quote's credit ends the paragraph at
// toks[j]: nothing after it but ", a title".
func creditEnds(toks []token, j int) bool {
	if j >= len(toks) {
		return true
	}
	if toks[j].is(",") {
		for _, t := range toks[j+1:] {
			if t.kind == tQuote || t.is(".") && false {
				return false
			}
		}
		return true
	}
	return len(toks) == j+1 && toks[j].is(".")
}

// skipApposition steps over ", a key Putin aide who was at the talks," after
// a speaker.
func skipApposition(toks []token, j int) int {
	if j >= len(toks) || !toks[j].is(",") {
		return j
	}
	for k := j + 1; k < len(toks) && k < j+30; k++ {
		if toks[k].kind == tQuote || toks[k].is(".") {
			return j
		}
		if toks[k].is(",") {
			n := skipAdverbs(toks, k+1)
			if n < len(toks) && toks[n].kind == tWord && (isSpeech(toks[n].low) || toks[n].low == "was" || toks[n].low == "has") {
				return n
			}
		}
	}
	return j
}

// skipAdverbs steps over "on Monday", "also", "later", "in a statement"
// between a speaker and the verb.
func skipAdverbs(toks []token, j int) int {
	for j < len(toks) && toks[j].kind == tWord && (toks[j].has(cTime)) && !isSpeech(toks[j].low) {
		j++
	}
	return j
}

// verbPhrase is the verb as the story writes it, with an audience that
// belongs to it: "told reporters", "told a news conference".
func verbPhrase(toks []token, j int) string {
	v := toks[j].text
	if j > 0 && toks[j-1].kind == tWord && (toks[j-1].low == "has" || auxiliary(toks[j-1].low, toks[j].low)) {
		v = toks[j-1].text + " " + v
	}
	if toks[j].low == "quoted" && j+2 < len(toks) && toks[j+1].low == "as" && toks[j+2].low == "saying" {
		return "quoted as saying"
	}
	if toks[j].low == "told" || toks[j].low == "tells" || toks[j].low == "tell" {
		for n := 3; n >= 1; n-- {
			if j+n < len(toks) {
				phrase := strings.ToLower(joinTokens(toks[j+1 : j+1+n]))
				if audiences[phrase] {
					return v + " " + joinTokens(toks[j+1:j+1+n])
				}
			}
		}
	}
	return v
}

// left looks for the attribution before the quotation at toks[k]:
// `Zelenskyy said, "…"`, `Mehra said the two countries shared "…"`,
// `a figure Diallo called "…"`, `According to him, … "…"`. Of the verbs
// before the quotation the nearest one whose subject names someone wins.
func left(s *story, toks []token, k int) cue {
	var fallback cue
	for v := k - 1; v >= 0 && v >= k-80; v-- {
		t := toks[v]
		if t.kind == tQuote {
			// `"A," he said, "B."`: the verb between belongs to both.
			continue
		}
		if t.kind != tWord {
			continue
		}
		var a cue
		switch {
		case t.low == "to" && v > 0 && toks[v-1].low == "according":
			c, _ := chunkAt(toks, v+1)
			if c.empty() && v+1 < len(toks) {
				if _, ok := pronouns[toks[v+1].low]; ok {
					c = chunk{toks[v+1 : v+2]}
				}
			}
			a = cue{np: c, verb: "according to", found: true}
		case t.low == "selon" || t.low == "según" || t.low == "laut" || t.low == "menurut" || t.low == "словам" && v > 0 && toks[v-1].low == "по":
			c, _ := chunkAt(toks, v+1)
			if c.empty() && v+1 < len(toks) {
				if _, ok := pronouns[toks[v+1].low]; ok {
					c = chunk{toks[v+1 : v+2]}
				} else if toks[v+1].low == "lui" || toks[v+1].low == "él" || toks[v+1].low == "его" {
					c = chunk{[]token{{text: "he", low: "he", kind: tWord}}}
				}
			}
			a = cue{np: c, verb: t.text, found: true}
		case t.low == "put" && v+1 < k && toks[v+1].low == "it":
			// "as Tom Ridge, a former secretary, put it: '…'"
			a = cue{np: subjectBefore(toks, v), verb: "put it", found: true}
		case t.low == "quoted" && v+1 < k && pronouns[toks[v+1].low] != 0 || t.low == "quoted" && v+1 < k && toks[v+1].low == "them":
			a = cue{np: chunk{toks[v+1 : v+2]}, verb: "quoted", found: true}
		case (isSpeech(t.low) || t.has(cChar)) && v > 0 && (nounMarkers[toks[v-1].low] || toks[v-1].possessive() || t.isCap()):
			continue // "his remarks", "the statement": a noun, not a verb; "the United States": a name
		case isSpeech(t.low) || t.has(cChar):
			if c, ok := clitics[t.low]; ok {
				_ = c
				a = cue{np: chunk{[]token{pronounToken(t.low)}}, verb: t.text, found: true}
				break
			}
			a = cue{np: subjectBefore(toks, v), verb: verbPhrase(toks, v), found: true}
			if a.np.empty() && v+1 < k {
				// "said Ushakov" before a quote: `said Ushakov: "…"` — the
				// phrase must lead straight to the quotation.
				if c, e := chunkAt(toks, v+1); !c.empty() && e < k && (toks[e].is(":") || toks[e].is(",")) && e+1 == k {
					a.np = c
				} else if !c.empty() && e < k && toks[e].is(",") && appositionTo(toks, e, k) {
					// `"The risk," said Edward Leamer, an economist at
					// UCLA, "is that …"`: the quote resumes after the
					// speaker's apposition.
					a.np = c
				}
			}
			if a.np.empty() && genericBefore(toks, v) {
				// The nearest verb has a subject of its own, unnamed.
				a.np = chunk{toks[v-1 : v]}
				a.partial = !directLead(toks, v, k) || t.has(cChar)
				return a
			}
			if a.np.empty() {
				a.np = sentenceSubject(toks)
			}
		case t.has(cPartic):
			np := withSubject(toks, v)
			if np.empty() {
				np = sentenceSubject(toks)
			}
			a = cue{np: np, verb: t.text, found: true}
		default:
			continue
		}
		// a characterisation is always part of a longer sentence
		a.partial = !directLead(toks, v, k) || t.has(cChar)
		if name, _ := s.peek(a.np); name != "" {
			return a
		}
		if !fallback.found {
			fallback = a
		}
	}
	// `Kaine has adopted the stance common among Catholics: "…"`: with no
	// verb of speech, the person the sentence is about speaks after its
	// colon.
	if !fallback.found && k > 2 && toks[k-1].is(":") {
		// "… doesn't surprise Republican pollster Daron Shaw: '…'": a
		// full name right before the colon.
		if np := chunkBefore(toks, k-1); !np.empty() {
			if _, n := nameTail(np.words()); len(n) >= 2 {
				return cue{np: np, found: true}
			}
		}
		if np := sentenceSubject(toks); !np.empty() {
			// only a person the story has named, not any capitalised
			// subject ("The report …:")
			if _, n := nameTail(np.words()); len(n) > 0 && s.find(n) != nil {
				return cue{np: np, found: true}
			}
		}
	}
	return fallback
}

// appositionTo reports whether the tokens from the comma at toks[e] to
// the quotation at toks[k] are an apposition closed by a comma: ", an
// economist who is the director of the UCLA Anderson Forecast, ".
func appositionTo(toks []token, e, k int) bool {
	if k-e > 30 || !toks[k-1].is(",") || k-1 == e {
		return false
	}
	for _, t := range toks[e+1 : k-1] {
		if t.kind == tQuote || t.is(".") || t.kind == tWord && isSpeech(t.low) {
			return false
		}
	}
	return true
}

// roundup reads a credit that ends in a colon before the quotation: `Anil
// Mehta, President, CII: "…"` or `Clinton: "…"`, the form of reaction
// roundups and debate transcripts. Only names, titles, bodies and commas
// may stand before the colon.
func roundup(toks []token, k int) cue {
	if k < 2 || k > 16 || !toks[k-1].is(":") {
		return cue{}
	}
	comma := false
	for _, t := range toks[:k-1] {
		switch {
		case t.kind == tQuote:
			return cue{}
		case t.kind == tPunct:
			if !t.is(",") && !t.is(".") && !t.is("'") && !t.is("’") {
				return cue{}
			}
			comma = comma || t.is(",")
		case t.isCap() || t.isTitleTok() || t.low == "of" || t.low == "the" || t.low == "and" || t.low == "for":
		case comma && !isSpeech(t.low) && !t.has(cPartic):
			// "Sunil Kulkarni, former India opener:": the description
			// after the name may be in lower case.
		default:
			return cue{}
		}
	}
	c, _ := chunkAt(toks, 0)
	if _, name := nameTail(c.words()); len(name) == 0 {
		return cue{}
	}
	return cue{np: c, found: true}
}

// nextSentenceCredit reads a credit given in the sentence after a quote
// that stands alone: `"…" That was the submission of senior advocate X.`,
// `Those were the words of X, 71, …`.
func nextSentenceCredit(toks []token) cue {
	if len(toks) < 5 || toks[0].kind != tWord {
		return cue{}
	}
	switch toks[0].low {
	case "that", "those", "this", "these", "such":
	default:
		return cue{}
	}
	switch toks[1].low {
	case "was", "were", "is", "are":
	default:
		return cue{}
	}
	for k := 2; k+1 < len(toks) && k < 7; k++ {
		if toks[k].kind != tWord {
			return cue{}
		}
		if toks[k].low == "of" || toks[k].low == "from" || toks[k].low == "by" {
			c, _ := chunkAt(toks, k+1)
			if _, name := nameTail(c.words()); len(name) == 0 {
				return cue{}
			}
			return cue{np: c, verb: joinTokens(toks[2:k]), found: true}
		}
	}
	return cue{}
}

// withSubject reads the subject of a participle in an absolute phrase:
// `…, with the Ministry of External Affairs calling them "…"` — the body
// after "with" speaks, not the sentence's subject.
func withSubject(toks []token, v int) chunk {
	c := chunkBefore(toks, v)
	if c.empty() {
		return chunk{}
	}
	if start := v - len(c.toks); start > 0 && toks[start-1].low == "with" {
		return c
	}
	return chunk{}
}

// genericBefore reports an unnamed group as the subject of the verb at
// toks[v]: `a move labour leaders called "a betrayal"` is nobody's, not
// the sentence subject's.
func genericBefore(toks []token, v int) bool {
	if v == 0 {
		return false
	}
	t := toks[v-1]
	return t.kind == tWord && !t.isCap() && t.has(cGeneric) && genericPlural(t.low)
}

// auxiliary reports a French or Spanish auxiliary before a participle:
// "a déclaré", "ha dicho" — not English "a call".
func auxiliary(aux, verb string) bool {
	switch aux {
	case "a":
		return strings.HasSuffix(verb, "é") || verb == "dit"
	case "ha":
		return strings.HasSuffix(verb, "do") || strings.HasSuffix(verb, "to")
	}
	return false
}

// nounMarkers before a speech word make it a noun: "his remarks", "the
// statement".
var nounMarkers = textcase.WordSet(`the|his|her|its|their|this|that|our|my|your|these|those`)

// directLead reports whether only the verb's audience and a comma or colon
// stand between the verb at v and the quotation at k: a direct quote
// rather than a partial one.
func directLead(toks []token, v, k int) bool {
	for _, t := range toks[v+1 : k] {
		if t.kind == tPunct && (t.text == "," || t.text == ":" || t.isDash()) {
			continue
		}
		if t.kind == tWord && (t.has(cAud) || t.low == "reporters" || t.low == "the" || t.low == "in" || t.low == "a" ||
			t.low == "statement" || t.low == "that" || t.isCap() || t.has(cTime)) {
			continue
		}
		return false
	}
	return true
}

// subjectBefore reads the subject of the verb at toks[v]: the noun phrase
// just before it, over adverbs ("on Monday") and an apposition.
func subjectBefore(toks []token, v int) chunk {
	j := v
	for j > 0 && toks[j-1].kind == tWord && toks[j-1].has(cTime) && !toks[j-1].isCap() {
		j--
	}
	// "on Monday": capitalised weekday after "on"
	if j >= 2 && toks[j-2].low == "on" && toks[j-1].has(cTime) {
		j -= 2
	}
	if j > 0 && toks[j-1].kind == tWord {
		if _, ok := pronouns[toks[j-1].low]; ok {
			return chunk{toks[j-1 : j]}
		}
		// "Anand Sharma, who earlier told IANS": the relative pronoun
		// stands for the noun phrase before the comma.
		if w := toks[j-1].low; (w == "who" || w == "which" || w == "quien" || w == "qui") && j >= 3 && toks[j-2].is(",") {
			return chunkBefore(toks, j-2)
		}
	}
	if j > 0 && toks[j-1].is(",") {
		// apposition: ", a key Putin aide who was at the talks,"; or the
		// name itself after a description: "El portavoz del Partido
		// Popular, Javier Montero, criticó".
		for k := j - 2; k >= 0 && k > j-30; k-- {
			if toks[k].is(",") {
				if inner, e := chunkAt(toks, k+1); e == j-1 {
					if _, n := nameTail(inner.words()); len(n) >= 2 {
						return inner
					}
				}
				if c := chunkBefore(toks, k); !c.empty() {
					// "Clinton, during a town hall meeting in Columbus,
					// Ohio, said": a place in the aside is not the
					// subject; the name before the aside is.
					if start := k - len(c.toks); start > 0 && toks[start-1].kind == tWord && asidePrepositions[toks[start-1].low] {
						continue
					}
					return c
				}
				break
			}
			if toks[k].kind == tQuote || toks[k].is(".") {
				break
			}
		}
		return chunk{}
	}
	c := chunkBefore(toks, j)
	// "Aviation analyst Rahul Mehta at Bernstein said": the person before
	// the preposition is the subject, the body after it where they work.
	if start := j - len(c.toks); !c.empty() && start >= 2 && toks[start-1].kind == tWord && workPrepositions[toks[start-1].low] {
		if p := chunkBefore(toks, start-1); !p.empty() {
			if _, name := nameTail(p.words()); len(name) >= 2 {
				return p
			}
		}
	}
	return c
}

// asidePrepositions open an aside between a subject and its verb:
// "Clinton, during a visit to Columbus, Ohio, said".
var asidePrepositions = textcase.WordSet(`in|at|during|on|from|near|after|before|while|outside|inside|to`)

// workPrepositions join a person to where they work: "analyst X at Y".
var workPrepositions = textcase.WordSet(`at|of|from|with|for|en|de|bei|von`)

// introWords open an introductory phrase before a sentence's subject.
var introWords = textcase.WordSet(`in|on|at|speaking|addressing|earlier|later|meanwhile|however|notably|according|citing|asked|after|
before|during|taking|responding|reacting|separately|also|but|and|while|when|since|for|with|besides|further|then|today|
yesterday|last|this|following|amid|despite|under|as|by|from|to|referring|commenting|writing|posting|reached|elsewhere`)

// sentenceSubject reads the subject at the start of a sentence, after an
// introductory phrase ("Speaking to reporters after the meeting, Mehra …").
func sentenceSubject(toks []token) chunk {
	i := 0
	// "Appearing before supporters on Monday, Suu Kyi said": an opening
	// participle phrase is not the subject either.
	if len(toks) > 0 && toks[0].kind == tWord && (introWords[toks[0].low] || len(toks[0].low) > 5 && strings.HasSuffix(toks[0].low, "ing")) {
		for k := 1; k < len(toks) && k < 25; k++ {
			if toks[k].kind == tQuote {
				break
			}
			if toks[k].is(",") {
				i = k + 1
				break
			}
		}
	}
	for i < len(toks) && toks[i].kind == tQuote {
		return chunk{}
	}
	if i < len(toks) && toks[i].kind == tWord && !objectPronouns[toks[i].low] {
		if _, ok := pronouns[toks[i].low]; ok {
			return chunk{toks[i : i+1]}
		}
	}
	c, _ := chunkAt(toks, i)
	return c
}

// objectPronouns never open a sentence as its subject; "Her neighbour"
// is a noun phrase.
var objectPronouns = textcase.WordSet(`him|her|them`)

// headline reads `'Will not bow to pressure': Sitharaman on GST reform`.
func headline(toks []token, k int) cue {
	if k != 0 || len(toks) < 3 || !toks[1].is(":") {
		return cue{}
	}
	c, _ := chunkAt(toks, 2)
	if _, name := nameTail(c.words()); len(name) == 0 {
		return cue{}
	}
	return cue{np: c, found: true}
}

// peek resolves a noun phrase without changing what the story tracks,
// to choose between candidate verbs.
func (s *story) peek(c chunk) (string, *person) {
	if c.empty() {
		return "", nil
	}
	ws := c.words()
	if len(ws) == 0 {
		return "", nil
	}
	if len(ws) == 1 {
		if g, ok := pronouns[ws[0].low]; ok {
			for k := len(s.salient) - 1; k >= 0; k-- {
				if p := s.salient[k]; g == 0 || p.gender == 0 || p.gender == g {
					return p.name, p
				}
			}
			return "", nil
		}
	}
	if hasAnd(ws) {
		// "Amman and Ankara shared …": two subjects are not one speaker.
		if n, ok := orgName(ws); ok {
			return n, nil
		}
		return "", nil
	}
	if _, name := nameTail(ws); len(name) > 0 {
		return joinTokens(name), nil
	}
	if n, ok := orgName(ws); ok {
		return n, nil
	}
	if len(ws) > 0 && s.acronyms[ws[len(ws)-1].text] != "" {
		return s.acronyms[ws[len(ws)-1].text], nil
	}
	hl := ws[len(ws)-1].baseLow()
	if isTitle(hl) && !genericHeads[hl] {
		if p := s.byTitle(ws); p != nil {
			return p.name, p
		}
	}
	return "", nil
}
