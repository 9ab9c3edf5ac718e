package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/article/schema"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/dedup"
	"github.com/wiredesk/wiredesk/internal/demo"
	"github.com/wiredesk/wiredesk/normalize"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// commonFlags are the flags every long-running command shares.
type commonFlags struct {
	configPath  string
	natsURL     string
	databaseURL string
	dataDir     string
}

func (c *commonFlags) register(fsAdd func(p *string, name, value, usage string)) {
	fsAdd(&c.configPath, "config", "", "config file (YAML); default wiredesk.yaml if it exists")
	fsAdd(&c.natsURL, "nats-url", "", "external NATS server or cluster; empty starts an embedded server")
	fsAdd(&c.databaseURL, "database-url", "", "postgres://… or sqlite:PATH; empty uses SQLite in the data dir")
	fsAdd(&c.dataDir, "data-dir", "", "where the embedded NATS and SQLite keep their files")
}

// load reads the config file, applies the environment and then the flags,
// which win.
func (c *commonFlags) load(e *env) (*config.Config, error) {
	path := c.configPath
	if path == "" {
		if _, err := os.Stat("wiredesk.yaml"); err == nil {
			path = "wiredesk.yaml"
		}
	}
	var cfg *config.Config
	var err error
	if path != "" {
		cfg, err = config.Load(path)
	} else {
		cfg = config.Default()
		err = cfg.ApplyEnv(e.getenv)
	}
	if err != nil {
		return nil, err
	}
	if c.natsURL != "" {
		cfg.NATS.URL = c.natsURL
	}
	if c.databaseURL != "" {
		cfg.Database.URL = c.databaseURL
	}
	if c.dataDir != "" {
		cfg.DataDir = c.dataDir
	}
	return cfg, nil
}

// databaseURL is the configured database, or SQLite in the data dir.
func databaseURL(cfg *config.Config) string {
	if cfg.Database.URL != "" {
		return cfg.Database.URL
	}
	return "sqlite:" + filepath.Join(cfg.DataDir, "wiredesk.db")
}

func newLogger(e *env, cfg *config.Config) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: cfg.SlogLevel()}))
}

// services are the long-lived connections a command opens.
type services struct {
	cfg      *config.Config
	log      *slog.Logger
	embedded *publish.Embedded
	natsURL  string
	bus      *publish.Bus
	relayBus *publish.Bus
	store    store.Store
}

func openServices(ctx context.Context, cfg *config.Config, log *slog.Logger) (_ *services, err error) {
	s := &services{cfg: cfg, log: log}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	natsURL := cfg.NATS.URL
	if natsURL == "" {
		s.embedded, err = publish.StartEmbedded(publish.EmbeddedOptions{
			StoreDir:   filepath.Join(cfg.DataDir, "nats"),
			MaxPayload: int32(cfg.NATS.MaxPayload),
		})
		if err != nil {
			return nil, err
		}
		natsURL = s.embedded.ClientURL()
		log.Info("embedded nats started", "url", natsURL, "store_dir", filepath.Join(cfg.DataDir, "nats"))
	}
	s.natsURL = natsURL
	s.bus, err = publish.Connect(ctx, natsURL, publish.NamesWithPrefix(cfg.NATS.StreamPrefix), log)
	if err != nil {
		return nil, err
	}
	if err := s.bus.EnsureStreams(ctx, streamOptions(cfg)); err != nil {
		return nil, err
	}
	dsn := databaseURL(cfg)
	s.store, err = store.Open(ctx, dsn, store.WithLogger(log))
	if err != nil {
		return nil, err
	}
	log.Info("store opened", "database", redact(dsn))
	return s, nil
}

// relay returns the outbox relay of this process, on a connection of its
// own whose reconnect buffer is off: a publish the relay gave up on must
// never reach the stream later, unknown to the store.
func (s *services) relay(ctx context.Context, p *pipeline.Pipeline) (*publish.Relay, error) {
	if s.relayBus == nil {
		bus, err := publish.Connect(ctx, s.natsURL, s.bus.Names, s.log, nats.ReconnectBufSize(-1))
		if err != nil {
			return nil, err
		}
		s.relayBus = bus
	}
	host, _ := os.Hostname()
	r := p.Relay(s.relayBus, fmt.Sprintf("%s:%d", host, os.Getpid()))
	r.Poll = s.cfg.Publish.RelayPoll.Std()
	return r, nil
}

