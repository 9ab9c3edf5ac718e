package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// SQL of the SQLite FeedStore. Every write runs on the one writer
// connection in a BEGIN IMMEDIATE transaction, so a claim's select and
// update are atomic against every other poller using the file, in this
// process or another: SQLite's equivalent of FOR UPDATE SKIP LOCKED.
// Lists travel as one JSON array parameter.
const (
	// sqliteSyncFeed: see pgSyncFeed. MIN of two time texts is the
	// earlier time, since the format is fixed-width UTC.
	sqliteSyncFeed = `
INSERT INTO feeds (id, agency, url, interval_ms, fetch_page, allow_private, origin, created_at, next_poll)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
ON CONFLICT (id) DO UPDATE SET
    agency = excluded.agency, url = excluded.url, interval_ms = excluded.interval_ms,
    fetch_page = excluded.fetch_page, allow_private = excluded.allow_private, origin = excluded.origin,
    etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag ELSE '' END,
    last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified ELSE '' END,
    next_poll = CASE
        WHEN feeds.lease_owner IS NOT NULL THEN feeds.next_poll
        WHEN feeds.url <> excluded.url THEN excluded.next_poll
        ELSE MIN(feeds.next_poll, ?9) END`

	sqliteDropConfigFeeds = `DELETE FROM feeds WHERE origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))`

	sqliteAddFeed = `
INSERT INTO feeds (id, agency, url, interval_ms, fetch_page, allow_private, origin, created_at, next_poll)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
ON CONFLICT (id) DO NOTHING`

	sqliteRemoveFeed = `DELETE FROM feeds WHERE id = ?`

	sqliteFeedHealth = `
SELECT f.id, f.agency, f.url, f.interval_ms, f.fetch_page, f.allow_private, f.origin, f.title,
       f.last_poll, f.last_success, f.last_error, f.last_error_at, f.last_status,
       f.consecutive_errors, f.next_poll, f.lease_owner, f.items_new, f.items_updated,
       f.last_item_at, f.usual_gap_ms, f.gaps,
       (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.first_seen >= ?1)
FROM feeds f
ORDER BY f.id`

	sqliteDueFeeds = `SELECT id FROM feeds WHERE next_poll <= ? ORDER BY next_poll, id LIMIT ?`

	sqliteClaimFeed = `
UPDATE feeds SET lease_owner = ?2, next_poll = ?3, lease_token = lease_token + 1
WHERE id = ?1
RETURNING id, agency, url, interval_ms, fetch_page, allow_private, lease_token, consecutive_errors`

	sqliteExtendLease = `
UPDATE feeds SET next_poll = ?3
WHERE id = ?1 AND lease_token = ?2 AND lease_owner IS NOT NULL`

	sqliteReleaseLease = `
UPDATE feeds SET next_poll = ?3, lease_owner = NULL
WHERE id = ?1 AND lease_token = ?2 AND lease_owner IS NOT NULL`

	sqliteLockClaimed = `
SELECT consecutive_errors, last_item_at, usual_gap_ms, gaps FROM feeds
WHERE id = ?1 AND lease_token = ?2 AND lease_owner IS NOT NULL`

	sqliteCompletePoll = `
UPDATE feeds SET
    lease_owner = NULL, next_poll = ?3, last_poll = ?4, last_status = ?5,
    last_success = CASE WHEN ?6 = '' THEN ?4 ELSE last_success END,
    last_error = CASE WHEN ?6 = '' THEN last_error ELSE ?6 END,
    last_error_at = CASE WHEN ?6 = '' THEN last_error_at ELSE ?4 END,
    title = CASE WHEN ?7 = '' THEN title ELSE ?7 END,
    consecutive_errors = ?8, items_new = items_new + ?9, items_updated = items_updated + ?10,
    last_item_at = ?11, usual_gap_ms = ?12, gaps = ?13
WHERE id = ?1 AND lease_token = ?2`

	sqliteFeedValidators    = `SELECT etag, last_modified FROM feeds WHERE id = ?`
	sqliteSetFeedValidators = `UPDATE feeds SET etag = ?2, last_modified = ?3 WHERE id = ?1`

	sqliteSeenItems = `
UPDATE feed_items SET last_seen = ?3
WHERE feed_id = ?1 AND item_id IN (SELECT value FROM json_each(?2))
RETURNING item_id, content_hash`

	sqliteRecordItem = `
INSERT INTO feed_items (feed_id, item_id, content_hash, first_seen, last_seen)
VALUES (?1, ?2, ?3, ?4, ?4)
ON CONFLICT (feed_id, item_id) DO UPDATE SET content_hash = excluded.content_hash, last_seen = excluded.last_seen`

	sqliteForgetItems = `DELETE FROM feed_items WHERE feed_id = ? AND last_seen < ?`
)

