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
		if got, want := SimHash(s), simHashByVotes(s); got != want {
			t.Fatalf("SimHash = %016x, one vote per bit gives %016x", got, want)
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

// simHashByVotes is SimHash as first written, one vote per bit per
// shingle: the reference the counting by lanes must match.
func simHashByVotes(text string) uint64 {
	words := Words(text)
	var counts [64]int
	add := func(shingle []string) {
		v := shingleHash(shingle)
		for i := range 64 {
			if v&(1<<i) != 0 {
				counts[i]++
			} else {
				counts[i]--
			}
		}
	}
	if len(words) < shingleSize {
		if len(words) > 0 {
			add(words)
		}
	} else {
		for i := 0; i+shingleSize <= len(words); i++ {
			add(words[i : i+shingleSize])
		}
	}
	var out uint64
	for i, c := range counts {
		if c > 0 {
			out |= 1 << i
		}
	}
	return out
}

// Counting votes eight bits at a time gives the SimHash of one vote per
// bit, for short texts, texts past the lanes' 255-hash flush, and ties.
func TestSimHashMatchesOneVotePerBit(t *testing.T) {
	long := strings.Repeat(story+" ", 12)
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"one word", "Moscow"},
		{"two words", "Moscow talks"},
		{"the story", story},
		{"past a flush", long},
		{"many flushes", strings.Repeat(long, 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := SimHash(tc.text), simHashByVotes(tc.text); got != want {
				t.Errorf("SimHash = %016x, want %016x", got, want)
			}
		})
	}
}

// BenchmarkSimHash is the SimHash of a 350-word story: the counting by
// lanes against one vote per bit.
func BenchmarkSimHash(b *testing.B) {
	text := strings.Repeat(story+" ", 4)
	b.Run("lanes", func(b *testing.B) {
		for b.Loop() {
			SimHash(text)
		}
	})
	b.Run("one-vote-per-bit", func(b *testing.B) {
		for b.Loop() {
			simHashByVotes(text)
		}
	})
}
