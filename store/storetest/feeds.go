package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// RunFeeds runs the feed conformance cases against one backend: the feed
// list, leases, item hashes and health. open must return a fresh, empty
// store that also implements store.FeedStore, closed when its test ends.
func RunFeeds(t *testing.T, open func(t *testing.T) store.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s store.FeedStore)
	}{
		{"sync adds, updates and removes config feeds", testFeedSync},
		{"sync refuses bad specs", testFeedSyncRejects},
		{"added feeds survive sync and can be removed", testFeedAddRemove},
		{"a claimed feed is not claimed again until its lease lapses", testFeedLease},
		{"claims take due feeds oldest first up to the limit", testFeedClaimOrder},
		{"a released feed is due at once", testFeedRelease},
		{"complete records health and the next poll", testFeedComplete},
		{"concurrent claims never hand out a feed twice", testFeedConcurrentClaims},
		{"validators and item hashes round trip", testFeedItems},
		{"items in the last 24 hours and quiet feeds", testFeedQuiet},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			fs, ok := s.(store.FeedStore)
			if !ok {
				t.Fatalf("%T does not implement store.FeedStore", s)
			}
			c.run(t, fs)
		})
	}
}

func feedSpec(id string) store.FeedSpec {
	return store.FeedSpec{
		ID: id, Agency: "ANI", URL: "https://aninews.in/rss/" + id + ".xml",
		Interval: 5 * time.Minute, FetchPage: "auto",
	}
}

func mustSync(t *testing.T, s store.FeedStore, specs ...store.FeedSpec) {
	t.Helper()
	if err := s.SyncFeeds(t.Context(), specs); err != nil {
		t.Fatalf("SyncFeeds: %v", err)
	}
}

func feedHealth(t *testing.T, s store.FeedStore) map[string]store.FeedHealth {
	t.Helper()
	list, err := s.FeedHealth(t.Context())
	if err != nil {
		t.Fatalf("FeedHealth: %v", err)
	}
	if !slices.IsSortedFunc(list, func(a, b store.FeedHealth) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	}) {
		t.Errorf("FeedHealth not in id order")
	}
	out := map[string]store.FeedHealth{}
	for _, h := range list {
		out[h.ID] = h
	}
	return out
}

func mustClaim(t *testing.T, s store.FeedStore, owner string, now time.Time, lease time.Duration, limit int) []store.FeedClaim {
	t.Helper()
	claims, err := s.ClaimFeeds(t.Context(), owner, now, lease, limit)
	if err != nil {
		t.Fatalf("ClaimFeeds(%s): %v", owner, err)
	}
	return claims
}

func claimedIDs(claims []store.FeedClaim) []string {
	ids := make([]string, len(claims))
	for i, c := range claims {
		ids[i] = c.ID
	}
	return ids
}

// soon is far enough ahead of the store's clock that every feed synced
// "now" is due.
func soon() time.Time { return time.Now().Add(time.Second) }

