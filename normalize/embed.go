package normalize

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/article"
)

// embedFromURL recognises a link to a social post or video. text must be
// the URL alone (a bare link in the story counts as an embed).
func embedFromURL(text string) (article.Embed, bool) {
	text = strings.TrimSpace(text)
	if strings.ContainsAny(text, " \t\n") || !(strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://")) {
		return article.Embed{}, false
	}
	u, err := url.Parse(text)
	if err != nil || u.Host == "" {
		return article.Embed{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	em := article.Embed{URL: u.String()}
	at := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	switch host {
	case "x.com", "twitter.com", "mobile.twitter.com":
		// /<user>/status/<id>
		if at(1) == "status" && isDigits(at(2)) {
			em.Platform, em.Author, em.ID = article.PlatformX, at(0), at(2)
			return em, true
		}
	case "instagram.com":
		if (at(0) == "p" || at(0) == "reel" || at(0) == "tv") && at(1) != "" {
			em.Platform, em.ID = article.PlatformInstagram, at(1)
			return em, true
		}
	case "facebook.com", "fb.watch":
		for i, p := range parts {
			if (p == "posts" || p == "videos" || p == "photos") && at(i+1) != "" {
				em.Platform, em.Author, em.ID = article.PlatformFacebook, at(0), at(i+1)
				return em, true
			}
		}
	case "youtube.com", "youtube-nocookie.com":
		switch at(0) {
		case "watch":
			if v := u.Query().Get("v"); v != "" {
				em.Platform, em.ID = article.PlatformYouTube, v
				return em, true
			}
		case "embed", "shorts", "live":
			if at(1) != "" {
				em.Platform, em.ID = article.PlatformYouTube, at(1)
				return em, true
			}
		}
	case "youtu.be":
		if at(0) != "" {
			em.Platform, em.ID = article.PlatformYouTube, at(0)
			return em, true
		}
	case "tiktok.com":
		if at(1) == "video" && at(2) != "" {
			em.Platform, em.Author, em.ID = article.PlatformTikTok, strings.TrimPrefix(at(0), "@"), at(2)
			return em, true
		}
	case "t.me":
		if at(0) != "" && isDigits(at(1)) {
			em.Platform, em.Author, em.ID = article.PlatformTelegram, at(0), at(1)
			return em, true
		}
	case "bsky.app":
		if at(0) == "profile" && at(2) == "post" && at(3) != "" {
			em.Platform, em.Author, em.ID = article.PlatformBluesky, at(1), at(3)
			return em, true
		}
	case "threads.net", "threads.com":
		if strings.HasPrefix(at(0), "@") && at(1) == "post" && at(2) != "" {
			em.Platform, em.Author, em.ID = article.PlatformThreads, strings.TrimPrefix(at(0), "@"), at(2)
			return em, true
		}
	case "reddit.com", "old.reddit.com":
		if at(0) == "r" && at(2) == "comments" && at(3) != "" {
			em.Platform, em.Author, em.ID = article.PlatformReddit, at(1), at(3)
			return em, true
		}
	case "vimeo.com", "player.vimeo.com":
		for _, p := range parts {
			if isDigits(p) {
				em.Platform, em.ID = article.PlatformVimeo, p
				return em, true
			}
		}
	}
	// Mastodon servers are many; their post URLs are /@user/<numeric id>.
	if strings.HasPrefix(at(0), "@") && isDigits(at(1)) && len(parts) == 2 {
		em.Platform, em.Author, em.ID = article.PlatformMastodon, strings.TrimPrefix(at(0), "@"), at(1)
		return em, true
	}
	return article.Embed{}, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// embedFromElement recognises the markup platforms ask sites to paste:
// blockquote.twitter-tweet, blockquote.instagram-media, player iframes.
func embedFromElement(n *html.Node) (article.Embed, bool) {
	if src := attr(n, "src"); src != "" {
		if em, ok := embedFromURL(src); ok {
			return em, true
		}
	}
	for _, key := range []string{"data-instgrm-permalink", "cite", "data-href", "data-url"} {
		if v := attr(n, key); v != "" {
			if em, ok := embedFromURL(v); ok {
				em.Text = postText(n)
				return em, true
			}
		}
	}
	class := lowerASCII(attr(n, "class"))
	if !strings.Contains(class, "tweet") && !strings.Contains(class, "instagram") && !strings.Contains(class, "tiktok") &&
		!strings.Contains(class, "embed") && !strings.Contains(class, "bluesky") && !strings.Contains(class, "threads") &&
		!strings.Contains(class, "reddit") && !strings.Contains(class, "fb-post") && !strings.Contains(class, "telegram") {
		return article.Embed{}, false
	}
	// The post's own link is the last link in the pasted markup.
	var found article.Embed
	ok := false
	walkElements(n, 16, func(m *html.Node) {
		href := attr(m, "href")
		if href == "" {
			href = attr(m, "src")
		}
		if em, good := embedFromURL(href); good {
			found, ok = em, true
		}
	})
	if ok {
		found.Text = postText(n)
	}
	return found, ok
}

// postText is the text of the post inside pasted embed markup: its first
// paragraph.
func postText(n *html.Node) string {
	var text string
	walkElements(n, 16, func(m *html.Node) {
		if text == "" && m.Data == "p" {
			text = nodeText(m, 8)
		}
	})
	return text
}

// walkElements calls fn for each element below n, at most maxDepth deep.
func walkElements(n *html.Node, maxDepth int, fn func(*html.Node)) {
	type frame struct {
		n     *html.Node
		depth int
	}
	stack := []frame{{n, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.n != n && f.n.Type == html.ElementNode {
			fn(f.n)
		}
		if f.depth >= maxDepth {
			continue
		}
		for c := f.n.LastChild; c != nil; c = c.PrevSibling {
			if c.Type == html.ElementNode {
				stack = append(stack, frame{c, f.depth + 1})
			}
		}
	}
}
