package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// An editor works the demo desk in a browser: logs in, approves a story
// (and it reaches wire.published.>), rejects one with a reason and undoes
// it, withdraws the published one (and the canceled message follows); an
// admin then finds every action in the audit log under the editor's name.
func TestDeskInBrowser(t *testing.T) {
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	var out, errs bytes.Buffer
	e := &env{stdin: strings.NewReader("admin password 1234\n"), stdout: &out, stderr: &errs, getenv: func(string) (string, bool) { return "", false }}
	if code := mainWithExit(context.Background(), e, []string{"users", "add", "--role", "admin", "--password-stdin", "--data-dir", dir, "chief"}); code != 0 {
		t.Fatalf("users add: %d %s", code, errs.String())
	}
	addr, logs := startRun(t, nil, "--demo", "--data-dir", dir)
	natsURL := waitForLog(t, logs, "embedded nats started", "url")
	password := waitForLog(t, logs, "demo editor account: log in at the desk (the password is shown once)", "password")
	base := "http://" + addr
	waitUp(t, addr)
	login(t, addr, "editor", password)
	testenv.WaitFor(t, "the demo queue", func() bool { return demoComplete(listStories(t, addr, "queued")) })
	bus, err := publish.Connect(context.Background(), natsURL, publish.DefaultNames(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	published, err := bus.JS.OrderedConsumer(context.Background(), bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var kremlin, monsoon string
	for _, a := range listStories(t, addr, "queued") {
		switch {
		case strings.HasPrefix(a.Headline, "Russian President"):
			kremlin = a.ID
		case strings.HasPrefix(a.Headline, "IMD forecasts"):
			monsoon = a.ID
		}
	}

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(tctx, actions...); err != nil {
			shot, _ := chromedp.Run(ctx, chromedp.FullScreenshot(80))
			os.WriteFile(filepath.Join(t.TempDir(), "failure.png"), shot, 0o644)
			t.Fatalf("%s: %v\nlogs:\n%s", what, err, tail(logs.String(), 30))
		}
	}
	message := func() string {
		m, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#message")))
		return m
	}
	story := func(id string) string { return "#s-" + id }

	step("log in",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#name"), "editor"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS(story(kremlin))),
	)
	screenshot(t, ctx, "queue.png")
	step("approve the Kremlin story",
		chromedp.Click(chromedp.CSS(story(kremlin)+` button[data-act="approve"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(story(kremlin))),
	)
	if m := message(); !strings.Contains(m, "approved; publishing") {
		t.Errorf("after approve the desk says %q", m)
	}
	msg, err := published.Next(jetstream.FetchMaxWait(15 * time.Second))
	if err != nil {
		t.Fatalf("the approved story did not reach wire.published.>: %v", err)
	}
	if msg.Headers().Get(publish.HeaderStoryID) != kremlin || msg.Headers().Get(publish.HeaderEvent) != "publish" {
		t.Errorf("published %v", msg.Headers())
	}

	step("reject without a reason is refused in words",
		chromedp.Click(chromedp.CSS(story(monsoon)+` button[data-act="reject"]`)),
	)
	if m := message(); !strings.Contains(m, "Say why") {
		t.Errorf("a reject without a reason: the desk says %q", m)
	}
	step("reject with a reason",
		chromedp.SendKeys(chromedp.CSS(story(monsoon)+` input[data-for="reject"]`), "Weather desk has its own copy"),
		chromedp.Click(chromedp.CSS(story(monsoon)+` button[data-act="reject"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(story(monsoon))),
	)
	step("undo the reject",
		chromedp.Navigate(base+"/?status=rejected"),
		chromedp.Click(chromedp.CSS(story(monsoon)+` button[data-act="restore"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(story(monsoon))),
		chromedp.Navigate(base+"/?status=queued"),
		chromedp.WaitVisible(chromedp.CSS(story(monsoon))),
	)
	testenv.WaitFor(t, "the Kremlin story published", func() bool {
		for _, a := range listStories(t, addr, "published") {
			if a.ID == kremlin {
				return true
			}
		}
		return false
	})
	step("withdraw the published story",
		chromedp.Navigate(base+"/?status=published"),
		chromedp.WaitVisible(chromedp.CSS(story(kremlin))),
		chromedp.SendKeys(chromedp.CSS(story(kremlin)+` input[data-for="withdraw"]`), "The meeting was cancelled"),
		chromedp.Click(chromedp.CSS(story(kremlin)+` button[data-act="withdraw"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(story(kremlin))),
	)
	msg, err = published.Next(jetstream.FetchMaxWait(15 * time.Second))
	if err != nil {
		t.Fatalf("the withdrawal did not reach wire.published.>: %v", err)
	}
	if msg.Headers().Get(publish.HeaderEvent) != "withdraw" || !bytes.Contains(msg.Data(), []byte(`"pubstatus":"canceled"`)) {
		t.Errorf("withdrawal published as %v: %.300s", msg.Headers(), msg.Data())
	}

	step("log out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#password")))
	var audit string
	step("the admin reads the audit log",
		chromedp.SendKeys(chromedp.CSS("#name"), "chief"),
		chromedp.SendKeys(chromedp.CSS("#password"), "admin password 1234"),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS("nav.tabs")),
		chromedp.Navigate(base+"/audit"),
		chromedp.WaitVisible(chromedp.CSS("table.audit")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			var err error
			audit, err = chromedp.Text(chromedp.CSS("table.audit"))(ctx, tg)
			return err
		}),
	)
	for _, want := range []string{
		"editor\tlogin", "editor\tapprove\t" + kremlin, "editor\treject\t" + monsoon, "Weather desk has its own copy",
		"editor\trestore\t" + monsoon, "editor\twithdraw\t" + kremlin, "The meeting was cancelled", "relay\tsent\t" + kremlin,
		"editor\tlogout", "chief\tlogin",
	} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, audit)
		}
	}
	if t.Failed() {
		fmt.Println(audit)
	}
}

// screenshot saves the page as it looks now into $WIREDESK_SCREENSHOTS
// (docs/desk.md's pictures are made this way), when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("WIREDESK_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
		t.Error(err)
	}
}

// waitUp waits until the desk at addr answers.
func waitUp(t *testing.T, addr string) {
	t.Helper()
	testenv.WaitFor(t, "the desk up", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
}
