package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/demo"
)

// contractKeys are the top-level keys of the DESIGN.md article JSON.
var contractKeys = []string{
	"agency", "attributions", "body", "body_text", "bylines", "canonical_url", "cluster_id",
	"dateline", "disclaimer", "embeds", "entities", "feed", "fingerprint", "guid", "headline", "id",
	"images", "ingested_at", "key_points", "language", "published_at", "quotes", "status",
	"summary", "tags", "topics", "updated_at", "url", "version",
}

func runCommand(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) (string, bool) { return "", false }}
	code = mainWithExit(context.Background(), e, args)
	return out.String(), errb.String(), code
}

func TestExtractRepublishedAgencyPage(t *testing.T) {
	page, err := demo.Page("putin-meets-witkoff")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"file", []string{"extract", "--url", "https://example.com/news/putin-meets-witkoff", file}, ""},
		{"stdin", []string{"extract", "-"}, string(page)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCommand(t, tc.stdin, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout)
			}
			var keys []string
			for k := range raw {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, contractKeys) {
				t.Errorf("keys = %v\nwant %v", keys, contractKeys)
			}
			var a struct {
				Headline string `json:"headline"`
				BodyText string `json:"body_text"`
			}
			json.Unmarshal([]byte(stdout), &a)
			if a.Headline != "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff" {
				t.Errorf("headline = %q", a.Headline)
			}
			for _, want := range []string{"Moscow [Russia], April 25 (ANI):", "CNN reported", "he said"} {
				if !strings.Contains(a.BodyText, want) {
					t.Errorf("body_text lacks %q", want)
				}
			}
			for _, junk := range []string{"reader_42", "Peace is the only way", "You May Like", "Gold prices today", "auto-generated from a syndicated feed", "Share on Facebook", "All rights reserved"} {
				if strings.Contains(a.BodyText, junk) {
					t.Errorf("body_text keeps %q", junk)
				}
			}
		})
	}
}

func TestExtractNINJS(t *testing.T) {
	page, _ := demo.Page("syria-talks")
	stdout, stderr, code := runCommand(t, string(page), "extract", "--format", "ninjs", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := officialValidatorExtended(t, []byte(stdout)); err != nil {
		t.Errorf("extract --format ninjs does not validate against the wiredesk extension: %v\n%s", err, stdout)
	}
}

func officialValidatorExtended(t *testing.T, doc []byte) error {
	return officialValidator(t).ValidateExtended(doc)
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	badKey := filepath.Join(dir, "bad-key.yaml")
	os.WriteFile(badKey, []byte("data_dir: x\nfeedz: []\n"), 0o644)
	badURL := filepath.Join(dir, "bad-url.yaml")
	os.WriteFile(badURL, []byte("feeds:\n  - id: ani\n    agency: ANI\n    url: ftp://aninews.in/rss.xml\n"), 0o644)
	badRule := filepath.Join(dir, "bad-rule.yaml")
	os.WriteFile(badRule, []byte("extraction:\n  rules:\n    - domain: aninews.in\n      body: [\"div[class=\"]\n"), 0o644)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"config broken selector", []string{"run", "--config", badRule, "--data-dir", dir}, 1, []string{"extraction.rules[0] (aninews.in)"}},
		{"unknown command", []string{"frobnicate"}, 2, []string{`unknown command "frobnicate"`}},
		{"extract without file", []string{"extract"}, 2, []string{"want one FILE"}},
		{"extract bad format", []string{"extract", "--format", "xml", "-"}, 2, []string{`"xml"`}},
		{"extract missing file", []string{"extract", filepath.Join(dir, "nope.html")}, 1, []string{"nope.html"}},
		{"config unknown key", []string{"run", "--config", badKey}, 1, []string{"bad-key.yaml:2", "feedz"}},
		{"config bad url", []string{"run", "--config", badURL}, 1, []string{"bad-url.yaml:4", "feeds[0].url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCommand(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			for _, want := range tc.contains {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q: %s", want, stderr)
				}
			}
		})
	}
}
