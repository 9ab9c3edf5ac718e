package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
)

// stageFlags tune the stage runner and the near-duplicate thresholds of
// a worker.
type stageFlags struct {
	concurrency, batch, maxDeliver int
	ackWait                        time.Duration
	nearDup                        dedup.Options
}

func (s *stageFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&s.concurrency, "concurrency", 0, "messages (or batches, for the dedup and store stages) one process handles at once per stage (default 4)")
	fs.IntVar(&s.batch, "batch", 0, "messages one fetch asks for, and the most one batch of the dedup and store stages holds (default 32)")
	fs.IntVar(&s.maxDeliver, "max-deliver", 0, "deliveries before a message is dead-lettered (default 5); every worker of a stage must agree")
	fs.DurationVar(&s.ackWait, "ack-wait", 0, "how long a delivered message is ours before it is redelivered (default 30s); every worker of a stage must agree")
	fs.Float64Var(&s.nearDup.MinJaccard, "near-jaccard", 0, "estimated Jaccard similarity from which two stories are near duplicates (default 0.3)")
	fs.Float64Var(&s.nearDup.MinContainment, "near-containment", 0, "estimated share of the shorter story found in the longer from which two stories are near duplicates (default 0.6)")
}

func (s *stageFlags) apply(p *pipeline.Pipeline) error {
	if err := s.nearDup.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"concurrency", s.concurrency}, {"batch", s.batch}, {"max-deliver", s.maxDeliver}} {
		if f.v < 0 {
			return fmt.Errorf("%w: --%s %d is negative", errUsage, f.name, f.v)
		}
	}
	p.NearDup = s.nearDup
	p.Tune = func(st *publish.Stage) {
		if s.concurrency > 0 {
			st.Concurrency = s.concurrency
		}
		if s.batch > 0 {
			st.Batch = s.batch
		}
		if s.maxDeliver > 0 {
			st.MaxDeliver = s.maxDeliver
		}
		if s.ackWait > 0 {
			st.AckWait = s.ackWait
		}
	}
	return nil
}

// workerCmd runs one stage (or all) on the shared durable consumers of an
// external NATS, as many processes on as many hosts as the load needs. On
// SIGTERM it stops fetching, finishes the messages it holds and exits.
func workerCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "worker")
	var cf commonFlags
	cf.register(fs.StringVar)
	stage := fs.String("stage", pipeline.StageAll, "stage to run: normalize, dedup, enrich, store, relay (publishes the outbox) or all")
	var sf stageFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	if cfg.NATS.URL == "" {
		return fmt.Errorf("%w: a worker shares its consumers with other processes, so it needs an external NATS (--nats-url or nats.url)", errUsage)
	}
	log := newLogger(e, cfg).With("worker_stage", *stage)
	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()
	p, err := newPipeline(cfg, svc, log)
	if err != nil {
		return err
	}
	if err := sf.apply(p); err != nil {
		return err
	}
	var stages []publish.Stage
	if *stage != pipeline.StageRelay {
		if stages, err = p.StagesFor(*stage); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	if err := publish.CheckDuplicateWindow(0, stages...); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(stages)+1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	launch := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("stage %s: %w", name, err)
				cancel()
			}
		}()
	}
	for _, st := range stages {
		launch(st.Name, func(ctx context.Context) error { return svc.bus.Run(ctx, st) })
	}
	if *stage == pipeline.StageRelay || *stage == pipeline.StageAll {
		relay, err := svc.relay(ctx, p)
		if err != nil {
			return err
		}
		launch(pipeline.StageRelay, relay.Run)
	}
	log.Info("worker running", "stages", len(stages))
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	log.Info("worker stopped")
	return errors.Join(all...)
}
