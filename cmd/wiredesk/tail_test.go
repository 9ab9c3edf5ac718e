package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
)

func TestTail(t *testing.T) {
	natsURL := testenv.EmbeddedNATS(t)
	ctx := context.Background()
	bus, err := publish.Connect(ctx, natsURL, publish.DefaultNames(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(ctx, publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	for i, a := range []*article.Article{
		{ID: "pti-1", Agency: "PTI", Version: 1, Headline: "Monsoon session opens", BodyText: "New Delhi, Jun 7 (PTI) It opened."},
		{ID: "ani-1", Agency: "ANI", Version: 2, Headline: "Putin meets Witkoff", BodyText: "Moscow [Russia], April 25 (ANI): They met.",
			Topics: []string{"medtop:11000000"}, Changes: []article.Change{{Kind: article.ChangeCorrection, Text: "Corrects date"}}},
	} {
		event := []article.Event{article.EventPublish, article.EventCorrection}[i]
		doc, err := (&pipeline.Pipeline{}).EventDocument(a, event)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bus.JS.PublishMsg(ctx, bus.Names.StoryMessage(a, event, doc), jetstream.WithMsgID(publish.StoryMsgID(a.ID, a.Version))); err != nil {
			t.Fatal(err)
		}
	}
	tail := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, getenv: func(string) (string, bool) { return "", false }}
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		code := mainWithExit(ctx, e, append([]string{"tail", "--nats-url", natsURL}, args...))
		return code, out.String(), errs.String()
	}

	code, out, errs := tail("--since", "1h", "--count", "2")
	if code != 0 || !strings.Contains(out, "publish    pti/general  pti-1 v1  Monsoon session opens") ||
		!strings.Contains(out, "correction ani/politics  ani-1 v2  Putin meets Witkoff") {
		t.Errorf("text: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = tail("--since", "1h", "--count", "1", "--agency", "ANI", "--format", "json")
	var a article.Article
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil || a.ID != "ani-1" || a.Version != 2 {
		t.Errorf("json: exit %d, %v: %s", code, err, out)
	}
	code, out, _ = tail("--since", "1h", "--count", "1", "--topic", "general", "--format", "ninjs")
	if code != 0 || !strings.Contains(out, `"uri":"urn:wiredesk:story:pti-1"`) {
		t.Errorf("ninjs: exit %d: %s", code, out)
	}
	for _, bad := range [][]string{{"--format", "xml"}, {"--since", "-1h"}} {
		if code, _, errs := tail(bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", bad, code, errs)
		}
	}
	var errs2 bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &errs2, getenv: func(string) (string, bool) { return "", false }}
	if code := mainWithExit(ctx, e, []string{"tail", "--data-dir", t.TempDir()}); code != 2 || !strings.Contains(errs2.String(), "--nats-url") {
		t.Errorf("tail without NATS: exit %d: %s", code, errs2.String())
	}
}
