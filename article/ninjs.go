package article

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Identifiers the ninjs mapping writes into every document.
const (
	// NINJSSchemaURI is the $id of the IPTC ninjs 2.2 JSON Schema that
	// NINJS() output validates against.
	NINJSSchemaURI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
	// ExtensionSchemaURI is the $id of the wiredesk extension schema
	// (article/schema/wiredesk-ninjs-extension.json) that NINJSExtended()
	// output validates against.
	ExtensionSchemaURI = "https://raw.githubusercontent.com/wiredesk/wiredesk/main/article/schema/wiredesk-ninjs-extension.json"
	// ExtensionVersion is the version of the wiredesk extension schema.
	ExtensionVersion = "1.0"
	// StoryURIPrefix starts every story's ninjs uri; the story id follows.
	StoryURIPrefix = "urn:wiredesk:story:"
	// MediaTopicURIPrefix starts the uri of an IPTC Media Topic subject.
	MediaTopicURIPrefix = "http://cv.iptc.org/newscodes/mediatopic/"
)

// StoryURI is the ninjs uri of a story: stable across versions, since the
// version travels in its own field.
func StoryURI(id string) string { return StoryURIPrefix + url.PathEscape(id) }

// NINJS is a news item in IPTC ninjs 2.2, restricted to the properties
// wiredesk fills. Every JSON name is one the 2.2 schema defines.
type NINJS struct {
	URI                string             `json:"uri"`
	Standard           *NINJSStandard     `json:"standard,omitempty"`
	Type               string             `json:"type,omitempty"`
	RepresentationType string             `json:"representationtype,omitempty"`
	Profile            string             `json:"profile,omitempty"`
	Version            string             `json:"version,omitempty"`
	FirstCreated       *time.Time         `json:"firstcreated,omitempty"`
	VersionCreated     *time.Time         `json:"versioncreated,omitempty"`
	ContentCreated     *time.Time         `json:"contentcreated,omitempty"`
	PubStatus          string             `json:"pubstatus,omitempty"`
	EdNote             string             `json:"ednote,omitempty"`
	CopyrightHolder    string             `json:"copyrightholder,omitempty"`
	UsageTerms         string             `json:"usageterms,omitempty"`
	Language           string             `json:"language,omitempty"`
	Headlines          []NINJSText        `json:"headlines,omitempty"`
	Descriptions       []NINJSText        `json:"descriptions,omitempty"`
	Bodies             []NINJSBody        `json:"bodies,omitempty"`
	By                 string             `json:"by,omitempty"`
	Located            string             `json:"located,omitempty"`
	People             []NINJSConcept     `json:"people,omitempty"`
	Organisations      []NINJSConcept     `json:"organisations,omitempty"`
	Places             []NINJSConcept     `json:"places,omitempty"`
	Subjects           []NINJSConcept     `json:"subjects,omitempty"`
	InfoSources        []NINJSConcept     `json:"infosources,omitempty"`
	AltIDs             []NINJSAltID       `json:"altids,omitempty"`
	Renditions         []NINJSRendition   `json:"renditions,omitempty"`
	Associations       []NINJSAssociation `json:"associations,omitempty"`
}

// NINJSStandard names the schema a document is valid against.
type NINJSStandard struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema"`
}

// NINJSText is one headline or description.
type NINJSText struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Value       string `json:"value"`
}

// NINJSBody is one rendering of the story body.
type NINJSBody struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	CharCount   int    `json:"charcount,omitempty"`
	WordCount   int    `json:"wordcount,omitempty"`
	Value       string `json:"value"`
}

// NINJSConcept is a person, organisation, place, subject or info source:
// the properties those ninjs arrays share. Role is only valid for info
// sources, Rel for the others.
type NINJSConcept struct {
	Name    string `json:"name,omitempty"`
	Rel     string `json:"rel,omitempty"`
	Role    string `json:"role,omitempty"`
	URI     string `json:"uri,omitempty"`
	Literal string `json:"literal,omitempty"`
}

// NINJSAltID is an alternative identifier of the item.
type NINJSAltID struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

// NINJSRendition is one retrievable form of an associated item.
type NINJSRendition struct {
	Name string `json:"name"`
	Href string `json:"href,omitempty"`
}

// NINJSAssociation is an item associated with the story (a picture, a
// social post): a ninjs object of its own plus the name the story's HTML
// body refers to it by (data-association).
type NINJSAssociation struct {
	Name string `json:"name"`
	NINJS
}

