package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// RunOutbox runs the editorial and outbox cases against one backend: every
// edge of approve, correct and withdraw, and the relays' claims.
func RunOutbox(t *testing.T, open func(t *testing.T) store.Store) {
	runCases(t, open, []storeCase{
		{"approve queues one publish and is idempotent", testApprove},
		{"approve refuses a stale version and a story not queued", testApproveRefused},
		{"sent moves the story to published once", testMarkSent},
		{"a story's events are claimed in order", testClaimOrder},
		{"a leased row is not claimed twice until its lease lapses", testLease},
		{"a failed row is due again at its retry time", testMarkFailed},
		{"a newer version that arrives while approved stays queued", testNewerVersionWhileApproved},
		{"withdraw makes a new withdrawn version", testWithdraw},
		{"correct makes a new version queued as a correction", testCorrect},
		{"an agency's kill is approved as a withdrawal", testAgencyKill},
		{"concurrent relays never claim a row twice", testConcurrentClaims},
		{"published events page by sequence and filter", testListPublished},
		{"api keys are made, checked, listed and revoked", testKeys},
	})
}

const lease = time.Minute

func claimAll(t *testing.T, s store.Store, owner string) []store.OutboxRow {
	t.Helper()
	rows, err := s.ClaimOutbox(t.Context(), owner, lease, 100)
	if err != nil {
		t.Fatalf("ClaimOutbox: %v", err)
	}
	return rows
}

func mustApprove(t *testing.T, s store.Store, id string, version int) *article.Article {
	t.Helper()
	a, err := s.Approve(t.Context(), id, version, store.Actor{Name: "editor"})
	if err != nil {
		t.Fatalf("Approve(%s, %d): %v", id, version, err)
	}
	return a
}

// publishAll claims every due row and marks it sent with increasing
// sequences from seq, as a relay would, and returns the rows.
func publishAll(t *testing.T, s store.Store, seq *uint64) []store.OutboxRow {
	t.Helper()
	rows := claimAll(t, s, "relay")
	for _, r := range rows {
		*seq++
		if err := s.MarkSent(t.Context(), r.ID, store.Sent{Sequence: *seq, Subject: "wire.published.ani.general", Agency: "ani", Topic: "general"}); err != nil {
			t.Fatalf("MarkSent(%d): %v", r.ID, err)
		}
	}
	return rows
}

func wantDelivery(t *testing.T, s store.Store, id string, event article.Event, state string) *article.Article {
	t.Helper()
	a := mustGet(t, s, id)
	if a.Delivery == nil || a.Delivery.Event != event || a.Delivery.State != state {
		t.Fatalf("Get(%s).Delivery = %+v, want event %s state %s", id, a.Delivery, event, state)
	}
	return a
}

func testApprove(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Kremlin aide meets envoy", "Talks lasted three hours."))
	if a := mustGet(t, s, "s1"); a.Delivery != nil {
		t.Fatalf("a queued story has a delivery: %+v", a.Delivery)
	}
	a := mustApprove(t, s, "s1", 1)
	if a.Status != article.StatusApproved || a.Version != 1 {
		t.Fatalf("Approve = %s v%d, want approved v1", a.Status, a.Version)
	}
	wantDelivery(t, s, "s1", article.EventPublish, article.DeliveryPublishing)
	if got, _ := s.GetVersion(t.Context(), "s1", 1); got.Status != article.StatusApproved {
		t.Errorf("version 1's document says %s, want approved", got.Status)
	}
	again := mustApprove(t, s, "s1", 0)
	if again.Status != article.StatusApproved {
		t.Errorf("second Approve = %s", again.Status)
	}
	rows := claimAll(t, s, "relay")
	if len(rows) != 1 || rows[0].StoryID != "s1" || rows[0].Version != 1 || rows[0].Event != article.EventPublish || rows[0].Attempts != 1 {
		t.Fatalf("claimed %+v, want one publish of s1 v1 at attempt 1", rows)
	}
	list, err := s.List(t.Context(), store.ListQuery{Status: article.StatusApproved})
	if err != nil || len(list) != 1 || list[0].Delivery == nil || list[0].Delivery.State != article.DeliveryPublishing {
		t.Errorf("List(approved) = %v, %v; want s1 publishing", list, err)
	}
	b, err := s.OutboxBacklog(t.Context())
	if err != nil || b.Unsent != 1 || b.Oldest.IsZero() {
		t.Errorf("OutboxBacklog = %+v, %v; want 1 unsent", b, err)
	}
}

