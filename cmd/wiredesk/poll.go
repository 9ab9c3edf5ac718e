package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
	"github.com/wiredesk/wiredesk/ingest/storebacked"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/store"
)

// pollCmd is the ingest daemon alone: it polls the feeds shared through the
// store and publishes new and changed items to wire.raw, leaving
// normalisation and storage to `wiredesk run` or other workers. Run it on
// as many hosts as needed: they share the feed list, each feed polled by
// one of them at a time.
func pollCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "poll")
	var cf commonFlags
	cf.register(fs.StringVar)
	owner := fs.String("poller-id", "", "this poller's name in feed leases and `feeds list` (default host/pid); unique per poller")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	log := newLogger(e, cfg)
	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()
	p := &pipeline.Pipeline{Bus: svc.bus, Store: svc.store, Log: log}
	poller, err := newSharedPoller(ctx, cfg, svc.store, p.Ingest, *owner, log)
	if err != nil {
		return err
	}
	defer poller.Close()
	log.Info("polling", "config_feeds", len(cfg.Feeds), "workers", cfg.Ingest.Workers)
	return poller.Run(ctx)
}

// newSharedPoller makes the store's config feeds match cfg and returns a
// poller whose schedule, leases and item state live in the store, so that
// every poller on every host shares them. owner names this poller; empty
// means host/pid.
func newSharedPoller(ctx context.Context, cfg *config.Config, st store.Store, sink ingest.Sink, owner string, log *slog.Logger) (*ingest.Poller, error) {
	fs, ok := st.(store.FeedStore)
	if !ok {
		return nil, fmt.Errorf("store %T keeps no feeds", st)
	}
	if err := storebacked.Sync(ctx, fs, cfg.Feeds); err != nil {
		return nil, err
	}
	if owner == "" {
		owner = storebacked.DefaultOwner()
	}
	shared := storebacked.New(fs, owner)
	pc := ingest.NewPollerConfig(cfg, sink, log)
	pc.State, pc.Schedule = shared, shared
	return ingest.NewPoller(pc)
}
