package review

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// DeadLetter is a message a pipeline stage gave up on, as the health page
// shows it.
type DeadLetter struct {
	Seq        uint64
	Stage      string
	Error      string
	Deliveries int
	Subject    string
	Time       time.Time
}

// DeadLettersFunc lists up to limit dead letters, oldest first.
type DeadLettersFunc func(ctx context.Context, limit int) ([]DeadLetter, error)

// WithDeadLetters lets the health page list the dead-letter stream; a
// desk without a bus (wiredesk desk) says that it cannot.
func WithDeadLetters(fn DeadLettersFunc) Option {
	return func(s *Server) { s.deadLetters = fn }
}

// stageCount is one stage's dead letters on the health page.
type stageCount struct {
	Stage string
	Count int
}

// healthPage shows editors and admins what comes in and what got stuck:
// every feed's last poll, last error, items in 24 hours and whether it is
// strangely quiet, and the dead letters per stage with their entries.
func (s *Server) healthPage(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Title": "Feeds and dead letters"}
	if fs, ok := s.store.(store.FeedStore); ok {
		health, err := fs.FeedHealth(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		now := time.Now()
		feeds := make([]FeedStatus, 0, len(health))
		for _, h := range health {
			feeds = append(feeds, NewFeedStatus(h, now))
		}
		data["Feeds"] = feeds
	}
	if s.deadLetters == nil {
		data["NoBus"] = true
	} else {
		letters, err := s.deadLetters(r.Context(), 500)
		if err != nil {
			data["DLQError"] = "The dead-letter stream could not be read; NATS may be away."
			s.log.Warn("health page: dead letters", "err", err, "request_id", requestID(r))
		}
		counts := map[string]int{}
		for _, d := range letters {
			counts[d.Stage]++
		}
		var stages []stageCount
		for st, n := range counts {
			stages = append(stages, stageCount{st, n})
		}
		sort.Slice(stages, func(i, j int) bool { return stages[i].Stage < stages[j].Stage })
		data["Stages"] = stages
		data["Letters"] = letters
	}
	s.render(w, r, http.StatusOK, "health", data)
}
