// Package storetest is the conformance suite every store backend passes.
// The same cases run against PostgreSQL and SQLite, so the two backends
// cannot drift apart in what Put, List or SetStatus mean.
package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// Run runs the conformance suite against one backend. open must return a
// fresh, empty store on every call and close it when its test ends; the
// cases run in parallel, each on its own store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"put of a new story creates version 1", testCreate},
		{"put of the same content again is unchanged", testRePutUnchanged},
		{"put of changed content is version 2 and back in the queue", testChangedContent},
		{"late redelivery of an old version is unchanged", testOldContentRedelivered},
		{"put stamps a missing ingest time and the disclaimer", testPutStamps},
		{"put rejects what it cannot key", testPutRejects},
		{"versions are oldest first", testVersions},
		{"get version", testGetVersion},
		{"list filters and pages newest first", testList},
		{"list limit defaults to 50", testListDefaultLimit},
		{"set status", testSetStatus},
		{"concurrent put of one article stores it once", testConcurrentSamePut},
		{"concurrent puts of new content get distinct versions", testConcurrentNewVersions},
		{"json round trip keeps every field", testRoundTrip},
		{"text no database can hold is cleaned alike", testDirtyText},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

// storeCase is one conformance case.
type storeCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// runCases runs each case in parallel on a fresh store.
func runCases(t *testing.T, open func(t *testing.T) store.Store, cases []storeCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

// base is the ingest time of stories made by story; tests that order by
// time add to it.
var base = time.Date(2025, 4, 25, 9, 0, 0, 0, time.UTC)

// story returns a minimal storable article whose content fingerprint
// follows from its headline and text, as normalize computes it.
func story(id, headline, text string) *article.Article {
	ingested := base
	return &article.Article{
		ID:          id,
		Agency:      "ANI",
		Feed:        "ani-world",
		GUID:        "guid-" + id,
		URL:         "https://www.aninews.in/news/world/" + id,
		Headline:    headline,
		BodyText:    text,
		Body:        []article.Block{{Type: article.BlockParagraph, Text: text}},
		IngestedAt:  &ingested,
		Fingerprint: article.Fingerprint{Content: article.ContentFingerprint(headline, text)},
	}
}

func mustPut(t *testing.T, s store.Store, a *article.Article) store.PutResult {
	t.Helper()
	res, err := s.Put(t.Context(), a)
	if err != nil {
		t.Fatalf("Put(%s): %v", a.ID, err)
	}
	return res
}

func mustGet(t *testing.T, s store.Store, id string) *article.Article {
	t.Helper()
	a, err := s.Get(t.Context(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return a
}

func mustSetStatus(t *testing.T, s store.Store, id string, to article.Status) {
	t.Helper()
	if _, err := s.SetStatus(t.Context(), id, to); err != nil {
		t.Fatalf("SetStatus(%s, %s): %v", id, to, err)
	}
}

func wantResult(t *testing.T, got, want store.PutResult) {
	t.Helper()
	if got != want {
		t.Fatalf("Put = %+v, want %+v", got, want)
	}
}

func testCreate(t *testing.T, s store.Store) {
	a := story("s1", "Kremlin aide meets envoy", "Talks lasted three hours.")
	wantResult(t, mustPut(t, s, a), store.PutResult{Outcome: store.Created, Version: 1})
	if a.Version != 1 || a.Status != article.StatusQueued {
		t.Errorf("after Put, article has version %d status %q; want 1, queued", a.Version, a.Status)
	}
	got := mustGet(t, s, "s1")
	if got.Version != 1 || got.Status != article.StatusQueued || got.Headline != a.Headline {
		t.Errorf("Get = version %d status %q headline %q; want 1, queued, %q",
			got.Version, got.Status, got.Headline, a.Headline)
	}
}

func testRePutUnchanged(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Headline", "Text."))
	again := story("s1", "Headline", "Text.")
	wantResult(t, mustPut(t, s, again), store.PutResult{Outcome: store.Unchanged, Version: 1})
	if again.Version != 1 || again.Status != article.StatusQueued {
		t.Errorf("unchanged Put set version %d status %q; want 1, queued", again.Version, again.Status)
	}

	// A redelivery after an editor acted must not requeue the story, and
	// reports the status the editor set.
	mustSetStatus(t, s, "s1", article.StatusApproved)
	third := story("s1", "Headline", "Text.")
	wantResult(t, mustPut(t, s, third), store.PutResult{Outcome: store.Unchanged, Version: 1})
	if third.Status != article.StatusApproved {
		t.Errorf("unchanged Put set status %q, want the stored approved", third.Status)
	}
	if got := mustGet(t, s, "s1"); got.Status != article.StatusApproved {
		t.Errorf("after redelivery story is %q, want approved", got.Status)
	}
	versions, err := s.Versions(t.Context(), "s1")
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	if len(versions) != 1 {
		t.Errorf("%d versions stored, want 1", len(versions))
	}
}

func testChangedContent(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "Blast in city", "Two hurt."))
	mustSetStatus(t, s, "s1", article.StatusPublished)

	update := story("s1", "Blast in city: toll rises", "Five hurt.")
	wantResult(t, mustPut(t, s, update), store.PutResult{Outcome: store.Updated, Version: 2})
	if update.Version != 2 || update.Status != article.StatusQueued {
		t.Errorf("after update, article has version %d status %q; want 2, queued", update.Version, update.Status)
	}
	got := mustGet(t, s, "s1")
	if got.Version != 2 || got.Status != article.StatusQueued || got.Headline != update.Headline {
		t.Errorf("Get = version %d status %q headline %q; want 2, queued, %q",
			got.Version, got.Status, got.Headline, update.Headline)
	}
}

func testOldContentRedelivered(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "First", "One."))
	mustPut(t, s, story("s1", "Second", "Two."))
	old := story("s1", "First", "One.")
	wantResult(t, mustPut(t, s, old), store.PutResult{Outcome: store.Unchanged, Version: 1})
	if old.Version != 1 {
		t.Errorf("redelivered old content got version %d, want 1", old.Version)
	}
	if got := mustGet(t, s, "s1"); got.Version != 2 || got.Headline != "Second" {
		t.Errorf("latest is version %d %q, want 2 %q", got.Version, got.Headline, "Second")
	}
}

