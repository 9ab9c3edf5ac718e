package dedup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// PairDoc is one story of a labelled pair set.
type PairDoc struct {
	ID       string `json:"id"`
	Headline string `json:"headline"`
	Text     string `json:"text"`
	// Source names the real article the text comes from (e.g.
	// "aeb:<page id>") and URL where it was published.
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
	// Rewrite lists the wire-style edits made to the source text, empty
	// for the source itself.
	Rewrite []string `json:"rewrite,omitempty"`
}

// Pair says whether two stories of a pair set are the same story.
type Pair struct {
	A    string `json:"a"`
	B    string `json:"b"`
	Near bool   `json:"near"`
	// Kind says how the pair was made, for reading the errors.
	Kind string `json:"kind"`
}

// PairSet is a labelled set of story pairs for measuring near-duplicate
// detection: docs.jsonl holds the stories, pairs.jsonl the labels.
type PairSet struct {
	Docs  map[string]PairDoc
	Pairs []Pair
}

// LoadPairSet reads docs.jsonl and pairs.jsonl from dir.
func LoadPairSet(dir string) (*PairSet, error) {
	ps := &PairSet{Docs: map[string]PairDoc{}}
	err := readJSONL(filepath.Join(dir, "docs.jsonl"), func(dec func(any) error) error {
		var d PairDoc
		if err := dec(&d); err != nil {
			return err
		}
		if d.ID == "" {
			return fmt.Errorf("doc without id")
		}
		ps.Docs[d.ID] = d
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readJSONL(filepath.Join(dir, "pairs.jsonl"), func(dec func(any) error) error {
		var p Pair
		if err := dec(&p); err != nil {
			return err
		}
		for _, id := range []string{p.A, p.B} {
			if _, ok := ps.Docs[id]; !ok {
				return fmt.Errorf("pair names unknown doc %q", id)
			}
		}
		ps.Pairs = append(ps.Pairs, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

func readJSONL(path string, each func(dec func(any) error) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("dedup: pair set: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		b := sc.Bytes()
		if err := each(func(v any) error { return json.Unmarshal(b, v) }); err != nil {
			return fmt.Errorf("dedup: %s line %d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("dedup: read %s: %w", path, err)
	}
	return nil
}

// PairResult is one pair as the detector judged it.
type PairResult struct {
	Pair
	Predicted bool
	Candidate bool // the banded index would have returned it
	Similarity
}

// EvalReport counts how the detector did on a pair set.
type EvalReport struct {
	TP, FP, FN, TN int
	// Errors are the false positives and false negatives.
	Errors []PairResult
}

// Precision is TP/(TP+FP), 1 when nothing was predicted.
func (r EvalReport) Precision() float64 {
	if r.TP+r.FP == 0 {
		return 1
	}
	return float64(r.TP) / float64(r.TP+r.FP)
}

// Recall is TP/(TP+FN), 1 when there are no positives.
func (r EvalReport) Recall() float64 {
	if r.TP+r.FN == 0 {
		return 1
	}
	return float64(r.TP) / float64(r.TP+r.FN)
}

// Evaluate judges every pair as production does, the index's banding
// included: a pair is predicted near when the two bodies share an LSH band
// and pass verification.
func (ps *PairSet) Evaluate(o Options) EvalReport {
	sigs := make(map[string]Signature, len(ps.Docs))
	for id, d := range ps.Docs {
		sigs[id] = MinHash(d.Text)
	}
	var r EvalReport
	for _, p := range ps.Pairs {
		a, b := sigs[p.A], sigs[p.B]
		res := PairResult{Pair: p, Candidate: a.SharesBand(b, o)}
		var ok bool
		ok, res.Similarity = Similar(a, b, o)
		res.Predicted = res.Candidate && ok
		switch {
		case p.Near && res.Predicted:
			r.TP++
		case p.Near:
			r.FN++
			r.Errors = append(r.Errors, res)
		case res.Predicted:
			r.FP++
			r.Errors = append(r.Errors, res)
		default:
			r.TN++
		}
	}
	return r
}
