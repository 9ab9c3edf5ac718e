package main

import (
	"context"
	"fmt"

	"github.com/wiredesk/wiredesk/dedup"
)

// evalDedup prints near-duplicate precision and recall on a labelled pair
// set: `eval dedup [DIR]`.
func evalDedup(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval dedup")
	var o dedup.Options
	fs.Float64Var(&o.MinJaccard, "near-jaccard", 0, "estimated Jaccard similarity threshold (default 0.3)")
	fs.Float64Var(&o.MinContainment, "near-containment", 0, "estimated containment threshold (default 0.6)")
	fs.IntVar(&o.Bands, "bands", 0, "LSH bands (default 20)")
	fs.IntVar(&o.Rows, "rows", 0, "minimum hashes per band (default 2)")
	verbose := fs.Bool("v", false, "list every misjudged pair")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	dir := "dedup/testdata/neardup"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	ps, err := dedup.LoadPairSet(dir)
	if err != nil {
		return err
	}
	r := ps.Evaluate(o)
	fmt.Fprintf(e.stdout, "pairs %d (%d near, %d not) in %s\n", len(ps.Pairs), r.TP+r.FN, r.FP+r.TN, dir)
	fmt.Fprintf(e.stdout, "precision %.4f  recall %.4f  (tp %d, fp %d, fn %d, tn %d)\n", r.Precision(), r.Recall(), r.TP, r.FP, r.FN, r.TN)
	if *verbose {
		for _, x := range r.Errors {
			label := "missed"
			if !x.Near {
				label = "false match"
			}
			fmt.Fprintf(e.stdout, "%s: %s ~ %s jaccard %.2f containment %.2f candidate %v (%s)\n", label, x.A, x.B, x.Jaccard, x.Containment, x.Candidate, x.Kind)
		}
	}
	return nil
}
