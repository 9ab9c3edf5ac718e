package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// SQL of the PostgreSQL FeedStore. Times are computed by the caller and
// passed in, so both backends keep the same clock.
const (
	// pgSyncFeed adds or updates one config feed. A new URL forgets the old
	// one's validators and is due at once; a shorter interval brings an
	// unleased feed's next poll forward to $9.
	pgSyncFeed = `
INSERT INTO feeds (id, agency, url, interval_ms, fetch_page, allow_private, origin, created_at, next_poll)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
ON CONFLICT (id) DO UPDATE SET
    agency = excluded.agency, url = excluded.url, interval_ms = excluded.interval_ms,
    fetch_page = excluded.fetch_page, allow_private = excluded.allow_private, origin = excluded.origin,
    etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag ELSE '' END,
    last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified ELSE '' END,
    next_poll = CASE
        WHEN feeds.lease_owner IS NOT NULL THEN feeds.next_poll
        WHEN feeds.url <> excluded.url THEN excluded.next_poll
        ELSE LEAST(feeds.next_poll, $9::timestamptz) END`

	pgDropConfigFeeds = `DELETE FROM feeds WHERE origin = 'config' AND NOT (id = ANY($1::text[]))`

	pgAddFeed = `
INSERT INTO feeds (id, agency, url, interval_ms, fetch_page, allow_private, origin, created_at, next_poll)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
ON CONFLICT (id) DO NOTHING`

	pgRemoveFeed = `DELETE FROM feeds WHERE id = $1`

	pgFeedHealth = `
SELECT f.id, f.agency, f.url, f.interval_ms, f.fetch_page, f.allow_private, f.origin, f.title,
       f.last_poll, f.last_success, f.last_error, f.last_error_at, f.last_status,
       f.consecutive_errors, f.next_poll, f.lease_owner, f.items_new, f.items_updated,
       f.last_item_at, f.usual_gap_ms, f.gaps,
       (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.first_seen >= $1)
FROM feeds f
ORDER BY f.id`

	// pgClaimFeeds is the job-queue claim: rows another transaction is
	// claiming are skipped rather than waited for, and a row updated by a
	// claim that committed meanwhile is re-checked against next_poll.
	pgClaimFeeds = `
WITH due AS (
    SELECT id, next_poll FROM feeds
    WHERE next_poll <= $2
    ORDER BY next_poll, id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
)
UPDATE feeds f
SET lease_owner = $1, next_poll = $3, lease_token = f.lease_token + 1
FROM due
WHERE f.id = due.id
RETURNING f.id, f.agency, f.url, f.interval_ms, f.fetch_page, f.allow_private,
          f.lease_token, f.consecutive_errors, due.next_poll`

	pgExtendLease = `
UPDATE feeds SET next_poll = $3
WHERE id = $1 AND lease_token = $2 AND lease_owner IS NOT NULL`

	pgReleaseLease = `
UPDATE feeds SET next_poll = $3, lease_owner = NULL
WHERE id = $1 AND lease_token = $2 AND lease_owner IS NOT NULL`

	pgLockClaimed = `
SELECT consecutive_errors, last_item_at, usual_gap_ms, gaps FROM feeds
WHERE id = $1 AND lease_token = $2 AND lease_owner IS NOT NULL
FOR UPDATE`

	pgCompletePoll = `
UPDATE feeds SET
    lease_owner = NULL, next_poll = $3, last_poll = $4, last_status = $5,
    last_success = CASE WHEN $6::text = '' THEN $4 ELSE last_success END,
    last_error = CASE WHEN $6::text = '' THEN last_error ELSE $6::text END,
    last_error_at = CASE WHEN $6::text = '' THEN last_error_at ELSE $4 END,
    title = CASE WHEN $7::text = '' THEN title ELSE $7::text END,
    consecutive_errors = $8, items_new = items_new + $9, items_updated = items_updated + $10,
    last_item_at = $11, usual_gap_ms = $12, gaps = $13
WHERE id = $1 AND lease_token = $2`

	pgFeedValidators    = `SELECT etag, last_modified FROM feeds WHERE id = $1`
	pgSetFeedValidators = `UPDATE feeds SET etag = $2, last_modified = $3 WHERE id = $1`

	pgSeenItems = `
UPDATE feed_items SET last_seen = $3
WHERE feed_id = $1 AND item_id = ANY($2::text[])
RETURNING item_id, content_hash`

	pgRecordItem = `
INSERT INTO feed_items (feed_id, item_id, content_hash, first_seen, last_seen)
VALUES ($1, $2, $3, $4, $4)
ON CONFLICT (feed_id, item_id) DO UPDATE SET content_hash = excluded.content_hash, last_seen = excluded.last_seen`

	pgForgetItems = `DELETE FROM feed_items WHERE feed_id = $1 AND last_seen < $2`
)

