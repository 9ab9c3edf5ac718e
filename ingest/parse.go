package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

// Meta describes a parsed feed as a whole.
type Meta struct {
	// Title is the feed's own title.
	Title string
	// Link is the feed's home page, when it names one.
	Link string
	// Type is "rss", "atom" or "json".
	Type string
	// TTL is the RSS <ttl>: how long the publisher says the feed may be
	// cached. Zero when absent.
	TTL time.Duration
	// Charset is what the bytes were decoded from, e.g. "utf-8",
	// "windows-1251", "utf-8 (repaired)".
	Charset string
	// Items counts the items as served, before duplicates were collapsed.
	Items int
	// Duplicates counts items dropped because an earlier item had the same
	// identity.
	Duplicates int
	// Empty counts items dropped for having no title, link or text.
	Empty int
}

// ParseFeed parses an RSS, Atom or JSON Feed body into raw items, in feed
// order, fetched at now. contentType is the response's Content-Type; it
// helps with the charset and with saying what came instead of a feed.
// Relative links resolve against feed.URL (pass the final URL after
// redirects). Items get their identity (guid, else canonical link, else a
// hash of title and date); repeated identities collapse to the first item;
// links and images that are not http(s) are dropped; dates that do not
// parse are left empty without failing the item.
//
// Errors match ErrNotFeed (with what was found instead, e.g. "not a feed
// (got text/html page)"), ErrCharset or ErrMalformed.
func ParseFeed(feed config.Feed, body []byte, contentType string, now time.Time) ([]*article.Raw, Meta, error) {
	var meta Meta
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, meta, &NotFeedError{Got: "empty body"}
	}
	text, cs, err := feedToUTF8(body, contentType)
	if err != nil {
		return nil, meta, err
	}
	meta.Charset = cs

	parser := gofeed.NewParser()
	parser.KeepOriginalFeed = true
	parsed, err := parser.Parse(bytes.NewReader(text))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, meta, &NotFeedError{Got: describeBody(text, contentType)}
		}
		return nil, meta, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	meta.Title = strings.TrimSpace(parsed.Title)
	meta.Type = parsed.FeedType
	meta.Items = len(parsed.Items)
	if rf, ok := parsed.OriginalFeed().(*rss.Feed); ok {
		if minutes, err := strconv.Atoi(strings.TrimSpace(rf.TTL)); err == nil && minutes > 0 {
			meta.TTL = time.Duration(min(minutes, 7*24*60)) * time.Minute
		}
	}
	base, _ := url.Parse(feed.URL)
	if base != nil && base.Scheme != "http" && base.Scheme != "https" {
		base = nil
	}
	meta.Link = resolveLink(base, parsed.Link)

	seen := make(map[string]bool, len(parsed.Items))
	raws := make([]*article.Raw, 0, len(parsed.Items))
	for _, item := range parsed.Items {
		if item == nil {
			continue
		}
		raw := rawFromItem(feed, base, item, now)
		if raw == nil {
			meta.Empty++
			continue
		}
		if seen[raw.ItemID] {
			meta.Duplicates++
			continue
		}
		seen[raw.ItemID] = true
		raws = append(raws, raw)
	}
	return raws, meta, nil
}

func rawFromItem(feed config.Feed, base *url.URL, item *gofeed.Item, now time.Time) *article.Raw {
	guid := strings.TrimSpace(item.GUID)
	link := resolveLink(base, item.Link)
	for _, l := range item.Links {
		if link != "" {
			break
		}
		link = resolveLink(base, l)
	}
	if link == "" && guid != "" {
		// An RSS guid is a permalink unless it says otherwise; an absolute
		// http(s) guid is as good a link as any.
		if u, err := url.Parse(guid); err == nil && u.IsAbs() {
			link = resolveLink(nil, guid)
		}
	}
	title := strings.TrimSpace(item.Title)
	if title == "" && link == "" && strings.TrimSpace(item.Description) == "" && strings.TrimSpace(item.Content) == "" {
		return nil
	}
	published := saneTime(item.PublishedParsed, now)
	updated := saneTime(item.UpdatedParsed, now)
	rawDate := item.Published
	if rawDate == "" {
		rawDate = item.Updated
	}
	dateForID := published
	if dateForID == nil {
		dateForID = updated
	}
	return &article.Raw{
		Feed:        feed.ID,
		Agency:      feed.Agency,
		ItemID:      itemID(guid, link, title, rawDate, dateForID),
		GUID:        guid,
		Link:        link,
		Title:       title,
		Summary:     strings.TrimSpace(item.Description),
		Content:     strings.TrimSpace(item.Content),
		Authors:     authors(item),
		Categories:  categories(item.Categories),
		ImageURL:    imageURL(base, item),
		PublishedAt: published,
		UpdatedAt:   updated,
		FetchedAt:   now,
	}
}

