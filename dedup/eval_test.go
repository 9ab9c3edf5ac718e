package dedup

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPairSetPrecisionRecall(t *testing.T) {
	ps, err := LoadPairSet(pairSetDir)
	if err != nil {
		t.Fatal(err)
	}
	r := ps.Evaluate(Options{})
	t.Logf("pairs %d: tp %d fp %d fn %d tn %d precision %.3f recall %.3f", len(ps.Pairs), r.TP, r.FP, r.FN, r.TN, r.Precision(), r.Recall())
	for _, e := range r.Errors {
		t.Logf("error: %s %s near=%v cand=%v j=%.2f c=%.2f (%s)", e.A, e.B, e.Near, e.Candidate, e.Jaccard, e.Containment, e.Kind)
	}
	if r.Precision() < 0.99 || r.Recall() < 0.95 {
		t.Errorf("precision %.3f recall %.3f, want ≥ 0.99 and ≥ 0.95", r.Precision(), r.Recall())
	}
}

func FuzzLoadPairSet(f *testing.F) {
	f.Add(`{"id":"a","text":"one two three four"}`+"\n"+`{"id":"b","text":"one two three five"}`, `{"a":"a","b":"b","near":true}`)
	f.Add("", "")
	f.Add(`{"id":""}`, `{"a":"x","b":"y"}`)
	f.Fuzz(func(t *testing.T, docs, pairs string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "docs.jsonl"), []byte(docs), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "pairs.jsonl"), []byte(pairs), 0o644); err != nil {
			t.Fatal(err)
		}
		ps, err := LoadPairSet(dir)
		if err != nil {
			return
		}
		r := ps.Evaluate(Options{})
		if r.TP+r.FP+r.FN+r.TN != len(ps.Pairs) {
			t.Fatalf("counted %d of %d pairs", r.TP+r.FP+r.FN+r.TN, len(ps.Pairs))
		}
	})
}
