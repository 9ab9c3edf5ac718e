package store

import (
	"context"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// storyWriter runs a backend's story writes. Each method runs fn inside one
// write transaction, over that transaction's statements, and commits when
// fn returns nil; Put and SetStatus are written once over it.
type storyWriter interface {
	putTx(ctx context.Context, fn func(putSteps) error) error
	statusTx(ctx context.Context, fn func(statusSteps) error) error
}

// statusSteps are the statements one SetStatus transaction runs, each
// backend's over its own transaction type.
type statusSteps interface {
	// updateStory sets the story's status to `to`, stamped at now, if its
	// status is one of from (any status when from is empty), and returns
	// its latest version and its document as updated; found is false when
	// no story matched.
	updateStory(ctx context.Context, id string, to article.Status, from []article.Status, now time.Time) (version int, doc []byte, found bool, err error)
	// storyStatus returns the story's current status; found is false when
	// there is no such story.
	storyStatus(ctx context.Context, id string) (status string, found bool, err error)
	// updateVersion sets the status in one version's own document.
	updateVersion(ctx context.Context, id string, version int, to article.Status) error
}

// setStatus is SetStatus over a backend's transactions.
func setStatus(ctx context.Context, w storyWriter, o options, id string, to article.Status, from []article.Status) (*article.Article, error) {
	if err := checkStatuses(to, from); err != nil {
		return nil, fmt.Errorf("set status of story %s: %w", id, err)
	}
	var doc []byte
	err := w.statusTx(ctx, func(steps statusSteps) error {
		var err error
		doc, err = runSetStatus(ctx, steps, id, to, from, o.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set status of story %s to %s: %w", id, to, err)
	}
	o.logger.DebugContext(ctx, "store: status set", "story_id", id, "status", string(to))
	return decodeArticle(doc)
}

// runSetStatus applies SetStatus's rules inside one transaction and returns
// the story's document as stored afterwards: ErrNotFound for an unknown
// story, ErrConflict when its status is not one of from.
func runSetStatus(ctx context.Context, steps statusSteps, id string, to article.Status, from []article.Status, now time.Time) ([]byte, error) {
	version, doc, found, err := steps.updateStory(ctx, id, to, from, now)
	if err != nil {
		return nil, err
	}
	if !found {
		current, exists, err := steps.storyStatus(ctx, id)
		switch {
		case err != nil:
			return nil, err
		case !exists:
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("status is %s, not one of %v: %w", current, from, ErrConflict)
	}
	// The latest version's own copy follows, so GetVersion of the latest
	// agrees with Get; older versions keep the status they had when they
	// were superseded.
	if err := steps.updateVersion(ctx, id, version, to); err != nil {
		return nil, err
	}
	return doc, nil
}
