package normalize

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/embed"
)

// embedFromURL recognises a link to a social post or video. text must be
// the URL alone (a bare link in the story counts as an embed). The
// platforms' URL shapes live in package embed.
func embedFromURL(text string) (article.Embed, bool) {
	text = strings.TrimSpace(text)
	if text == "" || strings.ContainsAny(text, " \t\n") {
		return article.Embed{}, false
	}
	return embed.FromURL(text)
}

// embedFromElement recognises the markup platforms ask sites to paste
// (blockquote.twitter-tweet, blockquote.instagram-media, player iframes, …).
func embedFromElement(n *html.Node) (article.Embed, bool) {
	return embed.FromNode(n)
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
