package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// ErrStale is returned when an editor acts on a version of a story that is
// no longer its latest: the story changed since the editor saw it.
var ErrStale = errors.New("store: story changed since it was read")

// Correction is an editor's change to a story's text: the edit of a
// queued story, or the correction of a published one. Nil fields are left
// as they are; Note says what was wrong, for downstream editors.
type Correction struct {
	Headline *string
	Summary  *string
	// BodyText replaces the body: paragraphs separated by blank lines.
	BodyText *string
	// Tags replace the tags.
	Tags []string
	Note string
}

// Editorial is the editors' side of the store: every change that sends
// something downstream writes the story's new status and an outbox row in
// one transaction, so the desk never talks to the bus and a publish is
// never lost or made twice. A version of 0 means "whatever is latest";
// any other version that is not the latest is refused with ErrStale.
//
// The editorial state machine (every edge is in the conformance suite):
//
//	queued    --Approve-->  approved  --relay: PubAck-->  published
//	queued    --Reject(reason)-->  rejected  --Restore-->  queued
//	queued    --Edit-->  queued (a new version)
//	published --Correct-->  approved (a new version, event correction)
//	published --Withdraw(reason)-->  withdrawn (a new version, event withdraw)
//	any       --a new version from the agency (Put)-->  queued
//
// Every change writes an audit entry naming its actor in the same
// transaction; anything else is refused with ErrConflict.
type Editorial interface {
	// Approve moves a queued story to approved and queues its publication
	// (event publish, or update, correction or withdraw when an earlier
	// version went downstream or the agency's notice says so). Approving a
	// story that is already approved returns it unchanged.
	Approve(ctx context.Context, id string, version int, by Actor) (*article.Article, error)
	// Reject takes a queued story off the queue; reason is required.
	Reject(ctx context.Context, id string, version int, reason string, by Actor) (*article.Article, error)
	// Restore puts a rejected story back in the queue (undo).
	Restore(ctx context.Context, id string, version int, by Actor) (*article.Article, error)
	// Edit stores an editor's edit of a queued story as a new version,
	// still queued; nothing goes downstream until it is approved.
	Edit(ctx context.Context, id string, version int, c Correction, by Actor) (*article.Article, error)
	// Correct stores an editor's correction of a published story as a new
	// version, approved, and queues it as a correction.
	Correct(ctx context.Context, id string, version int, c Correction, by Actor) (*article.Article, error)
	// Withdraw kills a published story: a new version, withdrawn, queued
	// as a withdrawal (ninjs pubstatus "canceled"). reason is required.
	Withdraw(ctx context.Context, id string, version int, reason string, by Actor) (*article.Article, error)
}

// storyRow is a story's row as the editorial transactions read it.
type storyRow struct {
	version int
	status  article.Status
	doc     []byte
}

const (
	qStoryForEdit = `SELECT version, status, article FROM stories WHERE id = ?`

	qPriorEvents = `SELECT count(*) FROM outbox WHERE story_id = ? AND version < ?`

	qInsertOutbox = `
INSERT INTO outbox (story_id, version, event, note, created_at, next_try_at)
VALUES (?, ?, ?, ?, ?, ?)`

	qInsertEditorVersion = `
INSERT INTO story_versions (story_id, version, content_hash, article, created_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`

	qUpdateStoryDoc = `
UPDATE stories SET version = ?, status = ?, content_hash = ?, headline = ?, updated_at = ?, article = ?
WHERE id = ?`
)

// loadForEdit reads and locks a story's row and checks the version the
// editor saw.
func loadForEdit(ctx context.Context, q querier, id string, seen int) (storyRow, error) {
	var (
		row    storyRow
		status string
	)
	found, err := queryOneRow(ctx, q, qStoryForEdit+q.lock(), []any{id}, &row.version, &status, &row.doc)
	if err != nil {
		return row, err
	}
	if !found {
		return row, ErrNotFound
	}
	row.status = article.Status(status)
	if seen > 0 && seen != row.version {
		return row, fmt.Errorf("you saw version %d, the latest is %d: %w", seen, row.version, ErrStale)
	}
	return row, nil
}

