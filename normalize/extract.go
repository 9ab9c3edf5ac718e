package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/dateline"
)

// Extract reads one HTML page into an article: headline, summary, body
// blocks and plain text, dateline, bylines, times, language, canonical URL,
// images, tags, key points and embeds. pageURL resolves relative links and
// is the canonical URL when the page names none. Identity fields (ID,
// agency, feed, version) are left for the caller. Pages not in UTF-8 are
// decoded by their declared or sniffed charset.
//
// A page with no article text at all (empty, binary, a bare error page)
// gives an error wrapping ErrNoText, so a caller never passes an empty
// story on; the article is still returned (nil for binary input) with
// whatever metadata the page had, for callers that score metadata.
func Extract(page []byte, pageURL string, opts Options) (*article.Article, error) {
	a, err := extract(page, pageURL, opts, !opts.BodyOnly)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.BodyText) == "" && len(a.Embeds) == 0 {
		return a, fmt.Errorf("extract %s: %w", pageURL, ErrNoText)
	}
	return a, nil
}

// looksBinary reports whether a page, already decoded to UTF-8, is not
// text at all (an image or archive served as a page): text never holds a
// NUL byte, and holds few other control bytes.
func looksBinary(page []byte) bool {
	head := page[:min(len(page), 1024)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*10 > len(head)
}

// ErrNoText is returned (wrapped) by Extract for a page that holds no
// article text: nothing an editor could read.
var ErrNoText = errors.New("normalize: the page holds no article text")

// extract is Extract with the wire passes (dateline, quotes, attributions,
// bare-link embeds) optional, so FromRaw can run them once, after the
// feed has filled in the agency and the publication time. BodyOnly skips
// them in Extract too.
func extract(page []byte, pageURL string, opts Options, wirePasses bool) (*article.Article, error) {
	l := opts.limits()
	if len(page) > l.maxPageBytes {
		page = page[:l.maxPageBytes]
	}
	rule, err := ruleFor(opts.Rules, pageURL)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", pageURL, err)
	}
	page = toUTF8(page)
	if looksBinary(page) {
		return nil, fmt.Errorf("extract %s: %w", pageURL, ErrNoText)
	}
	doc, err := parsePage(page)
	if err != nil {
		return nil, fmt.Errorf("extract %s: parse: %w", pageURL, err)
	}
	a := extractDoc(doc, pageURL, l, rule)
	if wirePasses {
		annotate(a)
	}
	return a, nil
}

// parsePage parses a page, flattening it first when it nests deeper than
// the HTML parser accepts (512 open elements): such a page still has text
// worth reading.
func parsePage(page []byte) (*html.Node, error) {
	page = pruneRawText(page)
	doc, err := html.Parse(bytes.NewReader(page))
	if err == nil {
		return doc, nil
	}
	for _, depth := range []int{200, 50} {
		if doc, err2 := html.Parse(bytes.NewReader(flattenHTML(page, depth))); err2 == nil {
			return doc, nil
		}
	}
	return nil, err
}

// flattenHTML rewrites a page without the start and end tags that would
// open more than maxDepth elements, keeping all of its text. Depth is
// counted naively from the tags as written, which is enough to keep the
// parser's own stack bounded.
func flattenHTML(page []byte, maxDepth int) []byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	out := make([]byte, 0, len(page))
	depth, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, _ := z.TagName()
			if isVoidElement(atom.Lookup(name)) {
				break
			}
			if depth >= maxDepth {
				dropped++
				continue
			}
			depth++
		case html.EndTagToken:
			if dropped > 0 {
				dropped--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		out = append(out, z.Raw()...)
	}
}

func isVoidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta,
		atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen:
		return true
	}
	return false
}

// toUTF8 decodes a page that is not valid UTF-8 using the charset its
// <meta> declares or, failing that, the one its bytes suggest.
func toUTF8(page []byte) []byte {
	if utf8.Valid(page) {
		return page
	}
	enc, _, _ := charset.DetermineEncoding(page, "text/html")
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return bytes.ToValidUTF8(page, []byte("\uFFFD"))
	}
	return out
}

