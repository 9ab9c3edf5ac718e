package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/wiredesk/wiredesk/article"
	_ "modernc.org/sqlite"
)

// setup is how wiredesk is deployed for a run.
type setup struct {
	name string
	// distributed runs `wiredesk poll` and one worker process per stage
	// (normalizers of them) on the machine's NATS and PostgreSQL;
	// otherwise one `wiredesk run` on its embedded NATS and SQLite.
	distributed bool
	normalizers int
}

// proc is one wiredesk process of a run.
type proc struct {
	role string
	cmd  *exec.Cmd
}

// result is one measured run of one binary on one setup.
type result struct {
	Binary  string `json:"binary"`
	Setup   string `json:"setup"`
	Round   int    `json:"round"`
	Backlog struct {
		Articles  int                `json:"articles"`
		Seconds   float64            `json:"seconds"`
		PerSec    float64            `json:"per_s"`
		CPUPerArt map[string]float64 `json:"cpu_ms_per_article"`
	} `json:"backlog"`
	Offered struct {
		Rate     float64 `json:"rate"`
		Articles int     `json:"articles"`
		P50      float64 `json:"p50_ms"`
		P99      float64 `json:"p99_ms"`
		Max      float64 `json:"max_ms"`
		// Achieved is the offered phase's versions over the time from its
		// first item listed to its last version stored.
		Achieved float64 `json:"achieved_per_s"`
		// Where the latency goes: from the feed listing the item to the
		// poller asking for its page (the items before it in the same
		// poll), and from that request to the stored version (fetch,
		// publish, normalize, dedup, enrich, store).
		ToPageP50       float64 `json:"to_page_p50_ms"`
		ToPageP99       float64 `json:"to_page_p99_ms"`
		PageToStoredP50 float64 `json:"page_to_stored_p50_ms"`
		PageToStoredP99 float64 `json:"page_to_stored_p99_ms"`
	} `json:"offered"`
	// Baseline is the extraction-only rate measured just before the
	// run; After the same just after it. The ratio is against their mean.
	Baseline baseline `json:"baseline"`
	After    baseline `json:"baseline_after"`
	Ratio    float64  `json:"ratio_to_extraction"`
	// CPURatio is extraction's CPU per page over wiredesk's CPU per
	// article end to end (every wiredesk process, and the embedded NATS
	// within): what share of the pipeline's CPU is the extraction.
	CPURatio   float64            `json:"cpu_ratio"`
	PeakRSSMiB map[string]float64 `json:"peak_rss_mib"`
	Lost       int                `json:"lost"`
	Duplicated int                `json:"duplicated"`
	Timeline   [][2]float64       `json:"timeline"` // seconds since start, versions stored
}

type runner struct {
	cfg  options
	farm *farm
	env  []string // extra environment of the binary being measured
}