// saneTime drops dates that cannot be true of a news item: before 1990 or
// more than two days ahead (a wrong time zone is within that).
func saneTime(t *time.Time, now time.Time) *time.Time {
	if t == nil || t.IsZero() || t.Year() < 1990 || t.After(now.Add(48*time.Hour)) {
		return nil
	}
	u := t.UTC()
	return &u
}

func authors(item *gofeed.Item) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range item.Authors {
		if p == nil {
			continue
		}
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = strings.TrimSpace(p.Email)
		}
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func categories(in []string) []string {
	var out []string
	for _, c := range in {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// imageURL finds the item's picture: its image, an image enclosure, or a
// Media RSS content or thumbnail.
func imageURL(base *url.URL, item *gofeed.Item) string {
	if item.Image != nil {
		if u := resolveLink(base, item.Image.URL); u != "" {
			return u
		}
	}
	for _, enc := range item.Enclosures {
		if enc != nil && strings.HasPrefix(strings.ToLower(enc.Type), "image/") {
			if u := resolveLink(base, enc.URL); u != "" {
				return u
			}
		}
	}
	media := item.Extensions["media"]
	var candidates []ext.Extension
	for _, group := range media["group"] {
		candidates = append(candidates, group.Children["content"]...)
		candidates = append(candidates, group.Children["thumbnail"]...)
	}
	candidates = append(append(media["content"], media["thumbnail"]...), candidates...)
	for _, c := range candidates {
		medium, typ := c.Attrs["medium"], strings.ToLower(c.Attrs["type"])
		if c.Name == "content" && medium != "image" && !strings.HasPrefix(typ, "image/") {
			continue
		}
		if u := resolveLink(base, c.Attrs["url"]); u != "" {
			return u
		}
	}
	return ""
}

// describeBody says what a body that is not a feed looks like, for
// "not a feed (got …)".
func describeBody(body []byte, contentType string) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if looksLikeHTML(body) || mediaType == "text/html" || mediaType == "application/xhtml+xml" {
		return "text/html page"
	}
	if mediaType != "" {
		return mediaType + " body"
	}
	head := strings.TrimSpace(string(body[:min(len(body), 40)]))
	return fmt.Sprintf("content starting %q", head)
}

// looksLikeHTML reports whether body starts (after white space, comments
// and an XML declaration) with an HTML doctype or an <html> element.
func looksLikeHTML(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n\uFEFF")
	for range 8 {
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end := bytes.Index(b, []byte("-->"))
			if end < 0 {
				return false
			}
			b = bytes.TrimLeft(b[end+3:], " \t\r\n")
		case bytes.HasPrefix(b, []byte("<?")):
			end := bytes.Index(b, []byte("?>"))
			if end < 0 {
				return false
			}
			b = bytes.TrimLeft(b[end+2:], " \t\r\n")
		default:
			head := strings.ToLower(string(b[:min(len(b), 14)]))
			return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
				strings.HasPrefix(head, "<head") || strings.HasPrefix(head, "<body")
		}
	}
	return false
}

// textLength counts the characters of text in an HTML fragment, tags and
// surplus white space not counted. It decides whether an item carries a
// story or only a summary.
func textLength(html string) int {
	n, inTag, space := 0, false, true
	for _, r := range html {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case inTag:
		case r == ' ' || r == '\n' || r == '\t' || r == '\r':
			if !space {
				n++
				space = true
			}
		default:
			n++
			space = false
		}
	}
	return n
}