// SyncFeeds implements FeedList.
func (s *sqliteStore) SyncFeeds(ctx context.Context, specs []FeedSpec) error {
	ids, err := checkSync(specs)
	if err != nil {
		return fmt.Errorf("sync feeds: %w", err)
	}
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("sync feeds: %w", err)
	}
	now := s.opts.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, sqliteSyncFeed)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, f := range specs {
			if _, err := stmt.ExecContext(ctx, syncArgs(f, now, sqliteTimes)...); err != nil {
				return fmt.Errorf("feed %s: %w", f.ID, err)
			}
		}
		_, err = tx.ExecContext(ctx, sqliteDropConfigFeeds, string(idsJSON))
		return err
	})
	if err != nil {
		return fmt.Errorf("sync feeds: %w", err)
	}
	return nil
}

// AddFeed implements FeedList.
func (s *sqliteStore) AddFeed(ctx context.Context, f FeedSpec) error {
	if err := checkSpec(f); err != nil {
		return fmt.Errorf("add feed: %w", err)
	}
	res, err := s.write.ExecContext(ctx, sqliteAddFeed, addArgs(f, OriginAdded, s.opts.now(), sqliteTimes)...)
	if err := affectedOne(res, err, ErrFeedExists); err != nil {
		return fmt.Errorf("add feed %s: %w", f.ID, err)
	}
	return nil
}

// RemoveFeed implements FeedList.
func (s *sqliteStore) RemoveFeed(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, sqliteRemoveFeed, id)
	if err := affectedOne(res, err, ErrNotFound); err != nil {
		return fmt.Errorf("remove feed %s: %w", id, err)
	}
	return nil
}

// affectedOne turns an Exec that changed no row into errNone.
func affectedOne(res sql.Result, err error, errNone error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errNone
	}
	return nil
}

// FeedHealth implements FeedList.
func (s *sqliteStore) FeedHealth(ctx context.Context) ([]FeedHealth, error) {
	now := s.opts.now()
	rows, err := s.read.QueryContext(ctx, sqliteFeedHealth, sqliteTimeText(now.Add(-items24h)))
	if err != nil {
		return nil, fmt.Errorf("feed health: %w", err)
	}
	defer rows.Close()
	var list []FeedHealth
	for rows.Next() {
		var r healthRow[sql.NullString]
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, fmt.Errorf("feed health: %w", err)
		}
		h, err := r.health(now, sqliteTimes)
		if err != nil {
			return nil, err
		}
		list = append(list, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feed health: %w", err)
	}
	return list, nil
}

// sqliteTimes: times are fixed-width UTC text (sqliteTimeText), scanned
// into sql.NullString for the nullable columns.
var sqliteTimes = timeCodec[sql.NullString]{
	arg:  func(t time.Time) any { return sqliteTimeText(t) },
	read: parseSQLiteTime,
}

func parseSQLiteTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(sqliteTime, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t, nil
}

// ClaimFeeds implements FeedLeases.
func (s *sqliteStore) ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]FeedClaim, error) {
	if limit <= 0 {
		return nil, nil
	}
	until := micro(now.Add(lease))
	var claims []FeedClaim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, sqliteDueFeeds, sqliteTimeText(now), limit)
		if err != nil {
			return err
		}
		var due []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			due = append(due, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range due {
			var r claimRow
			if err := tx.QueryRowContext(ctx, sqliteClaimFeed, id, owner, sqliteTimeText(until)).Scan(r.dest()...); err != nil {
				return fmt.Errorf("feed %s: %w", id, err)
			}
			claims = append(claims, r.claim(until))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim feeds for %s: %w", owner, err)
	}
	return claims, nil
}

