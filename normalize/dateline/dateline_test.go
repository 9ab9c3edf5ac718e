package dateline

import (
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

func at(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
	return &t
}

func TestParse(t *testing.T) {
	apr26 := at(2025, time.April, 26)
	tests := []struct {
		name      string
		text      string
		published *time.Time
		want      *article.Dateline
		lede      string // what text[n:] starts with
	}{
		// ANI
		{"ANI country in brackets", "Toronto [Canada], June 30 (ANI): Canadian Prime Minister Mark Carney said on Monday…", at(2025, time.June, 30),
			&article.Dateline{Text: "Toronto [Canada], June 30 (ANI):", Place: "Toronto", Country: "Canada", Date: "2025-06-30", Agency: "ANI"}, "Canadian Prime"},
		{"ANI state in parentheses", "Amritsar (Punjab), Apr 13 (ANI): Devotees thronged the Golden Temple on the occasion of Baisakhi.", at(2025, time.April, 13),
			&article.Dateline{Text: "Amritsar (Punjab), Apr 13 (ANI):", Place: "Amritsar", Country: "Punjab", Date: "2025-04-13", Agency: "ANI"}, "Devotees"},
		{"ANI state and country", "Srinagar (Jammu and Kashmir) [India], May 2 (ANI): Security forces on Friday…", at(2025, time.May, 2),
			&article.Dateline{Text: "Srinagar (Jammu and Kashmir) [India], May 2 (ANI):", Place: "Srinagar", Country: "India", Date: "2025-05-02", Agency: "ANI"}, "Security"},
		{"ANI place only", "Mumbai (ANI): Actor Shah Rukh Khan on Sunday greeted fans outside Mannat.", nil,
			&article.Dateline{Text: "Mumbai (ANI):", Place: "Mumbai", Agency: "ANI"}, "Actor"},
		{"ANI Washington DC", "Washington DC [US], April 25 (ANI): The US State Department on Friday…", apr26,
			&article.Dateline{Text: "Washington DC [US], April 25 (ANI):", Place: "Washington DC", Country: "US", Date: "2025-04-25", Agency: "ANI"}, "The US"},
		// PTI, IANS, UNI
		{"PTI without separator", "New Delhi, Jun 7 (PTI) A Delhi court on Saturday granted bail to…", at(2025, time.June, 7),
			&article.Dateline{Text: "New Delhi, Jun 7 (PTI)", Place: "New Delhi", Date: "2025-06-07", Agency: "PTI"}, "A Delhi court"},
		{"IANS without separator", "New Delhi, July 26 (IANS) The Congress on Saturday demanded…", at(2025, time.July, 26),
			&article.Dateline{Text: "New Delhi, July 26 (IANS)", Place: "New Delhi", Date: "2025-07-26", Agency: "IANS"}, "The Congress"},
		{"IANS with colon", "Bengaluru, Apr 10 (IANS): Karnataka Chief Minister Siddaramaiah on Thursday…", at(2025, time.April, 10),
			&article.Dateline{Text: "Bengaluru, Apr 10 (IANS):", Place: "Bengaluru", Date: "2025-04-10", Agency: "IANS"}, "Karnataka"},
		{"UNI", "Srinagar, Mar 5 (UNI) Fresh snowfall cut off the Mughal Road on Wednesday.", at(2025, time.March, 5),
			&article.Dateline{Text: "Srinagar, Mar 5 (UNI)", Place: "Srinagar", Date: "2025-03-05", Agency: "UNI"}, "Fresh"},
		// Reuters
		{"Reuters place", "DAMASCUS (Reuters) - Syria's interim government said on Sunday…", nil,
			&article.Dateline{Text: "DAMASCUS (Reuters) -", Place: "Damascus", Agency: "Reuters"}, "Syria's"},
		{"Reuters date without place", "Jan 30 (Reuters) - Oil prices rose on Thursday as…", at(2025, time.January, 30),
			&article.Dateline{Text: "Jan 30 (Reuters) -", Date: "2025-01-30", Agency: "Reuters"}, "Oil prices"},
		{"Reuters place and date", "LONDON, March 3 (Reuters) - British house prices rose…", at(2025, time.March, 3),
			&article.Dateline{Text: "LONDON, March 3 (Reuters) -", Place: "London", Date: "2025-03-03", Agency: "Reuters"}, "British"},
		{"Reuters two places", "LONDON/NEW YORK, March 3 (Reuters) - Global shares slid…", at(2025, time.March, 3),
			&article.Dateline{Text: "LONDON/NEW YORK, March 3 (Reuters) -", Place: "London/New York", Date: "2025-03-03", Agency: "Reuters"}, "Global"},
		{"Reuters agency only", "(Reuters) — The New York State Attorney General is investigating WeWork", nil,
			&article.Dateline{Text: "(Reuters) —", Agency: "Reuters"}, "The New York"},
		// Lower-case credits of German-language services
		{"lower-case service after a place", "Wien (epd) – Die evangelische Kirche hat am Montag ihre Gottesdienste abgesagt.", nil,
			&article.Dateline{Text: "Wien (epd) –", Place: "Wien", Agency: "epd"}, "Die evangelische"},
		{"hyphenated lower-case service", "Hamburg (iwr-pressedienst) - Der Windturbinenhersteller hat einen Auftrag erhalten.", nil,
			&article.Dateline{Text: "Hamburg (iwr-pressedienst) -", Place: "Hamburg", Agency: "iwr-pressedienst"}, "Der Windturbinenhersteller"},
		// AP
		{"AP em dash", "NEW YORK (AP) — Stocks drifted lower on Wall Street on Tuesday…", nil,
			&article.Dateline{Text: "NEW YORK (AP) —", Place: "New York", Agency: "AP"}, "Stocks"},
		{"AP country double hyphen", "GROSSETO, Italy (AP) -- The captain of the shipwrecked Costa Concordia…", nil,
			&article.Dateline{Text: "GROSSETO, Italy (AP) --", Place: "Grosseto", Country: "Italy", Agency: "AP"}, "The captain"},
		{"AP underscore", "HONOLULU (AP) _ A tsunami warning was lifted for Hawaii…", nil,
			&article.Dateline{Text: "HONOLULU (AP) _", Place: "Honolulu", Agency: "AP"}, "A tsunami"},
		{"AP US state", "AUSTIN, Texas (AP) — Texas lawmakers on Monday…", nil,
			&article.Dateline{Text: "AUSTIN, Texas (AP) —", Place: "Austin", Country: "Texas", Agency: "AP"}, "Texas lawmakers"},
		{"AP state abbreviation", "HAYWARD, Calif. (AP) — The Latest on a deadly stabbing…", nil,
			&article.Dateline{Text: "HAYWARD, Calif. (AP) —", Place: "Hayward", Country: "California", Agency: "AP"}, "The Latest"},
		{"AP St. place", "ST. JOSEPH, Mich. (AP) — Michigan health authorities are reporting…", nil,
			&article.Dateline{Text: "ST. JOSEPH, Mich. (AP) —", Place: "St. Joseph", Country: "Michigan", Agency: "AP"}, "Michigan health"},
		{"AP Mc place", "MCALLEN, Texas (AP) — Border agents said…", nil,
			&article.Dateline{Text: "MCALLEN, Texas (AP) —", Place: "McAllen", Country: "Texas", Agency: "AP"}, "Border"},
		{"AP The Hague", "THE HAGUE, Netherlands (AP) — Judges at the International Criminal Court…", nil,
			&article.Dateline{Text: "THE HAGUE, Netherlands (AP) —", Place: "The Hague", Country: "Netherlands", Agency: "AP"}, "Judges"},
		// AFP
		{"AFP with year", "STOCKHOLM, Aug 29, 2014 (AFP) - Sweden's central bank…", apr26,
			&article.Dateline{Text: "STOCKHOLM, Aug 29, 2014 (AFP) -", Place: "Stockholm", Date: "2014-08-29", Agency: "AFP"}, "Sweden's"},
		{"AFP en dash", "Washington (AFP) – US President Donald Trump on Friday…", nil,
			&article.Dateline{Text: "Washington (AFP) –", Place: "Washington", Agency: "AFP"}, "US President"},
		{"AFP French", "PARIS, 3 mars 2024 (AFP) - Le gouvernement a annoncé…", nil,
			&article.Dateline{Text: "PARIS, 3 mars 2024 (AFP) -", Place: "Paris", Date: "2024-03-03", Agency: "AFP"}, "Le gouvernement"},
		{"AFP French first", "Bruxelles, 1er févr. 2025 (AFP) - Les Vingt-Sept…", nil,
			&article.Dateline{Text: "Bruxelles, 1er févr. 2025 (AFP) -", Place: "Bruxelles", Date: "2025-02-01", Agency: "AFP"}, "Les Vingt"},
		// Xinhua, TASS, Yonhap, Kyodo, Bernama
		{"Xinhua", "BEIJING, Sept. 2 (Xinhua) -- China's manufacturing activity expanded…", at(2024, time.September, 2),
			&article.Dateline{Text: "BEIJING, Sept. 2 (Xinhua) --", Place: "Beijing", Date: "2024-09-02", Agency: "Xinhua"}, "China's"},
		{"Xinhua United Nations", "UNITED NATIONS, Sept. 2 (Xinhua) -- UN Secretary-General António Guterres…", at(2024, time.September, 3),
			&article.Dateline{Text: "UNITED NATIONS, Sept. 2 (Xinhua) --", Place: "United Nations", Date: "2024-09-02", Agency: "Xinhua"}, "UN Secretary"},
		{"TASS", "MOSCOW, January 21. /TASS/. Russia's Foreign Ministry said…", at(2025, time.January, 21),
			&article.Dateline{Text: "MOSCOW, January 21. /TASS/.", Place: "Moscow", Date: "2025-01-21", Agency: "TASS"}, "Russia's"},
		{"TASS Russian", "МОСКВА, 25 апреля. /ТАСС/. Президент России Владимир Путин провел переговоры…", apr26,
			&article.Dateline{Text: "МОСКВА, 25 апреля. /ТАСС/.", Place: "Москва", Date: "2025-04-25", Agency: "TASS"}, "Президент"},
		{"RIA Russian", "МОСКВА, 25 апр — РИА Новости. Переговоры продолжались три часа.", apr26,
			&article.Dateline{Text: "МОСКВА, 25 апр — РИА Новости.", Place: "Москва", Date: "2025-04-25", Agency: "RIA Novosti"}, "Переговоры"},
		{"Yonhap", "SEOUL, April 15 (Yonhap) -- North Korea fired a ballistic missile…", at(2025, time.April, 15),
			&article.Dateline{Text: "SEOUL, April 15 (Yonhap) --", Place: "Seoul", Date: "2025-04-15", Agency: "Yonhap"}, "North Korea"},
		{"Kyodo", "TOKYO (Kyodo) -- Japan's economy grew at an annualized…", nil,
			&article.Dateline{Text: "TOKYO (Kyodo) --", Place: "Tokyo", Agency: "Kyodo"}, "Japan's"},
		{"Kyodo bare", "TOKYO, Jan. 5 Kyodo - Japan's top trade negotiator…", at(2025, time.January, 6),
			&article.Dateline{Text: "TOKYO, Jan. 5 Kyodo -", Place: "Tokyo", Date: "2025-01-05", Agency: "Kyodo"}, "Japan's"},
		{"Bernama", "KUALA LUMPUR, Aug 6 (Bernama) -- The Malaysian ringgit opened higher…", at(2025, time.August, 6),
			&article.Dateline{Text: "KUALA LUMPUR, Aug 6 (Bernama) --", Place: "Kuala Lumpur", Date: "2025-08-06", Agency: "Bernama"}, "The Malaysian"},
		// EFE, dpa, AAP, Anadolu
		{"EFE", "Madrid, 11 may (EFE).- El Gobierno español aprobó este martes…", at(2025, time.May, 11),
			&article.Dateline{Text: "Madrid, 11 may (EFE).-", Place: "Madrid", Date: "2025-05-11", Agency: "EFE"}, "El Gobierno"},
		{"EFE de month", "Bogotá, 3 de marzo de 2024 (EFE).- El presidente colombiano…", nil,
			&article.Dateline{Text: "Bogotá, 3 de marzo de 2024 (EFE).-", Place: "Bogotá", Date: "2024-03-03", Agency: "EFE"}, "El presidente"},
		{"EFE place with particle", "Ciudad de México, 3 mar (EFE).-La presidenta…", at(2025, time.March, 4),
			&article.Dateline{Text: "Ciudad de México, 3 mar (EFE).-", Place: "Ciudad de México", Date: "2025-03-03", Agency: "EFE"}, "La presidenta"},
		{"dpa", "Washington (dpa) - US-Präsident Donald Trump hat…", nil,
			&article.Dateline{Text: "Washington (dpa) -", Place: "Washington", Agency: "dpa"}, "US-Präsident"},
		{"dpa German date", "Berlin, 5. März (dpa) - Die Bundesregierung will…", at(2025, time.March, 5),
			&article.Dateline{Text: "Berlin, 5. März (dpa) -", Place: "Berlin", Date: "2025-03-05", Agency: "dpa"}, "Die Bundes"},
		{"AAP bare", "SYDNEY March 22 AAP - Australian shares closed higher…", at(2025, time.March, 22),
			&article.Dateline{Text: "SYDNEY March 22 AAP -", Place: "Sydney", Date: "2025-03-22", Agency: "AAP"}, "Australian"},
		{"Anadolu", "ANKARA (AA) – Türkiye's president on Monday…", nil,
			&article.Dateline{Text: "ANKARA (AA) –", Place: "Ankara", Agency: "AA"}, "Türkiye's"},
		{"ANSA agency first", "(ANSA) - ROMA, 12 GEN - Il presidente della Repubblica…", at(2025, time.January, 12),
			&article.Dateline{Text: "(ANSA) - ROMA, 12 GEN -", Place: "Roma", Date: "2025-01-12", Agency: "ANSA"}, "Il presidente"},
		{"CNN unknown outlet", "Hong Kong (CNN Business) A muddled view of US-China trade talks…", nil,
			&article.Dateline{Text: "Hong Kong (CNN Business)", Place: "Hong Kong", Agency: "CNN"}, "A muddled"},
		{"unknown outlet with dash", "Washington (The Hill) — Senate Democrats on Tuesday…", nil,
			&article.Dateline{Text: "Washington (The Hill) —", Place: "Washington", Agency: "The Hill"}, "Senate"},
		// other scripts
		{"Hindi PTI", "नई दिल्ली, 25 अप्रैल (भाषा) कांग्रेस ने शुक्रवार को कहा…", apr26,
			&article.Dateline{Text: "नई दिल्ली, 25 अप्रैल (भाषा)", Place: "नई दिल्ली", Date: "2025-04-25", Agency: "PTI"}, "कांग्रेस"},
		{"Arabic Reuters", "القاهرة، 25 أبريل (رويترز) - قالت وزارة الخارجية…", apr26,
			&article.Dateline{Text: "القاهرة، 25 أبريل (رويترز) -", Place: "القاهرة", Date: "2025-04-25", Agency: "Reuters"}, "قالت"},
		{"Xinhua Chinese", "新华社北京4月25日电（记者 王明）国家主席习近平25日…", apr26,
			&article.Dateline{Text: "新华社北京4月25日电（记者 王明）", Place: "北京", Date: "2025-04-25", Agency: "Xinhua"}, "国家主席"},
		{"Kyodo Japanese", "【ワシントン共同】トランプ米大統領は25日…", nil,
			&article.Dateline{Text: "【ワシントン共同】", Place: "ワシントン", Agency: "Kyodo"}, "トランプ"},
		{"Yonhap Korean", "(서울=연합뉴스) 홍길동 기자 = 정부는 25일…", nil,
			&article.Dateline{Text: "(서울=연합뉴스)", Place: "서울", Agency: "Yonhap"}, "홍길동"},
		// web and newspaper forms without an agency
		{"web place and date", "Moscow, April 25: Russian President Vladimir Putin, met with US Special Envoy…", apr26,
			&article.Dateline{Text: "Moscow, April 25:", Place: "Moscow", Date: "2025-04-25"}, "Russian President"},
		{"web date kept as written", "Moscow, April 25: Talks began…", nil,
			&article.Dateline{Text: "Moscow, April 25:", Place: "Moscow", Date: "April 25"}, "Talks"},
		{"newspaper caps dash", "VIENNA — The house where Adolf Hitler was born will be turned into a police station.", nil,
			&article.Dateline{Text: "VIENNA —", Place: "Vienna"}, "The house"},
		{"newspaper caps with country", "DUBAI, United Arab Emirates — Dubai's flagship carrier Emirates Airline finalized…", nil,
			&article.Dateline{Text: "DUBAI, United Arab Emirates —", Place: "Dubai", Country: "United Arab Emirates"}, "Dubai's"},
		{"newspaper double hyphen", "BERLIN -- The European Space Agency says…", nil,
			&article.Dateline{Text: "BERLIN --", Place: "Berlin"}, "The European"},
		{"newspaper tight dash", "WASHINGTON—The Senate voted 51-49 on Tuesday…", nil,
			&article.Dateline{Text: "WASHINGTON—", Place: "Washington"}, "The Senate"},
		{"mixed case known city", "Indianapolis – Several thousand teachers wearing red surrounded the Statehouse…", nil,
			&article.Dateline{Text: "Indianapolis –", Place: "Indianapolis"}, "Several"},
		{"mixed case with state", "Dekalb, Ill. — Mike Glass threw for three touchdowns…", nil,
			&article.Dateline{Text: "Dekalb, Ill. —", Place: "Dekalb", Country: "Illinois"}, "Mike Glass"},
		{"caps with state abbreviation", "SIOUX FALLS, S.D. – People across the nation are talking about it…", nil,
			&article.Dateline{Text: "SIOUX FALLS, S.D. –", Place: "Sioux Falls", Country: "South Dakota"}, "People"},
		{"Indian newspaper colon", "NEW DELHI: Their American dream shattered, nearly 150 Indians returned…", nil,
			&article.Dateline{Text: "NEW DELHI:", Place: "New Delhi"}, "Their"},
		{"paragraph of its own", "BAAR, SWITZERLAND", nil,
			&article.Dateline{Text: "BAAR, SWITZERLAND", Place: "Baar", Country: "Switzerland"}, ""},
		{"weekday instead of a date", "WASHINGTON, Tuesday (AFP) - The Senate voted…", nil,
			&article.Dateline{Text: "WASHINGTON, Tuesday (AFP) -", Place: "Washington", Agency: "AFP"}, "The Senate"},
		{"leading space", "  KYIV, Ukraine (AP) — Russia launched a wave of drones…", nil,
			&article.Dateline{Text: "KYIV, Ukraine (AP) —", Place: "Kyiv", Country: "Ukraine", Agency: "AP"}, "Russia"},
		// years
		{"year before", "Kyiv, Dec 31 (IANS) Air raid sirens sounded…", at(2025, time.January, 2),
			&article.Dateline{Text: "Kyiv, Dec 31 (IANS)", Place: "Kyiv", Date: "2024-12-31", Agency: "IANS"}, "Air raid"},
		{"year after", "SYDNEY, Jan 1 (Reuters) - Fireworks lit up…", at(2024, time.December, 31),
			&article.Dateline{Text: "SYDNEY, Jan 1 (Reuters) -", Place: "Sydney", Date: "2025-01-01", Agency: "Reuters"}, "Fireworks"},
		{"leap day resolves to a leap year", "BEIJING, Feb. 29 (Xinhua) -- Snow…", at(2025, time.March, 2),
			&article.Dateline{Text: "BEIJING, Feb. 29 (Xinhua) --", Place: "Beijing", Date: "2024-02-29", Agency: "Xinhua"}, "Snow"},
		{"day before month", "Islamabad [Pakistan], 3 May (ANI): Pakistan's army…", apr26,
			&article.Dateline{Text: "Islamabad [Pakistan], 3 May (ANI):", Place: "Islamabad", Country: "Pakistan", Date: "2025-05-03", Agency: "ANI"}, "Pakistan's"},

		// not datelines
		{"sentence with a remark in brackets", "However, he said (in a statement) that talks would continue.", nil, nil, ""},
		{"ticker", "Apple (AAPL) shares rose on Monday", nil, nil, ""},
		{"lower-case aside without a dash", "Berlin (ohnehin teuer) bleibt die teuerste Stadt.", nil, nil, ""},
		{"lower-case word in brackets without a place", "(update) - the figures were revised on Monday", nil, nil, ""},
		{"ticker with dash", "Brent crude (LCOc1) - up 2% on the day", nil, nil, ""},
		{"heading", "Key Points: the talks lasted three hours", nil, nil, ""},
		{"heading alone", "Key Points", nil, nil, ""},
		{"update label", "Updated April 25: the story was revised", apr26, nil, ""},
		{"credit line", "ANI | Updated: Apr 25, 2025 20:30 IST", apr26, nil, ""},
		{"credit with views", "ANI April 26, 2025 368 views", apr26, nil, ""},
		{"weekday", "Friday, April 25: Markets opened higher", apr26, nil, ""},
		{"date alone", "April 25, 2025: a timeline of the talks", apr26, nil, ""},
		{"alert label", "BREAKING: Putin meets Witkoff in Moscow", nil, nil, ""},
		{"column label", "DEAR ABBY: My husband of more than 20 years just purchased plane tickets.", nil, nil, ""},
		{"sports heading", "GIRLS BASKETBALL", nil, nil, ""},
		{"plain sentence", "Russian President Vladimir Putin met US Special Envoy Steve Witkoff.", nil, nil, ""},
		{"headline", "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff", nil, nil, ""},
		{"sentence with hyphen", "Chelsea - who won 2-1 on Saturday - are top.", nil, nil, ""},
		{"name then dash", "Mike Glass - the quarterback - threw three touchdowns.", nil, nil, ""},
		{"mixed case place and colon unknown", "Trump: I will end the war", nil, nil, ""},
		{"ministry", "Ministry of Defence (MoD) - statement on the incident", nil, nil, ""},
		{"clock", "NEW DELHI:30 people were hurt", nil, nil, ""},
		{"empty", "", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, ok := Parse(tt.text, tt.published)
			if tt.want == nil {
				if ok {
					t.Fatalf("Parse(%q) = %+v, want no dateline", tt.text, *got)
				}
				return
			}
			if !ok {
				t.Fatalf("Parse(%q) found no dateline, want %+v", tt.text, *tt.want)
			}
			if *got != *tt.want {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.text, *got, *tt.want)
			}
			if rest := tt.text[n:]; !strings.HasPrefix(rest, tt.lede) || (tt.lede == "" && rest != "") {
				t.Errorf("Parse(%q) lede = %q, want it to start with %q", tt.text, rest, tt.lede)
			}
		})
	}
}

