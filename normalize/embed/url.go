// Package embed recognises the social posts and videos a story embeds —
// X/Twitter, Instagram, Facebook, YouTube, TikTok, Telegram, Bluesky,
// Threads, Mastodon, Reddit and Vimeo — in the platforms' embed markup
// (FromNode, InHTML) and as bare links in text (FromURL, InText).
//
// Each embed comes out with its platform, a canonical URL (the same post
// linked in different ways gives the same URL), the post or video id, the
// author's handle where the link or markup names it, and the quoted text
// where the markup carries it. Two embeds are the same post when their
// Platform and ID are equal.
package embed

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// FromURL recognises a link to a social post or video and returns it as an
// embed. raw must be the URL alone, absolute ("https://…") or
// protocol-relative ("//www.youtube.com/embed/…"); "www." links are taken
// as https. Links to profiles, channels, hashtags or search pages are not
// posts and are not recognised.
func FromURL(raw string) (article.Embed, bool) {
	u, ok := parseURL(raw)
	if !ok {
		return article.Embed{}, false
	}
	host := strings.ToLower(u.Hostname())
	for _, p := range []string{"www.", "m.", "mobile.", "mbasic.", "web.", "old.", "new.", "np.", "music."} {
		host = strings.TrimPrefix(host, p)
	}
	parts := splitPath(u.Path)
	if rec, ok := byHost[host]; ok {
		return rec(u, host, parts)
	}
	switch {
	case strings.HasSuffix(host, ".tiktok.com"):
		return tiktok(u, host, parts)
	case strings.HasSuffix(host, ".facebook.com"):
		return facebook(u, host, parts)
	case strings.HasSuffix(host, ".reddit.com"):
		return reddit(u, host, parts)
	}
	return mastodon(u, host, parts, false)
}

// parseURL accepts absolute, protocol-relative and "www." URLs without
// spaces.
func parseURL(raw string) (*url.URL, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 2048 || strings.ContainsAny(raw, " \t\r\n") {
		return nil, false
	}
	switch {
	case strings.HasPrefix(raw, "//"):
		raw = "https:" + raw
	case hasPrefixFold(raw, "www."):
		raw = "https://" + raw
	case hasPrefixFold(raw, "http://"), hasPrefixFold(raw, "https://"):
	default:
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, false
	}
	return u, true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func splitPath(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
}

func at(parts []string, i int) string {
	if i >= 0 && i < len(parts) {
		return parts[i]
	}
	return ""
}

type recogniser func(u *url.URL, host string, parts []string) (article.Embed, bool)

var byHost map[string]recogniser

func init() {
	byHost = map[string]recogniser{
		"x.com": twitter, "twitter.com": twitter, "fxtwitter.com": twitter, "vxtwitter.com": twitter,
		"fixupx.com": twitter, "fixvx.com": twitter, "platform.twitter.com": twitterWidget,
		"instagram.com": instagram, "instagr.am": instagram,
		"facebook.com": facebook, "fb.com": facebook, "fb.watch": fbWatch,
		"youtube.com": youtube, "youtube-nocookie.com": youtube, "youtu.be": youtuBe,
		"tiktok.com": tiktok,
		"t.me":       telegram, "telegram.me": telegram,
		"bsky.app":    bluesky,
		"threads.net": threads, "threads.com": threads,
		"reddit.com": reddit, "embed.reddit.com": reddit, "redd.it": reddIt,
		"vimeo.com": vimeo, "player.vimeo.com": vimeo,
	}
}

var (
	handleRe     = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)
	digitsRe     = regexp.MustCompile(`^[0-9]{1,25}$`)
	youtubeIDRe  = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	shortcodeRe  = regexp.MustCompile(`^[A-Za-z0-9_-]{4,64}$`)
	userRe       = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
	blueskyKeyRe = regexp.MustCompile(`^[a-z0-9]{8,20}$`)
)