// ExtendLease implements FeedLeases.
func (s *sqliteStore) ExtendLease(ctx context.Context, feed string, token int64, until time.Time) error {
	res, err := s.write.ExecContext(ctx, sqliteExtendLease, feed, token, sqliteTimeText(until))
	if err := affectedOne(res, err, ErrLeaseLost); err != nil {
		return fmt.Errorf("extend lease on feed %s: %w", feed, err)
	}
	return nil
}

// ReleaseLease implements FeedLeases.
func (s *sqliteStore) ReleaseLease(ctx context.Context, feed string, token int64) error {
	res, err := s.write.ExecContext(ctx, sqliteReleaseLease, feed, token, sqliteTimeText(s.opts.now()))
	if err := affectedOne(res, err, ErrLeaseLost); err != nil {
		return fmt.Errorf("release lease on feed %s: %w", feed, err)
	}
	return nil
}

// CompletePoll implements FeedLeases.
func (s *sqliteStore) CompletePoll(ctx context.Context, r FeedResult) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return runCompletePoll(ctx, sqlitePollSteps{tx}, sqliteTimes, r)
	})
	if err != nil {
		return fmt.Errorf("complete poll of feed %s: %w", r.Feed, err)
	}
	return nil
}

// sqlitePollSteps run CompletePoll's statements in one SQLite write
// transaction, which already keeps the row from other writers.
type sqlitePollSteps struct{ tx *sql.Tx }

func (p sqlitePollSteps) lockClaimed(ctx context.Context, feed string, token int64, dest []any) (bool, error) {
	err := p.tx.QueryRowContext(ctx, sqliteLockClaimed, feed, token).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (p sqlitePollSteps) savePoll(ctx context.Context, args []any) error {
	_, err := p.tx.ExecContext(ctx, sqliteCompletePoll, args...)
	return err
}

// FeedValidators implements FeedItems.
func (s *sqliteStore) FeedValidators(ctx context.Context, feed string) (FeedValidators, error) {
	var v FeedValidators
	err := s.read.QueryRowContext(ctx, sqliteFeedValidators, feed).Scan(&v.ETag, &v.LastModified)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("validators of feed %s: %w", feed, err)
	}
	return v, nil
}

// SetFeedValidators implements FeedItems.
func (s *sqliteStore) SetFeedValidators(ctx context.Context, feed string, v FeedValidators) error {
	if _, err := s.write.ExecContext(ctx, sqliteSetFeedValidators, feed, cleanText(v.ETag), cleanText(v.LastModified)); err != nil {
		return fmt.Errorf("set validators of feed %s: %w", feed, err)
	}
	return nil
}

// SeenItems implements FeedItems.
func (s *sqliteStore) SeenItems(ctx context.Context, feed string, ids []string, at time.Time) (map[string]string, error) {
	keys, back := itemKeys(ids)
	keysJSON, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("items of feed %s: %w", feed, err)
	}
	rows, err := s.write.QueryContext(ctx, sqliteSeenItems, feed, string(keysJSON), sqliteTimeText(at))
	if err != nil {
		return nil, fmt.Errorf("items of feed %s: %w", feed, err)
	}
	defer rows.Close()
	out := make(map[string]string, len(ids))
	for rows.Next() {
		var key, hash string
		if err := rows.Scan(&key, &hash); err != nil {
			return nil, fmt.Errorf("items of feed %s: %w", feed, err)
		}
		for _, id := range back[key] {
			out[id] = hash
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("items of feed %s: %w", feed, err)
	}
	return out, nil
}

// RecordItem implements FeedItems.
func (s *sqliteStore) RecordItem(ctx context.Context, feed, id, hash string, at time.Time) error {
	if _, err := s.write.ExecContext(ctx, sqliteRecordItem, feed, cleanText(id), hash, sqliteTimeText(at)); err != nil {
		return fmt.Errorf("record item %s of feed %s: %w", id, feed, err)
	}
	return nil
}

// ForgetItems implements FeedItems.
func (s *sqliteStore) ForgetItems(ctx context.Context, feed string, before time.Time) error {
	if _, err := s.write.ExecContext(ctx, sqliteForgetItems, feed, sqliteTimeText(before)); err != nil {
		return fmt.Errorf("forget items of feed %s: %w", feed, err)
	}
	return nil
}
