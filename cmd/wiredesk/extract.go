package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/normalize"
)

// maxExtractInput bounds what extract reads, like the fetcher's page cap.
const maxExtractInput = 64 << 20

func extractCmd(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract")
	pageURL := fs.String("url", "", "the page's URL, to resolve relative links")
	format := fs.String("format", "json", "output: json (the canonical article) or ninjs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one FILE or - for stdin", errUsage)
	}
	if *format != "json" && *format != "ninjs" {
		return fmt.Errorf("%w: --format %q is not json or ninjs", errUsage, *format)
	}
	name := fs.Arg(0)
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	page, err := io.ReadAll(io.LimitReader(in, maxExtractInput+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if len(page) > maxExtractInput {
		return fmt.Errorf("%s is larger than %d MiB", name, maxExtractInput>>20)
	}
	a, err := normalize.Extract(page, *pageURL, normalize.Options{})
	if err != nil {
		return fmt.Errorf("extract %s: %w", name, err)
	}
	dedup.Fingerprint(a)
	var out []byte
	if *format == "ninjs" {
		out, err = json.MarshalIndent(a.NINJSExtended(), "", "  ")
	} else {
		out, err = json.MarshalIndent(a, "", "  ")
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", out)
	return err
}
