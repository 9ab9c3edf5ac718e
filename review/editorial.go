package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// maxActionBody caps the JSON body of an editorial action: a correction's
// whole body text fits many times over.
const maxActionBody = 1 << 20

// Action is the JSON body of an editorial POST. Every field is optional
// except where the action says otherwise.
type Action struct {
	// Version is the version the editor saw; when set and no longer the
	// latest, the action is refused with 409 (the story changed).
	Version int `json:"version,omitempty"`
	// Reason is required to withdraw; a correction's Note says what was
	// wrong.
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
	// Headline, Summary and BodyText are a correction's new text.
	Headline *string `json:"headline,omitempty"`
	Summary  *string `json:"summary,omitempty"`
	BodyText *string `json:"body_text,omitempty"`
	// Tags replace an edited story's tags.
	Tags []string `json:"tags,omitempty"`
}

// readAction decodes an action's body; an empty body is an empty action.
func readAction(w http.ResponseWriter, r *http.Request) (Action, error) {
	var act Action
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxActionBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(&act)
	switch {
	case errors.Is(err, io.EOF):
		return act, nil
	case err != nil:
		return act, fmt.Errorf("request body: %w", err)
	}
	if dec.More() {
		return act, errors.New("request body: more than one JSON value")
	}
	return act, nil
}

// editorialAction runs one action on the story in the path and answers
// 202 Accepted with the story: what the action sends downstream is in the
// outbox, and the story's delivery says how far it got.
func (s *Server) editorialAction(w http.ResponseWriter, r *http.Request, name string,
	run func(id string, act Action) (*article.Article, error)) {
	act, err := readAction(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	id := r.PathValue("id")
	a, err := run(id, act)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a.Status != article.StatusRejected && a.Status != article.StatusQueued {
		s.wake()
	}
	// Read back so the answer carries the delivery the action queued.
	if fresh, err := s.store.Get(r.Context(), id); err == nil {
		a = fresh
	}
	s.log.Info("story "+name, "story_id", a.ID, "version", a.Version, "agency", a.Agency, "status", string(a.Status))
	code := http.StatusAccepted
	if a.Status == article.StatusRejected || a.Status == article.StatusQueued {
		code = http.StatusOK
	}
	writeJSON(w, code, a)
}

// approve queues a story's publication.
func (s *Server) approve(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "approved", func(id string, act Action) (*article.Article, error) {
		return s.store.Approve(r.Context(), id, act.Version, principalOf(r).actor(r, s))
	})
}

// reject takes a queued story off the queue, for a reason; nothing goes
// downstream.
func (s *Server) reject(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "rejected", func(id string, act Action) (*article.Article, error) {
		return s.store.Reject(r.Context(), id, act.Version, act.Reason, principalOf(r).actor(r, s))
	})
}

// restore puts a rejected story back in the queue (undo a reject).
func (s *Server) restore(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "restored", func(id string, act Action) (*article.Article, error) {
		return s.store.Restore(r.Context(), id, act.Version, principalOf(r).actor(r, s))
	})
}

// correct publishes an editor's correction of a published story.
func (s *Server) correct(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "corrected", func(id string, act Action) (*article.Article, error) {
		return s.store.Correct(r.Context(), id, act.Version, store.Correction{
			Headline: act.Headline, Summary: act.Summary, BodyText: act.BodyText, Tags: act.Tags, Note: strings.TrimSpace(act.Note)},
			principalOf(r).actor(r, s))
	})
}

// withdraw kills a published story downstream.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "withdrawn", func(id string, act Action) (*article.Article, error) {
		return s.store.Withdraw(r.Context(), id, act.Version, act.Reason, principalOf(r).actor(r, s))
	})
}

// lockDuration is how long opening a story for editing holds it.
const lockDuration = 5 * time.Minute

// LockAnswer is the body of POST /api/v1/stories/{id}/lock.
type LockAnswer struct {
	// Held is true when the caller now holds the story; else HeldBy names
	// the editor who does, until Until.
	Held   bool      `json:"held"`
	HeldBy string    `json:"held_by,omitempty"`
	Until  time.Time `json:"until"`
}

// lockStory holds a story for the editor who opens it for editing; a
// second editor is told who holds it (409). Renewing one's own lock
// extends it.
func (s *Server) lockStory(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.user == nil {
		writeError(w, http.StatusForbidden, errors.New("only an editor's session can hold a story"))
		return
	}
	lock, ok, err := s.store.LockStory(r.Context(), r.PathValue("id"), p.user.ID, time.Now().Add(lockDuration))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		writeJSON(w, http.StatusConflict, LockAnswer{HeldBy: lock.User, Until: lock.Until})
		return
	}
	writeJSON(w, http.StatusOK, LockAnswer{Held: true, Until: lock.Until})
}

func (s *Server) unlockStory(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.user == nil {
		writeError(w, http.StatusForbidden, errors.New("only an editor's session can hold a story"))
		return
	}
	if err := s.store.UnlockStory(r.Context(), r.PathValue("id"), p.user.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