// enqueue writes one outbox row, due at once.
func enqueue(ctx context.Context, q querier, id string, version int, event article.Event, note string, now time.Time) error {
	if _, err := q.exec(ctx, qInsertOutbox, id, version, string(event), note, q.time(now), q.time(now)); err != nil {
		if isUniqueViolation(err) {
			return fmt.Errorf("version %d is already in the outbox: %w", version, ErrConflict)
		}
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// approveEvent is what approving a version sends downstream: a withdrawal
// when the agency killed the story, a correction when it corrected one
// already sent, an update when an earlier version went out, else the
// first publication.
func approveEvent(ctx context.Context, q querier, a *article.Article) (article.Event, error) {
	notice := func(kinds ...article.ChangeKind) bool {
		return slices.ContainsFunc(a.Changes, func(c article.Change) bool { return slices.Contains(kinds, c.Kind) })
	}
	if notice(article.ChangeKill, article.ChangeWithdrawal) {
		return article.EventWithdraw, nil
	}
	var prior int
	if _, err := queryOneRow(ctx, q, qPriorEvents, []any{a.ID, a.Version}, &prior); err != nil {
		return "", err
	}
	switch {
	case prior == 0:
		return article.EventPublish, nil
	case notice(article.ChangeCorrection):
		return article.EventCorrection, nil
	}
	return article.EventUpdate, nil
}

// writeStatus sets a story's status, in its row and in its latest
// version's document.
func writeStatus(ctx context.Context, q querier, id string, version int, to article.Status, now time.Time) error {
	stmt := `UPDATE stories SET status = ?, updated_at = ?, ` + q.setDocStatus("article") + ` WHERE id = ?`
	if _, err := q.exec(ctx, stmt, string(to), q.time(now), string(to), id); err != nil {
		return err
	}
	stmt = `UPDATE story_versions SET ` + q.setDocStatus("article") + ` WHERE story_id = ? AND version = ?`
	_, err := q.exec(ctx, stmt, string(to), id, version)
	return err
}

func approve(ctx context.Context, r txRunner, o options, id string, seen int, by Actor) (*article.Article, error) {
	var out *article.Article
	err := r.writeTx(ctx, func(q querier) error {
		row, err := loadForEdit(ctx, q, id, seen)
		if err != nil {
			return err
		}
		a, err := decodeArticle(row.doc)
		if err != nil {
			return err
		}
		switch row.status {
		case article.StatusApproved:
			out = a
			return nil
		case article.StatusQueued:
		default:
			return fmt.Errorf("story is %s; only a queued story can be approved: %w", row.status, ErrConflict)
		}
		event, err := approveEvent(ctx, q, a)
		if err != nil {
			return err
		}
		now := o.now()
		if err := writeStatus(ctx, q, id, row.version, article.StatusApproved, now); err != nil {
			return err
		}
		if err := enqueue(ctx, q, id, row.version, event, "", now); err != nil {
			return err
		}
		a.Status = article.StatusApproved
		out = a
		return audit(ctx, q, now, by, "approve", id, row.version, row.status, article.StatusApproved, "")
	})
	if err != nil {
		return nil, fmt.Errorf("approve story %s: %w", id, err)
	}
	o.logger.InfoContext(ctx, "store: story approved", "story_id", id, "version", out.Version)
	return out, nil
}

// newEditorVersion stores next as version row.version+1 of its story with
// the given status and queues it as event, all in the caller's
// transaction. Its version row's content key is marked as the editor's, so
// a later re-poll of the agency's own text is still recognised as that
// earlier version rather than matched against the edit.
func newEditorVersion(ctx context.Context, q querier, row storyRow, next article.Article, to article.Status, event article.Event, note string, now time.Time) (*article.Article, error) {
	next.Version = row.version + 1
	next.Status = to
	next.Delivery = nil
	stored, doc, err := encode(next)
	if err != nil {
		return nil, err
	}
	key := "editor:v" + strconv.Itoa(stored.Version) + ":" + stored.Fingerprint.Content
	n, err := q.exec(ctx, qInsertEditorVersion, stored.ID, stored.Version, key, string(doc), q.time(now))
	if err != nil {
		return nil, fmt.Errorf("insert version %d: %w", stored.Version, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("version %d was just stored by someone else: %w", stored.Version, ErrStale)
	}
	if _, err := q.exec(ctx, qUpdateStoryDoc, stored.Version, string(to), key, stored.Headline, q.time(now), string(doc), stored.ID); err != nil {
		return nil, fmt.Errorf("update story: %w", err)
	}
	if event != "" {
		if err := enqueue(ctx, q, stored.ID, stored.Version, event, note, now); err != nil {
			return nil, err
		}
	}
	return &stored, nil
}

// republish is an editor's new version of a story (an edit, a
// correction, a withdrawal): in one transaction, the story's status
// checked against from, the change made by edit, stored as the next
// version with status to, queued as event (none for an edit), and
// audited.
func republish(ctx context.Context, r txRunner, o options, action, id string, seen int, by Actor, from, to article.Status,
	event article.Event, note string, edit func(a article.Article) (article.Article, error)) (*article.Article, error) {
	var out *article.Article
	err := r.writeTx(ctx, func(q querier) error {
		row, a, err := loadInStatus(ctx, q, action, id, seen, from)
		if err != nil {
			return err
		}
		next, err := edit(*a)
		if err != nil {
			return err
		}
		now := o.now()
		if out, err = newEditorVersion(ctx, q, row, next, to, event, note, now); err != nil {
			return err
		}
		return audit(ctx, q, now, by, action, id, out.Version, row.status, to, note)
	})
	if err != nil {
		return nil, fmt.Errorf("%s story %s: %w", action, id, err)
	}
	o.logger.InfoContext(ctx, "store: story "+pastTense[action], "story_id", id, "version", out.Version)
	return out, nil
}

func withdraw(ctx context.Context, r txRunner, o options, id string, seen int, reason string, by Actor) (*article.Article, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("withdraw story %s: a reason is required: %w", id, article.ErrInvalid)
	}
	return republish(ctx, r, o, "withdraw", id, seen, by, article.StatusPublished, article.StatusWithdrawn, article.EventWithdraw, reason,
		func(a article.Article) (article.Article, error) {
			a.Changes = []article.Change{{Kind: article.ChangeWithdrawal, Text: reason}}
			return a, nil
		})
}

func correct(ctx context.Context, r txRunner, o options, id string, seen int, c Correction, by Actor) (*article.Article, error) {
	return rewrite(ctx, r, o, "correct", id, seen, c, by, article.StatusPublished, article.StatusApproved, article.EventCorrection)
}

func edit(ctx context.Context, r txRunner, o options, id string, seen int, c Correction, by Actor) (*article.Article, error) {
	return rewrite(ctx, r, o, "edit", id, seen, c, by, article.StatusQueued, article.StatusQueued, "")
}

// rewrite is a correction or an edit: a change to the story's text.
func rewrite(ctx context.Context, r txRunner, o options, action, id string, seen int, c Correction, by Actor,
	from, to article.Status, event article.Event) (*article.Article, error) {
	if c.Headline == nil && c.Summary == nil && c.BodyText == nil && c.Tags == nil {
		return nil, fmt.Errorf("%s story %s: nothing to change: %w", action, id, article.ErrInvalid)
	}
	if c.Headline != nil && strings.TrimSpace(*c.Headline) == "" {
		return nil, fmt.Errorf("%s story %s: the headline cannot be empty: %w", action, id, article.ErrInvalid)
	}
	if c.BodyText != nil && strings.TrimSpace(*c.BodyText) == "" {
		return nil, fmt.Errorf("%s story %s: the body cannot be empty: %w", action, id, article.ErrInvalid)
	}
	return republish(ctx, r, o, action, id, seen, by, from, to, event, c.Note,
		func(a article.Article) (article.Article, error) {
			next := applyCorrection(a, c, event == article.EventCorrection)
			if len(next.Changes) == 0 || len(next.Changes) == 1 && next.Changes[0].Kind == article.ChangeCorrection {
				return next, fmt.Errorf("the %s changes nothing: %w", action, article.ErrInvalid)
			}
			return next, nil
		})
}

// applyCorrection returns a with the change applied, its changes listed
// (headed by the correction notice when it is one) and its content
// fingerprint recomputed.
func applyCorrection(a article.Article, c Correction, isCorrection bool) article.Article {
	var changes []article.Change
	if isCorrection {
		changes = append(changes, article.Change{Kind: article.ChangeCorrection, Text: strings.TrimSpace(c.Note)})
	}
	if c.Headline != nil && strings.TrimSpace(*c.Headline) != a.Headline {
		h := strings.TrimSpace(*c.Headline)
		changes = append(changes, article.Change{Kind: article.ChangeHeadline, Before: a.Headline, After: h})
		a.Headline = h
	}
	if c.Summary != nil && strings.TrimSpace(*c.Summary) != a.Summary {
		s := strings.TrimSpace(*c.Summary)
		changes = append(changes, article.Change{Kind: article.ChangeSummary, Before: a.Summary, After: s})
		a.Summary = s
	}
	if c.BodyText != nil && normalizeBody(*c.BodyText) != a.BodyText {
		a.BodyText = normalizeBody(*c.BodyText)
		a.Body = replaceParagraphs(a.Body, a.BodyText)
		changes = append(changes, article.Change{Kind: article.ChangeBody, Text: "body edited by an editor"})
	}
	if c.Tags != nil && !slices.Equal(cleanTags(c.Tags), a.Tags) {
		a.Tags = cleanTags(c.Tags)
		changes = append(changes, article.Change{Kind: article.ChangeTags, Text: strings.Join(a.Tags, ", ")})
	}
	a.Changes = changes
	a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
	return a
}

// cleanTags trims tags and drops empty ones and repeats.
func cleanTags(tags []string) []string {
	out := []string{}
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// normalizeBody trims each paragraph and joins them with one blank line,
// the form of BodyText.
func normalizeBody(text string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// replaceParagraphs rebuilds the body from corrected text: the paragraphs
// become the new ones, while embeds and images keep their place after the
// paragraph they followed (or at the end when the text got shorter).
func replaceParagraphs(body []article.Block, text string) []article.Block {
	paras := strings.Split(text, "\n\n")
	var out []article.Block
	next := 0
	for _, b := range body {
		switch b.Type {
		case article.BlockEmbed, article.BlockImage:
			out = append(out, b)
		default:
			if next < len(paras) {
				out = append(out, article.Block{Type: article.BlockParagraph, Text: paras[next]})
				next++
			}
		}
	}
	for ; next < len(paras); next++ {
		out = append(out, article.Block{Type: article.BlockParagraph, Text: paras[next]})
	}
	return out
}

// loadInStatus is loadForEdit for an action allowed only from one status:
// the row and its article, or ErrConflict saying why not.
func loadInStatus(ctx context.Context, q querier, action, id string, seen int, from article.Status) (storyRow, *article.Article, error) {
	row, err := loadForEdit(ctx, q, id, seen)
	if err != nil {
		return row, nil, err
	}
	if row.status != from {
		return row, nil, fmt.Errorf("story is %s; only a %s story can be %s: %w", row.status, from, pastTense[action], ErrConflict)
	}
	a, err := decodeArticle(row.doc)
	return row, a, err
}

// audit appends a story change's entry in its transaction.
func audit(ctx context.Context, q querier, at time.Time, by Actor, action, id string, version int, from, to article.Status, reason string) error {
	actor := by.Name
	if actor == "" {
		actor = "system"
	}
	return appendAudit(ctx, q, AuditEntry{At: at, Actor: actor, Action: action, StoryID: id, Version: version,
		From: string(from), To: string(to), Reason: reason, Address: by.Address})
}

// move changes a story's status from one to another, with its audit
// entry: the simple edges of the state machine, which make no version.
func move(ctx context.Context, r txRunner, o options, action, id string, seen int, from, to article.Status, reason string, by Actor) (*article.Article, error) {
	var out *article.Article
	err := r.writeTx(ctx, func(q querier) error {
		row, a, err := loadInStatus(ctx, q, action, id, seen, from)
		if err != nil {
			return err
		}
		now := o.now()
		if err := writeStatus(ctx, q, id, row.version, to, now); err != nil {
			return err
		}
		a.Status = to
		out = a
		return audit(ctx, q, now, by, action, id, row.version, from, to, reason)
	})
	if err != nil {
		return nil, fmt.Errorf("%s story %s: %w", action, id, err)
	}
	o.logger.InfoContext(ctx, "store: story "+pastTense[action], "story_id", id, "version", out.Version)
	return out, nil
}

var pastTense = map[string]string{"reject": "rejected", "restore": "restored", "withdraw": "withdrawn", "correct": "corrected", "edit": "edited"}

func reject(ctx context.Context, r txRunner, o options, id string, seen int, reason string, by Actor) (*article.Article, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("reject story %s: a reason is required: %w", id, article.ErrInvalid)
	}
	return move(ctx, r, o, "reject", id, seen, article.StatusQueued, article.StatusRejected, strings.TrimSpace(reason), by)
}

func restore(ctx context.Context, r txRunner, o options, id string, seen int, by Actor) (*article.Article, error) {
	return move(ctx, r, o, "restore", id, seen, article.StatusRejected, article.StatusQueued, "", by)
}

// Approve implements Editorial.
func (t txStore) Approve(ctx context.Context, id string, version int, by Actor) (*article.Article, error) {
	return approve(ctx, t.r, t.o, id, version, by)
}

// Reject implements Editorial.
func (t txStore) Reject(ctx context.Context, id string, version int, reason string, by Actor) (*article.Article, error) {
	return reject(ctx, t.r, t.o, id, version, reason, by)
}

// Restore implements Editorial.
func (t txStore) Restore(ctx context.Context, id string, version int, by Actor) (*article.Article, error) {
	return restore(ctx, t.r, t.o, id, version, by)
}

// Edit implements Editorial.
func (t txStore) Edit(ctx context.Context, id string, version int, c Correction, by Actor) (*article.Article, error) {
	return edit(ctx, t.r, t.o, id, version, c, by)
}

// Correct implements Editorial.
func (t txStore) Correct(ctx context.Context, id string, version int, c Correction, by Actor) (*article.Article, error) {
	return correct(ctx, t.r, t.o, id, version, c, by)
}

// Withdraw implements Editorial.
func (t txStore) Withdraw(ctx context.Context, id string, version int, reason string, by Actor) (*article.Article, error) {
	return withdraw(ctx, t.r, t.o, id, version, reason, by)
}