func testPutStamps(t *testing.T, s store.Store) {
	a := story("s1", "Headline", "Text.")
	a.IngestedAt = nil
	before := time.Now().Add(-time.Second)
	mustPut(t, s, a)
	after := time.Now().Add(time.Second)
	if a.IngestedAt == nil || a.IngestedAt.Before(before) || a.IngestedAt.After(after) {
		t.Errorf("IngestedAt = %v, want the time of Put", a.IngestedAt)
	}
	if a.Disclaimer != article.DefaultDisclaimer {
		t.Errorf("Disclaimer = %q, want the default", a.Disclaimer)
	}
	got := mustGet(t, s, "s1")
	if got.IngestedAt == nil || !got.IngestedAt.Equal(*a.IngestedAt) || got.Disclaimer != article.DefaultDisclaimer {
		t.Errorf("stored IngestedAt %v disclaimer %q; want %v and the default", got.IngestedAt, got.Disclaimer, a.IngestedAt)
	}

	// An agency-specific disclaimer set upstream is kept.
	b := story("s2", "Headline", "Text.")
	b.Disclaimer = "Content from PTI."
	mustPut(t, s, b)
	if got := mustGet(t, s, "s2"); got.Disclaimer != "Content from PTI." {
		t.Errorf("Disclaimer = %q, want the one set upstream", got.Disclaimer)
	}
}

func testPutRejects(t *testing.T, s store.Store) {
	noID := story("", "Headline", "Text.")
	noHash := story("s1", "Headline", "Text.")
	noHash.Fingerprint.Content = ""
	for _, c := range []struct {
		name string
		a    *article.Article
	}{
		{"nil", nil},
		{"no id", noID},
		{"no content fingerprint", noHash},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Put(t.Context(), c.a)
			if !errors.Is(err, article.ErrInvalid) {
				t.Fatalf("Put = %v, want an error matching article.ErrInvalid", err)
			}
		})
	}
	if _, err := s.Get(t.Context(), "s1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after a rejected Put, Get = %v, want ErrNotFound", err)
	}
}

func testVersions(t *testing.T, s store.Store) {
	for _, h := range []string{"One", "Two", "Three"} {
		mustPut(t, s, story("s1", h, h+" text."))
	}
	versions, err := s.Versions(t.Context(), "s1")
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	var got []string
	for _, v := range versions {
		got = append(got, fmt.Sprintf("%d %s", v.Version, v.Headline))
	}
	if want := []string{"1 One", "2 Two", "3 Three"}; !slices.Equal(got, want) {
		t.Errorf("Versions = %q, want %q", got, want)
	}
	if _, err := s.Versions(t.Context(), "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Versions(missing) = %v, want ErrNotFound", err)
	}
}

