package main

import (
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
		{"semantics", []string{"eval", "semantics", filepath.Join(repoRoot(t), "normalize", "semantics", "testdata")}, regexp.MustCompile(`dateline accuracy\s+([0-9.]+)`), 0.98},
		{"dedup", []string{"eval", "dedup", filepath.Join(repoRoot(t), "dedup", "testdata", "neardup")}, regexp.MustCompile(`precision ([0-9.]+)`), 0.99},
	} {
		t.Run(tc.name, func(t *testing.T) {
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
	if code != 2 || !strings.Contains(stderr, "semantics") {
		t.Errorf("bare eval: exit %d, %s", code, stderr)
	}
}
