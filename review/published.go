package review

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// EventDocumentFunc renders a published version of a story as the
// document its event carried on the stream.
type EventDocumentFunc func(a *article.Article, event article.Event) ([]byte, error)

// WithEventDocument sets how the downstream API renders a published event
// (the pipeline's EventDocument: extended ninjs with the ednote and the
// canceled status of a withdrawal). The default is the extended ninjs of
// the story as stored.
func WithEventDocument(fn EventDocumentFunc) Option {
	return func(s *Server) { s.eventDoc = fn }
}

// WithPublicFeeds serves the Atom and JSON feeds without an API key.
func WithPublicFeeds(public bool) Option {
	return func(s *Server) { s.publicFeeds = public }
}

// PublishedList is the body of GET /api/v1/published.
type PublishedList struct {
	Events []PublishedEvent `json:"events"`
	// Next is the URL of the following page: the same filters after the
	// last sequence listed. A client polls it until it comes back empty,
	// then keeps polling it for what is published next.
	Next string `json:"next"`
}

// PublishedEvent is one message that went downstream.
type PublishedEvent struct {
	Sequence uint64        `json:"sequence"`
	Event    article.Event `json:"event"`
	StoryID  string        `json:"story_id"`
	Version  int           `json:"version"`
	Agency   string        `json:"agency"`
	Topic    string        `json:"topic"`
	Subject  string        `json:"subject"`
	SentAt   time.Time     `json:"sent_at"`
	// NINJS is the document as published (format=ninjs, the default);
	// Article the canonical article (format=article).
	NINJS   json.RawMessage  `json:"ninjs,omitempty"`
	Article *article.Article `json:"article,omitempty"`
}

// apiKeyFrom reads a key from the Authorization: Bearer or X-API-Key
// header, and for feeds (which many readers cannot send headers with)
// from ?key=.
func apiKeyFrom(r *http.Request, allowQuery bool) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if key, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(key)
		}
	}
	if key := r.Header.Get("X-API-Key"); key != "" {
		return key
	}
	if allowQuery {
		return r.URL.Query().Get("key")
	}
	return ""
}

func (s *Server) listPublished(w http.ResponseWriter, r *http.Request) {
	q, format, err := publishedQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	events, err := s.store.ListPublished(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := PublishedList{Events: make([]PublishedEvent, 0, len(events))}
	after := q.After
	for _, e := range events {
		pe, err := s.publishedEvent(e, format)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		list.Events = append(list.Events, pe)
		after = e.Sequence
	}
	next := url.Values{}
	for _, k := range []string{"agency", "topic", "since", "limit", "format"} {
		if v := r.URL.Query().Get(k); v != "" {
			next.Set(k, v)
		}
	}
	next.Set("after", strconv.FormatUint(after, 10))
	list.Next = "/api/v1/published?" + next.Encode()
	body, err := json.Marshal(list)
	if err != nil {
		s.fail(w, r, fmt.Errorf("encode published list: %w", err))
		return
	}
	writeCached(w, r, "application/json; charset=utf-8", body, "private, max-age=5")
}

// publishedQuery reads the list's filters: agency, topic (subject tokens
// or names), since (RFC 3339 or a duration back from now, e.g. 1h), after
// (a sequence), limit, format.
func publishedQuery(r *http.Request) (store.PublishedQuery, string, error) {
	v := r.URL.Query()
	q := store.PublishedQuery{}
	if a := v.Get("agency"); a != "" {
		q.Agency = article.Token(a)
	}
	if t := v.Get("topic"); t != "" {
		q.Topic = article.Token(t)
	}
	if since := v.Get("since"); since != "" {
		if d, err := time.ParseDuration(since); err == nil && d > 0 {
			q.Since = time.Now().Add(-d)
		} else if t, err := time.Parse(time.RFC3339, since); err == nil {
			q.Since = t
		} else {
			return q, "", fmt.Errorf("since %q is neither an RFC 3339 time nor a duration such as 1h", since)
		}
	}
	if a := v.Get("after"); a != "" {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil {
			return q, "", fmt.Errorf("after %q is not a stream sequence", a)
		}
		q.After = n
	}
	n, err := intParam(r, "limit")
	if err != nil {
		return q, "", err
	}
	q.Limit = n
	format := v.Get("format")
	switch format {
	case "":
		format = "ninjs"
	case "ninjs", "article":
	default:
		return q, "", fmt.Errorf("format %q is unknown: want ninjs or article", format)
	}
	return q, format, nil
}

func (s *Server) publishedEvent(e store.PublishedEvent, format string) (PublishedEvent, error) {
	pe := PublishedEvent{Sequence: e.Sequence, Event: e.Event, StoryID: e.Story.ID, Version: e.Story.Version,
		Agency: e.Agency, Topic: e.Topic, Subject: e.Subject, SentAt: e.SentAt}
	if format == "article" {
		pe.Article = e.Story
		return pe, nil
	}
	doc, err := s.eventDoc(e.Story, e.Event)
	if err != nil {
		return pe, fmt.Errorf("render %s v%d: %w", e.Story.ID, e.Story.Version, err)
	}
	pe.NINJS = doc
	return pe, nil
}

// getPublished serves a story as it was last published: ninjs by default,
// the canonical article with ?format=article or Accept: application/json.
func (s *Server) getPublished(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "ninjs"
		if accept := r.Header.Get("Accept"); strings.Contains(accept, "application/json") && !strings.Contains(accept, "ninjs") {
			format = "article"
		}
	}
	if format != "ninjs" && format != "article" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("format %q is unknown: want ninjs or article", format))
		return
	}
	events, err := s.store.ListPublished(r.Context(), store.PublishedQuery{StoryID: id, Newest: true, Limit: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(events) == 0 {
		writeError(w, http.StatusNotFound, fmt.Errorf("story %s has not been published", id))
		return
	}
	e := events[0]
	w.Header().Set("Wiredesk-Event", string(e.Event))
	w.Header().Set("Wiredesk-Version", strconv.Itoa(e.Story.Version))
	w.Header().Set("Wiredesk-Sequence", strconv.FormatUint(e.Sequence, 10))
	w.Header().Add("Vary", "Accept")
	if format == "article" {
		body, err := json.Marshal(e.Story)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeCached(w, r, "application/json; charset=utf-8", body, "private, max-age=5")
		return
	}
	doc, err := s.eventDoc(e.Story, e.Event)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCached(w, r, "application/ninjs+json", doc, "private, max-age=5")
}

// writeCached writes body with a strong ETag over its bytes, and answers a
// matching If-None-Match with 304 Not Modified.
func writeCached(w http.ResponseWriter, r *http.Request, contentType string, body []byte, cacheControl string) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if !strings.HasPrefix(cacheControl, "public") {
		h.Add("Vary", "Authorization, X-API-Key")
	}
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatches implements If-None-Match's weak comparison over a list.
func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}
