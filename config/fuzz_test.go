package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, must
// either succeed with a config that validates or fail with a *config.Error
// whose every problem names the source.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validYAML))
	f.Add([]byte(""))
	f.Add([]byte("feedz: []\n"))
	f.Add([]byte("feeds:\n  - id: a\n    agency: ANI\n    url: ftp://x\n    interval: 1s\n"))
	f.Add([]byte("a: &a [x]\nb: &b [*a, *a]\nfeeds: *b\n"))
	f.Add([]byte("feeds:\n  - &f {id: a, agency: A, url: 'http://h/'}\n  - <<: *f\n    id: b\n"))
	f.Add([]byte("ingest: {feed_max_bytes: 1.5GiB, timeout: 1h, workers: 99999999999999999999}\n"))
	f.Add([]byte("--- \n...\n---\nx: 1\n"))
	f.Add([]byte("disclaimers:\n  agencies:\n    ? [a]\n    : b\n"))
	if data, err := os.ReadFile(filepath.Join("..", "wiredesk.example.yaml")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "fuzz.yaml")
		if err != nil {
			var cerr *Error
			if !errors.As(err, &cerr) || len(cerr.Problems) == 0 {
				t.Fatalf("error %T without problems: %v", err, err)
			}
			for _, p := range cerr.Problems {
				if !strings.HasPrefix(p.String(), "fuzz.yaml") {
					t.Fatalf("problem does not name the file: %q", p)
				}
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("parsed config does not validate: %v", err)
		}
	})
}
