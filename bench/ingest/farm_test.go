package ingestbench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The feed farm runs in a process of its own (this test binary, started
// again with farmEnv set), so that the memory measured in the benchmark
// process is the poller's alone.
const farmEnv = "WIREDESK_BENCH_FARM"

// farm geometry: feeds spread over hosts (127.0.0.1, 127.0.0.2, …: every
// 127/8 address is loopback on Linux), one feed in changeEvery changing on
// every poll, the rest answering 304 to a conditional GET.
const (
	farmFeeds   = 10_000
	farmHosts   = 50
	changeEvery = 20
	farmItems   = 10
)

func TestMain(m *testing.M) {
	if os.Getenv(farmEnv) == "1" {
		if err := serveFarm(os.Stdout, os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, "farm:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveFarm listens on farmHosts loopback addresses, prints one base URL a
// line and then "ready", and serves until stdin closes.
func serveFarm(out io.Writer, stdin io.Reader) error {
	var (
		mu    sync.Mutex
		polls = make([]int, farmFeeds)
	)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/f/"), ".xml"))
		if err != nil || n < 0 || n >= farmFeeds {
			http.NotFound(w, r)
			return
		}
		version := 0
		if n%changeEvery == 0 {
			mu.Lock()
			polls[n]++
			version = polls[n]
			mu.Unlock()
		}
		etag := fmt.Sprintf(`"%d-%d"`, n, version)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed %d</title><link>https://bench.example.org/</link>`, n)
		for i := version; i > version-farmItems; i-- {
			fmt.Fprintf(w, `<item><title>Story %[1]d of feed %[2]d: officials meet to discuss the monsoon outlook</title>
<link>https://bench.example.org/%[2]d/%[1]d</link><guid>%[2]d-%[1]d</guid>
<pubDate>Fri, 25 Apr 2025 19:30:00 GMT</pubDate>
<description>New Delhi, Apr 25 (ANI): A summary of story %[1]d, long enough to look like the first paragraph of an agency item and to be worth a hash.</description></item>`, i, n)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	for h := 1; h <= farmHosts; h++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", h))
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		fmt.Fprintf(out, "http://%s\n", ln.Addr())
	}
	fmt.Fprintln(out, "ready")
	_, err := io.Copy(io.Discard, stdin)
	return err
}

// startFarm starts the farm process and returns the feed URLs, feed i on
// host i mod farmHosts.
func startFarm(b *testing.B) []string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), farmEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			b.Errorf("farm: %v", err)
		}
	})
	var hosts []string
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
		hosts = append(hosts, lines.Text())
	}
	if len(hosts) != farmHosts {
		b.Fatalf("farm started %d hosts, want %d", len(hosts), farmHosts)
	}
	urls := make([]string, farmFeeds)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/f/%d.xml", hosts[i%farmHosts], i)
	}
	return urls
}
