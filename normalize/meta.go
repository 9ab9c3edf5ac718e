package normalize

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says about itself outside the body: meta tags,
// link relations, the title element and JSON-LD.
type pageMeta struct {
	meta      map[string]string // first value per lower-cased name/property/itemprop
	tags      []string          // article:tag values, in order
	authors   []string          // article:author and author meta values
	title     string
	canonical string
	lang      string
	ld        ldArticle
}

// ldArticle is the part of a schema.org Article (or WebPage) the extractor
// uses.
type ldArticle struct {
	found       bool
	headline    string
	description string
	published   string
	modified    string
	authors     []string
	images      []string
	keywords    []string
	body        string
	language    string
	url         string
}

// maxLDBytes bounds a JSON-LD script the extractor will decode.
const maxLDBytes = 1 << 20

func readMeta(ix *pageIndex) *pageMeta {
	pm := &pageMeta{meta: make(map[string]string, 32)}
	if ix.html != nil {
		pm.lang = attr(ix.html, "lang")
		if pm.lang == "" {
			pm.lang = attr(ix.html, "xml:lang")
		}
	}
	for _, n := range ix.head {
		switch n.DataAtom {
		case atom.Title:
			if pm.title == "" {
				pm.title = nodeText(n, 2)
			}
		case atom.Link:
			rel := strings.ToLower(attr(n, "rel"))
			if pm.canonical == "" && hasWord(rel, "canonical") {
				pm.canonical = attr(n, "href")
			}
		case atom.Meta:
			content := strings.TrimSpace(attr(n, "content"))
			if content == "" {
				continue
			}
			for _, key := range []string{"property", "name", "itemprop", "http-equiv"} {
				k := strings.ToLower(strings.TrimSpace(attr(n, key)))
				if k == "" {
					continue
				}
				switch k {
				case "article:tag":
					pm.tags = append(pm.tags, content)
				case "article:author", "author", "dc.creator", "sailthru.author", "parsely-author", "byl":
					pm.authors = append(pm.authors, content)
				}
				if _, seen := pm.meta[k]; !seen {
					pm.meta[k] = content
				}
			}
		}
	}
	for _, s := range ix.ld {
		if s.FirstChild == nil || s.FirstChild.Type != html.TextNode {
			continue
		}
		data := s.FirstChild.Data
		if len(data) > maxLDBytes {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			// Sites often leave raw newlines in JSON-LD strings.
			if err := json.Unmarshal([]byte(strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(data)), &v); err != nil {
				continue
			}
		}
		pm.ld.merge(findLDArticle(v, 0))
	}
	return pm
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

// get returns the first non-empty meta value among keys.
func (pm *pageMeta) get(keys ...string) string {
	for _, k := range keys {
		if v := pm.meta[k]; v != "" {
			return v
		}
	}
	return ""
}

// merge keeps the first article found; a later one only fills gaps.
func (a *ldArticle) merge(b ldArticle) {
	if !b.found {
		return
	}
	if !a.found {
		*a = b
		return
	}
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&a.headline, b.headline)
	fill(&a.description, b.description)
	fill(&a.published, b.published)
	fill(&a.modified, b.modified)
	fill(&a.body, b.body)
	fill(&a.language, b.language)
	fill(&a.url, b.url)
	if len(a.authors) == 0 {
		a.authors = b.authors
	}
	if len(a.images) == 0 {
		a.images = b.images
	}
	if len(a.keywords) == 0 {
		a.keywords = b.keywords
	}
}

var articleTypes = map[string]int{
	"newsarticle": 3, "article": 3, "reportagenewsarticle": 3, "analysisnewsarticle": 3, "opinionnewsarticle": 3,
	"backgroundnewsarticle": 3, "reviewnewsarticle": 3, "blogposting": 3, "liveblogposting": 3, "socialmediaposting": 2,
	"techarticle": 3, "scholarlyarticle": 3, "report": 2, "review": 2, "posting": 2, "webpage": 1, "itempage": 1,
}

