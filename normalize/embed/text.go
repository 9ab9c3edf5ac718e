package embed

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wiredesk/wiredesk/article"
)

// linkRe finds links in running text: absolute, "www." and the scheme-less
// forms people paste for the platforms ("x.com/user/status/…", "youtu.be/…").
var linkRe = regexp.MustCompile(`(?i)(?:https?://|//www\.|\bwww\.|\b(?:x|twitter|instagram|facebook|youtube|tiktok|reddit|vimeo|threads)\.(?:com|net)/|\byoutu\.be/|\bt\.me/|\bbsky\.app/|\bfb\.watch/)[^\s<>"“”‘’'\x60]+`)

// InText returns the posts and videos linked bare in text, in order, each
// once (by platform and id).
func InText(text string) []article.Embed {
	if !mentionsPlatform(text) {
		return nil
	}
	var out []article.Embed
	for _, m := range linkRe.FindAllString(text, -1) {
		m = strings.TrimRight(m, ".,;:!?)]}»…")
		if !hasPrefixFold(m, "http") && !strings.HasPrefix(m, "//") && !hasPrefixFold(m, "www.") {
			m = "https://" + m
		}
		if e, ok := FromURL(m); ok {
			out = appendUnique(out, e)
		}
	}
	return out
}

// InHTML returns the embeds in the tree under root, in document order,
// each once: embed markup and players (FromNode) and links printed bare in
// the text. Text inside links, scripts and styles is not searched for
// bare links; an element FromNode accepted is not descended into.
func InHTML(root *html.Node) []article.Embed {
	var out []article.Embed
	seen := 0
	var visit func(n *html.Node, inLink bool)
	visit = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if seen++; seen > maxTreeNodes {
				return
			}
			switch c.Type {
			case html.ElementNode:
				if e, ok := FromNode(c); ok {
					out = mergeUnique(out, e)
					continue
				}
				switch c.DataAtom {
				case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Select, atom.Textarea, atom.Nav, atom.Footer:
					// no post is embedded in these; a page's share bar and
					// site links live in nav and footer
					continue
				}
				visit(c, inLink || c.DataAtom == atom.A)
			case html.TextNode:
				if !inLink {
					for _, e := range InText(c.Data) {
						out = mergeUnique(out, e)
					}
				}
			default:
				visit(c, inLink)
			}
		}
	}
	if root != nil {
		visit(root, false)
	}
	return out
}

// platformMarks are substrings every recognised link contains one of; a
// text without any is skipped before the regular expression runs.
var platformMarks = []string{"x.com", "twitter", "instagr", "facebook", "fb.", "youtu", "tiktok", "t.me", "telegram",
	"bsky", "threads.", "/@", "/users/", "reddit", "redd.it", "vimeo"}

// mentionsPlatform reports whether s may hold a link to a post.
func mentionsPlatform(s string) bool {
	if strings.IndexByte(s, '/') < 0 {
		return false
	}
	for _, m := range platformMarks {
		if strings.Contains(s, m) {
			return true
		}
	}
	// Hosts are case-insensitive; fall back to a lower-cased look only
	// when the text has capitals in a link-like place.
	if strings.Contains(s, "://") || strings.Contains(s, "WWW.") || strings.Contains(s, "Www.") {
		l := strings.ToLower(s)
		for _, m := range platformMarks {
			if strings.Contains(l, m) {
				return true
			}
		}
	}
	return false
}

// maxTreeNodes bounds InHTML on hostile pages.
const maxTreeNodes = 500_000

func appendUnique(list []article.Embed, e article.Embed) []article.Embed {
	for _, x := range list {
		if x.Platform == e.Platform && x.ID == e.ID {
			return list
		}
	}
	return append(list, e)
}

// mergeUnique adds e, or fills what an earlier sighting of the same post
// lacked (the blockquote has the text, a later bare link may not).
func mergeUnique(list []article.Embed, e article.Embed) []article.Embed {
	for i, x := range list {
		if x.Platform == e.Platform && x.ID == e.ID {
			if x.Author == "" && e.Author != "" {
				list[i].Author, list[i].URL = e.Author, e.URL
			}
			if x.Text == "" {
				list[i].Text = e.Text
			}
			return list
		}
	}
	return append(list, e)
}
