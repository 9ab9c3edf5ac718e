package attribution

import (
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// outlets maps news outlets, as stories name them, to the name wiredesk
// uses. Outlets not listed are still recognised by their shape (see
// Outlet).
var outlets = map[string]string{}

func init() {
	for _, group := range [][]string{
		{"CNN", "CNN Business", "CNN International"},
		{"BBC", "BBC News", "the BBC"},
		{"Reuters", "Reuters news agency"},
		{"AP", "Associated Press", "The Associated Press", "the Associated Press"},
		{"AFP", "Agence France-Presse", "Agence France Presse"},
		{"Bloomberg", "Bloomberg News"},
		{"The New York Times", "New York Times", "NYT"},
		{"The Washington Post", "Washington Post"},
		{"The Wall Street Journal", "Wall Street Journal", "WSJ"},
		{"Financial Times", "The Financial Times", "FT"},
		{"The Guardian", "Guardian"},
		{"Fox News", "Fox"}, {"NBC News", "NBC"}, {"ABC News"}, {"CBS News", "CBS"}, {"MSNBC"}, {"NPR"}, {"PBS"},
		{"Al Jazeera"}, {"Sky News"}, {"Politico"}, {"Axios"}, {"The Hill"}, {"CNBC"}, {"Deutsche Welle", "DW"},
		{"Euronews"}, {"France 24"}, {"RFI"}, {"Le Monde"}, {"Le Figaro"}, {"Der Spiegel", "Spiegel"}, {"Bild"},
		{"El País", "El Pais"}, {"La Repubblica"}, {"Corriere della Sera"}, {"ANSA", "ANSA news agency"},
		{"TASS", "ITAR-TASS"}, {"RIA Novosti", "RIA"}, {"Interfax"}, {"Sputnik"}, {"RT", "Russia Today"}, {"Kommersant"}, {"Izvestia"},
		{"Xinhua", "Xinhua News Agency"}, {"CGTN"}, {"Global Times"}, {"People's Daily"}, {"China Daily"}, {"South China Morning Post", "SCMP"},
		{"Kyodo", "Kyodo News"}, {"Jiji", "Jiji Press"}, {"NHK"}, {"Nikkei", "Nikkei Asia"}, {"Asahi", "Asahi Shimbun"}, {"Yomiuri", "Yomiuri Shimbun"},
		{"Yonhap", "Yonhap News Agency"}, {"KBS"}, {"KCNA", "Korean Central News Agency"},
		{"ANI", "Asian News International"}, {"PTI", "Press Trust of India"}, {"IANS"}, {"UNI", "United News of India"},
		{"NDTV"}, {"The Hindu", "Hindu"}, {"Times of India", "The Times of India", "TOI"}, {"Hindustan Times", "HT"},
		{"Indian Express", "The Indian Express"}, {"India Today"}, {"Doordarshan", "DD News"}, {"All India Radio", "AIR"},
		{"Dawn"}, {"Geo News", "Geo TV"}, {"The Express Tribune", "Express Tribune"}, {"The Daily Star"}, {"Prothom Alo"},
		{"Bernama"}, {"The Star"}, {"Straits Times", "The Straits Times"}, {"Channel NewsAsia", "CNA"},
		{"EFE", "Agencia EFE"}, {"Europa Press"}, {"Clarín", "Clarin"}, {"Folha", "Folha de S.Paulo"}, {"O Globo"},
		{"dpa", "DPA", "Deutsche Presse-Agentur", "German Press Agency"}, {"Tagesschau"}, {"ARD"}, {"ZDF"},
		{"AAP", "Australian Associated Press"}, {"ABC", "the ABC"}, {"Sydney Morning Herald", "The Sydney Morning Herald"},
		{"Anadolu", "Anadolu Agency", "AA"}, {"TRT", "TRT World"}, {"Hurriyet", "Hürriyet"}, {"Daily Sabah"},
		{"IRNA"}, {"Tasnim"}, {"Fars"}, {"Al Arabiya"}, {"WAM"}, {"SPA", "Saudi Press Agency"}, {"KUNA"}, {"QNA"}, {"MENA"},
		{"Ukrinform"}, {"UNIAN"}, {"Kyiv Independent", "The Kyiv Independent"}, {"Ukrainska Pravda"}, {"Meduza"},
		{"Haaretz"}, {"Times of Israel", "The Times of Israel"}, {"Jerusalem Post", "The Jerusalem Post"}, {"Ynet"},
		{"Le Parisien"}, {"Les Echos"}, {"Libération", "Liberation"}, {"The Economist", "Economist"}, {"Time"},
		{"Newsweek"}, {"Vox"}, {"BuzzFeed News"}, {"HuffPost"}, {"Business Insider"}, {"Forbes"}, {"Fortune"},
		{"The Telegraph", "Telegraph"}, {"The Times"}, {"The Independent"}, {"Daily Mail"}, {"The Sun"}, {"Mirror"},
		{"Semafor"}, {"The Information"}, {"TechCrunch"}, {"The Verge"}, {"Wired"}, {"Emarketer"},
	} {
		for _, n := range group {
			outlets[strings.ToLower(n)] = group[0]
		}
	}
}

// mediaWords make an unknown name an outlet: "ABC Radio", "Daily Express",
// "Voice of America".
var mediaWords = textcase.WordSet(`news|times|post|journal|herald|tribune|gazette|telegraph|express|chronicle|daily|weekly|tv|television|
radio|channel|broadcasting|broadcaster|network|press|media|magazine|wire|today|observer|guardian|independent|standard|mirror|
review|dispatch|courier|bulletin|newspaper|agency|news agency|zeitung|diario|periódico|journal|nouvelles|gazeta|shimbun|ilbo|
pravda|izvestia|novosti|vesti`)

// agencyWords mark an outlet as a news agency when "agency" is its word:
// "ANSA news agency". A "weather agency" or "refugee agency" is not one.
var newsAgencyPrefixes = textcase.WordSet(`news|press|state news|official news|wire`)

// outletDescriptions say what an outlet is before its name: "told news
// agency PTI".
var outletDescriptions = []string{"news agency ", "state news agency ", "the news agency ", "broadcaster ",
	"state broadcaster ", "public broadcaster ", "newspaper ", "daily ", "news channel ", "channel ", "news website "}

// Outlet reports whether name is a news outlet and returns the name
// wiredesk uses for it ("the Associated Press" → "AP", "CNN Business" →
// "CNN"). Outlets it does not list are recognised by a media word in a
// capitalised name ("ABC Radio", "Khaleej Times").
func Outlet(name string) (string, bool) {
	n := strings.TrimSpace(name)
	n = strings.TrimSuffix(strings.TrimSuffix(n, "'s"), "’s")
	lower := strings.ToLower(n)
	if o, ok := outlets[lower]; ok {
		return o, true
	}
	lower = strings.TrimPrefix(lower, "the ")
	if o, ok := outlets[lower]; ok {
		return o, true
	}
	for _, suffix := range []string{" news agency", " newspaper"} {
		if base := strings.TrimSuffix(lower, suffix); base != lower {
			if o, ok := outlets[base]; ok {
				return o, true
			}
		}
	}
	// "news agency PTI", "broadcaster NHK": what the outlet is, then its name.
	for _, prefix := range outletDescriptions {
		if base := strings.TrimPrefix(lower, prefix); base != lower {
			if o, ok := outlets[base]; ok {
				return o, true
			}
		}
	}
	words := strings.Fields(n)
	if len(words) < 2 || len(words) > 6 || !capitalised(words[0]) && !strings.EqualFold(words[0], "the") {
		return "", false
	}
	last := strings.ToLower(words[len(words)-1])
	if last == "agency" {
		prev := strings.ToLower(words[len(words)-2])
		if !newsAgencyPrefixes[prev] {
			return "", false
		}
	}
	for _, w := range words {
		if mediaWords[strings.ToLower(w)] && capitalised(w) || mediaWords[strings.ToLower(w)] && last == "agency" {
			return strings.TrimPrefix(n, "the "), true
		}
	}
	return "", false
}

func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

// platforms maps social platforms, as stories name them, to their usual
// names. "X" alone is only a platform where a post is being described
// (see platformAt).
var platforms = map[string]string{
	"x": "X", "twitter": "X", "x (formerly twitter)": "X", "truth social": "Truth Social", "instagram": "Instagram",
	"facebook": "Facebook", "youtube": "YouTube", "telegram": "Telegram", "tiktok": "TikTok", "bluesky": "Bluesky",
	"threads": "Threads", "mastodon": "Mastodon", "linkedin": "LinkedIn", "reddit": "Reddit", "weibo": "Weibo",
	"wechat": "WeChat", "koo": "Koo", "vk": "VK", "vkontakte": "VK", "snapchat": "Snapchat", "whatsapp": "WhatsApp",
	"gab": "Gab", "parler": "Parler", "rumble": "Rumble", "substack": "Substack", "douyin": "Douyin",
}

// Platform reports whether name is a social platform and returns its usual
// name ("Twitter" → "X").
func Platform(name string) (string, bool) {
	p, ok := platforms[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
}

// officialWords mark a body or a title as official: government, the
// military, regulators, courts, international organisations.
var officialWords = textcase.WordSet(`ministry|ministries|minister|ministre|ministro|ministra|ministère|ministerio|министерство|министр|
department|government|gobierno|kremlin|white house|pentagon|police|army|navy|air force|force|forces|military|staff|command|council|
parliament|senate|assembly|commission|commissioner|authority|tribunal|court|electoral|administration|embassy|secretariat|
president|presidente|président|prime|chancellor|premier|aide|adviser|advisor|spokesman|spokeswoman|spokesperson|portavoz|
official|officials|ambassador|envoy|diplomat|secretary|governor|mayor|senator|mp|mla|chief|representative|general|
sheriff|prosecutor|judge|justice|inspector|superintendent|commandant|consul|deputy|cabinet|state|federal|national|nacional|
central|reserve|un|united nations|unhcr|unicef|who|nato|imf|eu|european commission|interior|foreign|defence|defense|
service|weather|meteorological|refugee|space|customs|statistics|estadística|electoral|isp|ispr|mea|mfa|jcs|afad|aemet|
пресс-секретарь|помощник|кремль|правительство|menteri|kerajaan|presidencia|consejo|secretaría|fiscalía|policía|
congreso|senado|ayuntamiento|alcaldía|présidence|conseil|préfecture|gouvernement|ministerium|regierung|bundesregierung|
polizei|governo|ministero|presidenza|kementerian|jabatan|мид|office|budget|treasury`)

// companyWords mark a body as a company or a private group.
var companyWords = textcase.WordSet(`inc|inc.|ltd|ltd.|llc|plc|corp|corporation|company|group|entertainment|platforms|industries|
motors|airlines|airways|holdings|partners|capital|securities|bank|technologies|technology|labs|studios|association|
federation|union|chamber|chambers|foundation|institute|university|college|school|hospital|club|league|party|society|
railways|railway|ports|airports`)

// genericSources are unnamed sources given as they are written: "officials
// said", "police said", "sources said".
var genericSources = map[string]string{
	"officials": "official", "official": "official", "police": "official", "authorities": "official",
	"government officials": "official", "security officials": "official", "diplomats": "official",
	"sources": "other", "source": "other", "witnesses": "other", "residents": "other", "experts": "other",
	"analysts": "other", "organisers": "other", "organizers": "other", "the company": "other",
}
