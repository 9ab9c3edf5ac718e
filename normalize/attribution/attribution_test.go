package attribution

import (
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name   string
		agency string
		paras  []string
		want   []article.Attribution // Text may be a prefix
		absent []string              // sources that must not appear
	}{
		{"agency credit in the dateline", "ANI",
			[]string{"Moscow [Russia], April 25 (ANI): Russian President Vladimir Putin met Steve Witkoff."},
			[]article.Attribution{{Source: "ANI", Kind: article.AttrAgency, Text: "Moscow [Russia], April 25 (ANI):"}}, nil},
		{"credit line", "ANI",
			[]string{"ANI | Updated: Apr 25, 2025 20:30 IST", "The talks lasted three hours."},
			[]article.Attribution{{Source: "ANI", Kind: article.AttrAgency, Text: "ANI | Updated:"}}, nil},
		{"sign-offs", "",
			[]string{"Kuala Lumpur's ringgit rose.", "-- BERNAMA"},
			[]article.Attribution{{Source: "Bernama", Kind: article.AttrAgency, Text: "-- BERNAMA"}}, nil},
		{"Xinhua end mark", "",
			[]string{`"We will open up further," Wang added. Enditem`},
			[]article.Attribution{{Source: "Xinhua", Kind: article.AttrAgency, Text: "Enditem"}}, nil},
		{"Reuters byline", "Reuters",
			[]string{"Oil rose on Thursday.", "Reporting by Anna Kowal in London; Editing by Peter Graff"},
			[]article.Attribution{{Source: "Reuters", Kind: article.AttrAgency, Text: "Reporting by Anna Kowal"}}, nil},
		{"inputs from another agency", "",
			[]string{"Floods hit Assam again.", "(With inputs from PTI)"},
			[]article.Attribution{{Source: "PTI", Kind: article.AttrAgency, Text: "(With inputs from PTI)"}}, nil},
		{"outlets", "ANI",
			[]string{"Citing a senior Kremlin aide, CNN reported that the meeting discussed direct negotiations.",
				"The meeting was constructive, Ushakov told reporters, as reported by The Washington Post.",
				"In an interview with Al Jazeera, the minister repeated the offer.",
				`"We are on track," Bowen told ABC Radio.`},
			[]article.Attribution{
				{Source: "CNN", Kind: article.AttrMedia, Text: "CNN reported"},
				{Source: "The Washington Post", Kind: article.AttrMedia, Text: "as reported by The Washington Post"},
				{Source: "Al Jazeera", Kind: article.AttrMedia, Text: "an interview with Al Jazeera"},
				{Source: "ABC Radio", Kind: article.AttrMedia, Text: "told ABC Radio"},
			}, nil},
		{"one source per kind, first phrase", "",
			[]string{"CNN reported the talks.", "According to CNN, Ushakov was there.", `"It was useful," CNN quoted him.`},
			[]article.Attribution{{Source: "CNN", Kind: article.AttrMedia, Text: "CNN reported"}}, nil},
		{"the story's own agency is its credit", "Reuters",
			[]string{`"We will strike," one moderator told Reuters.`},
			[]article.Attribution{{Source: "Reuters", Kind: article.AttrAgency, Text: "told Reuters"}}, nil},
		{"officials and bodies", "",
			[]string{"Kremlin aide Yury Ushakov told reporters the talks were useful.",
				"Putin met Witkoff at the Kremlin, the Ministry of Foreign Affairs (MFA) of Russia shared on Friday.",
				"The MFA said more talks were planned.",
				"Fresh snowfall cut off the road, officials said.",
				"China's permanent representative to the United Nations, Fu Cong, told reporters that Beijing supported talks.",
				"Exports rose 9 percent, according to the Ministry of Commerce."},
			[]article.Attribution{
				{Source: "Yury Ushakov", Kind: article.AttrOfficial, Text: "Kremlin aide Yury Ushakov told reporters"},
				{Source: "Ministry of Foreign Affairs", Kind: article.AttrOfficial, Text: "the Ministry of Foreign Affairs (MFA) of Russia shared"},
				{Source: "officials", Kind: article.AttrOfficial, Text: "officials said"},
				{Source: "Fu Cong", Kind: article.AttrOfficial, Text: "China's permanent representative"},
				{Source: "Ministry of Commerce", Kind: article.AttrOfficial, Text: "according to the Ministry of Commerce"},
			}, nil},
		{"a described body", "",
			[]string{"The heat will last until Friday, according to Spain's state weather agency AEMET.", "The foreign ministry said the talks went well."},
			[]article.Attribution{
				{Source: "AEMET", Kind: article.AttrOfficial, Text: "according to Spain's state weather agency AEMET"},
				{Source: "foreign ministry", Kind: article.AttrOfficial, Text: "The foreign ministry said"},
			}, nil},
		{"platforms", "",
			[]string{"In a post on X, the ministry shared pictures of the meeting.",
				"On Wednesday in a post on Truth Social, the president criticised Zelenskyy.",
				"Taking to Instagram, the actress shared a picture.",
				"The group announced the tour on its official Facebook page.",
				"Klitschko wrote on Telegram that medics were at the scene.",
				"The senator tweeted her thanks."},
			[]article.Attribution{
				{Source: "X", Kind: article.AttrSocial, Text: "In a post on X"},
				{Source: "Truth Social", Kind: article.AttrSocial, Text: "in a post on Truth Social"},
				{Source: "Instagram", Kind: article.AttrSocial, Text: "Taking to Instagram"},
				{Source: "Facebook", Kind: article.AttrSocial, Text: "on its official Facebook page"},
				{Source: "Telegram", Kind: article.AttrSocial, Text: "wrote on Telegram"},
			}, nil},
		{"companies", "",
			[]string{"Meta Platforms' Threads app will add messaging, the company said on Wednesday.",
				"The tour starts in February, Starlight Entertainment said in a press release."},
			[]article.Attribution{
				{Source: "Meta Platforms", Kind: article.AttrOther, Text: "the company said"},
				{Source: "Starlight Entertainment", Kind: article.AttrOther, Text: "Starlight Entertainment said"},
			}, nil},
		{"Spanish", "EFE",
			[]string{"La Paz, 19 oct (EFE).- La jornada transcurrió con normalidad, según el Tribunal Supremo Electoral (TSE)."},
			[]article.Attribution{
				{Source: "EFE", Kind: article.AttrAgency, Text: "La Paz, 19 oct (EFE).-"},
				{Source: "Tribunal Supremo Electoral", Kind: article.AttrOfficial, Text: "según el Tribunal Supremo Electoral"},
			}, nil},
		{"subject after the verb", "",
			[]string{"El Gobierno declaró el estado de emergencia, informó la Presidencia del Consejo de Ministros.",
				`"We will resume flights tonight," said the civil aviation authority.`},
			[]article.Attribution{
				{Source: "Presidencia del Consejo de Ministros", Kind: article.AttrOfficial, Text: "informó la Presidencia"},
				{Source: "civil aviation authority", Kind: article.AttrOfficial, Text: "said the civil aviation authority"},
			}, nil},
		{"the company the story is about", "Reuters",
			[]string{"SANTIAGO, March 10 (Reuters) - Chile's state-owned Codelco halted production at El Teniente after a collapse, the company said."},
			[]article.Attribution{{Source: "Codelco", Kind: article.AttrOther, Text: "the company said"}}, nil},
		{"a body whose name lists fields", "",
			[]string{"Exports rose 8%, according to the Ministry of Trade, Industry and Energy."},
			[]article.Attribution{{Source: "Ministry of Trade, Industry and Energy", Kind: article.AttrOfficial, Text: "according to the Ministry of Trade, Industry and Energy"}}, nil},
		{"bodies behind participles, data and experts", "",
			[]string{`Nepal protested the map, with the Ministry of Foreign Affairs calling it "a unilateral act".`,
				"Sales fell 4%, according to figures from the Society of Motor Manufacturers and Traders.",
				"Enrolment rose, according to data from the Retail Traders' Association.",
				`"Rates will stay high," economists at Commerzbank said.`,
				"Grid repairs will take days, Ukraine's energy ministry said."},
			[]article.Attribution{
				{Source: "Ministry of Foreign Affairs", Kind: article.AttrOfficial, Text: "with the Ministry of Foreign Affairs calling"},
				{Source: "Society of Motor Manufacturers and Traders", Kind: article.AttrOther, Text: "according to figures from"},
				{Source: "Retail Traders' Association", Kind: article.AttrOther, Text: "according to data from"},
				{Source: "Commerzbank", Kind: article.AttrOther, Text: "economists at Commerzbank said"},
				{Source: "energy ministry", Kind: article.AttrOfficial, Text: "Ukraine's energy ministry said"},
			}, nil},
		{"an office of government is official", "",
			[]string{"The Office of the Chief Economist said exports would recover."},
			[]article.Attribution{{Source: "Office of the Chief Economist", Kind: article.AttrOfficial, Text: "The Office of the Chief Economist said"}}, nil},
		{"an outlet after what it is, a French body, a railway", "",
			[]string{`"We will appeal," the minister told news agency ANI.`,
				"Les ventes ont reculé, selon le ministère de l'Économie.",
				"Ridership doubled, according to Indian Railways."},
			[]article.Attribution{
				{Source: "ANI", Kind: article.AttrMedia, Text: "told news agency ANI"},
				{Source: "ministère de l'Économie", Kind: article.AttrOfficial, Text: "selon le ministère de l'Économie"},
				{Source: "Indian Railways", Kind: article.AttrOther, Text: "according to Indian Railways"},
			}, nil},
		{"not attributions", "",
			[]string{`"CNN reported it wrong, and Reuters too," he said.`,
				"Project X was cancelled, and the X factor faded.",
				"He spoke on Friday."},
			nil, []string{"CNN", "Reuters", "X"}},
		{"acronyms, party tags, adverbs, the person before 'of', what a count is by", "",
			[]string{"The FBI said Tuesday that it will turn over the emails.",
				"“It is over,” said Gov. Phil Bryant of Mississippi, a former backer of Sen. Ted Cruz.",
				"“There is energy in a host of races,” Rep. Earl Blumenauer (D-Ore.) said.",
				"Clinton leads by 271 delegates, according to a count by The Associated Press.",
				"Republicans quickly accused the president of politicizing the tragedy."},
			[]article.Attribution{
				{Source: "FBI", Kind: article.AttrOther, Text: "The FBI said"},
				{Source: "Phil Bryant", Kind: article.AttrOfficial, Text: "said Gov. Phil Bryant"},
				{Source: "Earl Blumenauer", Kind: article.AttrOfficial, Text: "Rep. Earl Blumenauer (D-Ore.) said"},
				{Source: "AP", Kind: article.AttrMedia, Text: "according to a count by The Associated Press"},
				{Source: "Republicans", Kind: article.AttrOther, Text: "Republicans quickly accused"},
			}, []string{"Mississippi"}},
		{"transcript and roundup lines, polls 'by' after describing words", "",
			[]string{"Fox News host Chris Wallace moderated the debate.",
				"WALLACE: Let's start with the economy.",
				"NEW DELHI: The talks resumed on Monday.",
				"Anil Mehta, President, CII: The budget is good for growth.",
				"Sanders leads among young voters, according to a new poll by the Harvard Institute of Politics."},
			[]article.Attribution{
				{Source: "Chris Wallace", Kind: article.AttrOther, Text: "WALLACE:"},
				{Source: "Anil Mehta", Kind: article.AttrOther, Text: "Anil Mehta, President, CII:"},
				{Source: "Harvard Institute of Politics", Kind: article.AttrOther, Text: "according to a new poll by"},
			}, []string{"NEW DELHI", "New Delhi"}},
		{"a sentence that opens with a full name owns its verb past any asides", "",
			[]string{"Brianne Stone, 29, of Huntsville, Ala., says her biggest concern is global warming.",
				"Geoff Garin, a pollster who works with Priorities USA, a super PAC, said the primaries had hurt."},
			[]article.Attribution{
				{Source: "Brianne Stone", Kind: article.AttrOther, Text: "Brianne Stone … says"},
				{Source: "Geoff Garin", Kind: article.AttrOther, Text: "Geoff Garin … said"},
			}, []string{"USA", "Priorities USA"}},
		{"company names with & and legal suffixes, acronym-led names, coordinated verbs, days and places", "",
			[]string{"Engine maker Pratt & Whitney said it was adding shifts.",
				"Storms cut power to 200,000 homes on Monday, utility DTE Energy said.",
				"State-owned Codelco, the world's biggest copper producer, said its output was stable.",
				"The Swiss National Bank kept its rate at zero and said it remained willing to intervene.",
				"Tourism officials in Paris said they expected no fall in visitors.",
				"The vote was delayed, the council said Tuesday."},
			[]article.Attribution{
				{Source: "Pratt & Whitney", Kind: article.AttrOther, Text: "Pratt & Whitney said"},
				{Source: "DTE Energy", Kind: article.AttrOther, Text: "DTE Energy said"},
				{Source: "Codelco", Kind: article.AttrOther},
				{Source: "Swiss National Bank", Kind: article.AttrOfficial},
				{Source: "tourism officials", Kind: article.AttrOfficial},
			}, []string{"Whitney", "Energy", "State-owned Codelco", "Paris", "Tuesday"}},
		{"who made a poll or a record", "",
			[]string{"A Quinnipiac poll shows Clinton ahead in Ohio.",
				"Rubio raised the most, Federal Election Commission records compiled by the Center for Responsive Politics show."},
			[]article.Attribution{
				{Source: "Quinnipiac", Kind: article.AttrOther},
				{Source: "Center for Responsive Politics", Kind: article.AttrOther},
			}, nil},
		{"the owner of a statement", "",
			[]string{"Jeb Bush backed Cruz on Tuesday.", "Bush's Facebook post said the party must move on."},
			[]article.Attribution{{Source: "Jeb Bush", Kind: article.AttrOther}}, []string{"Bush's"}},
		{"people who said or believe something, quoted or not", "",
			[]string{"Analyst Jane Roe said shares would rise.",
				"Donald Trump spoke in Ohio. Trump argued that the deal was bad, and Maria Lopez believes it will pass.",
				`"We will win," said Carl Jennings.`},
			[]article.Attribution{
				{Source: "Jane Roe", Kind: article.AttrOther, Text: "Analyst Jane Roe said"},
				{Source: "Donald Trump", Kind: article.AttrOther, Text: "Donald Trump spoke"},
				{Source: "Maria Lopez", Kind: article.AttrOther, Text: "Maria Lopez believes"},
				{Source: "Carl Jennings", Kind: article.AttrOther, Text: "said Carl Jennings"},
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.paras, tt.agency)
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					if g.Source == w.Source && g.Kind == w.Kind {
						found = true
						if !strings.HasPrefix(g.Text, w.Text) {
							t.Errorf("%s %s: text %q, want it to start with %q", w.Kind, w.Source, g.Text, w.Text)
						}
					}
				}
				if !found {
					t.Errorf("no %s attribution to %q in %+v", w.Kind, w.Source, got)
				}
			}
			for _, a := range tt.absent {
				for _, g := range got {
					if g.Source == a {
						t.Errorf("unexpected attribution %+v", g)
					}
				}
			}
			seen := map[string]bool{}
			for _, g := range got {
				k := string(g.Kind) + "|" + strings.ToLower(g.Source)
				if seen[k] {
					t.Errorf("duplicate attribution %+v", g)
				}
				seen[k] = true
			}
		})
	}
}

