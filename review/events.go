package review

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// eventsPoll is how often the event stream looks for new stories. The
// store is the one place every process writes to, so reading it serves a
// desk beside any number of pipeline workers.
const eventsPoll = 2 * time.Second

// events streams server-sent events: a "story" event with the summary of
// every story that enters the queue (new, or a new version) after the
// stream opened, so the desk shows arrivals without a reload.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, fmt.Errorf("streaming is not supported here"))
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // tell a proxy not to hold events back
	rc := http.NewResponseController(w)
	since := time.Now().Add(-time.Second)
	seen := map[string]int{}
	tick := time.NewTicker(eventsPoll)
	defer tick.Stop()
	write := func(format string, args ...any) bool {
		// Each write gets its own deadline: the server's WriteTimeout
		// would otherwise end the stream after a minute.
		_ = rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !write("retry: 5000\n: wiredesk queue events\n\n") {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
		page, err := s.store.Search(r.Context(), store.SearchQuery{Status: article.StatusQueued, Since: since, Limit: 50})
		if err != nil {
			s.log.Warn("queue events", "err", err, "request_id", requestID(r))
			if !write(": the store did not answer\n\n") {
				return
			}
			continue
		}
		for i := len(page.Stories) - 1; i >= 0; i-- {
			st := page.Stories[i]
			if seen[st.ID] >= st.Version {
				continue
			}
			seen[st.ID] = st.Version
			data, err := json.Marshal(st)
			if err != nil {
				continue
			}
			if !write("event: story\ndata: %s\n\n", data) {
				return
			}
		}
		if !write(": keep-alive\n\n") {
			return
		}
	}
}

// edit saves an editor's edit of a queued story as a new version.
func (s *Server) edit(w http.ResponseWriter, r *http.Request) {
	s.editorialAction(w, r, "edited", func(id string, act Action) (*article.Article, error) {
		return s.store.Edit(r.Context(), id, act.Version, store.Correction{
			Headline: act.Headline, Summary: act.Summary, BodyText: act.BodyText, Tags: act.Tags, Note: act.Note},
			principalOf(r).actor(r, s))
	})
}
