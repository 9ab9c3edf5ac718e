package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// RunNearDup runs the near-duplicate index conformance cases against one
// backend, with the same contract for open as Run.
func RunNearDup(t *testing.T, open func(t *testing.T) store.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, idx store.NearDupIndex)
	}{
		{"put with an entry stores both, in the entry's cluster", testPutWithNearDup},
		{"a batch put stores every item in order, in one transaction", testPutManyWithNearDup},
		{"a batch put with one bad item stores nothing", testPutManyRejectsWhole},
		{"a batch lookup answers each story in order", testLookupNearDups},
		{"an entry round-trips and starts its own cluster", testNearDupRoundTrip},
		{"candidates share a band, earliest first", testNearDupCandidates},
		{"candidates are capped by the limit", testNearDupLimit},
		{"a re-put replaces bands and keeps the cluster", testNearDupRePut},
		{"a cluster lists its stories earliest first", testNearDupCluster},
		{"an unknown story is not found", testNearDupNotFound},
		{"an entry without id or signature is rejected", testNearDupRejects},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			idx, err := store.NearDups(open(t))
			if err != nil {
				t.Fatal(err)
			}
			c.run(t, idx)
		})
	}
}

func mustPutNearDup(t *testing.T, idx store.NearDupIndex, e store.NearDupEntry) store.NearDupEntry {
	t.Helper()
	got, err := idx.PutNearDup(t.Context(), e)
	if err != nil {
		t.Fatalf("PutNearDup(%s): %v", e.StoryID, err)
	}
	return got
}

func entry(id string, minutes int, bands ...int64) store.NearDupEntry {
	return store.NearDupEntry{StoryID: id, Bands: bands, Signature: []byte("sig-" + id), IngestedAt: base.Add(time.Duration(minutes) * time.Minute)}
}

func candidateIDs(t *testing.T, idx store.NearDupIndex, limit int, bands ...int64) []string {
	t.Helper()
	list, err := idx.NearDupCandidates(t.Context(), bands, limit)
	if err != nil {
		t.Fatalf("NearDupCandidates: %v", err)
	}
	var ids []string
	for _, e := range list {
		ids = append(ids, e.StoryID)
	}
	return ids
}

func testNearDupRoundTrip(t *testing.T, idx store.NearDupIndex) {
	// Keys at the extremes of int64: band keys are hashes.
	put := mustPutNearDup(t, idx, entry("a", 0, -1<<63, 1<<63-1, 42, 42))
	if put.ClusterID != "a" || !put.IngestedAt.Equal(base) {
		t.Errorf("PutNearDup = cluster %q at %v, want a at %v", put.ClusterID, put.IngestedAt, base)
	}
	got, err := idx.GetNearDup(t.Context(), "a")
	if err != nil {
		t.Fatal(err)
	}
	bands := slices.Clone(got.Bands)
	slices.Sort(bands)
	if got.ClusterID != "a" || string(got.Signature) != "sig-a" || !got.IngestedAt.Equal(base) || !slices.Equal(bands, []int64{-1 << 63, 42, 1<<63 - 1}) {
		t.Errorf("GetNearDup = %+v", got)
	}
}

func testNearDupCandidates(t *testing.T, idx store.NearDupIndex) {
	mustPutNearDup(t, idx, entry("late", 20, 1, 2, 3))
	mustPutNearDup(t, idx, entry("early", 10, 3, 4, 5))
	mustPutNearDup(t, idx, entry("other", 0, 6, 7, 8))
	if got := candidateIDs(t, idx, 0, 3, 9); !slices.Equal(got, []string{"early", "late"}) {
		t.Errorf("candidates for band 3 = %v, want [early late]", got)
	}
	if got := candidateIDs(t, idx, 0, 1, 5); !slices.Equal(got, []string{"early", "late"}) {
		t.Errorf("candidates for bands 1, 5 = %v, want each story once", got)
	}
	if got := candidateIDs(t, idx, 0, 99); len(got) != 0 {
		t.Errorf("candidates for an unknown band = %v", got)
	}
	if got := candidateIDs(t, idx, 0); len(got) != 0 {
		t.Errorf("candidates for no bands = %v", got)
	}
	list, err := idx.NearDupCandidates(t.Context(), []int64{6}, 0)
	if err != nil || len(list) != 1 || string(list[0].Signature) != "sig-other" || list[0].ClusterID != "other" {
		t.Errorf("candidate entry = %+v, %v", list, err)
	}
}

