package main

import (
	"context"
	"fmt"

	"github.com/wiredesk/wiredesk/normalize/evaluate"
	"github.com/wiredesk/wiredesk/normalize/semantics"
)

// evaluation is one `wiredesk eval KIND` scorer.
type evaluation struct {
	kind, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}

func evaluations() []evaluation {
	return []evaluation{
		{"aeb", "DIR", "body extraction on the article-extraction-benchmark pages (4-word shingle P/R/F1)", evalAEB},
		{"snippets", "DIR", "body extraction on the trafilatura-comparison pages (must/must-not snippets)", evalSnippets},
		{"metadata", "DIR", "headline, date and authors on the trafilatura-comparison pages", evalMetadata},
		{"polnear", "DIR", "quotes, speakers and sources on the PolNeAR corpus (--split train|dev)", evalPolnear},
		{"semantics", "[DIR]", "datelines, quotes and speakers, embeds, attributions on a labelled story set (--pages: end to end)", evalSemantics},
		{"dedup", "[DIR]", "near-duplicate precision and recall on a labelled pair set", evalDedup},
	}
}

// evalCmd measures extraction and deduplication against labelled data.
func evalCmd(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		for _, ev := range evaluations() {
			if ev.kind == args[0] {
				return ev.run(ctx, e, args[1:])
			}
		}
	}
	fmt.Fprintln(e.stderr, "usage: wiredesk eval KIND [-v] ARGS\n\nKinds:")
	for _, ev := range evaluations() {
		fmt.Fprintf(e.stderr, "  %-10s %-6s %s\n", ev.kind, ev.args, ev.summary)
	}
	return fmt.Errorf("%w: eval needs one of the kinds above", errUsage)
}

// corpusFlags parses `-v DIR` for the corpus scorers.
func corpusFlags(e *env, kind string, args []string) (dir string, verbose bool, err error) {
	fs := newFlagSet(e, "eval "+kind)
	v := fs.Bool("v", false, "print a line per page")
	if err := parseFlags(fs, args); err != nil {
		return "", false, err
	}
	if fs.NArg() != 1 {
		return "", false, fmt.Errorf("%w: eval %s needs the corpus folder", errUsage, kind)
	}
	return fs.Arg(0), *v, nil
}

func printScore(e *env, name string, pages int, p, r, f float64) {
	fmt.Fprintf(e.stdout, "%s: %d pages  precision %.4f  recall %.4f  F1 %.4f\n", name, pages, p, r, f)
}

func evalAEB(ctx context.Context, e *env, args []string) error {
	dir, verbose, err := corpusFlags(e, "aeb", args)
	if err != nil {
		return err
	}
	rep, err := evaluate.AEB(ctx, dir, e.stderr, verbose)
	if err != nil {
		return err
	}
	printScore(e, "aeb", rep.Pages, rep.Precision, rep.Recall, rep.F1)
	return nil
}

func evalSnippets(ctx context.Context, e *env, args []string) error {
	dir, verbose, err := corpusFlags(e, "snippets", args)
	if err != nil {
		return err
	}
	rep, err := evaluate.Snippets(ctx, dir, e.stderr, verbose)
	if err != nil {
		return err
	}
	printScore(e, "snippets", rep.Pages, rep.Precision, rep.Recall, rep.F1)
	return nil
}

func evalMetadata(ctx context.Context, e *env, args []string) error {
	dir, verbose, err := corpusFlags(e, "metadata", args)
	if err != nil {
		return err
	}
	_, err = evaluate.Metadata(ctx, dir, e.stdout, verbose)
	return err
}

func evalSemantics(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval semantics")
	verbose := fs.Bool("v", false, "print every miss")
	pages := fs.Bool("pages", false, "set each story into page markup and run the whole extractor on it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := "normalize/semantics/testdata"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	if *pages {
		_, err := evaluate.Pages(dir, e.stdout, *verbose)
		return err
	}
	_, err := semantics.Evaluate(dir, e.stdout, *verbose)
	return err
}

// evalPolnear scores quotes, speakers and sources on one split of the
// PolNeAR corpus: `eval polnear DIR [--split train|dev] [-v]`. Flags may
// follow the folder, as the issue writes the command.
func evalPolnear(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval polnear")
	split := fs.String("split", "dev", "the split to score: train or dev")
	verbose := fs.Bool("v", false, "print every miss")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var dir string
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
		if err := parseFlags(fs, fs.Args()[1:]); err != nil {
			return err
		}
	}
	if dir == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: eval polnear needs the corpus folder", errUsage)
	}
	if *split != "train" && *split != "dev" {
		return fmt.Errorf("%w: eval polnear: --split is train or dev, not %q", errUsage, *split)
	}
	_, err := evaluate.Polnear(ctx, dir, *split, e.stdout, *verbose)
	return err
}
