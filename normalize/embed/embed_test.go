package embed

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wiredesk/wiredesk/article"
)

func TestFromURL(t *testing.T) {
	x := func(user, id string) article.Embed {
		if user == "" {
			return article.Embed{Platform: article.PlatformX, URL: "https://x.com/i/web/status/" + id, ID: id}
		}
		return article.Embed{Platform: article.PlatformX, URL: "https://x.com/" + user + "/status/" + id, ID: id, Author: user}
	}
	yt := func(id string) article.Embed {
		return article.Embed{Platform: article.PlatformYouTube, URL: "https://www.youtube.com/watch?v=" + id, ID: id}
	}
	tests := []struct {
		raw  string
		want *article.Embed
	}{
		// X / Twitter
		{"https://x.com/mfa_russia/status/1915794807047307486", ptr(x("mfa_russia", "1915794807047307486"))},
		{"https://twitter.com/mfa_russia/status/1915794807047307486?ref_src=twsrc%5Etfw", ptr(x("mfa_russia", "1915794807047307486"))},
		{"https://mobile.twitter.com/PMOIndia/status/1780000000000000001/photo/1", ptr(x("PMOIndia", "1780000000000000001"))},
		{"http://www.twitter.com/ANI/statuses/1234567890", ptr(x("ANI", "1234567890"))},
		{"https://twitter.com/#!/AP/status/2145678901", ptr(x("AP", "2145678901"))},
		{"https://x.com/i/web/status/1915794807047307486", ptr(x("", "1915794807047307486"))},
		{"https://platform.twitter.com/embed/Tweet.html?id=1915794807047307486", ptr(x("", "1915794807047307486"))},
		{"https://fxtwitter.com/ZelenskyyUa/status/1915000000000000000", ptr(x("ZelenskyyUa", "1915000000000000000"))},
		{"https://x.com/mfa_russia", nil},
		{"https://x.com/search?q=putin", nil},
		{"https://x.com/hashtag/status/123", nil},
		// Instagram
		{"https://www.instagram.com/p/C6abcDEFgh1/?utm_source=ig_embed", &article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/p/C6abcDEFgh1/", ID: "C6abcDEFgh1"}},
		{"https://www.instagram.com/reel/C7xYz_12-ab/", &article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/reel/C7xYz_12-ab/", ID: "C7xYz_12-ab"}},
		{"https://instagram.com/tv/B9qwerty123/embed", &article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/tv/B9qwerty123/", ID: "B9qwerty123"}},
		{"https://www.instagram.com/narendramodi/p/C6abcDEFgh1/", &article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/p/C6abcDEFgh1/", ID: "C6abcDEFgh1", Author: "narendramodi"}},
		{"https://www.instagram.com/narendramodi/", nil},
		// Facebook
		{"https://www.facebook.com/NarendraModi/posts/pfbid02abcDEF123", &article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/NarendraModi/posts/pfbid02abcDEF123", ID: "pfbid02abcDEF123", Author: "NarendraModi"}},
		{"https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F20531316728%2Fposts%2F10154009990506729%2F&show_text=true&width=500",
			&article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/20531316728/posts/10154009990506729", ID: "10154009990506729", Author: "20531316728"}},
		{"https://www.facebook.com/plugins/video.php?height=314&href=https%3A%2F%2Fwww.facebook.com%2Fndtv%2Fvideos%2F1234567890123456%2F&show_text=false",
			&article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/ndtv/videos/1234567890123456/", ID: "1234567890123456", Author: "ndtv"}},
		{"https://www.facebook.com/ndtv/videos/flood-rescue/1234567890123456/", &article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/ndtv/videos/1234567890123456/", ID: "1234567890123456", Author: "ndtv"}},
		{"https://www.facebook.com/watch/?v=1234567890", &article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/watch/?v=1234567890", ID: "1234567890"}},
		{"https://m.facebook.com/story.php?story_fbid=987654321&id=100044", &article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/permalink.php?story_fbid=987654321&id=100044", ID: "987654321"}},
		{"https://fb.watch/abcD3FgH1/", &article.Embed{Platform: article.PlatformFacebook, URL: "https://fb.watch/abcD3FgH1/", ID: "abcD3FgH1"}},
		{"https://www.facebook.com/NarendraModi", nil},
		// YouTube
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", ptr(yt("dQw4w9WgXcQ"))},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc", ptr(yt("dQw4w9WgXcQ"))},
		{"//www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ptr(yt("dQw4w9WgXcQ"))},
		{"https://youtu.be/dQw4w9WgXcQ?si=xyz", ptr(yt("dQw4w9WgXcQ"))},
		{"https://youtube.com/shorts/aBcDeFgHiJk", ptr(yt("aBcDeFgHiJk"))},
		{"https://m.youtube.com/watch?v=aBcDeFgHiJk", ptr(yt("aBcDeFgHiJk"))},
		{"https://www.youtube.com/live/aBcDeFgHiJk", ptr(yt("aBcDeFgHiJk"))},
		{"https://www.youtube.com/@ANINewsIndia", nil},
		{"https://www.youtube.com/watch?v=short", nil},
		// TikTok
		{"https://www.tiktok.com/@scout2015/video/6718335390845095173", &article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/@scout2015/video/6718335390845095173", ID: "6718335390845095173", Author: "scout2015"}},
		{"https://www.tiktok.com/embed/v2/6718335390845095173", &article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/embed/v2/6718335390845095173", ID: "6718335390845095173"}},
		{"https://vm.tiktok.com/ZMabc123/", &article.Embed{Platform: article.PlatformTikTok, URL: "https://vm.tiktok.com/ZMabc123/", ID: "ZMabc123"}},
		{"https://www.tiktok.com/@scout2015", nil},
		// Telegram
		{"https://t.me/durov/43", &article.Embed{Platform: article.PlatformTelegram, URL: "https://t.me/durov/43", ID: "43", Author: "durov"}},
		{"https://t.me/s/rybar/61234", &article.Embed{Platform: article.PlatformTelegram, URL: "https://t.me/rybar/61234", ID: "61234", Author: "rybar"}},
		{"https://t.me/joinchat/AAAAAE", nil},
		{"https://t.me/durov", nil},
		// Bluesky
		{"https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l", &article.Embed{Platform: article.PlatformBluesky, URL: "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l", ID: "3l6oveex3ii2l", Author: "bsky.app"}},
		{"https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l", &article.Embed{Platform: article.PlatformBluesky, URL: "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l", ID: "3l6oveex3ii2l", Author: "did:plc:z72i7hdynmk6r22z27h6tvur"}},
		{"https://bsky.app/profile/bsky.app", nil},
		// Threads
		{"https://www.threads.net/@zuck/post/C8abcdEFghi", &article.Embed{Platform: article.PlatformThreads, URL: "https://www.threads.net/@zuck/post/C8abcdEFghi", ID: "C8abcdEFghi", Author: "zuck"}},
		{"https://www.threads.com/@zuck/post/C8abcdEFghi?xmt=AQ", &article.Embed{Platform: article.PlatformThreads, URL: "https://www.threads.com/@zuck/post/C8abcdEFghi", ID: "C8abcdEFghi", Author: "zuck"}},
		// Mastodon
		{"https://mastodon.social/@Gargron/113460264096318018", &article.Embed{Platform: article.PlatformMastodon, URL: "https://mastodon.social/@Gargron/113460264096318018", ID: "113460264096318018", Author: "Gargron@mastodon.social"}},
		{"https://journa.host/@jeff/1234", &article.Embed{Platform: article.PlatformMastodon, URL: "https://journa.host/@jeff/1234", ID: "1234", Author: "jeff@journa.host"}},
		{"https://example.social/users/alice/statuses/113460264096318018", &article.Embed{Platform: article.PlatformMastodon, URL: "https://example.social/@alice/113460264096318018", ID: "113460264096318018", Author: "alice@example.social"}},
		{"https://example.com/@alice/42", nil},
		{"https://medium.com/@alice/why-go-1a2b3c4d5e6f", nil},
		// Reddit
		{"https://www.reddit.com/r/worldnews/comments/1k7abcd/putin_meets_witkoff/", &article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/r/worldnews/comments/1k7abcd/", ID: "1k7abcd"}},
		{"https://old.reddit.com/r/worldnews/comments/1k7abcd/putin_meets_witkoff/mp1xyz9/", &article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/r/worldnews/comments/1k7abcd/_/mp1xyz9/", ID: "mp1xyz9"}},
		{"https://redd.it/1k7abcd", &article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/comments/1k7abcd/", ID: "1k7abcd"}},
		{"https://www.reddit.com/r/worldnews/", nil},
		// Vimeo
		{"https://player.vimeo.com/video/76979871?h=8272103f6e", &article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/76979871", ID: "76979871"}},
		{"https://vimeo.com/76979871", &article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/76979871", ID: "76979871"}},
		{"https://vimeo.com/channels/staffpicks/76979871", &article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/76979871", ID: "76979871"}},
		{"https://vimeo.com/about", nil},
		// not links
		{"", nil}, {"x.com/a/status/1", nil}, {"https://", nil}, {"mailto:news@example.com", nil},
		{"https://example.com/news/story.html", nil}, {"https://x.com/a/status/1 extra", nil},
	}
	for _, tt := range tests {
		got, ok := FromURL(tt.raw)
		switch {
		case tt.want == nil && ok:
			t.Errorf("FromURL(%q) = %+v, want no embed", tt.raw, got)
		case tt.want != nil && !ok:
			t.Errorf("FromURL(%q) found no embed, want %+v", tt.raw, *tt.want)
		case tt.want != nil && got != *tt.want:
			t.Errorf("FromURL(%q)\n got %+v\nwant %+v", tt.raw, got, *tt.want)
		}
	}
}

func ptr(e article.Embed) *article.Embed { return &e }

// firstElement parses an HTML fragment and returns its first element.
func firstElement(t testing.TB, fragment string) *html.Node {
	t.Helper()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), body)
	if err != nil {
		t.Fatalf("parse %q: %v", fragment, err)
	}
	for _, n := range nodes {
		if n.Type == html.ElementNode {
			return n
		}
	}
	t.Fatalf("no element in %q", fragment)
	return nil
}

func TestFromNode(t *testing.T) {
	tests := []struct {
		name string
		html string
		want *article.Embed
	}{
		{"X blockquote", `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">On April 25, President of Russia Vladimir <a href="https://twitter.com/hashtag/Putin?src=hash&amp;ref_src=twsrc%5Etfw">#Putin</a> met in the Kremlin with Special Envoy of <a href="https://twitter.com/POTUS?ref_src=twsrc%5Etfw">@POTUS</a>, <a href="https://twitter.com/SteveWitkoff?ref_src=twsrc%5Etfw">@SteveWitkoff</a>. <a href="https://t.co/Xy12AbCdEf">pic.twitter.com/Xy12AbCdEf</a></p>&mdash; MFA Russia 🇷🇺 (@mfa_russia) <a href="https://twitter.com/mfa_russia/status/1915794807047307486?ref_src=twsrc%5Etfw">April 25, 2025</a></blockquote>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/mfa_russia/status/1915794807047307486", ID: "1915794807047307486", Author: "mfa_russia",
				Text: "On April 25, President of Russia Vladimir #Putin met in the Kremlin with Special Envoy of @POTUS, @SteveWitkoff."}},
		{"X blockquote quoting another tweet", `<blockquote class="twitter-tweet" data-conversation="none"><p>Look at <a href="https://twitter.com/other/status/111">this</a></p>— Jane Doe (@janedoe) <a href="https://twitter.com/janedoe/status/222">May 1, 2025</a></blockquote>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/janedoe/status/222", ID: "222", Author: "janedoe", Text: "Look at this"}},
		{"X blockquote without paragraph", `<blockquote class="twitter-tweet">Ceasefire talks resume today - officials &mdash; Reuters World (@ReutersWorld) <a href="https://x.com/i/web/status/1916000000000000000">April 26, 2025</a></blockquote>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/ReutersWorld/status/1916000000000000000", ID: "1916000000000000000", Author: "ReutersWorld", Text: "Ceasefire talks resume today - officials"}},
		{"X widget iframe", `<iframe id="twitter-widget-0" src="https://platform.twitter.com/embed/Tweet.html?dnt=false&amp;id=1915794807047307486&amp;lang=en"></iframe>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/i/web/status/1915794807047307486", ID: "1915794807047307486"}},
		{"amp-twitter", `<amp-twitter width="375" height="472" layout="responsive" data-tweetid="1915794807047307486"></amp-twitter>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/i/web/status/1915794807047307486", ID: "1915794807047307486"}},
		{"Instagram captioned", `<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.instagram.com/p/C6abcDEFgh1/?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div style="padding:16px;"><a href="https://www.instagram.com/p/C6abcDEFgh1/?utm_source=ig_embed&amp;utm_campaign=loading" target="_blank"><div>View this post on Instagram</div></a><p style="margin:8px 0 0 0;"><a href="https://www.instagram.com/p/C6abcDEFgh1/?utm_source=ig_embed" target="_blank">Addressed a rally in Varanasi today.</a></p><p style="color:#c9c8cd;"><a href="https://www.instagram.com/p/C6abcDEFgh1/?utm_source=ig_embed" target="_blank">A post shared by Narendra Modi (@narendramodi)</a></p></div></blockquote>`,
			&article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/p/C6abcDEFgh1/", ID: "C6abcDEFgh1", Author: "narendramodi", Text: "Addressed a rally in Varanasi today."}},
		{"Instagram reel without caption", `<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/C7xYz_12-ab/?utm_source=ig_embed" data-instgrm-version="14"><div><a href="https://www.instagram.com/reel/C7xYz_12-ab/">View this post on Instagram</a><p><a href="https://www.instagram.com/reel/C7xYz_12-ab/">A post shared by BBC News (@bbcnews)</a></p></div></blockquote>`,
			&article.Embed{Platform: article.PlatformInstagram, URL: "https://www.instagram.com/reel/C7xYz_12-ab/", ID: "C7xYz_12-ab", Author: "bbcnews"}},
		{"Facebook fb-post", `<div class="fb-post" data-href="https://www.facebook.com/20531316728/posts/10154009990506729/" data-width="500" data-show-text="true"><blockquote cite="https://developers.facebook.com/20531316728/posts/10154009990506729/" class="fb-xfbml-parse-ignore"><p>We are launching a new feature today.</p>Posted by <a href="https://www.facebook.com/facebook/">Facebook</a> on&nbsp;<a href="https://developers.facebook.com/20531316728/posts/10154009990506729/">Thursday, August 27, 2015</a></blockquote></div>`,
			&article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/20531316728/posts/10154009990506729", ID: "10154009990506729", Author: "20531316728", Text: "We are launching a new feature today."}},
		{"Facebook fb-video", `<div class="fb-video" data-href="https://www.facebook.com/ndtv/videos/1234567890123456/" data-width="500" data-show-text="false"></div>`,
			&article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/ndtv/videos/1234567890123456/", ID: "1234567890123456", Author: "ndtv"}},
		{"Facebook post.php iframe", `<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FNarendraModi%2Fposts%2Fpfbid02abcDEF123&amp;show_text=true&amp;width=500" width="500" height="600"></iframe>`,
			&article.Embed{Platform: article.PlatformFacebook, URL: "https://www.facebook.com/NarendraModi/posts/pfbid02abcDEF123", ID: "pfbid02abcDEF123", Author: "NarendraModi"}},
		{"YouTube iframe", `<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" title="YouTube video player" allowfullscreen></iframe>`,
			&article.Embed{Platform: article.PlatformYouTube, URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ID: "dQw4w9WgXcQ"}},
		{"YouTube nocookie lazy iframe", `<iframe data-src="https://www.youtube-nocookie.com/embed/aBcDeFgHiJk" class="lazyload"></iframe>`,
			&article.Embed{Platform: article.PlatformYouTube, URL: "https://www.youtube.com/watch?v=aBcDeFgHiJk", ID: "aBcDeFgHiJk"}},
		{"lite-youtube", `<lite-youtube videoid="aBcDeFgHiJk" playlabel="Play"></lite-youtube>`,
			&article.Embed{Platform: article.PlatformYouTube, URL: "https://www.youtube.com/watch?v=aBcDeFgHiJk", ID: "aBcDeFgHiJk"}},
		{"TikTok", `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@scout2015/video/6718335390845095173" data-video-id="6718335390845095173" style="max-width: 605px;min-width: 325px;"> <section> <a target="_blank" title="@scout2015" href="https://www.tiktok.com/@scout2015?refer=embed">@scout2015</a> Scramble up ur name &amp; I’ll try to guess it <a title="foryoupage" target="_blank" href="https://www.tiktok.com/tag/foryoupage?refer=embed">#foryoupage</a> <a target="_blank" title="♬ original sound - tiff" href="https://www.tiktok.com/music/original-sound-6689804660171082501?refer=embed">♬ original sound - tiff</a> </section> </blockquote>`,
			&article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/@scout2015/video/6718335390845095173", ID: "6718335390845095173", Author: "scout2015", Text: "Scramble up ur name & I’ll try to guess it #foryoupage"}},
		{"TikTok id only", `<blockquote class="tiktok-embed" data-video-id="6718335390845095173"><section></section></blockquote>`,
			&article.Embed{Platform: article.PlatformTikTok, URL: "https://www.tiktok.com/embed/v2/6718335390845095173", ID: "6718335390845095173"}},
		{"Telegram widget", `<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="durov/43" data-width="100%"></script>`,
			&article.Embed{Platform: article.PlatformTelegram, URL: "https://t.me/durov/43", ID: "43", Author: "durov"}},
		{"Bluesky", `<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l" data-bluesky-cid="bafyreidqzbrwtrk" data-bluesky-embed-color-mode="system"><p lang="en">Bluesky now has 10 million users.</p>&mdash; Bluesky (<a href="https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur?ref_src=embed">@bsky.app</a>) <a href="https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l?ref_src=embed">October 10, 2024 at 7:04 PM</a></blockquote>`,
			&article.Embed{Platform: article.PlatformBluesky, URL: "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l", ID: "3l6oveex3ii2l", Author: "bsky.app", Text: "Bluesky now has 10 million users."}},
		{"Threads", `<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@zuck/post/C8abcdEFghi" data-text-post-version="0" id="ig-tp-C8abcdEFghi"><a href="https://www.threads.net/@zuck/post/C8abcdEFghi" target="_blank"><div><div>View on Threads</div></div></a></blockquote>`,
			&article.Embed{Platform: article.PlatformThreads, URL: "https://www.threads.net/@zuck/post/C8abcdEFghi", ID: "C8abcdEFghi", Author: "zuck"}},
		{"Mastodon iframe", `<iframe src="https://mastodon.social/@Gargron/113460264096318018/embed" class="mastodon-embed" style="max-width: 100%; border: 0" width="400" allowfullscreen="allowfullscreen"></iframe>`,
			&article.Embed{Platform: article.PlatformMastodon, URL: "https://mastodon.social/@Gargron/113460264096318018", ID: "113460264096318018", Author: "Gargron@mastodon.social"}},
		{"Mastodon iframe on a small server", `<iframe src="https://social.example.org/@editor/4211/embed" class="mastodon-embed"></iframe>`,
			&article.Embed{Platform: article.PlatformMastodon, URL: "https://social.example.org/@editor/4211", ID: "4211", Author: "editor@social.example.org"}},
		{"Mastodon blockquote", `<blockquote class="mastodon-embed" data-embed-url="https://mastodon.social/@Gargron/113460264096318018/embed" style="background: #FCF8FF;"><a href="https://mastodon.social/@Gargron/113460264096318018" target="_blank"><div>Post by @Gargron@mastodon.social</div><div>View on Mastodon</div></a></blockquote>`,
			&article.Embed{Platform: article.PlatformMastodon, URL: "https://mastodon.social/@Gargron/113460264096318018", ID: "113460264096318018", Author: "Gargron@mastodon.social"}},
		{"Reddit", `<blockquote class="reddit-embed-bq" style="height:500px" data-embed-height="740"><a href="https://www.reddit.com/r/worldnews/comments/1k7abcd/putin_meets_witkoff/">Putin meets Witkoff for three hours in Moscow</a><br> by<a href="https://www.reddit.com/user/newsbot42/">u/newsbot42</a> in<a href="https://www.reddit.com/r/worldnews/">worldnews</a></blockquote>`,
			&article.Embed{Platform: article.PlatformReddit, URL: "https://www.reddit.com/r/worldnews/comments/1k7abcd/", ID: "1k7abcd", Author: "newsbot42", Text: "Putin meets Witkoff for three hours in Moscow"}},
		{"Vimeo player", `<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" width="640" height="360" allowfullscreen></iframe>`,
			&article.Embed{Platform: article.PlatformVimeo, URL: "https://vimeo.com/76979871", ID: "76979871"}},
		{"bare link", `<a href="https://x.com/mfa_russia/status/1915794807047307486">https://x.com/mfa_russia/status/1915794807047307486</a>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/mfa_russia/status/1915794807047307486", ID: "1915794807047307486", Author: "mfa_russia"}},
		{"bare link shortened", `<a href="https://twitter.com/mfa_russia/status/1915794807047307486">twitter.com/mfa_russia/stat…</a>`,
			&article.Embed{Platform: article.PlatformX, URL: "https://x.com/mfa_russia/status/1915794807047307486", ID: "1915794807047307486", Author: "mfa_russia"}},
		// not embeds
		{"link on words", `<a href="https://x.com/mfa_russia/status/1915794807047307486">said in a post</a>`, nil},
		{"plain blockquote", `<blockquote><p>"Constructive and very useful," Ushakov said.</p></blockquote>`, nil},
		{"ad iframe", `<iframe src="https://ads.example.com/slot?id=3"></iframe>`, nil},
		{"widgets script", `<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>`, nil},
		{"tweet blockquote without link", `<blockquote class="twitter-tweet"><p>Text only</p></blockquote>`, nil},
		{"paragraph", `<p>https://x.com/mfa_russia/status/1915794807047307486</p>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FromNode(firstElement(t, tt.html))
			switch {
			case tt.want == nil && ok:
				t.Errorf("FromNode = %+v, want no embed", got)
			case tt.want != nil && !ok:
				t.Errorf("FromNode found no embed, want %+v", *tt.want)
			case tt.want != nil && got != *tt.want:
				t.Errorf("FromNode\n got %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

func TestInText(t *testing.T) {
	text := `In a post on X, the ministry wrote: https://x.com/mfa_russia/status/1915794807047307486. ` +
		`Watch the video (https://youtu.be/dQw4w9WgXcQ), or see www.instagram.com/p/C6abcDEFgh1/ and ` +
		`twitter.com/mfa_russia/status/1915794807047307486 again; also t.me/durov/43, https://example.com/x and https://x.com/mfa_russia.`
	got := InText(text)
	want := []string{"x/1915794807047307486", "youtube/dQw4w9WgXcQ", "instagram/C6abcDEFgh1", "telegram/43"}
	if len(got) != len(want) {
		t.Fatalf("InText found %d embeds %+v, want %v", len(got), got, want)
	}
	for i, e := range got {
		if k := string(e.Platform) + "/" + e.ID; k != want[i] {
			t.Errorf("InText[%d] = %s, want %s", i, k, want[i])
		}
	}
	if InText("no links here") != nil {
		t.Error("InText found embeds in text without links")
	}
}

func TestInHTML(t *testing.T) {
	page := `<html><body><article>
<p>Moscow, April 25: Russian President Vladimir Putin met US Special Envoy Steve Witkoff.</p>
<p>"On April 25, President of Russia Vladimir #Putin met in the Kremlin with Special Envoy of @POTUS."</p>
<p>https://x.com/mfa_russia/status/1915794807047307486</p>
<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">
<blockquote class="twitter-tweet"><p>Text of the post</p>&mdash; MFA Russia (@mfa_russia) <a href="https://twitter.com/mfa_russia/status/1915794807047307486">April 25, 2025</a></blockquote>
</div></figure>
<p>Read more <a href="https://x.com/ZelenskyyUa/status/1915000000000000000">in his post</a>.</p>
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
<script>var u = "https://t.me/durov/43";</script>
</article></body></html>`
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	got := InHTML(root)
	if len(got) != 2 {
		t.Fatalf("InHTML = %+v, want the tweet and the video", got)
	}
	if got[0].ID != "1915794807047307486" || got[0].Text != "Text of the post" || got[0].Author != "mfa_russia" {
		t.Errorf("InHTML[0] = %+v, want the tweet with the blockquote's text", got[0])
	}
	if got[1].Platform != article.PlatformYouTube {
		t.Errorf("InHTML[1] = %+v, want the video", got[1])
	}
}

// FuzzFromURL checks that a recognised embed is well formed and that its
// canonical URL is recognised as the same post.
func FuzzFromURL(f *testing.F) {
	for _, s := range []string{
		"https://x.com/mfa_russia/status/1915794807047307486", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fa%2Fposts%2F1", "https://t.me/s/a/1",
		"https://bsky.app/profile/a.b/post/3l6oveex3ii2l", "https://mastodon.social/@a/1/embed", "https://old.reddit.com/r/a/comments/abcd/x/efgh/",
		"//player.vimeo.com/video/123456", "https://www.tiktok.com/@a/video/1", "https://www.threads.net/@a/post/ABCD", "https://twitter.com/#!/a/status/1",
		"www.instagram.com/a/p/ABCD/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e, ok := FromURL(raw)
		if !ok {
			return
		}
		if e.Platform == "" || e.ID == "" || e.URL == "" {
			t.Fatalf("FromURL(%q) = %+v: missing platform, id or url", raw, e)
		}
		again, ok := FromURL(e.URL)
		if !ok || again.Platform != e.Platform || again.ID != e.ID {
			t.Fatalf("FromURL(%q) = %+v, but its URL gives %+v, %v", raw, e, again, ok)
		}
	})
}

// FuzzInHTML feeds arbitrary markup through the tree walk: it must not
// panic and every embed must be well formed.
func FuzzInHTML(f *testing.F) {
	for _, s := range []string{
		`<blockquote class="twitter-tweet"><p>x</p>&mdash; A (@a) <a href="https://twitter.com/a/status/1">d</a></blockquote>`,
		`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/ABCD/"><p>A post shared by B (@b)</p></blockquote>`,
		`<div class="fb-post" data-href="https://www.facebook.com/a/posts/1"><blockquote><p>t</p></blockquote></div>`,
		`<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3l6oveex3ii2l"><p>t</p></blockquote>`,
		`<script data-telegram-post="a/1"></script><p>see https://youtu.be/dQw4w9WgXcQ</p>`,
		`<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/a/comments/abcd/t/">t</a> by <a href="https://www.reddit.com/user/u/">u/u</a></blockquote>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		for _, e := range InHTML(root) {
			if e.Platform == "" || e.ID == "" || e.URL == "" {
				t.Fatalf("InHTML(%q) gave %+v", page, e)
			}
		}
	})
}
