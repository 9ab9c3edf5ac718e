package normalize

import (
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

func TestParseDateline(t *testing.T) {
	published := time.Date(2025, 4, 26, 9, 12, 0, 0, time.UTC)
	newYear := time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)
	june := time.Date(2025, 6, 7, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		text      string
		published *time.Time
		want      *article.Dateline
	}{
		{"ANI with country", "Moscow [Russia], April 25 (ANI): Russian President Vladimir Putin met…", &published,
			&article.Dateline{Text: "Moscow [Russia], April 25 (ANI):", Place: "Moscow", Country: "Russia", Date: "2025-04-25", Agency: "ANI"}},
		{"place and date", "Moscow, April 25: Russian President Vladimir Putin, met with…", &published,
			&article.Dateline{Text: "Moscow, April 25:", Place: "Moscow", Date: "2025-04-25"}},
		{"PTI without separator", "New Delhi, Jun 7 (PTI) The government on Friday said…", &june,
			&article.Dateline{Text: "New Delhi, Jun 7 (PTI)", Place: "New Delhi", Date: "2025-06-07", Agency: "PTI"}},
		{"AP all caps", "WASHINGTON (AP) — The Senate voted on Tuesday…", nil,
			&article.Dateline{Text: "WASHINGTON (AP) —", Place: "Washington", Agency: "AP"}},
		{"Reuters hyphen", "DAMASCUS (Reuters) - Syria's new rulers said…", nil,
			&article.Dateline{Text: "DAMASCUS (Reuters) -", Place: "Damascus", Agency: "Reuters"}},
		{"two-word caps place", "NEW DELHI (Reuters) - India's central bank…", nil,
			&article.Dateline{Text: "NEW DELHI (Reuters) -", Place: "New Delhi", Agency: "Reuters"}},
		{"date without year and no published time", "Moscow, April 25: Talks began…", nil,
			&article.Dateline{Text: "Moscow, April 25:", Place: "Moscow", Date: "April 25"}},
		{"year from the year before", "Kyiv, Dec 31 (IANS) Air raid sirens sounded…", &newYear,
			&article.Dateline{Text: "Kyiv, Dec 31 (IANS)", Place: "Kyiv", Date: "2024-12-31", Agency: "IANS"}},
		{"explicit year", "LONDON, Jan. 5, 2024 (Reuters) - Britain's…", &published,
			&article.Dateline{Text: "LONDON, Jan. 5, 2024 (Reuters) -", Place: "London", Date: "2024-01-05", Agency: "Reuters"}},
		{"US state", "SAN FRANCISCO, Calif. (AP) — A jury found…", nil,
			&article.Dateline{Text: "SAN FRANCISCO, Calif. (AP) —", Place: "San Francisco", Country: "United States", Agency: "AP"}},
		{"country after comma", "Kyiv, Ukraine (AP) — Russia launched…", nil,
			&article.Dateline{Text: "Kyiv, Ukraine (AP) —", Place: "Kyiv", Country: "Ukraine", Agency: "AP"}},
		{"agency only", "(Reuters) — The New York State Attorney General is investigating WeWork", nil,
			&article.Dateline{Text: "(Reuters) —", Agency: "Reuters"}},
		{"day before month", "Islamabad [Pakistan], 3 May (ANI): Pakistan's army…", &published,
			&article.Dateline{Text: "Islamabad [Pakistan], 3 May (ANI):", Place: "Islamabad", Country: "Pakistan", Date: "2025-05-03", Agency: "ANI"}},
		{"heading is not a dateline", "Key Points: the talks lasted three hours", nil, nil},
		{"ticker is not an agency", "Apple (AAPL) shares rose on Monday", nil, nil},
		{"plain sentence", "Russian President Vladimir Putin met US Special Envoy Steve Witkoff.", nil, nil},
		{"update label", "Updated April 25: the story was revised", &published, nil},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseDateline(tt.text, tt.published)
			switch {
			case got == nil && tt.want == nil:
			case got == nil || tt.want == nil:
				t.Fatalf("ParseDateline(%q) = %+v, want %+v", tt.text, got, tt.want)
			case *got != *tt.want:
				t.Errorf("ParseDateline(%q)\n got %+v\nwant %+v", tt.text, *got, *tt.want)
			}
		})
	}
}

func FuzzParseDateline(f *testing.F) {
	for _, s := range []string{
		"Moscow [Russia], April 25 (ANI): text",
		"Moscow, April 25: text",
		"New Delhi, Jun 7 (PTI) text",
		"WASHINGTON (AP) — text",
		"DAMASCUS (Reuters) - text",
		"LONDON, Jan. 5, 2024 /PRNewswire/ -- text",
		"",
		"[[[[",
		"Ü, 31 Feb (X):",
	} {
		f.Add(s)
	}
	published := time.Date(2025, 4, 26, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d := ParseDateline(s, &published)
		if d == nil {
			return
		}
		if d.Text == "" {
			t.Fatalf("dateline with no text from %q", s)
		}
		if len(d.Text) > maxDatelineScan {
			t.Fatalf("dateline text longer than the scan window: %q", d.Text)
		}
	})
}
