package ingest

import (
	"container/heap"
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// Scheduling. Every feed is polled first at once, then on its interval.
// After an error the delay grows exponentially from the interval (with
// ±20% jitter so failing feeds do not march in step), capped at
// MaxBackoff, and polling never stops: a feed that comes back is picked up
// within MaxBackoff. A Retry-After longer than the backoff wins (up to a
// day). A publisher's TTL or Cache-Control lifetime longer than the
// interval is honoured up to an hour, so a feed that claims to be fresh for
// a day is still polled hourly.
const (
	maxRetryAfter = 24 * time.Hour
	maxFreshHint  = time.Hour
)

// interval is the feed's configured interval, floored.
func (p *Poller) interval(feed config.Feed) time.Duration {
	iv := feed.Interval
	if iv <= 0 {
		iv = config.DefaultFeedInterval
	}
	return max(iv, p.cfg.MinInterval)
}

// nextDelay says how long to wait before polling feed again after a poll
// that gave res and err, the feed having failed consecutive times in a row
// (counting this poll).
func (p *Poller) nextDelay(feed config.Feed, res Result, err error, consecutive int) time.Duration {
	iv := p.interval(feed)
	if err == nil {
		delay := iv
		if hint := max(res.TTL, res.CacheFor); hint > iv {
			delay = min(hint, max(iv, maxFreshHint))
		}
		// A little jitter (up to 5% early) spreads feeds that started
		// together.
		return delay - time.Duration(rand.Int64N(int64(delay)/20+1))
	}
	delay := backoff(iv, consecutive, p.cfg.MaxBackoff)
	var he *HTTPError
	if errors.As(err, &he) && he.RetryAfter > delay {
		delay = min(he.RetryAfter, maxRetryAfter)
	}
	return delay
}

// backoff returns base·2^(n-1) with ±20% jitter, capped at limit.
func backoff(base time.Duration, n int, limit time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	jittered := time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	return min(jittered, limit)
}

// Run polls every configured feed until ctx is cancelled: each one at once,
// then on its schedule, Workers at a time. A feed is never polled twice at
// once, a due feed waits for a free worker (backpressure rather than an
// unbounded queue), and one slow or broken feed holds at most one worker
// for at most the request timeout. Run returns nil when ctx is cancelled.
func (p *Poller) Run(ctx context.Context) error {
	jobs := make(chan config.Feed)
	done := make(chan due)
	var wg sync.WaitGroup
	for range p.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for feed := range jobs {
				res, err := p.PollOnce(ctx, feed)
				if ctx.Err() != nil {
					return
				}
				next := p.cfg.Now().Add(p.nextDelay(feed, res, err, p.consecutiveErrors(feed)))
				p.setNextPoll(feed, next)
				select {
				case done <- due{at: next, feed: feed}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()

	queue := &dueQueue{}
	start := p.cfg.Now()
	for _, f := range p.cfg.Feeds {
		heap.Push(queue, due{at: start, feed: f})
		p.setNextPoll(f, start)
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var pending *due
	for {
		var send chan config.Feed
		var wake <-chan time.Time
		if pending == nil && queue.Len() > 0 {
			if wait := (*queue)[0].at.Sub(p.cfg.Now()); wait <= 0 {
				d := heap.Pop(queue).(due)
				pending = &d
			} else {
				timer.Reset(wait)
				wake = timer.C
			}
		}
		var feed config.Feed
		if pending != nil {
			send, feed = jobs, pending.feed
		}
		select {
		case <-ctx.Done():
			return nil
		case send <- feed:
			pending = nil
		case d := <-done:
			heap.Push(queue, d)
		case <-wake:
		}
	}
}

type due struct {
	at   time.Time
	feed config.Feed
}

// dueQueue is a min-heap of feeds by next poll time.
type dueQueue []due

func (q dueQueue) Len() int           { return len(q) }
func (q dueQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q dueQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)        { *q = append(*q, x.(due)) }
func (q *dueQueue) Pop() any {
	old := *q
	d := old[len(old)-1]
	*q = old[:len(old)-1]
	return d
}
