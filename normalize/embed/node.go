package embed

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wiredesk/wiredesk/article"
)

// FromNode reports whether the element n is a social embed and returns it.
// It recognises the platforms' embed code — blockquote.twitter-tweet,
// blockquote.instagram-media, div.fb-post and div.fb-video,
// blockquote.tiktok-embed, script[data-telegram-post],
// blockquote.bluesky-embed, blockquote.text-post-media (Threads),
// iframe.mastodon-embed and blockquote.mastodon-embed,
// blockquote.reddit-embed-bq — the players and plugins they leave behind
// (iframe, embed and AMP elements such as amp-twitter), and a link whose
// text is its own URL (a bare link counts as an embed). A caller walking a
// tree should not descend into an element FromNode accepted.
func FromNode(n *html.Node) (article.Embed, bool) {
	if n == nil || n.Type != html.ElementNode {
		return article.Embed{}, false
	}
	has := func(c string) bool { return hasClass(n, c) }
	switch n.DataAtom {
	case atom.Blockquote:
		switch {
		case has("twitter-tweet") || has("twitter-video"):
			return tweetBlock(n)
		case has("instagram-media"):
			return instagramBlock(n)
		case has("tiktok-embed"):
			return tiktokBlock(n)
		case has("bluesky-embed"):
			return blueskyBlock(n)
		case has("text-post-media"):
			return threadsBlock(n)
		case has("mastodon-embed"):
			return mastodonBlock(n)
		case has("reddit-embed-bq") || has("reddit-card"):
			return redditBlock(n)
		case has("fb-xfbml-parse-ignore"):
			return facebookBlock(n, attr(n, "cite"))
		}
		return article.Embed{}, false
	case atom.Div:
		if !strings.Contains(attr(n, "class"), "fb-") && attr(n, "data-tweet-id") == "" {
			return article.Embed{}, false // most elements of a page are divs
		}
		if has("fb-post") || has("fb-video") {
			return facebookBlock(n, attr(n, "data-href"))
		}
		if id := attr(n, "data-tweet-id"); digitsRe.MatchString(id) {
			return withText(xEmbed("", id), blockText(n)), true
		}
		return article.Embed{}, false
	case atom.Script:
		if post := attr(n, "data-telegram-post"); post != "" {
			channel, id, _ := strings.Cut(post, "/")
			return telegramPost(channel, id)
		}
		return article.Embed{}, false
	case atom.Iframe, atom.Embed:
		src := firstAttr(n, "src", "data-src", "data-lazy-src", "data-url")
		if has("mastodon-embed") {
			return fromMarkedMastodon(src)
		}
		return FromURL(src)
	case atom.A:
		return bareLink(n)
	case 0:
		if strings.HasPrefix(n.Data, "amp-") || strings.HasPrefix(n.Data, "lite-") {
			return fromCustomElement(n)
		}
	}
	return article.Embed{}, false
}

// hasClass reports whether n's class list holds c, ignoring case, without
// allocating: FromNode runs on every element of a page.
func hasClass(n *html.Node, c string) bool {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		v := a.Val
		for len(v) > 0 {
			i := 0
			for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n') {
				i++
			}
			v = v[i:]
			j := 0
			for j < len(v) && v[j] != ' ' && v[j] != '\t' && v[j] != '\n' {
				j++
			}
			if strings.EqualFold(v[:j], c) {
				return true
			}
			v = v[j:]
		}
	}
	return false
}

// fromCustomElement reads AMP components and the lite players some sites
// use instead of iframes.
func fromCustomElement(n *html.Node) (article.Embed, bool) {
	switch n.Data {
	case "amp-twitter":
		if id := attr(n, "data-tweetid"); digitsRe.MatchString(id) {
			return withText(xEmbed("", id), blockText(n)), true
		}
	case "amp-instagram":
		return instagram(nil, "", []string{"p", attr(n, "data-shortcode")})
	case "amp-youtube", "lite-youtube":
		return youtubeEmbed(firstAttr(n, "data-videoid", "videoid"))
	case "amp-vimeo", "lite-vimeo":
		id := firstAttr(n, "data-videoid", "videoid")
		if digitsRe.MatchString(id) {
			return article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/" + id, ID: id}, true
		}
	case "amp-facebook":
		return FromURL(attr(n, "data-href"))
	case "amp-tiktok", "amp-reddit", "amp-iframe":
		return FromURL(firstAttr(n, "data-src", "src"))
	}
	return article.Embed{}, false
}

// tweetBlock reads X's embed code:
//
//	<blockquote class="twitter-tweet"><p>TEXT</p>&mdash; Name (@handle)
//	<a href="https://twitter.com/handle/status/ID">April 25, 2025</a></blockquote>
func tweetBlock(n *html.Node) (article.Embed, bool) {
	var e article.Embed
	found := false
	eachLink(n, func(href string) {
		if cand, ok := FromURL(href); ok && cand.Platform == article.PlatformX {
			e, found = cand, true // the last status link is the tweet; earlier ones are quoted
		}
	})
	if !found {
		if id := attr(n, "data-tweet-id"); digitsRe.MatchString(id) {
			e, found = xEmbed("", id), true
		}
	}
	if !found {
		return article.Embed{}, false
	}
	text, handle := quotedText(n)
	if e.Author == "" && handle != "" {
		e = xEmbed(handle, e.ID)
	}
	return withText(e, cleanTweet(text)), true
}

