package attribution

import (
	"strings"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/dateline"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// reportingVerbs make their subject a source: "CNN reported", "the MFA
// shared", "officials said".
var reportingVerbs = textcase.WordSet(`said|says|reported|reports|shared|shares|stated|states|announced|announces|quoted|quotes|cited|
cites|noted|notes|added|wrote|writes|posted|posts|tweeted|confirmed|confirms|informed|issued|claimed|claims|warned|urged|
declared|denied|revealed|told|tells|explained|stressed|highlighted|emphasised|emphasized|mentioned|alleged|assured|advised|
disclosed|acknowledged|maintained|insisted|observed|remarked|clarified|asserted|conveyed|briefed|dijo|afirmó|señaló|
informó|anunció|déclaré|annoncé|indiqué|sagte|erklärte|teilte|заявил|сообщил|berkata|katanya|
say|asked|asks|argued|argues|suggested|suggests|found|finds|showed|shows|believes|believe|thinks|think|wants|fears|hopes|
expects|predicted|predicts|accused|accuses|criticized|criticised|praised|defended|recalled|responded|replied|countered|
proposed|agreed|concluded|promised|promises|vowed|pledged|questioned|denounced|dismissed|contended|complained|conceded|
admitted|testified|lamented|fumed|gushed|interjected|implored|advises|estimated|estimates|projected|forecast|concedes|
acknowledges|argue|contends|insists|maintains|recalls|explains|adds|continued|writes|announced|endorsed|demanded|
demands|cautioned|predicted|signaled|signalled|indicated|indicates|charged|pointed|boasted|bragged|joked|quipped|
mused|retorted|snapped|groused|grumbled|conceded|surmised|speculated|theorized|hinted|alleges|
called|calls|talked|spoke|referred|pushed|weighed|supported|supports|opposed|opposes|backed|rejected|rejects|welcomed|
welcomes|slammed|blasted|attacked|hailed|sought|refused|declined|apologized|apologised|thanked|intends|plans|threatened|
pledges|vows|wants|wanted|hoped|feared|expected|believed|thought|knew|doubted|doubts|questions|condemned|condemns|
endorses|praises|criticizes|criticises|accuses|dismisses|denies|admits|acknowledged|recommended|proposes|suggested|
talk|speak|discuss|discussed|discusses|argue|tell|ask|warn|claim|explain|describe|described|describes|accuse|praise|
criticize|criticise|defend|support|oppose|endorse|reject|urge|insist|announce|deny|admit|predict|testify|respond|reply`)

// audienceWords are who one "tells" without being a source: "told
// reporters".
var audienceWords = textcase.WordSet(`reporters|journalists|media|press|lawmakers|parliament|supporters|students|the|a|an|news|
conference|briefing|gathering|crowd|audience|committee|court|house|assembly|senate|rally|mediapersons|newsmen`)

// titleish are the words of titles and descriptions before a name.
var titleish = textcase.WordSet(`president|vice|prime|minister|secretary|general|aide|adviser|advisor|spokesman|spokeswoman|
spokesperson|official|chief|head|director|governor|senator|representative|mp|mla|leader|deputy|union|home|foreign|finance|
defence|defense|external|affairs|interior|special|envoy|ambassador|chairman|chairwoman|chair|ceo|founder|executive|
managing|partner|analyst|economist|strategist|expert|professor|judge|justice|commissioner|mayor|commander|officer|
counsel|advocate|senior|former|acting|permanent|presidential|kremlin|press|secretary-general|co-leader|diplomat|
mr|mrs|ms|dr|gov|sen|rep|gen|datuk|seri|tan|sri|shri|smt|sheikh|state|federal|national|deputy`)

// officialTitles make a named person an official source.
var officialTitles = textcase.WordSet(`president|vice|prime|minister|secretary|aide|adviser|advisor|spokesman|spokeswoman|spokesperson|
official|chief|governor|senator|representative|mp|mla|deputy|envoy|ambassador|commissioner|mayor|commander|diplomat|collector|
registrar|magistrate|spokesman|spokeswoman|
secretary-general|general|gen|gov|sen|rep|judge|justice|chancellor|premier|presidential|kremlin|ministra|ministro|
ministre|portavoz|presidente|président|помощник|министр|пресс-секретарь|menteri|officer|police|army`)

// sentence reads one sentence of a story for attributions.
func (x *extractor) sentence(ws []word) {
	x.learnBodies(ws)
	x.learnSubject(ws)
	x.learnPeople(ws)
	x.posting = -1
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if w.punct || w.quote {
			continue
		}
		switch {
		case w.low == "according" && i+1 < len(ws) && ws[i+1].low == "to":
			np, end := chunkAt(ws, i+2)
			np, end = dataFrom(ws, np, end)
			x.source(np, joinWords(ws[i:end]), false)
		case w.low == "with" && absoluteSubject(ws, i+1) > 0:
			// "…, with the Ministry of External Affairs calling them …"
			end := absoluteSubject(ws, i+1)
			x.source(ws[i+1:end], joinWords(ws[i:end+1]), false)
		case w.low == "según" || w.low == "selon" || w.low == "laut" || w.low == "menurut" || w.low == "secondo" || w.low == "segundo":
			np, end := chunkAt(ws, i+1)
			x.source(np, joinWords(ws[i:end]), false)
		case w.low == "by" && i > 0 && (ws[i-1].low == "reported" || ws[i-1].low == "quoted" || ws[i-1].low == "carried" || ws[i-1].low == "cited"):
			np, end := chunkAt(ws, i+1)
			start := i - 1
			if start > 0 && ws[start-1].low == "as" {
				start--
			}
			x.media(np, joinWords(ws[start:end]), true)
		case w.low == "by" && i > 0 && (ws[i-1].has(aComm) || issuingVerbs[ws[i-1].low] || dataNouns[ws[i-1].low]):
			np, end := chunkAt(ws, i+1)
			x.source(np, joinWords(ws[max(0, i-3):end]), false)
		case (w.low == "told" || w.low == "tells") && i+1 < len(ws):
			np, end := chunkAt(ws, i+1)
			if _, ok := outletOf(np); ok {
				x.media(np, joinWords(ws[i:end]), false)
			}
			x.subject(ws, i)
		case (w.low == "with" && i > 1 && ws[i-1].low == "interview") || (w.low == "to" && i > 0 && ws[i-1].low == "speaking"):
			np, end := chunkAt(ws, i+1)
			if _, ok := outletOf(np); ok {
				start := i - 1
				if w.low == "with" && i > 2 && ws[i-2].low == "an" {
					start = i - 2
				}
				x.media(np, joinWords(ws[start:end]), false)
			}
		case w.has(aReport):
			x.subject(ws, i)
		}
		x.platform(ws, i)
	}
}

