package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrLeaseLost is returned when a poller extends, releases or completes a
// lease that is no longer its own: the lease lapsed and another poller
// claimed the feed, or the feed was removed meanwhile.
var ErrLeaseLost = errors.New("store: feed lease lost")

// ErrFeedExists is returned by AddFeed for an id already in use.
var ErrFeedExists = errors.New("store: feed already exists")

// FeedOrigin says where a feed in the store came from.
type FeedOrigin string

// Feed origins.
const (
	// OriginConfig feeds come from the config file; SyncFeeds adds, changes
	// and removes them to match it.
	OriginConfig FeedOrigin = "config"
	// OriginAdded feeds were added with AddFeed (`wiredesk feeds add`);
	// SyncFeeds leaves them alone.
	OriginAdded FeedOrigin = "added"
)

// FeedSpec is what to poll and how: a feed as the operator described it.
type FeedSpec struct {
	ID     string
	Agency string
	URL    string
	// Interval between polls of a healthy feed.
	Interval time.Duration
	// FetchPage is auto, always or never.
	FetchPage string
	// AllowPrivate lets the feed reach loopback and private addresses.
	AllowPrivate bool
}

// FeedClaim is a due feed leased to one poller. Until the lease ends no
// other poller can claim the feed; the Token identifies this claim, so a
// poller whose lease lapsed and was taken over cannot overwrite the new
// holder's work.
type FeedClaim struct {
	FeedSpec
	Token int64
	// Until is when the lease lapses unless extended or completed.
	Until time.Time
	// ConsecutiveErrors counts the failed polls before this one, for the
	// poller's backoff.
	ConsecutiveErrors int
}

// FeedResult is the outcome of one poll, recorded by CompletePoll.
type FeedResult struct {
	Feed  string
	Token int64
	// At is when the poll finished.
	At time.Time
	// Status is the HTTP status of the feed response (0 if none came).
	Status int
	// Err is the poll's error; empty for a success (a 304 is a success).
	Err string
	// Title is the feed's own title, kept when empty.
	Title string
	// New and Updated count the items sent on.
	New, Updated int
	// NextPoll is when the feed is due again.
	NextPoll time.Time
}

// FeedValidators are what the next conditional GET of a feed sends.
type FeedValidators struct {
	ETag         string
	LastModified string
}

// FeedHealth is how a feed has been doing, across every poller that
// polled it. Zero times mean never.
type FeedHealth struct {
	FeedSpec
	Origin FeedOrigin
	// Title is the feed's own title, from its last full response.
	Title string
	// LastPoll is when a poll last finished, successful or not.
	LastPoll time.Time
	// LastSuccess is when a poll last succeeded.
	LastSuccess time.Time
	// LastError is the last poll error, kept after later successes so the
	// operator can see what happened; LastErrorAt says when.
	LastError   string
	LastErrorAt time.Time
	// LastStatus is the HTTP status of the last response (0 if none).
	LastStatus int
	// ConsecutiveErrors counts failed polls since the last success.
	ConsecutiveErrors int
	// NextPoll is when the feed is due; while it is leased, when the lease
	// lapses.
	NextPoll time.Time
	// LeasedBy names the poller holding the feed's lease, if any; a lease
	// whose NextPoll has passed has lapsed and the feed is due.
	LeasedBy string
	// ItemsNew and ItemsUpdated count the items sent on, ever.
	ItemsNew, ItemsUpdated int64
	// Items24h counts the items first seen in the 24 hours before the
	// health was read.
	Items24h int
	// LastItemAt is when a poll last brought a new item.
	LastItemAt time.Time
	// UsualGap is the feed's usual time between polls that bring new
	// items (a moving average over Gaps measurements); zero until measured.
	UsualGap time.Duration
	Gaps     int
	// Quiet is true when a feed that usually publishes has been silent for
	// much longer than its usual gap; see IsQuiet.
	Quiet bool
}

// FeedStore keeps the shared feed list, its schedule and leases, each
// feed's conditional-GET validators and item hashes, and feed health, so
// that many pollers on many hosts poll every feed, each by one poller at a
// time. Every backend Open returns implements it.
type FeedStore interface {
	FeedList
	FeedLeases
	FeedItems
}

