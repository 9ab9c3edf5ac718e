package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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

// Run polls feeds until ctx is cancelled, Workers at a time: it claims
// due feeds from the Schedule (every ClaimInterval, and, while the last
// claim filled every free worker, as soon as a quarter of the workers are
// free again, so that a busy poller claims in batches), polls each
// under its lease, renewing the lease every Lease/3, and completes it with
// the next poll time. A due feed waits in the schedule for a free worker
// (backpressure rather than an unbounded queue), a feed is never polled
// twice at once, and one slow or broken feed holds at most one worker for
// at most the request timeout per request. On cancellation, leases of
// polls cut short are released so another poller can take the feeds at
// once. Run returns nil when ctx is cancelled.
func (p *Poller) Run(ctx context.Context) error {
	var (
		wg       sync.WaitGroup
		done     = make(chan struct{}, p.cfg.Workers)
		inflight int
		// more is true after a claim that took as many feeds as it asked
		// for: more may be due. ticked is true at start and on every tick.
		more, ticked = false, true
		failing      bool
		// batch is how many free workers make a claim worth its round
		// trip while feeds are known to be waiting.
		batch = max(1, p.cfg.Workers/4)
	)
	defer wg.Wait()
	tick := time.NewTicker(p.cfg.ClaimInterval)
	defer tick.Stop()
	for {
		if free := p.cfg.Workers - inflight; free > 0 && (ticked || more && free >= batch) {
			ticked = false
			leases, err := p.cfg.Schedule.Claim(ctx, p.cfg.Now(), p.cfg.Lease, free)
			switch {
			case ctx.Err() != nil:
				return nil
			case err != nil:
				// Logged once per outage, not once per tick.
				if !failing {
					p.cfg.Logger.Error("claim due feeds", "error", err.Error())
				}
				failing, leases = true, nil
			case failing:
				p.cfg.Logger.Info("claiming due feeds again")
				failing = false
			}
			for _, l := range leases {
				inflight++
				wg.Go(func() {
					defer func() { done <- struct{}{} }()
					p.pollLeased(ctx, l)
				})
			}
			more = len(leases) == free
		}
		select {
		case <-ctx.Done():
			return nil
		case <-done:
			inflight--
		case <-tick.C:
			ticked = true
		}
	}
}

// errPollDone stops a lease's renewal when its poll is over.
var errPollDone = errors.New("poll done")

// pollLeased polls a claimed feed, keeping its lease alive meanwhile, and
// completes the lease with the next poll time; a poll cut short by
// shutdown releases it instead.
func (p *Poller) pollLeased(ctx context.Context, l Lease) {
	log := p.cfg.Logger.With("feed", l.Feed.ID, "url", l.Feed.URL)
	pctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	renewing := make(chan struct{})
	go func() {
		defer close(renewing)
		p.keepLease(pctx, cancel, l, log)
	}()
	res, err := p.PollOnce(pctx, l.Feed)
	cancel(errPollDone)
	<-renewing

	switch {
	case ctx.Err() != nil:
		p.release(ctx, l, log)
		return
	case errors.Is(context.Cause(pctx), ErrLeaseLost):
		log.Warn("lease lost during poll; the feed's new holder polls it")
		return
	}
	consecutive := 0
	if err != nil {
		consecutive = l.ConsecutiveErrors + 1
	}
	now := p.cfg.Now()
	next := now.Add(p.nextDelay(l.Feed, res, err, consecutive))
	p.setNextPoll(l.Feed, next)
	if err := p.cfg.Schedule.Complete(ctx, l, Outcome{At: now, Result: res, Err: err, NextPoll: next}); err != nil && ctx.Err() == nil {
		log.Warn("record poll", "error", err.Error())
	}
}

// keepLease extends l every Lease/3 until ctx ends, and cancels the poll
// with ErrLeaseLost when the schedule says the lease is gone.
func (p *Poller) keepLease(ctx context.Context, cancel context.CancelCauseFunc, l Lease, log *slog.Logger) {
	t := time.NewTicker(max(p.cfg.Lease/3, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := p.cfg.Schedule.Extend(ctx, l, p.cfg.Now().Add(p.cfg.Lease))
		switch {
		case errors.Is(err, ErrLeaseLost):
			cancel(fmt.Errorf("feed %s: %w", l.Feed.ID, ErrLeaseLost))
			return
		case err != nil && ctx.Err() == nil:
			// The lease still runs; the next tick tries again.
			log.Warn("extend lease", "error", err.Error())
		}
	}
}

// release hands a lease back on shutdown, with a little time of its own
// since ctx is already cancelled. A poller that cannot release (its store
// is gone) leaves the lease to lapse.
func (p *Poller) release(ctx context.Context, l Lease, log *slog.Logger) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := p.cfg.Schedule.Release(rctx, l); err != nil {
		log.Warn("release lease; it lapses instead", "error", err.Error())
	}
}
