package normalize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSiteRules(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "kremlin-meeting-republished.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		rules    []SiteRule
		url      string
		contains []string
		lacks    []string
	}{
		{
			name:     "body selector picks the container",
			rules:    []SiteRule{{Domain: "frontierdaily.example", Body: []string{"header.entry-header .post-excerpt", "div.entry-content"}}},
			url:      seedURL,
			contains: []string{"Ukraine maintains its constitutional stance", "Citing a senior Kremlin aide"},
		},
		{
			name:     "drop selector removes an element",
			rules:    []SiteRule{{Domain: "frontierdaily.example", Drop: []string{"blockquote.pull-quote", ".key-points-box"}}},
			url:      seedURL,
			contains: []string{"Citing a senior Kremlin aide"},
			lacks:    []string{"– Yury Ushakov", "Key Points"},
		},
		{
			name:     "subdomains match",
			rules:    []SiteRule{{Domain: "frontierdaily.example", Drop: []string{".key-points-box"}}},
			url:      "https://www.frontierdaily.example/world/x",
			lacks:    []string{"Key Points"},
			contains: []string{"Citing a senior Kremlin aide"},
		},
		{
			name:     "other sites are untouched",
			rules:    []SiteRule{{Domain: "aninews.in", Drop: []string{"p"}}},
			url:      seedURL,
			contains: []string{"Citing a senior Kremlin aide"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(page, tt.url, Options{Rules: tt.rules})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.contains {
				if !strings.Contains(a.BodyText, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(a.BodyText, s) {
					t.Errorf("body still has %q", s)
				}
			}
		})
	}
}

func TestSiteRuleValidate(t *testing.T) {
	if err := (SiteRule{Domain: "example.com", Body: []string{"div.story"}, Drop: []string{"aside, .promo"}}).Validate(); err != nil {
		t.Errorf("valid rule: %v", err)
	}
	for _, r := range []SiteRule{{Domain: "", Body: []string{"p"}}, {Domain: "example.com", Drop: []string{"div[["}}} {
		if err := r.Validate(); err == nil {
			t.Errorf("rule %+v validated", r)
		}
	}
	_, err := Extract([]byte("<p>x</p>"), "https://example.com/a", Options{Rules: []SiteRule{{Domain: "example.com", Drop: []string{"div[["}}}})
	if err == nil || !strings.Contains(err.Error(), "div[[") {
		t.Errorf("Extract with a broken rule: err = %v", err)
	}
}
