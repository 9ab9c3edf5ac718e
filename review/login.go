package review

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", map[string]any{"Title": "Log in", "Next": safeNext(r.URL.Query().Get("next"))})
}

// login checks a name and password, throttled per account and per
// address, and starts a new session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("login form: %w", err))
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	password := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	address := s.clientAddress(r)
	again := func(status int, msg string) {
		s.render(w, r, status, "login", map[string]any{"Title": "Log in", "Next": next, "Name": name, "Error": msg})
	}
	ctx := r.Context()
	since := time.Now().Add(-s.auth.FailureWindow)
	accountKey, addressKey := "account:"+strings.ToLower(name), "address:"+address
	byAccount, err1 := s.store.LoginFailures(ctx, accountKey, since)
	byAddress, err2 := s.store.LoginFailures(ctx, addressKey, since)
	if err := errors.Join(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	if byAccount >= s.auth.AccountFailures || byAddress >= s.auth.AddressFailures {
		_ = s.store.Audit(ctx, store.AuditEntry{Actor: name, Action: "login-throttled", Address: address})
		w.Header().Set("Retry-After", fmt.Sprint(int(s.auth.FailureWindow.Seconds())))
		again(http.StatusTooManyRequests, fmt.Sprintf("Too many failed logins. Try again in %d minutes, or ask an admin to reset the password.",
			int(s.auth.FailureWindow.Minutes())))
		return
	}
	u, hash, err := s.store.UserForLogin(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		hash = dummyHash() // an unknown name costs what a wrong password costs
	}
	if !CheckPassword(hash, password) || err != nil || u.Disabled != nil {
		_ = s.store.LoginFailed(ctx, accountKey, addressKey)
		_ = s.store.Audit(ctx, store.AuditEntry{Actor: name, Action: "login-failed", Address: address})
		s.log.Warn("login failed", "user", name, "address", address, "request_id", requestID(r))
		again(http.StatusUnauthorized, "Wrong name or password.")
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	_ = s.store.ForgetLoginFailures(ctx, accountKey)
	_ = s.store.Audit(ctx, store.AuditEntry{Actor: u.Name, Action: "login", Address: address})
	s.log.Info("login", "user", u.Name, "address", address)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	s.endSession(w, r)
	if p.user != nil {
		_ = s.store.Audit(r.Context(), store.AuditEntry{Actor: p.user.Name, Action: "logout", Address: s.clientAddress(r)})
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// Me is the body of GET /api/v1/me.
type Me struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Kind  string `json:"kind"`
	Scope string `json:"scope,omitempty"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	switch {
	case p.user != nil:
		writeJSON(w, http.StatusOK, Me{Name: p.user.Name, Role: string(p.user.Role), Kind: "session"})
	case p.key != nil:
		writeJSON(w, http.StatusOK, Me{Name: p.key.Name, Kind: "api-key", Scope: string(p.key.Scope)})
	}
}
