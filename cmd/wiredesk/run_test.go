package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/article/schema"
	"github.com/wiredesk/wiredesk/consume"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/review"
)

// syncBuffer collects a command's log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startRun runs `wiredesk run ARGS…` in-process until the test ends and
// returns the review address.
func startRun(t *testing.T, environ map[string]string, args ...string) (addr string, logs *syncBuffer) {
	t.Helper()
	addr = freeAddr(t)
	logs = &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: logs, stderr: logs, getenv: func(k string) (string, bool) {
		v, ok := environ[k]
		return v, ok
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- mainWithExit(ctx, e, append([]string{"run", "--listen", addr}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("wiredesk run exited %d; logs:\n%s", code, logs)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("wiredesk run did not stop within 30s of SIGTERM")
		}
	})
	return addr, logs
}

// deskAuth holds how tests reach each running desk, by its address: a
// key (string) or a logged-in client (*http.Client). The desk refuses
// requests without credentials.
var deskAuth sync.Map

// scriptKey makes a write-scoped API key in the store the store flags
// name (--database-url, --data-dir, --config), as an operator would with
// `wiredesk tokens add`.
func scriptKey(t *testing.T, storeArgs ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, getenv: func(string) (string, bool) { return "", false }}
	if code := mainWithExit(context.Background(), e, append([]string{"tokens", "add", "--scope", "write", "test-script"}, storeArgs...)); code != 0 {
		t.Fatalf("tokens add: exit %d: %s", code, errs.String())
	}
	return strings.TrimSpace(out.String())
}

