package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wiredesk/wiredesk/store"
)

// Processes started together (wiredesk run beside wiredesk poll) may open
// one brand-new SQLite file at the same moment: both must come up.
func TestSQLiteConcurrentFirstOpen(t *testing.T) {
	for round := range 5 {
		url := "sqlite:" + filepath.Join(t.TempDir(), "wd.db")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := store.Open(context.Background(), url)
				if err == nil {
					st.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}
