package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/consume"
	"github.com/wiredesk/wiredesk/publish"
)

// tailCmd prints stories as they are published, as a downstream site
// would receive them: from now, or from --since ago.
func tailCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "tail")
	var cf commonFlags
	cf.register(fs.StringVar)
	agency := fs.String("agency", "", "only this agency's stories (e.g. ANI)")
	topic := fs.String("topic", "", "only this topic (e.g. politics, sport, general)")
	since := fs.Duration("since", 0, "start this far back (e.g. 1h) instead of now")
	format := fs.String("format", "text", "text (one line per event), json (the canonical article) or ninjs (the published document)")
	count := fs.Int("count", 0, "exit after this many events (0: run until interrupted)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "json", "ninjs":
	default:
		return fmt.Errorf("%w: --format %q: want text, json or ninjs", errUsage, *format)
	}
	if *since < 0 || *count < 0 {
		return fmt.Errorf("%w: --since and --count cannot be negative", errUsage)
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	if cfg.NATS.URL == "" {
		return fmt.Errorf("%w: tail reads the published stream of a running wiredesk: give its NATS with --nats-url or nats.url", errUsage)
	}
	nc, err := nats.Connect(cfg.NATS.URL, nats.Name("wiredesk-tail"))
	if err != nil {
		return fmt.Errorf("connect %s: %w", cfg.NATS.URL, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	names := publish.NamesWithPrefix(cfg.NATS.StreamPrefix)
	opts := []consume.Option{consume.WithStream(names.PublishedStream(), names.SubjectRoot)}
	if *agency != "" {
		opts = append(opts, consume.WithAgencies(*agency))
	}
	if *topic != "" {
		opts = append(opts, consume.WithTopics(*topic))
	}
	if *since > 0 {
		opts = append(opts, consume.From(consume.StartAt(time.Now().Add(-*since))))
	}
	c, err := consume.New(ctx, js, opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seen := 0
	err = c.Run(ctx, func(ctx context.Context, m *consume.Message) error {
		if err := printEvent(e, m, *format); err != nil {
			fmt.Fprintf(e.stderr, "wiredesk tail: sequence %d: %v\n", m.Sequence, err)
		}
		if seen++; *count > 0 && seen >= *count {
			cancel()
		}
		return nil
	})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func printEvent(e *env, m *consume.Message, format string) error {
	if m.Err != nil {
		return m.Err
	}
	switch format {
	case "ninjs":
		_, err := fmt.Fprintf(e.stdout, "%s\n", m.Data)
		return err
	case "json":
		a, err := m.Article()
		if err != nil {
			return err
		}
		doc, err := json.Marshal(a)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", doc)
		return err
	}
	a, err := m.Article()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s  #%d  %-10s %s/%s  %s v%d  %s\n",
		m.Published.UTC().Format(time.RFC3339), m.Sequence, m.Event, m.Agency, m.Topic, m.StoryID, m.Version, a.Headline)
	return err
}