// issuingVerbs put the body that made a document after "by": "records
// compiled by X", "a poll conducted by X".
var issuingVerbs = textcase.WordSet(`issued|released|compiled|conducted|published|filed|commissioned|sponsored|produced|prepared|run`)

// communication are the nouns of what a source issues.
var communication = textcase.WordSet(`statement|post|tweet|message|notice|release|letter|report|readout|communiqué|video|address`)

// learnSubject remembers the capitalised subject of a sentence that is not
// a person with a title ("Chile's state-owned Codelco halted…"), for a
// later "the company said" when no body with a company's word was named.
func (x *extractor) learnSubject(ws []word) {
	for i := 0; i < len(ws) && i < 10; i++ {
		if !ws[i].cap() || isAcronymWord(ws[i].text) && i+1 < len(ws) && ws[i+1].punct {
			continue
		}
		np, end := chunkAt(ws, i)
		if end >= len(ws) || ws[end].punct || !verbLike(ws[end].low) {
			i = max(i, end-1)
			continue
		}
		name := nameOf(np)
		if len(name) == 0 || len(name) > 3 {
			return
		}
		for _, w := range content(np) {
			if w.has(aTitle) {
				return // a person with a title
			}
		}
		x.subjects = append(x.subjects, joinWords(name))
		return
	}
}

// hasSubjectBefore reports whether the comma at ws[c] closes an apposition
// to a subject ("Yury Ushakov, a key Putin aide, told") rather than a
// clause ("…violent crimes, informó la Presidencia").
func hasSubjectBefore(ws []word, c int) bool {
	for k := c - 1; k >= 0 && k > c-30; k-- {
		if ws[k].is(",") {
			return true
		}
		if ws[k].quote || ws[k].is(".") {
			return false
		}
	}
	return false
}

// verbLike is a cheap test for the verb after a subject.
func verbLike(w string) bool {
	if strings.Contains(w, "-") {
		return false // "state-owned", "Tokyo-based"
	}
	return reportingVerbs[w] || strings.HasSuffix(w, "ed") || w == "has" || w == "have" || w == "is" || w == "was" || w == "will"
}

// learnBodies remembers the bodies a sentence names ("Meta Platforms'
// Threads app"), for a later "the company said".
func (x *extractor) learnBodies(ws []word) {
	any := false
	for _, w := range ws {
		if w.capitals && w.has(aBody|aCompany) {
			any = true
			break
		}
	}
	if !any {
		return // no body's word, no body
	}
	for i := 0; i < len(ws); {
		if !ws[i].cap() {
			i++
			continue
		}
		np, end := chunkAt(ws, i)
		if end == i {
			i++
			continue
		}
		// "Meta Platforms' Threads app": the owner is the body.
		for k, w := range np {
			if strings.HasSuffix(w.text, "'") || strings.HasSuffix(w.text, "’") || strings.HasSuffix(w.text, "'s") || strings.HasSuffix(w.text, "’s") {
				np = np[:k+1]
				break
			}
		}
		if body, ok := bodyName(np); ok && len(x.orgs) < 1000 {
			x.orgs = append(x.orgs, strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(body, "'s"), "’s"), "'’"))
		}
		i = end
	}
}

