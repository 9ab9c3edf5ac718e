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

// RunAccounts runs the accounts, sessions, audit and state-machine cases
// against one backend.
func RunAccounts(t *testing.T, open func(t *testing.T) store.Store) {
	runCases(t, open, []storeCase{
		{"every edge of the editorial state machine", testStateMachine},
		{"every story change is audited with its actor", testAuditTrail},
		{"the audit log cannot be changed", testAuditAppendOnly},
		{"accounts are made, listed, disabled and re-enabled", testUsers},
		{"sessions expire, end at logout, on disable and on a new password", testSessions},
		{"failed logins are counted per key within a window", testLoginFailures},
		{"a story is held by one editor at a time", testStoryLocks},
		{"an edit of a queued story is a new queued version", testEdit},
	})
}

var ed = store.Actor{Name: "ana", Address: "192.0.2.7"}

// toStatus brings a fresh story to the given status through the
// state machine itself.
func toStatus(t *testing.T, s store.Store, id string, want article.Status) {
	t.Helper()
	ctx := t.Context()
	mustPut(t, s, story(id, "Headline "+id, "Text of "+id+"."))
	var err error
	switch want {
	case article.StatusQueued:
	case article.StatusApproved:
		_, err = s.Approve(ctx, id, 1, ed)
	case article.StatusRejected:
		_, err = s.Reject(ctx, id, 1, "duplicate", ed)
	case article.StatusPublished, article.StatusWithdrawn:
		if _, err = s.Approve(ctx, id, 1, ed); err == nil {
			var seq uint64
			publishAll(t, s, &seq)
		}
		if want == article.StatusWithdrawn && err == nil {
			_, err = s.Withdraw(ctx, id, 1, "legal", ed)
		}
	}
	if err != nil {
		t.Fatalf("bring %s to %s: %v", id, want, err)
	}
	if got := mustGet(t, s, id); got.Status != want {
		t.Fatalf("%s is %s, want %s", id, got.Status, want)
	}
}

func testStateMachine(t *testing.T, s store.Store) {
	ctx := t.Context()
	headline := "Corrected headline"
	actions := []struct {
		name string
		run  func(id string, version int) (*article.Article, error)
	}{
		{"approve", func(id string, v int) (*article.Article, error) { return s.Approve(ctx, id, v, ed) }},
		{"reject", func(id string, v int) (*article.Article, error) { return s.Reject(ctx, id, v, "off topic", ed) }},
		{"restore", func(id string, v int) (*article.Article, error) { return s.Restore(ctx, id, v, ed) }},
		{"correct", func(id string, v int) (*article.Article, error) {
			return s.Correct(ctx, id, v, store.Correction{Headline: &headline, Note: "typo"}, ed)
		}},
		{"withdraw", func(id string, v int) (*article.Article, error) { return s.Withdraw(ctx, id, v, "legal", ed) }},
		{"edit", func(id string, v int) (*article.Article, error) {
			return s.Edit(ctx, id, v, store.Correction{Headline: &headline, Tags: []string{"Kremlin"}}, ed)
		}},
	}
	// allowed[from][action] is the status the action leads to; a missing
	// entry is a refused edge (ErrConflict).
	allowed := map[article.Status]map[string]article.Status{
		article.StatusQueued:    {"approve": article.StatusApproved, "reject": article.StatusRejected, "edit": article.StatusQueued},
		article.StatusApproved:  {"approve": article.StatusApproved}, // idempotent
		article.StatusPublished: {"correct": article.StatusApproved, "withdraw": article.StatusWithdrawn},
		article.StatusRejected:  {"restore": article.StatusQueued},
		article.StatusWithdrawn: {},
	}
	n := 0
	for _, from := range []article.Status{article.StatusQueued, article.StatusApproved, article.StatusPublished, article.StatusRejected, article.StatusWithdrawn} {
		for _, act := range actions {
			n++
			id := fmt.Sprintf("sm%02d", n)
			toStatus(t, s, id, from)
			version := mustGet(t, s, id).Version
			got, err := act.run(id, version)
			want, ok := allowed[from][act.name]
			switch {
			case ok && err != nil:
				t.Errorf("%s from %s: %v, want → %s", act.name, from, err, want)
			case ok && got.Status != want:
				t.Errorf("%s from %s → %s, want %s", act.name, from, got.Status, want)
			case !ok && !errors.Is(err, store.ErrConflict):
				t.Errorf("%s from %s: %v, want ErrConflict", act.name, from, err)
			case !ok:
				if after := mustGet(t, s, id); after.Status != from || after.Version != version {
					t.Errorf("refused %s from %s left the story %s v%d", act.name, from, after.Status, after.Version)
				}
			}
		}
	}
	// A new version from the agency puts any story back in the queue.
	for _, from := range []article.Status{article.StatusApproved, article.StatusPublished, article.StatusRejected, article.StatusWithdrawn} {
		n++
		id := fmt.Sprintf("sm%02d", n)
		toStatus(t, s, id, from)
		mustPut(t, s, story(id, "Headline "+id, "Text of "+id+", updated by the agency."))
		if got := mustGet(t, s, id); got.Status != article.StatusQueued {
			t.Errorf("an agency update of a %s story left it %s, want queued", from, got.Status)
		}
	}
	// Reject needs a reason; every action names the version it saw.
	toStatus(t, s, "smr", article.StatusQueued)
	if _, err := s.Reject(ctx, "smr", 1, " ", ed); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("reject without a reason: %v, want ErrInvalid", err)
	}
	mustPut(t, s, story("smr", "Headline smr", "A new text."))
	for _, act := range actions {
		if _, err := act.run("smr", 1); !errors.Is(err, store.ErrStale) && !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s of a stale version: %v, want ErrStale", act.name, err)
		}
	}
	if _, err := s.Reject(ctx, "smr", 1, "old", ed); !errors.Is(err, store.ErrStale) {
		t.Errorf("reject of a stale version: %v, want ErrStale", err)
	}
}