func testFeedSync(t *testing.T, s store.FeedStore) {
	a, b := feedSpec("a"), feedSpec("b")
	b.AllowPrivate, b.FetchPage = true, "never"
	mustSync(t, s, a, b)
	h := feedHealth(t, s)
	if len(h) != 2 || h["b"].FeedSpec != b || h["a"].Origin != store.OriginConfig {
		t.Fatalf("after sync: %+v", h)
	}
	if h["a"].NextPoll.After(time.Now().Add(time.Second)) {
		t.Errorf("a new feed is due at %v, want at once", h["a"].NextPoll)
	}

	// Poll a so it has validators and a next poll an interval away.
	c := mustClaim(t, s, "host", soon(), time.Minute, 10)
	for _, cl := range c {
		if err := s.CompletePoll(t.Context(), store.FeedResult{Feed: cl.ID, Token: cl.Token, At: time.Now(), Status: 200, NextPoll: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFeedValidators(t.Context(), "a", store.FeedValidators{ETag: `"1"`}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeedValidators(t.Context(), "b", store.FeedValidators{ETag: `"2"`}); err != nil {
		t.Fatal(err)
	}

	// a gets a new URL (validators forgotten, due at once), b a shorter
	// interval (next poll brought forward), c is new, and a config feed
	// no longer listed would go.
	a.URL = "https://aninews.in/rss/moved.xml"
	b.Interval = time.Minute
	mustSync(t, s, a, b, feedSpec("c"))
	h = feedHealth(t, s)
	if len(h) != 3 || h["a"].URL != a.URL || h["b"].Interval != time.Minute {
		t.Fatalf("after resync: %+v", h)
	}
	if v, _ := s.FeedValidators(t.Context(), "a"); v != (store.FeedValidators{}) {
		t.Errorf("validators of a moved feed kept: %+v", v)
	}
	if v, _ := s.FeedValidators(t.Context(), "b"); v.ETag != `"2"` {
		t.Errorf("validators of b lost: %+v", v)
	}
	if h["a"].NextPoll.After(time.Now().Add(time.Second)) {
		t.Errorf("moved feed due at %v, want at once", h["a"].NextPoll)
	}
	if h["b"].NextPoll.After(time.Now().Add(61 * time.Second)) {
		t.Errorf("b due at %v, want within its new 1m interval", h["b"].NextPoll)
	}
	mustSync(t, s, b)
	if h = feedHealth(t, s); len(h) != 1 || h["b"].ID != "b" {
		t.Errorf("after sync to b alone: %v", h)
	}
	mustSync(t, s)
	if h = feedHealth(t, s); len(h) != 0 {
		t.Errorf("after sync to nothing: %v", h)
	}
}

func testFeedSyncRejects(t *testing.T, s store.FeedStore) {
	bad := []struct {
		name  string
		specs []store.FeedSpec
	}{
		{"empty id", []store.FeedSpec{func() store.FeedSpec { f := feedSpec("x"); f.ID = ""; return f }()}},
		{"no url", []store.FeedSpec{func() store.FeedSpec { f := feedSpec("x"); f.URL = ""; return f }()}},
		{"zero interval", []store.FeedSpec{func() store.FeedSpec { f := feedSpec("x"); f.Interval = 0; return f }()}},
		{"bad fetch_page", []store.FeedSpec{func() store.FeedSpec { f := feedSpec("x"); f.FetchPage = "sometimes"; return f }()}},
		{"NUL in id", []store.FeedSpec{feedSpec("x\x00y")}},
		{"duplicate id", []store.FeedSpec{feedSpec("x"), feedSpec("x")}},
	}
	mustSync(t, s, feedSpec("kept"))
	for _, b := range bad {
		if err := s.SyncFeeds(t.Context(), b.specs); err == nil {
			t.Errorf("%s: SyncFeeds accepted it", b.name)
		}
	}
	if h := feedHealth(t, s); len(h) != 1 {
		t.Errorf("a refused sync changed the list: %v", h)
	}
	if err := s.AddFeed(t.Context(), store.FeedSpec{ID: "y"}); err == nil {
		t.Error("AddFeed accepted a feed without url")
	}
}

func testFeedAddRemove(t *testing.T, s store.FeedStore) {
	mustSync(t, s, feedSpec("cfg"))
	if err := s.AddFeed(t.Context(), feedSpec("extra")); err != nil {
		t.Fatalf("AddFeed: %v", err)
	}
	for _, id := range []string{"extra", "cfg"} {
		if err := s.AddFeed(t.Context(), feedSpec(id)); !errors.Is(err, store.ErrFeedExists) {
			t.Errorf("AddFeed(%s) again: %v, want ErrFeedExists", id, err)
		}
	}
	mustSync(t, s, feedSpec("cfg"))
	h := feedHealth(t, s)
	if h["extra"].Origin != store.OriginAdded || h["cfg"].Origin != store.OriginConfig {
		t.Fatalf("origins: %+v", h)
	}
	if err := s.RecordItem(t.Context(), "extra", "i1", "h1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(t.Context(), "extra"); err != nil {
		t.Fatalf("RemoveFeed: %v", err)
	}
	if err := s.RemoveFeed(t.Context(), "extra"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveFeed again: %v, want ErrNotFound", err)
	}
	// Its items went with it: added again, it starts afresh.
	if err := s.AddFeed(t.Context(), feedSpec("extra")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SeenItems(t.Context(), "extra", []string{"i1"}, time.Now()); len(got) != 0 {
		t.Errorf("items of a removed feed survived: %v", got)
	}
	// A config listing an added feed makes it a config feed.
	mustSync(t, s, feedSpec("cfg"), feedSpec("extra"))
	if h := feedHealth(t, s); h["extra"].Origin != store.OriginConfig {
		t.Errorf("origin after sync: %s", h["extra"].Origin)
	}
}

func testFeedLease(t *testing.T, s store.FeedStore) {
	mustSync(t, s, feedSpec("f"))
	now := soon()
	first := mustClaim(t, s, "host-a", now, time.Minute, 10)
	if len(first) != 1 || first[0].FeedSpec != feedSpec("f") || !first[0].Until.Equal(now.Add(time.Minute).Truncate(time.Microsecond)) {
		t.Fatalf("claim: %+v", first)
	}
	if again := mustClaim(t, s, "host-b", now.Add(59*time.Second), time.Minute, 10); len(again) != 0 {
		t.Fatalf("leased feed claimed again: %+v", again)
	}
	if h := feedHealth(t, s)["f"]; h.LeasedBy != "host-a" || !h.NextPoll.Equal(first[0].Until) {
		t.Errorf("health while leased: by %q next %v", h.LeasedBy, h.NextPoll)
	}
	// Extending moves the lapse.
	if err := s.ExtendLease(t.Context(), "f", first[0].Token, now.Add(2*time.Minute)); err != nil {
		t.Fatalf("ExtendLease: %v", err)
	}
	if again := mustClaim(t, s, "host-b", now.Add(90*time.Second), time.Minute, 10); len(again) != 0 {
		t.Fatalf("extended lease claimed: %+v", again)
	}
	// host-a dies; once its lease lapses host-b takes the feed over.
	taken := mustClaim(t, s, "host-b", now.Add(2*time.Minute), time.Minute, 10)
	if len(taken) != 1 || taken[0].Token == first[0].Token {
		t.Fatalf("lapsed lease not taken over: %+v", taken)
	}
	// host-a's old claim is worth nothing now.
	old := first[0]
	if err := s.ExtendLease(t.Context(), "f", old.Token, now.Add(time.Hour)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("ExtendLease with a lost claim: %v", err)
	}
	if err := s.CompletePoll(t.Context(), store.FeedResult{Feed: "f", Token: old.Token, At: now, Err: "late", NextPoll: now}); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("CompletePoll with a lost claim: %v", err)
	}
	if err := s.ReleaseLease(t.Context(), "f", old.Token); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("ReleaseLease with a lost claim: %v", err)
	}
	if h := feedHealth(t, s)["f"]; h.LastError != "" || h.LeasedBy != "host-b" {
		t.Errorf("a lost claim changed the feed: %+v", h)
	}
	// A completed claim cannot be extended or completed twice.
	res := store.FeedResult{Feed: "f", Token: taken[0].Token, At: now, Status: 304, NextPoll: now.Add(time.Hour)}
	if err := s.CompletePoll(t.Context(), res); err != nil {
		t.Fatalf("CompletePoll: %v", err)
	}
	if err := s.CompletePoll(t.Context(), res); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("second CompletePoll: %v", err)
	}
	if err := s.ExtendLease(t.Context(), "f", taken[0].Token, now.Add(time.Hour)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("ExtendLease after complete: %v", err)
	}
	// A removed feed's claim is lost too.
	c := mustClaim(t, s, "host-b", now.Add(2*time.Hour), time.Minute, 1)
	if len(c) != 1 {
		t.Fatalf("feed not due after its next poll: %+v", c)
	}
	if err := s.RemoveFeed(t.Context(), "f"); err != nil {
		t.Fatal(err)
	}
	if err := s.CompletePoll(t.Context(), store.FeedResult{Feed: "f", Token: c[0].Token, At: now, NextPoll: now}); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("CompletePoll of a removed feed: %v", err)
	}
}

func testFeedClaimOrder(t *testing.T, s store.FeedStore) {
	var specs []store.FeedSpec
	for i := range 5 {
		specs = append(specs, feedSpec(fmt.Sprintf("f%d", i)))
	}
	mustSync(t, s, specs...)
	now := soon()
	// Give each feed a next poll: f4 most overdue, f0 least, f2 not due.
	all := mustClaim(t, s, "setup", now, time.Minute, 10)
	if len(all) != 5 {
		t.Fatalf("claimed %d of 5 new feeds", len(all))
	}
	for _, c := range all {
		var n int
		fmt.Sscanf(c.ID, "f%d", &n)
		next := now.Add(-time.Duration(n) * time.Minute)
		if c.ID == "f2" {
			next = now.Add(time.Hour)
		}
		if err := s.CompletePoll(t.Context(), store.FeedResult{Feed: c.ID, Token: c.Token, At: now, NextPoll: next}); err != nil {
			t.Fatal(err)
		}
	}
	if got := claimedIDs(mustClaim(t, s, "h", now, time.Minute, 2)); !slices.Equal(got, []string{"f4", "f3"}) {
		t.Errorf("first claim = %v, want [f4 f3]", got)
	}
	if got := claimedIDs(mustClaim(t, s, "h", now, time.Minute, 10)); !slices.Equal(got, []string{"f1", "f0"}) {
		t.Errorf("second claim = %v, want [f1 f0]", got)
	}
	if got := mustClaim(t, s, "h", now, time.Minute, 0); len(got) != 0 {
		t.Errorf("limit 0 claimed %v", claimedIDs(got))
	}
}

func testFeedRelease(t *testing.T, s store.FeedStore) {
	mustSync(t, s, feedSpec("f"))
	c := mustClaim(t, s, "host-a", soon(), time.Hour, 1)
	if len(c) != 1 {
		t.Fatal("nothing claimed")
	}
	if err := s.ReleaseLease(t.Context(), "f", c[0].Token); err != nil {
		t.Fatalf("ReleaseLease: %v", err)
	}
	if err := s.ReleaseLease(t.Context(), "f", c[0].Token); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("second ReleaseLease: %v", err)
	}
	again := mustClaim(t, s, "host-b", soon(), time.Hour, 1)
	if len(again) != 1 || again[0].Token <= c[0].Token {
		t.Errorf("released feed not claimable at once: %+v", again)
	}
	if h := feedHealth(t, s)["f"]; !h.LastPoll.IsZero() {
		t.Errorf("a release counted as a poll: %+v", h)
	}
}