// subject classifies the subject of the reporting verb at ws[v].
func (x *extractor) subject(ws []word, v int) {
	j := v
	for j > 0 && !ws[j-1].punct && (ws[j-1].has(aAdverb) || ws[j-1].cap() && ws[j-1].has(aWeekday) || !ws[j-1].cap() && strings.HasSuffix(ws[j-1].low, "ly") && len(ws[j-1].low) > 4) {
		j--
	}
	// "Rep. Earl Blumenauer (D-Ore.) said": a party tag stands between the
	// name and the verb.
	if k := partyTagBefore(ws, j); k >= 0 {
		j = k
	}
	verbEnd := v + 1
	if ws[v].low == "told" || ws[v].low == "tells" {
		for verbEnd < len(ws) && verbEnd < v+4 && ws[verbEnd].has(aAudience) && !ws[verbEnd].punct {
			verbEnd++
		}
	}
	// "…, informó la Presidencia del Consejo de Ministros": the subject
	// after the verb, when the verb closes the sentence.
	if after, end := chunkAt(ws, v+1); (j == 0 || ws[j-1].is(",")) && len(content(after)) > 0 && after[0].low != "a" && (end >= len(ws) || ws[end].punct) && !ws[v].is("told") && ws[v].low != "told" {
		if j == 0 || !hasSubjectBefore(ws, j-1) {
			x.source(after, joinWords(ws[v:end]), false)
			return
		}
	}
	// "Geoff Garin, a Democratic pollster who works with Priorities USA,
	// said", "Brianne Stone, 29, of Huntsville, Ala., says": a sentence
	// that opens with a full name and a comma is that person's, however
	// many asides follow.
	if j > 0 && ws[j-1].is(",") {
		if np0, e0 := chunkAt(ws, 0); e0 < j-1 && ws[e0].is(",") {
			if name := nameOf(np0); len(name) >= 2 && len(name) == len(content(np0)) && !hasVerbBetween(ws, e0, j-1) {
				x.named(name, ws[e0:j], joinWords(ws[:e0])+" … "+joinWords(ws[v:verbEnd]))
				return
			}
		}
	}
	// "Fu Cong" between commas is the name; "a key Putin aide who …"
	// between commas is an apposition to the name before it.
	if j > 0 && ws[j-1].is(",") {
		for k := j - 2; k >= 0 && k > j-30; k-- {
			if ws[k].is(",") {
				inner, _ := chunkAt(ws, k+1)
				if len(inner) == j-1-(k+1) && len(nameOf(inner)) >= 2 {
					// the description before the name runs from the clause start
					from := k
					for from > 0 && !ws[from-1].punct && !ws[from-1].quote {
						from--
					}
					x.named(nameOf(inner), ws[from:k], joinWords(ws[from:verbEnd]))
					return
				}
				np, start := chunkBeforeAt(ws, k)
				if len(np) > 0 {
					x.source(np, joinWords(ws[start:k])+" "+joinWords(ws[v:verbEnd]), false)
				}
				return
			}
			if ws[k].quote || ws[k].is(".") {
				return
			}
		}
		return
	}
	np, start := chunkBeforeAt(ws, j)
	if employer(ws, np, start, verbEnd, x) {
		return
	}
	// "Tourism officials in Paris said": the place the subject is in
	// is not the subject.
	if start >= 2 && (ws[start-1].low == "in" || ws[start-1].low == "at" || ws[start-1].low == "near") && len(content(np)) == 1 && dateline.KnownPlace(np[len(np)-1].text) {
		np, start = chunkBeforeAt(ws, start-1)
	}
	// "The Swiss National Bank kept its rate at zero and said …": the
	// second verb of a coordination has the sentence's subject.
	if len(content(np)) == 0 && j > 0 && ws[j-1].low == "and" && !hasVerbBetween(ws, 0, j-1) {
		if np0, e0 := chunkAt(ws, 0); len(content(np0)) > 0 && e0 < j-1 && !ws[e0].punct && !ws[e0].quote {
			x.source(np0, joinWords(np0)+" … "+joinWords(ws[j-1:verbEnd]), false)
			return
		}
	}
	if len(content(np)) == 0 {
		// "said the ministry", "informó la Presidencia del Consejo de
		// Ministros": the subject after the verb.
		if after, end := chunkAt(ws, v+1); len(content(after)) > 0 && (end >= len(ws) || ws[end].punct) {
			x.source(after, joinWords(ws[v:end]), false)
		}
		return
	}
	x.source(np, joinWords(ws[start:verbEnd]), false)
}

// allCapitalised reports whether every word is capitalised.
func allCapitalised(ws []word) bool {
	for _, w := range ws {
		if !w.cap() {
			return false
		}
	}
	return true
}

// companySuffix reports the legal suffix a company's name may carry after
// a comma.
func companySuffix(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "ltd", "inc", "llc", "plc", "co", "corp", "s.a", "ag", "gmbh", "nv", "bv":
		return true
	}
	return false
}

// hasVerbBetween reports whether a reporting verb stands in ws[from:to],
// which would make the words before it another clause's subject.
func hasVerbBetween(ws []word, from, to int) bool {
	for _, w := range ws[from:to] {
		if w.has(aReport) || w.quote {
			return true
		}
	}
	return false
}

// partyTagBefore returns where a bracketed party tag ending at ws[j-1]
// begins — "(D-Ore.)", "(R)", "(I-Vt.)" — or -1.
func partyTagBefore(ws []word, j int) int {
	if j < 3 || !ws[j-1].is(")") {
		return -1
	}
	for k := j - 2; k >= 0 && k >= j-7; k-- {
		if ws[k].is("(") {
			if k+1 < j-1 && isPartyTag(ws[k+1].text) {
				return k
			}
			return -1
		}
	}
	return -1
}

// isPartyTag reports a US party letter, alone or with a state: "D",
// "R-Wis", "D-N.C".
func isPartyTag(w string) bool {
	party, _, _ := strings.Cut(w, "-")
	return party == "D" || party == "R" || party == "I"
}