// FeedList is the feed list and its health.
type FeedList interface {
	// SyncFeeds makes the config feeds in the store match specs: new ones
	// are added and due at once, changed ones updated (a new URL forgets
	// the old one's validators; a shorter interval brings the next poll
	// forward), and config feeds no longer listed removed with their
	// items. Feeds added with AddFeed are kept; a spec with the id of one
	// turns it into a config feed.
	SyncFeeds(ctx context.Context, specs []FeedSpec) error
	// AddFeed adds one feed, due at once, that SyncFeeds leaves alone. An
	// id in use gives ErrFeedExists.
	AddFeed(ctx context.Context, spec FeedSpec) error
	// RemoveFeed removes a feed with its items; ErrNotFound if none.
	RemoveFeed(ctx context.Context, id string) error
	// FeedHealth returns every feed's health, by id, as of the store's
	// clock.
	FeedHealth(ctx context.Context) ([]FeedHealth, error)
}

// FeedLeases hand due feeds to pollers.
type FeedLeases interface {
	// ClaimFeeds leases up to limit feeds due at now (next poll passed and
	// no live lease), oldest due first, to owner until now+lease. Claims
	// by concurrent pollers never overlap: PostgreSQL skips rows another
	// claim holds (FOR UPDATE SKIP LOCKED), SQLite serialises writers.
	// While leased, a feed's next poll is the lease's end, so a feed whose
	// poller died is due again when its lease lapses.
	ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]FeedClaim, error)
	// ExtendLease moves the end of a live claim to until; ErrLeaseLost if
	// the claim is no longer the feed's latest.
	ExtendLease(ctx context.Context, feed string, token int64, until time.Time) error
	// ReleaseLease ends a claim without a poll, making the feed due at
	// once for any poller; ErrLeaseLost as for ExtendLease.
	ReleaseLease(ctx context.Context, feed string, token int64) error
	// CompletePoll records a poll's outcome in the feed's health, sets its
	// next poll and ends the claim; ErrLeaseLost as for ExtendLease, in
	// which case nothing is recorded.
	CompletePoll(ctx context.Context, r FeedResult) error
}

// FeedItems remember what a feed served, so that a re-poll sends only new
// and changed items and a 304 costs nothing.
type FeedItems interface {
	// FeedValidators returns the validators recorded for a feed; zero for
	// an unknown feed.
	FeedValidators(ctx context.Context, feed string) (FeedValidators, error)
	// SetFeedValidators records the validators for the next poll.
	SetFeedValidators(ctx context.Context, feed string, v FeedValidators) error
	// SeenItems notes that the items ids are in the feed at time at, and
	// returns the content hash recorded for each that has one.
	SeenItems(ctx context.Context, feed string, ids []string, at time.Time) (map[string]string, error)
	// RecordItem stores the content hash of an item sent on at time at.
	// The first record of an item is the time it counts as new.
	RecordItem(ctx context.Context, feed, id, hash string, at time.Time) error
	// ForgetItems drops the feed's items not seen since before.
	ForgetItems(ctx context.Context, feed string, before time.Time) error
}

// Quiet thresholds: a feed is strangely quiet when it has brought new
// items at least quietMinSamples+1 times, and has now been silent for
// quietFactor times its usual gap, and at least quietMinSilence. The floor
// keeps a feed that publishes every few minutes from being called quiet
// after a coffee break.
const (
	quietFactor     = 4
	quietMinSamples = 3
	quietMinSilence = time.Hour
	// gapWeight is the weight of the newest gap in the moving average: a
	// feed that changes its rhythm is judged by the new one within a day
	// or so of polls.
	gapWeight = 0.25
)

// IsQuiet reports whether a feed that usually publishes has been silent
// for much longer than usual at now: at least three measured gaps between
// polls that brought new items, and silence of four times the usual gap
// and at least an hour.
func IsQuiet(h FeedHealth, now time.Time) bool {
	if h.LastItemAt.IsZero() || h.UsualGap <= 0 || h.Gaps < quietMinSamples {
		return false
	}
	return now.Sub(h.LastItemAt) > max(quietFactor*h.UsualGap, quietMinSilence)
}

// pollRecord is the part of a feed row CompletePoll reads and rewrites.
type pollRecord struct {
	consecutiveErrors int
	lastItemAt        time.Time
	usualGap          time.Duration
	gapSamples        int
}

