package dedup

import (
	"slices"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

func TestNotices(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headline string
		body     string
		want     []article.ChangeKind
	}{
		{"reuters corrected slug", "CORRECTED-Putin meets Witkoff", "Moscow (Reuters) - Talks.", []article.ChangeKind{article.ChangeCorrection}},
		{"reuters corrects note", "Putin meets Witkoff", "(Corrects spelling of envoy's name in paragraph 3)\n\nMOSCOW (Reuters) - Talks.", []article.ChangeKind{article.ChangeCorrection}},
		{"ap correction", "Putin meets Witkoff", "CORRECTION: An earlier version misstated the length of the talks.\n\nMOSCOW (AP) — Talks.", []article.ChangeKind{article.ChangeCorrection}},
		{"ap corrected sentence", "Putin meets Witkoff", "MOSCOW (AP) — Talks.\n\nThis story has been corrected to show the talks lasted three hours, not two.", []article.ChangeKind{article.ChangeCorrection}},
		{"pti kill", "KILL: Delhi court grants bail", "New Delhi, Jun 7 (PTI) Editors: Please kill the story slugged DEL42. It is legally problematic.", []article.ChangeKind{article.ChangeKill, article.ChangeKill}},
		{"afp kill kill", "Syria talks", "KILL KILL KILL\n\nThe story is killed.", []article.ChangeKind{article.ChangeKill}},
		{"mandatory kill", "MANDATORY KILL - Syria talks", "DAMASCUS (Reuters) - Talks.", []article.ChangeKind{article.ChangeKill}},
		{"withdrawn slug", "WITHDRAWN-Syria's new leaders hold talks", "Reuters has withdrawn this story.", []article.ChangeKind{article.ChangeWithdrawal}},
		{"editors withdraw", "Monsoon forecast", "Editors: Please withdraw the story slugged DEL15 as the IMD has revised its forecast.", []article.ChangeKind{article.ChangeWithdrawal}},
		{"story withdrawn sentence", "Monsoon forecast", "This story has been withdrawn at the request of the source.", []article.ChangeKind{article.ChangeWithdrawal}},
		{"news about killing is no notice", "Police kill three militants in Kashmir", "Srinagar, Jun 7 (PTI) Security forces killed three militants. Troops were withdrawn later.", nil},
		{"all-caps headline with kill", "POLICE KILL THREE MILITANTS", "Srinagar, Jun 7 (PTI) Security forces killed three militants.", nil},
		{"correction in a story's own text", "Stocks fall", "Markets saw a correction of 10 per cent, analysts said, and the bank corrected its forecast.", nil},
		{"withdrawal of troops", "US withdrawal from Afghanistan", "The withdrawal of troops was completed, and the bill was withdrawn by the government.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &article.Article{Headline: tc.headline, BodyText: tc.body}
			var got []article.ChangeKind
			for _, c := range Notices(a) {
				got = append(got, c.Kind)
				if c.Text == "" {
					t.Errorf("notice %s has no text", c.Kind)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Notices = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestChanges(t *testing.T) {
	v1 := &article.Article{
		Headline: "Delhi court grants bail to businessman in cheating case",
		Summary:  "A Delhi court granted bail.",
		BodyText: "A Delhi court on Saturday granted bail.\n\nThe judge said custody was not needed.\n\nHe must not leave the country.",
	}
	kinds := func(cs []article.Change) []article.ChangeKind {
		var out []article.ChangeKind
		for _, c := range cs {
			out = append(out, c.Kind)
		}
		return out
	}
	if got := Changes(nil, v1); len(got) != 0 {
		t.Errorf("first version without notices: changes %v", got)
	}
	if got := Changes(v1, v1); len(got) != 0 {
		t.Errorf("same content: changes %v", got)
	}

	corrected := *v1
	corrected.Headline = "CORRECTED-Delhi court grants bail to businessman in Rs 40 crore cheating case"
	corrected.BodyText = "(Corrects amount in headline)\n\n" + strings.Replace(v1.BodyText, "on Saturday", "on Friday", 1) + "\n\nThe next hearing is in July."
	got := Changes(v1, &corrected)
	if want := []article.ChangeKind{article.ChangeCorrection, article.ChangeCorrection, article.ChangeHeadline, article.ChangeBody}; !slices.Equal(kinds(got), want) {
		t.Fatalf("corrected: %v, want %v", got, want)
	}
	if got[2].Before != v1.Headline || got[2].After != corrected.Headline {
		t.Errorf("headline change = %+v", got[2])
	}
	if got[3].Text != "1 paragraph edited, 2 paragraphs added" {
		t.Errorf("body change = %q", got[3].Text)
	}

	// A notice already in the previous version is not news.
	again := corrected
	again.BodyText += "\n\nHe was released on Sunday."
	if got := Changes(&corrected, &again); !slices.Equal(kinds(got), []article.ChangeKind{article.ChangeBody}) {
		t.Errorf("second update: %v", got)
	}

	killed := *v1
	killed.Headline = "KILL - Delhi court grants bail"
	killed.BodyText = "Editors: Please kill the story slugged DEL42. It is legally problematic."
	got = Changes(v1, &killed)
	if got[0].Kind != article.ChangeKill || !Killed(&killed) || Killed(v1) {
		t.Errorf("killed: %v", got)
	}

	reordered := *v1
	p := Paragraphs(v1.BodyText)
	reordered.BodyText = strings.Join([]string{p[1], p[0], p[2]}, "\n\n")
	if got := Changes(v1, &reordered); len(got) != 1 || got[0].Text != "1 paragraph edited" && got[0].Text != "paragraphs reordered" {
		t.Errorf("reordered: %+v", got)
	}
}

func FuzzNotices(f *testing.F) {
	for _, s := range []string{"KILL KILL KILL", "(Corrects name)", "Editors: please withdraw", "CORRECTION: x", "", "\n\n\n"} {
		f.Add("headline", s)
	}
	f.Fuzz(func(t *testing.T, headline, body string) {
		a := &article.Article{Headline: headline, BodyText: body}
		for _, c := range Notices(a) {
			if c.Text == "" || len(c.Text) > maxNoticeText+len("…") {
				t.Fatalf("notice text %q", c.Text)
			}
		}
		_ = Changes(a, &article.Article{Headline: body, BodyText: headline})
	})
}
