package evaluate

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/normalize"
	"github.com/wiredesk/wiredesk/normalize/semantics"
)

// PagesReport is the score of normalize.Extract run end to end on a
// labelled story set set into pages: the semantics figures, plus how much
// of the story's text the body kept and how many bodies let in text that
// is not the story's.
type PagesReport struct {
	semantics.Report
	// Paragraphs counts the stories' text paragraphs, Kept those found in
	// body_text.
	Paragraphs, Kept int
	// Leaks counts pages whose body_text holds embed fallback text or the
	// page's furniture; Failed pages Extract refused.
	Leaks, Failed int
}

// ParagraphRecall is the share of the stories' paragraphs the bodies kept.
func (r PagesReport) ParagraphRecall() float64 { return ratio(r.Kept, r.Paragraphs) }

// embedFallback matches the text platforms put inside their embed markup
// for readers without the script, as issue 16 lists it: it is never the
// story's. X's "— Name (@handle) date" line and pic.twitter.com links are
// not on the list: they are how the post reads, and the aeb bodies keep
// them.
var embedFallback = regexp.MustCompile(`(?i)view this post on instagram|a post shared by|view on threads|post by @|♬|original sound|\bby u/\w+ in\b|watch on youtube|view on telegram`)

// Pages scores Extract on every case under dir (the semantics format),
// each set into the page markup its `page:` header names (agency, portal
// or news; agency when absent), and prints the figures to w.
func Pages(dir string, w io.Writer, verbose bool) (PagesReport, error) {
	cases, err := semantics.LoadDir(dir)
	if err != nil {
		return PagesReport{}, err
	}
	if len(cases) == 0 {
		return PagesReport{}, fmt.Errorf("evaluate pages: no case files under %s", dir)
	}
	var r PagesReport
	for _, c := range cases {
		page, furniture := renderPage(c)
		a, err := normalize.Extract([]byte(page), "https://news.example/"+strings.TrimSuffix(c.Name, ".txt"), normalize.Options{})
		if err != nil {
			r.Failed++
			r.Stories++
			fmt.Fprintf(w, "  %s: extract: %v\n", c.Name, err)
			continue
		}
		semantics.Score(&r.Report, c, semantics.Extracted{
			Dateline: a.Dateline, Quotes: a.Quotes, Embeds: a.Embeds, Attributions: a.Attributions,
		}, w, verbose)
		body := fold(a.BodyText)
		for _, p := range c.Paragraphs {
			if semantics.IsHTML(p) {
				continue
			}
			r.Paragraphs++
			if strings.Contains(body, fold(p)) {
				r.Kept++
			} else if verbose {
				fmt.Fprintf(w, "  %s: body lacks %q\n", c.Name, cut(p, 70))
			}
		}
		leak := embedFallback.FindString(body)
		for _, f := range furniture {
			if leak == "" && strings.Contains(body, f) {
				leak = f
			}
		}
		if leak != "" {
			r.Leaks++
			if verbose {
				fmt.Fprintf(w, "  %s: body holds %q\n", c.Name, leak)
			}
		}
	}
	r.Print(w, "pages", dir)
	fmt.Fprintf(w, "body paragraphs     %.3f (%d/%d kept)  leaks %d  failed %d\n", r.ParagraphRecall(), r.Kept, r.Paragraphs, r.Leaks, r.Failed)
	return r, nil
}

