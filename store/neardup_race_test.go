package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
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
						a := raceStory("s1", text, ingested)
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

// TestPutManyWithNearDupConcurrent has several writers put overlapping
// batches of the same stories at once, each in its own order, as workers
// sharing a consumer do after a redelivery: no batch fails, and every
// story is stored once, at version 1.
func TestPutManyWithNearDupConcurrent(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := openTest(t, b.url(t))
			idx, err := store.NearDups(s)
			if err != nil {
				t.Fatal(err)
			}
			ingested := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
			const stories = 20
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for writer := range 4 {
				wg.Go(func() {
					var items []store.NearDupPut
					for i := range stories {
						// Every writer puts every story, from its own start
						// and half of them backwards.
						n := (i + 7*writer) % stories
						if writer%2 == 1 {
							n = stories - 1 - n
						}
						id := fmt.Sprintf("s%02d", n)
						text := "text of " + id
						a := raceStory(id, text, ingested)
						items = append(items, store.NearDupPut{Article: a, Entry: store.NearDupEntry{StoryID: id, Bands: []int64{int64(i)}, Signature: []byte(text)}})
					}
					if _, err := idx.PutManyWithNearDup(t.Context(), items); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("PutManyWithNearDup: %v", err)
			}
			list, err := s.List(t.Context(), store.ListQuery{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != stories {
				t.Fatalf("%d stories stored, want %d", len(list), stories)
			}
			for _, a := range list {
				if vs, err := s.Versions(t.Context(), a.ID); err != nil || len(vs) != 1 {
					t.Errorf("story %s has %d versions (%v), want 1", a.ID, len(vs), err)
				}
			}
		})
	}
}

// raceStory is a storable story whose content is text.
func raceStory(id, text string, ingested time.Time) *article.Article {
	return &article.Article{
		ID: id, Agency: "ANI", Feed: "ani-world", GUID: id, Headline: "Headline",
		URL: "https://www.aninews.in/news/world/" + id, BodyText: text,
		Body:        []article.Block{{Type: article.BlockParagraph, Text: text}},
		IngestedAt:  &ingested,
		Fingerprint: article.Fingerprint{Content: article.ContentFingerprint("Headline", text)},
	}
}
