package review

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// tabs are the queue's status tabs, in the order of the story's life.
var tabs = []article.Status{article.StatusQueued, article.StatusApproved, article.StatusPublished,
	article.StatusRejected, article.StatusWithdrawn}

// desk is the editors' queue: one status tab, newest first, with the
// filters, the full-text search and keyset pages of the API.
func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	q, err := searchQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if q.Status == "" {
		q.Status = article.StatusQueued
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
	ids := make([]string, len(page.Stories))
	for i, a := range page.Stories {
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
	// The filters without the status and cursor, for the tabs' links;
	// with them but the next cursor, for the next page's.
	filters := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "status" && k != "cursor" && len(v) > 0 && v[0] != "" {
			filters.Set(k, v[0])
		}
	}
	next := ""
	if page.Next != "" {
		nv := url.Values{}
		for k, v := range filters {
			nv[k] = v
		}
		nv.Set("status", string(q.Status))
		nv.Set("cursor", page.Next)
		next = "/?" + nv.Encode()
	}
	s.render(w, r, http.StatusOK, "desk", map[string]any{
		"Title":   "Stories: " + string(q.Status),
		"Status":  q.Status,
		"Query":   q,
		"Page":    page,
		"Locks":   heldBy,
		"Filters": filters.Encode(),
		"Next":    next,
		"Tabs":    tabs,
	})
}
