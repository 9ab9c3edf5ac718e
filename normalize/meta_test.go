package normalize

import (
	"slices"
	"testing"
	"time"
)

func TestParseMachineTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" when unparseable
	}{
		{"2025-04-26T09:12:00+05:30", "2025-04-26T09:12:00+05:30"},
		{"2025-04-26T09:12:00.123Z", "2025-04-26T09:12:00Z"},
		{"2025-04-26T09:12:00+0530", "2025-04-26T09:12:00+05:30"},
		{"2025-04-26 09:12:00", "2025-04-26T09:12:00Z"},
		{"2025-04-26", "2025-04-26T00:00:00Z"},
		{"Sat, 26 Apr 2025 09:12:00 +0530", "2025-04-26T09:12:00+05:30"},
		{"Sun Nov 23 16:00:00 EDT 2014", "2014-11-23T16:00:00-04:00"},
		{"April 26, 2025", "2025-04-26T00:00:00Z"},
		{"0001-01-01T00:00:00Z", ""},
		{"soon", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseMachineTime(tt.in)
		var s string
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("parseMachineTime(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestVisibleTimes(t *testing.T) {
	tests := []struct {
		text               string
		published, updated string
	}{
		{"ANI April 26, 2025 368 views", "2025-04-26T00:00:00Z", ""},
		{"Updated: Jul 01, 2021 20:51 IST", "", "2021-07-01T20:51:00+05:30"},
		{"Published 26 April 2025, 10:30 GMT · Last updated 27 April 2025", "2025-04-26T10:30:00Z", "2025-04-27T00:00:00Z"},
		{"Sept. 5, 2024 at 3:04 p.m. ET", "2024-09-05T15:04:00-05:00", ""},
		{"By Jane Doe | 2024-03-02T08:00", "2024-03-02T08:00:00Z", ""},
		{"no date here, 368 views", "", ""},
		{"Janic Cathomen, 01.12.2021", "2021-12-01T00:00:00Z", ""},
		{"am 25.08.2015 22:30", "2015-08-25T22:30:00Z", ""},
		{"29. Juni 2017, 23:39", "2017-06-29T23:39:00Z", ""},
		{"publié le 3 février 2021", "2021-02-03T00:00:00Z", ""},
		{"5 de mayo de 2022", "2022-05-05T00:00:00Z", ""},
	}
	for _, tt := range tests {
		p, u := visibleTimes(tt.text)
		if got := formatOrEmpty(p); got != tt.published {
			t.Errorf("visibleTimes(%q) published = %q, want %q", tt.text, got, tt.published)
		}
		if got := formatOrEmpty(u); got != tt.updated {
			t.Errorf("visibleTimes(%q) updated = %q, want %q", tt.text, got, tt.updated)
		}
	}
}

func formatOrEmpty(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

func TestStripSiteName(t *testing.T) {
	tests := []struct {
		title, site, host, want string
	}{
		{"Putin meets Witkoff at the Kremlin - ANI News", "", "www.aninews.in", "Putin meets Witkoff at the Kremlin"},
		{"Markets slide as oil jumps | Reuters", "Reuters", "www.reuters.com", "Markets slide as oil jumps"},
		{"Markets slide as oil jumps | Business | Reuters", "", "www.reuters.com", "Markets slide as oil jumps"},
		{"Reuters | Markets slide as oil jumps", "Reuters", "www.reuters.com", "Markets slide as oil jumps"},
		{"Putin meets Witkoff - The Frontier Daily", "The Frontier Daily", "frontierdaily.example", "Putin meets Witkoff"},
		{"Democrats to use Social Security against GOP this fall - CNN.com", "", "www.cnn.com", "Democrats to use Social Security against GOP this fall"},
		{"Ceasefire holds - for now", "", "example.com", "Ceasefire holds - for now"},
		{"India - Pakistan talks resume in Delhi", "", "example.com", "India - Pakistan talks resume in Delhi"},
		{"Stocks rally on rate hopes - BBC News", "", "www.bbc.co.uk", "Stocks rally on rate hopes"},
	}
	for _, tt := range tests {
		if got := stripSiteName(tt.title, tt.site, tt.host); got != tt.want {
			t.Errorf("stripSiteName(%q, %q, %q) = %q, want %q", tt.title, tt.site, tt.host, got, tt.want)
		}
	}
}

func TestParseByline(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"By Jane Doe", []string{"Jane Doe"}},
		{"By Jane Doe and John Roe", []string{"Jane Doe", "John Roe"}},
		{"Written by Jane Doe, John Roe & Ann Lee", []string{"Jane Doe", "John Roe", "Ann Lee"}},
		{"By Jane Doe | Updated April 26, 2025", []string{"Jane Doe"}},
		{"https://www.facebook.com/janedoe", nil},
		{"Interview: Julia Lauter", []string{"Julia Lauter"}},
		{"Auteur: Anna Kubišta", []string{"Anna Kubišta"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := parseByline(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("parseByline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJunkLines(t *testing.T) {
	junk := []string{
		"Disclaimer: This story is auto-generated from a syndicated feed of ANI; only the image & headline may have been reworked.",
		"News stories are provided by news agencies. We do not guarantee their accuracy.",
		"Also Read: Zelenskyy rules out recognising Crimea",
		"Related Roundup: MacBook Pro",
		"Advertisement",
		"Image 3 of 5",
		"Sign up for our morning newsletter and never miss a story.",
		"Follow us on Twitter and Facebook for the latest updates.",
		"© 2025 The Frontier Daily. All rights reserved.",
		"Wird geladen …",
		"Crédits photos : Bestimage",
		"This post contains references to products from one or more of our advertisers.",
	}
	for _, s := range junk {
		if !isJunkText(s) {
			t.Errorf("isJunkText(%q) = false, want true", s)
		}
	}
	story := []string{
		"Moscow, April 25: Russian President Vladimir Putin met with US Special Envoy Steve Witkoff at the Kremlin.",
		"The disclaimer was read out in court on Tuesday, lawyers said.",
		"Related companies rose too, with the index closing 2% higher.",
		"He said the photos were taken in 2019 by a reporter who later left the paper.",
	}
	for _, s := range story {
		if isJunkText(s) {
			t.Errorf("isJunkText(%q) = true, want false", s)
		}
	}
	for _, s := range []string{"Reader Comments", "You May Like!", "Related Articles", "Tags:", "About Ascom", "More from World", "Über den Autor", "Schon gelesen?", "À lire aussi", "Noticias relacionadas"} {
		if !isJunkHeading(s) {
			t.Errorf("isJunkHeading(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"Key Points", "The Rukban camp", "What happens next"} {
		if isJunkHeading(s) {
			t.Errorf("isJunkHeading(%q) = true, want false", s)
		}
	}
}

// The visible h1 is the headline when it reads like one, even when the
// page's metadata was written for search or sharing; a site-name h1 is not.
func TestHeadlineVisibleH1(t *testing.T) {
	story := `<div class="article-body"><p>Kathmandu, March 4 (ANI): India and Nepal on Tuesday signed an agreement to build a transmission line through the Arun valley, Nepal's energy ministry said in a statement issued after the ceremony.</p></div>`
	tests := []struct {
		name, head, body, want string
	}{
		{"h1 differs from og:title",
			`<meta property="og:title" content="Big power deal! Click to read what India and Nepal signed">`,
			`<h1>India, Nepal sign pact on Arun valley power line</h1>`, "India, Nepal sign pact on Arun valley power line"},
		{"h1 agrees with og:title plus site name",
			`<meta property="og:title" content="India, Nepal sign power pact | The Daily">`,
			`<h1>India, Nepal sign power pact</h1>`, "India, Nepal sign power pact"},
		{"the site's name in an h1 is not the headline",
			`<meta property="og:title" content="India, Nepal sign power pact"><meta property="og:site_name" content="The Daily Ledger">`,
			`<h1>The Daily Ledger</h1>`, "India, Nepal sign power pact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head>` + tt.head + `</head><body>` + tt.body + story + `</body></html>`
			a, err := Extract([]byte(page), "https://news.example/x", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Headline != tt.want {
				t.Errorf("headline %q, want %q", a.Headline, tt.want)
			}
		})
	}
}
