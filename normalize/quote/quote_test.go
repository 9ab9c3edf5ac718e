package quote

import (
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

// want is an expected quotation: its text (a prefix is enough), speaker,
// and when set its kind and via.
type want struct {
	text, speaker string
	kind          article.QuoteKind
	via           string
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  []want
	}{
		{"speaker after the quote, with an apposition",
			[]string{`The meeting lasted three hours and was "constructive and very useful," Yury Ushakov, a key Putin aide who was at the talks, told reporters, as reported by CNN.`},
			[]want{{"constructive and very useful", "Yury Ushakov", article.QuotePartial, "CNN"}}},
		{"two apostrophes as quotation marks",
			[]string{"''We finally may be seeing some wage growth,'' the economist Jared Holm, a former adviser, wrote on his blog."},
			[]want{{"We finally may be seeing some wage growth", "Jared Holm", article.QuoteDirect, ""}}},
		{"a verb not on the old list, verb first",
			[]string{`"Switch off the screen an hour before sleep," advises psychologist Dr Meera Nair.`},
			[]want{{"Switch off the screen", "Meera Nair", article.QuoteDirect, ""}}},
		{"a party tag between the name and the verb",
			[]string{`"This is a start, not a solution," Rep. Laura Whitfield (R-Kan.) said.`},
			[]want{{"This is a start", "Laura Whitfield", article.QuoteDirect, ""}}},
		{"a name suffix and a party tag",
			[]string{`Rep. Marcus Dade II (D-Mo.), the panel's top Democrat, called the measure "a start, not a solution."`},
			[]want{{"a start, not a solution", "Marcus Dade II", article.QuotePartial, ""}}},
		{"an honorific before a word that is also a title or place",
			[]string{`"People turn to us to check on loved ones," Ms. White said.`},
			[]want{{"People turn to us", "White", article.QuoteDirect, ""}}},
		{"the roundup form",
			[]string{`Anil Mehta, President, CII: "The capital expenditure push will crowd in private investment."`,
				`Clinton: "Our goal is to defeat ISIS." Bush: "The mission is to destroy ISIS."`},
			[]want{{"The capital expenditure push", "Anil Mehta", "", ""}, {"Our goal is to defeat ISIS", "Clinton", "", ""}, {"The mission is to destroy ISIS", "Bush", "", ""}}},
		{"a quote resumed after the speaker's apposition",
			[]string{`"The risk," said Edward Lane, an economist at the university, "is that we attract workers and repel jobs."`},
			[]want{{"The risk", "Edward Lane", "", ""}, {"is that we attract workers", "Edward Lane", "", ""}}},
		{"is quoted as saying",
			[]string{`"Our method succeeds where others fail," Braynard is quoted as saying.`},
			[]want{{"Our method succeeds", "Braynard", "", ""}}},
		{"an outlet reports a sentence whose speaker is inside it",
			[]string{`Lawmakers walked out over a bill that they said would "crush the salaried class", Dawn reported.`},
			[]want{{"crush the salaried class", "", article.QuotePartial, "Dawn"}}},
		{"a capitalised word is not a verb even when it spells one",
			[]string{`Trump also said at the time that the United States has become a "dumping ground for everybody else's problems."`},
			[]want{{"dumping ground", "Trump", article.QuotePartial, ""}}},
		{"an aside with a place between the subject and the verb",
			[]string{`Clinton, during a town hall meeting in Columbus, Ohio, said she was "going to put a lot of coal miners out of business."`},
			[]want{{"going to put a lot of coal miners", "Clinton", article.QuotePartial, ""}}},
		{"a name in apposition after a named speaker is not the speaker",
			[]string{`"Safety for the whole country," said Grimm, a Donald Trump supporter.`},
			[]want{{"Safety for the whole country", "Grimm", "", ""}}},
		{"as X put it",
			[]string{`Or, as Tom Ridge, a former secretary of homeland security, put it: "The barbarians are no longer at the gate."`},
			[]want{{"The barbarians are no longer at the gate", "Tom Ridge", "", ""}}},
		{"a sentence-initial adverb is not a name",
			[]string{`Shortly after the call ended, Rubio's campaign sent out a release saying Murphy owes "Florida an explanation for his votes."`},
			[]want{{"Florida an explanation", "", "", ""}}},
		{"a credit in the next sentence",
			[]string{`"Children cannot be made to walk to school in fear." That was the submission of senior advocate Ravi Menon, who appeared for the petitioners.`},
			[]want{{"Children cannot be made to walk to school in fear.", "Ravi Menon", "", ""}}},
		{"a name in apposition to a description after the quote",
			[]string{`"The objects deserve better light," the museum's director, Claire Fontaine, told AFP.`},
			[]want{{"The objects deserve better light", "Claire Fontaine", "", "AFP"}}},
		{"a roundup credit with a lower-case description",
			[]string{`Former players praised the innings.`, `Sunil Kulkarni, former India opener: "He left the ball like someone who has played fifty Tests."`},
			[]want{{"He left the ball", "Sunil Kulkarni", "", ""}}},
		{"given names that are also months or pronouns",
			[]string{`"They want to sell us beef raised with other rules," said Jan Peeters, a dairy farmer.`,
				`Ministry spokesperson He Yadong said the talks went well. "The digital chapters are the heart of this upgrade," he said.`},
			[]want{{"They want to sell us beef", "Jan Peeters", "", ""}, {"The digital chapters", "He Yadong", "", ""}}},
		{"he after a subject named behind a capitalised description",
			[]string{`Science Minister Valery Falkov said his ministry would fund new institutes.`,
				`Veteran cosmonaut Oleg Artemyev said the crews were ready. "Give us the rocket and we will go," he said.`},
			[]want{{"Give us the rocket", "Oleg Artemyev", "", ""}}},
		{"he after a titled name in apposition to a description",
			[]string{`"Switch off the screen," advises psychologist Dr Neha Rao.`,
				`The study's lead author, Dr Sameer Khanna, said the effect was strongest in teenagers. "Their brains are still learning when to rest," he told IANS.`},
			[]want{{"Switch off the screen", "Neha Rao", "", ""}, {"Their brains are still learning", "Sameer Khanna", "", "IANS"}}},
		{"an acronym heading a company's name",
			[]string{`Analysts at DNB Markets called the dividend "generous but sustainable".`},
			[]want{{"generous but sustainable", "DNB Markets", article.QuotePartial, ""}}},
		{"a quote after a sentence ending in its speech verb",
			[]string{`Iowa State University's Dianne Bystrom agreed. "Mainstream Republicans are running out of time."`},
			[]want{{"Mainstream Republicans are running out of time.", "Dianne Bystrom", "", ""}}},
		{"three apostrophes are a single mark beside a double one",
			[]string{"''Sometimes they say, 'Yeah, Trump is right, go back to your country,''' said Mr. Regalado, who was born in Havana. ''This is my country.''"},
			[]want{{"Sometimes they say", "Regalado", "", ""}, {"This is my country.", "Regalado", "", ""}}},
		{"a quote opening its sentence with no verb after it goes on with the last speaker",
			[]string{`"Bernie is in good shape," said Tad Devine, a senior adviser. "We could win enough delegates in Pennsylvania," which votes June 7.`},
			[]want{{"Bernie is in good shape", "Tad Devine", "", ""}, {"We could win enough delegates", "Tad Devine", "", ""}}},
		{"verb first, a capitalised word and a description before the name",
			[]string{`"It's hard to dispute the rising negatives," said Democratic pollster Stan Greenberg.`},
			[]want{{"It's hard to dispute the rising negatives", "Stan Greenberg", "", ""}}},
		{"a titled surname of a place",
			[]string{`CBC Chairman G.K. Butterfield of North Carolina said he was "outraged" by the "idea of eliminating the delegates."`},
			[]want{{"outraged", "Butterfield", article.QuotePartial, ""}, {"idea of eliminating the delegates", "Butterfield", article.QuotePartial, ""}}},
		{"a verb-first credit after a clause that follows the quote",
			[]string{`"To see the number of cases that could change is stunning," since many cases were decided 5-to-4, said Lee Epstein, who teaches law.`},
			[]want{{"To see the number of cases", "Lee Epstein", "", ""}}},
		{"the person a sentence is about speaks after its colon",
			[]string{`Senator Tim Kaine spoke to Catholic voters in Ohio.`, `Kaine has adopted the stance common among some Catholics in public office: "I'm pro-life in my personal life."`},
			[]want{{"I'm pro-life in my personal life.", "Tim Kaine", "", ""}}},
		{"a credit ending in a colon opens the next quote, not the one before",
			[]string{`"We are refugees," Ms. Alawee said. "We are not terrorists." Mr. Zahed said: "The attack that happened today is the work of terrorists."`},
			[]want{{"We are refugees", "Alawee", "", ""}, {"We are not terrorists.", "Alawee", "", ""}, {"The attack that happened today", "Zahed", "", ""}}},
		{"a name-first credit after a phrase that follows the quote",
			[]string{`"Let me thank the thousands of volunteers who worked so hard" for the victory, Sanders said.`},
			[]want{{"Let me thank the thousands of volunteers", "Sanders", "", ""}}},
		{"a surname 'of' a body",
			[]string{`"The endorsement was early enough that most people didn't know who he was," said Heiserman of the CORE Teachers.`},
			[]want{{"The endorsement was early enough", "Heiserman", "", ""}}},
		{"quotes joined by 'and' share the credit after the last",
			[]string{`Guns are "the ultimate public health crisis" and "stunt children's growth," Howard Lane, the former governor of Vermont, proclaimed.`},
			[]want{{"the ultimate public health crisis", "Howard Lane", "", ""}, {"stunt children's growth", "Howard Lane", "", ""}}},
		{"a party tag between commas",
			[]string{`"That is not the view of Republicans," Senate Majority Leader Mitch McConnell, R-Ky., said.`},
			[]want{{"That is not the view of Republicans", "Mitch McConnell", "", ""}}},
		{"an opening participle phrase is not the subject",
			[]string{`Appearing before cheering supporters at party headquarters, Suu Kyi, 70, said it was too early but added, "I think you all have an idea of the results."`},
			[]want{{"I think you all have an idea of the results.", "Suu Kyi", "", ""}}},
		{"verb first with a lower-case description holding 'of'",
			[]string{`"The first line of defense is within the community," said former secretary of state Hillary Clinton, who praised the police.`},
			[]want{{"The first line of defense", "Hillary Clinton", "", ""}}},
		{"a full name right before the colon",
			[]string{`The timing of the surge does not surprise Republican pollster Daron Shaw: "Lesser-known candidates have seen the biggest boost."`},
			[]want{{"Lesser-known candidates have seen the biggest boost.", "Daron Shaw", "", ""}}},
		{"the person before 'of <place>'",
			[]string{`Running mate Gov. Ellen Marsh of Minnesota told farmers that the tariffs had "turned soybeans into a bargaining chip."`},
			[]want{{"turned soybeans into a bargaining chip", "Ellen Marsh", article.QuotePartial, ""}}},
		{"verb before the speaker",
			[]string{`"The market is caught between two stories," said Priya Natarajan, an analyst at Horizon Energy Partners.`},
			[]want{{"The market is caught between two stories", "Priya Natarajan", article.QuoteDirect, ""}}},
		{"speaker and colon before the quote",
			[]string{`Foreign Secretary Vikram Misri told reporters in Kathmandu: "We have agreed on a timeline for the second phase."`},
			[]want{{"We have agreed on a timeline", "Vikram Misri", article.QuoteDirect, ""}}},
		{"surname resolves to the full name",
			[]string{`Kremlin aide Yury Ushakov described the talks as useful.`, `"This conversation allowed the positions to be brought closer together," Ushakov said.`},
			[]want{{"This conversation allowed", "Yury Ushakov", article.QuoteDirect, ""}}},
		{"he resolves to the subject before, not the object",
			[]string{`Trump stated that no one is asking Zelenskyy to recognise Crimea. He blamed Zelenskyy's statements for the deadlock.`,
				`He said that the statement will do nothing but "prolong the killing field."`},
			[]want{{"prolong the killing field", "Trump", article.QuotePartial, ""}}},
		{"he and she across paragraphs",
			[]string{`Chief Minister Anita Rao met Home Minister Suresh Iyer on Monday.`,
				`Rao said the floods had destroyed 40,000 homes. "We need help now," she said.`,
				`Iyer promised a central team. "Nobody will be left behind," he said.`,
				`"He listened to every concern," she told reporters later.`},
			[]want{{"We need help now", "Anita Rao", "", ""}, {"Nobody will be left behind", "Suresh Iyer", "", ""}, {"He listened to every concern", "Anita Rao", "", ""}}},
		{"title used alone",
			[]string{`Union Finance Minister Nirmala Sitharaman presented the budget on Saturday.`,
				`"This budget is for the middle class," the Finance Minister said.`},
			[]want{{"This budget is for the middle class", "Nirmala Sitharaman", "", ""}}},
		{"acronym of a body",
			[]string{`The Ministry of External Affairs (MEA) said talks would resume.`, `"Both sides agreed to meet again in June," the MEA said.`},
			[]want{{"Both sides agreed", "Ministry of External Affairs", "", ""}}},
		{"relayed by another outlet",
			[]string{`"The process will move forward in an active manner," CNN quoted him.`},
			[]want{{"The process will move forward", "", article.QuoteDirect, "CNN"}}},
		{"told an outlet",
			[]string{`Energy Minister Chris Bowen said the target stood. "We are on track," Bowen told Sky News.`},
			[]want{{"We are on track", "Chris Bowen", "", "Sky News"}}},
		{"split quote",
			[]string{`“If you don't need to be out, please stay home,” Mills said at a briefing. “Downed lines are everywhere.”`},
			[]want{{"If you don't need to be out", "Mills", "", ""}, {"Downed lines are everywhere", "Mills", "", ""}}},
		{"quote over several paragraphs",
			[]string{`Governor Andrew Bailey told lawmakers:`,
				`"We have made progress. But the last part of the journey is the hardest.`,
				`"I would rather be a little late and right than early and wrong."`,
				`Lawmakers pressed him on mortgages.`},
			[]want{{"We have made progress. But the last part of the journey is the hardest. I would rather be a little late", "Andrew Bailey", "", ""}}},
		{"quote over paragraphs attributed at its end",
			[]string{`"The first thing is water. Without it there is no relief camp.`,
				`"The second thing is medicine," said Dr. Leila Haddad, who runs the clinic.`},
			[]want{{"The first thing is water. Without it there is no relief camp. The second thing is medicine", "Leila Haddad", "", ""}}},
		{"nested quotation",
			[]string{`"The owners told us, 'This is the final offer,' and then they left," said union leader Nasima Akter.`},
			[]want{{"The owners told us, 'This is the final offer,' and then they left", "Nasima Akter", "", ""}}},
		{"pull quote with dash credit repeated in the body",
			[]string{`"Our countries will not wait for anyone's permission" – Alexander Novak`,
				`Moscow, June 19: Russian Deputy Prime Minister Alexander Novak met Iranian officials.`,
				`"Our countries will not wait for anyone's permission," Novak told reporters.`},
			[]want{{"Our countries will not wait", "Alexander Novak", article.QuoteDirect, ""}}},
		{"pull quote with a title in the credit",
			[]string{`"The door is open" — Kremlin aide Yury Ushakov`},
			[]want{{"The door is open", "Yury Ushakov", article.QuoteBlock, ""}}},
		{"headline quote",
			[]string{`'Will not bow to pressure': Sitharaman on GST reform`, `Finance Minister Nirmala Sitharaman spoke in Delhi.`},
			[]want{{"Will not bow to pressure", "Nirmala Sitharaman", "", ""}}},
		{"single-quote style with apostrophes",
			[]string{`‘They sent us a notice and called it consultation. The engineers’ report was never shown to us,’ said trader Abdul Rahim.`},
			[]want{{"They sent us a notice and called it consultation. The engineers’ report was never shown to us", "Abdul Rahim", "", ""}}},
		{"characterising verb",
			[]string{`Wealthy nations pledged $300 billion a year, a figure Amina Diallo called "an insult dressed up as a compromise".`},
			[]want{{"an insult dressed up as a compromise", "Amina Diallo", article.QuotePartial, ""}}},
		{"according to a pronoun",
			[]string{`Deputy Foreign Minister Sergei Vershinin told TASS the talks would continue.`, `According to him, contacts continue "at the working level."`},
			[]want{{"at the working level", "Sergei Vershinin", article.QuotePartial, ""}}},
		{"unnamed source",
			[]string{`A government official said the launch tested a new engine. "The flight pattern differed from previous tests," the official said, requesting anonymity.`},
			[]want{{"The flight pattern differed", "", "", ""}}},
		{"a woman the story does not name",
			[]string{`UNHCR spokeswoman Olga Sarrado briefed reporters.`, `A mother of five told AFP she had fled her village. "We ran with what we were wearing," she said.`},
			[]want{{"We ran with what we were wearing", "", "", ""}}},
		{"statement of a body introduced before",
			[]string{`The air force shared the figures on its Telegram channel.`, `"There were hits in four locations," the statement said.`},
			[]want{{"There were hits in four locations", "", "", ""}}},
		{"French guillemets with spaces",
			[]string{`« Nous ne laisserons tomber aucun agriculteur », a déclaré le ministre de l'Agriculture, Marc Fontaine.`},
			[]want{{"Nous ne laisserons tomber aucun agriculteur", "Marc Fontaine", "", ""}}},
		{"German marks",
			[]string{`„Wir können uns keine verlorenen Jahre leisten“, sagte Verkehrsminister Thomas Reuter.`},
			[]want{{"Wir können uns keine verlorenen Jahre leisten", "Thomas Reuter", "", ""}}},
		{"Russian guillemets and dash",
			[]string{`Пресс-секретарь президента Дмитрий Песков провел брифинг.`, `«Беседа была конструктивной», - сказал Песков.`},
			[]want{{"Беседа была конструктивной", "Дмитрий Песков", "", ""}}},
		{"Spanish without a subject",
			[]string{`La ministra de Vivienda, Carmen Ruiz, presentó el plan.`, `«Nadie conoce mejor las necesidades de cada territorio», señaló.`},
			[]want{{"Nadie conoce mejor", "Carmen Ruiz", "", ""}}},
		{"a body speaks again as it",
			[]string{`The Reserve Bank of India kept rates unchanged on Wednesday.`, `"Inflation is easing but risks remain," it said in its statement.`},
			[]want{{"Inflation is easing", "Reserve Bank of India", "", ""}}},
		{"a former office holder",
			[]string{`Former finance minister Grace Tamihana spoke first.`, `"We lost touch with renters," the former minister said.`},
			[]want{{"We lost touch with renters", "Grace Tamihana", "", ""}}},
		{"a person at a firm",
			[]string{`Aviation analyst Rahul Mehta at Bernstein said the outage was costly. "This is the nightmare scenario," he said.`},
			[]want{{"This is the nightmare scenario", "Rahul Mehta", "", ""}}},
		{"an airline introduced by what it is",
			[]string{`Budget carrier SkyBridge grounded its fleet on Tuesday.`, `"Safety will always come first," the airline said in a statement.`},
			[]want{{"Safety will always come first", "SkyBridge", "", ""}}},
		{"a club with a plural verb",
			[]string{`Bayer Leverkusen have parted ways with their coach, the club announced.`, `"A new start is necessary," the club said.`},
			[]want{{"A new start is necessary", "Bayer Leverkusen", "", ""}}},
		{"an age in apposition",
			[]string{`Jeanne Morel, 64, said she had always suspected she had a brother. "My mother spoke of him once," she told AFP.`},
			[]want{{"My mother spoke of him once", "Jeanne Morel", "", "AFP"}}},
		{"a body whose name lists fields",
			[]string{`Exports rose, according to the Ministry of Trade, Industry and Energy.`, `"Chip exports grew 30 percent," the ministry said.`},
			[]want{{"Chip exports grew 30 percent", "Ministry of Trade, Industry and Energy", "", ""}}},
		{"a senator's abbreviation before the next quotation",
			[]string{`“Why now?” asked Sen. Jeanne Shaheen, D-N.H. “Nobody was consulted.”`},
			[]want{{"Why now?", "Jeanne Shaheen", "", ""}, {"Nobody was consulted.", "Jeanne Shaheen", "", ""}}},
		{"a title owned by a place",
			[]string{`Venice's mayor defended the fee, saying it was "never meant to be a wall".`, `"It is a tool to manage flows," Mayor Luigi Brugnaro told AFP.`},
			[]want{{"never meant to be a wall", "Luigi Brugnaro", article.QuotePartial, ""}, {"It is a tool to manage flows", "Luigi Brugnaro", "", "AFP"}}},
		{"who told",
			[]string{`The film is directed by Anand Sharma, who earlier told IANS that she was his "first and only choice" for the role.`},
			[]want{{"first and only choice", "Anand Sharma", article.QuotePartial, "IANS"}}},
		{"quotation with nobody named",
			[]string{`"Keep the lights on!" read the top comment on the fundraising page.`},
			[]want{{"Keep the lights on!", "", "", ""}}},
		{"titles and scare quotes are not quotations",
			[]string{`The 22-minute film, "Low Tide," follows three families through the "Make in India" campaign years.`},
			nil},
		{"the body after with speaks for a participle",
			[]string{`Nepal protested the new map, with the Ministry of Foreign Affairs calling it "a unilateral act".`},
			[]want{{"a unilateral act", "Ministry of Foreign Affairs", article.QuotePartial, ""}}},
		{"a country alone names nobody",
			[]string{`Japan dismissed the report on Monday, calling it "pure speculation".`},
			[]want{{"pure speculation", "", "", ""}}},
		{"an unnamed group before the verb owns the quote",
			[]string{`The airline raised fares again, a step unions described as "reckless".`},
			[]want{{"reckless", "", "", ""}}},
		{"lower-case description before a name after the quote",
			[]string{`"We were never consulted," parish council member Joan Hardy told the BBC.`},
			[]want{{"We were never consulted", "Joan Hardy", "", "BBC"}}},
		{"two places as subjects are not the speaker",
			[]string{`Minister Olena Marchenko said Kyiv and Warsaw shared "a common interest".`},
			[]want{{"a common interest", "Olena Marchenko", "", ""}}},
		{"an indefinite description is not a name",
			[]string{`„Das ist eine Zumutung“, sagte ein Anwohner am Montag.`},
			[]want{{"Das ist eine Zumutung", "", "", ""}}},
		{"names after a plural title",
			[]string{`The film stars actors Meena Pillai and Arjun Das.`, `Meena said: "It was a hard shoot."`, `Arjun, who plays her brother, agreed. "We laughed a lot," he said.`},
			[]want{{"It was a hard shoot", "Meena Pillai", "", ""}, {"We laughed a lot", "Arjun Das", "", ""}}},
		{"a ministry named in lower case, then by its head",
			[]string{`Flights were halted, the transport ministry said.`, `"Safety comes first," the ministry said in a statement.`},
			[]want{{"Safety comes first", "transport ministry", "", ""}}},
		{"a sports position is a title",
			[]string{`Coach Tom Reyes praised the defence.`, `Goalkeeper Luis Ortega made nine saves. He said the wind helped.`, `"I got lucky twice," he said.`},
			[]want{{"I got lucky twice", "Luis Ortega", "", ""}}},
		{"Russian title some words before the name, and an abbreviated title",
			[]string{`Об этом сообщил журналистам заместитель главы МИД РФ Андрей Руденко.`, `«Контакты продолжаются», - сказал замминистра.`},
			[]want{{"Контакты продолжаются", "Андрей Руденко", "", ""}}},
		{"a Russian body with the country in the genitive",
			[]string{`В Минобороны России заявили, что удар был «точечным».`},
			[]want{{"точечным", "Минобороны России", "", ""}}},
		{"the title of a programme is not a quote",
			[]string{`"We have the votes," Senator Amy Lee told NBC's "Meet the Press" program.`},
			[]want{{"We have the votes", "Amy Lee", "", "NBC News"}}},
		{"French audience between the verb and the speaker",
			[]string{`« Nous sommes à bout », a confié à l'AFP Sophie Lemaire, infirmière à Lille.`,
				`Le maire, Paul Girard, a appelé l'État à « agir vite ».`},
			[]want{{"Nous sommes à bout", "Sophie Lemaire", "", ""}, {"agir vite", "Paul Girard", "", ""}}},
		{"the company after a name with a company suffix",
			[]string{`Hyundai Motor Co. said Monday its sales rose 5%.`, `"Demand for hybrids stays strong," the company said.`},
			[]want{{"Demand for hybrids stays strong", "Hyundai Motor Co.", "", ""}}},
		{"apostrophes are not quotations",
			[]string{`The players' union and the coaches' association met at Rock 'n' Roll Hall.`},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.paras, Options{})
			if len(got) != len(tt.want) {
				t.Fatalf("Extract gave %d quotes, want %d:\n%s", len(got), len(tt.want), dump(got))
			}
			for i, w := range tt.want {
				q := got[i]
				if !strings.HasPrefix(q.Text, w.text) {
					t.Errorf("quote %d text %q, want it to start with %q", i, q.Text, w.text)
				}
				if q.Speaker != w.speaker {
					t.Errorf("quote %d %q: speaker %q, want %q", i, w.text, q.Speaker, w.speaker)
				}
				if w.kind != "" && q.Kind != w.kind {
					t.Errorf("quote %d %q: kind %q, want %q", i, w.text, q.Kind, w.kind)
				}
				if q.Via != w.via {
					t.Errorf("quote %d %q: via %q, want %q", i, w.text, q.Via, w.via)
				}
			}
		})
	}
}