func testNearDupLimit(t *testing.T, idx store.NearDupIndex) {
	for i, id := range []string{"s0", "s1", "s2", "s3"} {
		mustPutNearDup(t, idx, entry(id, i, 7))
	}
	if got := candidateIDs(t, idx, 2, 7); !slices.Equal(got, []string{"s0", "s1"}) {
		t.Errorf("limit 2 = %v, want the two earliest", got)
	}
}

func testNearDupRePut(t *testing.T, idx store.NearDupIndex) {
	first := entry("s1", 0, 1, 2)
	first.ClusterID = "root"
	mustPutNearDup(t, idx, first)
	again := entry("s1", 60, 3, 4)
	again.Signature = []byte("sig-v2")
	got := mustPutNearDup(t, idx, again)
	if got.ClusterID != "root" || !got.IngestedAt.Equal(base) {
		t.Errorf("re-put returned cluster %q at %v, want root at %v", got.ClusterID, got.IngestedAt, base)
	}
	if ids := candidateIDs(t, idx, 0, 1, 2); len(ids) != 0 {
		t.Errorf("old bands still match: %v", ids)
	}
	if ids := candidateIDs(t, idx, 0, 4); !slices.Equal(ids, []string{"s1"}) {
		t.Errorf("new bands match %v", ids)
	}
	if e, err := idx.GetNearDup(t.Context(), "s1"); err != nil || string(e.Signature) != "sig-v2" {
		t.Errorf("signature after re-put = %q, %v", e.Signature, err)
	}
}

func testNearDupCluster(t *testing.T, idx store.NearDupIndex) {
	mustPutNearDup(t, idx, entry("root", 0, 1))
	for i, id := range []string{"c2", "c1"} {
		e := entry(id, 10-i, 1)
		e.ClusterID = "root"
		mustPutNearDup(t, idx, e)
	}
	mustPutNearDup(t, idx, entry("alone", 5, 2))
	ids, err := idx.Cluster(t.Context(), "root")
	if err != nil || !slices.Equal(ids, []string{"root", "c1", "c2"}) {
		t.Errorf("Cluster(root) = %v, %v", ids, err)
	}
}