// streamOptions are the config's stream settings.
func streamOptions(cfg *config.Config) publish.StreamOptions {
	pub := cfg.NATS.Streams.Published
	return publish.StreamOptions{
		PublishedReplicas: pub.Replicas, PublishedMaxAge: pub.MaxAge.Std(),
		PublishedMaxBytes: int64(pub.MaxBytes), PublishedDuplicateWindow: pub.DuplicateWindow.Std(),
	}
}

func (s *services) close() {
	if s.store != nil {
		s.store.Close()
	}
	if s.relayBus != nil {
		s.relayBus.Close()
	}
	if s.bus != nil {
		s.bus.Close()
	}
	if s.embedded != nil {
		s.embedded.Shutdown()
	}
}

// redact hides a password in a database URL for logs.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	creds := dsn[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return dsn[:scheme+3] + creds[:i] + ":***" + dsn[at:]
	}
	return dsn
}

func runCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "run")
	var cf commonFlags
	cf.register(fs.StringVar)
	listen := fs.String("listen", "", "review API and desk address (default from config, 127.0.0.1:8080)")
	demoMode := fs.Bool("demo", false, "also serve bundled sample agency feeds on loopback and poll them")
	ninjsSchema := fs.String("ninjs-schema", "", "IPTC ninjs 2.2 JSON Schema file; when set, every published document is validated against it and the wiredesk extension before it is sent")
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
	log := newLogger(e, cfg)
	validate, err := ninjsValidator(*ninjsSchema)
	if err != nil {
		return err
	}
	if *demoMode {
		site, err := demo.Start()
		if err != nil {
			return err
		}
		defer site.Close()
		cfg.Feeds = append(cfg.Feeds, site.Feeds()...)
		// The demo feeds poll every few seconds so the update shows at once;
		// config files keep the 30 s floor.
		cfg.Ingest.MinInterval = config.Duration(demo.Interval)
		log.Info("demo site serving sample agency feeds", "url", site.URL())
	}
	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()

	p, err := newPipeline(cfg, svc, log)
	if err != nil {
		return err
	}
	p.ValidateNINJS = validate
	poller, err := newSharedPoller(ctx, cfg, svc.store, p.Ingest, "", log)
	if err != nil {
		return err
	}
	relay, err := svc.relay(ctx, p)
	if err != nil {
		return err
	}
	if *demoMode {
		// A read key so the downstream API and feeds can be tried at once.
		key, _, err := svc.store.AddKey(ctx, "demo "+time.Now().UTC().Format(time.RFC3339), store.ScopeRead)
		if err != nil {
			return err
		}
		log.Info("demo API key for /api/v1/published and /feeds (shown once)", "key", key)
		password, err := demoEditor(ctx, svc.store)
		if err != nil {
			return err
		}
		log.Info("demo editor account: log in at the desk (the password is shown once)", "name", demoEditorName, "password", password)
	}
	desk := review.NewServer(svc.store, log, append(deskOptions(cfg, relay, p),
		review.WithDeadLetters(deadLettersOf(svc.bus)), review.WithReadiness(natsReady(svc.bus)))...)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	launch := func(name string, fn func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		}()
	}
	for _, st := range p.Stages() {
		launch("stage "+st.Name, func(ctx context.Context) error { return svc.bus.Run(ctx, st) })
	}
	launch("relay", relay.Run)
	launch("poller", poller.Run)
	launch("review", func(ctx context.Context) error { return desk.ListenAndServe(ctx, cfg.Review.Listen) })
	log.Info("wiredesk running", "feeds", len(cfg.Feeds), "desk", "http://"+cfg.Review.Listen+"/", "api", "http://"+cfg.Review.Listen+"/api/v1/stories?status=queued")

	<-ctx.Done()
	log.Info("shutting down")
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

func migrateCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate")
	var cf commonFlags
	cf.register(fs.StringVar)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := cf.load(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	dsn := databaseURL(cfg)
	if err := store.Migrate(ctx, dsn); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "migrated %s\n", redact(dsn))
	return nil
}

// ninjsValidator loads the official ninjs schema the operator points at.
// The schema is IPTC's file, not shipped in the binary.
func ninjsValidator(path string) (func([]byte) error, error) {
	if path == "" {
		return nil, nil
	}
	official, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ninjs schema: %w", err)
	}
	v, err := schema.NewNINJSValidator(official, nil)
	if err != nil {
		return nil, err
	}
	return v.ValidateExtended, nil
}

// newPipeline connects the stages to the services as the config says:
// extraction rules, near-duplicate thresholds, disclaimers.
func newPipeline(cfg *config.Config, svc *services, log *slog.Logger) (*pipeline.Pipeline, error) {
	nopts, err := normalizeOptions(cfg)
	if err != nil {
		return nil, err
	}
	return &pipeline.Pipeline{
		Bus: svc.bus, Store: svc.store, Log: log,
		Disclaimer: cfg.DisclaimerFor, NormalizeOptions: nopts, NearDup: nearDupOptions(cfg),
		OutboxLease: cfg.Publish.OutboxLease.Std(),
	}, nil
}

