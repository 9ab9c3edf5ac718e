package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrExists is returned when a name is already taken.
var ErrExists = errors.New("store: already exists")

// ErrNoSession is returned for a session that is unknown, expired, idle
// too long, or whose user is disabled.
var ErrNoSession = errors.New("store: no such session")

// Role is what an account may do.
type Role string

// Roles.
const (
	// RoleEditor reviews and publishes stories.
	RoleEditor Role = "editor"
	// RoleAdmin also manages accounts and feeds and reads the audit log.
	RoleAdmin Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleEditor || r == RoleAdmin }

// User is an editor's account. The password hash stays in the store
// except when a login is checked.
type User struct {
	ID                string
	Name              string
	Role              Role
	CreatedAt         time.Time
	PasswordChangedAt time.Time
	Disabled          *time.Time
}

// Actor is who did something, for the audit log: an account's name, an
// API key ("key:<id> (<name>)"), or "system".
type Actor struct {
	Name string
	// Address is the client's network address, when there is one.
	Address string
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	StoryID string    `json:"story_id,omitempty"`
	Version int       `json:"version,omitempty"`
	From    string    `json:"from_status,omitempty"`
	To      string    `json:"to_status,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Address string    `json:"address,omitempty"`
}

// AuditQuery filters the audit log, newest first. Zero values mean any.
type AuditQuery struct {
	StoryID string
	Actor   string
	// Before is an entry id: only older entries are listed (paging).
	Before int64
	// Limit caps the page: 0 means 100, never above 1000.
	Limit int
}

// StoryLock is an editor's soft hold on a story being edited.
type StoryLock struct {
	StoryID string
	User    string
	Until   time.Time
}

// Accounts keeps editors' accounts, sessions, login throttling, soft story
// locks and the audit log.
type Accounts interface {
	// AddUser makes an account; ErrExists when the name is taken.
	AddUser(ctx context.Context, name string, role Role, passwordHash string) (User, error)
	// SetPassword replaces an account's password hash and ends its
	// sessions.
	SetPassword(ctx context.Context, name, passwordHash string) error
	// DisableUser stops an account at once: its sessions end and it can
	// no longer log in. EnableUser undoes it.
	DisableUser(ctx context.Context, name string) error
	EnableUser(ctx context.Context, name string) error
	// Users lists every account, by name.
	Users(ctx context.Context) ([]User, error)
	// UserForLogin returns an account and its password hash; ErrNotFound
	// when there is none.
	UserForLogin(ctx context.Context, name string) (User, string, error)

	// CreateSession stores a new session by the hash of its id.
	CreateSession(ctx context.Context, idHash, userID string, expires time.Time, address string) error
	// Session returns the user of a live session and notes its use; a
	// session unused for longer than idle, past its expiry, or of a
	// disabled user is ErrNoSession.
	Session(ctx context.Context, idHash string, idle time.Duration) (User, error)
	// DeleteSession ends one session (logout).
	DeleteSession(ctx context.Context, idHash string) error

	// LoginFailed records a failed login under each key (an account, an
	// address); LoginFailures counts a key's failures since a time.
	LoginFailed(ctx context.Context, keys ...string) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// ForgetLoginFailures clears a key's failures after a good login.
	ForgetLoginFailures(ctx context.Context, key string) error

	// LockStory holds a story for an editor until a time, unless another
	// editor holds it: then that editor's lock is returned with ok false.
	LockStory(ctx context.Context, storyID, userID string, until time.Time) (lock StoryLock, ok bool, err error)
	// UnlockStory releases the editor's own lock.
	UnlockStory(ctx context.Context, storyID, userID string) error
	// StoryLocks returns the live locks on the given stories.
	StoryLocks(ctx context.Context, storyIDs []string) ([]StoryLock, error)

	// Audit appends an entry that is about no story change (logins,
	// accounts, keys); story changes write theirs in their own
	// transaction.
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog lists entries, newest first.
	AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

const (
	qAddUser = `INSERT INTO users (id, name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)`
	qSetPass = `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE name = ?`
	qDisable = `UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL`
	qEnable  = `UPDATE users SET disabled_at = NULL WHERE name = ?`
	qUserID  = `SELECT id FROM users WHERE name = ?`
	qEndAll  = `DELETE FROM sessions WHERE user_id = ?`
	qUsers   = `SELECT id, name, role, created_at, password_changed_at, disabled_at FROM users ORDER BY name`
	qLogin   = `SELECT id, name, role, created_at, password_changed_at, disabled_at, password_hash FROM users WHERE name = ?`

	qNewSession = `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)`
	qSession    = `
