package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
)

// TestPutWithNearDupConcurrent has several writers put three contents of
// one story at once, each content several times over (redelivery): every
// content is stored exactly once, versions are 1..3 without gaps, the
// story row holds the latest, and every version keeps the first cluster.
func TestPutWithNearDupConcurrent(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := openTest(t, b.url(t))
			idx, err := store.NearDups(s)
			if err != nil {
				t.Fatal(err)
			}
			ingested := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
			contents := []string{"first text", "second text", "third text"}
			var wg sync.WaitGroup
			errs := make(chan error, 3*len(contents))
			for round := range 3 {
				for _, text := range contents {
					wg.Go(func() {
						a := &article.Article{
							ID: "s1", Agency: "ANI", Feed: "ani-world", GUID: "g1", Headline: "Headline",
							URL: "https://www.aninews.in/news/world/s1", BodyText: text,
							Body:        []article.Block{{Type: article.BlockParagraph, Text: text}},
							IngestedAt:  &ingested,
							Fingerprint: article.Fingerprint{Content: article.ContentFingerprint("Headline", text)},
						}
						e := store.NearDupEntry{StoryID: "s1", ClusterID: fmt.Sprintf("c%d", round), Bands: []int64{1, 2}, Signature: []byte(text)}
						if _, err := idx.PutWithNearDup(t.Context(), a, e); err != nil {
							errs <- err
						}
					})
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("PutWithNearDup: %v", err)
			}
			versions, err := s.Versions(t.Context(), "s1")
			if err != nil {
				t.Fatal(err)
			}
			if len(versions) != len(contents) {
				t.Fatalf("got %d versions, want %d", len(versions), len(contents))
			}
			seen := map[string]bool{}
			entry, err := idx.GetNearDup(t.Context(), "s1")
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range versions {
				if v.Version != i+1 {
					t.Errorf("version %d numbered %d", i+1, v.Version)
				}
				if seen[v.BodyText] {
					t.Errorf("content %q stored twice", v.BodyText)
				}
				seen[v.BodyText] = true
				if v.ClusterID != entry.ClusterID {
					t.Errorf("version %d in cluster %q, index says %q", v.Version, v.ClusterID, entry.ClusterID)
				}
			}
			latest, err := s.Get(t.Context(), "s1")
			if err != nil {
				t.Fatal(err)
			}
			if latest.Version != len(contents) || latest.BodyText != versions[len(versions)-1].BodyText {
				t.Errorf("story row holds version %d %q, want the latest", latest.Version, latest.BodyText)
			}
		})
	}
}

// TestGetWithNearDupCandidates checks the one-round-trip read against Get
// and NearDupCandidates.
func TestGetWithNearDupCandidates(t *testing.T) {
	s := openTest(t, testenv.PostgresURL(t))
	r, ok := s.(store.NearDupReader)
	if !ok {
		t.Fatalf("%T is no NearDupReader", s)
	}
	idx, _ := store.NearDups(s)
	ingested := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	a := &article.Article{
		ID: "s1", Agency: "ANI", Feed: "ani-world", GUID: "g1", Headline: "Headline",
		URL: "https://www.aninews.in/news/world/s1", BodyText: "text",
		Body:        []article.Block{{Type: article.BlockParagraph, Text: "text"}},
		IngestedAt:  &ingested,
		Fingerprint: article.Fingerprint{Content: article.ContentFingerprint("Headline", "text")},
	}
	if _, err := idx.PutWithNearDup(t.Context(), a, store.NearDupEntry{StoryID: "s1", Bands: []int64{7, 8}, Signature: []byte("sig")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		id        string
		bands     []int64
		wantStory bool
		wantCands int
	}{
		{"stored story sharing a band", "s1", []int64{8, 9}, true, 1},
		{"stored story, no shared band", "s1", []int64{9}, true, 0},
		{"new story sharing a band", "s2", []int64{7}, false, 1},
		{"new story without bands", "s2", nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			latest, cands, err := r.GetWithNearDupCandidates(t.Context(), tt.id, tt.bands, 0)
			if err != nil {
				t.Fatal(err)
			}
			if (latest != nil) != tt.wantStory {
				t.Fatalf("latest = %v, want stored %v", latest, tt.wantStory)
			}
			if latest != nil && (latest.Version != 1 || latest.Fingerprint.Content != a.Fingerprint.Content) {
				t.Errorf("latest = version %d %q, want what was put", latest.Version, latest.Fingerprint.Content)
			}
			if len(cands) != tt.wantCands || (len(cands) == 1 && cands[0].StoryID != "s1") {
				t.Errorf("candidates = %+v, want %d", cands, tt.wantCands)
			}
		})
	}
}
