package testenv

import (
	"testing"
	"time"
)

// WaitTimeout bounds WaitFor: generous, as CI machines are loaded, and
// still well inside a test's deadline.
const WaitTimeout = 30 * time.Second

// WaitFor polls cond until it holds, and fails the test naming what was
// awaited if it does not within WaitTimeout. For conditions another
// goroutine or process brings about (a stage consuming, a poller
// polling), where there is no event to wait on.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(WaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", WaitTimeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