// twitterReserved are first path segments of x.com that are not handles.
var twitterReserved = map[string]bool{"home": true, "search": true, "hashtag": true, "intent": true, "share": true, "explore": true, "settings": true}

// twitter reads /user/status/ID (and /statuses/, /i/web/status/, the old
// "#!/user/status/ID") into the canonical https://x.com/user/status/ID.
func twitter(u *url.URL, _ string, parts []string) (article.Embed, bool) {
	if len(parts) == 0 && strings.HasPrefix(u.Fragment, "!/") {
		parts = splitPath(u.Fragment[1:])
	}
	switch {
	case (at(parts, 0) == "i" && at(parts, 1) == "web" && at(parts, 2) == "status" && digitsRe.MatchString(at(parts, 3))):
		return xEmbed("", at(parts, 3)), true
	case at(parts, 0) == "i" && at(parts, 1) == "status" && digitsRe.MatchString(at(parts, 2)):
		return xEmbed("", at(parts, 2)), true
	case (at(parts, 1) == "status" || at(parts, 1) == "statuses") && digitsRe.MatchString(at(parts, 2)):
		user := at(parts, 0)
		if !handleRe.MatchString(user) || twitterReserved[strings.ToLower(user)] {
			return article.Embed{}, false
		}
		return xEmbed(user, at(parts, 2)), true
	}
	return article.Embed{}, false
}

func xEmbed(user, id string) article.Embed {
	if user == "" {
		return article.Embed{Platform: article.PlatformX, URL: "https://x.com/i/web/status/" + id, ID: id}
	}
	return article.Embed{Platform: article.PlatformX, URL: "https://x.com/" + user + "/status/" + id, ID: id, Author: user}
}

// twitterWidget reads the iframe the widget script leaves behind:
// platform.twitter.com/embed/Tweet.html?id=ID.
func twitterWidget(u *url.URL, _ string, parts []string) (article.Embed, bool) {
	if id := u.Query().Get("id"); at(parts, 0) == "embed" && digitsRe.MatchString(id) {
		return xEmbed("", id), true
	}
	return article.Embed{}, false
}

// instagram reads /p/CODE/, /reel/CODE/, /reels/CODE/, /tv/CODE/ and the
// newer /user/p/CODE/, with or without a trailing /embed.
func instagram(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	kind, code, user := at(parts, 0), at(parts, 1), ""
	if !isInstagramKind(kind) && isInstagramKind(at(parts, 1)) {
		user, kind, code = at(parts, 0), at(parts, 1), at(parts, 2)
	}
	if !isInstagramKind(kind) || !shortcodeRe.MatchString(code) {
		return article.Embed{}, false
	}
	if kind == "reels" {
		kind = "reel"
	}
	e := article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/" + kind + "/" + code + "/", ID: code}
	if userRe.MatchString(user) {
		e.Author = user
	}
	return e, true
}

func isInstagramKind(s string) bool { return s == "p" || s == "reel" || s == "reels" || s == "tv" }