func testNearDupNotFound(t *testing.T, idx store.NearDupIndex) {
	if _, err := idx.GetNearDup(t.Context(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetNearDup(nope) = %v, want ErrNotFound", err)
	}
	if ids, err := idx.Cluster(t.Context(), "nope"); err != nil || len(ids) != 0 {
		t.Errorf("Cluster(nope) = %v, %v", ids, err)
	}
}

func testNearDupRejects(t *testing.T, idx store.NearDupIndex) {
	for _, e := range []store.NearDupEntry{
		{Signature: []byte("x")},
		{StoryID: "s"},
		{StoryID: "bad\x00id", Signature: []byte("x")},
	} {
		if _, err := idx.PutNearDup(t.Context(), e); !errors.Is(err, article.ErrInvalid) {
			t.Errorf("PutNearDup(%+v) = %v, want ErrInvalid", e, err)
		}
	}
}

func testPutWithNearDup(t *testing.T, idx store.NearDupIndex) {
	s := idx.(store.Store)
	root := entry("root", 0, 1)
	mustPutNearDup(t, idx, root)

	a := story("s1", "Blast in city", "Two hurt.")
	e := entry("s1", 10, 1, 2)
	e.ClusterID = "root"
	res, err := idx.PutWithNearDup(t.Context(), a, e)
	if err != nil {
		t.Fatal(err)
	}
	wantResult(t, res, store.PutResult{Outcome: store.Created, Version: 1})
	if a.ClusterID != "root" || mustGet(t, s, "s1").ClusterID != "root" {
		t.Errorf("story cluster = %q, stored %q; want root", a.ClusterID, mustGet(t, s, "s1").ClusterID)
	}
	if ids := candidateIDs(t, idx, 0, 2); !slices.Equal(ids, []string{"s1"}) {
		t.Errorf("entry not indexed: %v", ids)
	}

	// A redelivery asking for another cluster keeps the first one.
	again := story("s1", "Blast in city", "Two hurt.")
	e.ClusterID = "elsewhere"
	res, err = idx.PutWithNearDup(t.Context(), again, e)
	if err != nil {
		t.Fatal(err)
	}
	wantResult(t, res, store.PutResult{Outcome: store.Unchanged, Version: 1})
	if got, _ := idx.GetNearDup(t.Context(), "s1"); got.ClusterID != "root" {
		t.Errorf("redelivery moved the story to cluster %q", got.ClusterID)
	}

	// A new version keeps the cluster too.
	v2 := story("s1", "Blast in city: five hurt", "Five hurt.")
	if res, err = idx.PutWithNearDup(t.Context(), v2, entry("s1", 20, 3)); err != nil {
		t.Fatal(err)
	}
	wantResult(t, res, store.PutResult{Outcome: store.Updated, Version: 2})
	if got := mustGet(t, s, "s1"); got.ClusterID != "root" || got.Version != 2 {
		t.Errorf("version 2: cluster %q version %d", got.ClusterID, got.Version)
	}

	if _, err := idx.PutWithNearDup(t.Context(), story("s2", "h", "t"), entry("s3", 0, 1)); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("entry for another story: %v, want ErrInvalid", err)
	}
}

func testPutManyWithNearDup(t *testing.T, idx store.NearDupIndex) {
	s := idx.(store.Store)
	mustPutNearDup(t, idx, entry("root", 0, 1))
	if res, err := idx.PutManyWithNearDup(t.Context(), nil); err != nil || len(res) != 0 {
		t.Fatalf("empty batch = %v, %v", res, err)
	}

	joins := entry("s1", 10, 1, 2)
	joins.ClusterID = "root"
	redelivered := joins
	redelivered.ClusterID = "elsewhere"
	items := []store.NearDupPut{
		{Article: story("s2", "Floods in the north", "Rivers rose."), Entry: entry("s2", 10, 9)},
		{Article: story("s1", "Blast in city", "Two hurt."), Entry: joins},
		{Article: story("s1", "Blast in city", "Two hurt."), Entry: redelivered},
		{Article: story("s1", "Blast in city: five hurt", "Five hurt."), Entry: entry("s1", 11, 3)},
	}
	res, err := idx.PutManyWithNearDup(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PutResult{
		{Outcome: store.Created, Version: 1},
		{Outcome: store.Created, Version: 1},
		{Outcome: store.Unchanged, Version: 1},
		{Outcome: store.Updated, Version: 2},
	}
	if !slices.Equal(res, want) {
		t.Fatalf("results = %+v, want %+v", res, want)
	}
	for i, it := range items {
		if it.Article.Version != want[i].Version || it.Article.Status != article.StatusQueued {
			t.Errorf("item %d updated to version %d status %q", i, it.Article.Version, it.Article.Status)
		}
	}
	if items[1].Article.ClusterID != "root" || items[3].Article.ClusterID != "root" || items[0].Article.ClusterID != "s2" {
		t.Errorf("clusters = %q %q %q, want root root s2", items[1].Article.ClusterID, items[3].Article.ClusterID, items[0].Article.ClusterID)
	}
	if got := mustGet(t, s, "s1"); got.Version != 2 || got.ClusterID != "root" || got.BodyText != "Five hurt." {
		t.Errorf("s1 stored as version %d cluster %q %q", got.Version, got.ClusterID, got.BodyText)
	}
	if ids := candidateIDs(t, idx, 0, 3, 9); !slices.Equal(ids, []string{"s1", "s2"}) {
		t.Errorf("index after batch = %v, want s1 (its latest bands) and s2", ids)
	}
	if ids := candidateIDs(t, idx, 0, 2); len(ids) != 0 {
		t.Errorf("s1's first bands still match: %v", ids)
	}
}

func testPutManyRejectsWhole(t *testing.T, idx store.NearDupIndex) {
	s := idx.(store.Store)
	good := story("good", "Quake felt", "No damage.")
	bad := story("bad", "h", "t")
	bad.Fingerprint.Content = ""
	_, err := idx.PutManyWithNearDup(t.Context(), []store.NearDupPut{
		{Article: good, Entry: entry("good", 0, 1)},
		{Article: bad, Entry: entry("bad", 0, 2)},
	})
	if !errors.Is(err, article.ErrInvalid) {
		t.Fatalf("batch with a bad item = %v, want ErrInvalid", err)
	}
	if _, err := s.Get(t.Context(), "good"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the good item was stored from a failed batch: %v", err)
	}
	if good.Version != 0 {
		t.Errorf("a failed batch updated its article to version %d", good.Version)
	}
	if _, err := idx.PutManyWithNearDup(t.Context(), []store.NearDupPut{{Article: good, Entry: entry("other", 0, 1)}}); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("entry for another story: %v, want ErrInvalid", err)
	}
}