// participles report what the subject of an absolute phrase said:
// "with the ministry calling them …".
var participles = textcase.WordSet(`calling|saying|terming|describing|stating|noting|adding|insisting|warning|claiming`)

// absoluteSubject returns the end of the noun phrase at ws[i] when a
// participle of speech follows it ("the ministry calling"), or 0.
func absoluteSubject(ws []word, i int) int {
	np, end := chunkAt(ws, i)
	if len(content(np)) == 0 || end >= len(ws) || !participles[ws[end].low] {
		return 0
	}
	return end
}

// dataNouns are what "according to" cites before the body that issued it:
// "according to data from the European Automobile Manufacturers'
// Association".
var dataNouns = textcase.WordSet(`data|figures|statistics|estimates|report|survey|study|statement|numbers|records|documents|
count|tally|poll|analysis|review|estimate|projection|projections|forecast|tabulation|index|audit|census|filing|filings`)

// dataFrom steps from "data from" to the body after it, when the phrase
// after "according to" is only what was issued.
func dataFrom(ws, np []word, end int) ([]word, int) {
	c := content(np)
	if len(c) > 0 && (len(c) > 1 || c[0].cap()) {
		return np, end
	}
	k := end
	// "according to a new poll by", "a just-released survey from": a
	// few describing words before what was issued.
	for n := 0; len(c) == 0 && n < 3 && k+1 < len(ws) && !ws[k].punct && !ws[k].cap() && !dataNouns[ws[k].low] && descriptor(ws[k].low); n++ {
		k++
	}
	if len(c) == 0 && k < len(ws) && dataNouns[ws[k].low] {
		k++ // chunkAt stopped at a lower-case noun: "according to data from"
	} else if len(c) == 1 && !dataNouns[c[0].low] {
		return np, end
	} else if len(c) == 0 {
		return np, end
	}
	if k+1 < len(ws) && (ws[k].low == "from" || ws[k].low == "by" || ws[k].low == "of") {
		if np2, end2 := chunkAt(ws, k+1); len(content(np2)) > 0 {
			return np2, end2
		}
	}
	return np, end
}

// employer records the body where an unnamed or named expert works, as in
// "Analysts at Jefferies said": the body is the source.
func employer(ws, np []word, start, verbEnd int, x *extractor) bool {
	c := content(np)
	if len(c) == 0 || !c[0].cap() || start < 2 || ws[start-1].low != "at" {
		return false
	}
	who := ws[start-2]
	if !(who.has(aTitle) || genericSources[who.low] != "" || strings.HasSuffix(who.low, "ists")) {
		return false
	}
	name := trimOwner(joinWords(c))
	x.add(name, classifyBody(name, ""), joinWords(ws[start-2:verbEnd]))
	return true
}

var adverbs = textcase.WordSet(`on|also|later|earlier|then|further|again|today|yesterday|had|has|have|was|were|is|reportedly|
will|would|could|should|may|might|can|must|did|does|do|not|never|repeatedly|publicly|privately|
separately|recently|previously|in|a|statement|first|had|just|last|night|week|this|morning|evening|afternoon`)

var weekday = textcase.WordSet(`monday|tuesday|wednesday|thursday|friday|saturday|sunday`)

// chunkAt reads the noun phrase starting at ws[i]: a determiner, title
// words and capitalised words, joined by "of", "for", "and", with an
// acronym in brackets.
func chunkAt(ws []word, i int) ([]word, int) {
	j := i
	for j < len(ws) {
		w := ws[j]
		switch {
		case w.punct && w.text == "(" && j+2 < len(ws) && ws[j+2].is(")") && isAcronymWord(ws[j+1].text):
			j += 3
			continue
		case w.is("&") && j > i && j+1 < len(ws) && ws[j+1].cap():
			// "Pratt & Whitney"
		case w.is(",") && j > i && j+2 < len(ws) && companySuffix(ws[j+1].low):
			// "China Railway Kunming Group Co., Ltd."
		case w.is(",") && j > i && orgList(ws, i, j):
			// "Ministry of Trade, Industry and Energy"
		case w.punct || w.quote:
			return ws[i:j], j
		case w.cap() || w.has(aTitle):
		case j == i && w.has(aDet):
		case !w.cap() && (w.has(aBody) || w.has(aTitle)) && j > i:
			// "the foreign ministry", "state weather agency AEMET"
		case !w.cap() && descriptor(w.low) && headAhead(ws, j+1):
		case (w.low == "of" || w.low == "for" || w.low == "and" || w.low == "de" || w.low == "del" || w.low == "the") && j > i && j+1 < len(ws) && (ws[j+1].cap() || ws[j+1].low == "the"):
		case genericSources[w.low] != "" && j == i:
		default:
			return ws[i:j], j
		}
		j++
	}
	return ws[i:j], j
}

// headAhead reports whether a title, a body's word or a capitalised word
// follows within three descriptive words: "civil aviation authority".
func headAhead(ws []word, j int) bool {
	for k := j; k < len(ws) && k < j+3; k++ {
		w := ws[k]
		if w.punct || w.quote {
			return false
		}
		if w.has(aTitle) || w.has(aBody) || w.cap() {
			return true
		}
		if !descriptor(w.low) {
			return false
		}
	}
	return false
}