// facebook reads posts, videos, reels, watch links, permalinks, photos,
// share links and the plugins/post.php and video.php iframes (whose href
// parameter is the post).
func facebook(u *url.URL, host string, parts []string) (article.Embed, bool) {
	q := u.Query()
	fb := func(id, canonical, author string) (article.Embed, bool) {
		if id == "" || len(id) > 80 || strings.ContainsAny(id, "?#&=") {
			return article.Embed{}, false
		}
		return article.Embed{Platform: article.PlatformFacebook, URL: canonical, ID: id, Author: author}, true
	}
	const base = "https://www.facebook.com/"
	switch p0 := at(parts, 0); {
	case p0 == "plugins":
		if href := q.Get("href"); href != "" {
			if e, ok := FromURL(href); ok && e.Platform == article.PlatformFacebook {
				return e, true
			}
		}
		return article.Embed{}, false
	case p0 == "watch" || p0 == "watch.php":
		if v := q.Get("v"); digitsRe.MatchString(v) {
			return fb(v, base+"watch/?v="+v, "")
		}
	case p0 == "reel" && digitsRe.MatchString(at(parts, 1)):
		return fb(at(parts, 1), base+"reel/"+at(parts, 1), "")
	case p0 == "permalink.php" || p0 == "story.php":
		id, owner := q.Get("story_fbid"), q.Get("id")
		if id != "" && owner != "" {
			return fb(id, base+"permalink.php?story_fbid="+url.QueryEscape(id)+"&id="+url.QueryEscape(owner), "")
		}
	case p0 == "photo.php" || p0 == "photo":
		if id := q.Get("fbid"); digitsRe.MatchString(id) {
			return fb(id, base+"photo/?fbid="+id, "")
		}
	case p0 == "share" && (at(parts, 1) == "p" || at(parts, 1) == "v" || at(parts, 1) == "r") && shortcodeRe.MatchString(at(parts, 2)):
		return fb(at(parts, 2), base+"share/"+at(parts, 1)+"/"+at(parts, 2)+"/", "")
	case p0 == "groups" && (at(parts, 2) == "posts" || at(parts, 2) == "permalink") && at(parts, 3) != "":
		return fb(at(parts, 3), base+"groups/"+at(parts, 1)+"/posts/"+at(parts, 3)+"/", "")
	}
	user := at(parts, 0)
	if !userRe.MatchString(user) {
		return article.Embed{}, false
	}
	switch at(parts, 1) {
	case "posts":
		if id := at(parts, 2); shortcodeRe.MatchString(id) {
			return fb(id, base+user+"/posts/"+id, user)
		}
	case "videos":
		// /user/videos/ID or /user/videos/slug/ID
		for _, p := range parts[2:] {
			if digitsRe.MatchString(p) {
				return fb(p, base+user+"/videos/"+p+"/", user)
			}
		}
	case "photos":
		for i := len(parts) - 1; i >= 2; i-- {
			if digitsRe.MatchString(parts[i]) {
				return fb(parts[i], base+user+"/photos/"+parts[i]+"/", user)
			}
		}
	}
	return article.Embed{}, false
}

// fbWatch reads fb.watch/CODE short links.
func fbWatch(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	if code := at(parts, 0); shortcodeRe.MatchString(code) && len(parts) == 1 {
		return article.Embed{Platform: article.PlatformFacebook, URL: "https://fb.watch/" + code + "/", ID: code}, true
	}
	return article.Embed{}, false
}

// youtube reads watch?v=, /embed/, /v/, /e/, /shorts/ and /live/ links on
// youtube.com and youtube-nocookie.com.
func youtube(u *url.URL, _ string, parts []string) (article.Embed, bool) {
	var id string
	switch at(parts, 0) {
	case "watch":
		id = u.Query().Get("v")
	case "embed", "v", "e", "shorts", "live":
		id = at(parts, 1)
	}
	return youtubeEmbed(id)
}

func youtuBe(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	return youtubeEmbed(at(parts, 0))
}

func youtubeEmbed(id string) (article.Embed, bool) {
	if !youtubeIDRe.MatchString(id) {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformYouTube, URL: "https://www.youtube.com/watch?v=" + id, ID: id}, true
}

// tiktok reads /@user/video/ID, /@user/photo/ID, /embed/v2/ID, /embed/ID,
// /v/ID.html and vm.tiktok.com short links.
func tiktok(_ *url.URL, host string, parts []string) (article.Embed, bool) {
	if host == "vm.tiktok.com" || host == "vt.tiktok.com" {
		if code := at(parts, 0); shortcodeRe.MatchString(code) && len(parts) == 1 {
			return article.Embed{Platform: article.PlatformTikTok, URL: "https://" + host + "/" + code + "/", ID: code}, true
		}
		return article.Embed{}, false
	}
	p0 := at(parts, 0)
	switch {
	case strings.HasPrefix(p0, "@") && (at(parts, 1) == "video" || at(parts, 1) == "photo") && digitsRe.MatchString(at(parts, 2)):
		user := p0[1:]
		if !userRe.MatchString(user) {
			return article.Embed{}, false
		}
		return article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/@" + user + "/" + at(parts, 1) + "/" + at(parts, 2), ID: at(parts, 2), Author: user}, true
	case p0 == "embed":
		id := at(parts, 1)
		if id == "v2" {
			id = at(parts, 2)
		}
		return tiktokID(id)
	case p0 == "v":
		return tiktokID(strings.TrimSuffix(at(parts, 1), ".html"))
	}
	return article.Embed{}, false
}