func testGetVersion(t *testing.T, s store.Store) {
	mustPut(t, s, story("s1", "One", "One."))
	mustPut(t, s, story("s1", "Two", "Two."))
	for _, c := range []struct {
		id       string
		version  int
		headline string // empty: want ErrNotFound
	}{
		{"s1", 1, "One"},
		{"s1", 2, "Two"},
		{"s1", 3, ""},
		{"s1", 0, ""},
		{"missing", 1, ""},
	} {
		t.Run(fmt.Sprintf("%s v%d", c.id, c.version), func(t *testing.T) {
			got, err := s.GetVersion(t.Context(), c.id, c.version)
			if c.headline == "" {
				if !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("GetVersion = %v, %v; want ErrNotFound", got, err)
				}
				if err != nil && !strings.Contains(err.Error(), c.id) {
					t.Errorf("error %q does not name story %s", err, c.id)
				}
				return
			}
			if err != nil {
				t.Fatalf("GetVersion: %v", err)
			}
			if got.Version != c.version || got.Headline != c.headline {
				t.Errorf("GetVersion = version %d %q, want %d %q", got.Version, got.Headline, c.version, c.headline)
			}
		})
	}
	if _, err := s.Get(t.Context(), "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(missing) = %v, want ErrNotFound", err)
	}
}

func testList(t *testing.T, s store.Store) {
	seed := []struct {
		id, agency, feed string
		minute           int
		status           article.Status
	}{
		{"a1", "ANI", "ani-world", 1, article.StatusQueued},
		{"a2", "PTI", "pti-national", 2, article.StatusApproved},
		{"a3", "ANI", "ani-india", 3, article.StatusRejected},
		{"a4", "ANI", "ani-world", 4, article.StatusQueued},
		{"a5", "Reuters", "reuters-world", 5, article.StatusQueued},
		// The same ingest time as a5 to the microsecond, which is all that
		// backends keep: ties are broken by id, so pages are stable.
		{"a6", "Reuters", "reuters-world", 5, article.StatusQueued},
	}
	for _, sd := range seed {
		a := story(sd.id, "Story "+sd.id, "Text of "+sd.id+".")
		a.Agency, a.Feed = sd.agency, sd.feed
		at := base.Add(time.Duration(sd.minute) * time.Minute)
		if sd.id == "a6" {
			at = at.Add(500 * time.Nanosecond)
		}
		a.IngestedAt = &at
		mustPut(t, s, a)
		if sd.status != article.StatusQueued {
			mustSetStatus(t, s, sd.id, sd.status)
		}
	}
	for _, c := range []struct {
		name string
		q    store.ListQuery
		want []string
	}{
		{"everything", store.ListQuery{}, []string{"a5", "a6", "a4", "a3", "a2", "a1"}},
		{"by status", store.ListQuery{Status: article.StatusQueued}, []string{"a5", "a6", "a4", "a1"}},
		{"by other status", store.ListQuery{Status: article.StatusApproved}, []string{"a2"}},
		{"status nobody has", store.ListQuery{Status: article.StatusPublished}, nil},
		{"by agency", store.ListQuery{Agency: "ANI"}, []string{"a4", "a3", "a1"}},
		{"by feed", store.ListQuery{Feed: "ani-world"}, []string{"a4", "a1"}},
		{"by agency and status", store.ListQuery{Agency: "ANI", Status: article.StatusQueued}, []string{"a4", "a1"}},
		{"limit", store.ListQuery{Limit: 2}, []string{"a5", "a6"}},
		{"limit and offset", store.ListQuery{Limit: 2, Offset: 2}, []string{"a4", "a3"}},
		{"offset past the end", store.ListQuery{Offset: 10}, nil},
		{"negative offset is zero", store.ListQuery{Limit: 1, Offset: -3}, []string{"a5"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			list, err := s.List(t.Context(), c.q)
			if err != nil {
				t.Fatalf("List(%+v): %v", c.q, err)
			}
			var got []string
			for _, a := range list {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("List(%+v) = %q, want %q", c.q, got, c.want)
			}
		})
	}
	// List returns stories as stored, with their current status.
	list, err := s.List(t.Context(), store.ListQuery{Agency: "PTI"})
	if err != nil || len(list) != 1 {
		t.Fatalf("List(PTI) = %d stories, %v", len(list), err)
	}
	if list[0].Status != article.StatusApproved || list[0].Headline != "Story a2" {
		t.Errorf("List(PTI)[0] = status %q headline %q, want approved %q", list[0].Status, list[0].Headline, "Story a2")
	}
}

