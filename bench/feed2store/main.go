// Command feed2store measures wiredesk from feed to stored, as an operator
// runs it: a loopback agency farm (RSS and Atom feeds on several hosts,
// article pages from ../shared/corpus, with duplicate listings, updates
// and near copies across agencies) polled by `wiredesk run` on the
// embedded default, or by `wiredesk poll` and one worker process per
// stage on the machine's NATS and PostgreSQL.
//
// Each run has two phases. The backlog: every feed lists its items at
// once, and the harness times the first feed served to the last version
// stored (articles/s end to end). The offered load: new items appear at
// a fixed rate, and each one's latency is from the feed document that
// first listed it to its version's row in the store. It also reports
// CPU per article per process, peak RSS, and versions lost or
// duplicated; and just before each run, on the same pages, the
// extraction-only rate (normalize.FromRaw on every core) as the
// baseline. Several binaries given with -bin are run in turn, round
// after round, so before and after share the machine's moods.
//
//	go run ./bench/feed2store -bin after=/tmp/wiredesk -rounds 2 -out /tmp/f2s
//
// docs/benchmarks.md ("Feed to stored") has the figures and the charts
// it draws.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	bins       []namedBin
	setups     []setup
	feeds      int
	hosts      int
	backlog    int
	rates      []float64
	offer      time.Duration
	timeout    time.Duration
	rounds     int
	natsURL    string
	pgURL      string
	out        string
	profileDir string
	corpusDirs []string
	maxPages   int
}

// namedBin is a binary to measure, with environment variables its
// processes get on top of the harness's (-bin name=path@KEY=V@KEY=V).
type namedBin struct {
	name, path string
	env        []string
}