// ExtendedNINJS is NINJS plus the wiredesk_* extension properties for what
// ninjs has no field for. It validates against the extension schema, not
// the official one, and names that schema in its standard property.
type ExtendedNINJS struct {
	NINJS
	Feed         string        `json:"wiredesk_feed,omitempty"`
	Dateline     *Dateline     `json:"wiredesk_dateline,omitempty"`
	Bylines      []Byline      `json:"wiredesk_bylines,omitempty"`
	IngestedAt   *time.Time    `json:"wiredesk_ingested_at,omitempty"`
	Attributions []Attribution `json:"wiredesk_attributions,omitempty"`
	Quotes       []Quote       `json:"wiredesk_quotes,omitempty"`
	Embeds       []Embed       `json:"wiredesk_embeds,omitempty"`
	KeyPoints    []string      `json:"wiredesk_key_points,omitempty"`
	Fingerprint  *Fingerprint  `json:"wiredesk_fingerprint,omitempty"`
	ClusterID    string        `json:"wiredesk_cluster_id,omitempty"`
	Status       Status        `json:"wiredesk_status,omitempty"`
}

// NINJS maps the article onto pure IPTC ninjs 2.2. Values ninjs would
// reject (URLs that are not absolute http(s), empty names) are left out
// rather than passed on, so the result always validates against the
// official schema; what ninjs cannot hold at all is in NINJSExtended.
func (a *Article) NINJS() NINJS {
	n := NINJS{
		URI:                StoryURI(a.ID),
		Standard:           &NINJSStandard{Name: "ninjs", Version: "2.2", Schema: NINJSSchemaURI},
		Type:               "text",
		RepresentationType: "full",
		PubStatus:          pubStatus(a.Status),
		CopyrightHolder:    a.Agency,
		UsageTerms:         a.Disclaimer,
		Language:           a.Language,
		By:                 byLine(a.Bylines),
		Located:            located(a.Dateline),
	}
	if a.Version > 0 {
		n.Version = strconv.Itoa(a.Version)
	}
	n.FirstCreated = firstTime(a.PublishedAt, a.IngestedAt)
	n.VersionCreated = firstTime(a.UpdatedAt, a.PublishedAt, a.IngestedAt)
	n.ContentCreated = firstTime(a.PublishedAt)

	if a.Headline != "" {
		n.Headlines = []NINJSText{{Role: "main", ContentType: "text/plain", Value: a.Headline}}
	}
	if a.Summary != "" {
		n.Descriptions = []NINJSText{{Role: "summary", ContentType: "text/plain", Value: a.Summary}}
	}
	n.Bodies = a.ninjsBodies()

	n.People = concepts(a.Entities.People, "mentions")
	n.Organisations = concepts(a.Entities.Organizations, "mentions")
	if a.Dateline != nil && strings.TrimSpace(a.Dateline.Place) != "" {
		n.Places = append(n.Places, NINJSConcept{Name: a.Dateline.Place, Rel: "located"})
	}
	n.Places = append(n.Places, concepts(a.Entities.Places, "mentions")...)
	n.Subjects = append(topicSubjects(a.Topics), concepts(a.Tags, "keyword")...)
	if a.Agency != "" {
		// No role: in IPTC practice an info source without one originated
		// the content, which is what the agency did.
		n.InfoSources = []NINJSConcept{{Name: a.Agency}}
	}
	for _, id := range []struct{ role, value string }{
		{"guid", a.GUID}, {"url", a.URL}, {"canonical-url", a.CanonicalURL},
	} {
		if id.value != "" {
			n.AltIDs = append(n.AltIDs, NINJSAltID{Role: id.role, Value: id.value})
		}
	}

	n.Associations = append(a.imageAssociations(), a.embedAssociations()...)
	n.Profile = profile(n.Associations)
	return n
}

// NINJSExtended maps the article onto ninjs with the wiredesk extension:
// everything NINJS() writes, plus dateline, bylines with roles, ingest
// time, attributions, quotes, embeds, key points, fingerprints, cluster and
// editorial status. Slices are copied, so changing the result leaves the
// article alone.
func (a *Article) NINJSExtended() ExtendedNINJS {
	n := a.NINJS()
	n.Standard = &NINJSStandard{Name: "wiredesk-ninjs", Version: ExtensionVersion, Schema: ExtensionSchemaURI}
	x := ExtendedNINJS{
		NINJS:        n,
		Feed:         a.Feed,
		Bylines:      slices.Clone(a.Bylines),
		IngestedAt:   a.IngestedAt,
		Attributions: slices.Clone(a.Attributions),
		Quotes:       slices.Clone(a.Quotes),
		Embeds:       slices.Clone(a.Embeds),
		KeyPoints:    slices.Clone(a.KeyPoints),
		ClusterID:    a.ClusterID,
		Status:       a.Status,
	}
	if a.Dateline != nil {
		d := *a.Dateline
		x.Dateline = &d
	}
	if a.Fingerprint != (Fingerprint{}) {
		f := a.Fingerprint
		x.Fingerprint = &f
	}
	return x
}

