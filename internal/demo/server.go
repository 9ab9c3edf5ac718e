// Package demo serves sample agency feeds and article pages on loopback so
// `wiredesk run --demo` shows the whole pipeline on a bare machine. The
// feeds re-serve one story in two feeds and twice in one feed, and update
// another story after the first poll, so deduplication and versions are
// visible too.
package demo

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// Interval is how often the demo feeds are polled.
const Interval = 3 * time.Second

// Server is the running demo site.
type Server struct {
	srv       *http.Server
	ln        net.Listener
	ptiPolls  atomic.Int64
	updatedAt time.Time
}

// Start listens on a free loopback port and serves the demo site.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: listen: %w", err)
	}
	s := &Server{ln: ln}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/{feed}", s.feed)
	mux.HandleFunc("GET /news/{slug}", s.page)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the demo site's base URL.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops the demo site.
func (s *Server) Close() error { return s.srv.Close() }

// Feeds are the feed entries that poll the demo site. They allow private
// addresses (the site is on loopback) and poll every few seconds so the
// update shows quickly.
func (s *Server) Feeds() []config.Feed {
	mk := func(id, agency string) config.Feed {
		return config.Feed{
			ID: id, Agency: agency, URL: s.URL() + "/feeds/" + id + ".xml",
			Interval: Interval, FetchPage: config.FetchPageAuto, AllowPrivate: true,
		}
	}
	return []config.Feed{mk("ani-world", "ANI"), mk("ani-national", "ANI"), mk("pti-top", "PTI"), mk("reuters-world", "Reuters")}
}

// pti returns the PTI story as currently served: the update from the
// feed's second poll on.
func (s *Server) pti() story {
	if s.ptiPolls.Load() > 1 {
		return updatedStory
	}
	return stories[2]
}

func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	var items []story
	switch strings.TrimSuffix(r.PathValue("feed"), ".xml") {
	case "ani-world":
		// The Kremlin story twice: agencies' feeds do repeat items.
		items = []story{stories[0], stories[0]}
	case "ani-national":
		// The same Kremlin item again, in a second feed of the agency.
		items = []story{stories[1], stories[0]}
	case "pti-top":
		s.ptiPolls.Add(1)
		items = []story{s.pti()}
	case "reuters-world":
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		writeAtom(w, s.URL(), stories[3])
		return
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	writeRSS(w, s.URL(), items)
}

func writeRSS(w http.ResponseWriter, base string, items []story) {
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Demo agency feed</title><link>%s</link><description>wiredesk demo</description>
`, base)
	for _, it := range items {
		fmt.Fprintf(w, "<item><title>%s</title><link>%s/news/%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			esc(it.Headline), base, it.Slug, esc(it.GUID), it.Published, esc(it.Summary))
	}
	fmt.Fprint(w, "</channel></rss>\n")
}

func writeAtom(w http.ResponseWriter, base string, it story) {
	t, _ := time.Parse(time.RFC1123Z, it.Published)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Demo wire: world</title><id>%[1]s/feeds/reuters-world.xml</id><updated>%[2]s</updated>
<entry><title>%[3]s</title><id>%[4]s</id><link href="%[1]s/news/%[5]s"/><updated>%[2]s</updated><published>%[2]s</published><summary>%[6]s</summary></entry>
</feed>
`, base, t.Format(time.RFC3339), esc(it.Headline), esc(it.GUID), it.Slug, esc(it.Summary))
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	for _, st := range stories {
		if st.Slug != slug {
			continue
		}
		if st.Agency == "PTI" {
			st = s.pti()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := pageTemplate.Execute(w, st); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
		return
	}
	http.NotFound(w, r)
}

// Page renders the demo site's page for slug (e.g. "putin-meets-witkoff"),
// for tests that need a republished agency page.
func Page(slug string) ([]byte, error) {
	for _, st := range stories {
		if st.Slug == slug {
			var b bytes.Buffer
			if err := pageTemplate.Execute(&b, st); err != nil {
				return nil, err
			}
			return b.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("demo: no page %q", slug)
}

// pageTemplate is a republishing news site's article page: the story,
// and around it what is not the story (navigation, share bar, "You May
// Like", reader comments, the site's own disclaimer).
var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"add1": func(i int) int { return i + 1 },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Headline}} - Demo News</title>
<meta property="og:title" content="{{.Headline}} - Demo News">
<meta property="og:description" content="{{.Summary}}">
<meta name="keywords" content="{{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$t}}{{end}}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/india">India</a> <a href="/business">Business</a></nav></header>
<main><article class="story">
<h1>{{.Headline}}</h1>
<div class="story-meta"><span class="source">{{.Agency}}</span> <time datetime="{{.Published}}">{{.Published}}</time> <span class="views">368 views</span></div>
<p class="summary">{{.Summary}}</p>
{{if .PullQuote}}<blockquote class="pull-quote"><p>"{{.PullQuote}}" – {{.PullBy}}</p></blockquote>{{end}}
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">WhatsApp</a></div>
<div class="story-body">
<p>{{.Dateline}} {{index .Paras 0}}</p>
{{if .KeyPoints}}<div class="key-points"><h2>Key Points</h2><ol>{{range .KeyPoints}}<li>{{.}}</li>{{end}}</ol></div>{{end}}
{{range $i, $p := .Paras}}{{if $i}}<p>{{$p}}</p>
{{end}}{{end}}
{{if .XPost}}<p><a href="{{.XPost}}">{{.XPost}}</a></p>{{end}}
</div>
<div class="tags">{{range .Tags}}<a href="/tag/{{.}}">{{.}}</a> {{end}}</div>
<p class="disclaimer">Disclaimer: This story is auto-generated from a syndicated feed. News stories are provided by news agencies and we do not guarantee their accuracy.</p>
</article>
<section class="you-may-like"><h3>You May Like</h3><ul>
<li><a href="/x1">Ten hill stations to visit this summer</a></li><li><a href="/x2">Gold prices today: check rates in your city</a></li></ul></section>
<section class="comments"><h3>Comments (2)</h3>
<div class="comment"><span class="author">reader_42</span><p>Finally some progress. Peace is the only way forward.</p></div>
<div class="comment"><span class="author">truthseeker</span><p>Don't believe a word of it until we see results.</p></div>
<form class="comment-form"><textarea placeholder="Add a comment"></textarea><button>Post</button></form>
</section></main>
<footer>© Demo News. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
`))