func testListDefaultLimit(t *testing.T, s store.Store) {
	for i := range 55 {
		mustPut(t, s, story(fmt.Sprintf("s%02d", i), "Story", fmt.Sprintf("Text %d.", i)))
	}
	for _, c := range []struct {
		limit, want int
	}{
		{0, 50},
		{-1, 50},
		{10, 10},
		{100, 55},
	} {
		list, err := s.List(t.Context(), store.ListQuery{Limit: c.limit})
		if err != nil {
			t.Fatalf("List(limit %d): %v", c.limit, err)
		}
		if len(list) != c.want {
			t.Errorf("List(limit %d) returned %d stories, want %d", c.limit, len(list), c.want)
		}
	}
}

func testSetStatus(t *testing.T, s store.Store) {
	q, ap, pub, rej := article.StatusQueued, article.StatusApproved, article.StatusPublished, article.StatusRejected
	for i, c := range []struct {
		name    string
		initial article.Status // empty: the story does not exist
		to      article.Status
		from    []article.Status
		wantErr error // nil: the change is made
	}{
		{"approve a queued story", q, ap, []article.Status{q}, nil},
		{"publish an approved story", ap, pub, []article.Status{ap}, nil},
		{"reject from any of several", q, rej, []article.Status{q, ap}, nil},
		{"empty from allows any status", rej, q, nil, nil},
		{"approve a rejected story", rej, ap, []article.Status{q}, store.ErrConflict},
		{"publish a queued story", q, pub, []article.Status{ap}, store.ErrConflict},
		{"missing story", "", ap, []article.Status{q}, store.ErrNotFound},
		{"missing story, any status", "", ap, nil, store.ErrNotFound},
		{"unknown status", q, "archived", nil, article.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := fmt.Sprintf("set%d", i)
			if c.initial != "" {
				mustPut(t, s, story(id, "Headline "+id, "Text."))
				if c.initial != q {
					mustSetStatus(t, s, id, c.initial)
				}
			}
			got, err := s.SetStatus(t.Context(), id, c.to, c.from...)
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("SetStatus = %v, want %v", err, c.wantErr)
				}
				if !strings.Contains(err.Error(), id) {
					t.Errorf("error %q does not name story %s", err, id)
				}
				if c.initial != "" {
					if now := mustGet(t, s, id); now.Status != c.initial {
						t.Errorf("after a refused change the story is %q, want %q", now.Status, c.initial)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("SetStatus: %v", err)
			}
			if got.ID != id || got.Status != c.to {
				t.Errorf("SetStatus returned %s %q, want %s %q", got.ID, got.Status, id, c.to)
			}
			if now := mustGet(t, s, id); now.Status != c.to {
				t.Errorf("Get after SetStatus: %q, want %q", now.Status, c.to)
			}
			latest, err := s.GetVersion(t.Context(), id, 1)
			if err != nil {
				t.Fatalf("GetVersion: %v", err)
			}
			if latest.Status != c.to {
				t.Errorf("GetVersion of the latest after SetStatus: %q, want %q", latest.Status, c.to)
			}
		})
	}
}

// concurrency is how many redeliveries race in the concurrent cases: as
// many as a stage with a few workers on two hosts could produce at once.
const concurrency = 8

