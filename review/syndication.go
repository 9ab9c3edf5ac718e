package review

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// feedSize is how many stories a feed lists: the latest event of each of
// the most recently published.
const feedSize = 50

// feedRequest is what a feed URL names.
type feedRequest struct {
	agency, topic string // subject tokens; "" for all
	format        string // atom or json
}

// parseFeedPath reads /feeds/{agency}.{atom|json} and
// /feeds/{agency}/{topic}.{atom|json}; the agency "all" means every
// agency.
func parseFeedPath(agency, file string) (feedRequest, error) {
	name, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "atom" && ext != "json") || name == "" {
		return feedRequest{}, fmt.Errorf("feed %q: want NAME.atom or NAME.json", file)
	}
	fr := feedRequest{format: ext}
	if agency == "" {
		agency = name
	} else {
		fr.topic = article.Token(name)
	}
	if agency != "all" {
		fr.agency = article.Token(agency)
	}
	return fr, nil
}

func (s *Server) feedHandler(w http.ResponseWriter, r *http.Request) {
	fr, err := parseFeedPath(r.PathValue("agency"), r.PathValue("file"))
	if err != nil {
		writeError(w, http.StatusNotFound, err)
		return
	}
	events, err := s.store.ListPublished(r.Context(), store.PublishedQuery{
		Agency: fr.agency, Topic: fr.topic, Newest: true, Limit: feedSize * 2})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A story appears once, as its latest event: readers treat entries
	// with one id as one entry, updated.
	var latest []store.PublishedEvent
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.Story.ID] && len(latest) < feedSize {
			seen[e.Story.ID] = true
			latest = append(latest, e)
		}
	}
	base := requestBase(r)
	cache := "private, max-age=60"
	if s.publicFeeds {
		cache = "public, max-age=60"
	}
	feed := buildFeed(fr, latest, base, r.URL.Path)
	var body []byte
	var contentType string
	if fr.format == "atom" {
		body, err = atomFeed(feed, latest, base+r.URL.Path)
		contentType = "application/atom+xml; charset=utf-8"
	} else {
		body, err = jsonFeed(feed, latest, base+r.URL.Path)
		contentType = "application/feed+json; charset=utf-8"
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCached(w, r, contentType, body, cache)
}

// requestBase is the scheme and host the client used, for absolute links.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// buildFeed is the feed in gorilla/feeds' neutral form.
func buildFeed(fr feedRequest, events []store.PublishedEvent, base, path string) *feeds.Feed {
	title := "wiredesk: all agencies"
	if fr.agency != "" {
		title = "wiredesk: " + fr.agency
	}
	if fr.topic != "" {
		title += " · " + fr.topic
	}
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: base + path, Rel: "self"},
		Description: "Stories published by the desk. " + article.DefaultDisclaimer,
		Author:      &feeds.Author{Name: "wiredesk"},
		Id:          base + path,
		Created:     time.Unix(0, 0).UTC(),
	}
	if len(events) > 0 {
		f.Updated = events[0].SentAt
	}
	for _, e := range events {
		a := e.Story
		headline := a.Headline
		if e.Event == article.EventWithdraw {
			headline = "WITHDRAWN: " + headline
		}
		item := &feeds.Item{
			Id:          article.StoryURI(a.ID),
			Title:       headline,
			Link:        &feeds.Link{Href: base + "/api/v1/published/" + a.ID, Type: "application/ninjs+json"},
			Description: a.Summary,
			Content:     a.BodyHTML(),
			Author:      &feeds.Author{Name: byline(a)},
			Updated:     e.SentAt,
			Created:     e.SentAt,
		}
		if a.PublishedAt != nil {
			item.Created = *a.PublishedAt
		}
		f.Items = append(f.Items, item)
	}
	return f
}

func byline(a *article.Article) string {
	var names []string
	for _, b := range a.Bylines {
		names = append(names, b.Name)
	}
	if len(names) == 0 {
		return a.Agency
	}
	return strings.Join(names, ", ") + " (" + a.Agency + ")"
}

// atomFeed renders RFC 4287 Atom: every entry carries the disclaimer as
// its rights, the event and topic as categories, and links to the
// agency's page and to the ninjs document.
func atomFeed(f *feeds.Feed, events []store.PublishedEvent, self string) ([]byte, error) {
	af := (&feeds.Atom{Feed: f}).AtomFeed()
	af.Link = &feeds.AtomLink{Href: self, Rel: "self", Type: "application/atom+xml"}
	if af.Updated == "" || f.Updated.IsZero() {
		af.Updated = time.Unix(0, 0).UTC().Format(time.RFC3339)
	}
	for i, entry := range af.Entries {
		e := events[i]
		entry.Rights = e.Story.Disclaimer
		entry.Category = e.Topic
		entry.Published = af.Entries[i].Updated
		if e.Story.PublishedAt != nil {
			entry.Published = e.Story.PublishedAt.UTC().Format(time.RFC3339)
		}
		entry.Updated = e.SentAt.UTC().Format(time.RFC3339)
		entry.Links[0].Rel = "alternate"
		if webURL(e.Story.URL) {
			entry.Links = append(entry.Links, feeds.AtomLink{Href: e.Story.URL, Rel: "via", Type: "text/html"})
		}
	}
	out, err := xml.MarshalIndent(af, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("atom feed: %w", err)
	}
	return append([]byte(xml.Header), out...), nil
}

// jsonFeedItem is a JSON Feed 1.1 item with wiredesk's extension object
// (JSON Feed reserves keys starting with _ for extensions).
type jsonFeedItem struct {
	*feeds.JSONItem
	Wiredesk jsonFeedExtension `json:"_wiredesk"`
}

type jsonFeedExtension struct {
	Event      article.Event `json:"event"`
	Version    int           `json:"version"`
	Sequence   uint64        `json:"sequence"`
	Agency     string        `json:"agency"`
	Disclaimer string        `json:"disclaimer"`
	// About says where the extension is described, as JSON Feed asks.
	About string `json:"about"`
}

type jsonFeedDoc struct {
	*feeds.JSONFeed
	Items []jsonFeedItem `json:"items"`
}

// jsonFeed renders JSON Feed 1.1.
func jsonFeed(f *feeds.Feed, events []store.PublishedEvent, self string) ([]byte, error) {
	jf := (&feeds.JSON{Feed: f}).JSONFeed()
	jf.FeedUrl = self
	jf.HomePageUrl = ""
	jf.Author = nil // deprecated in 1.1: authors only
	doc := jsonFeedDoc{JSONFeed: jf, Items: make([]jsonFeedItem, 0, len(jf.Items))}
	for i, item := range jf.Items {
		e := events[i]
		item.Author = nil
		item.ContentText = e.Story.BodyText
		modified := e.SentAt
		item.ModifiedDate = &modified
		item.Tags = e.Story.Tags
		if webURL(e.Story.URL) {
			item.ExternalUrl = e.Story.URL
		}
		doc.Items = append(doc.Items, jsonFeedItem{JSONItem: item, Wiredesk: jsonFeedExtension{
			Event: e.Event, Version: e.Story.Version, Sequence: e.Sequence, Agency: e.Story.Agency,
			Disclaimer: e.Story.Disclaimer, About: "https://github.com/wiredesk/wiredesk/blob/main/docs/consumers.md",
		}})
	}
	jf.Items = nil
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("json feed: %w", err)
	}
	return out, nil
}

func webURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
