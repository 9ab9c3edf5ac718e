package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// EmbeddedNATS starts a private JetStream server for one test and returns
// its client URL; it is shut down when the test ends.
func EmbeddedNATS(t testing.TB) string {
	t.Helper()
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: t.TempDir(),
		MaxPayload: 8 << 20, NoSigs: true, NoLog: true,
	})
	if err != nil {
		t.Fatalf("testenv: embedded nats: %v", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatalf("testenv: embedded nats not ready")
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	return srv.ClientURL()
}

// SharedNATSURL is the machine's NATS server (127.0.0.1:4222, or
// WIREDESK_TEST_NATS). The test fails, rather than skips, when it is down:
// CI makes sure it is up.
func SharedNATSURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("WIREDESK_TEST_NATS")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	nc, err := nats.Connect(url, nats.Timeout(3*time.Second))
	if err != nil {
		t.Fatalf("testenv: NATS at %s is not reachable (start it, see README): %v", url, err)
	}
	nc.Close()
	return url
}

// Prefix returns a unique name prefix for a test's streams on a shared
// server, and deletes every stream carrying it when the test ends.
func Prefix(t testing.TB, natsURL string) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	p := "t" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		nc, err := nats.Connect(natsURL)
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
		names := js.StreamNames(ctx)
		var mine []string
		for n := range names.Name() {
			if strings.HasPrefix(n, strings.ToUpper(p)+"_") {
				mine = append(mine, n)
			}
		}
		for _, n := range mine {
			_ = js.DeleteStream(ctx, n)
		}
	})
	return p
}
