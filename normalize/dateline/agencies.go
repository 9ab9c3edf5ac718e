package dateline

import "strings"

// agencies maps how news agencies credit themselves in a dateline, lower
// case, to the name wiredesk uses for them. Both the Latin and the local
// script forms are here ("ТАСС", "भाषा" for PTI's Hindi service).
var agencies = map[string]string{
	"ani": "ANI", "asian news international": "ANI", "एएनआई": "ANI",
	"pti": "PTI", "press trust of india": "PTI", "भाषा": "PTI", "pti-bhasha": "PTI",
	"ians": "IANS", "आईएएनएस": "IANS",
	"uni": "UNI", "वार्ता": "UNI", "यूनीवार्ता": "UNI",
	"reuters": "Reuters", "رويترز": "Reuters",
	"ap": "AP", "associated press": "AP", "the associated press": "AP",
	"afp": "AFP", "agence france-presse": "AFP", "afp-jiji": "AFP", "أ ف ب": "AFP", "أ.ف.ب": "AFP",
	"xinhua": "Xinhua", "新华社": "Xinhua", "شينخوا": "Xinhua",
	"tass": "TASS", "тасс": "TASS", "itar-tass": "TASS",
	"yonhap": "Yonhap", "연합뉴스": "Yonhap",
	"kyodo": "Kyodo", "kyodo news": "Kyodo", "共同": "Kyodo",
	"jiji": "Jiji", "jiji press": "Jiji", "時事": "Jiji",
	"bernama": "Bernama",
	"efe":     "EFE", "agencia efe": "EFE",
	"dpa": "dpa", "dpa-afx": "dpa", "د ب أ": "dpa",
	"aap": "AAP", "australian associated press": "AAP",
	"aa": "AA", "anadolu": "AA", "anadolu agency": "AA", "الأناضول": "AA",
	"upi": "UPI", "ansa": "ANSA", "lusa": "Lusa", "europa press": "Europa Press",
	"ria novosti": "RIA Novosti", "риа новости": "RIA Novosti", "interfax": "Interfax", "интерфакс": "Interfax",
	"sputnik": "Sputnik", "ukrinform": "Ukrinform", "unian": "UNIAN",
	"bloomberg": "Bloomberg", "cnn": "CNN", "cnn business": "CNN", "bbc": "BBC",
	"irna": "IRNA", "wam": "WAM", "وام": "WAM", "spa": "SPA", "kuna": "KUNA", "qna": "QNA", "mena": "MENA",
	"app": "APP", "bss": "BSS", "pna": "PNA", "antara": "Antara", "vna": "VNA", "cna": "CNA", "nna": "NNA",
	"prensa latina": "Prensa Latina", "notimex": "Notimex", "télam": "Télam", "telam": "Télam",
	"prnewswire": "PR Newswire", "globe newswire": "GlobeNewswire", "globenewswire": "GlobeNewswire", "business wire": "Business Wire",
}

// bareAgencies are the agencies that print their name in a dateline
// without brackets ("SYDNEY March 22 AAP -", "TOKYO, Jan. 5 Kyodo -").
// Only these are taken bare, so a capitalised word before a dash is not
// read as an agency.
var bareAgencies = map[string]bool{"AAP": true, "Kyodo": true, "AFP": true, "Reuters": true, "AP": true, "dpa": true, "Bernama": true, "Xinhua": true}

// agencyName returns the canonical name for an agency as credited and
// whether it is a known one.
func agencyName(s string) (string, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(s), " "))
	name, ok := agencies[key]
	return name, ok
}
