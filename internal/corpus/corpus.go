// Package corpus finds the shared material beside the repository
// (../shared: the real article pages with ground truth, the ninjs schemas,
// the seed story) for tests and benchmarks. It is not copied into the repo.
package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// SharedDir returns the shared folder beside the module root. A missing
// folder fails the test: every workstation and CI run has it, and a
// check that silently skipped could never fail.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("corpus: no go.mod above the test's working directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		// A plain clone has no ../shared: the test skips, saying what it
		// needs. CI always has it, so there a missing folder is an error.
		if os.Getenv("CI") != "" {
			tb.Fatalf("corpus: the shared folder beside the repository: %v", err)
		}
		tb.Skipf("needs ../shared beside the repository (%s)", filepath.Clean(shared))
	}
	return shared
}

// AEBStories returns the paragraphs of every story body in the aeb
// ground truth, in a stable order.
func AEBStories(tb testing.TB) [][]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(SharedDir(tb), "corpus", "aeb", "ground-truth.json"))
	if err != nil {
		tb.Fatalf("aeb corpus: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		tb.Fatalf("aeb ground truth: %v", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	stories := make([][]string, 0, len(ids))
	for _, id := range ids {
		var paras []string
		for _, p := range strings.Split(gt[id].ArticleBody, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		stories = append(stories, paras)
	}
	return stories
}