// apply returns the record after a poll with result r: errors count up or
// reset, and a poll that brought new items updates the usual gap.
func (p pollRecord) apply(r FeedResult) pollRecord {
	if r.Err != "" {
		p.consecutiveErrors++
	} else {
		p.consecutiveErrors = 0
	}
	if r.New > 0 {
		if !p.lastItemAt.IsZero() && r.At.After(p.lastItemAt) {
			gap := r.At.Sub(p.lastItemAt)
			if p.gapSamples == 0 {
				p.usualGap = gap
			} else {
				p.usualGap = time.Duration((1-gapWeight)*float64(p.usualGap) + gapWeight*float64(gap))
			}
			p.gapSamples++
		}
		p.lastItemAt = r.At
	}
	return p
}

// timeCodec is how a backend keeps the times of feed rows: arg turns a
// time into a statement parameter, and read turns a nullable time column,
// scanned into a T, back into a time (the zero time for NULL). With it the
// row decoding below is written once for both backends.
type timeCodec[T any] struct {
	arg  func(time.Time) any
	read func(T) (time.Time, error)
}

// argOrNull is arg for a nullable column: the zero time is NULL.
func (c timeCodec[T]) argOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return c.arg(t)
}

// addArgs are the parameters of the add statements (pgAddFeed,
// sqliteAddFeed): the spec, its origin, and now, when the feed is created
// and first due.
func addArgs[T any](f FeedSpec, origin FeedOrigin, now time.Time, times timeCodec[T]) []any {
	return []any{f.ID, f.Agency, f.URL, f.Interval.Milliseconds(), f.FetchPage, f.AllowPrivate, string(origin), times.arg(now)}
}

// syncArgs are the parameters of the sync statements (pgSyncFeed,
// sqliteSyncFeed): addArgs for a config feed, then the time a shortened
// interval brings an unleased feed's next poll forward to.
func syncArgs[T any](f FeedSpec, now time.Time, times timeCodec[T]) []any {
	return append(addArgs(f, OriginConfig, now, times), times.arg(now.Add(f.Interval)))
}

// healthRow is one row of the feed health statements (pgFeedHealth,
// sqliteFeedHealth) as scanned, before its columns are decoded.
type healthRow[T any] struct {
	h                                                      FeedHealth
	intervalMS, gapMS                                      int64
	origin                                                 string
	leasedBy                                               sql.NullString
	lastPoll, lastSuccess, lastErrorAt, nextPoll, lastItem T
}

// dest returns the scan destinations in the statements' column order.
func (r *healthRow[T]) dest() []any {
	return []any{&r.h.ID, &r.h.Agency, &r.h.URL, &r.intervalMS, &r.h.FetchPage, &r.h.AllowPrivate, &r.origin, &r.h.Title,
		&r.lastPoll, &r.lastSuccess, &r.h.LastError, &r.lastErrorAt, &r.h.LastStatus,
		&r.h.ConsecutiveErrors, &r.nextPoll, &r.leasedBy, &r.h.ItemsNew, &r.h.ItemsUpdated,
		&r.lastItem, &r.gapMS, &r.h.Gaps, &r.h.Items24h}
}

// health decodes the row into the feed's health as of now.
func (r *healthRow[T]) health(now time.Time, times timeCodec[T]) (FeedHealth, error) {
	h := r.h
	h.Interval = time.Duration(r.intervalMS) * time.Millisecond
	h.UsualGap = time.Duration(r.gapMS) * time.Millisecond
	h.Origin = FeedOrigin(r.origin)
	h.LeasedBy = r.leasedBy.String
	for _, t := range []struct {
		dst *time.Time
		src T
	}{
		{&h.LastPoll, r.lastPoll}, {&h.LastSuccess, r.lastSuccess}, {&h.LastErrorAt, r.lastErrorAt},
		{&h.LastItemAt, r.lastItem}, {&h.NextPoll, r.nextPoll},
	} {
		var err error
		if *t.dst, err = times.read(t.src); err != nil {
			return FeedHealth{}, fmt.Errorf("feed health of %s: %w", h.ID, err)
		}
	}
	h.Quiet = IsQuiet(h, now)
	return h, nil
}

// claimRow is one feed as the claim statements (pgClaimFeeds,
// sqliteClaimFeed) return it.
type claimRow struct {
	c          FeedClaim
	intervalMS int64
}

// dest returns the scan destinations in the statements' column order.
func (r *claimRow) dest() []any {
	return []any{&r.c.ID, &r.c.Agency, &r.c.URL, &r.intervalMS, &r.c.FetchPage, &r.c.AllowPrivate,
		&r.c.Token, &r.c.ConsecutiveErrors}
}