// freePort asks the kernel for a free loopback port.
func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 18080
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (r *runner) writeConfig(dir, natsURL, prefix, dbURL string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir: %s\nlog_level: warn\n", filepath.Join(dir, "data"))
	fmt.Fprintf(&b, "nats:\n  url: %q\n  stream_prefix: %q\n", natsURL, prefix)
	fmt.Fprintf(&b, "database:\n  url: %q\n", dbURL)
	fmt.Fprintf(&b, "review:\n  listen: 127.0.0.1:%d\n", freePort())
	// No pause between two requests to one loopback host: the harness
	// measures the pipeline, not politeness.
	b.WriteString("ingest:\n  politeness_delay: 0s\n  min_interval: 30s\n")
	b.WriteString("feeds:\n")
	for n, f := range r.farm.feeds {
		fmt.Fprintf(&b, "  - id: %s\n    agency: %s\n    url: %s\n    interval: 30s\n    fetch_page: always\n    allow_private: true\n", f.id, f.agency, r.farm.feedURL(n))
	}
	path := filepath.Join(dir, "wiredesk.yaml")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

func (r *runner) start(bin, dir, role string, args ...string) (*proc, error) {
	cmd := exec.Command(bin, args...)
	logf, err := os.Create(filepath.Join(dir, role+".log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), r.env...)
	if r.cfg.profileDir != "" {
		cmd.Env = append(cmd.Env, "WIREDESK_CPUPROFILE="+filepath.Join(r.cfg.profileDir, fmt.Sprintf("%s-%s-%d.pprof", filepath.Base(bin), role, time.Now().Unix())))
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", role, err)
	}
	return &proc{role: role, cmd: cmd}, nil
}

func stopAll(procs []*proc) {
	for _, p := range procs {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range procs {
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			_ = p.cmd.Process.Kill()
			<-done
		}
	}
}

// cpuSeconds is a process's user plus system CPU so far.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndex(s, ")")+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100
}

// peakRSS is a process's VmHWM in MiB.
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(l)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// servicePIDs are the machine's nats-server and postgres processes, whose
// CPU the distributed setup also spends (shared with anyone else using
// them, so an upper bound).
func servicePIDs() map[string][]int {
	out := map[string][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil {
			continue
		}
		switch c := strings.TrimSpace(string(comm)); {
		case c == "nats-server":
			out["nats-server (machine)"] = append(out["nats-server (machine)"], pid)
		case c == "postgres" || strings.HasPrefix(c, "postgres"):
			out["postgresql (machine)"] = append(out["postgresql (machine)"], pid)
		}
	}
	return out
}

// version is one stored story version.
type version struct {
	agency, guid string
	version      int
	created      time.Time
}

func readVersions(db *sql.DB) ([]version, error) {
	rows, err := db.Query(`SELECT s.agency, s.guid, v.version, v.created_at FROM story_versions v JOIN stories s ON s.id = v.story_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []version
	for rows.Next() {
		var v version
		var created any
		if err := rows.Scan(&v.agency, &v.guid, &v.version, &created); err != nil {
			return nil, err
		}
		switch c := created.(type) {
		case time.Time:
			v.created = c
		case string:
			v.created, _ = time.Parse("2006-01-02T15:04:05.000000Z", c)
		case []byte:
			v.created, _ = time.Parse("2006-01-02T15:04:05.000000Z", string(c))
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func countVersions(db *sql.DB) int {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM story_versions`).Scan(&n); err != nil {
		return -1
	}
	return n
}

// expected counts the versions phase's items must store, and all of them
// up to and including phase.
func (f *farm) expected(upTo int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, it := range f.items {
		if it.phase <= upTo && it.kind != kindDuplicate {
			n++
		}
	}
	return n
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

// measure runs one binary on one setup: the backlog phase for
// throughput, then the offered-load phase for latency, then the checks.
func (r *runner) measure(ctx context.Context, nb namedBin, su setup, round int, rate float64) (*result, error) {
	bin, binName := nb.path, nb.name
	r.env = nb.env
	res := &result{Binary: binName, Setup: su.name, Round: round, PeakRSSMiB: map[string]float64{}}
	res.Offered.Rate = rate
	dir, err := os.MkdirTemp("", "feed2store-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	run := fmt.Sprintf("b%d%s", time.Now().UnixNano()%1e9, strings.ReplaceAll(binName, "-", ""))
	offered := int(rate * r.cfg.offer.Seconds())
	r.farm.plan(run, r.cfg.backlog, offered, func(n int) int { return (n*7 + round*31) % len(r.farm.pages) })

	// The extraction-only rate on this run's stories, just before it.
	var raws = r.backlogRaws()
	res.Baseline = measureBaseline(raws)

	natsURL, dbURL, prefix := "", "", ""
	var cleanup []func()
	defer func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}()
	if su.distributed {
		natsURL, prefix = r.cfg.natsURL, run
		dbName := "wdbench_" + run
		admin, err := sql.Open("pgx", r.cfg.pgURL)
		if err != nil {
			return nil, err
		}
		if _, err := admin.Exec("CREATE DATABASE " + dbName); err != nil {
			admin.Close()
			return nil, fmt.Errorf("create database: %w", err)
		}
		cleanup = append(cleanup, func() {
			admin.Exec("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)")
			admin.Close()
		})
		dbURL = withDatabase(r.cfg.pgURL, dbName)
		cleanup = append(cleanup, func() { deleteStreams(natsURL, prefix) })
	}
	cfgPath, err := r.writeConfig(dir, natsURL, prefix, dbURL)
	if err != nil {
		return nil, err
	}
	// Phase 0, the backlog: every item listed from the start, timed from
	// the first feed served.
	start := time.Now()
	r.farm.open(0, start, 0)
	var procs []*proc
	if su.distributed {
		if out, err := exec.Command(bin, "migrate", "--config", cfgPath).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("migrate: %v: %s", err, out)
		}
		roles := []struct {
			role string
			args []string
		}{}
		for i := range su.normalizers {
			roles = append(roles, struct {
				role string
				args []string
			}{fmt.Sprintf("normalize-%d", i+1), []string{"worker", "--config", cfgPath, "--stage", "normalize"}})
		}
		for _, st := range []string{"dedup", "enrich", "store"} {
			roles = append(roles, struct {
				role string
				args []string
			}{st, []string{"worker", "--config", cfgPath, "--stage", st}})
		}
		for _, ro := range roles {
			p, err := r.start(bin, dir, ro.role, ro.args...)
			if err != nil {
				stopAll(procs)
				return nil, err
			}
			procs = append(procs, p)
		}
		time.Sleep(time.Second) // consumers before items
		p, err := r.start(bin, dir, "poll", "poll", "--config", cfgPath, "--poller-id", "bench")
		if err != nil {
			stopAll(procs)
			return nil, err
		}
		procs = append(procs, p)
	} else {
		p, err := r.start(bin, dir, "run", "run", "--config", cfgPath)
		if err != nil {
			return nil, err
		}
		procs = append(procs, p)
	}
	stopped := false
	defer func() {
		if !stopped {
			stopAll(procs)
		}
	}()

	// The database, read-only, for progress and the checks.
	readURL := dbURL
	driver := "pgx"
	if !su.distributed {
		driver = "sqlite"
		dbPath := filepath.Join(dir, "data", "wiredesk.db")
		if err := waitFile(dbPath, 30*time.Second); err != nil {
			return nil, err
		}
		readURL = "file:" + dbPath + "?mode=ro&_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open(driver, readURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()

	// Per process, so a PostgreSQL backend that appears during the run
	// counts from zero.
	cpu := func() map[string]map[int]float64 {
		m := map[string]map[int]float64{}
		add := func(role string, pid int) {
			if m[role] == nil {
				m[role] = map[int]float64{}
			}
			m[role][pid] = cpuSeconds(pid)
		}
		for _, p := range procs {
			role := p.role
			if strings.HasPrefix(role, "normalize-") {
				role = "normalize"
			}
			add(role, p.cmd.Process.Pid)
		}
		if su.distributed {
			for name, pids := range servicePIDs() {
				for _, pid := range pids {
					add(name, pid)
				}
			}
		}
		return m
	}

	cpu0 := cpu()
	want0 := r.farm.expected(0)
	if err := r.waitStored(ctx, db, res, start, su.name+"/"+binName+" backlog", want0, r.cfg.timeout); err != nil {
		return nil, err
	}
	cpu1 := cpu()
	vs, err := readVersions(db)
	if err != nil {
		return nil, err
	}
	first := r.farm.firstServed(0)
	var last time.Time
	for _, v := range vs {
		if v.created.After(last) {
			last = v.created
		}
	}
	res.Backlog.Articles = len(vs)
	res.Backlog.Seconds = last.Sub(first).Seconds()
	res.Backlog.PerSec = float64(len(vs)) / res.Backlog.Seconds
	res.Backlog.CPUPerArt = map[string]float64{}
	total := 0.0
	for k, pids := range cpu1 {
		var d float64
		for pid, v := range pids {
			d += v - cpu0[k][pid]
		}
		d = d / float64(len(vs)) * 1000
		res.Backlog.CPUPerArt[k] = d
		if !strings.Contains(k, "machine") {
			total += d
		}
	}
	res.Backlog.CPUPerArt["wiredesk total"] = total
	res.CPURatio = res.Baseline.ExtractCPU / total

	// Phase 1: items at a fixed offered rate, with updates of backlog
	// stories, duplicates and near copies among them.
	if offered > 0 {
		at := time.Now()
		r.farm.open(1, at, rate)
		if err := r.waitStored(ctx, db, res, start, fmt.Sprintf("%s/%s %.0f/s", su.name, binName, rate), r.farm.expected(1), r.cfg.offer+r.cfg.timeout); err != nil {
			return nil, err
		}
	}
	for _, p := range procs {
		role := p.role
		if strings.HasPrefix(role, "normalize-") {
			role = "normalize"
		}
		res.PeakRSSMiB[role] = max(res.PeakRSSMiB[role], peakRSS(p.cmd.Process.Pid))
	}
	// Settle: anything late would show as a duplicate.
	time.Sleep(2 * time.Second)
	vs, err = readVersions(db)
	if err != nil {
		return nil, err
	}
	stopAll(procs)
	stopped = true
	r.check(res, vs)
	res.After = measureBaseline(raws)
	res.Ratio = res.Backlog.PerSec / ((res.Baseline.ExtractPerSec + res.After.ExtractPerSec) / 2)
	return res, nil
}

// waitStored prints a progress line until want versions are stored.
func (r *runner) waitStored(ctx context.Context, db *sql.DB, res *result, start time.Time, label string, want int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	prev, prevAt := countVersions(db), time.Now()
	for {
		n := countVersions(db)
		el := time.Since(start).Seconds()
		res.Timeline = append(res.Timeline, [2]float64{el, float64(n)})
		rate := float64(n-prev) / time.Since(prevAt).Seconds()
		prev, prevAt = n, time.Now()
		fmt.Fprintf(os.Stderr, "\r%-40s %6d/%d stored  %6.1f/s  %5.0fs ", label, n, want, rate, el)
		if n >= want {
			fmt.Fprintln(os.Stderr)
			return nil
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, " timed out")
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// check computes latency from each item revision's first listing to its
// stored version, and what was lost or duplicated.
func (r *runner) check(res *result, vs []version) {
	r.farm.mu.Lock()
	defer r.farm.mu.Unlock()
	type want struct{ revs []*item }
	exp := map[string]*want{}
	for _, it := range r.farm.items {
		if it.kind == kindDuplicate {
			continue
		}
		w := exp[it.key()]
		if w == nil {
			w = &want{}
			exp[it.key()] = w
		}
		w.revs = append(w.revs, it)
	}
	got := map[string][]version{}
	for _, v := range vs {
		k := v.agency + "\x00" + v.guid
		got[k] = append(got[k], v)
	}
	var lat, toPage, pageToStored []float64
	var firstListed, lastStored time.Time
	for k, w := range exp {
		g := got[k]
		if len(g) < len(w.revs) {
			res.Lost += len(w.revs) - len(g)
		}
		sort.Slice(g, func(a, b int) bool { return g[a].version < g[b].version })
		for i, v := range g {
			if i < len(w.revs) && w.revs[i].phase == 1 && !w.revs[i].served.IsZero() {
				rev := w.revs[i]
				lat = append(lat, v.created.Sub(rev.served).Seconds()*1000)
				if firstListed.IsZero() || rev.served.Before(firstListed) {
					firstListed = rev.served
				}
				if v.created.After(lastStored) {
					lastStored = v.created
				}
				if !rev.fetched.IsZero() {
					toPage = append(toPage, rev.fetched.Sub(rev.served).Seconds()*1000)
					pageToStored = append(pageToStored, v.created.Sub(rev.fetched).Seconds()*1000)
				}
			}
		}
	}
	for k, g := range got {
		w := exp[k]
		switch {
		case w == nil:
			res.Duplicated += len(g)
		case len(g) > len(w.revs):
			res.Duplicated += len(g) - len(w.revs)
		}
	}
	sort.Float64s(toPage)
	sort.Float64s(pageToStored)
	res.Offered.ToPageP50, res.Offered.ToPageP99 = percentile(toPage, 0.5), percentile(toPage, 0.99)
	res.Offered.PageToStoredP50, res.Offered.PageToStoredP99 = percentile(pageToStored, 0.5), percentile(pageToStored, 0.99)
	sort.Float64s(lat)
	res.Offered.Articles = len(lat)
	if d := lastStored.Sub(firstListed).Seconds(); d > 0 {
		res.Offered.Achieved = float64(len(lat)) / d
	}
	res.Offered.P50 = percentile(lat, 0.50)
	res.Offered.P99 = percentile(lat, 0.99)
	if len(lat) > 0 {
		res.Offered.Max = lat[len(lat)-1]
	}
}

func (f *farm) firstServed(phase int) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	var first time.Time
	for _, it := range f.items {
		if it.phase == phase && !it.served.IsZero() && (first.IsZero() || it.served.Before(first)) {
			first = it.served
		}
	}
	return first
}

// backlogRaws are the backlog's stories as the poller hands them on.
func (r *runner) backlogRaws() []*article.Raw {
	r.farm.mu.Lock()
	defer r.farm.mu.Unlock()
	var out []*article.Raw
	for _, it := range r.farm.items {
		if it.phase == 0 && it.kind != kindDuplicate {
			out = append(out, rawFor(r.farm, it))
		}
	}
	return out
}

func waitFile(path string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			time.Sleep(500 * time.Millisecond) // migrations
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s never appeared", path)
}

func withDatabase(url, db string) string {
	i := strings.LastIndex(url, "/")
	rest := ""
	if q := strings.Index(url[i:], "?"); q >= 0 {
		rest = url[i+q:]
	}
	return url[:i+1] + db + rest
}

func deleteStreams(url, prefix string) {
	nc, err := nats.Connect(url)
	if err != nil {
		return
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p := strings.ToUpper(prefix) + "_"
	for _, s := range []string{"WIRE_RAW", "WIRE_ARTICLES", "WIRE_PUBLISHED", "WIRE_DLQ"} {
		_ = js.DeleteStream(ctx, p+s)
	}
}
