package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The eval commands print the scores the issues set goals for; the
// scorers' own tests check the figures in depth.
func TestEvalCommands(t *testing.T) {
	corpus := filepath.Join(repoRoot(t), "..", "shared", "corpus")
	for _, tc := range []struct {
		name string
		args []string
		want *regexp.Regexp
		min  float64
	}{
		{"aeb", []string{"eval", "aeb", filepath.Join(corpus, "aeb")}, regexp.MustCompile(`aeb: 116 pages .* F1 ([0-9.]+)`), 0.975},
		{"polnear", []string{"eval", "polnear", filepath.Join(corpus, "polnear"), "--split", "dev"}, regexp.MustCompile(`quotes\s+P [0-9.]+\s+R [0-9.]+\s+F1 ([0-9.]+)`), 0.94},
		{"semantics", []string{"eval", "semantics", filepath.Join(repoRoot(t), "normalize", "semantics", "testdata")}, regexp.MustCompile(`dateline accuracy\s+([0-9.]+)`), 0.98},
		{"dedup", []string{"eval", "dedup", filepath.Join(repoRoot(t), "dedup", "testdata", "neardup")}, regexp.MustCompile(`precision ([0-9.]+)`), 0.99},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if dir := tc.args[2]; strings.HasPrefix(dir, corpus) {
				if _, err := os.Stat(dir); err != nil {
					t.Skipf("../shared/corpus is not here: %v", err)
				}
			}
			stdout, stderr, code := runCommand(t, "", tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			m := tc.want.FindStringSubmatch(stdout)
			if m == nil {
				t.Fatalf("output lacks %v:\n%s", tc.want, stdout)
			}
			if v, _ := strconv.ParseFloat(m[1], 64); v < tc.min {
				t.Errorf("%s score %.4f below %.3f", tc.name, v, tc.min)
			}
		})
	}
	_, stderr, code := runCommand(t, "", "eval")
	if code != 2 || !strings.Contains(stderr, "semantics") || !strings.Contains(stderr, "polnear") {
		t.Errorf("bare eval: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{
		{"eval", "polnear"},
		{"eval", "polnear", "DIR", "--split", "test"},
		{"eval", "polnear", "DIR", "EXTRA"},
	} {
		if _, stderr, code := runCommand(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage): %s", args, code, stderr)
		}
	}
}
