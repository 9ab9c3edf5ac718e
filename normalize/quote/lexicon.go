package quote

import (
	"strings"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// speechVerbs are the finite forms that attribute a quotation, in the
// languages wire copy is filed in. Multi-word forms ("a déclaré",
// "fügte hinzu") are matched on their last word; the words before it are
// picked up as part of the verb phrase when present.
var speechVerbs = textcase.WordSet(`said|says|say|told|tells|added|adds|stated|states|noted|notes|asked|asks|wrote|writes|posted|posts|
tweeted|tweets|declared|declares|announced|announces|explained|explains|insisted|insists|claimed|claims|argued|argues|warned|
warns|remarked|remarks|replied|replies|responded|responds|continued|continues|concluded|concludes|recalled|recalls|
acknowledged|acknowledges|admitted|admits|asserted|asserts|emphasised|emphasized|emphasises|emphasizes|stressed|stresses|
underlined|underlines|highlighted|highlights|observed|observes|commented|comments|mentioned|mentions|urged|urges|vowed|vows|
promised|promises|reiterated|reiterates|quipped|quips|shouted|shouts|exclaimed|whispered|predicted|predicts|suggested|suggests|
contended|contends|maintained|maintains|shared|shares|quoted|quotes|cautioned|cautions|agreed|agrees|pointed|points|
conceded|concedes|announced|assured|assures|informed|informs|revealed|reveals|confirmed|confirms|denied|denies|joked|jokes|
pleaded|boasted|lamented|laments|complained|complains|alleged|alleges|charged|countered|counters|retorted|recounted|recounts|
testified|testifies|submitted|submits|observes|told|wondered|wonders|chanted|chant|chanting|reads|read|reading|
gushed|gushes|fumed|fumes|interjected|interjects|implored|implores|advises|advised|reports|reported|reacted|reacts|mused|
muses|marveled|marvelled|griped|groused|grumbled|snapped|scoffed|sniped|bristled|deadpanned|proclaimed|proclaims|railed|
raved|reasoned|scolded|swore|taunted|thundered|touted|trumpeted|yelled|opined|exulted|exclaims|
elaborated|elaborates|echoed|echoes|clarified|clarifies|confided|confessed|chided|chimed|blasted|bemoaned|bragged|beamed|
answered|protested|speculated|surmised|laughed|sighed|cried|conceded|wrote|predicted|
acknowledged|stressed|declared|cautioned|counseled|counselled|recommended|recommends|insisted|remembered|mocks|mocked|scoffs|quips|exhorted|barked|bellowed|hollered|roared|cracked|
dijo|afirmó|señaló|aseguró|declaró|explicó|añadió|agregó|indicó|advirtió|subrayó|destacó|manifestó|sostuvo|expresó|apuntó|
recalcó|comentó|precisó|insistió|anunció|afirma|dice|señala|asegura|
déclaré|dit|affirmé|ajouté|expliqué|souligné|estimé|indiqué|assuré|déclare|affirme|explique|estime|insisté|lancé|martelé|
appelé|exhorté|averti|prévenu|dénoncé|réclamé|confié|répondu|reconnu|rappelé|poursuivi|
sagte|sagt|erklärte|erklärt|betonte|betont|meinte|kritisierte|warnte|hinzu|räumte|
заявил|заявила|заявили|сказал|сказала|сказали|отметил|отметила|подчеркнул|подчеркнула|добавил|добавила|сообщил|сообщила|
пояснил|пояснила|указал|указала|считает|заверил|признал|
berkata|katanya|ujarnya|ujar|kata|jelasnya|tambahnya|
disse|afirmou|declarou|ha detto|detto|dichiarato|affermato|aggiunto`)

// participles attribute a quote to the subject of the clause they hang
// from: `…, calling his remarks "harmful"`, `…, adding that …`.
var participles = textcase.WordSet(`saying|adding|calling|describing|noting|telling|writing|urging|warning|stating|explaining|asking|
insisting|arguing|stressing|terming|branding|dubbing|labelling|labeling|declaring|claiming|posting|tweeting|promising|vowing|
recalling|pointing|reiterating|emphasising|emphasizing|underlining|highlighting|accusing|questioning`)

// characterisers attribute a partial quote through an object:
// `described the talks as "constructive"`, `called the plan "an insult"`.
var characterisers = textcase.WordSet(`called|calls|call|described|describes|termed|terms|dubbed|dubs|branded|brands|labelled|labeled|
labels|characterised|characterized|slammed|hailed|hails|welcomed|welcomes|praised|praises|criticised|criticized|criticises|
criticizes|dismissed|dismisses|denounced|denounces|accused|accuses|saluted|salué|jugé|qualifié|calificó|criticó|назвал|назвала|
nannte|bezeichnete`)

// audiences are what one "tells" that belongs in the verb: "told
// reporters", "told a news conference".
var audiences = textcase.WordSet(`reporters|journalists|the media|media|the press|press|a press conference|a news conference|
a briefing|lawmakers|parliament|the house|the court|the assembly|the senate|supporters|the gathering|students|
the audience|the crowd|the committee|the bench|the tribunal|a rally|the conference|la prensa|periodistas|journalistes|журналистам|wartawan`)

// pronouns that can stand for the speaker, with the gender they imply.
var pronouns = map[string]byte{
	"he": 'm', "him": 'm', "she": 'f', "her": 'f', "they": 0, "them": 0,
	"он": 'm', "она": 'f', "il": 'm', "elle": 'f', "él": 'm', "ella": 'f', "er": 'm', "sie": 'f', "dia": 0, "beliau": 0,
}

// clitics are verbs that carry their subject ("katanya" is "he said" in
// Malay; "a-t-il déclaré" and "a-t-elle affirmé" in French).
var clitics = map[string]byte{"katanya": 0, "ujarnya": 0, "jelasnya": 0, "tambahnya": 0, "a-t-il": 'm', "a-t-elle": 'f'}

// determiners and other words that open a noun phrase without naming.
var determiners = textcase.WordSet(`the|a|an|this|that|these|those|his|her|its|their|our|el|la|los|las|le|les|l'|un|una|une|der|die|das|
des|dem|den|ein|eine|einer`)

// titleWords are the words of a title or description that precede a name
// ("Kremlin aide", "Union Home Minister", "senior advocate"); they are
// not part of the name. Words ending in a title suffix count too
// ("Verbandschefin", "spokeswoman").
var titleWords = textcase.WordSet(`president|vice|prime|minister|ministers|secretary|general|gen.|aide|adviser|advisor|spokesman|
spokeswoman|spokesperson|spokesmen|official|officials|chief|head|director|governor|gov.|senator|sen.|rep.|
representative|mp|mla|mlc|mep|leader|deputy|union|home|foreign|finance|defence|defense|external|affairs|interior|commerce|
trade|health|education|agriculture|energy|oil|transport|economic|fiscal|policy|special|envoy|ambassador|chairman|chairwoman|
chairperson|chair|ceo|cfo|coo|founder|co-founder|executive|managing|partner|analyst|economist|strategist|expert|professor|
prof|prof.|dr|dr.|mr|mr.|mrs|mrs.|ms|ms.|sir|dame|lord|lady|king|queen|prince|princess|pope|justice|judge|commissioner|mayor|justices|judges|quarterback|linebacker|striker|goalkeeper|midfielder|
defender|winger|pitcher|batsman|batter|bowler|skipper|all-rounder|wicketkeeper|sprinter|
coach|captain|capt|capt.|colonel|col|col.|lt|lt.|lieutenant|major|maj|maj.|sergeant|sgt|sgt.|officer|inspector|
superintendent|speaker|chancellor|premier|counsel|advocate|lawyer|attorney|senior|junior|additional|sessions|district|
assistant|associate|former|acting|interim|outgoing|incoming|state|federal|national|regional|provincial|municipal|city|
presidential|kremlin|white|house|us|u.s.|uk|eu|un|russian|american|indian|chinese|british|french|german|japanese|korean|
pakistani|ukrainian|iranian|turkish|israeli|nepali|colombian|brazilian|australian|malaysian|spanish|italian|opposition|
congress|party|cm|dcm|pm|fm|hm|co-leader|frontman|actor|actress|director|filmmaker|singer|musician|writer|author|
researcher|scientist|activist|diplomat|treasurer|attorney|solicitor|auditor|registrar|comptroller|dean|principal|warden|marshal|sheriff|constable|farmer|trader|resident|worker|student|teacher|doctor|nurse|manager|president-elect|
commander|incident|jury|librarian|critic|cattle|media|music|union|counterpart|rival|candidate|independent|
datuk|dato|dato'|datuk seri|seri|tan|sri|tun|haji|hajjah|shri|smt|sardar|sheikh|emir|crown|mufti|imam|rabbi|bishop|
cardinal|father|brother|sister|son|daughter|wife|husband|mother|grandson|granddaughter|nephew|niece|cousin|uncle|aunt|neighbour|neighbor|friend|colleague|vice-president|vice-chancellor|secretary-general|under-secretary|attorney-general|
staff|army|navy|naval|air|force|chiefs|joint|technical|legal|political|military|security|intelligence|cricket|football|
ministra|ministro|presidente|portavoz|candidato|senadora|senador|alcalde|ministre|président|présidente|porte-parole|
députée|député|sénateur|minister|sprecher|sprecherin|kanzler|kanzlerin|präsident|präsidentin|chef|chefin|
президент|министр|помощник|пресс-секретарь|представитель|глава|заместитель|посол|menteri|perdana|timbalan|setiausaha`)

// titleSuffixes mark a capitalised word as a title however it is compounded:
// "Verbandschefin", "Bundeskanzler", "spokeswoman", "congressman".
var titleSuffixes = []string{"minister", "ministerin", "chef", "chefin", "sprecher", "sprecherin", "präsident", "präsidentin",
	"vorsitzende", "vorsitzender", "kanzler", "kanzlerin", "leiter", "leiterin", "direktor", "direktorin", "sekretär",
	"sekretärin", "vorstand", "spokesman", "spokeswoman", "spokesperson", "congressman", "congresswoman", "chairman", "chairwoman",
	"secretary", "officer", "-elect", "istrator", "ologist", "ician", "ordinator"}

// titleStems are the stems of titles in inflected languages, matched as
// prefixes: "президента", "министра", "помощника".
var titleStems = []string{"замминистр", "замглав", "вице-", "президент", "министр", "помощник", "пресс-секретар", "представител", "заместител", "посл",
	"губернатор", "глав", "спикер", "мэр", "председател", "директор", "генерал"}

func isTitle(w string) bool {
	lw := strings.ToLower(w)
	return titleWords[lw] || titleShaped(lw)
}

// titleShaped reports whether a lower-case word has a title's suffix or
// stem ("verbandschefin", "президента").
func titleShaped(lw string) bool {
	if len(lw) < 4 {
		return false
	}
	// Every word is asked this: look at the suffixes only when the last
	// letter can end one, and at the stems only for Cyrillic.
	for _, s := range suffixesByEnd[lw[len(lw)-1]] {
		if strings.HasSuffix(lw, s) {
			return true
		}
	}
	if lw[0] == 0xD0 || lw[0] == 0xD1 {
		for _, s := range titleStems {
			if strings.HasPrefix(lw, s) {
				return true
			}
		}
	}
	return false
}

// suffixesByEnd groups the title suffixes by their last byte, so a word is
// compared only with the suffixes it could end with.
var suffixesByEnd = func() map[byte][]string {
	m := map[byte][]string{}
	for _, s := range titleSuffixes {
		m[s[len(s)-1]] = append(m[s[len(s)-1]], s)
	}
	return m
}()

// orgWords mark a capitalised phrase as a body rather than a person.
var orgWords = textcase.WordSet(`ministry|ministries|department|office|council|committee|commission|agency|authority|bank|fund|party|
court|police|army|navy|force|forces|staff|service|services|government|house|kremlin|pentagon|association|federation|union|
university|institute|corporation|company|inc|inc.|ltd|ltd.|llc|plc|group|co.|corp.|holdings|entertainment|platforms|board|bureau|
administration|embassy|secretariat|tribunal|electoral|organisation|organization|network|news|times|post|tv|radio|media|
league|club|team|church|hospital|school|college|centre|center|foundation|trust|society|assembly|parliament|senate|
cabinet|exchange|securities|capital|partners|management|research|press|agency|communications|relations|department|
command|guard|guards|brigade|directorate|division|unit|coalition|alliance|movement|front|nations|council|court|
institution|industries|industry|motors|airlines|airways|railways|energy|power|electric|petroleum|oil|gas|chamber|
chambers|commerce|tagesschau|reuters|cnn|bbc|xinhua|tass|yonhap|kyodo|bernama|anadolu|efe|afp|dpa|aap|ani|pti|ians|
uni|ap|ministère|ministerio|tribunal|instituto|partido|gobierno|министерство|кремль|кремля|правительство|мид|минобороны|минфин|
госдума|совбез`)

// geoHeads end the names of places, which read like people ("North Korea
// fired…", "New Delhi is…") but never speak.
var geoHeads = textcase.WordSet(`korea|kong|york|delhi|states|kingdom|arabia|africa|zealand|emirates|lanka|leone|rica|salvador|guinea|
sudan|macedonia|bengal|pradesh|nadu|kashmir|island|islands|city|sea|ocean|river|valley|mountains|coast|bank|strip|square|
street|road|avenue|airport|station|bridge|province|county|district|region|state|east|west|north|south|america|europe|
asia|gulf|union|republic|federation|territory|peninsula|lumpur|aires|janeiro|paulo|angeles|francisco|vegas|orleans|diego|
petersburg|soudha|sabha|market|camp|street|esplanade|fuji|everest|pars|belt|corridor|border|control`)

// generic heads name unnamed speakers: "officials said", "police said",
// "a spokesperson said". They give no speaker.
var genericHeads = textcase.WordSet(`official|officials|police|source|sources|spokesperson|spokesman|spokeswoman|witness|witnesses|
resident|residents|expert|experts|analyst|analysts|observer|observers|people|protesters|protestors|demonstrators|crowd|
organisers|organizers|activists|person|man|woman|mother|father|moderator|members|member|farmer|farmers|worker|workers|
student|students|statement|report|post|tweet|message|notice|release|letter|comment|sign|banner|banners|placard|placards|
note|document|survey|study|data|figures|authorities|diplomats|insiders|aides|voters|fans|users|critics|supporters|
leaders|doctors|teachers|traders|villagers|locals|parents|relatives|family|families|friends|visitor|visitors|tourist|
tourists|passenger|passengers|driver|drivers|agency|ministry|government|company|department|court|party|army|military|
official's|office|board`)

// communications are nouns for what a body or person issues; "the
// statement said" speaks for whoever issued it.
var communications = textcase.WordSet(`statement|post|tweet|message|notice|release|letter|report|note|video|address|speech|
communiqué|communique|readout|circular|order|ruling|judgment|verdict|filing|document`)

// honorificGender reads a speaker's gender from an honorific.
var honorificGender = map[string]byte{"mr": 'm', "mr.": 'm', "mrs": 'f', "mrs.": 'f', "ms": 'f', "ms.": 'f', "sir": 'm',
	"lady": 'f', "dame": 'f', "king": 'm', "queen": 'f', "prince": 'm', "princess": 'f', "smt": 'f', "shri": 'm'}

// nameParticles may stand inside a personal name in lower case.
var nameParticles = textcase.WordSet(`bin|binti|bint|ibn|al|el|de|del|della|di|da|dos|das|do|van|von|der|den|la|le|du|ter|ten|zu`)

// abbreviations keep their period: a period after them does not end a
// sentence.
var abbreviations = textcase.WordSet(`mr|mrs|ms|dr|gov|sen|rep|gen|lt|col|st|jr|sr|no|inc|ltd|co|corp|vs|prof|capt|sgt|maj|adm|rev|
hon|supt|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mt|ft|approx|dept|univ|est|fig|vol|ed|ave|blvd|u.s|u.k|u.n|
e.g|i.e|a.m|p.m|d.c|n.y|calif|fla|mass|mich|tex|wash|ariz|ill|pa|va|md|ky|ala|ark|colo|conn|ga|kan|minn|mo|mont|neb|nev|
okla|ore|tenn|vt|wis|wyo|n.h|n.j|n.m|n.c|s.c|n.d|s.d|r.i|w.va`)

// timeWords sit between a subject and its verb ("Sitharaman on Monday
// said") and are skipped when looking for the subject.
var timeWords = textcase.WordSet(`on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|also|later|
earlier|then|further|again|too|last|week|night|morning|evening|afternoon|recently|previously|separately|meanwhile|however|
had|has|have|once|finally|himself|herself|themselves|reportedly|publicly|privately|repeatedly|in|a|statement|this|
year|month|speaking|am|hari|ini`)

// Word classes, as bits: one look-up of a word gives every list it is on.
const (
	cDet uint32 = 1 << iota
	cConn
	cPart
	cOrg
	cGeneric
	cComm
	cEntity
	cFunc
	cSpeech
	cChar
	cPartic
	cTime
	cGeo
	cCal
	cTitleW
	cAud
)

// lex maps a lower-case word to the classes it belongs to.
var lex map[string]uint32

func init() {
	lex = map[string]uint32{}
	for set, c := range map[*map[string]bool]uint32{
		&determiners: cDet, &connectors: cConn, &nameParticles: cPart, &orgWords: cOrg, &genericHeads: cGeneric,
		&communications: cComm, &entityNouns: cEntity, &functionWords: cFunc, &speechVerbs: cSpeech,
		&characterisers: cChar, &participles: cPartic, &timeWords: cTime, &geoHeads: cGeo, &calendar: cCal,
		&titleWords: cTitleW, &audiences: cAud,
	} {
		for w := range *set {
			lex[w] |= c
		}
	}
}
