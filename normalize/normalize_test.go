package normalize

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

func TestFromRawWithPage(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "kremlin-meeting-republished.html"))
	if err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2025, 4, 26, 5, 0, 0, 0, time.UTC)
	raw := &article.Raw{
		Feed: "frontier-world", Agency: "ANI", ItemID: "https://frontierdaily.example/?p=48213", GUID: "https://frontierdaily.example/?p=48213",
		Link: seedURL, Title: "Putin meets Witkoff", Authors: []string{"Desk"}, Categories: []string{"World"},
		FetchedAt: fetched, Page: page,
	}
	a, err := FromRaw(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if a.ID != article.StoryID("ANI", raw.ItemID) || a.Agency != "ANI" || a.Feed != "frontier-world" || a.GUID != raw.GUID {
		t.Errorf("identity = %q %q %q %q", a.ID, a.Agency, a.Feed, a.GUID)
	}
	if a.Version != 1 || a.Status != "" || a.URL != seedURL {
		t.Errorf("version %d status %q url %q", a.Version, a.Status, a.URL)
	}
	if a.IngestedAt == nil || !a.IngestedAt.Equal(fetched) {
		t.Errorf("ingested_at = %v", a.IngestedAt)
	}
	// The page's own headline and bylines win over the feed's.
	if a.Headline != "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff" {
		t.Errorf("headline = %q", a.Headline)
	}
	if a.Fingerprint.Content != article.ContentFingerprint(a.Headline, a.BodyText) {
		t.Error("content fingerprint does not match headline and body")
	}
	if a.Dateline == nil || a.Dateline.Date != "2025-04-25" {
		t.Errorf("dateline = %+v", a.Dateline)
	}
}

func TestFromRawFeedOnly(t *testing.T) {
	published := time.Date(2025, 6, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		raw      article.Raw
		wantBody []string
		wantDL   string
	}{
		{
			name: "HTML content",
			raw: article.Raw{
				Feed: "pti-national", Agency: "PTI", ItemID: "pti-1", Link: "https://example.com/pti-1",
				Title: "Monsoon &amp; the economy", Summary: "Short summary.",
				Content:     `<p>New Delhi, Jun 7 (PTI) The monsoon reached Kerala on Saturday, the weather office said.</p><p>It is a week late.</p><div class="share">Share on X</div>`,
				Authors:     []string{"By Staff Reporter"},
				Categories:  []string{"Weather", "weather", "India"},
				PublishedAt: &published,
			},
			wantBody: []string{"New Delhi, Jun 7 (PTI) The monsoon reached Kerala on Saturday, the weather office said.", "It is a week late."},
			wantDL:   "2025-06-07",
		},
		{
			name: "plain summary",
			raw: article.Raw{
				Feed: "ap-top", Agency: "AP", ItemID: "ap-1", Link: "https://example.com/ap-1",
				Title: "Senate votes", Summary: "WASHINGTON (AP) — The Senate voted on Tuesday.\n\nThe House follows next week.",
			},
			wantBody: []string{"WASHINGTON (AP) — The Senate voted on Tuesday.", "The House follows next week."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := FromRaw(&tt.raw, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if got := strings.Join(strings.Split(a.BodyText, "\n\n"), "|"); got != strings.Join(tt.wantBody, "|") {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
			if a.Headline == "" || strings.Contains(a.Headline, "&amp;") {
				t.Errorf("headline = %q", a.Headline)
			}
			if a.Dateline == nil {
				t.Fatal("no dateline")
			}
			if a.Dateline.Date != tt.wantDL {
				t.Errorf("dateline date = %q, want %q", a.Dateline.Date, tt.wantDL)
			}
		})
	}
}

func TestFromRawFeedFields(t *testing.T) {
	published := time.Date(2025, 6, 7, 12, 0, 0, 0, time.UTC)
	raw := &article.Raw{
		Feed: "f", Agency: "IANS", ItemID: "i", Link: "https://example.com/i", Title: "T",
		Content: "<p>Body text.</p>", Summary: "A summary.", Authors: []string{"Jane Doe and John Roe"},
		Categories: []string{"A", "a", "B"}, PublishedAt: &published, ImageURL: "https://example.com/i.jpg",
	}
	a, err := FromRaw(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Bylines) != 2 || a.Bylines[0].Name != "Jane Doe" || a.Bylines[1].Name != "John Roe" {
		t.Errorf("bylines = %+v", a.Bylines)
	}
	if strings.Join(a.Tags, ",") != "A,B" {
		t.Errorf("tags = %q", a.Tags)
	}
	if a.Summary != "A summary." || a.PublishedAt == nil || len(a.Images) != 1 {
		t.Errorf("summary %q published %v images %+v", a.Summary, a.PublishedAt, a.Images)
	}
}

func TestFromRawEmpty(t *testing.T) {
	_, err := FromRaw(&article.Raw{Feed: "f", Agency: "ANI", ItemID: "x-1"}, Options{})
	if !errors.Is(err, ErrEmpty) {
		t.Fatalf("err = %v, want ErrEmpty", err)
	}
	if !strings.Contains(err.Error(), "f") || !strings.Contains(err.Error(), "x-1") {
		t.Errorf("error %q does not name the feed and item", err)
	}
}
