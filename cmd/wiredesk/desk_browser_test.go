package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// An editor at the demo desk in a browser: watches the PTI story's update
// arrive live, opens the Kremlin story and finds its dateline, quotes with
// speakers and the embed card, reads the PTI correction's word diff, edits
// the Kremlin headline, approves it from the keyboard (j/k/o/a) and finds
// the edited ninjs on wire.published.>; search finds a story by a word of
// its body.
func TestEditorsDeskInBrowser(t *testing.T) {
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	addr, logs := startRun(t, nil, "--demo", "--data-dir", dir)
	natsURL := waitForLog(t, logs, "embedded nats started", "url")
	password := waitForLog(t, logs, "demo editor account: log in at the desk (the password is shown once)", "password")
	base := "http://" + addr
	waitUp(t, addr)

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		tctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := chromedp.Do(tctx, actions...); err != nil {
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
			t.Fatalf("%s: %v\npage:\n%.3000s\nlogs:\n%s", what, err, html, tail(logs.String(), 20))
		}
	}
	text := func(sel string) string {
		t.Helper()
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	step("log in before the PTI update arrives",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#name"), "editor"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS("nav.tabs")),
	)
	// The PTI story's update (version 2) is polled about 15 s in.
	arrived := `[...document.querySelectorAll(".arrived-story .meta")].some(m => m.textContent.includes("PTI") && m.textContent.includes("v2"))`
	testenv.WaitFor(t, "the PTI update arriving live, without a reload", func() bool {
		ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](arrived))
		return ok
	})
	if got := text("#arrived"); !strings.Contains(got, "arrived") {
		t.Errorf("the arrival note says %q", got)
	}
	step("the whole queue", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("article.story")))
	screenshot(t, ctx, "desk-queue.png")
	login(t, addr, "editor", password) // for the API checks below (a second session)
	var kremlin, pti string
	for _, a := range listStories(t, addr, "queued") {
		switch {
		case strings.HasPrefix(a.Headline, "Russian President"):
			kremlin = a.ID
		case a.Agency == "PTI":
			pti = a.ID
		}
	}
	if kremlin == "" || pti == "" {
		t.Fatalf("demo stories missing: kremlin %q pti %q", kremlin, pti)
	}

	step("search finds a story by a word of its body",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Dmitriev\n"),
		chromedp.WaitVisible(chromedp.CSS("#s-"+kremlin)),
	)
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("article.story").length`)); n != 1 {
		t.Errorf("searching a word only the Kremlin story has listed %d stories", n)
	}

	step("open the PTI story: the correction's word diff",
		chromedp.Navigate(base+"/stories/"+pti),
		chromedp.WaitVisible(chromedp.CSS(".version")),
	)
	if ins, del := text(".body-diff ins"), text(".body-diff del"); !strings.Contains(ins+del, "40") {
		t.Errorf("the PTI diff does not show the corrected amount: ins %q del %q", ins, del)
	}
	if got := text(".notice"); !strings.Contains(got, "Corrects") {
		t.Errorf("the agency's correction notice is %q", got)
	}
	screenshot(t, ctx, "desk-story-diff.png")

	step("open the Kremlin story",
		chromedp.Navigate(base+"/stories/"+kremlin),
		chromedp.WaitVisible(chromedp.CSS(".body mark.dateline")),
	)
	if got := text(".body mark.dateline"); !strings.HasPrefix(got, "Moscow [Russia], April 25 (ANI)") {
		t.Errorf("dateline mark %q", got)
	}
	if got := text("ul.quotes"); !strings.Contains(got, "Yury Ushakov") || !strings.Contains(got, "told reporters") {
		t.Errorf("quotes list %q lacks the speaker and verb", got)
	}
	if got := text("aside.embed"); !strings.Contains(got, "x") || !strings.Contains(got, "1915794807047307486") {
		t.Errorf("embed card %q", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("mark.attribution").length`)); n == 0 {
		t.Error("no attribution is marked in the body")
	}
	screenshot(t, ctx, "desk-story.png")

	newHeadline := "Putin and Witkoff hold three-hour Kremlin talks"
	step("edit the headline",
		chromedp.SetValue(chromedp.CSS("#f-headline"), newHeadline),
		chromedp.Click(chromedp.CSS("form.edit button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`article[data-version="2"]`)),
	)
	if got := text(".storypage h1"); got != newHeadline {
		t.Errorf("after the edit the headline is %q", got)
	}

	bus, err := publish.Connect(context.Background(), natsURL, publish.DefaultNames(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	published, err := bus.JS.OrderedConsumer(context.Background(), bus.Names.PublishedStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	step("find the story with j/k and approve it with a",
		chromedp.Navigate(base+"/?q=Witkoff"),
		chromedp.WaitVisible(chromedp.CSS("#s-"+kremlin)),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("k"),
		chromedp.KeyEvent("j"),
	)
	if got := text("article.story.selected h2"); got != newHeadline {
		t.Errorf("j/k selected %q", got)
	}
	step("o opens the selected story", chromedp.KeyEvent("o"), chromedp.WaitVisible(chromedp.CSS(".storypage")))
	step("back to the queue and approve with a",
		chromedp.NavigateBack(),
		chromedp.WaitVisible(chromedp.CSS("#s-"+kremlin)),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("a"),
		chromedp.WaitNotPresent(chromedp.CSS("#s-"+kremlin)),
	)
	msg, err := published.Next(jetstream.FetchMaxWait(15 * time.Second))
	if err != nil {
		t.Fatalf("the approved story did not reach wire.published.>: %v", err)
	}
	var doc struct {
		Headlines []struct{ Value string } `json:"headlines"`
		Version   string                   `json:"version"`
	}
	if err := json.Unmarshal(msg.Data(), &doc); err != nil || len(doc.Headlines) == 0 || doc.Headlines[0].Value != newHeadline || doc.Version != "2" {
		t.Errorf("published %.300s (%v), want the edited headline at version 2", msg.Data(), err)
	}
	if !bytes.Contains(msg.Data(), []byte("Ushakov")) {
		t.Error("the published document lost the story's quotes")
	}
	step("feeds and dead letters", chromedp.Navigate(base+"/health"), chromedp.WaitVisible(chromedp.CSS("table.audit")))
	if got := text("table.audit"); !strings.Contains(got, "ani-world") || !strings.Contains(got, "pti-top") {
		t.Errorf("the feed table lacks the demo feeds: %q", got)
	}
	if got := text("main"); !strings.Contains(got, "No dead letters") {
		t.Errorf("the demo has dead letters? %q", got)
	}
	screenshot(t, ctx, "desk-health.png")
	step("the help overlay", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("nav.tabs")), chromedp.KeyEvent("?"), chromedp.WaitVisible(chromedp.CSS("#help")))
}
