package dedup

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMinHashFindsCopiesAndNotOtherStories(t *testing.T) {
	paras := Paragraphs(strings.ReplaceAll(story, ". ", ".\n\n"))
	trimmed := strings.Join(paras[:len(paras)-1], "\n\n")
	other := "The Reserve Bank of India kept its policy rate unchanged on Wednesday, citing sticky food inflation and a strong rupee, the governor told a press conference in Mumbai after a three-day meeting of the monetary policy committee."
	base := MinHash(story)
	for _, tc := range []struct {
		name string
		text string
		want bool
	}{
		{"identical", story, true},
		{"another agency's dateline and boilerplate", "Moscow, April 25 (PTI) " + story + "\n\n(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)", true},
		{"trimmed from the end", trimmed, true},
		{"a different story", other, false},
		{"empty", "", false},
	} {
		if got := Near(base, MinHash(tc.text), Options{}); got != tc.want {
			ok, sim := Similar(base, MinHash(tc.text), Options{})
			t.Errorf("%s: Near = %v, want %v (similar %v, %+v)", tc.name, got, tc.want, ok, sim)
		}
	}
}

func TestSignatureRoundTrip(t *testing.T) {
	s := MinHash(story)
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Signature
	if err := back.UnmarshalBinary(b); err != nil || back != s {
		t.Fatalf("round trip: %v, equal %v", err, back == s)
	}
	if err := back.UnmarshalBinary(b[:10]); err == nil {
		t.Error("short signature accepted")
	}
	if len(s.Bands(Options{})) != 20 || len(Signature{}.Bands(Options{})) != 0 {
		t.Error("bands: want 20 for a story, none for empty text")
	}
}

func TestClusterOfIsTheEarliestMatch(t *testing.T) {
	t0 := time.Date(2025, 4, 25, 9, 0, 0, 0, time.UTC)
	sig := MinHash(story)
	cands := []Candidate{
		{StoryID: "late", ClusterID: "root", Signature: sig, IngestedAt: t0.Add(time.Hour)},
		{StoryID: "root", ClusterID: "root", Signature: sig, IngestedAt: t0},
		{StoryID: "self", ClusterID: "self", Signature: sig, IngestedAt: t0.Add(2 * time.Hour)},
		{StoryID: "other", ClusterID: "other", Signature: MinHash("an entirely different story about monsoon rain over Kerala and the farmers waiting for it"), IngestedAt: t0.Add(-time.Hour)},
	}
	m := Matches("self", sig, cands, Options{})
	var ids []string
	for _, x := range m {
		ids = append(ids, x.StoryID)
	}
	if !slices.Equal(ids, []string{"root", "late"}) {
		t.Fatalf("matches = %v", ids)
	}
	if got := ClusterOf("self", m); got != "root" {
		t.Errorf("cluster = %q, want root", got)
	}
	if got := ClusterOf("self", nil); got != "self" {
		t.Errorf("cluster of a story with no match = %q", got)
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := (Options{Bands: 40, Rows: 2}).Validate(); err == nil {
		t.Error("80 hashes accepted from a 64-hash signature")
	}
	if err := (Options{MinJaccard: 1.5}).Validate(); err == nil {
		t.Error("threshold above 1 accepted")
	}
	if err := (Options{}).Validate(); err != nil {
		t.Error(err)
	}
}

func FuzzSignature(f *testing.F) {
	f.Add(story, []byte{})
	f.Add("", make([]byte, signatureBytes))
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		s := MinHash(text)
		if j := s.Jaccard(s); !s.Empty() && j != 1 {
			t.Fatalf("self-similarity %v", j)
		}
		var back Signature
		if back.UnmarshalBinary(raw) == nil {
			_ = back.Containment(s)
			_ = back.Bands(Options{})
		}
	})
}

func BenchmarkMinHash(b *testing.B) {
	text := strings.Repeat(story+" ", 4) // about 350 words, a typical wire story
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		MinHash(text)
	}
}
