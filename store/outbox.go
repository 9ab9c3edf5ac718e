package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// OutboxRow is one editorial event waiting for, or past, its publication.
type OutboxRow struct {
	ID      int64
	StoryID string
	Version int
	Event   article.Event
	// Note is the editor's reason for a withdrawal or correction.
	Note      string
	CreatedAt time.Time
	// Attempts counts claims so far, this one included.
	Attempts int
	// FirstTry is when the row was first claimed: a message published
	// then may be on the stream although the row was never marked sent.
	FirstTry time.Time
}

// Sent is what the relay records once the bus acknowledged a row.
type Sent struct {
	// Sequence is the message's sequence in the published stream.
	Sequence uint64
	Subject  string
	// Agency and Topic are the subject's tokens, for the HTTP API's
	// filters.
	Agency, Topic string
}

// OutboxBacklog is how far the relays are behind.
type OutboxBacklog struct {
	Unsent int
	// Oldest is when the oldest unsent row was written (zero when none).
	Oldest time.Time
}

// Outbox is the relays' side of the outbox. Many relays may claim at once;
// a claimed row is leased to one until it is marked, or its lease lapses.
type Outbox interface {
	// ClaimOutbox leases up to limit due rows to owner, oldest first, and
	// never a row while an earlier row of the same story is unsent, so one
	// story's events go out in the order they were made.
	ClaimOutbox(ctx context.Context, owner string, lease time.Duration, limit int) ([]OutboxRow, error)
	// MarkSent records a row's PubAck and moves its story on (approved →
	// published, or withdrawn for a withdrawal) if it is still at that
	// version. Marking a row already sent changes nothing.
	MarkSent(ctx context.Context, id int64, s Sent) error
	// MarkFailed records a failed try; the row is due again at retry.
	MarkFailed(ctx context.Context, id int64, cause string, retry time.Time) error
	// OutboxBacklog counts the unsent rows.
	OutboxBacklog(ctx context.Context) (OutboxBacklog, error)
	// ListPublished pages the events that went downstream, by stream
	// sequence, each with the story as published.
	ListPublished(ctx context.Context, q PublishedQuery) ([]PublishedEvent, error)
}

// PublishedQuery filters ListPublished. Zero values mean "any".
type PublishedQuery struct {
	// Agency and Topic are subject tokens (publish.Token form).
	Agency, Topic string
	// After is a stream sequence: only later events are listed.
	After uint64
	// Since lists only events sent at or after it.
	Since time.Time
	// StoryID lists only this story's events.
	StoryID string
	// Newest lists the latest events first (After is then ignored).
	Newest bool
	// Limit caps the page: 0 means 50, never above 500.
	Limit int
}

// PublishedEvent is one message that went downstream.
type PublishedEvent struct {
	Sequence uint64
	Subject  string
	Agency   string
	Topic    string
	Event    article.Event
	Note     string
	SentAt   time.Time
	// Story is the story at the version that was published.
	Story *article.Article
}

const (
	qClaimOutbox = `
UPDATE outbox
SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, first_try_at = COALESCE(first_try_at, ?)
WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.sent_at IS NULL AND o.next_try_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.story_id = o.story_id AND p.sent_at IS NULL AND p.id < o.id)
    ORDER BY o.id
    LIMIT ?%s)
RETURNING id, story_id, version, event, note, created_at, attempts, first_try_at`

	// qAnyDue is read before a claim, so an idle relay polls with a read
	// rather than a write transaction.
	qAnyDue = `
SELECT count(*) FROM (SELECT 1 FROM outbox
WHERE sent_at IS NULL AND next_try_at <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT 1) due`

	qMarkSent = `
UPDATE outbox
SET sent_at = ?, stream_seq = ?, subject = ?, agency = ?, topic = ?, lease_until = NULL, last_error = ''
WHERE id = ? AND sent_at IS NULL
RETURNING story_id, version, event`

	qMarkFailed = `
UPDATE outbox SET last_error = ?, next_try_at = ?, lease_until = NULL
WHERE id = ? AND sent_at IS NULL`

	qBacklog = `SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL`

	qDeliveries = `
SELECT story_id, version, event, note, attempts, last_error, next_try_at, sent_at, stream_seq
FROM outbox
WHERE id IN (SELECT max(id) FROM outbox WHERE %s GROUP BY story_id)`

	qListPublished = `
SELECT o.stream_seq, o.subject, o.agency, o.topic, o.event, o.note, o.sent_at, v.article
FROM outbox o JOIN story_versions v ON v.story_id = o.story_id AND v.version = o.version
WHERE o.stream_seq IS NOT NULL AND o.stream_seq > ?%s
ORDER BY o.stream_seq%s
LIMIT ?`
)

