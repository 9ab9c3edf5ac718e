// Package storebacked keeps a poller's schedule and memory in the store,
// so that pollers on many hosts share one feed list: each due feed is
// leased to one poller at a time, a dead poller's feeds are taken over
// when its leases lapse, and validators, item hashes and health survive
// restarts and move with the feed from host to host.
//
// It is the one seam between ingest, which knows nothing of SQL, and the
// store, which knows nothing of polling: Feeds implements ingest.State and
// ingest.Schedule over a store.FeedStore.
package storebacked

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
	"github.com/wiredesk/wiredesk/store"
)

// Feeds is the store-backed ingest.State and ingest.Schedule of one
// poller. It is safe for concurrent use.
type Feeds struct {
	store store.FeedStore
	owner string
}

var (
	_ ingest.State    = (*Feeds)(nil)
	_ ingest.Schedule = (*Feeds)(nil)
)

// New returns the schedule and state of the poller named owner over fs.
// The owner names the poller in leases and in `wiredesk feeds list`; it
// must differ between pollers sharing a store (DefaultOwner does).
func New(fs store.FeedStore, owner string) *Feeds {
	return &Feeds{store: fs, owner: owner}
}

// DefaultOwner names this process: host name and process id.
func DefaultOwner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}

// Sync makes the store's config feeds match the config's.
func Sync(ctx context.Context, fs store.FeedStore, feeds []config.Feed) error {
	specs := make([]store.FeedSpec, len(feeds))
	for i, f := range feeds {
		specs[i] = Spec(f)
	}
	return fs.SyncFeeds(ctx, specs)
}

// Spec is the store's form of a configured feed.
func Spec(f config.Feed) store.FeedSpec {
	interval := f.Interval
	if interval <= 0 {
		interval = config.DefaultFeedInterval
	}
	page := f.FetchPage
	if page == "" {
		page = config.FetchPageAuto
	}
	return store.FeedSpec{
		ID: f.ID, Agency: f.Agency, URL: f.URL, Interval: interval,
		FetchPage: string(page), AllowPrivate: f.AllowPrivate,
	}
}

// Feed is the config form of a stored feed.
func Feed(s store.FeedSpec) config.Feed {
	return config.Feed{
		ID: s.ID, Agency: s.Agency, URL: s.URL, Interval: s.Interval,
		FetchPage: config.FetchPage(s.FetchPage), AllowPrivate: s.AllowPrivate,
	}
}

// Claim implements ingest.Schedule.
func (f *Feeds) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]ingest.Lease, error) {
	claims, err := f.store.ClaimFeeds(ctx, f.owner, now, lease, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ingest.Lease, len(claims))
	for i, c := range claims {
		out[i] = ingest.Lease{Feed: Feed(c.FeedSpec), Token: c.Token, Until: c.Until, ConsecutiveErrors: c.ConsecutiveErrors}
	}
	return out, nil
}

// Extend implements ingest.Schedule.
func (f *Feeds) Extend(ctx context.Context, l ingest.Lease, until time.Time) error {
	return leaseErr(f.store.ExtendLease(ctx, l.Feed.ID, l.Token, until))
}

// Complete implements ingest.Schedule.
func (f *Feeds) Complete(ctx context.Context, l ingest.Lease, o ingest.Outcome) error {
	r := store.FeedResult{
		Feed: l.Feed.ID, Token: l.Token, At: o.At, Status: o.Result.Status,
		Title: o.Result.Title, New: o.Result.New, Updated: o.Result.Updated, NextPoll: o.NextPoll,
	}
	if o.Err != nil {
		r.Err = o.Err.Error()
	}
	return leaseErr(f.store.CompletePoll(ctx, r))
}

// Release implements ingest.Schedule.
func (f *Feeds) Release(ctx context.Context, l ingest.Lease) error {
	return leaseErr(f.store.ReleaseLease(ctx, l.Feed.ID, l.Token))
}

// leaseErr makes the store's lost lease ingest's too.
func leaseErr(err error) error {
	if errors.Is(err, store.ErrLeaseLost) {
		return fmt.Errorf("%w: %w", ingest.ErrLeaseLost, err)
	}
	return err
}

// Validators implements ingest.State.
func (f *Feeds) Validators(ctx context.Context, feed string) (ingest.Validators, error) {
	v, err := f.store.FeedValidators(ctx, feed)
	return ingest.Validators{ETag: v.ETag, LastModified: v.LastModified}, err
}

// SetValidators implements ingest.State.
func (f *Feeds) SetValidators(ctx context.Context, feed string, v ingest.Validators) error {
	return f.store.SetFeedValidators(ctx, feed, store.FeedValidators{ETag: v.ETag, LastModified: v.LastModified})
}

// Seen implements ingest.State.
func (f *Feeds) Seen(ctx context.Context, feed string, ids []string, at time.Time) (map[string]string, error) {
	return f.store.SeenItems(ctx, feed, ids, at)
}

// Record implements ingest.State.
func (f *Feeds) Record(ctx context.Context, feed, id, hash string, at time.Time) error {
	return f.store.RecordItem(ctx, feed, id, hash, at)
}

// Forget implements ingest.State.
func (f *Feeds) Forget(ctx context.Context, feed string, before time.Time) error {
	return f.store.ForgetItems(ctx, feed, before)
}