SELECT u.id, u.name, u.role, u.created_at, u.password_changed_at, u.disabled_at, s.last_seen_at, s.expires_at
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id_hash = ?`
	qTouchSession = `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`
	qEndSession   = `DELETE FROM sessions WHERE id_hash = ?`
	// Sessions past their expiry are swept when new ones are made.
	qSweepSessions = `DELETE FROM sessions WHERE expires_at < ?`

	qLoginFailed   = `INSERT INTO login_failures (key, at) VALUES (?, ?)`
	qLoginFailures = `SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?`
	qForgetLogin   = `DELETE FROM login_failures WHERE key = ?`
	qSweepFailures = `DELETE FROM login_failures WHERE at < ?`

	qLockHolder = `SELECT l.user_id, u.name, l.until FROM story_locks l JOIN users u ON u.id = l.user_id WHERE l.story_id = ?`
	qLockSet    = `
INSERT INTO story_locks (story_id, user_id, until) VALUES (?, ?, ?)
ON CONFLICT (story_id) DO UPDATE SET user_id = excluded.user_id, until = excluded.until`
	qUnlock = `DELETE FROM story_locks WHERE story_id = ? AND user_id = ?`
	qLocks  = `SELECT l.story_id, u.name, l.until FROM story_locks l JOIN users u ON u.id = l.user_id WHERE l.until > ? AND %s`

	qAudit = `
INSERT INTO audit (at, actor, action, story_id, version, from_status, to_status, reason, address)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qAuditLog = `
SELECT id, at, actor, action, story_id, version, from_status, to_status, reason, address
FROM audit WHERE (? = 0 OR id < ?)%s ORDER BY id DESC LIMIT ?`
)

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

func scanUser(scan func(...any) error, extra ...any) (User, error) {
	var (
		u                         User
		role                      string
		created, changed, disable dbTime
	)
	if err := scan(append([]any{&u.ID, &u.Name, &role, &created, &changed, &disable}, extra...)...); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt, u.PasswordChangedAt, u.Disabled = Role(role), created.Time, changed.Time, disable.ptr()
	return u, nil
}

// txStore is the part of both backends written once over their
// transactions (txRunner): accounts, the editorial state machine, the
// outbox and API keys. Each backend embeds it.
type txStore struct {
	r txRunner
	o options
}

func (a txStore) AddUser(ctx context.Context, name string, role Role, hash string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 || strings.ContainsAny(name, " \t\n:/") {
		return User{}, fmt.Errorf("add user %q: a name is 1-64 characters without spaces, ':' or '/'", name)
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("add user %s: role %q is not editor or admin", name, role)
	}
	now := micro(a.o.now())
	u := User{ID: randomID(), Name: name, Role: role, CreatedAt: now, PasswordChangedAt: now}
	err := a.r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qAddUser, u.ID, u.Name, string(role), hash, q.time(now), q.time(now))
		if isUniqueViolation(err) {
			return ErrExists
		}
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("add user %s: %w", name, err)
	}
	return u, nil
}

// byName runs fn on the user's id inside a write transaction, after
// ending every session of the user.
func (a txStore) endSessionsAnd(ctx context.Context, name, what string, fn func(q querier, id string) error) error {
	err := a.r.writeTx(ctx, func(q querier) error {
		var id string
		found, err := queryOneRow(ctx, q, qUserID, []any{name}, &id)
		if err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		if _, err := q.exec(ctx, qEndAll, id); err != nil {
			return err
		}
		return fn(q, id)
	})
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, name, err)
	}
	return nil
}

func (a txStore) SetPassword(ctx context.Context, name, hash string) error {
	return a.endSessionsAnd(ctx, name, "set password of", func(q querier, _ string) error {
		_, err := q.exec(ctx, qSetPass, hash, q.time(micro(a.o.now())), name)
		return err
	})
}

func (a txStore) DisableUser(ctx context.Context, name string) error {
	return a.endSessionsAnd(ctx, name, "disable", func(q querier, _ string) error {
		_, err := q.exec(ctx, qDisable, q.time(micro(a.o.now())), name)
		return err
	})
}

func (a txStore) EnableUser(ctx context.Context, name string) error {
	return a.endSessionsAnd(ctx, name, "enable", func(q querier, _ string) error {
		_, err := q.exec(ctx, qEnable, name)
		return err
	})
}