func TestFindSkipsLeadIns(t *testing.T) {
	paras := []string{
		"Russian President Vladimir Putin meets US Special Envoy Steve Witkoff",
		"ANI April 26, 2025 368 views",
		"Russian President Vladimir Putin met US Special Envoy Steve Witkoff for three-hour talks at the Kremlin.",
		`"This conversation allowed the US positions to be brought closer together" – Yury Ushakov`,
		"Moscow, April 25: Russian President Vladimir Putin, met with US Special Envoy Steve Witkoff at the Kremlin.",
	}
	got, ok := Find(paras, at(2025, time.April, 26))
	if !ok {
		t.Fatal("Find found no dateline")
	}
	want := article.Dateline{Text: "Moscow, April 25:", Place: "Moscow", Date: "2025-04-25"}
	if got.Para != 4 || *got.Dateline != want || got.Len != len("Moscow, April 25: ") {
		t.Errorf("Find = para %d len %d %+v, want para 4 len %d %+v", got.Para, got.Len, *got.Dateline, len("Moscow, April 25: "), want)
	}
	if _, ok := Find(paras[:4], nil); ok {
		t.Error("Find found a dateline in paragraphs without one")
	}
}

func TestUsualCase(t *testing.T) {
	for in, want := range map[string]string{
		"NEW YORK": "New York", "KUALA LUMPUR": "Kuala Lumpur", "PORT-AU-PRINCE": "Port-au-Prince",
		"RIO DE JANEIRO": "Rio de Janeiro", "WASHINGTON, D.C.": "Washington, D.C.", "MCALLEN": "McAllen",
		"МОСКВА": "Москва", "Moscow": "Moscow", "LONDON/NEW YORK": "London/New York", "ST. LOUIS": "St. Louis",
		"O'HARE": "O'Hare", "ROSTOV-ON-DON": "Rostov-on-Don", "Washington DC": "Washington DC",
	} {
		if got := usualCase(in); got != want {
			t.Errorf("usualCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Moscow [Russia], April 25 (ANI): Putin met…", "New Delhi, Jun 7 (PTI) A Delhi court",
		"GROSSETO, Italy (AP) -- The captain", "МОСКВА, 25 апреля. /ТАСС/. Президент", "Madrid, 11 may (EFE).- El",
		"SYDNEY March 22 AAP - Shares", "(ANSA) - ROMA, 12 GEN - Il", "新华社北京4月25日电（记者 王明）国家", "【ワシントン共同】トランプ",
		"However, he said (in a statement) that", "BAAR, SWITZERLAND", "(", "[", "/", "Jan 3", "A (B) -", "X, 1 May 2025 (",
	} {
		f.Add(s, int64(1745600000))
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		pub := time.Unix(unix%(1<<34), 0).UTC()
		d, n, ok := Parse(text, &pub)
		if !ok {
			if d != nil || n != 0 {
				t.Fatalf("Parse(%q) = %v, %d, false", text, d, n)
			}
			return
		}
		if d == nil || n < 0 || n > len(text) {
			t.Fatalf("Parse(%q) = %v, %d", text, d, n)
		}
		if !strings.Contains(text[:n], d.Text) {
			t.Fatalf("Parse(%q): Text %q is not in the prefix %q", text, d.Text, text[:n])
		}
		if d.Text == "" {
			t.Fatalf("Parse(%q): empty Text", text)
		}
	})
}
