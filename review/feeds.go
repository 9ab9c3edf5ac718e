package review

import (
	"errors"
	"net/http"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// FeedList is the body of GET /api/v1/feeds.
type FeedList struct {
	Feeds []FeedStatus `json:"feeds"`
}

// Feed states, from worst to best; a feed is in the first that applies.
const (
	// FeedFailing: its last poll failed (ConsecutiveErrors > 0). It is
	// retried with backoff, never given up.
	FeedFailing = "failing"
	// FeedQuiet: it usually publishes but has been silent for much longer
	// than its usual gap (store.IsQuiet).
	FeedQuiet = "quiet"
	// FeedPolling: a poller holds its lease right now.
	FeedPolling = "polling"
	// FeedNew: no poll has finished yet.
	FeedNew = "new"
	// FeedOK: the last poll succeeded.
	FeedOK = "ok"
)

// FeedStatus is one feed's health as the API and `wiredesk feeds list
// --json` show it. Times are RFC 3339; absent times mean never.
type FeedStatus struct {
	ID           string `json:"id"`
	Agency       string `json:"agency"`
	URL          string `json:"url"`
	Title        string `json:"title,omitempty"`
	Interval     string `json:"interval"`
	FetchPage    string `json:"fetch_page"`
	AllowPrivate bool   `json:"allow_private"`
	// Origin is "config" (from the config file) or "added" (by `wiredesk
	// feeds add`).
	Origin string `json:"origin"`
	// State is one of failing, quiet, polling, new, ok.
	State             string     `json:"state"`
	LastPoll          *time.Time `json:"last_poll,omitempty"`
	LastSuccess       *time.Time `json:"last_success,omitempty"`
	LastError         string     `json:"last_error,omitempty"`
	LastErrorAt       *time.Time `json:"last_error_at,omitempty"`
	LastStatus        int        `json:"last_status"`
	ConsecutiveErrors int        `json:"consecutive_errors"`
	NextPoll          time.Time  `json:"next_poll"`
	LeasedBy          string     `json:"leased_by,omitempty"`
	ItemsNew          int64      `json:"items_new"`
	ItemsUpdated      int64      `json:"items_updated"`
	Items24h          int        `json:"items_24h"`
	LastItemAt        *time.Time `json:"last_item_at,omitempty"`
	// UsualGap is the usual time between polls that bring new items.
	UsualGap string `json:"usual_gap,omitempty"`
	Quiet    bool   `json:"quiet"`
}

// NewFeedStatus is the API view of a feed's health at now.
func NewFeedStatus(h store.FeedHealth, now time.Time) FeedStatus {
	s := FeedStatus{
		ID: h.ID, Agency: h.Agency, URL: h.URL, Title: h.Title,
		Interval: h.Interval.String(), FetchPage: h.FetchPage, AllowPrivate: h.AllowPrivate,
		Origin: string(h.Origin), State: FeedState(h, now),
		LastPoll: timePtr(h.LastPoll), LastSuccess: timePtr(h.LastSuccess),
		LastError: h.LastError, LastErrorAt: timePtr(h.LastErrorAt), LastStatus: h.LastStatus,
		ConsecutiveErrors: h.ConsecutiveErrors, NextPoll: h.NextPoll,
		ItemsNew: h.ItemsNew, ItemsUpdated: h.ItemsUpdated, Items24h: h.Items24h,
		LastItemAt: timePtr(h.LastItemAt), Quiet: h.Quiet,
	}
	if h.LeasedBy != "" && h.NextPoll.After(now) {
		s.LeasedBy = h.LeasedBy
	}
	if h.UsualGap > 0 {
		s.UsualGap = h.UsualGap.Round(time.Second).String()
	}
	return s
}

// FeedState says in one word how a feed is doing at now.
func FeedState(h store.FeedHealth, now time.Time) string {
	switch {
	case h.ConsecutiveErrors > 0:
		return FeedFailing
	case h.Quiet:
		return FeedQuiet
	case h.LeasedBy != "" && h.NextPoll.After(now):
		return FeedPolling
	case h.LastPoll.IsZero():
		return FeedNew
	}
	return FeedOK
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// errNoFeeds is served when the store keeps no feeds.
var errNoFeeds = errors.New("this store keeps no feeds")

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) {
	fs, ok := s.store.(store.FeedStore)
	if !ok {
		writeError(w, http.StatusNotImplemented, errNoFeeds)
		return
	}
	health, err := fs.FeedHealth(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	list := FeedList{Feeds: make([]FeedStatus, 0, len(health))}
	for _, h := range health {
		list.Feeds = append(list.Feeds, NewFeedStatus(h, now))
	}
	writeJSON(w, http.StatusOK, list)
}
