package evaluate

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestShingleMatch(t *testing.T) {
	tests := []struct {
		name        string
		want, got   string
		tp, fp, fn  float64
		prec, recal float64
	}{
		{"identical", "one two three four five", "one two three four five", 1, 0, 0, 1, 1},
		{"extra tail", "a b c d", "a b c d e", 0.5, 0.5, 0, 0.5, 1},
		{"missing tail", "a b c d e", "a b c d", 0.5, 0, 0.5, 1, 0.5},
		{"punctuation and spacing ignored", "WASHINGTON (AP) — The vote", "WASHINGTON AP The  vote", 1, 0, 0, 1, 1},
		{"case kept", "a b c d", "A b c d", 0, 0.5, 0.5, 0, 0},
		{"short texts are one shingle", "a b", "a b", 1, 0, 0, 1, 1},
		{"nothing extracted", "a b c d", "", 0, 0, 1, 0, 0},
		{"both empty", "", "", 0, 0, 0, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn := ShingleMatch(tt.want, tt.got, 4)
			if !near(tp, tt.tp) || !near(fp, tt.fp) || !near(fn, tt.fn) {
				t.Errorf("ShingleMatch = %.3f %.3f %.3f, want %.3f %.3f %.3f", tp, fp, fn, tt.tp, tt.fp, tt.fn)
			}
			if p, r := shinglePrecision(tp, fp, fn), shingleRecall(tp, fp, fn); !near(p, tt.prec) || !near(r, tt.recal) {
				t.Errorf("precision, recall = %.3f, %.3f, want %.3f, %.3f", p, r, tt.prec, tt.recal)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// corpusDir finds shared/corpus/<name> beside the project, skipping the
// test where the corpus is not present.
func corpusDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", name)
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err != nil {
		t.Skipf("corpus %s not present: %v", name, err)
	}
	return dir
}

// The corpus runs guard against regressions: the floors sit a little under
// the scores recorded in docs/extraction.md.
func TestAEBCorpus(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus run")
	}
	var log bytes.Buffer
	rep, err := AEB(context.Background(), corpusDir(t, "aeb"), &log, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("aeb: P %.4f R %.4f F1 %.4f over %d pages", rep.Precision, rep.Recall, rep.F1, rep.Pages)
	if rep.Failed > 0 {
		t.Errorf("%d pages failed", rep.Failed)
	}
	if rep.F1 < aebFloor {
		t.Errorf("aeb F1 %.4f fell below %.3f", rep.F1, aebFloor)
	}
}

func TestSnippetsCorpus(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus run")
	}
	var log bytes.Buffer
	rep, err := Snippets(context.Background(), corpusDir(t, "trafilatura-comparison"), &log, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("snippets: P %.4f R %.4f F1 %.4f over %d pages", rep.Precision, rep.Recall, rep.F1, rep.Pages)
	if rep.Failed > 0 {
		t.Errorf("%d pages failed", rep.Failed)
	}
	if rep.F1 < snippetsFloor {
		t.Errorf("snippets F1 %.4f fell below %.2f", rep.F1, snippetsFloor)
	}
}

const (
	aebFloor      = 0.979 // issue 16's goal is 0.980; today 0.9801
	snippetsFloor = 0.93  // issue 16's goal is 0.940; today 0.9328
)

func TestAEBCancelled(t *testing.T) {
	dir := corpusDir(t, "aeb")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := AEB(ctx, dir, &bytes.Buffer{}, false); err == nil {
		t.Fatal("AEB ran on a cancelled context")
	}
}

func TestMetadataCorpus(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus run")
	}
	var log bytes.Buffer
	rep, err := Metadata(context.Background(), corpusDir(t, "trafilatura-comparison"), &log, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("metadata: title %.3f date %.3f authors %.3f over %d pages", rep.Title.Accuracy(), rep.Date.Accuracy(), rep.Authors.Accuracy(), rep.Pages)
	for name, f := range map[string]struct {
		got   FieldScore
		floor float64
	}{"title": {rep.Title, 0.72}, "date": {rep.Date, 0.75}, "authors": {rep.Authors, 0.48}} {
		if f.got.Accuracy() < f.floor {
			t.Errorf("%s accuracy %.3f fell below %.2f", name, f.got.Accuracy(), f.floor)
		}
	}
}
