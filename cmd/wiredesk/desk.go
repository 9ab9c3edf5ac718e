package main

import (
	"context"
	"fmt"
	"os"

	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// deskCmd serves the editors' desk and the HTTP API alone, against a
// shared store: approvals go to the outbox, which relays elsewhere
// (`wiredesk worker --stage relay`) publish, so the desk needs no NATS.
func deskCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "desk")
	var cf commonFlags
	cf.register(fs.StringVar)
	listen := fs.String("listen", "", "desk and API address (default from config, 127.0.0.1:8080)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	if *listen != "" {
		cfg.Review.Listen = *listen
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := newLogger(e, cfg)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	st, err := store.Open(ctx, databaseURL(cfg), store.WithLogger(log))
	if err != nil {
		return err
	}
	defer st.Close()
	// The pipeline only renders published documents here; it has no bus.
	p := &pipeline.Pipeline{Store: st, Log: log}
	desk := review.NewServer(st, log, deskOptions(cfg, nil, p)...)
	log.Info("desk running", "desk", "http://"+cfg.Review.Listen+"/")
	return desk.ListenAndServe(ctx, cfg.Review.Listen)
}
