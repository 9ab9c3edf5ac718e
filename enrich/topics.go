package enrich

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MediaTopic is a top-level IPTC Media Topic
// (http://cv.iptc.org/newscodes/mediatopic/).
type MediaTopic struct {
	Code string // eight digits, e.g. "11000000"
	Name string // IPTC's English label
}

// QCode is the topic as stored in Article.Topics: "medtop:<code>", which
// the ninjs mapping turns into a subject with the Media Topic URI.
func (t MediaTopic) QCode() string { return "medtop:" + t.Code }

// topicRules are the top-level Media Topics with the words that signal
// them in wire copy. Stems match word prefixes ("elect" matches
// "election", "electoral"; a stem of several words matches them in a row);
// a word in the headline counts three times.
var topicRules = []struct {
	topic MediaTopic
	stems []string
}{
	{MediaTopic{"01000000", "arts, culture, entertainment and media"}, []string{"film", "movie", "actor", "actress", "music", "album", "concert", "festival", "bollywood", "hollywood", "theatre", "theater", "artist", "museum", "novel", "author", "book", "singer", "celebrity", "television", "streaming", "box office", "oscar", "k-pop", "drama"}},
	{MediaTopic{"02000000", "crime, law and justice"}, []string{"court", "judge", "police", "arrest", "bail", "crime", "criminal", "murder", "fraud", "cheating", "lawsuit", "trial", "convict", "prosecut", "charge sheet", "chargesheet", "investigat", "accused", "sentenc", "jail", "prison", "attorney general", "verdict", "petition", "allegation", "smuggl", "theft", "robbery", "suspect"}},
	{MediaTopic{"03000000", "disaster, accident and emergency incident"}, []string{"earthquake", "flood", "cyclone", "hurricane", "landslide", "wildfire", "fire broke", "blaze", "accident", "crash", "collapse", "rescue", "evacuat", "tsunami", "derail", "stampede", "casualt", "explosion", "drown"}},
	{MediaTopic{"04000000", "economy, business and finance"}, []string{"econom", "gdp", "inflation", "market", "stock", "shares", "investor", "invest", "bank", "rupee", "dollar", "trade", "tariff", "export", "import", "revenue", "profit", "earnings", "company", "business", "startup", "layoff", "valuation", "ipo", "budget", "tax", "fiscal", "interest rate", "policy rate", "crore", "billion", "million", "price", "oil", "merger", "acquisition", "sales", "retail", "industry", "ceo"}},
	{MediaTopic{"05000000", "education"}, []string{"school", "student", "universit", "college", "exam", "teacher", "education", "curriculum", "campus", "admission"}},
	{MediaTopic{"06000000", "environment"}, []string{"climate", "emission", "carbon", "pollution", "environment", "wildlife", "forest", "biodiversity", "renewable", "air quality", "global warming", "conservation"}},
	{MediaTopic{"07000000", "health"}, []string{"health", "hospital", "patient", "disease", "virus", "vaccin", "covid", "pandemic", "outbreak", "doctor", "medical", "medicine", "cancer", "infection", "who said", "drug", "treatment", "surgery"}},
	{MediaTopic{"09000000", "labour"}, []string{"strike", "union", "worker", "employment", "unemployment", "wage", "labour", "labor", "jobs"}},
	{MediaTopic{"11000000", "politics"}, []string{"elect", "minister", "president", "parliament", "government", "party", "vote", "voter", "poll", "campaign", "diplomat", "talks", "summit", "envoy", "kremlin", "white house", "senate", "congress", "lok sabha", "rajya sabha", "opposition", "bjp", "cabinet", "policy", "foreign", "bilateral", "negotiat", "sanction", "treaty", "chief minister", "governor", "legislat", "referendum"}},
	{MediaTopic{"12000000", "religion"}, []string{"church", "temple", "mosque", "religio", "pope", "priest", "pilgrim", "worship", "faith"}},
	{MediaTopic{"13000000", "science and technology"}, []string{"scien", "research", "technolog", "software", "artificial intelligence", "ai", "robot", "space", "satellite", "rocket", "isro", "nasa", "smartphone", "app", "internet", "cyber", "chip", "semiconductor", "electric vehicle", "ev", "battery", "platform", "data", "comput"}},
	{MediaTopic{"14000000", "society"}, []string{"community", "social", "welfare", "poverty", "migrant", "refugee", "gender", "women", "children", "caste", "protest", "rights", "housing"}},
	{MediaTopic{"15000000", "sport"}, []string{"match", "cricket", "football", "soccer", "tennis", "olympic", "tournament", "league", "championship", "coach", "player", "team", "goal", "wicket", "innings", "quarterback", "nfl", "nba", "fifa", "ipl", "medal", "race", "grand prix", "formula one", "season", "scored", "stadium", "suspension", "defeat", "victory"}},
	{MediaTopic{"16000000", "conflict, war and peace"}, []string{"war", "military", "troops", "army", "missile", "attack", "strike", "ceasefire", "peace", "militant", "terror", "insurg", "drone", "shelling", "bomb", "invasion", "soldier", "killed", "combat", "hostage", "rebel", "airstrike", "defence", "defense", "nato"}},
	{MediaTopic{"17000000", "weather"}, []string{"weather", "monsoon", "rain", "rainfall", "heatwave", "heat wave", "temperature", "forecast", "storm", "snow", "imd", "meteorolog", "cold wave", "humid"}},
}

