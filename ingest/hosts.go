package ingest

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"
)

// hostLimiter keeps the poller polite to each host: at most perHost
// requests open at once, and request starts spaced by delay. Feeds and
// their article pages share the limit, since agencies serve both from one
// site.
type hostLimiter struct {
	perHost int
	delay   time.Duration

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem   chan struct{}
	next  time.Time // earliest start of the next request
	users int       // holders and waiters
}

func newHostLimiter(perHost int, delay time.Duration) *hostLimiter {
	return &hostLimiter{perHost: max(perHost, 1), delay: delay, hosts: map[string]*hostSlot{}}
}

// acquire waits for a turn at rawURL's host and returns the function that
// gives it back.
func (l *hostLimiter) acquire(ctx context.Context, rawURL string) (release func(), err error) {
	host := hostKey(rawURL)
	l.mu.Lock()
	slot, ok := l.hosts[host]
	if !ok {
		slot = &hostSlot{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = slot
	}
	slot.users++
	l.mu.Unlock()

	done := func() {
		l.mu.Lock()
		slot.users--
		// Keep a slot whose politeness delay is still running, or the next
		// request would start a fresh slot without waiting.
		if slot.users == 0 && !time.Now().Before(slot.next) {
			delete(l.hosts, host)
		}
		l.mu.Unlock()
	}
	select {
	case slot.sem <- struct{}{}:
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
	release = func() {
		<-slot.sem
		done()
	}
	if l.delay > 0 {
		l.mu.Lock()
		now := time.Now()
		start := now
		if slot.next.After(now) {
			start = slot.next
		}
		slot.next = start.Add(l.delay)
		l.mu.Unlock()
		if wait := start.Sub(now); wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				release()
				return nil, ctx.Err()
			}
		}
	}
	return release, nil
}

func hostKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	return strings.ToLower(u.Hostname())
}
