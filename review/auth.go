package review

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// AuthOptions are the desk's session and login settings.
type AuthOptions struct {
	// IdleTimeout ends a session unused for this long (default 30m).
	IdleTimeout time.Duration
	// MaxAge ends a session this long after login, used or not (default
	// 12h).
	MaxAge time.Duration
	// TrustProxy believes X-Forwarded-Proto and X-Forwarded-For from a
	// reverse proxy in front of the desk (only when one is: a client
	// could send them too).
	TrustProxy bool
	// AccountFailures and AddressFailures are how many failed logins in
	// FailureWindow an account and a client address may have before
	// further tries are refused unchecked (defaults 5, 20 and 15m).
	AccountFailures, AddressFailures int
	FailureWindow                    time.Duration
}

func (o *AuthOptions) defaults() {
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Minute
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 12 * time.Hour
	}
	if o.AccountFailures <= 0 {
		o.AccountFailures = 5
	}
	if o.AddressFailures <= 0 {
		o.AddressFailures = 20
	}
	if o.FailureWindow <= 0 {
		o.FailureWindow = 15 * time.Minute
	}
}

// WithAuth sets the session and login settings.
func WithAuth(o AuthOptions) Option {
	return func(s *Server) { s.auth = o }
}

// principal is who a request acts for: an editor's session or an API key.
type principal struct {
	user *store.User
	key  *store.APIKey
}

func (p principal) actor(r *http.Request, s *Server) store.Actor {
	a := store.Actor{Address: s.clientAddress(r)}
	switch {
	case p.user != nil:
		a.Name = p.user.Name
	case p.key != nil:
		a.Name = "key:" + p.key.ID + " (" + p.key.Name + ")"
	}
	return a
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

func principalOf(r *http.Request) principal {
	p, _ := r.Context().Value(principalKey{}).(principal)
	return p
}

// secure reports whether the client reached the desk over TLS.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.auth.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// cookieName is __Host- prefixed over TLS: the browser then accepts the
// cookie only if Secure, host-only and for path /, so a sibling subdomain
// cannot plant a session.
func (s *Server) cookieName(r *http.Request) string {
	if s.secure(r) {
		return "__Host-wiredesk_session"
	}
	return "wiredesk_session"
}

func (s *Server) clientAddress(r *http.Request) string {
	if s.auth.TrustProxy {
		if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
			first, _, _ := strings.Cut(fwd, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func hashSessionID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// startSession makes a new session for u (a fresh id at every login, so a
// session id planted before the login is worthless) and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u store.User) error {
	if old, err := r.Cookie(s.cookieName(r)); err == nil {
		_ = s.store.DeleteSession(r.Context(), hashSessionID(old.Value))
	}
	raw := make([]byte, 32) // 256 bits
	rand.Read(raw)
	id := base64.RawURLEncoding.EncodeToString(raw)
	expires := time.Now().Add(s.auth.MaxAge)
	if err := s.store.CreateSession(r.Context(), hashSessionID(id), u.ID, expires, s.clientAddress(r)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(r), Value: id, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// endSession removes the request's session and its cookie.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName(r)); err == nil {
		_ = s.store.DeleteSession(r.Context(), hashSessionID(c.Value))
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// authenticate finds the request's principal: a session cookie, or an API
// key in Authorization: Bearer or X-API-Key (and, where allowQuery, ?key=).
func (s *Server) authenticate(r *http.Request, allowQuery bool) (principal, error) {
	if key := apiKeyFrom(r, allowQuery); key != "" {
		k, err := s.store.CheckKey(r.Context(), key)
		if err != nil {
			return principal{}, err
		}
		return principal{key: &k}, nil
	}
	c, err := r.Cookie(s.cookieName(r))
	if err != nil {
		return principal{}, store.ErrNoSession
	}
	u, err := s.store.Session(r.Context(), hashSessionID(c.Value), s.auth.IdleTimeout)
	if err != nil {
		return principal{}, err
	}
	return principal{user: &u}, nil
}

// access is what a route needs of its caller.
type access int

const (
	// public routes need nothing.
	public access = iota
	// readAccess needs a session or any API key.
	readAccess
	// writeAccess needs a session or a write-scoped API key.
	writeAccess
	// adminAccess needs an admin's session.
	adminAccess
	// pageAccess is readAccess for HTML pages: without it the browser is
	// sent to the login page rather than given a 401.
	pageAccess
	// feedAccess is readAccess that also takes ?key=, for feed readers.
	feedAccess
)

// guard wraps a handler with the access it needs.
func (s *Server) guard(need access, next http.HandlerFunc) http.HandlerFunc {
	if need == public {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r, need == feedAccess)
		switch {
		case errors.Is(err, store.ErrNoSession) || errors.Is(err, store.ErrBadKey):
			if need == pageAccess || need == adminAccess && r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="wiredesk"`)
			writeError(w, http.StatusUnauthorized, errors.New("log in, or send an API key as Authorization: Bearer <key>"))
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		switch {
		case need == writeAccess && p.key != nil && p.key.Scope != store.ScopeWrite:
			writeError(w, http.StatusForbidden, errors.New("this API key may only read"))
			return
		case need == adminAccess && (p.user == nil || p.user.Role != store.RoleAdmin):
			writeError(w, http.StatusForbidden, errors.New("only an admin may do this"))
			return
		}
		next(w, r.WithContext(withPrincipal(r.Context(), p)))
	}
}
