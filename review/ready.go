package review

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// ReadyCheck is one dependency the server needs to do its work: a name
// (nats, store) and a check that returns an error saying what is wrong.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// WithReadiness sets what GET /readyz checks.
func WithReadiness(checks ...ReadyCheck) Option {
	return func(s *Server) { s.ready = append(s.ready, checks...) }
}

// Readiness is the body of GET /readyz.
type Readiness struct {
	Status string `json:"status"`
	// Failing names each part that is not ready, with why.
	Failing map[string]string `json:"failing,omitempty"`
}

// readyz answers 200 when every dependency answers, and 503 naming the
// ones that do not: what a load balancer or Kubernetes probe asks before
// sending traffic. /healthz only says the process is alive.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		failing = map[string]string{}
	)
	for _, c := range s.ready {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Check(ctx); err != nil {
				mu.Lock()
				failing[c.Name] = err.Error()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	w.Header().Set("Cache-Control", "no-store")
	if len(failing) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, Readiness{Status: "not ready", Failing: failing})
		return
	}
	writeJSON(w, http.StatusOK, Readiness{Status: "ready"})
}
