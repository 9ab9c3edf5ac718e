package dateline

import (
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/normalize/internal/textcase"
)

// usStates maps the AP abbreviations of US states, as printed after a US
// dateline ("SAN FRANCISCO, Calif. (AP)"), to the state's name.
var usStates = map[string]string{
	"ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California", "colo.": "Colorado",
	"conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida", "ga.": "Georgia", "ill.": "Illinois",
	"ind.": "Indiana", "kan.": "Kansas", "kans.": "Kansas", "ky.": "Kentucky", "la.": "Louisiana", "md.": "Maryland",
	"mass.": "Massachusetts", "mich.": "Michigan", "minn.": "Minnesota", "miss.": "Mississippi", "mo.": "Missouri",
	"mont.": "Montana", "neb.": "Nebraska", "nebr.": "Nebraska", "nev.": "Nevada", "n.h.": "New Hampshire",
	"n.j.": "New Jersey", "n.m.": "New Mexico", "n.y.": "New York", "n.c.": "North Carolina", "n.d.": "North Dakota",
	"okla.": "Oklahoma", "ore.": "Oregon", "pa.": "Pennsylvania", "r.i.": "Rhode Island", "s.c.": "South Carolina",
	"s.d.": "South Dakota", "tenn.": "Tennessee", "tex.": "Texas", "vt.": "Vermont", "va.": "Virginia",
	"wash.": "Washington", "w.va.": "West Virginia", "wis.": "Wisconsin", "wyo.": "Wyoming",
}

// regions are the countries, US states and Indian states a dateline may
// name after its place. In a strong dateline (one with an agency or a
// date) any capitalised qualifier is accepted; these license the weak
// forms that have neither ("DUBAI, United Arab Emirates —").
var regions = textcase.WordSet(`Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|
Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|
Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|
Czechia|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|
Gabon|Gambia|Georgia|Germany|Ghana|Greece|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|
Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|
Liberia|Libya|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|
Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|
North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|
Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|
South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|
Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|United States|US|USA|Uruguay|
Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|England|Scotland|Wales|Northern Ireland|West Bank|Gaza|
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|
Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|
New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|
South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|D.C.|
Andhra Pradesh|Arunachal Pradesh|Assam|Bihar|Chhattisgarh|Goa|Gujarat|Haryana|Himachal Pradesh|Jharkhand|Karnataka|Kerala|
Madhya Pradesh|Maharashtra|Manipur|Meghalaya|Mizoram|Nagaland|Odisha|Punjab|Rajasthan|Sikkim|Tamil Nadu|Telangana|Tripura|
Uttar Pradesh|Uttarakhand|West Bengal|Jammu and Kashmir|J-K|J&K|Ladakh|Delhi|Puducherry|Chandigarh|
Ontario|Quebec|British Columbia|Alberta|New South Wales|Victoria|Queensland|Bavaria|Catalonia|Sindh|Balochistan|Khyber Pakhtunkhwa`)

// knownPlaces are cities that file news often enough to be recognised
// without an agency or a date after them ("Indianapolis – Several…",
// "NEW DELHI: …"). They only license those weak forms; a dateline with an
// agency or a date needs no list.
var knownPlaces = textcase.WordSet(`Abu Dhabi|Abuja|Accra|Addis Ababa|Ahmedabad|Algiers|Amman|Amritsar|Amsterdam|Ankara|Astana|Athens|
Atlanta|Austin|Baghdad|Baku|Baltimore|Bangkok|Barcelona|Beijing|Beirut|Belgrade|Bengaluru|Bangalore|Berlin|Bern|Bhopal|
Bhubaneswar|Bogota|Bogotá|Boston|Brasilia|Brasília|Bratislava|Brisbane|Brussels|Bucharest|Budapest|Buenos Aires|Cairo|
Canberra|Cape Town|Caracas|Chandigarh|Chennai|Chicago|Colombo|Copenhagen|Dakar|Dallas|Damascus|Dar es Salaam|Dehradun|Delhi|
Denver|Detroit|Dhaka|Doha|Dubai|Dublin|Edinburgh|Frankfurt|Gaza|Geneva|Guwahati|Hanoi|Havana|Helsinki|Hong Kong|Honolulu|
Houston|Hyderabad|Indianapolis|Islamabad|Istanbul|Jaipur|Jakarta|Jammu|Jerusalem|Johannesburg|Kabul|Kampala|Karachi|
Kathmandu|Khartoum|Kigali|Kinshasa|Kolkata|Kuala Lumpur|Kyiv|Kiev|Lagos|Lahore|Las Vegas|Lima|Lisbon|London|Los Angeles|
Lucknow|Luxembourg|Madrid|Manila|Melbourne|Mexico City|Miami|Milan|Minsk|Montreal|Moscow|Mumbai|Munich|Nairobi|New Delhi|
New Orleans|New York|Nicosia|Oslo|Ottawa|Panaji|Paris|Patna|Perth|Philadelphia|Phoenix|Pittsburgh|Port-au-Prince|Prague|
Pretoria|Pune|Pyongyang|Quito|Rabat|Raipur|Ranchi|Riga|Rio de Janeiro|Riyadh|Rome|San Francisco|Santiago|Sao Paulo|São Paulo|
Sarajevo|Seattle|Seoul|Shanghai|Shimla|Singapore|Skopje|Sofia|Srinagar|St. Louis|Stockholm|Sydney|Taipei|Tallinn|Tashkent|
Tbilisi|Tehran|Tel Aviv|The Hague|Thiruvananthapuram|Tokyo|Toronto|Tripoli|Tunis|United Nations|Vancouver|Vatican City|
Vienna|Vilnius|Warsaw|Washington|Wellington|Yangon|Yerevan|Zagreb|Zurich|Москва|Киев|Санкт-Петербург|नई दिल्ली|मुंबई`)

