package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/article"
)

// maxPutAttempts bounds how often one Put re-reads after losing a race for
// a version number to a concurrent writer of different content. Each lost
// race means another writer committed, so the bound is only reached under
// a flood of simultaneous new versions of one story.
const maxPutAttempts = 32

// putSteps are the statements one Put transaction runs. Each backend
// supplies them over its own transaction type, so that the versioning rules
// in runPut are written once and both backends keep them.
type putSteps interface {
	// findContent returns the version holding this content and the story's
	// current status; found is false when the pair is not stored.
	findContent(ctx context.Context, id, hash string) (version int, status article.Status, found bool, err error)
	// latestVersion returns the story's latest version, 0 for a new story.
	latestVersion(ctx context.Context, id string) (int, error)
	// insertVersion stores one version unless the (story, version) or
	// (story, content) pair exists; inserted is false when it did.
	insertVersion(ctx context.Context, id string, version int, hash string, doc []byte, now time.Time) (inserted bool, err error)
	// upsertStory points the story row at a just-inserted version.
	upsertStory(ctx context.Context, a *article.Article, doc []byte, now time.Time) error
}

// checkPut rejects an article that cannot be keyed.
// isKey reports whether s can be stored and matched as a key: both
// backends refuse NUL bytes and invalid UTF-8 in text.
func isKey(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func checkPut(a *article.Article) error {
	if a == nil {
		return fmt.Errorf("put: nil article: %w", article.ErrInvalid)
	}
	if a.ID == "" {
		return fmt.Errorf("put: article has no id: %w", article.ErrInvalid)
	}
	if a.Fingerprint.Content == "" {
		return fmt.Errorf("put %s: article has no content fingerprint: %w", a.ID, article.ErrInvalid)
	}
	// The key is matched as given, so it cannot be cleaned like the text.
	for _, key := range []string{a.ID, a.Fingerprint.Content} {
		if !isKey(key) {
			return fmt.Errorf("put %q: id or content fingerprint is not clean UTF-8: %w", a.ID, article.ErrInvalid)
		}
	}
	return nil
}

// putStory is Put over a backend's transactions: runPut in one write
// transaction, and the caller's article set only once it has committed.
func putStory(ctx context.Context, w storyWriter, o options, a *article.Article) (PutResult, error) {
	if err := checkPut(a); err != nil {
		return PutResult{}, err
	}
	var (
		res    PutResult
		stored article.Article
	)
	err := w.putTx(ctx, func(steps putSteps) error {
		var err error
		res, stored, err = runPut(ctx, steps, a, o.now())
		return err
	})
	if err != nil {
		return PutResult{}, fmt.Errorf("put story %s: %w", a.ID, err)
	}
	*a = stored
	o.logger.DebugContext(ctx, "store: put", "story_id", a.ID, "outcome", string(res.Outcome), "version", res.Version)
	return res, nil
}

// runPut applies Put's rules inside one transaction. It returns the outcome
// and what Put must set on the caller's article once the transaction
// commits; the caller's article is not touched here, so a rolled-back Put
// leaves it as it was.
func runPut(ctx context.Context, steps putSteps, a *article.Article, now time.Time) (PutResult, article.Article, error) {
	hash := a.Fingerprint.Content
	for range maxPutAttempts {
		version, status, found, err := steps.findContent(ctx, a.ID, hash)
		if err != nil {
			return PutResult{}, article.Article{}, fmt.Errorf("find content: %w", err)
		}
		if found {
			stored := *a
			stored.Version, stored.Status = version, status
			return PutResult{Outcome: Unchanged, Version: version}, stored, nil
		}
		latest, err := steps.latestVersion(ctx, a.ID)
		if err != nil {
			return PutResult{}, article.Article{}, fmt.Errorf("latest version: %w", err)
		}
		stored, doc, err := encode(stamp(*a, latest+1, now))
		if err != nil {
			return PutResult{}, article.Article{}, err
		}
		inserted, err := steps.insertVersion(ctx, a.ID, stored.Version, hash, doc, now)
		if err != nil {
			return PutResult{}, article.Article{}, fmt.Errorf("insert version %d: %w", stored.Version, err)
		}
		if !inserted {
			// A concurrent writer committed this content or took this
			// version number first; the next round sees its row.
			continue
		}
		if err := steps.upsertStory(ctx, &stored, doc, now); err != nil {
			return PutResult{}, article.Article{}, fmt.Errorf("upsert story: %w", err)
		}
		outcome := Updated
		if stored.Version == 1 {
			outcome = Created
		}
		return PutResult{Outcome: outcome, Version: stored.Version}, stored, nil
	}
	return PutResult{}, article.Article{}, errTooManyRaces
}

var errTooManyRaces = errors.New("lost the race for a version number too often")

// stamp returns a as the store keeps it: at the given version, queued for
// review (new content always goes back before an editor), with an ingest
// time and the accuracy disclaimer every stored story carries.
func stamp(a article.Article, version int, now time.Time) article.Article {
	a.Version = version
	a.Status = article.StatusQueued
	if a.IngestedAt == nil {
		t := now
		a.IngestedAt = &t
	}
	if a.Disclaimer == "" {
		a.Disclaimer = article.DefaultDisclaimer
	}
	return a
}

// encode returns the JSON document to store for a, and a as stored. Text
// that PostgreSQL cannot hold in text or jsonb (NUL characters, invalid
// UTF-8; both turn up in badly encoded feeds) is cleaned the same way on
// every backend: json.Marshal already replaces invalid UTF-8 with U+FFFD,
// NULs are dropped, and when anything was cleaned a is read back from the
// cleaned document so that the columns and the document agree.
func encode(a article.Article) (article.Article, []byte, error) {
	// MarshalJSON directly: json.Marshal would run the same and then
	// validate and compact its already compact output a second time.
	doc, err := a.MarshalJSON()
	if err != nil {
		return a, nil, fmt.Errorf("encode: %w", err)
	}
	if !bytes.Contains(doc, []byte(`\u0000`)) && columnsValid(&a) {
		return a, doc, nil
	}
	doc = dropNULs(doc)
	var clean article.Article
	if err := json.Unmarshal(doc, &clean); err != nil {
		return a, nil, fmt.Errorf("re-read cleaned article: %w", err)
	}
	return clean, doc, nil
}

// columnsValid reports whether the strings Put copies into columns are
// valid UTF-8; json.Marshal fixes the document but not these.
func columnsValid(a *article.Article) bool {
	for _, s := range []string{a.Agency, a.Feed, a.GUID, a.Headline, a.ClusterID} {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// dropNULs removes \u0000 escapes from JSON made by json.Marshal, where a
// backslash only ever starts an escape, so an escaped backslash followed by
// "u0000" is left alone.
func dropNULs(doc []byte) []byte {
	out := make([]byte, 0, len(doc))
	for i := 0; i < len(doc); i++ {
		if doc[i] != '\\' || i+1 >= len(doc) {
			out = append(out, doc[i])
			continue
		}
		if bytes.HasPrefix(doc[i:], []byte(`\u0000`)) {
			i += len(`\u0000`) - 1
			continue
		}
		out = append(out, doc[i], doc[i+1])
		i++
	}
	return out
}

// decodeArticle reads one stored article document.
func decodeArticle(doc []byte) (*article.Article, error) {
	var a article.Article
	if err := json.Unmarshal(doc, &a); err != nil {
		return nil, fmt.Errorf("decode stored article: %w", err)
	}
	return &a, nil
}

// statusStrings turns a from-list into plain strings for a query parameter.
func statusStrings(from []article.Status) []string {
	s := make([]string, len(from))
	for i, st := range from {
		s[i] = string(st)
	}
	return s
}

// checkStatuses rejects unknown statuses before they reach the database.
func checkStatuses(to article.Status, from []article.Status) error {
	if !to.Valid() {
		return fmt.Errorf("status %q is unknown: %w", to, article.ErrInvalid)
	}
	for _, f := range from {
		if !f.Valid() {
			return fmt.Errorf("from status %q is unknown: %w", f, article.ErrInvalid)
		}
	}
	return nil
}

// Page size bounds for List, as documented on ListQuery.
const (
	defaultListLimit = 50
	maxListLimit     = 500
)

// listFilter renders q as a WHERE clause made of fixed fragments and its
// arguments, followed by the page bounds (limit, then offset) for the
// backend's LIMIT and OFFSET, which come last in its List statement.
// placeholder renders the n-th (1-based) parameter in the backend's syntax.
func listFilter(q ListQuery, placeholder func(n int) string) (where string, args []any) {
	add := func(fragment, value string) {
		if value == "" {
			return
		}
		args = append(args, value)
		if where == "" {
			where = " WHERE "
		} else {
			where += " AND "
		}
		where += fragment + placeholder(len(args))
	}
	add("status = ", string(q.Status))
	add("agency = ", q.Agency)
	add("feed = ", q.Feed)

	limit := q.Limit
	if limit <= 0 {
		limit = defaultListLimit
	}
	limit = min(limit, maxListLimit)
	offset := max(q.Offset, 0)
	return where, append(args, limit, offset)
}
