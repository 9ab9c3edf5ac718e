package enrich

import (
	"slices"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

func TestEnrichCollectsEntities(t *testing.T) {
	a := &article.Article{
		Dateline: &article.Dateline{Place: "Moscow", Country: "Russia"},
		Quotes: []article.Quote{
			{Text: "constructive", Speaker: "Yury Ushakov", Kind: article.QuoteDirect},
			{Text: "useful", Speaker: "Yury Ushakov", Kind: article.QuoteDirect},
			{Text: "no", Speaker: "Volodymyr Zelenskyy", Kind: article.QuoteDirect},
		},
		Attributions: []article.Attribution{
			{Source: "CNN", Kind: article.AttrMedia},
			{Source: "Ministry of Foreign Affairs", Kind: article.AttrOfficial},
			{Source: "Kremlin aide Yury Ushakov", Kind: article.AttrOfficial},
			{Source: "X", Kind: article.AttrSocial},
		},
	}
	a.Entities.Places = []string{"moscow"}
	Enrich(a)
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"places", a.Entities.Places, []string{"moscow", "Russia"}},
		{"people", a.Entities.People, []string{"Yury Ushakov", "Volodymyr Zelenskyy"}},
		{"organizations", a.Entities.Organizations, []string{"CNN", "Ministry of Foreign Affairs"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestEnrichReadsNamesInText(t *testing.T) {
	a := &article.Article{Headline: kremlinHeadline, BodyText: kremlinBody, Dateline: &article.Dateline{Place: "Moscow"}}
	Enrich(a)
	want := map[string][]string{
		"people":        {"Vladimir Putin", "Steve Witkoff", "Yury Ushakov", "Kirill Dmitriev"},
		"places":        {"Moscow", "Russia", "Ukraine", "United States"},
		"organizations": {"Kremlin", "Ministry of Foreign Affairs", "MFA", "Russian Direct Investment Fund", "CNN"},
	}
	got := map[string][]string{"people": a.Entities.People, "places": a.Entities.Places, "organizations": a.Entities.Organizations}
	for kind, names := range want {
		for _, n := range names {
			if !containsFold(got[kind], n) {
				t.Errorf("%s %q missing from %q", kind, n, got[kind])
			}
		}
	}
	for _, notPerson := range []string{"Putin", "Moscow", "Kremlin", "The", "Russian President", "Citing"} {
		if containsFold(a.Entities.People, notPerson) {
			t.Errorf("%q taken for a person: %q", notPerson, a.Entities.People)
		}
	}
	if a.Dateline.Country != "Russia" {
		t.Errorf("dateline country = %q, want Russia from the gazetteer", a.Dateline.Country)
	}
	if a.Language != "en" || !slices.Contains(a.Topics, "medtop:11000000") {
		t.Errorf("language %q topics %q", a.Language, a.Topics)
	}
	if a.WordCount < 150 || a.WordCount > 190 || a.ReadingMinutes != 1 {
		t.Errorf("word count %d reading %d min", a.WordCount, a.ReadingMinutes)
	}
}

func TestPeopleWithTitles(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{`"The investigation is complete," Additional Sessions Judge Anuj Agrawal said in the order.`, []string{"Anuj Agrawal"}},
		{`IMD Director General Mrityunjay Mohapatra told reporters the monsoon would be normal.`, []string{"Mrityunjay Mohapatra"}},
		{`Reserve Bank of India Governor Sanjay Malhotra kept rates unchanged.`, []string{"Sanjay Malhotra"}},
		{`Prime Minister Narendra Modi met Chief Minister Yogi Adityanath in Lucknow.`, []string{"Narendra Modi", "Yogi Adityanath"}},
		{`Jake Sullivan, the national security adviser, said talks would go on. Sullivan added that nothing was agreed.`, []string{"Jake Sullivan"}},
		{`On Monday The Indian Express reported that New Delhi Police arrested two men.`, nil},
	} {
		f := textEntities(tc.text)
		if !slices.Equal(f.people, tc.want) {
			t.Errorf("%q\npeople = %q, want %q", tc.text, f.people, tc.want)
		}
	}
}

func TestPlacesResolveToCountries(t *testing.T) {
	for _, tc := range []struct{ place, country string }{
		{"Moscow", "Russia"}, {"new delhi", "India"}, {"Uttar Pradesh", "India"}, {"Kyiv", "Ukraine"},
		{"U.S.", "United States"}, {"Dubai", "United Arab Emirates"}, {"Russia", "Russia"}, {"Bengaluru", "India"},
	} {
		if got, ok := Country(tc.place); !ok || got != tc.country {
			t.Errorf("Country(%q) = %q, %v; want %q", tc.place, got, ok, tc.country)
		}
	}
	if _, ok := Country("Atlantis"); ok {
		t.Error("Atlantis resolved")
	}
	f := textEntities("Male voters in Kerala and Tamil Nadu queued in Chennai. Nice weather helped.")
	if !slices.Equal(f.places, []string{"Kerala", "Tamil Nadu", "Chennai"}) {
		t.Errorf("places = %q", f.places)
	}
}

func TestTopics(t *testing.T) {
	for _, tc := range []struct {
		headline, body string
		want           string
	}{
		{kremlinHeadline, kremlinBody, "11000000"},
		{"Delhi court grants bail to businessman in cheating case", "A Delhi court granted bail to a businessman accused of cheating investors. The judge said the chargesheet had been filed.", "02000000"},
		{"IMD forecasts above-normal monsoon for 2025", "The India Meteorological Department forecast an above-normal monsoon, with rainfall at 105 per cent. The forecast is a relief for farmers.", "17000000"},
		{"Browns player on Rudolph's role in fight", "The Steelers spent Monday trying to distance themselves from the fight that led to suspensions for the Browns pass rusher. The NFL fined both teams. The quarterback and the coach spoke after the match.", "15000000"},
		{"Earthquake kills 12 in Nepal", "A magnitude 6 earthquake struck western Nepal, and rescue teams searched collapsed houses as landslides blocked roads.", "03000000"},
	} {
		got := Topics(tc.headline, tc.body)
		if len(got) == 0 || got[0].Code != tc.want {
			t.Errorf("%q: topics %v, want %s first", tc.headline, got, tc.want)
		}
	}
	if got := Topics("Hello", "Nothing to see."); len(got) != 0 {
		t.Errorf("topics of an empty story: %v", got)
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{kremlinBody, "en"},
		{"Der russische Präsident Wladimir Putin hat den US-Sondergesandten Steve Witkoff im Kreml empfangen, teilte das Außenministerium mit.", "de"},
		{"प्रधानमंत्री नरेंद्र मोदी ने शनिवार को नई दिल्ली में एक बैठक की अध्यक्षता की और अधिकारियों से बात की।", "hi"},
		{"short", ""},
	} {
		if got := Language(tc.text); got != tc.want {
			t.Errorf("Language(%.30q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestWordCountAndReadingTime(t *testing.T) {
	for _, tc := range []struct {
		text  string
		words int
	}{
		{"", 0}, {"One two, three.", 3}, {"Don't stop well-known rock'n'roll", 4}, {"日本語", 3}, {strings.Repeat("word ", 239), 239},
	} {
		if got := WordCount(tc.text); got != tc.words {
			t.Errorf("WordCount(%.20q) = %d, want %d", tc.text, got, tc.words)
		}
	}
	if ReadingMinutes(0) != 0 || ReadingMinutes(1) != 1 || ReadingMinutes(238) != 1 || ReadingMinutes(239) != 2 {
		t.Error("reading minutes do not round up per 238 words")
	}
}

func FuzzEnrich(f *testing.F) {
	f.Add(kremlinHeadline, kremlinBody)
	f.Add("", "U.S. Dr. A. B. and and of the")
	f.Add("KILL", "Ministry of of and The")
	f.Fuzz(func(t *testing.T, headline, body string) {
		a := &article.Article{Headline: headline, BodyText: body, Dateline: &article.Dateline{Place: headline}}
		Enrich(a)
		for _, list := range [][]string{a.Entities.People, a.Entities.Places, a.Entities.Organizations} {
			for _, v := range list {
				if strings.TrimSpace(v) == "" {
					t.Fatalf("blank entity in %q", list)
				}
			}
		}
	})
}

func BenchmarkEnrich(b *testing.B) {
	for b.Loop() {
		a := &article.Article{Headline: kremlinHeadline, BodyText: kremlinBody, Dateline: &article.Dateline{Place: "Moscow"}}
		Enrich(a)
	}
}

func TestPlainlyEnglishLeavesOtherLanguagesToTheDetector(t *testing.T) {
	for _, text := range []string{
		"Der russische Präsident Wladimir Putin hat den US-Sondergesandten Steve Witkoff im Kreml empfangen, teilte das Außenministerium in Moskau am Freitag mit, und die Gespräche dauerten drei Stunden.",
		"Le président russe Vladimir Poutine a reçu l'envoyé spécial américain Steve Witkoff au Kremlin vendredi, a indiqué le ministère des Affaires étrangères, et les discussions ont duré trois heures.",
		"El presidente ruso Vladímir Putin recibió al enviado especial estadounidense Steve Witkoff en el Kremlin el viernes, informó el Ministerio de Asuntos Exteriores, y la reunión duró tres horas.",
	} {
		if plainlyEnglish(text) {
			t.Errorf("taken for English: %.40q", text)
		}
		if Language(text) == "en" {
			t.Errorf("detected as English: %.40q", text)
		}
	}
	if !plainlyEnglish(kremlinBody) {
		t.Error("the Kremlin story is not plainly English")
	}
}

func TestShortStemsAreWholeWords(t *testing.T) {
	// "ev", "ai" and "war" must not match "every", "aide" and "warm".
	got := Topics("Every aide warned", "Every aide warned of a warm evening, every event was even.")
	if len(got) != 0 {
		t.Errorf("topics from prefixes of short stems: %v", got)
	}
}
