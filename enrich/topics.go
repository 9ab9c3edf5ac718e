package enrich

import (
	"slices"
	"strings"
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
// "election", "electoral"); a word in the headline counts three times.
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
	{MediaTopic{"13000000", "science and technology"}, []string{"scien", "research", "technolog", "software", "artificial intelligence", " ai ", "robot", "space", "satellite", "rocket", "isro", "nasa", "smartphone", "app", "internet", "cyber", "chip", "semiconductor", "electric vehicle", "ev ", "battery", "platform", "data", "comput"}},
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
	head := " " + strings.ToLower(strings.Join(strings.Fields(headline), " ")) + " "
	text := " " + strings.ToLower(strings.Join(strings.Fields(body), " ")) + " "
	type scored struct {
		topic MediaTopic
		score int
	}
	var all []scored
	for _, r := range topicRules {
		score := 0
		for _, stem := range r.stems {
			score += 3*countStem(head, stem) + countStem(text, stem)
		}
		if score >= minTopicScore {
			all = append(all, scored{r.topic, score})
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

// countStem counts occurrences of stem at the start of a word.
func countStem(text, stem string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(text[i:], stem)
		if j < 0 {
			return n
		}
		at := i + j
		if at == 0 || !isWordByte(text[at-1]) || stem[0] == ' ' {
			n++
		}
		i = at + len(stem)
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
