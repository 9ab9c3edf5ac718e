package dedup

import (
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
