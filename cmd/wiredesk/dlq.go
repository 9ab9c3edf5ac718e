package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/wiredesk/wiredesk/publish"
)

// dlqCmd lists and replays the messages stages gave up on:
//
//	wiredesk dlq list [--stage S] [--limit N] [--json]
//	wiredesk dlq replay [--stage S] (SEQ… | --all)
func dlqCmd(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "replay") {
		return fmt.Errorf("%w: dlq list|replay [flags]", errUsage)
	}
	sub := args[0]
	fs := newFlagSet(e, "dlq "+sub)
	var cf commonFlags
	cf.register(fs.StringVar)
	stage := fs.String("stage", "", "only this stage's dead letters (normalize, dedup, enrich, store)")
	limit := fs.Int("limit", 100, "list at most this many, oldest first (0: all)")
	asJSON := fs.Bool("json", false, "list as JSON lines")
	all := fs.Bool("all", false, "replay every dead letter (of --stage, if given)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	log := newLogger(e, cfg)
	url := cfg.NATS.URL
	if url == "" {
		// The embedded default keeps the DLQ in the data dir; this works
		// while `wiredesk run` is stopped.
		emb, err := publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: filepath.Join(cfg.DataDir, "nats")})
		if err != nil {
			return err
		}
		defer emb.Shutdown()
		url = emb.ClientURL()
	}
	bus, err := publish.Connect(ctx, url, publish.NamesWithPrefix(cfg.NATS.StreamPrefix), log)
	if err != nil {
		return err
	}
	defer bus.Close()
	if err := bus.EnsureStreams(ctx, publish.StreamOptions{}); err != nil {
		return err
	}

	if sub == "list" {
		letters, err := bus.DeadLetters(ctx, *stage, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			for _, dl := range letters {
				if err := enc.Encode(dl); err != nil {
					return err
				}
			}
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tTIME\tSTAGE\tDELIVERIES\tSUBJECT\tBYTES\tERROR")
		for _, dl := range letters {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t%s\n", dl.Seq, dl.Time.UTC().Format("2006-01-02T15:04:05Z"), dl.Stage, dl.Deliveries, dl.Subject, dl.Size, dl.Error)
		}
		return tw.Flush()
	}

	var seqs []uint64
	if *all {
		letters, err := bus.DeadLetters(ctx, *stage, 0)
		if err != nil {
			return err
		}
		for _, dl := range letters {
			seqs = append(seqs, dl.Seq)
		}
	}
	for _, a := range fs.Args() {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: %q is not a dead-letter sequence number", errUsage, a)
		}
		seqs = append(seqs, n)
	}
	if len(seqs) == 0 && !*all {
		return fmt.Errorf("%w: dlq replay needs sequence numbers (from dlq list) or --all", errUsage)
	}
	for _, seq := range seqs {
		dl, err := bus.Replay(ctx, seq)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "replayed %d to %s (%s: %s)\n", seq, dl.Subject, dl.Stage, dl.Error)
	}
	return nil
}