// orgList reports whether the comma at ws[j] is inside a body's name that
// lists its fields: "Ministry of Trade, Industry and Energy".
func orgList(ws []word, i, j int) bool {
	hasBody, hasOf := false, false
	for _, w := range ws[i:j] {
		if w.cap() && w.has(aBody) {
			hasBody = true
		}
		if hasBody && (w.low == "of" || w.low == "for") {
			hasOf = true
		}
	}
	return hasBody && hasOf && j+3 < len(ws) && ws[j+1].cap() && (ws[j+2].low == "and" || ws[j+2].low == "&") && ws[j+3].cap()
}

// chunkBeforeAt reads the noun phrase ending just before ws[end] and
// returns it and where it starts.
func chunkBeforeAt(ws []word, end int) ([]word, int) {
	i := end
	for i > 0 {
		w := ws[i-1]
		switch {
		case w.is(")") && i >= 3 && ws[i-3].is("(") && isAcronymWord(ws[i-2].text):
			i -= 3
			continue
		case w.is("&") && i < end && i >= 2 && ws[i-2].cap():
			// "Pratt & Whitney"
		case w.punct || w.quote:
			return ws[i:end], i
		case w.cap() || w.has(aTitle) || genericSources[w.low] != "" || (w.has(aBody) || w.has(aCompany) || w.low == "firm" || dataNouns[w.low] || w.has(aComm)) && i == end:
		case w.has(aDet) && w.low == "the" && i >= 3 && (ws[i-2].low == "of" || ws[i-2].low == "for") && ws[i-3].cap():
			// "the Office of the Chief Economist": "the" inside a name
		case w.has(aDet):
			return ws[i-1 : end], i - 1
		case !w.cap() && i < end && (ws[i].has(aTitle) || ws[i].has(aBody)) && descriptor(w.low):
		case (w.low == "of" || w.low == "for" || w.low == "and" || w.low == "de" || w.low == "del") && i < end && i >= 2 && (ws[i-2].cap() || ws[i-2].has(aTitle) || ws[i-2].is(")")):
		default:
			return ws[i:end], i
		}
		i--
	}
	return ws[i:end], i
}

func isAcronymWord(w string) bool {
	upper := 0
	for _, r := range w {
		if r >= 'A' && r <= 'Z' || r >= 'А' && r <= 'Я' {
			upper++
		}
	}
	return upper >= 2 && len(w) <= 12
}

var determiner = textcase.WordSet(`the|a|an|its|his|her|their|el|la|los|las|le|les|der|die|das|des|dem`)

// descriptor reports a lower-case word that may describe a body or person
// before its title: "weather agency", "incident commander".
func descriptor(w string) bool {
	if len(w) < 3 || determiner[w] || reportingVerbs[w] || adverbs[w] || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed") && !strings.Contains(w, "-") {
		return false
	}
	switch w {
	case "and", "but", "for", "with", "from", "that", "this", "which", "who", "whose", "after", "before", "over", "under", "into":
		return false
	}
	return true
}

// words without determiners and bracketed acronyms.
func content(np []word) []word {
	var out []word
	for k := 0; k < len(np); k++ {
		w := np[k]
		if w.is("(") && k+2 < len(np) {
			k += 2
			continue
		}
		// "Office of the Chief Economist" keeps its inner article.
		if !w.punct && w.has(aDet) && !(len(out) > 0 && (np[k-1].low == "of" || np[k-1].low == "for")) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// nameOf is the personal name at the end of a noun phrase: the capitalised
// words after its titles ("Kremlin aide Yury Ushakov" → "Yury Ushakov").
func nameOf(np []word) []word {
	ws := content(np)
	end := len(ws)
	start := end
	for start > 0 {
		w := ws[start-1]
		lw := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w.low, "."), "'s"), "’s")
		particle := (lw == "del" || lw == "de" || lw == "da" || lw == "van" || lw == "von" || lw == "bin" || lw == "al" || lw == "&") && start < end && start >= 2 && ws[start-2].cap()
		if !particle && (!w.cap() || titleish[lw] || officialWords[lw] || companyWords[lw] || isAcronymWord(w.text) || end-start >= 4) {
			break
		}
		if start < end && (strings.HasSuffix(w.text, "'s") || strings.HasSuffix(w.text, "’s")) {
			break
		}
		start--
	}
	return ws[start:end]
}

func outletOf(np []word) (string, bool) {
	ws := content(np)
	if len(ws) == 0 {
		return "", false
	}
	return Outlet(joinWords(ws))
}

// media records an outlet the story relies on. loose accepts any
// capitalised name, for contexts that can only be outlets ("as reported
// by").
func (x *extractor) media(np []word, text string, loose bool) {
	ws := content(np)
	if len(ws) == 0 {
		return
	}
	name, ok := Outlet(joinWords(ws))
	if !ok {
		if !loose || !ws[0].cap() {
			return
		}
		name = joinWords(ws)
	}
	if x.isOwnAgency(name) {
		x.add(x.agency, article.AttrAgency, text)
		return
	}
	x.add(name, article.AttrMedia, text)
}

