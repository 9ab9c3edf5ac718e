package normalize

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/andybalholm/cascadia"
)

// SiteRule tells the extractor where the story is on one site's pages. It
// is applied before the general search, for the sites whose markup an
// operator knows; the general rules still clean inside what it selects.
type SiteRule struct {
	// Domain matches the page's host and its subdomains: "aninews.in"
	// matches www.aninews.in too.
	Domain string `json:"domain" yaml:"domain"`
	// Body lists CSS selectors of the story's container; the elements they
	// match, in page order, are the body. When none matches, the general
	// search runs.
	Body []string `json:"body,omitempty" yaml:"body,omitempty"`
	// Drop lists CSS selectors of elements that are never the story.
	Drop []string `json:"drop,omitempty" yaml:"drop,omitempty"`
}

// Validate reports the first selector of r that does not compile.
func (r SiteRule) Validate() error {
	_, err := r.compile()
	return err
}

// compiledRule is a SiteRule with its selectors parsed.
type compiledRule struct {
	body, drop []cascadia.Selector
}

func (r SiteRule) compile() (*compiledRule, error) {
	if strings.TrimSpace(r.Domain) == "" {
		return nil, fmt.Errorf("site rule: empty domain")
	}
	c := &compiledRule{}
	for _, list := range []struct {
		name string
		sels []string
		out  *[]cascadia.Selector
	}{{"body", r.Body, &c.body}, {"drop", r.Drop, &c.drop}} {
		for _, s := range list.sels {
			sel, err := cascadia.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("site rule %s: %s selector %q: %w", r.Domain, list.name, s, err)
			}
			*list.out = append(*list.out, sel)
		}
	}
	return c, nil
}

// ruleFor returns the compiled rule for pageURL's host, or nil.
func ruleFor(rules []SiteRule, pageURL string) (*compiledRule, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, nil
	}
	host := strings.ToLower(u.Hostname())
	for _, r := range rules {
		d := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(r.Domain), "."))
		if host == d || strings.HasSuffix(host, "."+d) {
			return r.compile()
		}
	}
	return nil, nil
}

// applyRule marks what a site rule drops and records what it names as the
// body. It runs on the index before the text counts are aggregated.
func (ix *pageIndex) applyRule(r *compiledRule) {
	if r == nil {
		return
	}
	for i := range ix.nodes {
		n := ix.nodes[i].n
		for _, sel := range r.drop {
			if sel.Match(n) {
				ix.nodes[i].flags |= flagRuleDrop
				break
			}
		}
		for _, sel := range r.body {
			if sel.Match(n) {
				ix.ruleRoots = append(ix.ruleRoots, int32(i))
				break
			}
		}
	}
}