func claimOutbox(ctx context.Context, r txRunner, o options, owner string, lease time.Duration, limit int) ([]OutboxRow, error) {
	if limit <= 0 {
		return nil, nil
	}
	now := micro(o.now())
	var due int
	rq := r.reader()
	if _, err := queryOneRow(ctx, rq, qAnyDue, []any{rq.time(now), rq.time(now)}, &due); err != nil {
		return nil, fmt.Errorf("claim outbox for %s: %w", owner, err)
	}
	if due == 0 {
		return nil, nil
	}
	var rows []OutboxRow
	err := r.writeTx(ctx, func(q querier) error {
		rows = rows[:0]
		stmt := fmt.Sprintf(qClaimOutbox, q.skipLocked())
		args := []any{owner, q.time(now.Add(lease)), q.time(now), q.time(now), q.time(now), limit}
		return q.query(ctx, stmt, args, func(scan func(...any) error) error {
			var (
				row            OutboxRow
				event          string
				created, first dbTime
			)
			if err := scan(&row.ID, &row.StoryID, &row.Version, &event, &row.Note, &created, &row.Attempts, &first); err != nil {
				return err
			}
			row.Event, row.CreatedAt, row.FirstTry = article.Event(event), created.Time, first.Time
			rows = append(rows, row)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox for %s: %w", owner, err)
	}
	// RETURNING has no order; a story's rows never meet in one claim, so
	// sorting by id only keeps stories in the order they were approved.
	slices.SortFunc(rows, func(a, b OutboxRow) int { return cmp.Compare(a.ID, b.ID) })
	return rows, nil
}

func markSent(ctx context.Context, r txRunner, o options, id int64, s Sent) error {
	err := r.writeTx(ctx, func(q querier) error {
		now := o.now()
		var (
			storyID string
			version int
			event   string
		)
		found, err := queryOneRow(ctx, q, qMarkSent,
			[]any{q.time(now), int64(s.Sequence), s.Subject, s.Agency, s.Topic, id},
			&storyID, &version, &event)
		if err != nil || !found {
			return err
		}
		to := article.StatusPublished
		if article.Event(event) == article.EventWithdraw {
			to = article.StatusWithdrawn
		}
		// Only the version that was approved moves on: a newer version
		// that arrived meanwhile stays queued for its own review.
		stmt := `UPDATE stories SET status = ?, updated_at = ?, ` + q.setDocStatus("article") +
			` WHERE id = ? AND version = ? AND status = 'approved'`
		n, err := q.exec(ctx, stmt, string(to), q.time(now), string(to), storyID, version)
		if err != nil || n == 0 {
			return err
		}
		stmt = `UPDATE story_versions SET ` + q.setDocStatus("article") + ` WHERE story_id = ? AND version = ?`
		if _, err = q.exec(ctx, stmt, string(to), storyID, version); err != nil {
			return err
		}
		return audit(ctx, q, now, Actor{Name: "relay"}, "sent", storyID, version, article.StatusApproved, to,
			fmt.Sprintf("%s on %s, sequence %d", event, s.Subject, s.Sequence))
	})
	if err != nil {
		return fmt.Errorf("mark outbox row %d sent: %w", id, err)
	}
	return nil
}

func markFailed(ctx context.Context, r txRunner, id int64, cause string, retry time.Time) error {
	err := r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qMarkFailed, cause, q.time(micro(retry)), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark outbox row %d failed: %w", id, err)
	}
	return nil
}

func outboxBacklog(ctx context.Context, r txRunner) (OutboxBacklog, error) {
	var (
		b      OutboxBacklog
		oldest dbTime
	)
	if _, err := queryOneRow(ctx, r.reader(), qBacklog, nil, &b.Unsent, &oldest); err != nil {
		return b, fmt.Errorf("outbox backlog: %w", err)
	}
	b.Oldest = oldest.Time
	return b, nil
}

// attachDeliveries sets each story's Delivery from its latest outbox row.
func attachDeliveries(ctx context.Context, r txRunner, list []*article.Article) error {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	byID, err := deliveries(ctx, r, ids)
	for _, a := range list {
		if d, ok := byID[a.ID]; ok {
			a.Delivery = &d
		}
	}
	return err
}

// deliveries returns the latest outbox row of each story, by story id.
func deliveries(ctx context.Context, r txRunner, ids []string) (map[string]article.Delivery, error) {
	out := make(map[string]article.Delivery, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q := r.reader()
	cond, arg := q.inList("story_id", ids)
	err := q.query(ctx, fmt.Sprintf(qDeliveries, cond), []any{arg}, func(scan func(...any) error) error {
		var (
			d          article.Delivery
			storyID    string
			event      string
			next, sent dbTime
			seq        *int64
		)
		if err := scan(&storyID, &d.Version, &event, &d.Note, &d.Attempts, &d.LastError, &next, &sent, &seq); err != nil {
			return err
		}
		d.Event = article.Event(event)
		d.State = article.DeliveryPublishing
		if sent.Valid {
			d.State, d.SentAt = article.DeliverySent, sent.ptr()
		} else {
			d.NextTry = next.ptr()
		}
		if seq != nil {
			d.Sequence = uint64(*seq)
		}
		out[storyID] = d
		return nil
	})
	return out, err
}

func listPublished(ctx context.Context, r txRunner, pq PublishedQuery) ([]PublishedEvent, error) {
	q := r.reader()
	after, order := int64(pq.After), ""
	if pq.Newest {
		after, order = 0, " DESC"
	}
	args := []any{after}
	var where string
	if pq.StoryID != "" {
		where += " AND o.story_id = ?"
		args = append(args, pq.StoryID)
	}
	if pq.Agency != "" {
		where += " AND o.agency = ?"
		args = append(args, pq.Agency)
	}
	if pq.Topic != "" {
		where += " AND o.topic = ?"
		args = append(args, pq.Topic)
	}
	if !pq.Since.IsZero() {
		where += " AND o.sent_at >= ?"
		args = append(args, q.time(micro(pq.Since)))
	}
	limit := pq.Limit
	if limit <= 0 {
		limit = defaultListLimit
	}
	args = append(args, min(limit, maxListLimit))
	var list []PublishedEvent
	err := q.query(ctx, fmt.Sprintf(qListPublished, where, order), args, func(scan func(...any) error) error {
		var (
			e     PublishedEvent
			seq   int64
			event string
			sent  dbTime
			doc   []byte
		)
		if err := scan(&seq, &e.Subject, &e.Agency, &e.Topic, &event, &e.Note, &sent, &doc); err != nil {
			return err
		}
		a, err := decodeArticle(doc)
		if err != nil {
			return err
		}
		e.Sequence, e.Event, e.SentAt, e.Story = uint64(seq), article.Event(event), sent.Time, a
		list = append(list, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list published: %w", err)
	}
	return list, nil
}

// ClaimOutbox implements Outbox.
func (t txStore) ClaimOutbox(ctx context.Context, owner string, lease time.Duration, limit int) ([]OutboxRow, error) {
	return claimOutbox(ctx, t.r, t.o, owner, lease, limit)
}

// MarkSent implements Outbox.
func (t txStore) MarkSent(ctx context.Context, id int64, sent Sent) error {
	return markSent(ctx, t.r, t.o, id, sent)
}

// MarkFailed implements Outbox.
func (t txStore) MarkFailed(ctx context.Context, id int64, cause string, retry time.Time) error {
	return markFailed(ctx, t.r, id, cause, retry)
}

// OutboxBacklog implements Outbox.
func (t txStore) OutboxBacklog(ctx context.Context) (OutboxBacklog, error) {
	return outboxBacklog(ctx, t.r)
}

// ListPublished implements Outbox.
func (t txStore) ListPublished(ctx context.Context, q PublishedQuery) ([]PublishedEvent, error) {
	return listPublished(ctx, t.r, q)
}