func testLookupNearDups(t *testing.T, idx store.NearDupIndex) {
	a := story("s1", "Headline", "text")
	if _, err := idx.PutWithNearDup(t.Context(), a, entry("s1", 0, 7, 8)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		lookup    store.NearDupLookup
		wantStory bool
		wantCands []string
	}{
		{"stored story sharing a band", store.NearDupLookup{StoryID: "s1", Bands: []int64{8, 9}}, true, []string{"s1"}},
		{"stored story, no shared band", store.NearDupLookup{StoryID: "s1", Bands: []int64{9}}, true, nil},
		{"new story sharing a band", store.NearDupLookup{StoryID: "s2", Bands: []int64{7}}, false, []string{"s1"}},
		{"new story without bands", store.NearDupLookup{StoryID: "s2"}, false, nil},
		{"id that cannot be a key", store.NearDupLookup{StoryID: "bad\x00id", Bands: []int64{7}}, false, []string{"s1"}},
	}
	lookups := make([]store.NearDupLookup, len(tests))
	for i, tt := range tests {
		lookups[i] = tt.lookup
	}
	found, err := idx.LookupNearDups(t.Context(), lookups)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != len(tests) {
		t.Fatalf("%d answers for %d lookups", len(found), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			latest := found[i].Latest
			if (latest != nil) != tt.wantStory {
				t.Fatalf("latest = %v, want stored %v", latest, tt.wantStory)
			}
			if latest != nil && (latest.Version != 1 || latest.Fingerprint.Content != a.Fingerprint.Content) {
				t.Errorf("latest = version %d %q, want what was put", latest.Version, latest.Fingerprint.Content)
			}
			var ids []string
			for _, e := range found[i].Candidates {
				ids = append(ids, e.StoryID)
			}
			if !slices.Equal(ids, tt.wantCands) {
				t.Errorf("candidates = %v, want %v", ids, tt.wantCands)
			}
		})
	}
	if found, err := idx.LookupNearDups(t.Context(), nil); err != nil || len(found) != 0 {
		t.Errorf("no lookups = %v, %v", found, err)
	}
}