// renderPage sets a case into page markup of the kind its Page header
// names and returns the page with the furniture lines it added, which the
// body must not hold. The markup copies what agency sites, newspapers and
// the portals that republish agency copy wrap a story in.
func renderPage(c semantics.Case) (string, []string) {
	var body strings.Builder
	for i, p := range c.Paragraphs {
		if semantics.IsHTML(p) {
			body.WriteString(p + "\n")
		} else {
			body.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
		if i == 1 && c.Page == "portal" {
			body.WriteString(`<p><strong>Also Read:</strong> <a href="/world/related-story/">Ministers to meet again next week on trade deal</a></p>` + "\n")
		}
		if i == 1 && c.Page == "news" {
			body.WriteString(`<aside class="newsletter-cta"><p>Sign up for the Morning Brief, our free daily newsletter.</p><a class="btn" href="/newsletters/">Sign up</a></aside>` + "\n")
		}
	}
	pub := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if c.Published != nil {
		pub = *c.Published
	}
	date := pub.Format(time.RFC3339)
	h := html.EscapeString(c.Headline)
	agency := html.EscapeString(c.Agency)
	switch c.Page {
	case "portal":
		disclaimer := "Disclaimer: This story is auto-generated from a syndicated feed; only the headline may have been reworked."
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + h + ` - The Metro Chronicle</title>
<meta property="og:title" content="` + h + ` - The Metro Chronicle"><meta property="article:published_time" content="` + date + `"></head>
<body class="single single-post postid-9001">
<header class="site-header"><nav class="main-navigation"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/india/">India</a></li><li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li></ul></nav></header>
<div class="container"><main class="content-area">
<article class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">` + h + `</h1><div class="post-meta"><span class="post-source">` + agency + `</span> <time datetime="` + date + `">` + pub.Format("January 2, 2006") + `</time> <span class="post-views">1,204 views</span></div></header>
<div class="share-bar"><a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a class="share-x" href="https://x.com/intent/tweet?url=x">X</a> <a class="share-whatsapp" href="https://wa.me/?text=x">WhatsApp</a></div>
<div class="entry-content">
` + body.String() + `<p class="syndication-note"><em>` + disclaimer + `</em></p>
</div>
<footer class="entry-footer"><div class="post-tags"><span class="tags-title">Tags:</span> <a href="/tag/a/" rel="tag">Politics</a> <a href="/tag/b/" rel="tag">World</a></div></footer>
</article>
<section id="comments" class="comments-area"><h3 class="comments-title">Reader Comments</h3><ol class="comment-list"><li class="comment"><div class="comment-body"><b class="comment-author">Ravi S.</b><p>This is exactly what the government promised last year and nothing has changed on the ground.</p></div></li></ol>
<div id="respond"><h3>Leave a Comment</h3><form><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></section>
<section class="you-may-like"><h2 class="section-title">You May Like</h2><div class="card"><a href="/x/"><h4>Markets close higher as banks rally for a third day</h4></a></div><div class="card"><a href="/y/"><h4>Heatwave warning issued for five districts</h4></a></div></section>
</main><aside class="sidebar widget-area"><section class="widget"><h3 class="widget-title">Trending Now</h3><ul><li><a href="/t1/">Monsoon forecast revised upward</a></li><li><a href="/t2/">Points table after match 30</a></li></ul></section></aside></div>
<footer class="site-footer"><p>© 2025 The Metro Chronicle. All rights reserved.</p></footer>
</body></html>`, []string{"Also Read", "Ministers to meet again", disclaimer, "Reader Comments", "exactly what the government promised", "You May Like", "Markets close higher", "Trending Now", "All rights reserved", "1,204 views"}
	case "news":
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + h + ` | The Evening Ledger</title>
<meta property="og:title" content="` + h + `"><meta property="article:published_time" content="` + date + `"></head>
<body><div class="print-header" style="display:none">Printed from The Evening Ledger archive</div>
<header class="masthead"><a href="/">The Evening Ledger</a><nav><a href="/news/">News</a> <a href="/sport/">Sport</a> <a href="/opinion/">Opinion</a></nav></header>
<main><article class="story">
<h1 class="story-headline">` + h + `</h1>
<div class="story-meta"><span class="byline">From ` + agency + `</span> <time datetime="` + date + `">` + pub.Format("2 January 2006") + `</time> <span class="reading-time">3 min read</span></div>
<div class="story-body" itemprop="articleBody">
` + body.String() + `</div>
<div class="most-popular"><h3>Most popular</h3><ol><li><a href="/p1/">Council approves new cycle lanes after long debate</a></li><li><a href="/p2/">Five things to know before the budget</a></li></ol></div>
<div class="support-us"><p>Independent journalism needs your support. Become a member today from just £5 a month.</p><a href="/support/">Support us</a></div>
</article></main>
<footer><p>Copyright The Evening Ledger 2025</p></footer></body></html>`, []string{"Printed from", "Sign up for the Morning Brief", "3 min read", "Most popular", "Council approves new cycle lanes", "Become a member", "Copyright The Evening Ledger"}
	default:
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + h + ` | ` + agency + `</title>
<meta property="og:title" content="` + h + `"><meta property="article:published_time" content="` + date + `"><meta name="author" content="` + agency + `"></head>
<body><header class="site-header"><a class="logo" href="/">` + agency + `</a><nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/markets">Markets</a></li></ul></nav></header>
<main id="main"><article class="article">
<header class="article-header"><h1 class="article-headline">` + h + `</h1><time datetime="` + date + `">` + pub.Format("January 2, 2006 3:04 PM") + ` UTC</time></header>
<div class="article-body">
` + body.String() + `</div>
<div class="related-coverage"><h2>Related coverage</h2><ul><li><a href="/r1">Central bank holds rates steady as inflation cools</a></li><li><a href="/r2">Oil slips on demand worries</a></li></ul></div>
</article></main>
<footer class="site-footer"><p>All quotes delayed a minimum of 15 minutes.</p></footer></body></html>`, []string{"Related coverage", "Central bank holds rates", "All quotes delayed"}
	}
}