func extractDoc(doc *html.Node, pageURL string, l limits, rule *compiledRule) *article.Article {
	ix := buildIndex(doc, l, rule)
	pm := readMeta(ix)
	base, err := url.Parse(pageURL)
	if err != nil {
		base = nil
	}
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	a := &article.Article{URL: pageURL}

	var h1s []string
	for _, i := range ix.h1s {
		h1s = append(h1s, nodeText(ix.nodes[i].n, 8))
	}
	a.Headline = chooseHeadline(pm, h1s, host)

	em := &emitter{ix: ix, limits: l, base: base, headline: a.Headline}
	var roots []int32
	if len(ix.ruleRoots) > 0 {
		roots = outermost(ix, ix.ruleRoots)
	} else {
		roots = ix.contentRoots(ix.scoreCandidates())
	}
	if len(roots) == 0 {
		if b := ix.body(); b >= 0 {
			roots = []int32{b}
		}
	}
	skip := false
	for _, r := range roots {
		em.element(r, 0, &skip)
	}
	em.flush()
	a.Body = em.blocks
	a.BodyText = article.PlainText(a.Body)
	a.Images = em.images
	a.Embeds = em.embeds
	a.KeyPoints = em.keyPoints

	a.Summary = foldSpace(pm.get("og:description", "description", "twitter:description"))
	if a.Summary == "" {
		a.Summary = foldSpace(pm.ld.description)
	}
	a.PublishedAt, a.UpdatedAt = pageTimes(ix, pm, l)
	a.Bylines = pageBylines(ix, pm)
	a.Language = pageLanguage(pm)
	a.CanonicalURL = resolveURL(base, pm.canonical)
	if a.CanonicalURL == "" {
		a.CanonicalURL = resolveURL(base, pm.get("og:url"))
	}
	if a.CanonicalURL == "" {
		a.CanonicalURL = pageURL
	}
	leadImage(a, pm, base)
	a.Tags = pageTags(ix, pm)
	a.Dateline = findDateline(a.Body, a.PublishedAt)
	return a
}

// outermost keeps the elements of sorted not inside an earlier one.
func outermost(ix *pageIndex, sorted []int32) []int32 {
	var out []int32
	end := int32(-1)
	for _, r := range sorted {
		if r < end {
			continue
		}
		out = append(out, r)
		end = ix.nodes[r].end
	}
	return out
}

// body is the index of <body>, or -1.
func (ix *pageIndex) body() int32 {
	for i := range ix.nodes {
		if ix.nodes[i].n.DataAtom == atom.Body {
			return int32(i)
		}
	}
	return -1
}

// findDateline looks for a dateline at the start of the story's first
// paragraphs (a standfirst or a pull quote may come before it).
func findDateline(blocks []article.Block, published *time.Time) *article.Dateline {
	paras := make([]string, 0, dateline.FindLimit)
	for _, b := range blocks {
		if b.Type != article.BlockParagraph {
			continue
		}
		if paras = append(paras, b.Text); len(paras) == dateline.FindLimit {
			break
		}
	}
	if f, ok := dateline.Find(paras, published); ok {
		return f.Dateline
	}
	return nil
}