func testAuditTrail(t *testing.T, s store.Store) {
	ctx := t.Context()
	toStatus(t, s, "a1", article.StatusQueued)
	if _, err := s.Reject(ctx, "a1", 1, "duplicate of a2", ed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(ctx, "a1", 1, store.Actor{Name: "ben"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, "a1", 1, ed); err != nil {
		t.Fatal(err)
	}
	var seq uint64
	publishAll(t, s, &seq)
	if _, err := s.Withdraw(ctx, "a1", 1, "legal hold", ed); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, store.AuditEntry{Actor: "ana", Action: "login", Address: "192.0.2.7"}); err != nil {
		t.Fatal(err)
	}
	log, err := s.AuditLog(ctx, store.AuditQuery{StoryID: "a1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		got = append(got, fmt.Sprintf("%s %s v%d %s→%s %q", e.Actor, e.Action, e.Version, e.From, e.To, e.Reason))
		if e.At.IsZero() {
			t.Errorf("entry %d has no time", e.ID)
		}
	}
	want := []string{
		`ana reject v1 queued→rejected "duplicate of a2"`,
		`ben restore v1 rejected→queued ""`,
		`ana approve v1 queued→approved ""`,
		`relay sent v1 approved→published "publish on wire.published.ani.general, sequence 1"`,
		`ana withdraw v2 published→withdrawn "legal hold"`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("audit of a1:\n got %q\nwant %q", got, want)
	}
	if log[len(log)-1].Address != "192.0.2.7" {
		t.Errorf("address %q", log[len(log)-1].Address)
	}
	all, _ := s.AuditLog(ctx, store.AuditQuery{Limit: 2})
	if len(all) != 2 || all[0].Action != "login" {
		t.Errorf("newest first, limited: %+v", all)
	}
	older, _ := s.AuditLog(ctx, store.AuditQuery{Before: all[1].ID})
	if len(older) != 4 {
		t.Errorf("before %d: %d entries, want 4", all[1].ID, len(older))
	}
	byBen, _ := s.AuditLog(ctx, store.AuditQuery{Actor: "ben"})
	if len(byBen) != 1 {
		t.Errorf("by ben: %+v", byBen)
	}
}

func testAuditAppendOnly(t *testing.T, s store.Store) {
	ctx := t.Context()
	if err := s.Audit(ctx, store.AuditEntry{Actor: "ana", Action: "login"}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`UPDATE audit SET actor = 'mallory'`, `DELETE FROM audit`} {
		if err := store.ExecForTest(ctx, s, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s succeeded on the audit log", stmt)
		}
	}
	if log, _ := s.AuditLog(ctx, store.AuditQuery{}); len(log) != 1 || log[0].Actor != "ana" {
		t.Errorf("the audit log changed: %+v", log)
	}
}

func testUsers(t *testing.T, s store.Store) {
	ctx := t.Context()
	u, err := s.AddUser(ctx, "ana", store.RoleEditor, "hash-1")
	if err != nil || u.ID == "" || u.Role != store.RoleEditor {
		t.Fatalf("AddUser = %+v, %v", u, err)
	}
	if _, err := s.AddUser(ctx, "ana", store.RoleAdmin, "x"); !errors.Is(err, store.ErrExists) {
		t.Errorf("a second ana: %v, want ErrExists", err)
	}
	for _, bad := range []string{"", "two words", "a:b", "x/y"} {
		if _, err := s.AddUser(ctx, bad, store.RoleEditor, "x"); err == nil {
			t.Errorf("AddUser(%q) succeeded", bad)
		}
	}
	if _, err := s.AddUser(ctx, "root", "god", "x"); err == nil {
		t.Error("an unknown role was accepted")
	}
	if _, err := s.AddUser(ctx, "bob", store.RoleAdmin, "hash-2"); err != nil {
		t.Fatal(err)
	}
	got, hash, err := s.UserForLogin(ctx, "ana")
	if err != nil || got.ID != u.ID || hash != "hash-1" {
		t.Errorf("UserForLogin = %+v %q %v", got, hash, err)
	}
	if _, _, err := s.UserForLogin(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserForLogin(nobody) = %v", err)
	}
	if err := s.SetPassword(ctx, "ana", "hash-3"); err != nil {
		t.Fatal(err)
	}
	if _, hash, _ := s.UserForLogin(ctx, "ana"); hash != "hash-3" {
		t.Errorf("hash after SetPassword = %q", hash)
	}
	if err := s.DisableUser(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Users(ctx)
	if len(list) != 2 || list[0].Name != "ana" || list[0].Disabled == nil || list[1].Disabled != nil {
		t.Errorf("Users = %+v", list)
	}
	if err := s.EnableUser(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.UserForLogin(ctx, "ana"); got.Disabled != nil {
		t.Error("ana still disabled after EnableUser")
	}
	if err := s.DisableUser(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DisableUser(nobody) = %v", err)
	}
}

func testSessions(t *testing.T, s store.Store) {
	ctx := t.Context()
	u, _ := s.AddUser(ctx, "ana", store.RoleEditor, "h")
	start := func(id string, expires time.Time) {
		t.Helper()
		if err := s.CreateSession(ctx, id, u.ID, expires, "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
	}
	start("s1", time.Now().Add(time.Hour))
	if got, err := s.Session(ctx, "s1", time.Minute); err != nil || got.Name != "ana" {
		t.Fatalf("Session = %+v, %v", got, err)
	}
	if _, err := s.Session(ctx, "nope", time.Minute); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("unknown session: %v", err)
	}
	start("expired", time.Now().Add(-time.Second))
	if _, err := s.Session(ctx, "expired", time.Minute); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("expired session: %v", err)
	}
	start("idle", time.Now().Add(time.Hour))
	time.Sleep(30 * time.Millisecond)
	if _, err := s.Session(ctx, "idle", 10*time.Millisecond); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("idle session: %v", err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "s1", time.Minute); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("session after logout: %v", err)
	}
	start("s2", time.Now().Add(time.Hour))
	if err := s.DisableUser(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "s2", time.Minute); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("session of a disabled user: %v", err)
	}
	s.EnableUser(ctx, "ana")
	start("s3", time.Now().Add(time.Hour))
	if err := s.SetPassword(ctx, "ana", "h2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "s3", time.Minute); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("session after a new password: %v", err)
	}
}

func testLoginFailures(t *testing.T, s store.Store) {
	ctx := t.Context()
	before := time.Now().Add(-time.Minute)
	for range 3 {
		if err := s.LoginFailed(ctx, "account:ana", "address:192.0.2.7"); err != nil {
			t.Fatal(err)
		}
	}
	s.LoginFailed(ctx, "address:192.0.2.7")
	if n, _ := s.LoginFailures(ctx, "account:ana", before); n != 3 {
		t.Errorf("account failures = %d, want 3", n)
	}
	if n, _ := s.LoginFailures(ctx, "address:192.0.2.7", before); n != 4 {
		t.Errorf("address failures = %d, want 4", n)
	}
	if n, _ := s.LoginFailures(ctx, "account:ana", time.Now().Add(time.Minute)); n != 0 {
		t.Errorf("failures after the window = %d", n)
	}
	s.ForgetLoginFailures(ctx, "account:ana")
	if n, _ := s.LoginFailures(ctx, "account:ana", before); n != 0 {
		t.Errorf("failures after forget = %d", n)
	}
}

func testStoryLocks(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana, _ := s.AddUser(ctx, "ana", store.RoleEditor, "h")
	ben, _ := s.AddUser(ctx, "ben", store.RoleEditor, "h")
	mustPut(t, s, story("l1", "Headline", "Text."))
	if _, ok, err := s.LockStory(ctx, "l1", ana.ID, time.Now().Add(time.Minute)); err != nil || !ok {
		t.Fatalf("ana's lock: %v %v", ok, err)
	}
	lock, ok, err := s.LockStory(ctx, "l1", ben.ID, time.Now().Add(time.Minute))
	if err != nil || ok || lock.User != "ana" {
		t.Errorf("ben's lock while ana holds it: %+v %v %v; want refused, held by ana", lock, ok, err)
	}
	if _, ok, _ := s.LockStory(ctx, "l1", ana.ID, time.Now().Add(2*time.Minute)); !ok {
		t.Error("ana could not renew her own lock")
	}
	locks, _ := s.StoryLocks(ctx, []string{"l1", "l2"})
	if len(locks) != 1 || locks[0].User != "ana" {
		t.Errorf("StoryLocks = %+v", locks)
	}
	s.UnlockStory(ctx, "l1", ben.ID) // not his: nothing happens
	if locks, _ := s.StoryLocks(ctx, []string{"l1"}); len(locks) != 1 {
		t.Error("ben released ana's lock")
	}
	s.UnlockStory(ctx, "l1", ana.ID)
	if _, ok, _ := s.LockStory(ctx, "l1", ben.ID, time.Now().Add(50*time.Millisecond)); !ok {
		t.Error("ben could not take a released story")
	}
	time.Sleep(80 * time.Millisecond)
	if _, ok, _ := s.LockStory(ctx, "l1", ana.ID, time.Now().Add(time.Minute)); !ok {
		t.Error("an expired lock still held the story")
	}
}

// An edit of a queued story is a new version, still queued, with what it
// changed; nothing goes downstream until it is approved.
func testEdit(t *testing.T, s store.Store) {
	ctx := t.Context()
	toStatus(t, s, "e1", article.StatusQueued)
	headline, body := "A better headline", "First paragraph.\n\nSecond paragraph."
	a, err := s.Edit(ctx, "e1", 1, store.Correction{Headline: &headline, BodyText: &body, Tags: []string{" Kremlin ", "talks", "Kremlin"}}, ed)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.Status != article.StatusQueued || a.Headline != headline || len(a.Body) != 2 ||
		fmt.Sprint(a.Tags) != "[Kremlin talks]" || len(a.Changes) != 3 {
		t.Errorf("Edit = v%d %s %q body %d tags %v changes %+v", a.Version, a.Status, a.Headline, len(a.Body), a.Tags, a.Changes)
	}
	if b, _ := s.OutboxBacklog(ctx); b.Unsent != 0 {
		t.Errorf("an edit queued %d publications", b.Unsent)
	}
	if _, err := s.Edit(ctx, "e1", 2, store.Correction{Headline: &headline}, ed); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("an edit that changes nothing: %v, want ErrInvalid", err)
	}
	empty := " "
	if _, err := s.Edit(ctx, "e1", 2, store.Correction{BodyText: &empty}, ed); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("an empty body: %v, want ErrInvalid", err)
	}
	if _, err := s.Approve(ctx, "e1", 2, ed); err != nil {
		t.Fatal(err)
	}
	rows := claimAll(t, s, "relay")
	if len(rows) != 1 || rows[0].Version != 2 || rows[0].Event != article.EventPublish {
		t.Errorf("approving the edited story queued %+v, want a publish of v2", rows)
	}
}
