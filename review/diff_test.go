package review

import (
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	for _, tc := range []struct{ before, after, want string }{
		{"bail in Rs 40 crore case", "bail in Rs 14 crore case", "=bail in Rs |-40 |+14 |=crore case"},
		{"same text", "same text", "=same text"},
		{"", "new words", "+new words"},
		{"old words", "", "-old words"},
		{"one\n\ntwo", "one\n\ntwo three", "=one\n\n|-two|+two three"},
	} {
		var parts []string
		for _, p := range wordDiff(tc.before, tc.after) {
			parts = append(parts, p.Op+p.Text)
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("wordDiff(%q, %q) = %q, want %q", tc.before, tc.after, got, tc.want)
		}
	}
}

func FuzzWordDiff(f *testing.F) {
	f.Add("bail in Rs 40 crore", "bail in Rs 14 crore")
	f.Add("", "\x00\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		var before, after strings.Builder
		for _, p := range wordDiff(a, b) {
			if p.Op != "+" {
				before.WriteString(p.Text)
			}
			if p.Op != "-" {
				after.WriteString(p.Text)
			}
		}
		// Story text is valid UTF-8 (stored JSON); the diff works on runes.
		clean := func(s string) string { return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00\n", "") }
		if before.String() != clean(a) || after.String() != clean(b) {
			t.Errorf("the diff of %q and %q does not rebuild them: %q, %q", a, b, before.String(), after.String())
		}
	})
}

func TestSimilarity(t *testing.T) {
	a := "Russian President Vladimir Putin met US Special Envoy Steve Witkoff at the Kremlin on Friday."
	for _, tc := range []struct {
		b        string
		min, max float64
	}{
		{a, 1, 1},
		{"Russian President Vladimir Putin met US Special Envoy Steve Witkoff at the Kremlin, officials said.", 0.5, 0.9},
		{"The monsoon is expected to be above normal this year, the weather office said.", 0, 0},
		{"", 0, 0},
	} {
		if got := similarity(a, tc.b); got < tc.min || got > tc.max {
			t.Errorf("similarity with %q = %.2f, want %.2f–%.2f", tc.b, got, tc.min, tc.max)
		}
	}
}