func testFeedComplete(t *testing.T, s store.FeedStore) {
	mustSync(t, s, feedSpec("f"))
	now := time.Now().UTC().Truncate(time.Second)
	poll := func(at time.Time, r store.FeedResult) store.FeedClaim {
		t.Helper()
		c := mustClaim(t, s, "host", at, time.Minute, 1)
		if len(c) != 1 {
			t.Fatalf("feed not due at %v", at)
		}
		r.Feed, r.Token, r.At = "f", c[0].Token, at
		if err := s.CompletePoll(t.Context(), r); err != nil {
			t.Fatalf("CompletePoll: %v", err)
		}
		return c[0]
	}
	c := poll(now.Add(time.Second), store.FeedResult{Status: 200, Title: "ANI World", New: 3, NextPoll: now.Add(time.Minute)})
	if c.ConsecutiveErrors != 0 {
		t.Errorf("first claim carries %d errors", c.ConsecutiveErrors)
	}
	h := feedHealth(t, s)["f"]
	want := store.FeedHealth{
		FeedSpec: feedSpec("f"), Origin: store.OriginConfig, Title: "ANI World",
		LastPoll: now.Add(time.Second), LastSuccess: now.Add(time.Second), LastStatus: 200,
		NextPoll: now.Add(time.Minute), ItemsNew: 3, LastItemAt: now.Add(time.Second),
	}
	if h != want {
		t.Errorf("after a success:\n got %+v\nwant %+v", h, want)
	}

	// Two failures count up, keep the last success and the title, and the
	// next claim says how many came before.
	poll(now.Add(time.Minute), store.FeedResult{Status: 500, Err: "poll f: http 500", NextPoll: now.Add(2 * time.Minute)})
	c = poll(now.Add(2*time.Minute), store.FeedResult{Err: "poll f: request timed out \xff\x00", NextPoll: now.Add(3 * time.Minute)})
	if c.ConsecutiveErrors != 1 {
		t.Errorf("claim after one failure carries %d errors", c.ConsecutiveErrors)
	}
	h = feedHealth(t, s)["f"]
	if h.ConsecutiveErrors != 2 || h.LastStatus != 0 || h.LastError != "poll f: request timed out \uFFFD\uFFFD" ||
		!h.LastErrorAt.Equal(now.Add(2*time.Minute)) || !h.LastSuccess.Equal(now.Add(time.Second)) || h.Title != "ANI World" {
		t.Errorf("after two failures: %+v", h)
	}
	c = poll(now.Add(3*time.Minute), store.FeedResult{Status: 304, NextPoll: now.Add(4 * time.Minute)})
	if c.ConsecutiveErrors != 2 {
		t.Errorf("claim after two failures carries %d errors", c.ConsecutiveErrors)
	}
	h = feedHealth(t, s)["f"]
	if h.ConsecutiveErrors != 0 || !h.LastSuccess.Equal(now.Add(3*time.Minute)) || h.LastError == "" || h.LastStatus != 304 {
		t.Errorf("after recovery: %+v", h)
	}
	poll(now.Add(4*time.Minute), store.FeedResult{Status: 200, New: 1, Updated: 2, NextPoll: now.Add(5 * time.Minute)})
	h = feedHealth(t, s)["f"]
	if h.ItemsNew != 4 || h.ItemsUpdated != 2 || !h.LastItemAt.Equal(now.Add(4*time.Minute)) || h.UsualGap != 4*time.Minute-time.Second || h.Gaps != 1 {
		t.Errorf("item counts and gap: %+v", h)
	}
}

