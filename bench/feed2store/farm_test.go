package main

import (
	"testing"
)

// The plan's items are what the lost and duplicated checks rely on: a
// duplicate listing repeats an original of its agency in another feed, an
// update revises a backlog original that nothing else repeats, and a near
// copy is another agency's story.
func TestPlanKeepsItsPromises(t *testing.T) {
	pages := make([]page, 5)
	f := &farm{pages: pages}
	for n := range 60 {
		f.feeds = append(f.feeds, feedDef{id: "f", agency: agencies[n%len(agencies)], host: n % 3})
	}
	f.plan("t", 300, 200, func(n int) int { return n % len(pages) })
	originals := map[string]*item{}
	counts := map[kind]int{}
	for _, it := range f.items {
		counts[it.kind]++
		if it.kind == kindNew || it.kind == kindNearCopy {
			if originals[it.key()] != nil {
				t.Fatalf("two originals for %q", it.guid)
			}
			originals[it.key()] = it
		}
	}
	for _, it := range f.items {
		o := originals[it.key()]
		switch it.kind {
		case kindDuplicate:
			if o == nil || o.feed == it.feed || f.feeds[o.feed].agency != f.feeds[it.feed].agency || o.hasUpdate {
				t.Errorf("duplicate %q: original %+v", it.guid, o)
			}
		case kindUpdate:
			if o == nil || o.phase != 0 || it.phase != 1 || it.rev != 2 || o.hasDup || o.feed != it.feed {
				t.Errorf("update %q: original %+v", it.guid, o)
			}
		case kindNearCopy:
			if !it.nearCopy {
				t.Errorf("near copy %q is served without its edit", it.guid)
			}
		}
	}
	for _, k := range []kind{kindNew, kindDuplicate, kindNearCopy, kindUpdate} {
		if counts[k] == 0 {
			t.Errorf("no items of kind %d in %v", k, counts)
		}
	}
	// Every item but the duplicate listings makes one version.
	if got, want := f.expected(1), len(f.items)-counts[kindDuplicate]; got != want {
		t.Errorf("expected versions = %d, want %d", got, want)
	}
}