// instagramBlock reads blockquote.instagram-media: the post is in
// data-instgrm-permalink, the caption (when embedded with one) in a
// paragraph, the author in "A post shared by Name (@handle)".
func instagramBlock(n *html.Node) (article.Embed, bool) {
	e, ok := FromURL(firstAttr(n, "data-instgrm-permalink", "cite"))
	if !ok {
		eachLink(n, func(href string) {
			if !ok {
				e, ok = FromURL(href)
				ok = ok && e.Platform == article.PlatformInstagram
			}
		})
	}
	if !ok {
		return article.Embed{}, false
	}
	var caption string
	for _, p := range elements(n, atom.P) {
		t := nodeText(p)
		if m := sharedByRe.FindStringSubmatch(t); m != nil {
			if e.Author == "" {
				e.Author = m[1]
			}
			continue
		}
		if caption == "" && !strings.EqualFold(t, "View this post on Instagram") {
			caption = t
		}
	}
	return withText(e, caption), true
}

var sharedByRe = regexp.MustCompile(`(?i)(?:post|video|reel) shared by .*?\(@([A-Za-z0-9_.]{1,30})\)`)

// facebookBlock reads div.fb-post / div.fb-video (data-href) and the
// blockquote inside them, whose first paragraph is the post's text.
func facebookBlock(n *html.Node, href string) (article.Embed, bool) {
	e, ok := FromURL(href)
	if !ok || e.Platform != article.PlatformFacebook {
		return article.Embed{}, false
	}
	if ps := elements(n, atom.P); len(ps) > 0 {
		e.Text = nodeText(ps[0])
	}
	return e, true
}

// tiktokBlock reads blockquote.tiktok-embed: cite is the video, the section
// holds "@user caption #tags ♬ sound".
func tiktokBlock(n *html.Node) (article.Embed, bool) {
	e, ok := FromURL(attr(n, "cite"))
	if !ok || e.Platform != article.PlatformTikTok {
		e, ok = tiktokID(attr(n, "data-video-id"))
	}
	if !ok {
		return article.Embed{}, false
	}
	text := nodeText(n)
	if e.Author != "" {
		text = strings.TrimSpace(strings.TrimPrefix(text, "@"+e.Author))
	}
	if i := strings.Index(text, "♬"); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	return withText(e, text), true
}

// blueskyBlock reads blockquote.bluesky-embed: data-bluesky-uri is the
// post as an at:// URI; the credit "— Name (@handle) date" names the
// author by handle, which is preferred to the DID.
func blueskyBlock(n *html.Node) (article.Embed, bool) {
	e, ok := FromATURI(attr(n, "data-bluesky-uri"))
	if !ok {
		eachLink(n, func(href string) {
			if cand, k := FromURL(href); k && cand.Platform == article.PlatformBluesky {
				e, ok = cand, true
			}
		})
	}
	if !ok {
		return article.Embed{}, false
	}
	text, handle := quotedText(n)
	if handle != "" {
		e.Author = handle
	}
	return withText(e, text), true
}

// threadsBlock reads blockquote.text-post-media and its
// data-text-post-permalink.
func threadsBlock(n *html.Node) (article.Embed, bool) {
	e, ok := FromURL(attr(n, "data-text-post-permalink"))
	if !ok || e.Platform != article.PlatformThreads {
		return article.Embed{}, false
	}
	text, _ := quotedText(n)
	if strings.HasPrefix(text, "View on Threads") || strings.HasPrefix(text, "Post by @") {
		text = ""
	}
	return withText(e, text), true
}

// mastodonBlock reads blockquote.mastodon-embed (Mastodon 4.3 and later):
// data-embed-url, or the first link to a post.
func mastodonBlock(n *html.Node) (article.Embed, bool) {
	if e, ok := fromMarkedMastodon(attr(n, "data-embed-url")); ok {
		return e, true
	}
	var e article.Embed
	ok := false
	eachLink(n, func(href string) {
		if !ok {
			e, ok = fromMarkedMastodon(href)
		}
	})
	return e, ok
}

func fromMarkedMastodon(raw string) (article.Embed, bool) {
	u, ok := parseURL(raw)
	if !ok {
		return article.Embed{}, false
	}
	return mastodon(u, strings.ToLower(u.Hostname()), splitPath(u.Path), true)
}

// redditBlock reads blockquote.reddit-embed-bq: the first link is the post
// (its text the title), a /user/ link the author.
func redditBlock(n *html.Node) (article.Embed, bool) {
	var e article.Embed
	ok := false
	var title, author string
	for _, a := range elements(n, atom.A) {
		href := attr(a, "href")
		if cand, k := FromURL(href); k && cand.Platform == article.PlatformReddit && !ok {
			e, ok, title = cand, true, nodeText(a)
			continue
		}
		if u, k := parseURL(href); k && author == "" {
			if parts := splitPath(u.Path); (at(parts, 0) == "user" || at(parts, 0) == "u") && userRe.MatchString(at(parts, 1)) {
				author = at(parts, 1)
			}
		}
	}
	if !ok {
		return article.Embed{}, false
	}
	e.Author = author
	return withText(e, title), true
}

