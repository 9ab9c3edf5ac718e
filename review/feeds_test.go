package review_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

func TestListFeeds(t *testing.T) {
	srv, st := newDesk(t)
	fs := st.(store.FeedStore)
	ctx := t.Context()
	spec := func(id string) store.FeedSpec {
		return store.FeedSpec{ID: id, Agency: "ANI", URL: "https://aninews.in/rss/" + id + ".xml", Interval: 5 * time.Minute, FetchPage: "auto"}
	}
	if err := fs.SyncFeeds(ctx, []store.FeedSpec{spec("ani-world"), spec("ani-national"), spec("ani-india")}); err != nil {
		t.Fatal(err)
	}
	// ani-world polls fine, ani-national fails; ani-india is released
	// unpolled.
	claims, err := fs.ClaimFeeds(ctx, "host-1", time.Now().Add(time.Second), time.Minute, 3)
	if err != nil || len(claims) != 3 {
		t.Fatalf("claims %v, %v", claims, err)
	}
	for _, c := range claims {
		if c.ID == "ani-india" {
			if err := fs.ReleaseLease(ctx, c.ID, c.Token); err != nil {
				t.Fatal(err)
			}
			continue
		}
		r := store.FeedResult{Feed: c.ID, Token: c.Token, At: time.Now(), Status: 200, New: 3, Title: "ANI", NextPoll: time.Now().Add(5 * time.Minute)}
		if c.ID == "ani-national" {
			r = store.FeedResult{Feed: c.ID, Token: c.Token, At: time.Now(), Status: 503, Err: "poll ani-national: http 503 Service Unavailable", NextPoll: time.Now().Add(10 * time.Minute)}
		}
		if err := fs.CompletePoll(ctx, r); err != nil {
			t.Fatal(err)
		}
	}

	resp, err := http.Get(srv.URL + "/api/v1/feeds")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list review.FeedList
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&list) != nil {
		t.Fatalf("GET /api/v1/feeds: %s", resp.Status)
	}
	got := map[string]review.FeedStatus{}
	for _, f := range list.Feeds {
		got[f.ID] = f
	}
	if len(list.Feeds) != 3 || list.Feeds[0].ID != "ani-india" {
		t.Fatalf("feeds = %+v", list.Feeds)
	}
	if w := got["ani-world"]; w.State != review.FeedOK || w.LastSuccess == nil || w.ItemsNew != 3 || w.Interval != "5m0s" || w.Origin != "config" || w.LastStatus != 200 {
		t.Errorf("ani-world: %+v", w)
	}
	if n := got["ani-national"]; n.State != review.FeedFailing || n.ConsecutiveErrors != 1 || n.LastStatus != 503 ||
		n.LastError != "poll ani-national: http 503 Service Unavailable" || n.LastSuccess != nil || n.LastErrorAt == nil {
		t.Errorf("ani-national: %+v", n)
	}
	if i := got["ani-india"]; i.State != review.FeedNew || i.LastPoll != nil {
		t.Errorf("ani-india: %+v", i)
	}
}

func TestFeedState(t *testing.T) {
	now := time.Date(2025, 4, 25, 12, 0, 0, 0, time.UTC)
	polled := now.Add(-time.Minute)
	tests := []struct {
		name string
		h    store.FeedHealth
		want string
	}{
		{"never polled", store.FeedHealth{NextPoll: now}, review.FeedNew},
		{"healthy", store.FeedHealth{LastPoll: polled, NextPoll: now.Add(time.Minute)}, review.FeedOK},
		{"failing beats quiet", store.FeedHealth{LastPoll: polled, ConsecutiveErrors: 2, Quiet: true}, review.FeedFailing},
		{"quiet", store.FeedHealth{LastPoll: polled, Quiet: true}, review.FeedQuiet},
		{"leased", store.FeedHealth{LastPoll: polled, LeasedBy: "host-1", NextPoll: now.Add(time.Minute)}, review.FeedPolling},
		{"lease lapsed", store.FeedHealth{LastPoll: polled, LeasedBy: "host-1", NextPoll: now.Add(-time.Second)}, review.FeedOK},
	}
	for _, tt := range tests {
		if got := review.FeedState(tt.h, now); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
