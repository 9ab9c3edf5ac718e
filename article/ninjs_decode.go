package article

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Article reads the canonical article back from an extended ninjs
// document, as published on the stream, for consumers that work with
// wiredesk's own type. What the document carries comes back: ids (story,
// version, guid, URLs), headline, summary, the plain-text body as
// paragraphs with the images and embeds after them, dateline, bylines,
// times, attributions, quotes, embeds, key points, tags, images, language,
// entities, topics, fingerprint, cluster, status and disclaimer. What
// ninjs has no place for is lost: headings, lists and block quotes in the
// body become paragraphs, and the feed's agency is the copyright holder.
func (x *ExtendedNINJS) Article() (*Article, error) {
	id, ok := strings.CutPrefix(x.URI, StoryURIPrefix)
	if !ok || id == "" {
		return nil, fmt.Errorf("ninjs uri %q is not a wiredesk story: %w", x.URI, ErrInvalid)
	}
	id, err := url.PathUnescape(id)
	if err != nil {
		return nil, fmt.Errorf("ninjs uri %q: %w", x.URI, ErrInvalid)
	}
	a := &Article{
		ID: id, Agency: x.CopyrightHolder, Feed: x.Feed, Language: x.Language,
		Disclaimer: x.UsageTerms, ClusterID: x.ClusterID, Status: x.Status,
		Dateline: x.Dateline, Bylines: x.Bylines, IngestedAt: x.IngestedAt,
		Attributions: x.Attributions, Quotes: x.Quotes, Embeds: x.Embeds, KeyPoints: x.KeyPoints,
		PublishedAt: x.ContentCreated,
	}
	if x.Version != "" {
		if a.Version, err = strconv.Atoi(x.Version); err != nil {
			return nil, fmt.Errorf("ninjs version %q: %w", x.Version, ErrInvalid)
		}
	}
	if x.VersionCreated != nil && (a.PublishedAt == nil || !x.VersionCreated.Equal(*a.PublishedAt)) {
		a.UpdatedAt = x.VersionCreated
	}
	if x.Fingerprint != nil {
		a.Fingerprint = *x.Fingerprint
	}
	for _, h := range x.Headlines {
		if h.Role == "main" || a.Headline == "" {
			a.Headline = h.Value
		}
	}
	for _, d := range x.Descriptions {
		if d.Role == "summary" {
			a.Summary = d.Value
		}
	}
	for _, b := range x.Bodies {
		if b.ContentType == "text/plain" {
			a.BodyText = b.Value
		}
	}
	for _, p := range strings.Split(a.BodyText, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			a.Body = append(a.Body, Block{Type: BlockParagraph, Text: p})
		}
	}
	for _, alt := range x.AltIDs {
		switch alt.Role {
		case "guid":
			a.GUID = alt.Value
		case "url":
			a.URL = alt.Value
		case "canonical-url":
			a.CanonicalURL = alt.Value
		}
	}
	a.Entities = Entities{People: names(x.People), Organizations: names(x.Organisations)}
	for _, p := range x.Places {
		if p.Rel == "mentions" {
			a.Entities.Places = append(a.Entities.Places, p.Name)
		}
	}
	for _, s := range x.Subjects {
		switch {
		case s.Rel == "keyword":
			a.Tags = append(a.Tags, s.Name)
		case s.Literal != "":
			a.Topics = append(a.Topics, s.Literal)
		case s.URI != "":
			a.Topics = append(a.Topics, s.URI)
		case s.Name != "":
			a.Topics = append(a.Topics, s.Name)
		}
	}
	for _, as := range x.Associations {
		if as.Type != "picture" {
			continue
		}
		img := Image{URL: as.URI}
		for _, d := range as.Descriptions {
			switch d.Role {
			case "caption":
				img.Caption = d.Value
			case "creditline":
				img.Credit = d.Value
			}
		}
		a.Body = append(a.Body, Block{Type: BlockImage, Image: intPtr(len(a.Images))})
		a.Images = append(a.Images, img)
	}
	for i := range a.Embeds {
		a.Body = append(a.Body, Block{Type: BlockEmbed, Embed: intPtr(i)})
	}
	if a.Headline == "" && a.BodyText == "" {
		return nil, fmt.Errorf("ninjs document %q has no headline or body: %w", x.URI, ErrInvalid)
	}
	return a, nil
}

func names(cs []NINJSConcept) []string {
	var out []string
	for _, c := range cs {
		if c.Name != "" {
			out = append(out, c.Name)
		}
	}
	return out
}

func intPtr(i int) *int { return &i }
