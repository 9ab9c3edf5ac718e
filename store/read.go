package store

import (
	"context"
	"fmt"

	"github.com/wiredesk/wiredesk/article"
)

// docReader runs a backend's queries that yield one stored article
// document per row; the reads below are written once over it.
type docReader interface {
	queryOne(ctx context.Context, query string, args ...any) (*article.Article, error)
	queryMany(ctx context.Context, query string, args ...any) ([]*article.Article, error)
}

func getStory(ctx context.Context, r docReader, query, id string) (*article.Article, error) {
	a, err := r.queryOne(ctx, query, id)
	if err != nil {
		return nil, fmt.Errorf("get story %s: %w", id, err)
	}
	return a, nil
}

func getVersion(ctx context.Context, r docReader, query, id string, version int) (*article.Article, error) {
	a, err := r.queryOne(ctx, query, id, version)
	if err != nil {
		return nil, fmt.Errorf("get story %s version %d: %w", id, version, err)
	}
	return a, nil
}

func listVersions(ctx context.Context, r docReader, query, id string) ([]*article.Article, error) {
	list, err := r.queryMany(ctx, query, id)
	if err != nil {
		return nil, fmt.Errorf("versions of story %s: %w", id, err)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("versions of story %s: %w", id, ErrNotFound)
	}
	return list, nil
}

// listStories runs a backend's List statement, completed with listFilter's
// WHERE clause, over the arguments listFilter returned.
func listStories(ctx context.Context, r docReader, query string, args []any) ([]*article.Article, error) {
	list, err := r.queryMany(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	return list, nil
}

// withDeliveries sets Delivery on stories just read, from the outbox.
func withDeliveries(ctx context.Context, r txRunner, list []*article.Article, err error) ([]*article.Article, error) {
	if err != nil {
		return nil, err
	}
	if err := attachDeliveries(ctx, r, list); err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	return list, nil
}

// withDelivery is withDeliveries for one story.
func withDelivery(ctx context.Context, r txRunner, a *article.Article, err error) (*article.Article, error) {
	if err != nil {
		return nil, err
	}
	if _, err := withDeliveries(ctx, r, []*article.Article{a}, nil); err != nil {
		return nil, err
	}
	return a, nil
}
