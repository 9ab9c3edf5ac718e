package main

import (
	"bytes"
	"fmt"
	"html"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// page is one corpus page the farm can serve, with where an edit goes in
// (the end of a paragraph that extraction keeps, found by qualify).
type page struct {
	name   string
	html   []byte
	editAt int
}

// Edits made to a page: an update of the same story, and another
// agency's near copy of it.
const (
	updateText = " Officials gave revised figures later on Friday, raising the count reported earlier in the day."
	copyText   = " The account was also carried by other agencies, lightly edited for their own readers."
)

// kind is what an item is to the pipeline.
type kind int

const (
	kindNew       kind = iota // a story never seen before
	kindDuplicate             // the same item listed in a second feed of its agency: no new story
	kindNearCopy              // another agency's lightly edited copy: a new story in the same cluster
	kindUpdate                // a new revision of an item already polled: a new version
)

// item is one entry the farm lists, with the revision it is at.
type item struct {
	agency, guid string
	feed         int
	page         int
	kind         kind
	rev          int       // 1, or 2 for an update
	appear       time.Time // when it shows in its feed
	phase        int       // 0: backlog, 1: offered load
	// served is when a feed document first listed this revision;
	// fetched when its page was first asked for.
	served, fetched time.Time
	// hasDup and hasUpdate mark an original that another item repeats or
	// revises; an item gets at most one of them, so a late duplicate
	// listing never brings back an older revision.
	hasDup, hasUpdate bool
	// nearCopy is set on a near copy and on what repeats it.
	nearCopy bool
}

func (it *item) key() string { return it.agency + "\x00" + it.guid }

// pageBytes is the item's page as served.
func (f *farm) pageBytes(it *item) []byte {
	p := f.pages[it.page]
	var insert string
	switch {
	case it.rev > 1:
		insert = updateText
	case it.nearCopy:
		insert = copyText
	default:
		return p.html
	}
	out := make([]byte, 0, len(p.html)+len(insert))
	out = append(out, p.html[:p.editAt]...)
	out = append(out, insert...)
	return append(out, p.html[p.editAt:]...)
}

func (it *item) title() string {
	t := fmt.Sprintf("Story %s from %s: officials meet to discuss the outlook", it.guid, it.agency)
	if it.rev > 1 {
		t = "UPDATE " + t
	}
	return t
}

// feedDef is one loopback feed.
type feedDef struct {
	id, agency string
	atom       bool
	host       int
}

var agencies = []string{"ANI", "PTI", "Reuters", "AP", "AFP", "IANS"}

// farm serves the feeds and pages of one measured run on several
// loopback hosts, and records when each item revision was first listed.
type farm struct {
	pages []page
	feeds []feedDef
	bases []string // one base URL per host
	lns   []net.Listener
	srvs  []*http.Server

	mu     sync.Mutex
	items  []*item      // every revision, in the order they appear
	polled map[int]bool // feeds served since plan
	run    string
}

func newFarm(pages []page, nFeeds, nHosts int) (*farm, error) {
	f := &farm{pages: pages}
	for h := range nHosts {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", 20+h))
		if err != nil {
			f.close()
			return nil, fmt.Errorf("farm: listen: %w", err)
		}
		srv := &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		f.lns, f.srvs = append(f.lns, ln), append(f.srvs, srv)
		f.bases = append(f.bases, "http://"+ln.Addr().String())
	}
	for n := range nFeeds {
		ag := agencies[n%len(agencies)]
		f.feeds = append(f.feeds, feedDef{id: fmt.Sprintf("%s-%d", strings.ToLower(ag), n), agency: ag, atom: n%3 == 2, host: n % nHosts})
	}
	return f, nil
}

func (f *farm) close() {
	for _, s := range f.srvs {
		s.Close()
	}
}

func (f *farm) feedURL(n int) string {
	return fmt.Sprintf("%s/feed/%d.xml", f.bases[f.feeds[n].host], n)
}

// plan lays out a run's items: backlog items listed from the start, and
// offered ones appearing at rate from when phase 1 opens. One in ten is a
// duplicate listing, one in ten a near copy, and in phase 1 one in ten an
// update of a backlog story.
func (f *farm) plan(run string, backlog, offered int, pagePick func(int) int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.run, f.items, f.polled = run, nil, map[int]bool{}
	nf := len(f.feeds)
	var originals []*item
	add := func(phase, n int) {
		base := &item{phase: phase, rev: 1, page: pagePick(n)}
		switch {
		case n%10 == 3 && len(originals) > 0:
			// The same item in another feed of its agency.
			o := originals[(n*7)%len(originals)]
			if o.hasUpdate || o.hasDup {
				base.feed = n % nf
				break
			}
			o.hasDup = true
			dup := *o
			dup.kind, dup.phase = kindDuplicate, phase
			dup.feed = sameAgencyFeed(o.feed, nf)
			f.items = append(f.items, &dup)
			return
		case n%10 == 6 && len(originals) > 0:
			o := originals[(n*11)%len(originals)]
			base.page, base.kind, base.nearCopy = o.page, kindNearCopy, true
			base.feed = (o.feed + 1) % nf // the next feed is another agency's
		case phase == 1 && n%10 == 8:
			// An update of a backlog story.
			o := originals[(n*13)%len(originals)]
			if o.phase == 0 && !o.hasUpdate && !o.hasDup {
				o.hasUpdate = true
				up := *o
				up.kind, up.rev, up.phase = kindUpdate, 2, 1
				f.items = append(f.items, &up)
				return
			}
			base.feed = n % nf
		default:
			base.feed = n % nf
		}
		base.agency = f.feeds[base.feed].agency
		base.guid = fmt.Sprintf("%s-%d-%d", run, phase, n)
		f.items = append(f.items, base)
		originals = append(originals, base)
	}
	for n := range backlog {
		add(0, n)
	}
	for n := range offered {
		add(1, n)
	}
}

func sameAgencyFeed(feed, nf int) int {
	if other := feed + len(agencies); other < nf {
		return other
	}
	if other := feed - len(agencies); other >= 0 {
		return other
	}
	return feed
}

// open makes phase's items appear: all at once (rate 0) or rate a second.
func (f *farm) open(phase int, at time.Time, rate float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := 0
	for _, it := range f.items {
		if it.phase != phase {
			continue
		}
		it.appear = at
		if rate > 0 {
			it.appear = at.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		}
		i++
	}
}

// listed is the feed's items at now, newest change first, at most 150.
func (f *farm) listed(feed int, now time.Time) []*item {
	var out []*item
	latest := map[string]int{}
	for _, it := range f.items {
		if it.feed != feed || it.appear.IsZero() || it.appear.After(now) {
			continue
		}
		if j, ok := latest[it.guid]; ok {
			out[j] = nil // an update replaces its original
		}
		latest[it.guid] = len(out)
		out = append(out, it)
	}
	kept := out[:0]
	for _, it := range out {
		if it != nil {
			kept = append(kept, it)
		}
	}
	sort.SliceStable(kept, func(a, b int) bool { return kept[a].appear.After(kept[b].appear) })
	if len(kept) > 150 {
		kept = kept[:150]
	}
	return kept
}

func (f *farm) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/feed/"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml"))
		if err != nil || n < 0 || n >= len(f.feeds) {
			http.NotFound(w, r)
			return
		}
		f.serveFeed(w, r, n)
	case strings.HasPrefix(r.URL.Path, "/page/"):
		// /page/<index>.html
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/page/"), ".html"))
		f.mu.Lock()
		if err != nil || i < 0 || i >= len(f.items) {
			f.mu.Unlock()
			http.NotFound(w, r)
			return
		}
		it := f.items[i]
		if it.fetched.IsZero() {
			it.fetched = time.Now()
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(f.pageBytes(it))
	default:
		http.NotFound(w, r)
	}
}