func TestExtractBlockQuotes(t *testing.T) {
	paras := []string{
		"Moscow, April 25: Russian President Vladimir Putin met US Special Envoy Steve Witkoff.",
		"This conversation allowed the US positions to be brought closer together – Yury Ushakov",
	}
	got := Extract(paras, Options{BlockQuotes: []int{1}})
	if len(got) != 1 || got[0].Kind != article.QuoteBlock || got[0].Speaker != "Yury Ushakov" ||
		got[0].Text != "This conversation allowed the US positions to be brought closer together" || got[0].Position != 1 {
		t.Fatalf("Extract with a block quote paragraph = %s", dump(got))
	}
}

func TestExtractPositions(t *testing.T) {
	paras := []string{"No quotes here.", `"First," she said.`, "", `"Second," he said.`}
	got := Extract(paras, Options{})
	if len(got) != 2 || got[0].Position != 1 || got[1].Position != 3 {
		t.Fatalf("positions: %s", dump(got))
	}
	if Extract(nil, Options{}) != nil || Extract([]string{"plain text"}, Options{}) != nil {
		t.Error("Extract found quotes where there are none")
	}
}

func dump(qs []article.Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("  ")
		b.WriteString(q.Speaker)
		b.WriteString(" | ")
		b.WriteString(q.Verb)
		b.WriteString(" | ")
		b.WriteString(string(q.Kind))
		b.WriteString(" | ")
		b.WriteString(q.Via)
		b.WriteString(" | ")
		b.WriteString(q.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`"constructive and very useful," Yury Ushakov, a key Putin aide, told reporters, as reported by CNN.`,
		`Zelenskyy said, "There is nothing to talk about."`,
		"\"First paragraph\n\n\"Second paragraph,\" he said.",
		`‘They sent us a notice,’ said trader Abdul Rahim. The engineers’ report`,
		`« Nous ne laisserons », a déclaré le ministre, Marc Fontaine.`,
		`„Wir können“, sagte Reuter.`, `«Беседа», - сказал Песков.`, `"…" – Yury Ushakov`,
		`'Will not bow': Sitharaman`, `"`, `'`, `«`, `„“”»«`, `A "B" C 'D' E`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		paras := strings.Split(text, "\n\n")
		for _, q := range Extract(paras, Options{BlockQuotes: []int{0}}) {
			if q.Position < 0 || q.Position >= len(paras) {
				t.Fatalf("quote %+v has a position outside the %d paragraphs", q, len(paras))
			}
			if strings.TrimSpace(q.Text) == "" {
				t.Fatalf("empty quote %+v", q)
			}
			switch q.Kind {
			case article.QuoteDirect, article.QuoteBlock, article.QuotePartial:
			default:
				t.Fatalf("quote %+v has kind %q", q, q.Kind)
			}
		}
	})
}