func testApproveRefused(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "First text."))
	mustPut(t, s, story("s1", "Headline", "Second text."))
	if _, err := s.Approve(t.Context(), "s1", 1, store.Actor{Name: "editor"}); !errors.Is(err, store.ErrStale) {
		t.Errorf("Approve of version 1 when 2 is latest: %v, want ErrStale", err)
	}
	if _, err := s.Approve(t.Context(), "nope", 0, store.Actor{Name: "editor"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Approve of a missing story: %v, want ErrNotFound", err)
	}
	mustPut(t, s, story("s2", "Other", "Text."))
	mustSetStatus(t, s, "s2", article.StatusRejected)
	if _, err := s.Approve(t.Context(), "s2", 0, store.Actor{Name: "editor"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Approve of a rejected story: %v, want ErrConflict", err)
	}
	if rows := claimAll(t, s, "relay"); len(rows) != 0 {
		t.Errorf("refused approvals left rows: %+v", rows)
	}
}

func testMarkSent(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	var seq uint64 = 41
	rows := publishAll(t, s, &seq)
	// A second relay's late MarkSent of the same row changes nothing.
	if err := s.MarkSent(t.Context(), rows[0].ID, store.Sent{Sequence: 99}); err != nil {
		t.Fatal(err)
	}
	a := wantDelivery(t, s, "s1", article.EventPublish, article.DeliverySent)
	if a.Status != article.StatusPublished || a.Delivery.Sequence != 42 || a.Delivery.SentAt == nil {
		t.Errorf("after MarkSent: %s, delivery %+v; want published at sequence 42", a.Status, a.Delivery)
	}
	if got, _ := s.GetVersion(t.Context(), "s1", 1); got.Status != article.StatusPublished {
		t.Errorf("version 1's document says %s, want published", got.Status)
	}
	if rows := claimAll(t, s, "relay"); len(rows) != 0 {
		t.Errorf("a sent row was claimed again: %+v", rows)
	}
}

func testClaimOrder(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	first := claimAll(t, s, "relay")
	if len(first) != 1 {
		t.Fatalf("claimed %d rows, want 1", len(first))
	}
	if err := s.MarkFailed(t.Context(), first[0].ID, "nats: no responders", time.Now()); err != nil {
		t.Fatal(err)
	}
	// The bus was away; meanwhile the agency updated the story and the
	// editor approved the update. v2 must not overtake v1.
	mustPut(t, s, story("s1", "Headline", "Text, updated."))
	mustApprove(t, s, "s1", 2)
	rows := claimAll(t, s, "relay")
	if len(rows) != 1 || rows[0].Version != 1 || rows[0].Attempts != 2 {
		t.Fatalf("claimed %+v, want only v1 at attempt 2", rows)
	}
	var seq uint64
	if err := s.MarkSent(t.Context(), rows[0].ID, store.Sent{Sequence: 1}); err != nil {
		t.Fatal(err)
	}
	seq = 1
	rows = publishAll(t, s, &seq)
	if len(rows) != 1 || rows[0].Version != 2 || rows[0].Event != article.EventUpdate {
		t.Fatalf("claimed %+v, want v2 as an update", rows)
	}
	if a := mustGet(t, s, "s1"); a.Status != article.StatusPublished || a.Version != 2 {
		t.Errorf("story is %s v%d, want published v2", a.Status, a.Version)
	}
}

func testLease(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	rows, err := s.ClaimOutbox(t.Context(), "a", 300*time.Millisecond, 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("first claim: %v, %v", rows, err)
	}
	if again := claimAll(t, s, "b"); len(again) != 0 {
		t.Fatalf("a leased row was claimed again: %+v", again)
	}
	time.Sleep(400 * time.Millisecond)
	again := claimAll(t, s, "b")
	if len(again) != 1 || again[0].Attempts != 2 || !again[0].FirstTry.Equal(rows[0].FirstTry) {
		t.Fatalf("after the lease lapsed: %+v; want the row at attempt 2 with its first try kept (%v)", again, rows[0].FirstTry)
	}
}

func testMarkFailed(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	rows := claimAll(t, s, "relay")
	retry := time.Now().Add(300 * time.Millisecond)
	if err := s.MarkFailed(t.Context(), rows[0].ID, "nats: connection closed", retry); err != nil {
		t.Fatal(err)
	}
	a := wantDelivery(t, s, "s1", article.EventPublish, article.DeliveryPublishing)
	if a.Delivery.LastError != "nats: connection closed" || a.Delivery.Attempts != 1 || a.Delivery.NextTry == nil {
		t.Errorf("delivery %+v: want the error, 1 attempt and the next try", a.Delivery)
	}
	if early := claimAll(t, s, "relay"); len(early) != 0 {
		t.Errorf("claimed before its retry time: %+v", early)
	}
	time.Sleep(time.Until(retry) + 50*time.Millisecond)
	if late := claimAll(t, s, "relay"); len(late) != 1 {
		t.Errorf("not claimed after its retry time: %+v", late)
	}
}

func testNewerVersionWhileApproved(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	mustPut(t, s, story("s1", "Headline", "Text, updated."))
	var seq uint64
	publishAll(t, s, &seq)
	a := mustGet(t, s, "s1")
	if a.Status != article.StatusQueued || a.Version != 2 {
		t.Errorf("story is %s v%d, want queued v2 (its update awaits review)", a.Status, a.Version)
	}
	if v1, _ := s.GetVersion(t.Context(), "s1", 1); v1.Status != article.StatusApproved {
		t.Logf("version 1 keeps status %s", v1.Status)
	}
}

func testWithdraw(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	if _, err := s.Withdraw(t.Context(), "s1", 0, "legal", store.Actor{Name: "editor"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Withdraw of a queued story: %v, want ErrConflict", err)
	}
	mustApprove(t, s, "s1", 1)
	var seq uint64
	publishAll(t, s, &seq)
	if _, err := s.Withdraw(t.Context(), "s1", 1, "  ", store.Actor{Name: "editor"}); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("Withdraw without a reason: %v, want ErrInvalid", err)
	}
	if _, err := s.Withdraw(t.Context(), "s1", 2, "legal", store.Actor{Name: "editor"}); !errors.Is(err, store.ErrStale) {
		t.Errorf("Withdraw of a version not yet made: %v, want ErrStale", err)
	}
	a, err := s.Withdraw(t.Context(), "s1", 1, "Legal asked us to take it down", store.Actor{Name: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.Status != article.StatusWithdrawn || len(a.Changes) != 1 || a.Changes[0].Kind != article.ChangeWithdrawal {
		t.Fatalf("Withdraw = v%d %s changes %+v; want v2 withdrawn with a withdrawal notice", a.Version, a.Status, a.Changes)
	}
	rows := publishAll(t, s, &seq)
	if len(rows) != 1 || rows[0].Event != article.EventWithdraw || rows[0].Version != 2 || rows[0].Note != "Legal asked us to take it down" {
		t.Fatalf("claimed %+v, want the withdrawal of v2 with its reason", rows)
	}
	if got := mustGet(t, s, "s1"); got.Status != article.StatusWithdrawn {
		t.Errorf("after the withdrawal went out the story is %s", got.Status)
	}
	// The agency's original text polled again is still version 1, and
	// does not bring the story back.
	res := mustPut(t, s, story("s1", "Headline", "Text."))
	if res.Outcome != store.Unchanged || res.Version != 1 {
		t.Errorf("re-poll after withdrawal = %+v, want unchanged v1", res)
	}
	if _, err := s.Withdraw(t.Context(), "s1", 0, "again", store.Actor{Name: "editor"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second Withdraw: %v, want ErrConflict", err)
	}
}

func testCorrect(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Kremlin aide meets envoy", "Talks lasted three hours.\n\nThey ended late."))
	headline := "Kremlin aide meets US envoy"
	if _, err := s.Correct(t.Context(), "s1", 0, store.Correction{Headline: &headline}, store.Actor{Name: "editor"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Correct of a queued story: %v, want ErrConflict", err)
	}
	mustApprove(t, s, "s1", 1)
	var seq uint64
	publishAll(t, s, &seq)
	if _, err := s.Correct(t.Context(), "s1", 0, store.Correction{}, store.Actor{Name: "editor"}); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("empty correction: %v, want ErrInvalid", err)
	}
	body := "Talks lasted five hours.\n\nThey ended late."
	a, err := s.Correct(t.Context(), "s1", 1, store.Correction{Headline: &headline, BodyText: &body, Note: "Talks lasted five hours, not three."}, store.Actor{Name: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.Status != article.StatusApproved || a.Headline != headline || a.BodyText != body {
		t.Fatalf("Correct = v%d %s %q; want v2 approved with the new headline and body", a.Version, a.Status, a.Headline)
	}
	if a.Fingerprint.Content != article.ContentFingerprint(headline, body) || len(a.Body) != 2 {
		t.Errorf("fingerprint or body blocks not rebuilt: %+v", a.Body)
	}
	kinds := fmt.Sprint(a.Changes)
	if len(a.Changes) != 3 || a.Changes[0].Kind != article.ChangeCorrection {
		t.Errorf("changes %s: want correction, headline, body", kinds)
	}
	rows := publishAll(t, s, &seq)
	if len(rows) != 1 || rows[0].Event != article.EventCorrection || rows[0].Version != 2 {
		t.Fatalf("claimed %+v, want the correction of v2", rows)
	}
	if got := mustGet(t, s, "s1"); got.Status != article.StatusPublished || got.Version != 2 {
		t.Errorf("after the correction went out: %s v%d", got.Status, got.Version)
	}
	versions, err := s.Versions(t.Context(), "s1")
	if err != nil || len(versions) != 2 {
		t.Errorf("Versions = %d, %v; want 2", len(versions), err)
	}
}

func testAgencyKill(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	mustApprove(t, s, "s1", 1)
	var seq uint64
	publishAll(t, s, &seq)
	kill := story("s1", "KILL: Headline", "Text.")
	kill.Changes = []article.Change{{Kind: article.ChangeKill, Text: "KILL"}}
	mustPut(t, s, kill)
	mustApprove(t, s, "s1", 2)
	rows := publishAll(t, s, &seq)
	if len(rows) != 1 || rows[0].Event != article.EventWithdraw {
		t.Fatalf("claimed %+v, want a withdrawal", rows)
	}
	if got := mustGet(t, s, "s1"); got.Status != article.StatusWithdrawn {
		t.Errorf("after the agency's kill went out the story is %s, want withdrawn", got.Status)
	}
}

func testConcurrentClaims(t *testing.T, s store.Store) {
	const stories = 60
	for i := range stories {
		id := fmt.Sprintf("s%02d", i)
		mustPut(t, s, story(id, "Headline "+id, "Text of "+id+"."))
		mustApprove(t, s, id, 1)
	}
	var (
		mu   sync.Mutex
		seen = map[int64]string{}
		wg   sync.WaitGroup
	)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("relay-%d", r)
			for {
				rows, err := s.ClaimOutbox(t.Context(), owner, lease, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rows) == 0 {
					return
				}
				for _, row := range rows {
					mu.Lock()
					if other, dup := seen[row.ID]; dup {
						t.Errorf("row %d claimed by %s and %s", row.ID, other, owner)
					}
					seen[row.ID] = owner
					mu.Unlock()
					if err := s.MarkSent(t.Context(), row.ID, store.Sent{Sequence: uint64(row.ID)}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != stories {
		t.Errorf("%d rows claimed, want %d", len(seen), stories)
	}
}

func testListPublished(t *testing.T, s store.Store) {
	for i, agency := range []string{"ani", "pti", "ani"} {
		id := fmt.Sprintf("s%d", i)
		mustPut(t, s, story(id, "Headline "+id, "Text "+id+"."))
		mustApprove(t, s, id, 1)
		rows := claimAll(t, s, "relay")
		if err := s.MarkSent(t.Context(), rows[0].ID, store.Sent{Sequence: uint64(10 + i), Subject: "wire.published." + agency + ".politics", Agency: agency, Topic: "politics"}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListPublished(t.Context(), store.PublishedQuery{})
	if err != nil || len(all) != 3 || all[0].Sequence != 10 || all[2].Sequence != 12 {
		t.Fatalf("ListPublished = %+v, %v", all, err)
	}
	if all[0].Story == nil || all[0].Story.ID != "s0" || all[0].Event != article.EventPublish || all[0].SentAt.IsZero() {
		t.Errorf("first event %+v", all[0])
	}
	ani, _ := s.ListPublished(t.Context(), store.PublishedQuery{Agency: "ani", After: 10})
	if len(ani) != 1 || ani[0].Sequence != 12 {
		t.Errorf("ani after 10 = %+v, want sequence 12", ani)
	}
	page, _ := s.ListPublished(t.Context(), store.PublishedQuery{Limit: 2})
	if len(page) != 2 {
		t.Errorf("limit 2 gave %d", len(page))
	}
	none, _ := s.ListPublished(t.Context(), store.PublishedQuery{Topic: "sport"})
	if len(none) != 0 {
		t.Errorf("topic sport gave %d", len(none))
	}
	newest, _ := s.ListPublished(t.Context(), store.PublishedQuery{Newest: true, Limit: 2})
	if len(newest) != 2 || newest[0].Sequence != 12 || newest[1].Sequence != 11 {
		t.Errorf("newest 2 = %+v, want 12, 11", newest)
	}
	one, _ := s.ListPublished(t.Context(), store.PublishedQuery{StoryID: "s1"})
	if len(one) != 1 || one[0].Story.ID != "s1" {
		t.Errorf("story s1's events = %+v", one)
	}
	future, _ := s.ListPublished(t.Context(), store.PublishedQuery{Since: time.Now().Add(time.Hour)})
	if len(future) != 0 {
		t.Errorf("since an hour ahead gave %d", len(future))
	}
}

func testKeys(t *testing.T, s store.Store) {
	ctx := t.Context()
	if _, _, err := s.AddKey(ctx, " ", store.ScopeRead); err == nil {
		t.Error("a key without a name was made")
	}
	if _, _, err := s.AddKey(ctx, "site", "admin"); err == nil {
		t.Error("a key with an unknown scope was made")
	}
	key, k, err := s.AddKey(ctx, "example.com site", store.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) < 40 || k.ID == "" || k.Scope != store.ScopeRead {
		t.Fatalf("AddKey = %q, %+v", key, k)
	}
	other, _, err := s.AddKey(ctx, "script", store.ScopeWrite)
	if err != nil || other == key {
		t.Fatalf("second key %q, %v", other, err)
	}
	got, err := s.CheckKey(ctx, key)
	if err != nil || got.ID != k.ID || got.Name != "example.com site" {
		t.Fatalf("CheckKey = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "wdk_", key + "x", key[:len(key)-1], "Bearer " + key} {
		if _, err := s.CheckKey(ctx, bad); !errors.Is(err, store.ErrBadKey) {
			t.Errorf("CheckKey(%q) = %v, want ErrBadKey", bad, err)
		}
	}
	list, err := s.ListKeys(ctx)
	if err != nil || len(list) != 2 || list[0].ID != k.ID || list[0].LastUsed == nil {
		t.Fatalf("ListKeys = %+v, %v; want both, the first used", list, err)
	}
	if err := s.RevokeKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckKey(ctx, key); !errors.Is(err, store.ErrBadKey) {
		t.Errorf("a revoked key still works: %v", err)
	}
	if err := s.RevokeKey(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RevokeKey(nope) = %v, want ErrNotFound", err)
	}
	if _, err := s.CheckKey(ctx, other); err != nil {
		t.Errorf("revoking one key stopped another: %v", err)
	}
}