// source classifies a noun phrase that a statement comes through and
// records it: an outlet, a body, an official, or an unnamed source.
func (x *extractor) source(np []word, text string, _ bool) {
	ws := content(np)
	if len(ws) == 0 {
		return
	}
	if _, ok := outletOf(np); ok && ws[0].cap() {
		x.media(np, text, false)
		return
	}
	low := strings.ToLower(joinWords(ws))
	if kind, ok := genericSources[low]; ok {
		x.add(low, article.AttributionKind(kind), text)
		return
	}
	if len(ws) == 1 {
		if full, ok := x.acronyms[ws[0].text]; ok {
			x.add(full, classifyBody(full, ws[0].text), text)
			return
		}
	}
	// "the Ministry of Foreign Affairs (MFA) of Russia": the acronym
	// names it.
	for k := 0; k+2 < len(np); k++ {
		if np[k].is("(") && np[k+2].is(")") {
			if full, ok := x.acronyms[np[k+1].text]; ok {
				x.add(full, classifyBody(full, np[k+1].text), text)
				return
			}
		}
	}
	if body, ok := bodyName(ws); ok {
		x.orgs = append(x.orgs, body)
		x.add(body, classifyBody(body, ""), text)
		return
	}
	if len(ws) == 1 && isAcronymWord(ws[0].text) {
		// "The FBI said": an acronym alone is a body.
		x.add(ws[0].text, classifyBody(ws[0].text, ""), text)
		return
	}
	// "Bush's Facebook post said", "Hoff's letter argues": the owner of
	// the statement is the source.
	if n := len(ws); n >= 2 && ws[n-1].has(aComm) {
		for k := 0; k < n-1; k++ {
			if w := ws[k]; w.cap() && (strings.HasSuffix(w.text, "'s") || strings.HasSuffix(w.text, "’s")) {
				owner := w
				owner.text = strings.TrimSuffix(strings.TrimSuffix(w.text, "'s"), "’s")
				owner.low = strings.TrimSuffix(strings.TrimSuffix(w.low, "'s"), "’s")
				x.source(append(ws[:k:k], owner), text, false)
				return
			}
		}
	}
	// "A Quinnipiac poll shows", "an NBC News/Wall Street Journal survey
	// found": who made the poll is the source.
	if n := len(ws); n >= 2 && dataNouns[ws[n-1].low] && ws[n-2].cap() {
		k := n - 1
		for k > 0 && (ws[k-1].cap() || ws[k-1].is("/") || ws[k-1].is("-")) {
			k--
		}
		name := joinWords(ws[k : n-1])
		x.add(name, classifyBody(name, ""), text)
		return
	}
	// "DTE Energy", "BHP Group": an acronym heading capitalised words
	// names an organisation, not a person.
	if len(ws) >= 2 && isAcronymWord(ws[0].text) && len(nameOf(np)) < len(ws) && allCapitalised(ws) && !ws[len(ws)-1].has(aTitle) {
		name := joinWords(ws)
		x.add(name, classifyBody(name, ""), text)
		return
	}
	// "Gov. Phil Bryant of Mississippi": the person, not the place or
	// body they belong to.
	for k := 1; k+1 < len(np); k++ {
		if np[k].low == "of" {
			if name := nameOf(np[:k]); len(name) >= 2 {
				x.person(np[:k], text)
				return
			}
			break
		}
	}
	name := nameOf(np)
	if len(name) > 0 {
		x.person(np, text)
		return
	}
	// "Spain's state weather agency AEMET": a description ending in the
	// body's name.
	last := ws[len(ws)-1]
	if isAcronymWord(last.text) && len(ws) > 1 {
		x.add(last.text, classifyBody(low, last.text), text)
		return
	}
	// "the ministry", "the foreign ministry", "the company": the body the
	// story named, or the words themselves.
	head := strings.ToLower(ws[len(ws)-1].text)
	if (officialWords[head] || companyWords[head] || head == "company" || head == "firm") && !(officialTitles[head] && !bodyWords[head]) {
		for k := len(x.orgs) - 1; k >= 0; k-- {
			o := x.orgs[k]
			company := (head == "company" || head == "firm") && classifyBody(o, "") == article.AttrOther
			if company || containsAll(strings.ToLower(o), ownWords(ws)) {
				x.add(o, classifyBody(o, ""), text)
				return
			}
		}
		if (head == "company" || head == "firm") && len(x.subjects) > 0 {
			x.add(x.subjects[len(x.subjects)-1], article.AttrOther, text)
			return
		}
		if head == "company" || companyWords[head] && !officialWords[head] {
			return
		}
		if !ws[0].cap() || len(ws) > 1 {
			// "Ukraine's energy ministry" is the energy ministry.
			x.add(strings.ToLower(trimOwner(joinWords(ws))), article.AttrOfficial, text)
			return
		}
	}
}

// ownWords are the lower-case words of a body's description without its
// owner: "Ukraine's energy ministry" → energy, ministry.
func ownWords(ws []word) []string {
	var out []string
	for _, w := range ws {
		if strings.HasSuffix(w.low, "'s") || strings.HasSuffix(w.low, "’s") {
			out = out[:0]
			continue
		}
		out = append(out, w.low)
	}
	return out
}

// containsAll reports whether every word occurs in s.
func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// person records a named person as a source: an official one when the
// story gives them an official title, else of kind other. Whoever the
// story says said, argued or believes something is a source of it, quoted
// or paraphrased.
func (x *extractor) person(np []word, text string) {
	name := nameOf(np)
	if len(name) == 0 {
		return
	}
	x.named(name, content(np)[:len(content(np))-len(name)], text)
}

