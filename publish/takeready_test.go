package publish

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// takeReady takes what has arrived, up to max, and never waits for more:
// a quiet stream's single message is handled at once, not after the
// fetch fills or expires.
func TestTakeReadyNeverWaits(t *testing.T) {
	tests := []struct {
		name    string
		waiting int
		closed  bool
		max     int
		want    int
	}{
		{"nothing more has arrived", 0, false, 32, 1},
		{"some have arrived", 3, false, 32, 4},
		{"more have arrived than a batch holds", 10, false, 4, 4},
		{"the fetch has ended", 2, true, 32, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := make(chan jetstream.Msg, 16)
			for range tt.waiting {
				msgs <- nil
			}
			if tt.closed {
				close(msgs)
			}
			// An open channel with nothing in it would block a receive:
			// returning at all shows takeReady did not wait.
			got := takeReady(msgs, []jetstream.Msg{nil}, tt.max)
			if len(got) != tt.want {
				t.Errorf("took %d messages, want %d", len(got), tt.want)
			}
			if left := len(msgs); left != tt.waiting-(tt.want-1) {
				t.Errorf("%d left in the channel, want %d", left, tt.waiting-(tt.want-1))
			}
		})
	}
}