// claim returns the claimed feed, leased until until.
func (r *claimRow) claim(until time.Time) FeedClaim {
	c := r.c
	c.Interval = time.Duration(r.intervalMS) * time.Millisecond
	c.Until = until
	return c
}

// pollSteps are the two statements one CompletePoll transaction runs. Each
// backend supplies them over its own transaction, so that the bookkeeping
// in runCompletePoll is written once and both backends keep it.
type pollSteps interface {
	// lockClaimed scans the claimed feed's poll record into dest and keeps
	// the row from other writers until the transaction ends; found is
	// false when token is no longer the feed's latest claim.
	lockClaimed(ctx context.Context, feed string, token int64, dest []any) (found bool, err error)
	// savePoll runs the complete-poll statement with args.
	savePoll(ctx context.Context, args []any) error
}

// runCompletePoll records the poll result r inside one transaction:
// ErrLeaseLost if the claim is gone, else the feed's record after r.
func runCompletePoll[T any](ctx context.Context, steps pollSteps, times timeCodec[T], r FeedResult) error {
	var (
		prev     pollRecord
		lastItem T
		gapMS    int64
	)
	found, err := steps.lockClaimed(ctx, r.Feed, r.Token, []any{&prev.consecutiveErrors, &lastItem, &gapMS, &prev.gapSamples})
	if err != nil {
		return err
	}
	if !found {
		return ErrLeaseLost
	}
	if prev.lastItemAt, err = times.read(lastItem); err != nil {
		return err
	}
	prev.usualGap = time.Duration(gapMS) * time.Millisecond
	next := prev.apply(r)
	return steps.savePoll(ctx, []any{r.Feed, r.Token, times.arg(r.NextPoll), times.arg(r.At), r.Status,
		cleanText(r.Err), cleanText(r.Title), next.consecutiveErrors, r.New, r.Updated,
		times.argOrNull(next.lastItemAt), next.usualGap.Milliseconds(), next.gapSamples})
}

// checkSpec rejects a feed spec the store cannot keep.
func checkSpec(s FeedSpec) error {
	switch {
	case s.ID == "" || !cleanKey(s.ID):
		return fmt.Errorf("feed %q: id must be non-empty clean UTF-8", s.ID)
	case s.URL == "" || !cleanKey(s.URL):
		return fmt.Errorf("feed %s: url must be non-empty clean UTF-8", s.ID)
	case s.Interval < time.Millisecond:
		// Intervals are kept in milliseconds.
		return fmt.Errorf("feed %s: interval %s is below 1ms", s.ID, s.Interval)
	}
	switch s.FetchPage {
	case "auto", "always", "never":
	default:
		return fmt.Errorf("feed %s: fetch_page %q is not one of auto, always, never", s.ID, s.FetchPage)
	}
	return nil
}

// checkSync checks the specs SyncFeeds is given and returns their ids.
func checkSync(specs []FeedSpec) ([]string, error) {
	ids := make([]string, 0, len(specs))
	seen := make(map[string]bool, len(specs))
	for _, f := range specs {
		if err := checkSpec(f); err != nil {
			return nil, err
		}
		if seen[f.ID] {
			return nil, fmt.Errorf("feed id %q appears twice", f.ID)
		}
		seen[f.ID] = true
		ids = append(ids, f.ID)
	}
	return ids, nil
}

// cleanKey reports whether s can be stored and matched as given by both
// backends.
func cleanKey(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// cleanText is how text from feeds and errors is stored: invalid UTF-8
// and NULs, which PostgreSQL refuses, are replaced alike on both backends
// rather than failing the write. Item ids pass through it too, so an item
// with a dirty id is still recognised on the next poll.
func cleanText(s string) string {
	if cleanKey(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// itemKeys maps each storable key back to the ids it stands for.
func itemKeys(ids []string) (keys []string, back map[string][]string) {
	keys = make([]string, 0, len(ids))
	back = make(map[string][]string, len(ids))
	for _, id := range ids {
		k := cleanText(id)
		if _, dup := back[k]; !dup {
			keys = append(keys, k)
		}
		back[k] = append(back[k], id)
	}
	return keys, back
}

// items24h is the window Items24h counts.
const items24h = 24 * time.Hour

// micro truncates a time to what PostgreSQL's timestamptz keeps, in UTC,
// so both backends hand back equal times.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Every backend Open returns keeps feeds too.
var (
	_ FeedStore = (*postgresStore)(nil)
	_ FeedStore = (*sqliteStore)(nil)
)
