package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
	"github.com/wiredesk/wiredesk/ingest/storebacked"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// feedsSubcommands are the verbs of `wiredesk feeds`.
var feedsSubcommands = []struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}{
	{"list", "[--json]", "show every feed's health", feedsList},
	{"add", "--id ID --agency AGENCY [--interval 5m] [--fetch-page auto|always|never] [--allow-private] URL", "add a feed for every poller, beside the config file's", feedsAdd},
	{"remove", "ID", "remove a feed added with `feeds add`", feedsRemove},
	{"test", "[--agency A] [--fetch-page MODE] [--allow-private] [--articles N] [--json] URL", "fetch a feed once and show its items and articles, changing nothing", feedsTest},
}

func feedsCmd(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		feedsUsage(e.stderr)
		if len(args) == 0 {
			return fmt.Errorf("%w: want one of list, add, remove, test", errUsage)
		}
		return flag.ErrHelp
	}
	for _, sub := range feedsSubcommands {
		if sub.name == args[0] {
			return sub.run(ctx, e, args[1:])
		}
	}
	feedsUsage(e.stderr)
	return fmt.Errorf("%w: unknown feeds command %q", errUsage, args[0])
}

func feedsUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	for _, sub := range feedsSubcommands {
		fmt.Fprintf(w, "  wiredesk feeds %s %s\n      %s\n", sub.name, sub.args, sub.summary)
	}
	fmt.Fprintln(w, "Each also takes --config, --database-url and --data-dir; see 'wiredesk feeds COMMAND -h'.")
}

// parseInterspersed parses flags wherever they stand among the
// positional arguments (`feeds add URL --id x` as well as `--id x URL`)
// and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// openFeedStore opens the configured store for the feed commands, which
// need neither NATS nor the pipeline.
func openFeedStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (store.Store, store.FeedStore, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("data dir: %w", err)
	}
	st, err := store.Open(ctx, databaseURL(cfg), store.WithLogger(log))
	if err != nil {
		return nil, nil, err
	}
	fs, ok := st.(store.FeedStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("store %T keeps no feeds", st)
	}
	return st, fs, nil
}

// feedsSetup parses a feeds subcommand's flags (common ones included),
// loads the config and makes a logger; it returns the positional args.
func feedsSetup(e *env, fs *flag.FlagSet, args []string) (*config.Config, *slog.Logger, []string, error) {
	var cf commonFlags
	cf.register(fs.StringVar)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := cf.load(e)
	if err != nil {
		return nil, nil, nil, err
	}
	return cfg, newLogger(e, cfg), positional, nil
}