// ninjsBodies renders the body as plain text (BodyText, else the text of
// the blocks) and as HTML built from the blocks. Counts are of the plain
// text, which excludes captions as ninjs asks.
func (a *Article) ninjsBodies() []NINJSBody {
	text := a.BodyText
	if text == "" {
		text = PlainText(a.Body)
	}
	if text == "" && len(a.Body) == 0 {
		return nil
	}
	chars, words := utf8.RuneCountInString(text), len(strings.Fields(text))
	var bodies []NINJSBody
	if text != "" {
		bodies = append(bodies, NINJSBody{Role: "main", ContentType: "text/plain", CharCount: chars, WordCount: words, Value: text})
	}
	if h := a.BodyHTML(); h != "" {
		bodies = append(bodies, NINJSBody{Role: "richtext", ContentType: "text/html", CharCount: chars, WordCount: words, Value: h})
	}
	return bodies
}

// BodyHTML renders the body blocks as an HTML fragment, one element per
// line. All text is escaped; links and image sources are written only for
// absolute http(s) URLs, so nothing a feed smuggled in (javascript: URLs,
// markup in captions) reaches a site that renders the fragment. Images and
// embeds carry data-association naming their ninjs association.
func (a *Article) BodyHTML() string {
	var b strings.Builder
	esc := html.EscapeString
	for _, blk := range a.Body {
		switch blk.Type {
		case BlockParagraph:
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(blk.Text))
		case BlockHeading:
			level := min(max(blk.Level, 2), 6) // h1 is the headline's
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", level, esc(blk.Text), level)
		case BlockList:
			b.WriteString("<ul>")
			for _, item := range blk.Items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(item))
			}
			b.WriteString("</ul>\n")
		case BlockQuote:
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", esc(blk.Text))
		case BlockImage:
			if blk.Image == nil || *blk.Image < 0 || *blk.Image >= len(a.Images) {
				continue
			}
			img := a.Images[*blk.Image]
			if !webURL(img.URL) {
				continue
			}
			fmt.Fprintf(&b, `<figure data-association="%s"><img src="%s" alt="%s">`,
				imageName(*blk.Image), esc(img.URL), esc(img.Caption))
			if img.Caption != "" || img.Credit != "" {
				b.WriteString("<figcaption>")
				b.WriteString(esc(img.Caption))
				if img.Credit != "" {
					fmt.Fprintf(&b, ` <span class="credit">%s</span>`, esc(img.Credit))
				}
				b.WriteString("</figcaption>")
			}
			b.WriteString("</figure>\n")
		case BlockEmbed:
			if blk.Embed == nil || *blk.Embed < 0 || *blk.Embed >= len(a.Embeds) {
				continue
			}
			e := a.Embeds[*blk.Embed]
			fmt.Fprintf(&b, `<blockquote class="embed" data-platform="%s" data-association="%s">`,
				esc(string(e.Platform)), embedName(*blk.Embed))
			if e.Text != "" {
				fmt.Fprintf(&b, "<p>%s</p>", esc(e.Text))
			}
			if e.Author != "" {
				fmt.Fprintf(&b, "<cite>%s</cite>", esc(e.Author))
			}
			if webURL(e.URL) {
				if e.Text != "" || e.Author != "" {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(e.URL), esc(e.URL))
			}
			b.WriteString("</blockquote>\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// imageAssociations turns images into picture associations; an image
// without an absolute http(s) URL has nothing to associate and is skipped.
func (a *Article) imageAssociations() []NINJSAssociation {
	var out []NINJSAssociation
	for i, img := range a.Images {
		if !webURL(img.URL) {
			continue
		}
		p := NINJSAssociation{Name: imageName(i), NINJS: NINJS{
			URI:                img.URL,
			Type:               "picture",
			RepresentationType: "partial",
			Renditions:         []NINJSRendition{{Name: "original", Href: img.URL}},
		}}
		if img.Caption != "" {
			p.Descriptions = append(p.Descriptions, NINJSText{Role: "caption", ContentType: "text/plain", Value: img.Caption})
		}
		if img.Credit != "" {
			p.Descriptions = append(p.Descriptions, NINJSText{Role: "creditline", ContentType: "text/plain", Value: img.Credit})
		}
		out = append(out, p)
	}
	return out
}

// embedAssociations turns social embeds into associations so a consumer
// of pure ninjs still sees which posts the story relies on.
func (a *Article) embedAssociations() []NINJSAssociation {
	var out []NINJSAssociation
	for i, e := range a.Embeds {
		if !webURL(e.URL) {
			continue
		}
		typ := "text"
		switch e.Platform {
		case PlatformYouTube, PlatformVimeo, PlatformTikTok:
			typ = "video"
		}
		s := NINJSAssociation{Name: embedName(i), NINJS: NINJS{
			URI:                e.URL,
			Type:               typ,
			RepresentationType: "partial",
			By:                 e.Author,
			Renditions:         []NINJSRendition{{Name: "original", Href: e.URL}},
		}}
		if e.Platform != "" {
			s.InfoSources = []NINJSConcept{{Name: string(e.Platform)}}
		}
		if e.ID != "" {
			s.AltIDs = []NINJSAltID{{Role: "post-id", Value: e.ID}}
		}
		if e.Text != "" {
			s.Bodies = []NINJSBody{{Role: "main", ContentType: "text/plain", Value: e.Text}}
		}
		out = append(out, s)
	}
	return out
}

func imageName(i int) string { return "image-" + strconv.Itoa(i) }
func embedName(i int) string { return "embed-" + strconv.Itoa(i) }

// topicSubjects maps topics to subjects: Media Topic codes become a
// cv.iptc.org uri with the qcode as literal, anything else a named subject.
func topicSubjects(topics []string) []NINJSConcept {
	var out []NINJSConcept
	for _, t := range topics {
		t = strings.TrimSpace(t)
		switch code, ok := mediaTopicCode(t); {
		case ok:
			out = append(out, NINJSConcept{URI: MediaTopicURIPrefix + code, Literal: "medtop:" + code})
		case strings.HasPrefix(t, MediaTopicURIPrefix) && absoluteURI(t):
			out = append(out, NINJSConcept{URI: t})
		case t != "":
			out = append(out, NINJSConcept{Name: t})
		}
	}
	return out
}

// mediaTopicCode recognises an IPTC Media Topic code as enrichment may
// write it: eight digits, bare or as the qcode "medtop:<code>".
func mediaTopicCode(topic string) (string, bool) {
	code := strings.TrimPrefix(topic, "medtop:")
	if len(code) != 8 || strings.Trim(code, "0123456789") != "" {
		return "", false
	}
	return code, true
}

// concepts maps names to ninjs concepts with one relation, skipping blanks
// and repeats so a name listed twice is not two concepts.
func concepts(names []string, rel string) []NINJSConcept {
	var out []NINJSConcept
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		name = strings.TrimSpace(name)
		key := strings.ToLower(name)
		if name == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, NINJSConcept{Name: name, Rel: rel})
	}
	return out
}

