package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrBadKey is returned by CheckKey for a key that is unknown, revoked or
// malformed; callers answer 401 without saying which.
var ErrBadKey = errors.New("store: unknown or revoked API key")

// KeyScope is what an API key may do.
type KeyScope string

// Key scopes.
const (
	// ScopeRead reads published stories and feeds (downstream sites).
	ScopeRead KeyScope = "read"
	// ScopeWrite also changes stories (scripts acting for editors).
	ScopeWrite KeyScope = "write"
)

// Valid reports whether s is a known scope.
func (s KeyScope) Valid() bool { return s == ScopeRead || s == ScopeWrite }

// APIKey is a key as the store knows it: never the key itself, which is
// shown once, when it is made.
type APIKey struct {
	ID        string
	Name      string
	Scope     KeyScope
	CreatedAt time.Time
	LastUsed  *time.Time
	Revoked   *time.Time
}

// Keys manages API keys. Only a SHA-256 of each key is kept.
type Keys interface {
	// AddKey makes a key and returns it, the one time it is ever shown.
	AddKey(ctx context.Context, name string, scope KeyScope) (key string, k APIKey, err error)
	// RevokeKey stops a key from working at once; ErrNotFound when no
	// key has that id.
	RevokeKey(ctx context.Context, id string) error
	// ListKeys lists every key, revoked ones too, oldest first.
	ListKeys(ctx context.Context) ([]APIKey, error)
	// CheckKey returns the key's record, or ErrBadKey.
	CheckKey(ctx context.Context, key string) (APIKey, error)
}

// keyPrefix starts every key, so a leaked one is recognisable (secret
// scanners match it) and a mistyped header is told apart from a bad key.
const keyPrefix = "wdk_"

const (
	qAddKey    = `INSERT INTO api_keys (id, name, scope, key_hash, created_at) VALUES (?, ?, ?, ?, ?)`
	qRevokeKey = `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`
	qKeyExists = `SELECT count(*) FROM api_keys WHERE id = ?`
	qListKeys  = `SELECT id, name, scope, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at, id`
	qCheckKey  = `SELECT id, name, scope, created_at, last_used_at, revoked_at FROM api_keys WHERE key_hash = ?`
	// Written at most once a minute per key, so reads stay reads.
	qTouchKey = `UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`
)

func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// newKey is wdk_<id>_<secret>: a 40-bit id to name it by, and 256 random
// bits.
func newKey() (id, key string, err error) {
	raw := make([]byte, 5+32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("random key: %w", err)
	}
	id = hex.EncodeToString(raw[:5])
	return id, keyPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(raw[5:]), nil
}

func addKey(ctx context.Context, r txRunner, o options, name string, scope KeyScope) (string, APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", APIKey{}, errors.New("add key: a name is required (who or what uses it)")
	}
	if !scope.Valid() {
		return "", APIKey{}, fmt.Errorf("add key: scope %q is not read or write", scope)
	}
	id, key, err := newKey()
	if err != nil {
		return "", APIKey{}, err
	}
	k := APIKey{ID: id, Name: name, Scope: scope, CreatedAt: micro(o.now())}
	err = r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qAddKey, id, name, string(scope), hashKey(key), q.time(k.CreatedAt))
		return err
	})
	if err != nil {
		return "", APIKey{}, fmt.Errorf("add key %s: %w", name, err)
	}
	return key, k, nil
}

func revokeKey(ctx context.Context, r txRunner, o options, id string) error {
	err := r.writeTx(ctx, func(q querier) error {
		var n int
		if _, err := queryOneRow(ctx, q, qKeyExists, []any{id}, &n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		_, err := q.exec(ctx, qRevokeKey, q.time(micro(o.now())), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke key %s: %w", id, err)
	}
	return nil
}

func scanKey(scan func(...any) error) (APIKey, error) {
	var (
		k                      APIKey
		scope                  string
		created, used, revoked dbTime
	)
	if err := scan(&k.ID, &k.Name, &scope, &created, &used, &revoked); err != nil {
		return k, err
	}
	k.Scope, k.CreatedAt, k.LastUsed, k.Revoked = KeyScope(scope), created.Time, used.ptr(), revoked.ptr()
	return k, nil
}

func listKeys(ctx context.Context, r txRunner) ([]APIKey, error) {
	var out []APIKey
	err := r.reader().query(ctx, qListKeys, nil, func(scan func(...any) error) error {
		k, err := scanKey(scan)
		out = append(out, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return out, nil
}

func checkKey(ctx context.Context, r txRunner, o options, key string) (APIKey, error) {
	if !strings.HasPrefix(key, keyPrefix) || len(key) > 128 {
		return APIKey{}, ErrBadKey
	}
	var (
		k     APIKey
		found bool
	)
	err := r.reader().query(ctx, qCheckKey, []any{hashKey(key)}, func(scan func(...any) error) error {
		var err error
		k, err = scanKey(scan)
		found = true
		return err
	})
	if err != nil {
		return APIKey{}, fmt.Errorf("check key: %w", err)
	}
	if !found || k.Revoked != nil {
		return APIKey{}, ErrBadKey
	}
	now := micro(o.now())
	if k.LastUsed == nil || now.Sub(*k.LastUsed) > time.Minute {
		_ = r.writeTx(ctx, func(q querier) error {
			_, err := q.exec(ctx, qTouchKey, q.time(now), k.ID, q.time(now.Add(-time.Minute)))
			return err
		})
	}
	return k, nil
}

// AddKey implements Keys.
func (t txStore) AddKey(ctx context.Context, name string, scope KeyScope) (string, APIKey, error) {
	return addKey(ctx, t.r, t.o, name, scope)
}

// RevokeKey implements Keys.
func (t txStore) RevokeKey(ctx context.Context, id string) error { return revokeKey(ctx, t.r, t.o, id) }

// ListKeys implements Keys.
func (t txStore) ListKeys(ctx context.Context) ([]APIKey, error) { return listKeys(ctx, t.r) }

// CheckKey implements Keys.
func (t txStore) CheckKey(ctx context.Context, key string) (APIKey, error) {
	return checkKey(ctx, t.r, t.o, key)
}