func feedsList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "feeds list")
	asJSON := fs.Bool("json", false, "print the API's JSON instead of a table")
	cfg, log, positional, err := feedsSetup(e, fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, positional[0])
	}
	st, feeds, err := openFeedStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	health, err := feeds.FeedHealth(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	list := review.FeedList{Feeds: make([]review.FeedStatus, 0, len(health))}
	inStore := map[string]bool{}
	for _, h := range health {
		list.Feeds = append(list.Feeds, review.NewFeedStatus(h, now))
		inStore[h.ID] = true
	}
	// Config feeds reach the store when a poller starts; until then they
	// are listed as pending.
	for _, f := range cfg.Feeds {
		if !inStore[f.ID] {
			spec := storebacked.Spec(f)
			list.Feeds = append(list.Feeds, review.FeedStatus{
				ID: f.ID, Agency: f.Agency, URL: f.URL, Interval: spec.Interval.String(),
				FetchPage: spec.FetchPage, AllowPrivate: f.AllowPrivate, Origin: string(store.OriginConfig), State: "pending",
			})
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	printFeedTable(e.stdout, list.Feeds, now)
	return nil
}

// printFeedTable prints feed health for a terminal, one feed a line.
func printFeedTable(w io.Writer, feeds []review.FeedStatus, now time.Time) {
	if len(feeds) == 0 {
		fmt.Fprintln(w, "no feeds: add them to the config file or with `wiredesk feeds add`")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tAGENCY\tSTATE\tLAST SUCCESS\tERRORS\tLAST ERROR\tNEXT POLL\tITEMS 24H\tURL")
	for _, f := range feeds {
		state := f.State
		if f.LeasedBy != "" {
			state += " (" + f.LeasedBy + ")"
		}
		lastErr := "-"
		if f.LastError != "" {
			lastErr = shortError(f.ID, f.URL, f.LastError)
			if f.LastErrorAt != nil {
				lastErr += ", " + ago(now, *f.LastErrorAt)
			}
		}
		next := "-"
		if !f.NextPoll.IsZero() {
			next = until(now, f.NextPoll)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\n", f.ID, f.Agency, state,
			agoPtr(now, f.LastSuccess), f.ConsecutiveErrors, lastErr, next, f.Items24h, f.URL)
	}
	tw.Flush()
}

// shortError drops what the table already says (the feed and its URL)
// from a poll error and caps its length.
func shortError(id, url, msg string) string {
	msg = strings.TrimPrefix(msg, "poll "+id+": ")
	msg = strings.TrimPrefix(msg, "fetch "+url+": ")
	const maxLen = 60
	if r := []rune(msg); len(r) > maxLen {
		msg = string(r[:maxLen-1]) + "…"
	}
	return msg
}

func agoPtr(now time.Time, t *time.Time) string {
	if t == nil {
		return "never"
	}
	return ago(now, *t)
}

func ago(now, t time.Time) string {
	return roughly(now.Sub(t)) + " ago"
}

func until(now, t time.Time) string {
	if t.Sub(now) < time.Second {
		return "due"
	}
	return "in " + roughly(t.Sub(now))
}

// roughly is a duration to two significant units at most: 45s, 3m10s,
// 2h5m, 3d4h.
func roughly(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return strings.TrimSuffix(d.Round(time.Second).String(), "0s")
	case d < 48*time.Hour:
		return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	}
	days := d / (24 * time.Hour)
	return fmt.Sprintf("%dd%dh", days, (d-days*24*time.Hour)/time.Hour)
}

func feedsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "feeds add")
	feed := config.Feed{Interval: config.DefaultFeedInterval, FetchPage: config.FetchPageAuto}
	fs.StringVar(&feed.ID, "id", "", "unique feed id: letters, digits, - and _ (required)")
	fs.StringVar(&feed.Agency, "agency", "", "agency name, e.g. ANI (required)")
	fs.DurationVar(&feed.Interval, "interval", config.DefaultFeedInterval, "time between polls")
	fetchPage := fs.String("fetch-page", string(config.FetchPageAuto), "auto, always or never: when to fetch article pages")
	fs.BoolVar(&feed.AllowPrivate, "allow-private", false, "let this feed reach loopback and private-network addresses")
	cfg, log, positional, err := feedsSetup(e, fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return fmt.Errorf("%w: want one feed URL, got %d arguments", errUsage, len(positional))
	}
	feed.URL, feed.FetchPage = positional[0], config.FetchPage(*fetchPage)
	if err := checkNewFeed(cfg, feed); err != nil {
		return err
	}
	st, feeds, err := openFeedStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := feeds.AddFeed(ctx, storebacked.Spec(feed)); err != nil {
		if errors.Is(err, store.ErrFeedExists) {
			return fmt.Errorf("feed id %q is already in use", feed.ID)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "added feed %s (%s, every %s): %s\nrunning pollers take it up on their next claim\n", feed.ID, feed.Agency, feed.Interval, feed.URL)
	return nil
}

// checkNewFeed validates a feed as the config file would, and refuses an
// id the config file uses or an address the SSRF guard would refuse.
func checkNewFeed(cfg *config.Config, feed config.Feed) error {
	for _, f := range cfg.Feeds {
		if f.ID == feed.ID {
			return fmt.Errorf("%w: feed id %q is already in the config file", errUsage, feed.ID)
		}
	}
	check := config.Default()
	check.Ingest = cfg.Ingest
	check.Feeds = []config.Feed{feed}
	if err := check.Validate(); err != nil {
		var problems []string
		var cerr *config.Error
		if errors.As(err, &cerr) {
			for _, p := range cerr.Problems {
				// "feeds[0].fetch_page: …" is about the flag --fetch-page.
				key, msg, _ := strings.Cut(strings.TrimPrefix(p.Message, "feeds[0]."), ": ")
				problems = append(problems, "--"+strings.ReplaceAll(key, "_", "-")+": "+msg)
			}
		} else {
			problems = append(problems, err.Error())
		}
		return fmt.Errorf("%w: %s", errUsage, strings.Join(problems, "; "))
	}
	if _, err := ingest.CheckURL(feed.URL, feed.AllowPrivate); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func feedsRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "feeds remove")
	cfg, log, positional, err := feedsSetup(e, fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return fmt.Errorf("%w: want one feed id, got %d arguments", errUsage, len(positional))
	}
	id := positional[0]
	for _, f := range cfg.Feeds {
		if f.ID == id {
			return fmt.Errorf("feed %s is in the config file: remove it there (pollers drop it when they restart)", id)
		}
	}
	st, feeds, err := openFeedStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := feeds.RemoveFeed(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no feed %s", id)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "removed feed %s\n", id)
	return nil
}

// feedTest is what `feeds test --json` prints.
type feedTest struct {
	Feed     config.Feed        `json:"feed"`
	Result   ingest.Result      `json:"result"`
	Items    []*article.Raw     `json:"items"`
	Articles []*article.Article `json:"articles"`
	Errors   []string           `json:"errors,omitempty"`
}

func feedsTest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "feeds test")
	feed := config.Feed{ID: "test", Interval: config.DefaultFeedInterval}
	fs.StringVar(&feed.Agency, "agency", "TEST", "agency name the items are attributed to")
	fs.StringVar(&feed.ID, "id", "test", "feed id the items carry")
	fetchPage := fs.String("fetch-page", string(config.FetchPageAuto), "auto, always or never: when to fetch article pages")
	fs.BoolVar(&feed.AllowPrivate, "allow-private", false, "let the fetch reach loopback and private-network addresses")
	articles := fs.Int("articles", 3, "how many canonical articles to print (0: all)")
	asJSON := fs.Bool("json", false, "print everything as one JSON document")
	cfg, log, positional, err := feedsSetup(e, fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return fmt.Errorf("%w: want one feed URL, got %d arguments", errUsage, len(positional))
	}
	feed.URL, feed.FetchPage = positional[0], config.FetchPage(*fetchPage)
	if !feed.FetchPage.Valid() {
		return fmt.Errorf("%w: --fetch-page %q is not one of auto, always, never", errUsage, *fetchPage)
	}

	// A poller of its own, in memory: nothing is stored or published.
	var (
		mu    sync.Mutex
		items []*article.Raw
	)
	collect := func(_ context.Context, raw *article.Raw) error {
		mu.Lock()
		defer mu.Unlock()
		items = append(items, raw)
		return nil
	}
	pc := ingest.NewPollerConfig(cfg, collect, log)
	pc.Feeds = nil
	poller, err := ingest.NewPoller(pc)
	if err != nil {
		return err
	}
	defer poller.Close()
	res, err := poller.PollOnce(ctx, feed)
	if err != nil {
		return err
	}

	// The articles as the pipeline's pure stages make them, with the
	// disclaimer the store would attach; no bus, no store.
	var stages pipeline.Pipeline
	nopts, err := normalizeOptions(cfg)
	if err != nil {
		return err
	}
	out := feedTest{Feed: feed, Result: res, Items: items}
	for _, raw := range items {
		a, err := pipeline.Normalize(raw, nopts)
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("item %s: %v", raw.ItemID, err))
			continue
		}
		stages.Enrich(a)
		a.Disclaimer = cfg.DisclaimerFor(feed.Agency)
		out.Articles = append(out.Articles, a)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printFeedTest(e.stdout, out, *articles)
	return nil
}

