// Package store persists stories and their versions behind one interface,
// with PostgreSQL (pgx) for production and embedded SQLite for a bare machine.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// ErrNotFound is returned when a story or version does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a status change is not allowed from the
// story's current status (e.g. approving a rejected story).
var ErrConflict = errors.New("store: status conflict")

// PutOutcome says what Put did with an article.
type PutOutcome string

// Put outcomes.
const (
	// Created means a new story was stored as version 1.
	Created PutOutcome = "created"
	// Updated means the story existed and this content became a new version.
	Updated PutOutcome = "updated"
	// Unchanged means this exact content was already stored (a re-poll or a
	// redelivery); nothing was written.
	Unchanged PutOutcome = "unchanged"
)

// PutResult reports the outcome of Put and the version the content has.
type PutResult struct {
	Outcome PutOutcome
	Version int
}

// ListQuery filters and pages List. Zero values mean "any".
type ListQuery struct {
	Status article.Status
	Agency string
	Feed   string
	// Limit caps the result; 0 means 50, and it is never above 500.
	Limit  int
	Offset int
}

// Store is the persistence contract every backend satisfies; the
// conformance suite in storetest checks each one against the same cases.
type Store interface {
	// Put stores a version of a story idempotently, keyed by a.ID and
	// a.Fingerprint.Content. New content for an existing id becomes version
	// N+1 and puts the story back in the queue; content already stored
	// returns Unchanged with its version. Put sets a.Version and a.Status.
	Put(ctx context.Context, a *article.Article) (PutResult, error)
	// Get returns the latest version of a story, with its Delivery.
	Get(ctx context.Context, id string) (*article.Article, error)
	// GetVersion returns one stored version of a story.
	GetVersion(ctx context.Context, id string, version int) (*article.Article, error)
	// Versions returns every version of a story, oldest first.
	Versions(ctx context.Context, id string) ([]*article.Article, error)
	// List returns the latest versions of stories, newest ingested first,
	// each with its Delivery.
	List(ctx context.Context, q ListQuery) ([]*article.Article, error)
	// SetStatus moves a story to status `to` if its current status is one of
	// `from` (any status when from is empty), and returns the story as
	// stored afterwards. It returns ErrConflict otherwise.
	SetStatus(ctx context.Context, id string, to article.Status, from ...article.Status) (*article.Article, error)
	// Editorial changes that go downstream, each with its outbox row.
	Editorial
	// Outbox is what the relays publish from.
	Outbox
	// Keys are the API keys of downstream sites and scripts.
	Keys
	// Accounts are the editors' accounts, sessions and the audit log.
	Accounts
	// Searcher is the desk's queue: filters, full text, keyset pages.
	Searcher
	// Close releases the backend's connections.
	Close() error
}

// Clock lets tests fix the time a backend stamps; nil means time.Now.
type Clock func() time.Time