// findLDArticle searches decoded JSON-LD (objects, arrays, @graph) for the
// best article-typed object, bounded in depth.
func findLDArticle(v any, depth int) ldArticle {
	var best ldArticle
	bestRank := 0
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 12 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			rank := typeRank(x["@type"])
			if rank == 0 && (x["datePublished"] != nil || x["headline"] != nil) {
				rank = 1 // an untyped or unusual object that still reads as an article
			}
			if rank > bestRank {
				best, bestRank = ldFromObject(x), rank
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
			if m, ok := x["mainEntity"]; ok {
				walk(m, depth+1)
			}
		}
	}
	walk(v, depth)
	return best
}

func typeRank(t any) int {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(x)]
	case []any:
		r := 0
		for _, e := range x {
			r = max(r, typeRank(e))
		}
		return r
	}
	return 0
}

func ldFromObject(o map[string]any) ldArticle {
	a := ldArticle{found: true}
	a.headline = ldString(o["headline"])
	if a.headline == "" {
		a.headline = ldString(o["name"])
	}
	a.description = ldString(o["description"])
	a.published = ldDate(o["datePublished"])
	if a.published == "" {
		a.published = ldDate(o["dateCreated"])
	}
	a.modified = ldDate(o["dateModified"])
	a.body = ldString(o["articleBody"])
	a.language = ldString(o["inLanguage"])
	a.url = ldString(o["url"])
	a.authors = ldAuthors(o["author"])
	a.images = ldURLs(o["image"], 0)
	switch k := o["keywords"].(type) {
	case string:
		a.keywords = splitKeywords(k)
	case []any:
		for _, e := range k {
			if s, ok := e.(string); ok {
				a.keywords = append(a.keywords, splitKeywords(s)...)
			}
		}
	}
	return a
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(html.UnescapeString(x))
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		if s := ldString(x["@value"]); s != "" {
			return s
		}
		return ldString(x["name"])
	}
	return ""
}

// ldDate reads a JSON-LD date: a string, or a number of Unix seconds or
// milliseconds as some sites write it.
func ldDate(v any) string {
	if f, ok := v.(float64); ok {
		sec := int64(f)
		if f > 1e11 {
			sec = int64(f / 1000)
		}
		return time.Unix(sec, 0).UTC().Format(time.RFC3339)
	}
	return ldString(v)
}

// ldAuthors reads JSON-LD authors: the people when any are named, else
// the organisations (a wire agency credited as the author).
func ldAuthors(v any) []string {
	var people, orgs []string
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	default:
		list = []any{x}
	}
	for _, e := range list {
		names := ldNames(e, 1)
		if m, ok := e.(map[string]any); ok && typeIs(m["@type"], "Organization", "NewsMediaOrganization", "Corporation") {
			orgs = append(orgs, names...)
			continue
		}
		people = append(people, names...)
	}
	if len(people) > 0 {
		return people
	}
	return orgs
}

func typeIs(t any, names ...string) bool {
	switch x := t.(type) {
	case string:
		for _, n := range names {
			if strings.EqualFold(x, n) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if typeIs(e, names...) {
				return true
			}
		}
	}
	return false
}

func ldNames(v any, depth int) []string {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case string:
		if x = strings.TrimSpace(x); x != "" && !strings.HasPrefix(x, "http") {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e, depth+1)...)
		}
		return out
	case map[string]any:
		if n := ldString(x["name"]); n != "" {
			return []string{n}
		}
	}
	return nil
}

func ldURLs(v any, depth int) []string {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case string:
		if x = strings.TrimSpace(x); x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldURLs(e, depth+1)...)
		}
		return out
	case map[string]any:
		if u := ldString(x["url"]); u != "" {
			return []string{u}
		}
		if u := ldString(x["contentUrl"]); u != "" {
			return []string{u}
		}
	}
	return nil
}

// splitKeywords splits a keywords list written with commas or semicolons.
func splitKeywords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