func (a txStore) Users(ctx context.Context) ([]User, error) {
	var out []User
	err := a.r.reader().query(ctx, qUsers, nil, func(scan func(...any) error) error {
		u, err := scanUser(scan)
		out = append(out, u)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func (a txStore) UserForLogin(ctx context.Context, name string) (User, string, error) {
	var (
		u     User
		hash  string
		found bool
	)
	err := a.r.reader().query(ctx, qLogin, []any{name}, func(scan func(...any) error) error {
		var err error
		u, err = scanUser(scan, &hash)
		found = true
		return err
	})
	if err != nil {
		return User{}, "", fmt.Errorf("user %s: %w", name, err)
	}
	if !found {
		return User{}, "", fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	return u, hash, nil
}

func (a txStore) CreateSession(ctx context.Context, idHash, userID string, expires time.Time, address string) error {
	now := micro(a.o.now())
	err := a.r.writeTx(ctx, func(q querier) error {
		if _, err := q.exec(ctx, qSweepSessions, q.time(now)); err != nil {
			return err
		}
		_, err := q.exec(ctx, qNewSession, idHash, userID, q.time(now), q.time(now), q.time(micro(expires)), address)
		return err
	})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

func (a txStore) Session(ctx context.Context, idHash string, idle time.Duration) (User, error) {
	var (
		u             User
		seen, expires dbTime
		found         bool
	)
	err := a.r.reader().query(ctx, qSession, []any{idHash}, func(scan func(...any) error) error {
		var err error
		u, err = scanUser(scan, &seen, &expires)
		found = true
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("session: %w", err)
	}
	now := micro(a.o.now())
	if !found || u.Disabled != nil || now.After(expires.Time) || now.Sub(seen.Time) > idle {
		return User{}, ErrNoSession
	}
	// Noted at most every few seconds, so a page's requests stay reads.
	if now.Sub(seen.Time) > 5*time.Second {
		_ = a.r.writeTx(ctx, func(q querier) error {
			_, err := q.exec(ctx, qTouchSession, q.time(now), idHash)
			return err
		})
	}
	return u, nil
}

func (a txStore) DeleteSession(ctx context.Context, idHash string) error {
	return a.r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qEndSession, idHash)
		return err
	})
}

func (a txStore) LoginFailed(ctx context.Context, keys ...string) error {
	now := micro(a.o.now())
	return a.r.writeTx(ctx, func(q querier) error {
		if _, err := q.exec(ctx, qSweepFailures, q.time(now.Add(-24*time.Hour))); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := q.exec(ctx, qLoginFailed, k, q.time(now)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (a txStore) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	rq := a.r.reader()
	_, err := queryOneRow(ctx, rq, qLoginFailures, []any{key, rq.time(micro(since))}, &n)
	return n, err
}

func (a txStore) ForgetLoginFailures(ctx context.Context, key string) error {
	return a.r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qForgetLogin, key)
		return err
	})
}

func (a txStore) LockStory(ctx context.Context, storyID, userID string, until time.Time) (StoryLock, bool, error) {
	now := micro(a.o.now())
	var (
		lock StoryLock
		ok   bool
	)
	err := a.r.writeTx(ctx, func(q querier) error {
		var (
			holder, name string
			held         dbTime
		)
		found, err := queryOneRow(ctx, q, qLockHolder+q.lock(), []any{storyID}, &holder, &name, &held)
		if err != nil {
			return err
		}
		if found && holder != userID && held.Time.After(now) {
			lock = StoryLock{StoryID: storyID, User: name, Until: held.Time}
			return nil
		}
		if _, err := q.exec(ctx, qLockSet, storyID, userID, q.time(micro(until))); err != nil {
			return err
		}
		ok = true
		lock = StoryLock{StoryID: storyID, Until: micro(until)}
		return nil
	})
	if err != nil {
		return StoryLock{}, false, fmt.Errorf("lock story %s: %w", storyID, err)
	}
	return lock, ok, nil
}

func (a txStore) UnlockStory(ctx context.Context, storyID, userID string) error {
	return a.r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, qUnlock, storyID, userID)
		return err
	})
}

func (a txStore) StoryLocks(ctx context.Context, ids []string) ([]StoryLock, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rq := a.r.reader()
	cond, arg := rq.inList("l.story_id", ids)
	var out []StoryLock
	err := rq.query(ctx, fmt.Sprintf(qLocks, cond), []any{rq.time(micro(a.o.now())), arg}, func(scan func(...any) error) error {
		var (
			l     StoryLock
			until dbTime
		)
		if err := scan(&l.StoryID, &l.User, &until); err != nil {
			return err
		}
		l.Until = until.Time
		out = append(out, l)
		return nil
	})
	return out, err
}

// appendAudit writes one audit entry in the caller's transaction.
func appendAudit(ctx context.Context, q querier, e AuditEntry) error {
	if _, err := q.exec(ctx, qAudit, q.time(micro(e.At)), e.Actor, e.Action, e.StoryID, e.Version, e.From, e.To, e.Reason, e.Address); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func (a txStore) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = a.o.now()
	}
	return a.r.writeTx(ctx, func(q querier) error { return appendAudit(ctx, q, e) })
}

func (a txStore) AuditLog(ctx context.Context, aq AuditQuery) ([]AuditEntry, error) {
	var where string
	args := []any{aq.Before, aq.Before}
	if aq.StoryID != "" {
		where += " AND story_id = ?"
		args = append(args, aq.StoryID)
	}
	if aq.Actor != "" {
		where += " AND actor = ?"
		args = append(args, aq.Actor)
	}
	limit := aq.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, min(limit, 1000))
	var out []AuditEntry
	err := a.r.reader().query(ctx, fmt.Sprintf(qAuditLog, where), args, func(scan func(...any) error) error {
		var (
			e  AuditEntry
			at dbTime
		)
		if err := scan(&e.ID, &at, &e.Actor, &e.Action, &e.StoryID, &e.Version, &e.From, &e.To, &e.Reason, &e.Address); err != nil {
			return err
		}
		e.At = at.Time
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
