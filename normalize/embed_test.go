package normalize

import (
	"strings"
	"testing"
)

// Embedded posts reach the article as embeds: the platforms' fallback
// lines never reach the body, the post's text is not a speakerless quote,
// and script-only and AMP embeds are found by Extract itself.
func TestExtractEmbeds(t *testing.T) {
	story := `<p>Chennai, May 2 (PTI) The state's health department on Friday launched a campaign against dengue across the city's wards, with mosquito-control teams visiting every street.</p>
<p>"We will visit every house in the city before the rains," Health Secretary Meena Rajan told reporters at the launch of the drive in the morning.</p>`
	tests := []struct {
		name       string
		markup     string
		platform   string
		notInBody  []string
		postInBody string
	}{
		{"instagram", `<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/DAbc123xYz9/"><div><a href="https://www.instagram.com/p/DAbc123xYz9/">View this post on Instagram</a><p><a href="https://www.instagram.com/p/DAbc123xYz9/">Clean streets, healthy homes.</a></p><p><a href="https://www.instagram.com/p/DAbc123xYz9/">A post shared by Chennai Corporation (@chennaicorp)</a></p></div></blockquote>`,
			"instagram", []string{"View this post on Instagram", "A post shared by"}, "Clean streets, healthy homes."},
		{"threads", `<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@chennaicorp/post/C9xYz12AbCd"><a href="https://www.threads.net/@chennaicorp/post/C9xYz12AbCd"><div>Post by @chennaicorp</div><div>View on Threads</div></a></blockquote>`,
			"threads", []string{"Post by @", "View on Threads"}, ""},
		{"tiktok", `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@chennaicorp/video/7301234567890123456" data-video-id="7301234567890123456"><section><a title="@chennaicorp" href="https://www.tiktok.com/@chennaicorp">@chennaicorp</a> Drain every pot this week <a title="♬ original sound - chennaicorp" href="https://www.tiktok.com/music/x">♬ original sound - chennaicorp</a></section></blockquote>`,
			"tiktok", []string{"♬", "original sound"}, ""},
		{"reddit", `<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/chennai/comments/1abc2de/dengue_teams_in_my_street/">Dengue teams in my street today</a><br> by <a href="https://www.reddit.com/user/marina_walker/">u/marina_walker</a> in <a href="https://www.reddit.com/r/chennai/">chennai</a></blockquote>`,
			"reddit", []string{"u/marina_walker"}, ""},
		{"telegram script", `<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="chennaicorp/812" data-width="100%"></script>`,
			"telegram", nil, ""},
		{"amp-twitter", `<amp-twitter width="375" height="472" layout="responsive" data-tweetid="1890412345098765432"></amp-twitter>`,
			"x", nil, ""},
		{"amp-youtube", `<amp-youtube data-videoid="q7Rt2LmN9xE" layout="responsive" width="480" height="270"></amp-youtube>`,
			"youtube", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><title>Dengue drive</title></head><body><article><h1>City launches dengue drive</h1><div class="article-body">` +
				story + tt.markup + `<p>The department said more than 2,000 workers had been deployed for the drive, which will run for six weeks across all fifteen zones of the city.</p></div></article></body></html>`
			a, err := Extract([]byte(page), "https://news.example/dengue", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Embeds) != 1 || string(a.Embeds[0].Platform) != tt.platform {
				t.Fatalf("embeds = %+v, want one %s embed", a.Embeds, tt.platform)
			}
			for _, s := range tt.notInBody {
				if strings.Contains(a.BodyText, s) {
					t.Errorf("body holds the fallback %q:\n%s", s, a.BodyText)
				}
			}
			if tt.postInBody != "" && !strings.Contains(a.BodyText, tt.postInBody) {
				t.Errorf("body lacks the post's text %q", tt.postInBody)
			}
			for _, q := range a.Quotes {
				if q.Speaker == "" {
					t.Errorf("speakerless quote %q: an embedded post is not a quote", q.Text)
				}
			}
			if !strings.Contains(a.BodyText, "2,000 workers") {
				t.Error("the story after the embed is lost")
			}
		})
	}
}
