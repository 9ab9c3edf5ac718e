package textcase

import (
	"strings"
	"testing"
)

func TestLower(t *testing.T) {
	for _, in := range []string{"", "said", "Ushakov", "CNN", "МОСКВА", "Zelenskyy's", "İstanbul", "x1-Y2"} {
		if got, want := Lower(in), strings.ToLower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLower(f *testing.F) {
	f.Add("Moscow [Russia], April 25 (ANI):")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Lower(s), strings.ToLower(s); got != want {
			t.Fatalf("Lower(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestWordSet(t *testing.T) {
	got := WordSet("Said | told\n  Added|\n\n| CNN Business |")
	want := map[string]bool{"said": true, "told": true, "added": true, "cnn business": true}
	if len(got) != len(want) {
		t.Fatalf("WordSet = %v, want %v", got, want)
	}
	for w := range want {
		if !got[w] {
			t.Errorf("WordSet lacks %q: %v", w, got)
		}
	}
}