func (f *farm) serveFeed(w http.ResponseWriter, r *http.Request, n int) {
	now := time.Now()
	f.mu.Lock()
	list := f.listed(n, now)
	index := make(map[*item]int, len(f.items))
	for i, it := range f.items {
		index[it] = i
	}
	var etag strings.Builder
	for _, it := range list {
		fmt.Fprintf(&etag, "%d.", index[it])
	}
	tag := fmt.Sprintf(`"%s-%x"`, f.run, fnv(etag.String()))
	if r.Header.Get("If-None-Match") == tag {
		f.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	first := !f.polled[n]
	f.polled[n] = true
	for _, it := range list {
		if it.served.IsZero() {
			it.served = now
		}
	}
	f.mu.Unlock()
	if first {
		// Feeds added together would be polled in step for ever; real
		// feed lists are spread over their interval. Each feed's first
		// answer asks for a longer pause (the poller honours freshness
		// hints above the interval) that spreads the next polls evenly
		// over 30 s, so an offered load reaches the poller as a steady
		// trickle rather than one burst every interval.
		w.Header().Set("Cache-Control", fmt.Sprintf("max-age=%d", 30+30*n/len(f.feeds)))
	}
	def := f.feeds[n]
	base := f.bases[def.host]
	var b bytes.Buffer
	if def.atom {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>%s wire</title><id>%s/feed/%d</id><updated>%s</updated>`,
			def.agency, base, n, now.UTC().Format(time.RFC3339))
		for _, it := range list {
			fmt.Fprintf(&b, `<entry><title>%s</title><id>%s</id><link rel="alternate" href="%s/page/%d.html"/><updated>%s</updated><published>%s</published><author><name>%s</name></author><summary>%s</summary></entry>`,
				html.EscapeString(it.title()), it.guid, base, index[it], it.appear.UTC().Format(time.RFC3339Nano), it.appear.UTC().Format(time.RFC3339Nano),
				def.agency, html.EscapeString(summary(it)))
		}
		b.WriteString(`</feed>`)
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	} else {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s wire</title><link>%s/</link><description>%s</description>`, def.agency, base, def.agency)
		for _, it := range list {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s/page/%d.html</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate><category>World</category><description>%s</description></item>`,
				html.EscapeString(it.title()), base, index[it], it.guid, it.appear.UTC().Format(time.RFC1123Z), html.EscapeString(summary(it)))
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	}
	w.Header().Set("ETag", tag)
	w.Write(b.Bytes())
}

func summary(it *item) string {
	s := fmt.Sprintf("New Delhi (%s): the first paragraph of story %s, long enough to look like an agency summary.", it.agency, it.guid)
	if it.rev > 1 {
		s += " Updated with revised figures."
	}
	return s
}

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