// named records a person: official when desc, the words that describe
// them, hold an official title, else other. A surname alone is the full
// name the story gave earlier ("Trump said" after "Donald Trump").
func (x *extractor) named(name, desc []word, text string) {
	if len(name) == 1 && (personalPronouns[name[0].low] || x.weekdayOrPlace(name[0].text)) {
		return // "He said": the quote pass resolves him; "said Tuesday" names nobody
	}
	// "State-owned Codelco": the description is no part of the name.
	for len(name) > 1 && describingCompound(name[0].low) {
		name = name[1:]
	}
	official := false
	for _, w := range desc {
		lw := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w.low, "."), "'s"), "’s")
		if officialTitles[lw] || strings.HasSuffix(lw, "minister") || strings.HasSuffix(lw, "spokesman") || strings.HasSuffix(lw, "spokeswoman") {
			official = true
		}
	}
	full := joinWords(name)
	if len(name) == 1 {
		full = x.fullName(full)
	} else if len(x.people) < 1000 {
		x.people = append(x.people, name)
	}
	if official {
		x.add(full, article.AttrOfficial, text)
		return
	}
	x.add(full, article.AttrOther, text)
}

// learnPeople remembers the full names a sentence gives (runs of two or
// more capitalised words, titles dropped), so that a later surname alone
// ("Trump argued") is recorded as the person in full.
func (x *extractor) learnPeople(ws []word) {
	for i := 0; i < len(ws); {
		if !ws[i].cap() || ws[i].punct {
			i++
			continue
		}
		j := i
		for j < len(ws) && ws[j].cap() && !ws[j].punct && !ws[j].quote {
			j++
		}
		if j-i < 2 {
			i = j // one capitalised word is no full name; most runs are one
			continue
		}
		name := nameOf(ws[i:j])
		for len(name) > 1 && describingCompound(name[0].low) {
			name = name[1:]
		}
		if len(name) >= 2 && len(x.people) < 1000 {
			x.people = append(x.people, name)
		}
		i = j
	}
}

// weekdayOrPlace reports a single word that is a day, which a sentence
// can put where a speaker goes ("said Tuesday").
func (x *extractor) weekdayOrPlace(w string) bool {
	return weekday[strings.ToLower(w)]
}

// describingCompound reports a hyphenated description before a name:
// "State-owned", "Tokyo-based", "Kremlin-backed".
func describingCompound(w string) bool {
	for _, s := range []string{"-owned", "-based", "-run", "-backed", "-led", "-funded", "-listed"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// personalPronouns open sentences in capitals but name nobody.
var personalPronouns = textcase.WordSet(`he|she|they|it|we|i|you|his|her|their|its|this|that|these|those|there|one`)

// fullName returns the last full name the story gave whose last word is
// surname, or surname itself.
func (x *extractor) fullName(surname string) string {
	for k := len(x.people) - 1; k >= 0; k-- {
		if p := x.people[k]; p[len(p)-1].text == surname {
			return joinWords(p)
		}
	}
	return surname
}

// bodyName reports whether the words name a body — a capitalised phrase
// with a body's word in it ("Ministry of External Affairs", "Coconino
// County Sheriff's Office", "Starlight Entertainment") — and returns it
// without its owner.
func bodyName(ws []word) (string, bool) {
	last := -1
	for k, w := range ws {
		lw := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(w.low, "'s"), "’s"), "'’")
		if w.cap() && (bodyWords[lw] || companyWords[lw]) {
			last = k
		}
	}
	if last < 0 {
		return lowerBodyOf(ws)
	}
	if last+1 < len(ws) {
		n := ws[last+1].low
		if n != "of" && n != "for" && n != "and" && n != "de" && n != "del" {
			return "", false // "Kremlin aide Yury Ushakov"
		}
	}
	first := 0
	for first < len(ws) && !ws[first].cap() {
		first++
	}
	if first >= len(ws) {
		return "", false
	}
	return trimOwner(joinWords(ws[first:])), true
}

// lowerBodyOf reads a body whose word is in lower case before what it
// handles, capitalised: "ministère de l'Intérieur", "ministerio de Defensa".
func lowerBodyOf(ws []word) (string, bool) {
	for k := 0; k+2 < len(ws); k++ {
		w := ws[k]
		if !w.cap() && w.has(aBody) && (ws[k+1].low == "de" || ws[k+1].low == "del" || ws[k+1].low == "of") && ws[k+2].cap() {
			for _, rest := range ws[k+2:] {
				if !rest.cap() && !rest.has(aDet) && rest.low != "de" && rest.low != "of" && rest.low != "and" && rest.low != "y" && rest.low != "et" {
					return "", false
				}
			}
			return joinWords(ws[k:]), true
		}
	}
	return "", false
}

