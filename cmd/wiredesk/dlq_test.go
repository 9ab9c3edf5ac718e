package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

// runWiredesk runs `wiredesk ARGS…` in-process and returns its exit code
// and output.
func runWiredesk(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(string) (string, bool) { return "", false }}
	code := mainWithExit(context.Background(), e, args)
	return code, out.String()
}

func TestDLQListAndReplayCommands(t *testing.T) {
	natsURL := testenv.SharedNATSURL(t)
	prefix := testenv.Prefix(t, natsURL)
	cfg := writeWorkerConfig(t, prefix)
	ctx := context.Background()
	bus, err := publish.Connect(ctx, natsURL, publish.NamesWithPrefix(prefix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(ctx, publish.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	// A dead letter as the stage runner writes one.
	msg := nats.NewMsg(bus.Names.DLQSubject("store"))
	msg.Header.Set(publish.HeaderError, "store abc: connection refused")
	msg.Header.Set(publish.HeaderStage, "store")
	msg.Header.Set(publish.HeaderDeliveries, "5")
	msg.Header.Set(publish.HeaderSubject, bus.Names.EnrichedSubject("ANI"))
	msg.Data = []byte(`{"id":"abc"}`)
	ack, err := bus.JS.PublishMsg(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}

	code, out := runWiredesk(t, "dlq", "list", "--config", cfg, "--nats-url", natsURL)
	if code != 0 || !strings.Contains(out, "store abc: connection refused") || !strings.Contains(out, ".wire.enriched.ani") {
		t.Fatalf("dlq list exited %d:\n%s", code, out)
	}
	code, out = runWiredesk(t, "dlq", "replay", "--config", cfg, "--nats-url", natsURL, "--all")
	if code != 0 || !strings.Contains(out, "replayed") {
		t.Fatalf("dlq replay exited %d:\n%s", code, out)
	}
	stream, err := bus.JS.Stream(ctx, bus.Names.ArticlesStream())
	if err != nil {
		t.Fatal(err)
	}
	got, err := stream.GetLastMsgForSubject(ctx, bus.Names.EnrichedSubject("ANI"))
	if err != nil || string(got.Data) != `{"id":"abc"}` || got.Header.Get(publish.HeaderError) != "" {
		t.Fatalf("replayed message = %+v, %v", got, err)
	}
	if _, err := bus.Replay(ctx, ack.Sequence); err == nil {
		t.Error("the replayed dead letter is still in the DLQ")
	}
	if code, out := runWiredesk(t, "dlq", "replay", "--config", cfg, "--nats-url", natsURL); code != 2 {
		t.Errorf("replay without sequence numbers exited %d:\n%s", code, out)
	}
}

func TestEvalDedupCommand(t *testing.T) {
	code, out := runWiredesk(t, "eval", "dedup", "-v", repoRoot(t)+"/dedup/testdata/neardup")
	if code != 0 || !strings.Contains(out, "precision 1.0000  recall 1.0000") {
		t.Fatalf("eval dedup exited %d:\n%s", code, out)
	}
	if code, _ := runWiredesk(t, "eval", "dedup", "--near-jaccard", "2"); code != 2 {
		t.Errorf("a threshold above 1 exited %d, want 2", code)
	}
}

func TestWorkerNeedsExternalNATS(t *testing.T) {
	code, out := runWiredesk(t, "worker", "--config", writeWorkerConfig(t, "x"))
	if code != 2 || !strings.Contains(out, "external NATS") {
		t.Errorf("worker without a NATS URL exited %d:\n%s", code, out)
	}
}
