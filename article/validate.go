package article

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ValidationError lists every problem found in one article.
type ValidationError struct {
	ID       string
	Problems []string
}

func (e *ValidationError) Error() string {
	id := e.ID
	if id == "" {
		id = "(no id)"
	}
	return fmt.Sprintf("article %s: %s", id, strings.Join(e.Problems, "; "))
}

// ErrInvalid is matched by every ValidationError through errors.Is.
var ErrInvalid = errors.New("invalid article")

// Is lets callers test errors.Is(err, ErrInvalid).
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Validate checks what every stage downstream of normalize relies on. It
// returns a *ValidationError naming all problems, or nil.
func (a *Article) Validate() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if a.ID == "" {
		add("id is empty")
	}
	if a.Agency == "" {
		add("agency is empty")
	}
	if strings.TrimSpace(a.Headline) == "" {
		add("headline is empty")
	}
	if a.Version < 1 {
		add("version %d is below 1", a.Version)
	}
	for _, field := range []struct{ name, val string }{{"url", a.URL}, {"canonical_url", a.CanonicalURL}} {
		if field.val == "" {
			continue
		}
		u, err := url.Parse(field.val)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("%s %q is not an http(s) URL", field.name, field.val)
		}
	}
	if a.Status != "" && !a.Status.Valid() {
		add("status %q is unknown", a.Status)
	}
	for i, b := range a.Body {
		switch b.Type {
		case BlockParagraph, BlockHeading, BlockQuote:
			if b.Text == "" {
				add("body[%d] %s has no text", i, b.Type)
			}
		case BlockList:
			if len(b.Items) == 0 {
				add("body[%d] list has no items", i)
			}
		case BlockEmbed:
			if b.Embed == nil || *b.Embed < 0 || *b.Embed >= len(a.Embeds) {
				add("body[%d] embed index out of range", i)
			}
		case BlockImage:
			if b.Image == nil || *b.Image < 0 || *b.Image >= len(a.Images) {
				add("body[%d] image index out of range", i)
			}
		default:
			add("body[%d] type %q is unknown", i, b.Type)
		}
	}
	for i, at := range a.Attributions {
		switch at.Kind {
		case AttrAgency, AttrMedia, AttrOfficial, AttrSocial, AttrOther:
		default:
			add("attributions[%d] kind %q is unknown", i, at.Kind)
		}
	}
	for i, q := range a.Quotes {
		switch q.Kind {
		case QuoteDirect, QuoteBlock, QuotePartial:
		default:
			add("quotes[%d] kind %q is unknown", i, q.Kind)
		}
		if q.Text == "" {
			add("quotes[%d] has no text", i)
		}
	}
	for i, e := range a.Embeds {
		if e.Platform == "" || e.URL == "" {
			add("embeds[%d] needs platform and url", i)
		}
	}
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{ID: a.ID, Problems: p}
}

// MarshalJSON writes the contract form: every list is present, empty rather
// than null, so consumers never have to tell the two apart.
func (a Article) MarshalJSON() ([]byte, error) {
	type plain Article
	c := plain(a)
	c.Body = orEmpty(c.Body)
	c.Bylines = orEmpty(c.Bylines)
	c.Attributions = orEmpty(c.Attributions)
	c.Quotes = orEmpty(c.Quotes)
	c.Embeds = orEmpty(c.Embeds)
	c.KeyPoints = orEmpty(c.KeyPoints)
	c.Tags = orEmpty(c.Tags)
	c.Images = orEmpty(c.Images)
	c.Topics = orEmpty(c.Topics)
	c.Entities.People = orEmpty(c.Entities.People)
	c.Entities.Places = orEmpty(c.Entities.Places)
	c.Entities.Organizations = orEmpty(c.Entities.Organizations)
	return json.Marshal(c)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// PlainText joins text blocks the way BodyText is defined: paragraphs,
// headings, quotes and list items separated by blank lines.
func PlainText(blocks []Block) string {
	var parts []string
	for _, b := range blocks {
		switch b.Type {
		case BlockParagraph, BlockHeading, BlockQuote:
			if b.Text != "" {
				parts = append(parts, b.Text)
			}
		case BlockList:
			if len(b.Items) > 0 {
				parts = append(parts, strings.Join(b.Items, "\n"))
			}
		}
	}
	return strings.Join(parts, "\n\n")
}
