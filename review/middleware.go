package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
)

// maxRequestBody caps every request body: the largest is a correction's
// whole text, far below it.
const maxRequestBody = 1 << 20

// contentSecurityPolicy allows nothing inline and nothing from elsewhere
// (story text is hostile: even if markup slipped through escaping, it
// could run no script), and no framing (clickjacking).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

type requestIDKey struct{}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// WithPublicNames sets the host names the desk answers to (review.
// public_names); any other Host header is refused, which stops DNS
// rebinding from reading the queue through a victim's browser. Loopback
// names are always allowed.
func WithPublicNames(names ...string) Option {
	return func(s *Server) { s.publicNames = append(s.publicNames, names...) }
}

// hostAllowed reports whether the request's Host is one the desk answers
// to.
func (s *Server) hostAllowed(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	switch host {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return slices.ContainsFunc(s.publicNames, func(n string) bool { return strings.EqualFold(n, host) })
}

// harden is the middleware chain every request passes, in order: a
// request id, security headers, the Host check, a body cap, and the
// cross-origin check of state-changing requests.
func (s *Server) harden(next http.Handler) http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "request_id", requestID(r), "address", s.clientAddress(r))
		writeError(w, http.StatusForbidden, fmt.Errorf("cross-origin request refused"))
	}))
	protected := csrf.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := make([]byte, 8)
		rand.Read(raw)
		id := hex.EncodeToString(raw)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !s.hostAllowed(r) {
			writeError(w, http.StatusMisdirectedRequest, fmt.Errorf("host %q is not one this desk answers to (review.public_names)", r.Host))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
		protected.ServeHTTP(w, r)
	})
}