// pubStatus is the ninjs reading of the editorial status: only approved
// and published stories are usable; a queued one must not be used yet and
// a rejected one is withdrawn.
func pubStatus(s Status) string {
	switch s {
	case StatusApproved, StatusPublished:
		return "usable"
	case StatusQueued:
		return "withheld"
	case StatusRejected, StatusWithdrawn:
		return "canceled"
	}
	return ""
}

func byLine(bylines []Byline) string {
	var names []string
	for _, b := range bylines {
		if n := strings.TrimSpace(b.Name); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// located is the dateline as ninjs wants it: "Moscow, Russia".
func located(d *Dateline) string {
	if d == nil {
		return ""
	}
	var parts []string
	for _, p := range []string{d.Place, d.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func profile(assocs []NINJSAssociation) string {
	if len(assocs) == 0 {
		return "text-only"
	}
	for _, as := range assocs {
		if as.Type == "picture" {
			return "text-photo"
		}
	}
	return "text-embed"
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			c := *t
			return &c
		}
	}
	return nil
}

// webURL reports whether s is an absolute http(s) URL: the only kind
// wiredesk puts into a ninjs uri, an href or an img src.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && absoluteURI(s)
}

// absoluteURI is the schema's "uri" format check (parses, is absolute),
// stricter on IPv6 hosts, which it refuses rather than re-validates.
func absoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && !strings.Contains(u.Hostname(), ":")
}
