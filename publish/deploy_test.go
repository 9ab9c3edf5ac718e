package publish_test

import (
	"path/filepath"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
)

// The shipped NATS configs parse and fsync every write.
func TestShippedNATSConfigsSyncAlways(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "deploy", "nats", "*.conf"))
	if err != nil {
		t.Fatal(err)
	}
	cluster, _ := filepath.Glob(filepath.Join("..", "deploy", "nats", "cluster", "*.conf"))
	files = append(files, cluster...)
	if len(files) != 4 {
		t.Fatalf("found %d NATS configs, want single.conf and three cluster nodes: %v", len(files), files)
	}
	for _, f := range files {
		opts, err := server.ProcessConfigFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !opts.JetStream || !opts.SyncAlways {
			t.Errorf("%s: jetstream %v, sync always %v; want both", f, opts.JetStream, opts.SyncAlways)
		}
		if opts.MaxPayload < 8<<20 {
			t.Errorf("%s: max_payload %d, want 8 MB", f, opts.MaxPayload)
		}
	}
}
