// Package review serves the editors' desk: the HTTP API over queued and
// published stories and the web page editors use to approve them.
package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// NINJSFunc renders a story as the ninjs document the API serves.
type NINJSFunc func(a *article.Article) any

// Server is the review HTTP API and UI.
type Server struct {
	store    store.Store
	ninjs    NINJSFunc
	eventDoc EventDocumentFunc
	// publicFeeds serves the syndication feeds without an API key.
	publicFeeds bool
	routes      []string
	// wake tells the relay in this process that the outbox has work.
	wake        func()
	auth        AuthOptions
	publicNames []string
	deadLetters DeadLettersFunc
	ready       []ReadyCheck
	// tlsCert and tlsKey make ListenAndServe serve HTTPS.
	tlsCert, tlsKey string
	log             *slog.Logger
	mux             *http.ServeMux
	handler         http.Handler
}

// WithTLS serves HTTPS with the certificate and key files
// (review.tls_cert, review.tls_key).
func WithTLS(certFile, keyFile string) Option {
	return func(s *Server) { s.tlsCert, s.tlsKey = certFile, keyFile }
}

// Option adjusts a Server.
type Option func(*Server)

// WithNINJS sets how GET /api/v1/stories/{id}?format=ninjs renders a
// story; the default is the article's extended ninjs mapping. The
// pipeline's rendering also marks killed stories canceled, as downstream
// sees them.
func WithNINJS(fn NINJSFunc) Option {
	return func(s *Server) { s.ninjs = fn }
}

// WithRelayWake sets what the server calls after an approval, correction
// or withdrawal wrote the outbox: the relay in the same process reads it
// at once instead of at its next poll.
func WithRelayWake(wake func()) Option {
	return func(s *Server) { s.wake = wake }
}

// NewServer builds the handler tree. Editorial actions write the store's
// outbox; the server never talks to the bus.
func NewServer(st store.Store, log *slog.Logger, opts ...Option) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{store: st, log: log, mux: http.NewServeMux(), wake: func() {},
		ninjs: func(a *article.Article) any { return a.NINJSExtended() },
		eventDoc: func(a *article.Article, _ article.Event) ([]byte, error) {
			return json.Marshal(a.NINJSExtended())
		}}
	for _, opt := range opts {
		opt(s)
	}
	s.auth.defaults()
	s.routeTable()
	s.handler = s.harden(s.mux)
	return s
}

// handle registers one route, guarded by the access it needs, and
// remembers its pattern for Routes.
func (s *Server) handle(pattern string, need access, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, s.guard(need, h))
}

// Routes lists the patterns the server answers ("GET /api/v1/stories"):
// the OpenAPI document must describe each of them.
func (s *Server) Routes() []string { return slices.Clone(s.routes) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// ListenAndServe serves on addr until ctx is cancelled, then shuts down
// gracefully. Every phase of a connection has a deadline, so a slow or
// idle client cannot hold a connection open.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	// Requests run under a context that ends when the server shuts down,
	// so long-lived ones (the queue's event stream) end with it instead
	// of holding the shutdown until its deadline.
	base, stopRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRequests()
	srv := &http.Server{
		Addr: addr, Handler: s,
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() {
		if s.tlsCert != "" {
			errc <- srv.ListenAndServeTLS(s.tlsCert, s.tlsKey)
			return
		}
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("review: listen %s: %w", addr, err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		stopRequests()
		return srv.Shutdown(sctx)
	}
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// StoryList is the body of GET /api/v1/stories.
type StoryList struct {
	Stories []*article.Article `json:"stories"`
}

// listStories serves the queue: list projections with filters, full
// text and keyset pages (store.SearchPage); with view=full, whole
// articles paged by offset, as the API served before the projection.
func (s *Server) listStories(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("view") == "full" {
		s.listFullStories(w, r)
		return
	}
	q, err := searchQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	page, err := s.store.Search(r.Context(), q)
	if errors.Is(err, store.ErrBadCursor) {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// searchQuery reads the queue's filters from the URL: status, agency,
// feed, topic, cluster, has (quotes, embeds; comma-separated), since and
// until (RFC 3339 or a date), q (full text), cursor and limit.
func searchQuery(r *http.Request) (store.SearchQuery, error) {
	v := r.URL.Query()
	q := store.SearchQuery{
		Status: article.Status(v.Get("status")), Agency: v.Get("agency"), Feed: v.Get("feed"),
		Topic: v.Get("topic"), ClusterID: v.Get("cluster"), Text: v.Get("q"), Cursor: v.Get("cursor"),
	}
	if q.Status != "" && !q.Status.Valid() {
		return q, fmt.Errorf("status %q is unknown", q.Status)
	}
	for _, h := range strings.Split(v.Get("has"), ",") {
		switch strings.TrimSpace(h) {
		case "":
		case "quotes":
			q.HasQuotes = true
		case "embeds":
			q.HasEmbeds = true
		default:
			return q, fmt.Errorf("has %q: want quotes or embeds", h)
		}
	}
	for name, dst := range map[string]*time.Time{"since": &q.Since, "until": &q.Until} {
		raw := v.Get(name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			if t, err = time.Parse("2006-01-02", raw); err != nil {
				return q, fmt.Errorf("%s %q is not a date (2025-04-25) or an RFC 3339 time", name, raw)
			}
		}
		*dst = t
	}
	var err error
	q.Limit, err = intParam(r, "limit")
	return q, err
}

func (s *Server) listFullStories(w http.ResponseWriter, r *http.Request) {
	q := store.ListQuery{
		Status: article.Status(r.URL.Query().Get("status")),
		Agency: r.URL.Query().Get("agency"),
		Feed:   r.URL.Query().Get("feed"),
	}
	if q.Status != "" && !q.Status.Valid() {
		writeError(w, http.StatusBadRequest, fmt.Errorf("status %q is unknown", q.Status))
		return
	}
	var err error
	if q.Limit, err = intParam(r, "limit"); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if q.Offset, err = intParam(r, "offset"); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	stories, err := s.store.List(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if stories == nil {
		stories = []*article.Article{}
	}
	writeJSON(w, http.StatusOK, StoryList{Stories: stories})
}

func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q is not a non-negative integer", name, v)
	}
	return n, nil
}

// getStory serves a story as wiredesk's article JSON, or with
// ?format=ninjs as IPTC ninjs with the wiredesk extension (quotes,
// embeds, attributions, dateline …).
func (s *Server) getStory(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "" && format != "article" && format != "ninjs" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("format %q is unknown: want article or ninjs", format))
		return
	}
	a, err := s.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "ninjs" {
		writeJSON(w, http.StatusOK, s.ninjs(a))
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) storyVersions(w http.ResponseWriter, r *http.Request) {
	vs, err := s.store.Versions(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, StoryList{Stories: vs})
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err)
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrStale):
		writeError(w, http.StatusConflict, err)
	case errors.Is(err, article.ErrInvalid):
		writeError(w, http.StatusUnprocessableEntity, err)
	default:
		// The cause stays in the log; the client gets the request id to
		// quote, never internal text.
		id := requestID(r)
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", id, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{
			"error": "something went wrong on the server; quote request " + id + " to the operator", "request_id": id})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// errBadParam says which query parameter was wrong.
func errBadParam(name, value string) error {
	return fmt.Errorf("%s %q is not valid", name, value)
}
