package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// SearchQuery filters and pages the desk's queue. Zero values mean any.
type SearchQuery struct {
	Status article.Status
	// Agency matches without regard to case.
	Agency    string
	Feed      string
	Topic     string
	ClusterID string
	HasQuotes bool
	HasEmbeds bool
	// Since and Until bound the ingest time.
	Since, Until time.Time
	// Text is a full-text search over headline and body (all words must
	// match; PostgreSQL also takes "phrases", OR and -word).
	Text string
	// Cursor is a page's Next: the page after it.
	Cursor string
	// Limit caps the page: 0 means 50, never above 200.
	Limit int
}

// TotalCap is where Search stops counting the matching stories.
const TotalCap = 10000

// ErrBadCursor is returned for a cursor Search did not make.
var ErrBadCursor = errors.New("store: malformed page cursor")

// StorySummary is a story as the queue lists it: what an editor scans,
// read from the list's own columns, never the whole document.
type StorySummary struct {
	ID           string           `json:"id"`
	Agency       string           `json:"agency"`
	Feed         string           `json:"feed"`
	Version      int              `json:"version"`
	Status       article.Status   `json:"status"`
	Headline     string           `json:"headline"`
	Summary      string           `json:"summary"`
	Dateline     string           `json:"dateline"`
	Topic        string           `json:"topic,omitempty"`
	ClusterID    string           `json:"cluster_id"`
	IngestedAt   time.Time        `json:"ingested_at"`
	PublishedAt  *time.Time       `json:"published_at,omitempty"`
	Quotes       int              `json:"quotes"`
	Embeds       int              `json:"embeds"`
	Attributions int              `json:"attributions"`
	Changes      []article.Change `json:"changes,omitempty"`
	// Copies counts the other stories in its cluster (the same event
	// from other agencies or feeds).
	Copies   int               `json:"copies"`
	Delivery *article.Delivery `json:"delivery,omitempty"`
}

// SearchPage is one page of the queue.
type SearchPage struct {
	Stories []StorySummary `json:"stories"`
	// Total counts every story that matches, on all pages, up to
	// TotalCap; past it Total is TotalCap and More is true.
	Total int  `json:"total"`
	More  bool `json:"total_is_more,omitempty"`
	// Next is the cursor of the following page; empty on the last.
	Next string `json:"next,omitempty"`
}

// Searcher is the desk's queue.
type Searcher interface {
	// Search lists the latest versions of the matching stories, newest
	// ingested first, a page at a time (keyset paging: any depth costs
	// the same).
	Search(ctx context.Context, q SearchQuery) (SearchPage, error)
}

const (
	qSearch = `
SELECT id, agency, feed, version, status, headline, summary, dateline, topic, cluster_id,
       ingested_at, published_at, quote_count, embed_count, attribution_count, changes
FROM stories%s
ORDER BY ingested_at DESC, id
LIMIT ?`
	// The count stops at TotalCap+1 rows: counting all of a 100,000-story
	// queue on every page costs more than the page itself, and nobody
	// pages through ten thousand stories.
	qSearchCount = `SELECT count(*) FROM (SELECT 1 FROM stories%s LIMIT ?) matching`
	qClusterSize = `SELECT cluster_id, count(*) FROM stories WHERE %s GROUP BY cluster_id`
)