func main() {
	var o options
	bins := flag.String("bin", "", "binaries to compare, name=path[@KEY=VALUE…][,name=path…] (the KEY=VALUEs go to that binary's processes, e.g. @GOGC=200); default builds ./cmd/wiredesk as \"current\"")
	setups := flag.String("setups", "embedded,distributed", "embedded (wiredesk run: embedded NATS + SQLite) and/or distributed (poll + workers on the machine's NATS and PostgreSQL)")
	flag.IntVar(&o.feeds, "feeds", 60, "loopback feeds")
	flag.IntVar(&o.hosts, "hosts", 10, "loopback hosts the feeds and pages are spread over")
	flag.IntVar(&o.backlog, "backlog", 2000, "items listed at once in the throughput phase")
	rates := flag.String("rates", "50", "offered loads (items/s) for the latency phase, one run each")
	flag.DurationVar(&o.offer, "offer", 60*time.Second, "how long items are offered at each rate")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "how long a phase may take to store everything")
	flag.IntVar(&o.rounds, "rounds", 1, "rounds; each runs every binary on every setup")
	normalizers := flag.Int("normalizers", 2, "normalize worker processes in the distributed setup")
	flag.StringVar(&o.natsURL, "nats-url", "nats://127.0.0.1:4222", "the machine's NATS, for the distributed setup")
	flag.StringVar(&o.pgURL, "database-url", "postgres://postgres@127.0.0.1:5432/postgres", "the machine's PostgreSQL (a database is created and dropped per run)")
	flag.StringVar(&o.out, "out", "feed2store-out", "where results.json and the charts go")
	flag.StringVar(&o.profileDir, "profile-dir", "", "when set, every wiredesk process writes a CPU profile there (WIREDESK_CPUPROFILE)")
	shared := flag.String("shared", "../shared", "the shared folder with corpus/")
	flag.IntVar(&o.maxPages, "pages", 0, "use at most this many corpus pages (0: all that qualify)")
	flag.Parse()

	for _, r := range strings.Split(*rates, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
		if err != nil {
			log.Fatalf("-rates: %v", err)
		}
		o.rates = append(o.rates, v)
	}
	for _, s := range strings.Split(*setups, ",") {
		switch s {
		case "embedded":
			o.setups = append(o.setups, setup{name: "embedded"})
		case "distributed":
			o.setups = append(o.setups, setup{name: "distributed", distributed: true, normalizers: *normalizers})
		default:
			log.Fatalf("-setups: unknown %q", s)
		}
	}
	o.corpusDirs = []string{filepath.Join(*shared, "corpus", "aeb", "html"), filepath.Join(*shared, "corpus", "trafilatura-comparison", "html")}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		log.Fatal(err)
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	if *bins == "" {
		path := filepath.Join(o.out, "wiredesk")
		if out, err := exec.Command("go", "build", "-o", path, "./cmd/wiredesk").CombinedOutput(); err != nil {
			log.Fatalf("build: %v: %s", err, out)
		}
		o.bins = []namedBin{{name: "current", path: path}}
	} else {
		for _, b := range strings.Split(*bins, ",") {
			name, path, ok := strings.Cut(b, "=")
			if !ok {
				log.Fatalf("-bin %q: want name=path", b)
			}
			parts := strings.Split(path, "@")
			o.bins = append(o.bins, namedBin{name: name, path: parts[0], env: parts[1:]})
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pages, err := loadPages(o.corpusDirs)
	if err != nil {
		log.Fatal(err)
	}
	t0 := time.Now()
	pages = qualify(pages, 2)
	if o.maxPages > 0 && len(pages) > o.maxPages {
		pages = pages[:o.maxPages]
	}
	fmt.Fprintf(os.Stderr, "%d corpus pages qualify (a story in every revision; %.0fs)\n", len(pages), time.Since(t0).Seconds())
	f, err := newFarm(pages, o.feeds, o.hosts)
	if err != nil {
		log.Fatal(err)
	}
	defer f.close()
	r := &runner{cfg: o, farm: f}

	var results []*result
	for round := 1; round <= o.rounds; round++ {
		for _, su := range o.setups {
			for _, rate := range o.rates {
				for _, b := range o.bins {
					res, err := r.measure(ctx, b, su, round, rate)
					if err != nil {
						log.Printf("%s on %s, round %d: %v", b.name, su.name, round, err)
						if ctx.Err() != nil {
							break
						}
						continue
					}
					results = append(results, res)
					printResult(res)
					save(o.out, results)
				}
			}
		}
	}
	save(o.out, results)
	if err := drawCharts(o.out, results); err != nil {
		log.Print(err)
	}
	printTable(os.Stdout, results)
}

func save(dir string, results []*result) {
	b, _ := json.MarshalIndent(results, "", "  ")
	_ = os.WriteFile(filepath.Join(dir, "results.json"), b, 0o644)
}

func printResult(r *result) {
	keys := make([]string, 0, len(r.Backlog.CPUPerArt))
	for k := range r.Backlog.CPUPerArt {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cpu []string
	for _, k := range keys {
		cpu = append(cpu, fmt.Sprintf("%s %.2f", k, r.Backlog.CPUPerArt[k]))
	}
	fmt.Fprintf(os.Stderr, "  %s/%s round %d: %d articles in %.1fs = %.0f/s; extraction-only %.0f/s before, %.0f/s after (parse %.0f/s, extract/parse %.2f; %.2f ms CPU a page); ratio %.2f, CPU ratio %.2f\n",
		r.Setup, r.Binary, r.Round, r.Backlog.Articles, r.Backlog.Seconds, r.Backlog.PerSec, r.Baseline.ExtractPerSec, r.After.ExtractPerSec,
		r.Baseline.ParsePerSec, r.Baseline.ExtractOverParse, r.Baseline.ExtractCPU, r.Ratio, r.CPURatio)
	fmt.Fprintf(os.Stderr, "  CPU ms/article: %s\n", strings.Join(cpu, ", "))
	fmt.Fprintf(os.Stderr, "  at %.0f/s offered (%.1f/s stored): %d versions, p50 %.0f ms, p99 %.0f ms, max %.0f ms (listed to page asked p50 %.0f p99 %.0f; page asked to stored p50 %.0f p99 %.0f); peak RSS %v MiB; lost %d, duplicated %d\n",
		r.Offered.Rate, r.Offered.Achieved, r.Offered.Articles, r.Offered.P50, r.Offered.P99, r.Offered.Max,
		r.Offered.ToPageP50, r.Offered.ToPageP99, r.Offered.PageToStoredP50, r.Offered.PageToStoredP99,
		roundMap(r.PeakRSSMiB), r.Lost, r.Duplicated)
}

func roundMap(m map[string]float64) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = int(v + 0.5)
	}
	return out
}

func printTable(w *os.File, results []*result) {
	fmt.Fprintln(w, "| setup | binary | round | articles/s | extraction-only/s (before · after) | ratio | wiredesk CPU ms/article | extraction CPU ms/page | CPU ratio | p50 ms | p99 ms | max ms | offered/s | peak RSS MiB | lost | dup |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, r := range results {
		rss := 0.0
		for _, v := range r.PeakRSSMiB {
			rss = max(rss, v)
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.0f | %.0f · %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d |\n",
			r.Setup, r.Binary, r.Round, r.Backlog.PerSec, r.Baseline.ExtractPerSec, r.After.ExtractPerSec, r.Ratio, r.Backlog.CPUPerArt["wiredesk total"],
			r.Baseline.ExtractCPU, r.CPURatio,
			r.Offered.P50, r.Offered.P99, r.Offered.Max, r.Offered.Rate, rss, r.Lost, r.Duplicated)
	}
}