func testFeedConcurrentClaims(t *testing.T, s store.FeedStore) {
	const feeds, pollers = 40, 8
	var specs []store.FeedSpec
	for i := range feeds {
		specs = append(specs, feedSpec(fmt.Sprintf("f%02d", i)))
	}
	mustSync(t, s, specs...)
	now := soon()
	var (
		mu     sync.Mutex
		holder = map[string]string{}
		wg     sync.WaitGroup
	)
	for p := range pollers {
		owner := fmt.Sprintf("host-%d", p)
		wg.Go(func() {
			for range feeds {
				claims, err := s.ClaimFeeds(t.Context(), owner, now, time.Hour, 3)
				if err != nil {
					t.Errorf("ClaimFeeds(%s): %v", owner, err)
					return
				}
				mu.Lock()
				for _, c := range claims {
					if prev, taken := holder[c.ID]; taken {
						t.Errorf("feed %s claimed by %s and %s", c.ID, prev, owner)
					}
					holder[c.ID] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(holder) != feeds {
		t.Errorf("%d of %d feeds claimed", len(holder), feeds)
	}
}

func testFeedItems(t *testing.T, s store.FeedStore) {
	ctx := t.Context()
	mustSync(t, s, feedSpec("f"), feedSpec("g"))
	if v, err := s.FeedValidators(ctx, "unknown"); err != nil || v != (store.FeedValidators{}) {
		t.Errorf("validators of an unknown feed: %+v, %v", v, err)
	}
	want := store.FeedValidators{ETag: `W/"abc"`, LastModified: "Fri, 25 Apr 2025 19:30:00 GMT"}
	if err := s.SetFeedValidators(ctx, "f", want); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FeedValidators(ctx, "f"); err != nil || got != want {
		t.Errorf("validators = %+v, %v; want %+v", got, err, want)
	}

	t0 := time.Now().UTC().Truncate(time.Second)
	dirty := "guid-\xff\x00"
	for _, it := range []struct{ id, hash string }{{"a", "h1"}, {"b", "h2"}, {dirty, "h3"}} {
		if err := s.RecordItem(ctx, "f", it.id, it.hash, t0); err != nil {
			t.Fatalf("RecordItem(%q): %v", it.id, err)
		}
	}
	if err := s.RecordItem(ctx, "g", "a", "other", t0); err != nil {
		t.Fatal(err)
	}
	got, err := s.SeenItems(ctx, "f", []string{"a", dirty, "new"}, t0.Add(48*time.Hour))
	if err != nil {
		t.Fatalf("SeenItems: %v", err)
	}
	if len(got) != 2 || got["a"] != "h1" || got[dirty] != "h3" {
		t.Errorf("SeenItems = %q", got)
	}
	// An update changes the hash but not when the item first came.
	if err := s.RecordItem(ctx, "f", "a", "h1b", t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// b was not seen since t0: forgetting before t0+24h drops it alone.
	if err := s.ForgetItems(ctx, "f", t0.Add(24*time.Hour)); err != nil {
		t.Fatalf("ForgetItems: %v", err)
	}
	got, _ = s.SeenItems(ctx, "f", []string{"a", "b", dirty}, t0.Add(49*time.Hour))
	if len(got) != 2 || got["a"] != "h1b" || got[dirty] != "h3" {
		t.Errorf("after Forget: %q", got)
	}
	if other, _ := s.SeenItems(ctx, "g", []string{"a"}, t0); other["a"] != "other" {
		t.Errorf("feeds share items: %q", other)
	}
	if none, err := s.SeenItems(ctx, "f", nil, t0); err != nil || len(none) != 0 {
		t.Errorf("SeenItems(nil) = %v, %v", none, err)
	}
}

func testFeedQuiet(t *testing.T, s store.FeedStore) {
	mustSync(t, s, feedSpec("chatty"), feedSpec("silent"), feedSpec("young"))
	now := time.Now().UTC()
	// chatty and silent brought items hourly; silent stopped 10 hours ago.
	// young has too few gaps to judge.
	history := map[string][]time.Duration{
		"chatty": {-4 * time.Hour, -3 * time.Hour, -2 * time.Hour, -time.Hour},
		"silent": {-14 * time.Hour, -13 * time.Hour, -12 * time.Hour, -11 * time.Hour, -10 * time.Hour},
		"young":  {-30 * time.Hour, -29 * time.Hour, -28 * time.Hour},
	}
	for id, times := range history {
		for i, d := range times {
			at := now.Add(d)
			claims, err := s.ClaimFeeds(t.Context(), "host", now.Add(time.Second), time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range claims {
				r := store.FeedResult{Feed: c.ID, Token: c.Token, At: at, Status: 200, NextPoll: now}
				if c.ID == id {
					r.New = 1
				} else {
					r.At = now.Add(-100 * time.Hour) // a poll of another feed, long ago, bringing nothing
				}
				if err := s.CompletePoll(t.Context(), r); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.RecordItem(t.Context(), id, fmt.Sprintf("%s-%d", id, i), "h", at); err != nil {
				t.Fatal(err)
			}
		}
	}
	h := feedHealth(t, s)
	for id, want := range map[string]struct {
		quiet   bool
		items24 int
		gaps    int
	}{
		"chatty": {false, 4, 3},
		"silent": {true, 5, 4},
		"young":  {false, 0, 2},
	} {
		got := h[id]
		if got.Quiet != want.quiet || got.Items24h != want.items24 || got.Gaps != want.gaps || got.UsualGap != time.Hour {
			t.Errorf("%s: quiet %v, %d items in 24h, usual gap %s over %d gaps; want %v, %d, 1h, %d",
				id, got.Quiet, got.Items24h, got.UsualGap, got.Gaps, want.quiet, want.items24, want.gaps)
		}
	}
	if !store.IsQuiet(h["silent"], now) || store.IsQuiet(h["silent"], h["silent"].LastItemAt.Add(time.Hour)) {
		t.Error("IsQuiet disagrees with FeedHealth")
	}
}