// SyncFeeds implements FeedList.
func (s *postgresStore) SyncFeeds(ctx context.Context, specs []FeedSpec) error {
	ids, err := checkSync(specs)
	if err != nil {
		return fmt.Errorf("sync feeds: %w", err)
	}
	now := micro(s.opts.now())
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		for _, f := range specs {
			batch.Queue(pgSyncFeed, syncArgs(f, now, pgTimes)...)
		}
		batch.Queue(pgDropConfigFeeds, ids)
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return fmt.Errorf("sync feeds: %w", err)
	}
	return nil
}

// AddFeed implements FeedList.
func (s *postgresStore) AddFeed(ctx context.Context, f FeedSpec) error {
	if err := checkSpec(f); err != nil {
		return fmt.Errorf("add feed: %w", err)
	}
	tag, err := s.pool.Exec(ctx, pgAddFeed, addArgs(f, OriginAdded, s.opts.now(), pgTimes)...)
	if err != nil {
		return fmt.Errorf("add feed %s: %w", f.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("add feed %s: %w", f.ID, ErrFeedExists)
	}
	return nil
}

// RemoveFeed implements FeedList.
func (s *postgresStore) RemoveFeed(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, pgRemoveFeed, id)
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("remove feed %s: %w", id, ErrNotFound)
	}
	return nil
}

// FeedHealth implements FeedList.
func (s *postgresStore) FeedHealth(ctx context.Context) ([]FeedHealth, error) {
	now := s.opts.now()
	rows, err := s.pool.Query(ctx, pgFeedHealth, micro(now.Add(-items24h)))
	if err != nil {
		return nil, fmt.Errorf("feed health: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (FeedHealth, error) {
		var r healthRow[*time.Time]
		if err := row.Scan(r.dest()...); err != nil {
			return FeedHealth{}, err
		}
		return r.health(now, pgTimes)
	})
	if err != nil {
		return nil, fmt.Errorf("feed health: %w", err)
	}
	return list, nil
}

