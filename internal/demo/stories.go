package demo

// story is one sample agency story as the demo site serves it. The texts
// are written in the agencies' house styles for the demo; they are not
// real reports.
type story struct {
	Agency    string
	Feed      string
	GUID      string
	Slug      string
	Headline  string
	Summary   string
	Published string // RFC 1123Z, as RSS writes it
	Dateline  string
	Paras     []string
	KeyPoints []string
	PullQuote string
	PullBy    string
	XPost     string // an x.com status URL cited in the text
	Tags      []string
}

var stories = []story{
	{
		Agency: "ANI", Feed: "ani-world", GUID: "ani-2025-04-26-putin-witkoff", Slug: "putin-meets-witkoff",
		Headline:  "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff",
		Summary:   "Russian President Vladimir Putin met US Special Envoy Steve Witkoff for three-hour talks at the Kremlin, focusing on potential Ukraine peace negotiations.",
		Published: "Sat, 26 Apr 2025 04:10:00 +0530",
		Dateline:  "Moscow [Russia], April 25 (ANI):",
		Paras: []string{
			"Russian President Vladimir Putin met with US Special Envoy Steve Witkoff at the Kremlin, the Ministry of Foreign Affairs (MFA) of Russia shared on Friday.",
			"In a post on X by the MFA, it was noted that the members on the Russian side included Presidential Aide Yury Ushakov and Kirill Dmitriev, the CEO of the Russian Direct Investment Fund.",
			"Citing a senior Kremlin aide, CNN reported that the meeting between the two discussed the possibility of resuming direct negotiations between Ukraine and Russia.",
			`The meeting which took place at the Kremlin lasted three hours and was "constructive and very useful," Yury Ushakov, a key Putin aide who was at the talks, told reporters, as reported by CNN.`,
			`"This conversation allowed the US positions to be brought closer together, not only on Ukraine, but also on a number of other international issues," he said.`,
			`"In accordance with agreements between Putin and Trump, the process will move forward in an active manner," CNN quoted him.`,
		},
		KeyPoints: []string{
			"Putin and Witkoff discussed resuming Ukraine-Russia negotiations",
			`Kremlin aide Ushakov called talks "constructive and very useful"`,
			"Ukraine rejects recognizing Russian control of Crimea",
		},
		PullQuote: "This conversation allowed the US positions to be brought closer together, not only on Ukraine, but also on a number of other international issues",
		PullBy:    "Yury Ushakov",
		XPost:     "https://x.com/mfa_russia/status/1915794807047307486",
		Tags:      []string{"Vladimir Putin", "Steve Witkoff", "Kremlin"},
	},
	{
		Agency: "ANI", Feed: "ani-national", GUID: "ani-2025-04-26-monsoon-forecast", Slug: "imd-monsoon-forecast",
		Headline:  "IMD forecasts above-normal monsoon for 2025",
		Summary:   "The India Meteorological Department said the southwest monsoon is likely to be above normal this year.",
		Published: "Sat, 26 Apr 2025 11:40:00 +0530",
		Dateline:  "New Delhi [India], April 26 (ANI):",
		Paras: []string{
			"The India Meteorological Department (IMD) on Saturday forecast an above-normal southwest monsoon for 2025, with rainfall expected at 105 per cent of the long period average.",
			`"We expect well-distributed rainfall over most parts of the country, except some areas of the northeast," IMD Director General Mrityunjay Mohapatra told reporters.`,
			"The forecast comes as a relief for farmers after a hot April in several northern states, officials said.",
		},
		Tags: []string{"IMD", "Monsoon"},
	},
	{
		Agency: "PTI", Feed: "pti-top", GUID: "pti-2025-06-07-court-bail", Slug: "delhi-court-bail",
		Headline:  "Delhi court grants bail to businessman in cheating case",
		Summary:   "A Delhi court on Saturday granted bail to a businessman accused of cheating investors.",
		Published: "Sat, 07 Jun 2025 15:05:00 +0530",
		Dateline:  "New Delhi, Jun 7 (PTI)",
		Paras: []string{
			"A Delhi court on Saturday granted bail to a businessman accused of cheating over 200 investors of Rs 40 crore, saying further custody was not needed for the probe.",
			`"The investigation qua the applicant is complete and the chargesheet has been filed," Additional Sessions Judge Anuj Agrawal said in the order.`,
			"The court directed him not to leave the country without its permission.",
		},
		Tags: []string{"Delhi", "Court"},
	},
	{
		Agency: "Reuters", Feed: "reuters-world", GUID: "reuters-2025-01-30-syria-talks", Slug: "syria-talks",
		Headline:  "Syria's new leaders hold first talks with Gulf envoys",
		Summary:   "Syria's interim government held talks with envoys from three Gulf states on Thursday.",
		Published: "Thu, 30 Jan 2025 13:20:00 +0000",
		Dateline:  "DAMASCUS (Reuters) -",
		Paras: []string{
			"Syria's interim government held its first formal talks with envoys from Qatar, Saudi Arabia and the United Arab Emirates on Thursday, officials said, as the new administration seeks funds to rebuild the country.",
			`"We discussed reconstruction, electricity and the return of refugees," Foreign Minister Asaad al-Shaibani told Reuters after the meeting.`,
			"The envoys did not make any financial commitments, according to two people briefed on the talks.",
			"Reporting by Timour Azhari; Editing by Alex Richardson",
		},
		Tags: []string{"Syria", "Middle East"},
	},
}

// updatedStory is the second version of the PTI story: the demo feed
// serves it from its second poll on, so the pipeline shows an update.
var updatedStory = func() story {
	s := stories[2]
	s.Headline = "Delhi court grants bail to businessman in Rs 40 crore cheating case"
	s.Paras = append(append([]string{}, s.Paras...),
		"(Corrects amount in the second paragraph to Rs 40 crore from Rs 4 crore)")
	return s
}()
