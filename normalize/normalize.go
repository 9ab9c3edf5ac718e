// Package normalize turns what ingest fetched — a feed item and, when one
// was fetched, its article page — into the canonical article.Article: the
// story's own text as ordered body blocks, with its headline, summary,
// dateline, bylines, times, images, tags, key points and embeds, and
// without the page's comments, rails, share bars, prompts, ads and site
// disclaimers.
//
// It knows nothing of NATS, SQL or HTTP: FromRaw and Extract are plain
// functions, safe for concurrent use, bounded in time and memory on hostile
// pages.
package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// Defaults for Options. A 5 MiB page parses whole; beyond the caps the
// extractor reads less rather than running long.
const (
	DefaultMaxPageBytes = 8 << 20
	DefaultMaxNodes     = 400_000
	DefaultMaxDepth     = 256
)

// Options tune extraction. The zero value is ready to use.
type Options struct {
	// MaxPageBytes caps how much of a page is parsed; the rest is ignored.
	// Zero means DefaultMaxPageBytes (8 MiB).
	MaxPageBytes int
	// MaxNodes caps how many elements are examined. Zero means
	// DefaultMaxNodes (400,000).
	MaxNodes int
	// MaxDepth caps how deep below <html> the extractor looks; deeper
	// elements count as text only. Zero means DefaultMaxDepth (256).
	MaxDepth int
	// Rules are per-site selectors for the story's body and for what to
	// drop, applied before the general search on the sites they name.
	// None ship by default: a rule belongs with real markup to test it on.
	Rules []SiteRule
	// BodyOnly skips the wire passes (dateline, quotes with speakers,
	// source attributions, bare-link embeds) for callers that only want
	// the story's text and metadata.
	BodyOnly bool
}

// limits are Options with defaults applied.
type limits struct {
	maxPageBytes, maxNodes, maxDepth int
}

func (o Options) limits() limits {
	l := limits{maxPageBytes: o.MaxPageBytes, maxNodes: o.MaxNodes, maxDepth: o.MaxDepth}
	if l.maxPageBytes <= 0 {
		l.maxPageBytes = DefaultMaxPageBytes
	}
	if l.maxNodes <= 0 {
		l.maxNodes = DefaultMaxNodes
	}
	if l.maxDepth <= 0 {
		l.maxDepth = DefaultMaxDepth
	}
	return l
}

// ErrEmpty is returned (wrapped) when an item has neither a headline nor
// any body text: there is no story to pass on.
var ErrEmpty = errors.New("normalize: no headline and no body")

// FromRaw builds the canonical article from one fetched feed item. When the
// item carries its page, the body and page metadata come from the page and
// the feed fills what the page lacks; otherwise the body is built from the
// feed's content or summary (which may be HTML). The article's Status is
// left empty: the store sets it.
func FromRaw(raw *article.Raw, opts Options) (*article.Article, error) {
	if raw == nil {
		return nil, fmt.Errorf("normalize: nil raw item")
	}
	var a *article.Article
	if len(raw.Page) > 0 {
		base := raw.PageURL
		if base == "" {
			base = raw.Link
		}
		var err error
		a, err = extract(raw.Page, base, opts, false)
		if err != nil {
			return nil, fmt.Errorf("normalize %s item %s: %w", raw.Feed, raw.ItemID, err)
		}
		// A page whose extraction found no body (a paywall, a video page)
		// still has the feed's text.
		if a.BodyText == "" {
			fillBodyFromFeed(a, raw, opts)
		}
	} else {
		a = &article.Article{}
		fillBodyFromFeed(a, raw, opts)
	}
	fillFromFeed(a, raw)

	a.ID = article.StoryID(raw.Agency, raw.ItemID)
	a.Agency = raw.Agency
	a.Feed = raw.Feed
	a.GUID = raw.GUID
	a.URL = raw.Link
	if a.URL == "" {
		a.URL = raw.PageURL
	}
	if a.CanonicalURL == "" {
		a.CanonicalURL = a.URL
	}
	if !raw.FetchedAt.IsZero() {
		t := raw.FetchedAt
		a.IngestedAt = &t
	}
	a.Version = 1
	a.Status = ""
	if opts.BodyOnly {
		if a.Dateline == nil {
			a.Dateline = findDateline(a.Body, a.PublishedAt)
		}
	} else {
		annotate(a)
	}
	a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
	if strings.TrimSpace(a.Headline) == "" && strings.TrimSpace(a.BodyText) == "" {
		return nil, fmt.Errorf("normalize %s item %s: %w", raw.Feed, raw.ItemID, ErrEmpty)
	}
	return a, nil
}

// fillBodyFromFeed builds the body from the item's content, else its
// summary. Feed text may be HTML or plain text.
func fillBodyFromFeed(a *article.Article, raw *article.Raw, opts Options) {
	src := raw.Content
	if strings.TrimSpace(src) == "" {
		src = raw.Summary
	}
	if strings.TrimSpace(src) == "" {
		return
	}
	frag := fragmentBody(src, raw.Link, opts)
	a.Body = frag.Body
	a.BodyText = frag.BodyText
	if len(a.Images) == 0 {
		a.Images = frag.Images
	} else {
		// Image blocks index the fragment's images; append and shift.
		off := len(a.Images)
		a.Images = append(a.Images, frag.Images...)
		for i := range a.Body {
			if a.Body[i].Image != nil {
				v := *a.Body[i].Image + off
				a.Body[i].Image = &v
			}
		}
	}
	a.Embeds = frag.Embeds
	if len(a.KeyPoints) == 0 {
		a.KeyPoints = frag.KeyPoints
	}
}

// fillFromFeed completes the article with feed fields the page lacked.
func fillFromFeed(a *article.Article, raw *article.Raw) {
	if a.Headline == "" {
		a.Headline = foldSpace(htmlToText(raw.Title))
	}
	if a.Summary == "" && raw.Summary != "" {
		s := foldSpace(htmlToText(raw.Summary))
		// A summary that is the whole body says nothing more.
		if s != a.BodyText {
			a.Summary = s
		}
	}
	if len(a.Bylines) == 0 {
		for _, name := range raw.Authors {
			for _, n := range parseByline(name) {
				a.Bylines = append(a.Bylines, article.Byline{Name: n})
			}
		}
	}
	if len(a.Tags) == 0 {
		a.Tags = dedupeFold(raw.Categories)
	}
	if a.PublishedAt == nil && raw.PublishedAt != nil {
		t := *raw.PublishedAt
		a.PublishedAt = &t
	}
	if a.UpdatedAt == nil && raw.UpdatedAt != nil {
		t := *raw.UpdatedAt
		a.UpdatedAt = &t
	}
	if raw.ImageURL != "" {
		found := false
		for _, im := range a.Images {
			if im.URL == raw.ImageURL {
				found = true
				break
			}
		}
		if !found && len(a.Images) == 0 {
			a.Images = append(a.Images, article.Image{URL: raw.ImageURL})
		}
	}
	// The dateline's year resolves against the publication time, which the
	// feed may have supplied only now.
	if a.Dateline != nil && a.PublishedAt != nil && len(a.Dateline.Date) > 0 && !isISODate(a.Dateline.Date) {
		if d := findDateline(a.Body, a.PublishedAt); d != nil {
			a.Dateline = d
		}
	}
}

func isISODate(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-'
}

// dedupeFold drops empty and repeated (case-insensitively) strings.
func dedupeFold(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = foldSpace(s)
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}