// bodyWords are the words of a body's name.
var bodyWords = textcase.WordSet(`ministry|department|office|council|committee|commission|agency|authority|bank|fund|party|court|
police|army|navy|force|forces|staff|service|government|house|kremlin|pentagon|administration|embassy|secretariat|tribunal|
electoral|organisation|organization|relations|board|bureau|institute|nations|command|directorate|ministère|ministerio|
instituto|gobierno|министерство|presidencia|consejo|secretaría|fiscalía|policía|congreso|senado|cámara|ayuntamiento|
alcaldía|junta|comisión|agencia|oficina|présidence|conseil|préfecture|gouvernement|assemblée|sénat|mairie|parquet|
gendarmerie|agence|ministerium|regierung|bundesregierung|behörde|polizei|kommission|bundestag|governo|ministero|
presidenza|consiglio|polizia|procura|kementerian|kerajaan|jabatan|правительство|кремль|мид|
center|centre|foundation|university|association|federation|society|coalition|alliance|caucus|league|observatory|museum|
academy|institution`)

// classifyBody says whether a body is official (government, military,
// regulators, international organisations) or another kind of
// organisation.
func classifyBody(name, acronym string) article.AttributionKind {
	lw := strings.ToLower(name)
	for _, w := range strings.FieldsFunc(lw, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' }) {
		if officialWords[w] {
			return article.AttrOfficial
		}
	}
	if officialWords[strings.ToLower(acronym)] {
		return article.AttrOfficial
	}
	return article.AttrOther
}

// platformAt records a platform named at ws[i] in a posting context: "in a
// post on X", "on Truth Social", "shared on X", "Taking to Instagram",
// "its official Instagram account", "tweeted".
func (x *extractor) platform(ws []word, i int) {
	w := ws[i]
	if w.low == "tweeted" || w.low == "tweet" && i > 0 && (ws[i-1].low == "a" || ws[i-1].low == "the") {
		x.add("X", article.AttrSocial, w.text)
		return
	}
	name, n := platformName(ws, i)
	if name == "" {
		return
	}
	prev := ""
	if i > 0 {
		prev = ws[i-1].low
	}
	next := ""
	if i+n < len(ws) {
		next = ws[i+n].low
	}
	onto := prev == "on" || prev == "to" || prev == "via" || prev == "in"
	thing := next == "handle" || next == "account" || next == "page" || next == "channel" || next == "post" ||
		next == "profile" || next == "feed" || next == "video" || next == "story" || next == "live" || next == "stories"
	if name == "X" {
		// "X" is a letter too: it must stand where a platform does.
		if !(onto || thing) || !ws[i].cap() || ws[i].text != "X" {
			return
		}
		// "thanked the president on X." — on X at the end of a clause
		if onto && prev != "in" && (i+1 >= len(ws) || ws[i+1].punct) {
			x.posting = 1
		}
		if x.posting < 0 {
			x.posting = 0
			if postingContext(ws) {
				x.posting = 1
			}
		}
		if !thing && x.posting == 0 {
			return
		}
	} else if !onto && !thing && !(i > 1 && (ws[i-1].low == "official" || ws[i-1].low == "its" || ws[i-1].low == "his" || ws[i-1].low == "her")) {
		return
	}
	start := i
	for start > 0 && start > i-6 {
		p := ws[start-1]
		if p.punct || p.quote {
			break
		}
		if p.low == "on" || p.low == "to" || p.low == "via" || p.low == "in" || p.low == "a" || p.low == "post" || p.low == "tweet" ||
			p.low == "its" || p.low == "his" || p.low == "her" || p.low == "their" || p.low == "official" || p.low == "the" ||
			postingVerbs[p.low] || p.low == "video" || p.low == "message" || p.low == "statement" {
			start--
			if postingVerbs[p.low] || p.low == "in" {
				break
			}
			continue
		}
		break
	}
	end := i + n
	if thing {
		end++
	}
	x.add(name, article.AttrSocial, joinWords(ws[start:end]))
}

var postingVerbs = textcase.WordSet(`shared|posted|wrote|said|tweeted|announced|taking|took|published|uploaded|posting|writing|
sharing|live-streamed|streamed|declared`)

// postingContext reports whether a sentence talks about posting, so "on X"
// in it is the platform.
func postingContext(ws []word) bool {
	for _, w := range ws {
		if w.has(aPosting) || w.has(aComm) || w.low == "handle" || w.low == "account" {
			return true
		}
	}
	return false
}

// platformName reads a platform name at ws[i] and how many words it has.
func platformName(ws []word, i int) (string, int) {
	if ws[i].low == "truth" && i+1 < len(ws) && ws[i+1].low == "social" {
		return "Truth Social", 2
	}
	if !ws[i].cap() {
		return "", 0
	}
	if p, ok := platforms[ws[i].low]; ok {
		return p, 1
	}
	return "", 0
}

// Word classes, as bits: one look-up of a word gives every list it is on.
const (
	aReport uint32 = 1 << iota
	aTitle
	aBody
	aCompany
	aDet
	aAdverb
	aAudience
	aOfficial
	aPosting
	aComm
	aWeekday
	aOffTitle
)

// lex maps a lower-case word to the classes it belongs to.
var lex map[string]uint32

func init() {
	lex = map[string]uint32{}
	for set, c := range map[*map[string]bool]uint32{
		&reportingVerbs: aReport, &titleish: aTitle, &bodyWords: aBody, &companyWords: aCompany, &determiner: aDet,
		&adverbs: aAdverb, &audienceWords: aAudience, &officialWords: aOfficial, &postingVerbs: aPosting,
		&communication: aComm, &weekday: aWeekday, &officialTitles: aOffTitle,
	} {
		for w := range *set {
			lex[w] |= c
		}
	}
}