// bareLink accepts <a href="URL">URL</a>: a link printed as its own address,
// which the story shows as a post. A link on words ("said in a post") is a
// citation, not an embed.
func bareLink(n *html.Node) (article.Embed, bool) {
	href := attr(n, "href")
	if href == "" || n.FirstChild == nil || !mentionsPlatform(href) {
		return article.Embed{}, false
	}
	var text string
	if c := n.FirstChild; c.NextSibling == nil && c.Type == html.TextNode {
		text = strings.TrimSpace(c.Data) // the usual case, without building a string
	} else {
		text = nodeText(n)
	}
	if !strings.Contains(text, "/") {
		return article.Embed{}, false
	}
	t := strings.TrimSuffix(strings.TrimSuffix(text, "…"), "...")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "https://"), "http://")
	h := strings.TrimPrefix(strings.TrimPrefix(href, "https://"), "http://")
	if len(t) < 8 || !strings.HasPrefix(strings.TrimPrefix(h, "www."), strings.TrimPrefix(t, "www.")) {
		return article.Embed{}, false
	}
	return FromURL(href)
}

// creditHandleRe finds the handle in the credit line X and Bluesky put
// after the post: "— Name (@handle) April 25, 2025".
var creditHandleRe = regexp.MustCompile(`\(@([A-Za-z0-9_.:-]{1,253})\)[^\n(]{0,60}$`)

// splitCredit cuts the credit line off the end of a post's text and returns
// the text and the handle it names. The credit starts at the last dash
// before the handle, so a dash inside the post stays.
func splitCredit(s string) (text, handle string) {
	loc := creditHandleRe.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, ""
	}
	handle = s[loc[2]:loc[3]]
	head := s[:loc[0]]
	from := len(head) - 100
	if from < 0 {
		from = 0
	}
	cut := -1
	for _, d := range []string{"—", "–", " - ", "&mdash;"} {
		if i := strings.LastIndex(head[from:], d); i >= 0 && from+i > cut {
			cut = from + i
		}
	}
	if cut < 0 {
		return s, handle
	}
	return strings.TrimSpace(s[:cut]), handle
}

// quotedText returns the post's text from a blockquote — its paragraphs,
// or its whole text without the credit line — and the @handle the credit
// names.
func quotedText(n *html.Node) (text, handle string) {
	whole, handle := splitCredit(nodeText(n))
	var paras []string
	for _, p := range elements(n, atom.P) {
		if t := nodeText(p); t != "" {
			paras = append(paras, t)
		}
	}
	if len(paras) > 0 {
		return strings.Join(paras, "\n"), handle
	}
	return whole, handle
}

// tcoRe matches the t.co and pic.twitter.com links X appends to a post's
// text for its media.
var tcoRe = regexp.MustCompile(`\s*(?:https?://t\.co/\S+|pic\.twitter\.com/\S+|pic\.x\.com/\S+)\s*$`)

func cleanTweet(s string) string {
	for {
		t := tcoRe.ReplaceAllString(s, "")
		if t == s {
			return strings.TrimSpace(s)
		}
		s = t
	}
}

// blockText is the post text of an element that wraps a post's fallback
// markup (div[data-tweet-id], amp-twitter): its paragraphs, without the
// credit line.
func blockText(n *html.Node) string {
	t, _ := quotedText(n)
	return cleanTweet(t)
}

func withText(e article.Embed, text string) article.Embed {
	e.Text = strings.TrimSpace(text)
	return e
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func firstAttr(n *html.Node, keys ...string) string {
	for _, k := range keys {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	return ""
}

// maxWalk bounds how many nodes the helpers visit below one element, so a
// hostile page cannot make a blockquote expensive.
const maxWalk = 5000

// walk visits the descendants of n in document order until visit returns
// false or maxWalk nodes were seen.
func walk(n *html.Node, visit func(*html.Node) bool) {
	seen := 0
	var rec func(*html.Node) bool
	rec = func(p *html.Node) bool {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			seen++
			if seen > maxWalk || !visit(c) {
				return false
			}
			if !rec(c) {
				return false
			}
		}
		return true
	}
	rec(n)
}

func eachLink(n *html.Node, fn func(href string)) {
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if href := attr(c, "href"); href != "" {
				fn(href)
			}
		}
		return true
	})
}

func elements(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == a {
			out = append(out, c)
		}
		return true
	})
	return out
}

// nodeText is the visible text of n with runs of space collapsed and <br>
// as a line break.
func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch {
		case c.Type == html.TextNode && c.Parent != nil && (c.Parent.DataAtom == atom.Script || c.Parent.DataAtom == atom.Style):
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		return true
	})
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
	}
	return collapse(b.String())
}

// collapse turns runs of spaces into one space and trims each line.
func collapse(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
