package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/testenv"
)

// A key made with `wiredesk keys add` opens the downstream API of a
// running wiredesk; after `keys revoke` it no longer does.
func TestKeysCommand(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	keys := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, getenv: func(string) (string, bool) { return "", false }}
		code := mainWithExit(context.Background(), e, append(append([]string{"keys"}, args...), "--database-url", dbURL, "--data-dir", t.TempDir()))
		return code, out.String(), errs.String()
	}
	code, key, errs := keys("add", "example.com")
	key = strings.TrimSpace(key)
	if code != 0 || !strings.HasPrefix(key, "wdk_") || !strings.Contains(errs, "shown once") {
		t.Fatalf("keys add: %d %q %s", code, key, errs)
	}
	addr, logs := startRun(t, nil, "--database-url", dbURL, "--data-dir", filepath.Join(t.TempDir(), "d"))
	status := func() int {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/published", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	testenv.WaitFor(t, "the API answers", func() bool { return status() != 0 })
	if got := status(); got != http.StatusOK {
		t.Fatalf("with the key: %d; logs:\n%s", got, logs)
	}
	code, list, _ := keys("list")
	id := strings.TrimPrefix(key, "wdk_")[:10]
	if code != 0 || !strings.Contains(list, id) || !strings.Contains(list, "example.com") || strings.Contains(list, key) {
		t.Errorf("keys list: %d\n%s", code, list)
	}
	if code, _, errs := keys("revoke", id); code != 0 {
		t.Fatalf("keys revoke: %d %s", code, errs)
	}
	if got := status(); got != http.StatusUnauthorized {
		t.Errorf("after revoke: %d, want 401", got)
	}
	if code, list, _ := keys("list", "--json"); code != 0 || !strings.Contains(list, `"revoked_at"`) {
		t.Errorf("keys list --json: %d %s", code, list)
	}
	for _, bad := range [][]string{{"add"}, {"add", "--scope", "admin", "x"}, {"revoke"}, {"frob"}} {
		if code, _, _ := keys(bad...); code != 2 {
			t.Errorf("keys %v: exit %d, want 2", bad, code)
		}
	}
	if code, _, errs := keys("revoke", "nope"); code != 1 || !strings.Contains(errs, "no key") {
		t.Errorf("revoke of an unknown key: %d %s", code, errs)
	}
}