// login logs in at the desk as an editor would, and registers the
// session for the desk's address.
func login(t *testing.T, addr, name, password string) *http.Client {
	t.Helper()
	waitUp(t, addr) // the password is logged before the desk listens
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm("http://"+addr+"/login", url.Values{"name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("login as %s: %s at %s: %s", name, resp.Status, resp.Request.URL, body)
	}
	deskAuth.Store(addr, client)
	return client
}

// deskRequest sends a request to the desk at addr with its test key.
func deskRequest(method, addr, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(method, "http://"+addr+path, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch auth, _ := deskAuth.Load(addr); auth := auth.(type) {
	case string:
		req.Header.Set("Authorization", "Bearer "+auth)
	case *http.Client:
		return auth.Do(req)
	}
	return http.DefaultClient.Do(req)
}

func listStories(t *testing.T, addr, status string) []*article.Article {
	t.Helper()
	resp, err := deskRequest("GET", addr, "/api/v1/stories?view=full&status="+status, nil)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var list review.StoryList
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&list) != nil {
		return nil
	}
	return list.Stories
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// ninjsCheck validates documents against IPTC's official ninjs schema,
// which lives in ../shared; in a plain clone without it the checks pass
// with a note in the log (CI, which has it, runs them).
type ninjsCheck struct {
	t *testing.T
	v *schema.NINJSValidator
}

func (c ninjsCheck) Validate(doc []byte) error {
	if c.v == nil {
		return nil
	}
	return c.v.Validate(doc)
}

func (c ninjsCheck) ValidateExtended(doc []byte) error {
	if c.v == nil {
		return nil
	}
	return c.v.ValidateExtended(doc)
}

func officialValidator(t *testing.T) ninjsCheck {
	t.Helper()
	official, err := os.ReadFile(filepath.Join(repoRoot(t), "..", "shared", "ninjs", "ninjs-schema_2.2.json"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("official ninjs schema: %v", err)
		}
		t.Logf("needs ../shared/ninjs to check documents against the official ninjs schema; not checked: %v", err)
		return ninjsCheck{t: t}
	}
	v, err := schema.NewNINJSValidator(official, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ninjsCheck{t: t, v: v}
}

// demoHeadlines are the stories the demo feeds carry, each exactly once
// although one is served three times and one is updated.
var demoHeadlines = []string{
	"Russian President Vladimir Putin meets US Special Envoy Steve Witkoff",
	"IMD forecasts above-normal monsoon for 2025",
	"Delhi court grants bail to businessman in Rs 40 crore cheating case",
	"Syria's new leaders hold first talks with Gulf envoys",
}

// checkDemoFlow waits for the demo stories to be queued exactly once,
// approves one and checks the ninjs message a subscriber receives.
func checkDemoFlow(t *testing.T, addr string, logs *syncBuffer, natsURL string, names publish.Names) {
	t.Helper()
	var queued []*article.Article
	deadline := time.Now().Add(30 * time.Second)
	for {
		queued = listStories(t, addr, "queued")
		if demoComplete(queued) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30s the queue holds %d stories: %v\nlogs:\n%s", len(queued), headlines(queued), logs)
		}
		time.Sleep(250 * time.Millisecond)
	}
	if len(queued) != len(demoHeadlines) {
		t.Fatalf("queue holds %d stories, want %d: %v", len(queued), len(demoHeadlines), headlines(queued))
	}
	var kremlin *article.Article
	for _, a := range queued {
		if a.Disclaimer != article.DefaultDisclaimer {
			t.Errorf("%s: disclaimer = %q", a.Headline, a.Disclaimer)
		}
		if strings.Contains(a.BodyText, "reader_42") || strings.Contains(a.BodyText, "You May Like") || strings.Contains(a.BodyText, "auto-generated from a syndicated feed") {
			t.Errorf("%s: body keeps page furniture:\n%s", a.Headline, a.BodyText)
		}
		switch {
		case strings.HasPrefix(a.Headline, "Delhi court"):
			if a.Version != 2 {
				t.Errorf("updated PTI story is at version %d, want 2", a.Version)
			}
		case strings.HasPrefix(a.Headline, "Russian President"):
			kremlin = a
		}
	}
	if kremlin == nil {
		t.Fatal("Kremlin story missing")
	}
	if kremlin.Dateline == nil || kremlin.Dateline.Place != "Moscow" {
		t.Errorf("Kremlin dateline = %+v", kremlin.Dateline)
	}

	// A downstream subscriber on the published stream.
	bus, err := publish.Connect(context.Background(), natsURL, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub, err := bus.JS.OrderedConsumer(ctx, names.PublishedStream(), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{names.PublishedFilter("ANI")},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := deskRequest("POST", addr, "/api/v1/stories/"+kremlin.ID+"/approve", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("approve: %s: %s\nlogs:\n%s", resp.Status, body, logs)
	}
	msg, err := sub.Next(jetstream.FetchMaxWait(15 * time.Second))
	if err != nil {
		t.Fatalf("no published message: %v", err)
	}
	if got := msg.Headers().Get(publish.HeaderStoryID); got != kremlin.ID {
		t.Errorf("published story id header = %q, want %q", got, kremlin.ID)
	}
	if h := msg.Headers(); h.Get(publish.HeaderEvent) != "publish" || h.Get(publish.HeaderContentType) != publish.NINJSContentType ||
		h.Get(jetstream.MsgIDHeader) != publish.StoryMsgID(kremlin.ID, kremlin.Version) {
		t.Errorf("published headers %v", h)
	}
	doc, err := publish.Payload(msg.Data(), msg.Headers())
	if err != nil {
		t.Fatal(err)
	}
	if err := officialValidator(t).ValidateExtended(doc); err != nil {
		t.Errorf("published ninjs does not validate against the extension schema: %v\n%s", err, doc)
	}
	if err := officialValidator(t).Validate(consume.PureNINJS(doc)); err != nil {
		t.Errorf("published ninjs without its extension does not validate against ninjs 2.2: %v\n%s", err, doc)
	}
	if !bytes.Contains(doc, []byte("Witkoff")) {
		t.Errorf("published document lacks the story: %s", doc)
	}
	testenv.WaitFor(t, "the story marked published", func() bool {
		published := listStories(t, addr, "published")
		return len(published) == 1 && published[0].ID == kremlin.ID && published[0].Delivery != nil &&
			published[0].Delivery.State == article.DeliverySent
	})

	// The API serves the same story with the wiredesk extension.
	resp, err = deskRequest("GET", addr, "/api/v1/stories/"+kremlin.ID+"?format=ninjs", nil)
	if err != nil {
		t.Fatal(err)
	}
	ext, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("story as ninjs: %s: %s", resp.Status, ext)
	}
	if err := officialValidator(t).ValidateExtended(ext); err != nil {
		t.Errorf("the API's extended ninjs does not validate: %v\n%s", err, ext)
	}
	if !bytes.Contains(ext, []byte(`"wiredesk_quotes"`)) || !bytes.Contains(ext, []byte("Ushakov")) {
		t.Errorf("the API's extended ninjs lacks the quotes: %s", ext)
	}
}

func demoComplete(list []*article.Article) bool {
	seen := map[string]bool{}
	for _, a := range list {
		seen[a.Headline] = true
	}
	for _, h := range demoHeadlines {
		if !seen[h] {
			return false
		}
	}
	return true
}

func headlines(list []*article.Article) []string {
	var out []string
	for _, a := range list {
		out = append(out, fmt.Sprintf("%s (v%d)", a.Headline, a.Version))
	}
	return out
}

// The embedded default: no PostgreSQL, no NATS configured.
func TestRunDemoEmbedded(t *testing.T) {
	dir := t.TempDir()
	// The embedded NATS listens on a random port; the test reads it from the
	// log line the command writes.
	addr, logs := startRun(t, nil, "--demo", "--data-dir", dir)
	natsURL := waitForLog(t, logs, "embedded nats started", "url")
	login(t, addr, "editor", waitForLog(t, logs, "demo editor account: log in at the desk (the password is shown once)", "password"))
	checkDemoFlow(t, addr, logs, natsURL, publish.DefaultNames())
}

// The same flow on the machine's PostgreSQL and NATS.
func TestRunDemoExternal(t *testing.T) {
	natsURL := testenv.SharedNATSURL(t)
	prefix := testenv.Prefix(t, natsURL)
	dbURL := testenv.PostgresURL(t)
	cfgPath := filepath.Join(t.TempDir(), "wiredesk.yaml")
	cfg := fmt.Sprintf("data_dir: %s\nnats:\n  stream_prefix: %s\n", t.TempDir(), prefix)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, logs := startRun(t, nil, "--demo", "--config", cfgPath, "--nats-url", natsURL, "--database-url", dbURL)
	login(t, addr, "editor", waitForLog(t, logs, "demo editor account: log in at the desk (the password is shown once)", "password"))
	checkDemoFlow(t, addr, logs, natsURL, publish.NamesWithPrefix(prefix))
}

// waitForLog returns the value of key in the first log line with msg.
func waitForLog(t *testing.T, logs *syncBuffer, msg, key string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(logs.String(), "\n") {
			if !strings.Contains(line, "msg=\""+msg+"\"") {
				continue
			}
			for _, f := range strings.Fields(line) {
				if v, ok := strings.CutPrefix(f, key+"="); ok {
					return strings.Trim(v, `"`)
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %q log line with %s; logs:\n%s", msg, key, logs)
	return ""
}

// Broken feeds and pages are reported by name while the healthy feed's
// stories still reach the queue.
func TestRunKeepsGoingOnBadInput(t *testing.T) {
	mux := http.NewServeMux()
	var base string
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>good</title>
<item><title>Court grants bail in cheating case</title><link>%[1]s/a.html</link><guid>a</guid><description>A Delhi court granted bail.</description></item>
<item><title>Monsoon to be above normal</title><link>%[1]s/b.pdf</link><guid>b</guid><description>The IMD forecast an above-normal monsoon.</description></item>
</channel></rss>`, base)
	})
	mux.HandleFunc("/a.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>Court grants bail in cheating case</title></head><body><article><h1>Court grants bail in cheating case</h1>
<p>New Delhi, Jun 7 (PTI) A Delhi court on Saturday granted bail to a businessman accused of cheating investors, saying custody was no longer needed.</p>
<p>The court directed him not to leave the country without its permission, the order said.</p></article></body></html>`)
	})
	mux.HandleFunc("/b.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\x00\x01\x02\xff\xfe binary"))
	})
	mux.HandleFunc("/notxml.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	})
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>broken</title><item><title>cut off`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL

	cfg := fmt.Sprintf(`data_dir: %s
feeds:
  - {id: good, agency: PTI, url: %[2]s/good.xml, allow_private: true}
  - {id: notxml, agency: PTI, url: %[2]s/notxml.xml, allow_private: true}
  - {id: broken, agency: PTI, url: %[2]s/broken.xml, allow_private: true}
  - {id: unreachable, agency: PTI, url: "http://127.0.0.1:1/feed.xml", allow_private: true}
`, t.TempDir(), srv.URL)
	cfgPath := filepath.Join(t.TempDir(), "wiredesk.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	key := scriptKey(t, "--config", cfgPath)
	addr, logs := startRun(t, nil, "--config", cfgPath)
	deskAuth.Store(addr, key)

	deadline := time.Now().Add(30 * time.Second)
	var queued []*article.Article
	for {
		queued = listStories(t, addr, "queued")
		failed := 0
		for _, feed := range []string{"notxml", "broken", "unreachable"} {
			if strings.Contains(logs.String(), "feed="+feed) {
				failed++
			}
		}
		if len(queued) == 2 && failed == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30s: %d queued %v; logs:\n%s", len(queued), headlines(queued), logs)
		}
		time.Sleep(250 * time.Millisecond)
	}
	for _, a := range queued {
		if a.Headline == "Monsoon to be above normal" && !strings.Contains(a.BodyText, "above-normal monsoon") {
			t.Errorf("item with a PDF page lost its feed summary: %q", a.BodyText)
		}
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "feed=notxml") && strings.Contains(line, "level=WARN") && !strings.Contains(line, "not a feed") {
			t.Errorf("notxml error does not say what is wrong: %s", line)
		}
	}
}