// ClaimFeeds implements FeedLeases.
func (s *postgresStore) ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]FeedClaim, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = micro(now)
	until := micro(now.Add(lease))
	rows, err := s.pool.Query(ctx, pgClaimFeeds, owner, now, until, limit)
	if err != nil {
		return nil, fmt.Errorf("claim feeds for %s: %w", owner, err)
	}
	type claimed struct {
		FeedClaim
		due time.Time
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (claimed, error) {
		var (
			r   claimRow
			due time.Time
		)
		err := row.Scan(append(r.dest(), &due)...)
		return claimed{r.claim(until), due}, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim feeds for %s: %w", owner, err)
	}
	// RETURNING has no order; the longest overdue go first.
	slices.SortFunc(list, func(a, b claimed) int {
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	out := make([]FeedClaim, len(list))
	for i, c := range list {
		out[i] = c.FeedClaim
	}
	return out, nil
}

// ExtendLease implements FeedLeases.
func (s *postgresStore) ExtendLease(ctx context.Context, feed string, token int64, until time.Time) error {
	tag, err := s.pool.Exec(ctx, pgExtendLease, feed, token, micro(until))
	if err != nil {
		return fmt.Errorf("extend lease on feed %s: %w", feed, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("extend lease on feed %s: %w", feed, ErrLeaseLost)
	}
	return nil
}

// ReleaseLease implements FeedLeases.
func (s *postgresStore) ReleaseLease(ctx context.Context, feed string, token int64) error {
	tag, err := s.pool.Exec(ctx, pgReleaseLease, feed, token, micro(s.opts.now()))
	if err != nil {
		return fmt.Errorf("release lease on feed %s: %w", feed, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("release lease on feed %s: %w", feed, ErrLeaseLost)
	}
	return nil
}

// CompletePoll implements FeedLeases.
func (s *postgresStore) CompletePoll(ctx context.Context, r FeedResult) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return runCompletePoll(ctx, pgPollSteps{tx}, pgTimes, r)
	})
	if err != nil {
		return fmt.Errorf("complete poll of feed %s: %w", r.Feed, err)
	}
	return nil
}

// pgPollSteps run CompletePoll's statements in one PostgreSQL transaction;
// the claimed row is locked FOR UPDATE.
type pgPollSteps struct{ tx pgx.Tx }

func (p pgPollSteps) lockClaimed(ctx context.Context, feed string, token int64, dest []any) (bool, error) {
	err := p.tx.QueryRow(ctx, pgLockClaimed, feed, token).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (p pgPollSteps) savePoll(ctx context.Context, args []any) error {
	_, err := p.tx.Exec(ctx, pgCompletePoll, args...)
	return err
}

// FeedValidators implements FeedItems.
func (s *postgresStore) FeedValidators(ctx context.Context, feed string) (FeedValidators, error) {
	var v FeedValidators
	err := s.pool.QueryRow(ctx, pgFeedValidators, feed).Scan(&v.ETag, &v.LastModified)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return v, fmt.Errorf("validators of feed %s: %w", feed, err)
	}
	return v, nil
}

// SetFeedValidators implements FeedItems.
func (s *postgresStore) SetFeedValidators(ctx context.Context, feed string, v FeedValidators) error {
	if _, err := s.pool.Exec(ctx, pgSetFeedValidators, feed, cleanText(v.ETag), cleanText(v.LastModified)); err != nil {
		return fmt.Errorf("set validators of feed %s: %w", feed, err)
	}
	return nil
}

// SeenItems implements FeedItems.
func (s *postgresStore) SeenItems(ctx context.Context, feed string, ids []string, at time.Time) (map[string]string, error) {
	keys, back := itemKeys(ids)
	rows, err := s.pool.Query(ctx, pgSeenItems, feed, keys, micro(at))
	if err != nil {
		return nil, fmt.Errorf("items of feed %s: %w", feed, err)
	}
	out := make(map[string]string, len(ids))
	var key, hash string
	_, err = pgx.ForEachRow(rows, []any{&key, &hash}, func() error {
		for _, id := range back[key] {
			out[id] = hash
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("items of feed %s: %w", feed, err)
	}
	return out, nil
}

// RecordItem implements FeedItems.
func (s *postgresStore) RecordItem(ctx context.Context, feed, id, hash string, at time.Time) error {
	if _, err := s.pool.Exec(ctx, pgRecordItem, feed, cleanText(id), hash, micro(at)); err != nil {
		return fmt.Errorf("record item %s of feed %s: %w", id, feed, err)
	}
	return nil
}

// ForgetItems implements FeedItems.
func (s *postgresStore) ForgetItems(ctx context.Context, feed string, before time.Time) error {
	if _, err := s.pool.Exec(ctx, pgForgetItems, feed, micro(before)); err != nil {
		return fmt.Errorf("forget items of feed %s: %w", feed, err)
	}
	return nil
}

// pgTimes: timestamptz columns scan into *time.Time, nil for NULL, and
// parameters are truncated to the microseconds PostgreSQL keeps.
var pgTimes = timeCodec[*time.Time]{
	arg: func(t time.Time) any { return micro(t) },
	read: func(t *time.Time) (time.Time, error) {
		if t == nil {
			return time.Time{}, nil
		}
		return t.UTC(), nil
	},
}