// pageTimes reads publication and update times from JSON-LD, meta tags,
// <time> elements and, last, dates printed near the headline.
func pageTimes(ix *pageIndex, pm *pageMeta, l limits) (published, updated *time.Time) {
	parse := func(s string) *time.Time {
		if t, ok := parseMachineTime(s); ok {
			return &t
		}
		return nil
	}
	published = parse(pm.ld.published)
	if published == nil {
		published = parse(parselyPubDate(pm.meta["parsely-page"]))
	}
	for _, k := range []string{"article:published_time", "og:published_time", "datepublished", "article.published",
		"pubdate", "publishdate", "publish-date", "publish_date", "published_time", "parsely-pub-date", "sailthru.date",
		"dc.date.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "og:pubdate", "article_date_original",
		"originalpublicationdate", "rnews:datepublished", "datecreated", "publication_date", "release_date", "displaydate"} {
		if published != nil {
			break
		}
		published = parse(pm.meta[k])
	}
	updated = parse(pm.ld.modified)
	for _, k := range []string{"article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified", "lastmod", "article.updated"} {
		if updated != nil {
			break
		}
		updated = parse(pm.meta[k])
	}
	if published != nil && updated != nil {
		return published, updated
	}
	for _, i := range ix.times {
		n := ix.nodes[i].n
		t := parse(attr(n, "datetime"))
		if t == nil {
			if tt, ok := parseTextTime(nodeText(n, 4)); ok {
				t = &tt
			}
		}
		if t == nil {
			continue
		}
		isUpdate := strings.Contains(strings.ToLower(attr(n, "itemprop")+attr(n, "class")), "modif") ||
			strings.Contains(strings.ToLower(attr(n, "itemprop")+attr(n, "class")), "updat")
		switch {
		case isUpdate && updated == nil:
			updated = t
		case !isUpdate && published == nil:
			published = t
		}
	}
	if published != nil && updated != nil {
		return published, updated
	}
	// Dates printed for readers: in date-marked elements, then in the lines
	// around the headline.
	var texts []string
	for _, i := range ix.dates {
		n := ix.nodes[i].n
		// <abbr class="published" title="2018-06-05T08:00:00-07:00">
		for _, key := range []string{"datetime", "title", "content"} {
			if t := parse(attr(n, key)); t != nil {
				isUpdate := strings.Contains(strings.ToLower(attr(n, "class")), "updat") || strings.Contains(strings.ToLower(attr(n, "class")), "modif")
				switch {
				case isUpdate && updated == nil:
					updated = t
				case !isUpdate && published == nil:
					published = t
				}
				break
			}
		}
		texts = append(texts, limitedText(n, l.maxDepth, 512))
	}
	if ix.h1 >= 0 {
		if p := ix.nodes[ix.h1].parent; p >= 0 {
			texts = append(texts, limitedText(ix.nodes[p].n, l.maxDepth, 2048))
		}
	}
	for _, s := range texts {
		if published != nil && !mentionsUpdate(s) {
			continue // only an "Updated" label could still tell us more
		}
		p, u := visibleTimes(s)
		if published == nil && p != nil {
			published = p
		}
		if updated == nil && u != nil {
			updated = u
		}
	}
	return published, updated
}

// mentionsUpdate reports whether s has an update label in one of the
// languages updatedLabelRe reads.
func mentionsUpdate(s string) bool {
	l := strings.ToLower(s)
	for _, cue := range []string{"updat", "modif", "last edit", "aktualisiert", "actualiz", "mis à jour"} {
		if strings.Contains(l, cue) {
			return true
		}
	}
	return false
}

// parselyPubDate reads pub_date from Parse.ly's page metadata, a JSON
// object in <meta name="parsely-page">.
func parselyPubDate(s string) string {
	if s == "" || len(s) > 8192 {
		return ""
	}
	var v struct {
		PubDate string `json:"pub_date"`
	}
	if json.Unmarshal([]byte(s), &v) != nil {
		return ""
	}
	return v.PubDate
}

// insideSection reports whether element i lies within a section that is
// not the story (comments, related stories).
func (ix *pageIndex) insideSection(i int32) bool {
	for p := ix.nodes[i].parent; p >= 0; p = ix.nodes[p].parent {
		if f := ix.nodes[p].flags; f&flagSelfJunk != 0 && f&flagSmallJunk == 0 && f&flagByline == 0 {
			return true
		}
		if ix.nodes[p].n.DataAtom == atom.Form {
			return true
		}
	}
	return false
}

// limitedText is nodeText stopped after about limit bytes.
func limitedText(n *html.Node, maxDepth, limit int) string {
	var t textBuilder
	t.limit = limit
	appendText(&t, n, maxDepth)
	return t.String()
}

func pageBylines(ix *pageIndex, pm *pageMeta) []article.Byline {
	var names []string
	names = append(names, pm.ld.authors...)
	if len(names) == 0 {
		for _, a := range pm.authors {
			names = append(names, parseByline(a)...)
		}
	}
	if len(names) == 0 {
		for _, i := range ix.bylns {
			if ix.insideSection(i) {
				continue // a commenter's name, or a related story's author
			}
			names = append(names, parseByline(limitedText(ix.nodes[i].n, 8, 300))...)
			if len(names) > 0 {
				break
			}
		}
	}
	if len(names) == 0 {
		for _, n := range ix.relAuthor {
			names = append(names, parseByline(nodeText(n, 4))...)
		}
	}
	var out []article.Byline
	for _, n := range dedupeFold(names) {
		out = append(out, article.Byline{Name: n})
	}
	return out
}