// normalizeOptions turns the config's per-site extraction rules into the
// normalizer's, compiling every selector so a broken one is reported at
// start by its key.
func normalizeOptions(cfg *config.Config) (normalize.Options, error) {
	var opts normalize.Options
	for i, r := range cfg.Extraction.Rules {
		rule := normalize.SiteRule{Domain: r.Domain, Body: r.Body, Drop: r.Drop}
		if err := rule.Validate(); err != nil {
			return opts, fmt.Errorf("extraction.rules[%d] (%s): %w", i, r.Domain, err)
		}
		opts.Rules = append(opts.Rules, rule)
	}
	return opts, nil
}

// nearDupOptions are the config's near-duplicate thresholds.
func nearDupOptions(cfg *config.Config) dedup.Options {
	return dedup.Options{MinJaccard: cfg.Dedup.NearJaccard, MinContainment: cfg.Dedup.NearContainment}
}

// deskOptions are the review server's settings from the config.
func deskOptions(cfg *config.Config, relay *publish.Relay, p *pipeline.Pipeline) []review.Option {
	opts := []review.Option{
		review.WithReadiness(storeReady(p.Store)),
		review.WithNINJS(func(a *article.Article) any { return pipeline.ExtendedNINJS(a) }),
		review.WithEventDocument(p.EventDocument), review.WithPublicFeeds(cfg.Publish.PublicFeeds),
		review.WithPublicNames(cfg.Review.PublicNames...),
		review.WithAuth(review.AuthOptions{IdleTimeout: cfg.Review.SessionIdle.Std(), MaxAge: cfg.Review.SessionMax.Std(),
			TrustProxy: cfg.Review.TrustProxy}),
	}
	if relay != nil {
		opts = append(opts, review.WithRelayWake(relay.Wake))
	}
	if cfg.Review.TLSCert != "" {
		opts = append(opts, review.WithTLS(cfg.Review.TLSCert, cfg.Review.TLSKey))
	}
	if host, _, err := net.SplitHostPort(cfg.Review.Listen); err == nil && host != "" && host != "0.0.0.0" && host != "::" {
		opts = append(opts, review.WithPublicNames(host))
	}
	return opts
}

// demoEditorName is the account `run --demo` makes.
const demoEditorName = "editor"

// demoEditor makes the demo's editor account, or gives it a new password
// when it exists from an earlier run, and returns the password.
func demoEditor(ctx context.Context, st store.Store) (string, error) {
	password := review.RandomPassword()
	hash, err := review.HashPassword(password)
	if err != nil {
		return "", err
	}
	_, err = st.AddUser(ctx, demoEditorName, store.RoleEditor, hash)
	if errors.Is(err, store.ErrExists) {
		err = st.SetPassword(ctx, demoEditorName, hash)
	}
	return password, err
}

// deadLettersOf lists the bus's dead letters for the desk's health page.
func deadLettersOf(bus *publish.Bus) review.DeadLettersFunc {
	return func(ctx context.Context, limit int) ([]review.DeadLetter, error) {
		list, err := bus.DeadLetters(ctx, "", limit)
		out := make([]review.DeadLetter, len(list))
		for i, d := range list {
			out[i] = review.DeadLetter{Seq: d.Seq, Stage: d.Stage, Error: d.Error, Deliveries: d.Deliveries, Subject: d.Subject, Time: d.Time}
		}
		return out, err
	}
}

// natsReady checks that the bus is connected and JetStream answers.
func natsReady(bus *publish.Bus) review.ReadyCheck {
	return review.ReadyCheck{Name: "nats", Check: func(ctx context.Context) error {
		if !bus.NC.IsConnected() {
			return fmt.Errorf("not connected (%s)", bus.NC.Status())
		}
		if _, err := bus.JS.AccountInfo(ctx); err != nil {
			return errors.New("JetStream does not answer")
		}
		return nil
	}}
}

// storeReady checks that the store answers a query of the newest
// migration's tables.
func storeReady(st store.Store) review.ReadyCheck {
	return review.ReadyCheck{Name: "store", Check: func(ctx context.Context) error {
		// The cause may name hosts and users: the answer is public, so
		// it only says which part is down.
		if _, err := st.Search(ctx, store.SearchQuery{Limit: 1}); err != nil {
			return errors.New("does not answer")
		}
		return nil
	}}
}
