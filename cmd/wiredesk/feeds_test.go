package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/review"
)

// writeConfig writes a config file with data_dir and the given feeds YAML
// and returns its path.
func writeConfig(t *testing.T, feeds string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wiredesk.yaml")
	cfg := fmt.Sprintf("data_dir: %s\n%s", t.TempDir(), feeds)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func feedsJSON(t *testing.T, cfgPath string) map[string]review.FeedStatus {
	t.Helper()
	out, errOut, code := runCommand(t, "", "feeds", "list", "--json", "--config", cfgPath)
	if code != 0 {
		t.Fatalf("feeds list --json: exit %d: %s", code, errOut)
	}
	var list review.FeedList
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("feeds list --json: %v\n%s", err, out)
	}
	got := map[string]review.FeedStatus{}
	for _, f := range list.Feeds {
		got[f.ID] = f
	}
	return got
}

func TestFeedsAddListRemove(t *testing.T) {
	cfg := writeConfig(t, "feeds:\n  - {id: ani-world, agency: ANI, url: https://aninews.in/rss/feed/category/world.xml}\n")

	out, errOut, code := runCommand(t, "", "feeds", "list", "--config", cfg)
	if code != 0 || !strings.Contains(out, "FEED") || !strings.Contains(out, "ani-world") || !strings.Contains(out, "pending") {
		t.Fatalf("list before any poller: exit %d\n%s%s", code, out, errOut)
	}

	// Flags before or after the URL.
	for _, args := range [][]string{
		{"--id", "pti-top", "--agency", "PTI", "--interval", "10m", "--fetch-page", "never", "https://www.ptinews.com/rss/top.xml"},
		{"https://www.ptinews.com/rss/national.xml", "--id", "pti-national", "--agency", "PTI"},
	} {
		out, errOut, code := runCommand(t, "", append([]string{"feeds", "add", "--config", cfg}, args...)...)
		if code != 0 || !strings.Contains(out, "added feed") {
			t.Fatalf("feeds add %v: exit %d\n%s%s", args, code, out, errOut)
		}
	}

	bad := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--id", "fast", "--agency", "ANI", "--interval", "5s", "https://aninews.in/x.xml"}, 2, "--interval: 5s is below the floor of 30s"},
		{[]string{"--id", "ftp", "--agency", "ANI", "ftp://aninews.in/x.xml"}, 2, `--url: "ftp://aninews.in/x.xml" is not an http(s) URL`},
		{[]string{"--id", "meta", "--agency", "ANI", "http://169.254.169.254/latest/"}, 2, "169.254.169.254 is link-local"},
		{[]string{"--id", "lan", "--agency", "ANI", "http://10.1.2.3/feed.xml"}, 2, "is private"},
		{[]string{"--id", "bad id", "--agency", "ANI", "https://aninews.in/x.xml"}, 2, "--id:"},
		{[]string{"--id", "x", "--agency", "ANI", "--fetch-page", "sometimes", "https://aninews.in/x.xml"}, 2, "--fetch-page:"},
		{[]string{"--id", "x", "--agency", "ANI"}, 2, "want one feed URL"},
		{[]string{"--id", "ani-world", "--agency", "ANI", "https://aninews.in/y.xml"}, 2, "already in the config file"},
		{[]string{"--id", "pti-top", "--agency", "PTI", "https://www.ptinews.com/rss/other.xml"}, 1, `feed id "pti-top" is already in use`},
	}
	for _, b := range bad {
		_, errOut, code := runCommand(t, "", append([]string{"feeds", "add", "--config", cfg}, b.args...)...)
		if code != b.code || !strings.Contains(errOut, b.msg) {
			t.Errorf("feeds add %v: exit %d, stderr %q; want exit %d saying %q", b.args, code, errOut, b.code, b.msg)
		}
	}

	got := feedsJSON(t, cfg)
	if len(got) != 3 {
		t.Fatalf("feeds: %+v", got)
	}
	if f := got["pti-top"]; f.State != review.FeedNew || f.Origin != "added" || f.Interval != "10m0s" || f.FetchPage != "never" || f.Agency != "PTI" {
		t.Errorf("pti-top: %+v", f)
	}
	if f := got["ani-world"]; f.State != "pending" || f.Origin != "config" {
		t.Errorf("ani-world: %+v", f)
	}
	out, _, _ = runCommand(t, "", "feeds", "list", "--config", cfg)
	if !strings.Contains(out, "pti-national") || !strings.Contains(out, "never") {
		t.Errorf("table:\n%s", out)
	}

	if _, errOut, code := runCommand(t, "", "feeds", "remove", "--config", cfg, "ani-world"); code != 1 || !strings.Contains(errOut, "in the config file") {
		t.Errorf("removing a config feed: exit %d: %s", code, errOut)
	}
	if out, errOut, code := runCommand(t, "", "feeds", "remove", "--config", cfg, "pti-top"); code != 0 || !strings.Contains(out, "removed feed pti-top") {
		t.Errorf("remove: exit %d: %s%s", code, out, errOut)
	}
	if _, errOut, code := runCommand(t, "", "feeds", "remove", "--config", cfg, "pti-top"); code != 1 || !strings.Contains(errOut, "no feed pti-top") {
		t.Errorf("removing it again: exit %d: %s", code, errOut)
	}
	if got := feedsJSON(t, cfg); len(got) != 2 || got["pti-top"].ID != "" {
		t.Errorf("after remove: %+v", got)
	}

	for _, args := range [][]string{{"feeds"}, {"feeds", "frobnicate"}, {"feeds", "remove"}} {
		if _, _, code := runCommand(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// testWire serves a small agency feed whose items carry their full text.
func testWire(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/wire.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><ttl>10</ttl>
<item><title>IMD forecasts above-normal monsoon for 2025</title><guid>w-1</guid><link>https://wire.example.org/monsoon?utm_source=rss</link>
<pubDate>Tue, 15 Apr 2025 10:00:00 +0530</pubDate>
<description><![CDATA[<p>New Delhi, Apr 15 (PTI) The India Meteorological Department on Tuesday forecast an above-normal monsoon for 2025.</p><p>Rainfall is expected at 105 per cent of the long-period average, the department said.</p>]]></description></item>
<item><title>Court grants bail in cheating case</title><guid>w-2</guid><link>https://wire.example.org/bail</link>
<description><![CDATA[<p>New Delhi, Apr 15 (PTI) A Delhi court granted bail to a businessman accused of cheating investors.</p>]]></description></item>
<item><title>Court grants bail in cheating case</title><guid>w-2</guid></item>
</channel></rss>`)
	})
	mux.HandleFunc("/status/500", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><h1>Not a feed</h1></body></html>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// feeds test fetches once and shows items and articles; it opens no
// store and no bus, so nothing changes.
func TestFeedsTest(t *testing.T) {
	srv := testWire(t)
	dataDir := filepath.Join(t.TempDir(), "untouched")
	base := []string{"feeds", "test", "--data-dir", dataDir, "--allow-private", "--fetch-page", "never", "--agency", "PTI"}

	out, errOut, code := runCommand(t, "", append(base, srv.URL+"/wire.xml")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"title:    Test Wire", "format:   rss, charset utf-8", "ttl:      10m0s", "items:    2 (1 duplicates dropped)",
		"w-1", "IMD forecasts above-normal monsoon", "2025-04-15T04:30:00Z",
		`"headline": "IMD forecasts above-normal monsoon for 2025"`, `"agency": "PTI"`,
		`"url": "https://wire.example.org/monsoon"`, `"disclaimer": "News stories are provided by news agencies.`,
		"canonical articles (2 of 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("feeds test touched the data dir: %v", err)
	}

	out, errOut, code = runCommand(t, "", append(base, "--json", srv.URL+"/wire.xml")...)
	var doc feedTest
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("--json: exit %d: %s\n%s", code, errOut, out)
	}
	if len(doc.Items) != 2 || len(doc.Articles) != 2 || doc.Articles[1].Headline != "IMD forecasts above-normal monsoon for 2025" || doc.Articles[1].BodyText == "" {
		t.Errorf("--json: %d items, %d articles: %+v", len(doc.Items), len(doc.Articles), doc.Articles)
	}

	for _, c := range []struct{ path, msg string }{
		{"/page.html", "not a feed (got text/html page)"},
		{"/status/500", "http 500"},
	} {
		_, errOut, code := runCommand(t, "", append(base, srv.URL+c.path)...)
		if code != 1 || !strings.Contains(errOut, "poll test: ") || !strings.Contains(errOut, c.msg) {
			t.Errorf("%s: exit %d, stderr %q; want it to say %q", c.path, code, errOut, c.msg)
		}
	}
	// Loopback is refused unless allowed.
	if _, errOut, code := runCommand(t, "", "feeds", "test", "--data-dir", dataDir, srv.URL+"/wire.xml"); code != 1 || !strings.Contains(errOut, "is loopback") {
		t.Errorf("without --allow-private: exit %d: %s", code, errOut)
	}
}