func pageLanguage(pm *pageMeta) string {
	for _, l := range []string{pm.lang, pm.get("content-language", "language", "dc.language"), pm.get("og:locale"), pm.ld.language} {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i := strings.IndexAny(l, "-_,; "); i > 0 {
			l = l[:i]
		}
		l = strings.ToLower(l)
		if len(l) >= 2 && len(l) <= 3 {
			return l
		}
	}
	return ""
}

// leadImage puts the page's declared image (og:image, JSON-LD) first,
// shifting the body's image indexes.
func leadImage(a *article.Article, pm *pageMeta, base *url.URL) {
	src := pm.get("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
	if src == "" && len(pm.ld.images) > 0 {
		src = pm.ld.images[0]
	}
	src = resolveURL(base, src)
	if src == "" {
		return
	}
	for _, im := range a.Images {
		if im.URL == src {
			return
		}
	}
	a.Images = append([]article.Image{{URL: src}}, a.Images...)
	for i := range a.Body {
		if a.Body[i].Image != nil {
			v := *a.Body[i].Image + 1
			a.Body[i].Image = &v
		}
	}
}

const maxTags = 50

func pageTags(ix *pageIndex, pm *pageMeta) []string {
	var tags []string
	tags = append(tags, pm.tags...)
	tags = append(tags, splitKeywords(pm.get("news_keywords", "keywords"))...)
	tags = append(tags, pm.ld.keywords...)
	for _, n := range ix.relTags {
		tags = append(tags, nodeText(n, 4))
	}
	for _, i := range ix.tags {
		end := ix.nodes[i].end
		for k := i + 1; k < end; k++ {
			if ix.nodes[k].n.DataAtom == atom.A {
				tags = append(tags, nodeText(ix.nodes[k].n, 4))
			}
		}
	}
	for i, t := range tags {
		tags[i] = strings.TrimPrefix(strings.TrimSpace(t), "#")
	}
	tags = dedupeFold(tags)
	if len(tags) > maxTags {
		tags = tags[:maxTags]
	}
	return tags
}

// fragmentBody builds body blocks from feed content: HTML is read like a
// page whose whole body is the story; plain text splits on blank lines.
func fragmentBody(src, link string, opts Options) *article.Article {
	l := opts.limits()
	if len(src) > l.maxPageBytes {
		src = src[:l.maxPageBytes]
	}
	a := &article.Article{}
	if !looksLikeHTML(src) {
		for _, p := range splitParagraphs(src) {
			a.Body = append(a.Body, article.Block{Type: article.BlockParagraph, Text: p})
		}
		a.BodyText = article.PlainText(a.Body)
		return a
	}
	doc, err := parsePage([]byte(src))
	if err != nil {
		return a
	}
	ix := buildIndex(doc, l, nil)
	base, _ := url.Parse(link)
	em := &emitter{ix: ix, limits: l, base: base}
	if b := ix.body(); b >= 0 {
		skip := false
		em.element(b, 0, &skip)
	}
	em.flush()
	a.Body, a.Images, a.Embeds, a.KeyPoints = em.blocks, em.images, em.embeds, em.keyPoints
	a.BodyText = article.PlainText(a.Body)
	return a
}

func looksLikeHTML(s string) bool {
	i := strings.IndexByte(s, '<')
	return i >= 0 && strings.IndexByte(s[i:], '>') > 0
}

func splitParagraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	sep := "\n\n"
	if !strings.Contains(s, sep) {
		sep = "\n"
	}
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = foldSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// htmlToText reads feed text that may carry markup or entities.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	if !looksLikeHTML(s) {
		return html.UnescapeString(s)
	}
	doc, err := parsePage([]byte(s))
	if err != nil {
		return s
	}
	return nodeText(doc, 64)
}