// maxTopics is how many top-level topics a story gets at most.
const maxTopics = 3

// minTopicScore is the weighted number of signal words a topic needs; one
// passing mention is not what a story is about.
const minTopicScore = 3

// Topics returns the story's top-level Media Topics, strongest first: at
// most three, each with at least minTopicScore signal words and at least
// half the strongest topic's score.
func Topics(headline, body string) []MediaTopic {
	scores := make([]int, len(topicRules))
	countStems(scores, headline, 3)
	countStems(scores, body, 1)
	type scored struct {
		topic MediaTopic
		score int
	}
	var all []scored
	for i, r := range topicRules {
		if scores[i] >= minTopicScore {
			all = append(all, scored{r.topic, scores[i]})
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return b.score - a.score })
	var out []MediaTopic
	for _, s := range all {
		if len(out) == maxTopics || 2*s.score < all[0].score {
			break
		}
		out = append(out, s.topic)
	}
	return out
}

// stemRef points from a stem to the topic it signals.
type stemRef struct {
	words []string // the stem split into words; the last is a prefix
	topic int
}

// stemIndex maps the first word of every stem (up to its first four
// bytes, packed by stemKey) to the stems starting with it, so that a text
// is scored in one pass over its words instead of one search per stem.
var stemIndex = func() map[uint32][]stemRef {
	idx := map[uint32][]stemRef{}
	for i, r := range topicRules {
		for _, stem := range r.stems {
			words := strings.Fields(stem)
			key := stemKey(words[0])
			idx[key] = append(idx[key], stemRef{words: words, topic: i})
		}
	}
	return idx
}()

// stemKey packs a word's first four bytes (all of a shorter word) into
// stemIndex's key, which is looked up once per word of every story: a
// word holds no zero byte, so no two prefixes pack alike, and a uint32
// hashes faster than a string.
func stemKey(w string) uint32 {
	var k uint32
	for i := range min(4, len(w)) {
		k |= uint32(w[i]) << (8 * i)
	}
	return k
}

// countStems adds weight to scores[topic] for every word of text that
// starts a stem of that topic ("elect" matches "election"); the words of a
// several-word stem must follow one another, the last one as a prefix. A
// stem shorter than four letters must be the whole word.
func countStems(scores []int, text string, weight int) {
	text = toLower(text)
	// Words are read in place rather than split into a slice first: a
	// story's text is scored word by word, and only the few words that
	// start a several-word stem look ahead.
	for start, end := nextStemWord(text, 0); start >= 0; start, end = nextStemWord(text, end) {
		w := text[start:end]
		for _, ref := range stemIndex[stemKey(w)] {
			if matchStem(text, start, ref.words) {
				scores[ref.topic] += weight
			}
		}
	}
}

// toLower is strings.ToLower, which for text that is not all ASCII (most
// wire copy, with its curly quotes and dashes) maps every rune through a
// function call; here ASCII bytes are lowered in line and only the other
// runes go through unicode.ToLower. Invalid UTF-8 becomes U+FFFD, as
// strings.Map makes it.
func toLower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s) + utf8.UTFMax)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(unicode.ToLower(r))
		i += size
	}
	return b.String()
}

// nextStemWord returns the bounds of the first word of text at or after
// from, or -1, -1 when there is none. Words are what strings.FieldsFunc
// finds between runes that are neither letters, digits nor hyphens
// (invalid UTF-8 is a separator, as there); ASCII is read from a table,
// since this runs over every story's whole text.
func nextStemWord(text string, from int) (start, end int) {
	start = -1
	for i := from; i < len(text); {
		r, size := rune(text[i]), 1
		var in bool
		if r < utf8.RuneSelf {
			in = stemASCII[r]
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
			in = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			return start, i
		}
		i += size
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(text)
}

// stemASCII marks the ASCII characters that belong to a stem word.
var stemASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		r := rune(c)
		t[c] = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-'
	}
	return t
}()

// matchStem reports whether the words of text from the one at start on
// begin with stem: the stem's words in a row, the last as a prefix.
func matchStem(text string, start int, stem []string) bool {
	last := len(stem) - 1
	from := start
	for j, s := range stem {
		ws, we := nextStemWord(text, from)
		if ws < 0 {
			return false // the text ends before the stem does
		}
		w := text[ws:we]
		switch {
		case j < last:
			if w != s {
				return false
			}
		case len(s) < 4:
			// Short stems are whole words: "war" is not "warm", "ai" not "aide".
			return w == s
		default:
			return strings.HasPrefix(w, s)
		}
		from = we
	}
	return false
}
