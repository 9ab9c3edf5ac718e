package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// RunSearch runs the desk queue's cases against one backend.
func RunSearch(t *testing.T, open func(t *testing.T) store.Store) {
	runCases(t, open, []storeCase{
		{"filters", testSearchFilters},
		{"full text over headline and body", testSearchText},
		{"keyset pages cover every story once", testSearchPages},
	})
}

func searchIDs(t *testing.T, s store.Store, q store.SearchQuery) []string {
	t.Helper()
	page, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	var ids []string
	for _, st := range page.Stories {
		ids = append(ids, st.ID)
	}
	if page.Total < len(ids) {
		t.Errorf("Search(%+v): total %d below the %d listed", q, page.Total, len(ids))
	}
	return ids
}

func testSearchFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	mk := func(id, agency, topic, cluster string, quotes, embeds int, minutes int) {
		a := story(id, "Headline "+id, "Text of "+id+".")
		a.Agency = agency
		at := base.Add(time.Duration(minutes) * time.Minute)
		a.IngestedAt = &at
		a.ClusterID = cluster
		if topic != "" {
			a.Topics = []string{topic}
		}
		for range quotes {
			a.Quotes = append(a.Quotes, article.Quote{Text: "q", Speaker: "X", Kind: "direct"})
		}
		for range embeds {
			a.Embeds = append(a.Embeds, article.Embed{Platform: article.PlatformX, URL: "https://x.com/a/status/1"})
		}
		mustPut(t, s, a)
	}
	mk("a1", "ANI", "medtop:11000000", "c1", 2, 0, 1)
	mk("a2", "ani", "medtop:15000000", "c1", 0, 1, 2)
	mk("p1", "PTI", "medtop:11000000", "c2", 0, 0, 3)
	mk("r1", "Reuters", "", "c3", 1, 1, 4)
	if _, err := s.Reject(ctx, "p1", 1, "dup", ed); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    store.SearchQuery
		want string
	}{
		{"all, newest first", store.SearchQuery{}, "r1 p1 a2 a1"},
		{"status", store.SearchQuery{Status: article.StatusQueued}, "r1 a2 a1"},
		{"agency in any case", store.SearchQuery{Agency: "Ani"}, "a2 a1"},
		{"topic", store.SearchQuery{Topic: "medtop:11000000"}, "p1 a1"},
		{"cluster", store.SearchQuery{ClusterID: "c1"}, "a2 a1"},
		{"with quotes", store.SearchQuery{HasQuotes: true}, "r1 a1"},
		{"with embeds", store.SearchQuery{HasEmbeds: true}, "r1 a2"},
		{"quotes and embeds", store.SearchQuery{HasQuotes: true, HasEmbeds: true}, "r1"},
		{"since", store.SearchQuery{Since: base.Add(2 * time.Minute)}, "r1 p1 a2"},
		{"until", store.SearchQuery{Until: base.Add(2 * time.Minute)}, "a1"},
		{"feed", store.SearchQuery{Feed: "ani-world"}, "r1 p1 a2 a1"},
	} {
		if got := strings.Join(searchIDs(t, s, tc.q), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	page, err := s.Search(ctx, store.SearchQuery{ClusterID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	a1 := page.Stories[1]
	if a1.Quotes != 2 || a1.Copies != 1 || a1.Headline != "Headline a1" || a1.Version != 1 || a1.Status != article.StatusQueued {
		t.Errorf("summary of a1: %+v", a1)
	}
	if _, err := s.Approve(ctx, "r1", 1, ed); err != nil {
		t.Fatal(err)
	}
	page, _ = s.Search(ctx, store.SearchQuery{Status: article.StatusApproved})
	if len(page.Stories) != 1 || page.Stories[0].Delivery == nil || page.Stories[0].Delivery.State != article.DeliveryPublishing {
		t.Errorf("approved r1's delivery: %+v", page.Stories)
	}
	rej, _ := s.Search(ctx, store.SearchQuery{Status: article.StatusRejected})
	if len(rej.Stories) != 1 {
		t.Fatalf("rejected: %+v", rej)
	}
}

func testSearchText(t *testing.T, s store.Store) {
	mustPut(t, s, story("k1", "Putin meets Witkoff in Moscow", "The talks at the Kremlin lasted three hours."))
	mustPut(t, s, story("m1", "Monsoon forecast above normal", "The weather office expects heavy rain in Kerala."))
	mustPut(t, s, story("c1", "Court grants bail", "A Delhi court granted bail; the Kremlin was not mentioned."))
	for _, tc := range []struct{ text, want string }{
		{"Witkoff", "k1"},
		{"kremlin", "c1 k1"},
		{"kremlin talks", "k1"},
		{"Kerala rain", "m1"},
		{"nothing-like-this", ""},
		{`"); DROP TABLE stories; --`, ""},
		{`kremlin OR NEAR( * "`, ""},
	} {
		got := strings.Join(searchIDs(t, s, store.SearchQuery{Text: tc.text}), " ")
		if tc.want != "" && got != tc.want {
			t.Errorf("search %q: %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := searchIDs(t, s, store.SearchQuery{}); len(got) != 3 {
		t.Errorf("the hostile searches changed the store: %v", got)
	}
	// A new version is searched by its new text.
	mustPut(t, s, story("m1", "Monsoon forecast above normal", "The weather office now expects rain in Goa."))
	if got := strings.Join(searchIDs(t, s, store.SearchQuery{Text: "Goa"}), " "); got != "m1" {
		t.Errorf("search for the updated text: %q", got)
	}
	if got := searchIDs(t, s, store.SearchQuery{Text: "Kerala"}); len(got) != 0 {
		t.Errorf("the old text is still found: %v", got)
	}
}

func testSearchPages(t *testing.T, s store.Store) {
	const n = 53
	for i := range n {
		a := story(fmt.Sprintf("s%02d", i), fmt.Sprintf("Headline %d", i), fmt.Sprintf("Text %d.", i))
		at := base.Add(time.Duration(i/3) * time.Minute) // ties in ingest time
		a.IngestedAt = &at
		mustPut(t, s, a)
	}
	seen := map[string]bool{}
	q := store.SearchQuery{Limit: 10}
	pages := 0
	var last time.Time
	for {
		page, err := s.Search(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.Total != n {
			t.Errorf("page %d: total %d, want %d", pages, page.Total, n)
		}
		for _, st := range page.Stories {
			if seen[st.ID] {
				t.Errorf("%s listed twice", st.ID)
			}
			seen[st.ID] = true
			if !last.IsZero() && st.IngestedAt.After(last) {
				t.Errorf("%s out of order", st.ID)
			}
			last = st.IngestedAt
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if len(seen) != n || pages != 6 {
		t.Errorf("%d stories over %d pages, want %d over 6", len(seen), pages, n)
	}
	if _, err := s.Search(t.Context(), store.SearchQuery{Cursor: "not-a-cursor"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("a bad cursor: %v", err)
	}
}