// labels are ALL-CAPS lead-ins that look like a place before a colon or
// a dash but are section or alert labels.
var labels = textcase.WordSet(`BREAKING|BREAKING NEWS|UPDATE|UPDATED|EXCLUSIVE|WATCH|LIVE|VIDEO|PHOTOS|PHOTO|NOTE|EDITOR'S NOTE|
EDITORS NOTE|READ|READ MORE|ALSO READ|ANALYSIS|OPINION|COMMENT|CORRECTION|CLARIFICATION|FACT CHECK|DEAR ABBY|Q|A|FILE|
SUMMARY|KEY POINTS|HIGHLIGHTS|ADVERTISEMENT|SPONSORED|DISCLAIMER|TAGS|SOURCE|SOURCES|UPDATE 1|UPDATE 2|URGENT|FLASH|ALERT|
WARNING|PROFILE|INTERVIEW|REVIEW|EDITORIAL|TRANSCRIPT|FULL TEXT|TIMELINE|EXPLAINER|FACTBOX|WRAPUP|PREVIEW|RESULTS`)

// KnownPlace reports whether name is a country, a US or Indian state, or a
// city that often files news, as the package knows them. Other passes use
// it to tell a place ("Moscow said") from a person.
func KnownPlace(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return knownPlaces[n] || regions[n]
}

// lowerParticles stay lower case inside a place name written in capitals:
// "RIO DE JANEIRO" is "Rio de Janeiro", "PORT-AU-PRINCE" "Port-au-Prince".
var lowerParticles = map[string]bool{
	"de": true, "da": true, "do": true, "dos": true, "das": true, "del": true, "la": true, "las": true, "los": true,
	"el": true, "di": true, "du": true, "des": true, "le": true, "les": true, "au": true, "aux": true, "am": true,
	"an": true, "upon": true, "on": true, "sur": true, "en": true, "y": true, "of": true, "and": true, "es": true, "im": true,
}

// usualCase turns a place written in capitals ("NEW YORK", "PORT-AU-PRINCE",
// "MCALLEN", "МОСКВА") into its usual case and leaves mixed case alone.
func usualCase(s string) string {
	hasUpper, hasLower := false, false
	for _, r := range s {
		if unicode.IsUpper(r) {
			hasUpper = true
		} else if unicode.IsLower(r) {
			hasLower = true
		}
	}
	if hasLower || !hasUpper {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = titleWord(strings.ToLower(w), i == 0)
	}
	return strings.Join(words, " ")
}

// titleWord capitalises one lower-cased word of a place name, treating the
// parts of a hyphenated or slashed name as words of their own.
func titleWord(w string, first bool) string {
	if isInitials(w) { // "d.c.", "u.s."
		return strings.ToUpper(w)
	}
	var b strings.Builder
	start := 0
	for i, r := range w {
		if r == '-' || r == '/' {
			b.WriteString(titlePart(w[start:i], first && start == 0))
			b.WriteRune(r)
			start = i + 1
			if r == '/' {
				first = true // "LONDON/NEW YORK": each place starts afresh
			}
		}
	}
	b.WriteString(titlePart(w[start:], first && start == 0 || start > 0 && w[start-1] == '/'))
	return b.String()
}

func titlePart(p string, first bool) string {
	if p == "" {
		return p
	}
	if !first && lowerParticles[p] {
		return p
	}
	rs := []rune(p)
	rs[0] = unicode.ToUpper(rs[0])
	// McAllen, MacArthur is ambiguous (Mackay), so only "Mc" is raised.
	if len(rs) > 3 && rs[0] == 'M' && rs[1] == 'c' {
		rs[2] = unicode.ToUpper(rs[2])
	}
	// O'Hare, D'Iberville: a letter after an apostrophe following one letter.
	if len(rs) > 2 && (rs[1] == '\'' || rs[1] == '’') {
		rs[2] = unicode.ToUpper(rs[2])
	}
	return string(rs)
}

// isInitials reports whether w is dotted initials such as "d.c." or "n.y.".
func isInitials(w string) bool {
	if len(w) < 4 || !strings.HasSuffix(w, ".") {
		return false
	}
	for i, r := range w {
		if i%2 == 1 && r != '.' || i%2 == 0 && !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// qualifier turns what follows a place ("Calif.", "Texas", "Italy",
// "SWITZERLAND") into the state or country it names.
func qualifier(s string) string {
	if st, ok := usStates[strings.ToLower(s)]; ok {
		return st
	}
	// "US", "UK", "UAE", "DRC" are abbreviations, not words in capitals.
	if len(s) <= 3 && allCaps(s) {
		return s
	}
	return usualCase(s)
}