// cursor is the last row of a page: where the next one starts.
type cursor struct {
	At time.Time `json:"t"`
	ID string    `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID == "" {
		return c, ErrBadCursor
	}
	return c, nil
}

// searchWhere renders the query's filters; withCursor adds the keyset
// condition.
func searchWhere(q querier, sq SearchQuery, c *cursor) (string, []any) {
	var (
		conds []string
		args  []any
	)
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if sq.Status != "" {
		add("status = ?", string(sq.Status))
	}
	if sq.Agency != "" {
		add("lower(agency) = lower(?)", sq.Agency)
	}
	if sq.Feed != "" {
		add("feed = ?", sq.Feed)
	}
	if sq.Topic != "" {
		add("topic = ?", sq.Topic)
	}
	if sq.ClusterID != "" {
		add("cluster_id = ?", sq.ClusterID)
	}
	if sq.HasQuotes {
		add("quote_count > 0")
	}
	if sq.HasEmbeds {
		add("embed_count > 0")
	}
	if !sq.Since.IsZero() {
		add("ingested_at >= ?", q.time(micro(sq.Since)))
	}
	if !sq.Until.IsZero() {
		add("ingested_at < ?", q.time(micro(sq.Until)))
	}
	if strings.TrimSpace(sq.Text) != "" {
		cond, arg := q.fullText(sq.Text)
		add(cond, arg)
	}
	if c != nil {
		// The first condition alone is a range the index scan starts
		// from; the second only sorts out the rows at the cursor's time.
		at := q.time(c.At)
		add("ingested_at <= ? AND (ingested_at < ? OR id > ?)", at, at, c.ID)
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func search(ctx context.Context, r txRunner, sq SearchQuery) (SearchPage, error) {
	var page SearchPage
	var cur *cursor
	if sq.Cursor != "" {
		c, err := decodeCursor(sq.Cursor)
		if err != nil {
			return page, err
		}
		cur = &c
	}
	limit := sq.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	q := r.reader()
	where, args := searchWhere(q, sq, cur)
	// One row more than the page tells whether there is a next one.
	err := q.query(ctx, fmt.Sprintf(qSearch, where), append(args, limit+1), func(scan func(...any) error) error {
		var (
			s                   StorySummary
			status              string
			ingested, published dbTime
			changes             []byte
		)
		if err := scan(&s.ID, &s.Agency, &s.Feed, &s.Version, &status, &s.Headline, &s.Summary, &s.Dateline, &s.Topic,
			&s.ClusterID, &ingested, &published, &s.Quotes, &s.Embeds, &s.Attributions, &changes); err != nil {
			return err
		}
		s.Status, s.IngestedAt, s.PublishedAt = article.Status(status), ingested.Time, published.ptr()
		if len(changes) > 2 {
			if err := json.Unmarshal(changes, &s.Changes); err != nil {
				return fmt.Errorf("changes of %s: %w", s.ID, err)
			}
		}
		page.Stories = append(page.Stories, s)
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("search stories: %w", err)
	}
	if len(page.Stories) > limit {
		page.Stories = page.Stories[:limit]
		last := page.Stories[limit-1]
		page.Next = cursor{At: last.IngestedAt, ID: last.ID}.encode()
	}
	countWhere, countArgs := searchWhere(q, sq, nil)
	if _, err := queryOneRow(ctx, q, fmt.Sprintf(qSearchCount, countWhere), append(countArgs, TotalCap+1), &page.Total); err != nil {
		return page, fmt.Errorf("count stories: %w", err)
	}
	if page.Total > TotalCap {
		page.Total, page.More = TotalCap, true
	}
	if err := summarize(ctx, r, page.Stories); err != nil {
		return page, err
	}
	if page.Stories == nil {
		page.Stories = []StorySummary{}
	}
	return page, nil
}

// summarize adds each listed story's cluster copies and delivery.
func summarize(ctx context.Context, r txRunner, list []StorySummary) error {
	if len(list) == 0 {
		return nil
	}
	ids, clusters := make([]string, len(list)), make([]string, len(list))
	for i, s := range list {
		ids[i], clusters[i] = s.ID, s.ClusterID
	}
	q := r.reader()
	cond, arg := q.inList("cluster_id", clusters)
	size := map[string]int{}
	err := q.query(ctx, fmt.Sprintf(qClusterSize, cond), []any{arg}, func(scan func(...any) error) error {
		var (
			id string
			n  int
		)
		err := scan(&id, &n)
		size[id] = n
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster sizes: %w", err)
	}
	byID, err := deliveries(ctx, r, ids)
	if err != nil {
		return fmt.Errorf("deliveries: %w", err)
	}
	for i := range list {
		list[i].Copies = max(size[list[i].ClusterID]-1, 0)
		if d, ok := byID[list[i].ID]; ok {
			list[i].Delivery = &d
		}
	}
	return nil
}

// Search implements Searcher.
func (t txStore) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	return search(ctx, t.r, q)
}