func tiktokID(id string) (article.Embed, bool) {
	if !digitsRe.MatchString(id) {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/embed/v2/" + id, ID: id}, true
}

// telegram reads t.me/channel/ID, t.me/s/channel/ID and t.me/c/chat/ID.
// The ID is the post number within the channel; Author is the channel.
func telegram(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	private := at(parts, 0) == "c"
	if at(parts, 0) == "s" || private {
		parts = parts[1:]
	}
	e, ok := telegramPost(at(parts, 0), at(parts, 1))
	if ok && private {
		// A private chat's link keeps its /c/ form: without it the chat
		// number would read as a channel name.
		e.URL = "https://t.me/c/" + e.Author + "/" + e.ID
	}
	return e, ok
}

func telegramPost(channel, id string) (article.Embed, bool) {
	// "s" and "c" are path prefixes, never channels: a canonical URL
	// naming them would not read back as the same post.
	if !userRe.MatchString(channel) || !digitsRe.MatchString(id) || strings.HasPrefix(channel, "+") ||
		channel == "joinchat" || channel == "s" || channel == "c" {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformTelegram, URL: "https://t.me/" + channel + "/" + id, ID: id, Author: channel}, true
}

// bluesky reads bsky.app/profile/ACTOR/post/RKEY, where ACTOR is a handle
// or a DID.
func bluesky(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	if at(parts, 0) != "profile" || at(parts, 2) != "post" {
		return article.Embed{}, false
	}
	return blueskyPost(at(parts, 1), at(parts, 3))
}

func blueskyPost(actor, rkey string) (article.Embed, bool) {
	if actor == "" || len(actor) > 253 || strings.ContainsAny(actor, "?#&/ ") || !blueskyKeyRe.MatchString(rkey) {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformBluesky, URL: "https://bsky.app/profile/" + actor + "/post/" + rkey, ID: rkey, Author: actor}, true
}

// FromATURI reads an AT Protocol post URI, at://DID/app.bsky.feed.post/RKEY,
// as Bluesky's embed code carries it in data-bluesky-uri.
func FromATURI(uri string) (article.Embed, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(uri), "at://")
	if !ok {
		return article.Embed{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[1] != "app.bsky.feed.post" {
		return article.Embed{}, false
	}
	return blueskyPost(parts[0], parts[2])
}

// threads reads threads.net (and threads.com) /@user/post/CODE and
// /t/CODE links.
func threads(_ *url.URL, host string, parts []string) (article.Embed, bool) {
	switch p0 := at(parts, 0); {
	case strings.HasPrefix(p0, "@") && at(parts, 1) == "post" && shortcodeRe.MatchString(at(parts, 2)):
		user := p0[1:]
		if !userRe.MatchString(user) {
			return article.Embed{}, false
		}
		return article.Embed{Platform: article.PlatformThreads, URL: "https://www." + host + "/@" + user + "/post/" + at(parts, 2), ID: at(parts, 2), Author: user}, true
	case p0 == "t" && shortcodeRe.MatchString(at(parts, 1)):
		return article.Embed{Platform: article.PlatformThreads, URL: "https://www." + host + "/t/" + at(parts, 1), ID: at(parts, 1)}, true
	}
	return article.Embed{}, false
}

// mastodonHosts are large Mastodon servers whose post links are recognised
// bare; on any other host a link must look unmistakably like a Mastodon
// post (a long numeric id) or come from Mastodon's embed markup.
var mastodonHosts = map[string]bool{
	"mastodon.social": true, "mastodon.online": true, "mstdn.social": true, "mas.to": true, "fosstodon.org": true,
	"hachyderm.io": true, "infosec.exchange": true, "mastodon.world": true, "journa.host": true, "newsie.social": true,
	"mastodon.green": true, "mastodon.art": true, "techhub.social": true, "universeodon.com": true, "social.vivaldi.net": true,
}

// mastodon reads HOST/@user/ID and HOST/users/user/statuses/ID, with or
// without a trailing /embed. marked says the link comes from Mastodon embed
// markup, so any host and id length is trusted.
func mastodon(_ *url.URL, host string, parts []string, marked bool) (article.Embed, bool) {
	if at(parts, len(parts)-1) == "embed" {
		parts = parts[:len(parts)-1]
	}
	var user, id string
	switch {
	case len(parts) == 2 && strings.HasPrefix(parts[0], "@"):
		user, id = parts[0][1:], parts[1]
	case len(parts) == 4 && parts[0] == "users" && parts[2] == "statuses":
		user, id = parts[1], parts[3]
	default:
		return article.Embed{}, false
	}
	if !userRe.MatchString(user) || !digitsRe.MatchString(id) {
		return article.Embed{}, false
	}
	if !marked && !mastodonHosts[host] && len(id) < 15 {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformMastodon, URL: "https://" + host + "/@" + user + "/" + id, ID: id, Author: user + "@" + host}, true
}

// reddit reads /r/sub/comments/ID/slug/[COMMENT/], /user/name/comments/ID
// and /r/sub/s/CODE share links. A link to a comment gives the comment.
func reddit(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	p0 := at(parts, 0)
	if (p0 == "r" || p0 == "user" || p0 == "u") && at(parts, 2) == "comments" {
		post := at(parts, 3)
		if !shortcodeRe.MatchString(post) {
			return article.Embed{}, false
		}
		prefix := "https://www.reddit.com/" + p0 + "/" + at(parts, 1) + "/comments/" + post + "/"
		if c := at(parts, 5); shortcodeRe.MatchString(c) && len(c) <= 12 {
			return article.Embed{Platform: article.PlatformReddit, URL: prefix + "_/" + c + "/", ID: c}, true
		}
		return article.Embed{Platform: article.PlatformReddit, URL: prefix, ID: post}, true
	}
	if p0 == "comments" && shortcodeRe.MatchString(at(parts, 1)) {
		return article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/comments/" + at(parts, 1) + "/", ID: at(parts, 1)}, true
	}
	if p0 == "r" && at(parts, 2) == "s" && shortcodeRe.MatchString(at(parts, 3)) {
		return article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/r/" + at(parts, 1) + "/s/" + at(parts, 3), ID: at(parts, 3)}, true
	}
	return article.Embed{}, false
}

func reddIt(_ *url.URL, _ string, parts []string) (article.Embed, bool) {
	if id := at(parts, 0); shortcodeRe.MatchString(id) && len(parts) == 1 {
		return article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/comments/" + id + "/", ID: id}, true
	}
	return article.Embed{}, false
}

// vimeo reads vimeo.com/ID, /ID/HASH, /channels/x/ID, /groups/x/videos/ID,
// /album/x/video/ID and player.vimeo.com/video/ID.
func vimeo(_ *url.URL, host string, parts []string) (article.Embed, bool) {
	var id string
	switch {
	case host == "player.vimeo.com":
		if at(parts, 0) == "video" {
			id = at(parts, 1)
		}
	case digitsRe.MatchString(at(parts, 0)):
		id = at(parts, 0)
	case at(parts, 0) == "channels" || at(parts, 0) == "groups" || at(parts, 0) == "album" || at(parts, 0) == "showcase":
		id = at(parts, len(parts)-1)
	}
	if !digitsRe.MatchString(id) || len(id) < 5 {
		return article.Embed{}, false
	}
	return article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/" + id, ID: id}, true
}
