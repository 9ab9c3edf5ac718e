package dedup

import (
	"hash/fnv"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

const story = `Russian President Vladimir Putin met with US Special Envoy Steve Witkoff at the Kremlin, the Ministry of Foreign Affairs of Russia shared on Friday. The meeting which took place at the Kremlin lasted three hours and was constructive and very useful, Yury Ushakov, a key Putin aide who was at the talks, told reporters. This conversation allowed the US positions to be brought closer together, not only on Ukraine, but also on a number of other international issues, he said.`

func TestSimHashSeparatesCopiesFromOtherStories(t *testing.T) {
	base := SimHash(story)
	for _, tc := range []struct {
		name    string
		text    string
		maxDist int
		minDist int
	}{
		{"identical", story, 0, 0},
		{"case and punctuation", strings.ToUpper(strings.ReplaceAll(story, ",", " ;")), 0, 0},
		{"another dateline and a trimmed end", "Moscow, April 25 (PTI) " + story[:len(story)-60], 12, 0},
		{"a different story", "The Reserve Bank of India kept its policy rate unchanged on Wednesday, citing sticky food inflation and a strong rupee, the governor told a press conference in Mumbai after a three-day meeting.", 64, 14},
	} {
		d := Distance(base, SimHash(tc.text))
		if d > tc.maxDist || d < tc.minDist {
			t.Errorf("%s: distance %d, want %d..%d", tc.name, d, tc.minDist, tc.maxDist)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := &article.Article{Headline: "Putin meets Witkoff", BodyText: story}
	Fingerprint(a)
	if len(a.Fingerprint.Content) != 64 || len(a.Fingerprint.SimHash) != 16 {
		t.Fatalf("fingerprint = %+v", a.Fingerprint)
	}
	v, err := ParseSimHash(a.Fingerprint.SimHash)
	if err != nil || v != SimHash(story) {
		t.Fatalf("ParseSimHash round trip = %x, %v", v, err)
	}
	b := &article.Article{Headline: "Putin meets Witkoff", BodyText: story + " Updated."}
	Fingerprint(b)
	if a.Fingerprint.Content == b.Fingerprint.Content {
		t.Error("changed body kept the same content hash")
	}
}

func FuzzSimHash(f *testing.F) {
	f.Add(story)
	f.Add("")
	f.Add("a b")
	f.Fuzz(func(t *testing.T, s string) {
		if SimHash(s) != SimHash(s) {
			t.Fatal("SimHash is not deterministic")
		}
		_ = FormatSimHash(SimHash(s))
	})
}

func TestShingleHashIsFNV1a(t *testing.T) {
	for _, shingle := range [][]string{{"a"}, {"delhi", "court", "granted"}, {"ü", "", "x"}} {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(shingle, " ")))
		if got, want := shingleHash(shingle), h.Sum64(); got != want {
			t.Errorf("shingleHash(%q) = %x, want %x", shingle, got, want)
		}
	}
}
