package review

import (
	"net/http"
	"strconv"

	"github.com/wiredesk/wiredesk/store"
)

// AuditList is the body of GET /api/v1/audit.
type AuditList struct {
	Entries []store.AuditEntry `json:"entries"`
}

func auditQuery(r *http.Request) (store.AuditQuery, error) {
	q := store.AuditQuery{StoryID: r.URL.Query().Get("story"), Actor: r.URL.Query().Get("actor")}
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return q, errBadParam("before", b)
		}
		q.Before = n
	}
	limit, err := intParam(r, "limit")
	q.Limit = limit
	return q, err
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q, err := auditQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	entries, err := s.store.AuditLog(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if entries == nil {
		entries = []store.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, AuditList{Entries: entries})
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q, err := auditQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	q.Limit = 200
	entries, err := s.store.AuditLog(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var older int64
	if len(entries) == q.Limit {
		older = entries[len(entries)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit", map[string]any{"Title": "Audit log", "Entries": entries, "Older": older})
}