func testConcurrentSamePut(t *testing.T, s store.Store) {
	results := make([]store.PutResult, concurrency)
	errs := make([]error, concurrency)
	var wg sync.WaitGroup
	for i := range concurrency {
		wg.Go(func() {
			// Each goroutine has its own copy, as each redelivery would.
			results[i], errs[i] = s.Put(t.Context(), story("s1", "Headline", "Text."))
		})
	}
	wg.Wait()
	outcomes := map[store.PutOutcome]int{}
	for i := range concurrency {
		if errs[i] != nil {
			t.Fatalf("Put %d: %v", i, errs[i])
		}
		if results[i].Version != 1 {
			t.Errorf("Put %d got version %d, want 1", i, results[i].Version)
		}
		outcomes[results[i].Outcome]++
	}
	if outcomes[store.Created] != 1 || outcomes[store.Unchanged] != concurrency-1 {
		t.Errorf("outcomes = %v, want 1 created and %d unchanged", outcomes, concurrency-1)
	}
	versions, err := s.Versions(t.Context(), "s1")
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	list, err := s.List(t.Context(), store.ListQuery{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(versions) != 1 || len(list) != 1 {
		t.Errorf("%d versions and %d stories stored, want 1 and 1", len(versions), len(list))
	}
}

func testConcurrentNewVersions(t *testing.T, s store.Store) {
	results := make([]store.PutResult, concurrency)
	errs := make([]error, concurrency)
	var wg sync.WaitGroup
	for i := range concurrency {
		wg.Go(func() {
			results[i], errs[i] = s.Put(t.Context(), story("s1", "Headline", fmt.Sprintf("Text, take %d.", i)))
		})
	}
	wg.Wait()
	var versions []int
	outcomes := map[store.PutOutcome]int{}
	for i := range concurrency {
		if errs[i] != nil {
			t.Fatalf("Put %d: %v", i, errs[i])
		}
		versions = append(versions, results[i].Version)
		outcomes[results[i].Outcome]++
	}
	slices.Sort(versions)
	want := make([]int, concurrency)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(versions, want) {
		t.Errorf("versions handed out = %v, want %v", versions, want)
	}
	if outcomes[store.Created] != 1 || outcomes[store.Updated] != concurrency-1 {
		t.Errorf("outcomes = %v, want 1 created and %d updated", outcomes, concurrency-1)
	}
	if got := mustGet(t, s, "s1"); got.Version != concurrency {
		t.Errorf("latest version = %d, want %d", got.Version, concurrency)
	}
	stored, err := s.Versions(t.Context(), "s1")
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	if len(stored) != concurrency {
		t.Errorf("%d versions stored, want %d", len(stored), concurrency)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	want := Rich()
	mustPut(t, s, want)

	got := mustGet(t, s, want.ID)
	sameArticle(t, "Get", want, got)
	v1, err := s.GetVersion(t.Context(), want.ID, 1)
	if err != nil {
		t.Fatalf("GetVersion: %v", err)
	}
	sameArticle(t, "GetVersion", want, v1)
	list, err := s.List(t.Context(), store.ListQuery{})
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %d stories, %v", len(list), err)
	}
	sameArticle(t, "List", want, list[0])
	if !got.PublishedAt.Equal(*want.PublishedAt) || !got.IngestedAt.Equal(*want.IngestedAt) {
		t.Errorf("times moved: published %v ingested %v, want %v %v",
			got.PublishedAt, got.IngestedAt, want.PublishedAt, want.IngestedAt)
	}
}

func testDirtyText(t *testing.T, s store.Store) {
	a := story("s1", "Blast\x00 in \xffcity", "Two\x00 hurt.")
	a.Summary = "Bad \xc3 byte, escaped \\u0000 kept"
	mustPut(t, s, a)
	got := mustGet(t, s, "s1")
	for _, c := range []struct{ field, got, want string }{
		{"headline", got.Headline, "Blast in \uFFFDcity"},
		{"body_text", got.BodyText, "Two hurt."},
		{"summary", got.Summary, "Bad \uFFFD byte, escaped \\u0000 kept"},
		{"headline set by Put", a.Headline, "Blast in \uFFFDcity"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	list, err := s.List(t.Context(), store.ListQuery{})
	if err != nil || len(list) != 1 || list[0].Headline != got.Headline {
		t.Errorf("List = %v, %v; want the cleaned story", list, err)
	}

	bad := story("s2\x00", "Headline", "Text.")
	if _, err := s.Put(t.Context(), bad); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("Put with a NUL in the id = %v, want article.ErrInvalid", err)
	}
}

// sameArticle compares two articles by their JSON contract form, naming
// each field that differs.
func sameArticle(t *testing.T, what string, want, got *article.Article) {
	t.Helper()
	wj, err := json.Marshal(want)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	gj, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if bytes.Equal(wj, gj) {
		return
	}
	var wm, gm map[string]json.RawMessage
	if err := json.Unmarshal(wj, &wm); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if err := json.Unmarshal(gj, &gm); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	for k, w := range wm {
		if g := gm[k]; !bytes.Equal(w, g) {
			t.Errorf("%s: field %s = %s, want %s", what, k, g, w)
		}
	}
}

// Rich returns an article with every field filled, the way a busy wire
// story arrives: body blocks of every kind, a dateline, quotes relayed
// through outlets, social embeds, and times in a zone other than UTC with
// sub-second precision. Backends and other packages' tests can use it.
func Rich() *article.Article {
	ist := time.FixedZone("IST", 5*3600+1800)
	published := time.Date(2025, 4, 25, 14, 5, 7, 123456000, ist)
	updated := published.Add(17 * time.Minute)
	ingested := time.Date(2025, 4, 25, 8, 40, 1, 987654000, time.UTC)
	embed0, image0 := 0, 0
	headline := "Putin, Witkoff hold talks in Moscow; Kremlin calls meeting constructive"
	paragraphs := []string{
		"Russian President Vladimir Putin met US special envoy Steve Witkoff in Moscow on Friday.",
		"\"The conversation was constructive and very useful,\" Kremlin aide Yury Ushakov told reporters, CNN reported.",
		"Ushakov added that the sides discussed \"the possibility of resuming direct negotiations\" — a first since 2022.",
	}
	bodyText := strings.Join([]string{
		paragraphs[0], "What was discussed", paragraphs[1],
		"Direct talks\nPrisoner exchange", "Peace is possible, the envoy said.", paragraphs[2],
	}, "\n\n")
	return &article.Article{
		ID:           "3f1c2a9be8d04f7a6c5b4e3d",
		Agency:       "ANI",
		Feed:         "ani-world",
		GUID:         "https://www.aninews.in/news/world/europe/putin-witkoff-talks20250425140507/",
		URL:          "https://www.aninews.in/news/world/europe/putin-witkoff-talks20250425140507/",
		CanonicalURL: "https://www.aninews.in/news/world/europe/putin-witkoff-talks/",
		Headline:     headline,
		Summary:      "The Kremlin called the three-hour meeting constructive.",
		Body: []article.Block{
			{Type: article.BlockParagraph, Text: paragraphs[0]},
			{Type: article.BlockHeading, Text: "What was discussed", Level: 2},
			{Type: article.BlockParagraph, Text: paragraphs[1]},
			{Type: article.BlockList, Items: []string{"Direct talks", "Prisoner exchange"}},
			{Type: article.BlockQuote, Text: "Peace is possible, the envoy said."},
			{Type: article.BlockEmbed, Embed: &embed0},
			{Type: article.BlockImage, Image: &image0},
			{Type: article.BlockParagraph, Text: paragraphs[2]},
		},
		BodyText: bodyText,
		Dateline: &article.Dateline{
			Text: "Moscow [Russia], April 25 (ANI):", Place: "Moscow", Country: "Russia",
			Date: "2025-04-25", Agency: "ANI",
		},
		Bylines:     []article.Byline{{Name: "ANI Desk", Role: "staff"}, {Name: "Priya Sharma"}},
		PublishedAt: &published,
		UpdatedAt:   &updated,
		IngestedAt:  &ingested,
		Attributions: []article.Attribution{
			{Source: "CNN", Kind: article.AttrMedia, Text: "CNN reported"},
			{Source: "Russian Foreign Ministry", Kind: article.AttrSocial, Text: "the MFA shared on X"},
		},
		Quotes: []article.Quote{
			{Text: "The conversation was constructive and very useful", Speaker: "Yury Ushakov",
				Verb: "told reporters", Via: "CNN", Kind: article.QuoteDirect, Position: 2},
			{Text: "the possibility of resuming direct negotiations", Speaker: "Yury Ushakov",
				Kind: article.QuotePartial, Position: 7},
		},
		Embeds: []article.Embed{{
			Platform: article.PlatformX, URL: "https://x.com/mfa_russia/status/1915794807047307486",
			ID: "1915794807047307486", Author: "mfa_russia", Text: "Vladimir Putin received Steve Witkoff 🇷🇺🇺🇸",
		}},
		KeyPoints: []string{"Three-hour meeting", "Kremlin calls it constructive"},
		Tags:      []string{"Russia", "United States", "Ukraine war"},
		Images: []article.Image{{
			URL:     "https://d3lzcn6mbbadaf.cloudfront.net/media/details/putin-witkoff.jpg",
			Caption: "Putin and Witkoff in the Kremlin", Credit: "Reuters",
		}},
		Language: "en",
		Entities: article.Entities{
			People:        []string{"Vladimir Putin", "Steve Witkoff", "Yury Ushakov"},
			Places:        []string{"Moscow", "Russia"},
			Organizations: []string{"Kremlin", "CNN"},
		},
		Topics:      []string{"politics", "diplomacy"},
		Fingerprint: article.Fingerprint{Content: article.ContentFingerprint(headline, bodyText), SimHash: "9f3b2c1d0e4a5b6c"},
		ClusterID:   "cluster-7d2e",
		Status:      article.StatusQueued,
		Version:     1,
		Disclaimer:  article.DefaultDisclaimer,
	}
}