// wiredesk poll publishes new items to wire.raw and keeps feed health in
// the store, where feeds list finds it.
func TestPollPublishesAndKeepsHealth(t *testing.T) {
	srv := testWire(t)
	natsURL := testenv.EmbeddedNATS(t)
	cfg := writeConfig(t, fmt.Sprintf(`ingest: {politeness_delay: 0s}
feeds:
  - {id: wire, agency: PTI, url: %[1]s/wire.xml, fetch_page: never, allow_private: true}
  - {id: broken, agency: PTI, url: %[1]s/status/500, allow_private: true}
`, srv.URL))

	logs := &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: logs, stderr: logs, getenv: func(string) (string, bool) { return "", false }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- mainWithExit(ctx, e, []string{"poll", "--config", cfg, "--nats-url", natsURL, "--poller-id", "test-poller"})
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("wiredesk poll exited %d; logs:\n%s", code, logs)
			}
		case <-time.After(20 * time.Second):
			t.Error("wiredesk poll did not stop")
		}
	}()

	// Two processes migrating one fresh SQLite file at once race, so the
	// listing waits for the poller to have migrated it.
	waitForLog(t, logs, "store opened", "database")
	bus, err := publish.Connect(context.Background(), natsURL, publish.DefaultNames(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var msgs uint64
		if stream, err := bus.JS.Stream(ctx, publish.DefaultNames().RawStream()); err == nil {
			if info, err := stream.Info(ctx); err == nil {
				msgs = info.State.Msgs
			}
		}
		health := feedsJSON(t, cfg)
		if msgs == 2 && health["wire"].State == review.FeedOK && health["broken"].State == review.FeedFailing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30s: %d raw messages, health %+v\nlogs:\n%s", msgs, health, logs)
		}
		time.Sleep(200 * time.Millisecond)
	}

	health := feedsJSON(t, cfg)
	if w := health["wire"]; w.ItemsNew != 2 || w.Title != "Test Wire" || w.LastStatus != 200 || w.Items24h != 2 {
		t.Errorf("wire: %+v", w)
	}
	if b := health["broken"]; b.LastStatus != 500 || !strings.Contains(b.LastError, "poll broken: ") || !strings.Contains(b.LastError, "http 500") {
		t.Errorf("broken: %+v", b)
	}
	out, _, _ := runCommand(t, "", "feeds", "list", "--config", cfg)
	for _, want := range []string{"wire", "ok", "broken", "failing", "http 500 Internal Server Error"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
