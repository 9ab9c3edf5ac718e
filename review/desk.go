package review

import (
	"net/http"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// desk is the editors' queue: one status tab, newest first, with the facts
// an editor checks before approving.
func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	status := article.Status(r.URL.Query().Get("status"))
	if status == "" {
		status = article.StatusQueued
	}
	if !status.Valid() {
		writeError(w, http.StatusBadRequest, errBadParam("status", string(status)))
		return
	}
	stories, err := s.store.List(r.Context(), store.ListQuery{Status: status, Limit: 100})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]string, len(stories))
	for i, a := range stories {
		ids[i] = a.ID
	}
	locks, err := s.store.StoryLocks(r.Context(), ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Pointers, so that a story nobody holds indexes to nil in the page.
	heldBy := map[string]*store.StoryLock{}
	for _, l := range locks {
		heldBy[l.StoryID] = &l
	}
	s.render(w, r, http.StatusOK, "desk", map[string]any{
		"Title":   "Stories: " + string(status),
		"Status":  status,
		"Stories": stories,
		"Locks":   heldBy,
		"Tabs": []article.Status{article.StatusQueued, article.StatusApproved, article.StatusPublished,
			article.StatusRejected, article.StatusWithdrawn},
	})
}