func TestOutlet(t *testing.T) {
	for in, want := range map[string]string{
		"CNN": "CNN", "the Associated Press": "AP", "The Washington Post": "The Washington Post", "Washington Post": "The Washington Post",
		"ABC Radio": "ABC Radio", "Khaleej Times": "Khaleej Times", "ANSA news agency": "ANSA", "Dawn": "Dawn",
	} {
		if got, ok := Outlet(in); !ok || got != want {
			t.Errorf("Outlet(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Kremlin", "Yury Ushakov", "the refugee agency", "Ministry of Commerce", "", "the"} {
		if got, ok := Outlet(in); ok {
			t.Errorf("Outlet(%q) = %q, want not an outlet", in, got)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Moscow [Russia], April 25 (ANI): CNN reported that Kremlin aide Yury Ushakov told reporters.",
		"In a post on X by the MFA, it was noted.\n\nthe Ministry of Foreign Affairs (MFA) of Russia shared",
		"according to\n\nas reported by\n\ntold\n\n-- BERNAMA\n\nReporting by ; Editing by",
		"China's permanent representative to the United Nations, Fu Cong, told reporters",
		`"quoted" said , , ( ) (A) (AB)`,
	} {
		f.Add(s, "ANI")
	}
	f.Fuzz(func(t *testing.T, text, agency string) {
		seen := map[string]bool{}
		for _, a := range Extract(strings.Split(text, "\n\n"), agency) {
			if strings.TrimSpace(a.Source) == "" {
				t.Fatalf("attribution without a source: %+v", a)
			}
			switch a.Kind {
			case article.AttrAgency, article.AttrMedia, article.AttrOfficial, article.AttrSocial, article.AttrOther:
			default:
				t.Fatalf("attribution %+v has kind %q", a, a.Kind)
			}
			k := string(a.Kind) + "|" + strings.ToLower(a.Source)
			if seen[k] {
				t.Fatalf("duplicate attribution %+v", a)
			}
			seen[k] = true
		}
	})
}