func printFeedTest(w io.Writer, t feedTest, maxArticles int) {
	r := t.Result
	fmt.Fprintf(w, "feed:     %s\n", t.Feed.URL)
	if r.URL != "" && r.URL != t.Feed.URL {
		fmt.Fprintf(w, "fetched:  %s\n", r.URL)
	}
	fmt.Fprintf(w, "response: %d %s", r.Status, http.StatusText(r.Status))
	if r.CacheFor > 0 {
		fmt.Fprintf(w, ", fresh for %s", r.CacheFor)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "format:   %s, charset %s\n", r.Type, r.Charset)
	fmt.Fprintf(w, "title:    %s\n", r.Title)
	if r.TTL > 0 {
		fmt.Fprintf(w, "ttl:      %s\n", r.TTL)
	}
	fmt.Fprintf(w, "items:    %d", r.Items)
	if r.Duplicates > 0 {
		fmt.Fprintf(w, " (%d duplicates dropped)", r.Duplicates)
	}
	fmt.Fprintln(w)
	pages := 0
	for _, raw := range t.Items {
		if raw.Page != nil {
			pages++
		}
	}
	fmt.Fprintf(w, "pages:    %d fetched, %d failed\n\n", pages, r.PageErrors)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ITEM\tPUBLISHED\tTITLE\tPAGE")
	for _, raw := range t.Items {
		published := "-"
		if raw.PublishedAt != nil {
			published = raw.PublishedAt.UTC().Format(time.RFC3339)
		}
		page := "-"
		switch {
		case raw.PageError != "":
			page = "error: " + raw.PageError
		case raw.Page != nil:
			page = fmt.Sprintf("%d bytes", len(raw.Page))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", clip(raw.ItemID, 40), published, clip(raw.Title, 60), page)
	}
	tw.Flush()
	for _, msg := range t.Errors {
		fmt.Fprintf(w, "not an article: %s\n", msg)
	}

	shown := t.Articles
	if maxArticles > 0 && len(shown) > maxArticles {
		shown = shown[:maxArticles]
	}
	fmt.Fprintf(w, "\ncanonical articles (%d of %d; --articles 0 shows all):\n", len(shown), len(t.Articles))
	for _, a := range shown {
		doc, err := json.MarshalIndent(a, "", "  ")
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", a.ID, err)
			continue
		}
		fmt.Fprintf(w, "%s\n", doc)
	}
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
