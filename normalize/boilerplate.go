package normalize

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id words that mark an element as not part of the story. They
// are matched as whole words of the class and id attributes (split on
// anything that is not a letter or digit), so "ad" matches "ad-slot" but
// not "header" or "shadow".
//
// sectionJunkWords name whole page sections that are not the story and
// can hold plenty of prose of their own (comments, related stories, author
// bios): nothing overrides them.
var sectionJunkWords = wordSet(
	"comment", "comments", "commentlist", "comentarios", "kommentare", "disqus", "replies", "respond", "reply",
	"reactions", "rating", "ratings", "votes", "vote", "poll",
	"related", "recommended", "recommendations", "recirc", "recirculation", "popular", "trending", "mostread",
	"moreon", "morestories", "readnext", "upnext", "alsoread", "youmaylike", "mostpopular", "mostviewed", "mostshared", "outbrain", "taboola", "teasers",
	"newsletter", "subscribe", "signup", "cookie", "cookies", "consent", "gdpr", "donate", "donation", "login",
	"signin", "register", "footer", "sitemap", "author", "authors", "bio", "disclaimer", "references", "bibliography", "reflist",
	// captions and credits belong to the images (Extract reads them in
	// figures); as loose text they are not the story
	"caption", "captions", "figcaption", "credit", "credits", "photocredit", "imagecredit", "copyright", "counter",
)

// smallJunkWords name furniture that never holds much prose (share bars,
// ad slots, menus, tag lists, meta lines). Sites also put these words on
// the story's own wrappers ("entry-content-read-more", "meta_field
// rich_text", "widget-container"), so an element holding a good amount
// of prose is kept despite them.
var smallJunkWords = wordSet(
	"share", "shares", "sharing", "sharebar", "sharetools", "social", "socials", "follow", "addthis", "sociable",
	"readmore", "rail", "subscription", "paywall", "popup", "modal", "overlay", "promo", "promotion",
	"ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsense", "dfp", "gpt", "sponsor",
	"sponsored", "commercial", "anzeige", "werbung",
	"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "skip",
	// links to the previous and next story ("next-prev", "post-navigation")
	"next", "prev", "previous", "nextprev", "prevnext", "postnav", "postnavigation",
	"masthead", "toolbar", "jump", "search", "dropdown", "subnav", "topbar", "bottombar",
	"tags", "tag", "taglist", "tagcloud", "keywords", "topics", "categories", "byline", "timestamp",
	"meta", "postmeta", "entrymeta", "sronly", "screenreader", "visuallyhidden", "offscreen",
)

// weakJunkWords name page chrome that sites also use for layout wrappers
// around the story ("main-sidebar-layout", "content-header"): they mark an
// element as junk only when no content word vetoes it.
var weakJunkWords = wordSet("sidebar", "aside", "widget", "widgets", "banner", "extra", "supplemental", "sticky", "teaser", "more", "video", "player", "gallery", "slideshow", "carousel")

// layoutWords next to "sidebar" describe a page layout that has a sidebar
// ("has-sidebar", "sidebar-layout", "with-sidebar"), not the sidebar.
var layoutWords = wordSet("layout", "lay", "with", "has", "wrapper", "container", "grid", "row", "page")

// contentWords mark elements that hold the story.
var contentWords = wordSet("article", "articlebody", "articletext", "articlecontent", "content", "entry", "entrycontent",
	"main", "post", "postbody", "postcontent", "story", "storybody", "storytext", "storycontent", "body", "text",
	"prose", "blog", "hentry", "richtext", "bodytext", "copy", "articlepage", "artikel", "inhalt", "texto", "contenido", "news")

// sectionJunkSubstrings and smallJunkSubstrings are unambiguous pieces of
// class names written without separators ("relatedArticles", "shareBar").
var sectionJunkSubstrings = []string{
	"comment", "disqus", "outbrain", "taboola", "newsletter", "cookie", "related", "recommend", "subscribe", "signup",
	"youmaylike", "mostpopular", "mostread", "alsoread", "trending",
	// compound caption names ("InlineImage-imageEmbedCaption",
	// "photoCaptionText"): the picture's words, not the story's
	"caption",
}

var smallJunkSubstrings = []string{
	"sharebar", "sharing", "socialshare", "breadcrumb", "advert", "sponsor", "readmore", "followus", "taglist",
}

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// classVerdict is what the class, id and role of an element say about it.
type classVerdict uint8

const (
	verdictNone classVerdict = iota
	verdictContent
	verdictJunk      // a section that is not the story
	verdictSmallJunk // furniture, unless it turns out to hold prose
)

// judgeAttributes reads an element's class, id, role, itemprop and hidden
// markers. It never looks at text, so it runs once per element in the
// index pass.
func judgeAttributes(n *html.Node, j *judge) (verdict, bool) {
	var class, id, role, itemprop, style string
	hidden := false
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "role":
			role = a.Val
		case "itemprop":
			itemprop = a.Val
		case "style":
			style = a.Val
		case "hidden":
			hidden = true
		case "aria-hidden":
			hidden = hidden || a.Val == "true"
		}
	}
	if style != "" && isHiddenStyle(style) {
		hidden = true
	}
	// A hidden articleBody is a copy kept for crawlers (often the whole
	// text again, or another version); readers see the visible one.
	if strings.Contains(itemprop, "articleBody") || strings.Contains(itemprop, "reviewBody") {
		return verdict{kind: verdictContent}, hidden
	}
	switch role {
	case "contentinfo", "complementary", "dialog", "alertdialog":
		return verdict{kind: verdictJunk}, hidden
	case "navigation", "banner", "menu", "menubar", "search", "toolbar":
		return verdict{kind: verdictSmallJunk}, hidden
	case "main", "article":
		return verdict{kind: verdictContent}, hidden
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		// A heading's id is an anchor made from its own words
		// ("nav_nur_die_folie"), not a statement about what it is.
		id = ""
	}
	if class == "" && id == "" {
		return verdict{}, hidden
	}
	// Pages repeat a handful of class lists on thousands of elements.
	if id == "" {
		if v, ok := j.cache[class]; ok {
			return v, hidden
		}
		v := j.judgeClass(class, id)
		j.cache[class] = v
		return v, hidden
	}
	return j.judgeClass(class, id), hidden
}

// judge reads class and id attributes, remembering its verdicts for the
// page.
type judge struct {
	scratch []byte
	joined  []byte
	cache   map[string]verdict
}

// verdict is what an element's attributes say: its kind, and marks that
// tell the extractor where to read tags, bylines and printed dates.
type verdict struct {
	kind  classVerdict
	marks nodeFlags // flagTagList, flagByline, flagDateClass
}

func newJudge() *judge { return &judge{cache: make(map[string]verdict, 256)} }

func (j *judge) judgeClass(class, id string) verdict {
	// Lower-case class and id into one list of words.
	buf := j.scratch[:0]
	for _, part := range [2]string{class, id} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		buf = append(buf, ' ')
	}
	blankScriptHooks(buf)
	j.scratch = buf
	// WordPress's post_class() puts the story's taxonomy slugs on its
	// wrapper ("tag-public-housing category-video hentry"): any word can
	// turn up there, so the wrapper's own markers decide.
	if bytes.Contains(buf, []byte("status-publish")) || bytes.Contains(buf, []byte("type-post")) || hasClassWordBytes(buf, "hentry") {
		return verdict{}
	}
	var kinds wordKind
	var marks nodeFlags
	if bytes.Contains(buf, []byte("date")) || bytes.Contains(buf, []byte("time")) || bytes.Contains(buf, []byte("publish")) || bytes.Contains(buf, []byte("updated")) {
		marks |= flagDateClass
	}
	j.joined = forEachWordBytes(buf, j.joined[:0], func(w []byte, joined bool) {
		// A joined compound can only be a dictionary word; the junk names
		// inside it are found in its parts.
		if joined && len(w) > maxClassWord {
			return
		}
		k, ok := classWordKinds[string(w)]
		if !ok && !joined && len(w) >= minCompound {
			k = substringKind(w)
		}
		kinds |= k
		marks |= markWords[string(w)]
	})
	v := verdict{marks: marks &^ (flagTagList | flagByline)}
	switch {
	case kinds&kindSection != 0:
		v.kind = verdictJunk
	case kinds&kindSmall != 0:
		v.kind = verdictSmallJunk
	case kinds&kindWeak != 0 && kinds&kindContent == 0 && kinds&kindWeakSection != 0 && kinds&kindLayout == 0:
		v.kind = verdictJunk
	case kinds&kindWeak != 0 && kinds&kindContent == 0:
		v.kind = verdictSmallJunk
	case kinds&kindContent != 0:
		v.kind = verdictContent
	}
	// Only furniture is read for tags and bylines: a story wrapper may
	// carry "tag-<slug>" classes.
	if v.kind == verdictJunk || v.kind == verdictSmallJunk {
		v.marks = marks
	}
	return v
}

// markWords are class words naming where tags and bylines are printed.
var markWords = map[string]nodeFlags{
	"tags": flagTagList, "tag": flagTagList, "taglist": flagTagList, "tagcloud": flagTagList, "keywords": flagTagList,
	"topics": flagTagList, "tagsbox": flagTagList, "posttags": flagTagList, "entrytags": flagTagList, "articletags": flagTagList,
	"byline": flagByline, "author": flagByline, "authors": flagByline, "bylines": flagByline, "authorname": flagByline,
}

// blankScriptHooks blanks the classes scripts hook onto ("js-truncate-
// related-to-my-size"): they say what a script does, not what the element
// is.
func blankScriptHooks(buf []byte) {
	for i := 0; i+3 <= len(buf); i++ {
		if (i == 0 || buf[i-1] == ' ') && buf[i] == 'j' && buf[i+1] == 's' && (buf[i+2] == '-' || buf[i+2] == '_') {
			for ; i < len(buf) && buf[i] != ' '; i++ {
				buf[i] = ' '
			}
		}
	}
}

// wordKind is what one class word says; a class list's verdict combines
// the kinds of its words.
type wordKind uint8

const (
	kindSection wordKind = 1 << iota
	kindSmall
	kindWeak
	kindWeakSection
	kindContent
	kindLayout
)

// classWordKinds merges the word sets into one table, so each word of a
// class list costs one lookup.
var classWordKinds = func() map[string]wordKind {
	m := make(map[string]wordKind)
	add := func(set map[string]bool, k wordKind) {
		for w := range set {
			m[w] |= k
		}
	}
	add(sectionJunkWords, kindSection)
	add(smallJunkWords, kindSmall)
	add(weakJunkWords, kindWeak)
	add(contentWords, kindContent)
	add(layoutWords, kindLayout)
	m["sidebar"] |= kindWeakSection
	m["aside"] |= kindWeakSection
	// A word that is junk of any kind is not also content.
	for w, k := range m {
		if k&(kindSection|kindSmall) != 0 {
			m[w] = k &^ (kindWeak | kindContent)
		} else if k&kindWeak != 0 {
			m[w] = k &^ kindContent
		}
	}
	return m
}()

// maxClassWord is the length of the longest word in the class word table.
var maxClassWord = func() int {
	n := 0
	for w := range classWordKinds {
		n = max(n, len(w))
	}
	return n
}()

// minCompound is the shortest unknown class word searched for junk names
// inside it: shorter ones are words of their own ("elementor", "column").
const minCompound = 8

// substringKind classifies a solid compound word ("relatedarticles",
// "sharebar") by the junk names inside it.
func substringKind(w []byte) wordKind {
	for _, sub := range sectionJunkSubstrings {
		if bytes.Contains(w, []byte(sub)) {
			if sub == "comment" && bytes.Contains(w, []byte("commentary")) {
				continue
			}
			return kindSection
		}
	}
	for _, sub := range smallJunkSubstrings {
		if bytes.Contains(w, []byte(sub)) {
			return kindSmall
		}
	}
	return 0
}

func hasClassWordBytes(class []byte, w string) bool {
	for _, f := range bytes.Fields(class) {
		if string(f) == w {
			return true
		}
	}
	return false
}

// forEachWordBytes calls fn for each run of letters and digits in s and
// for each run joined with the one or two before it when only a hyphen or
// underscore separates them ("you-may-like" also yields "youmaylike"), so
// compound class names match their solid spelling. joined is scratch
// space, returned for reuse.
func forEachWordBytes(s []byte, joined []byte, fn func(w []byte, joined bool)) []byte {
	var starts, ends [2]int
	n := 0 // words remembered in starts/ends, at most 2
	i := 0
	for i < len(s) {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		start := i
		for i < len(s) && isWordByte(s[i]) {
			i++
		}
		if start == i {
			break
		}
		fn(s[start:i], false)
		linked := n > 0 && start-ends[n-1] == 1 && (s[start-1] == '-' || s[start-1] == '_')
		if !linked {
			n = 0
		}
		if linked {
			joined = append(joined[:0], s[starts[n-1]:ends[n-1]]...)
			joined = append(joined, s[start:i]...)
			fn(joined, true)
			if n == 2 && ends[0]+1 == starts[1] && (s[ends[0]] == '-' || s[ends[0]] == '_') {
				joined = append(joined[:0], s[starts[0]:ends[0]]...)
				joined = append(joined, s[starts[1]:ends[1]]...)
				joined = append(joined, s[start:i]...)
				fn(joined, true)
			}
		}
		if n == 2 {
			starts[0], ends[0] = starts[1], ends[1]
			n = 1
		}
		starts[n], ends[n] = start, i
		n++
	}
	return joined
}

// hasClassWord reports whether w is one of the space-separated classes in
// class.
func hasClassWord(class, w string) bool {
	for _, f := range strings.Fields(class) {
		if f == w {
			return true
		}
	}
	return false
}

// forEachWord calls fn for each run of letters and digits in s, also
// joined with the next run ("share-bar" yields "share", "bar" and
// "sharebar") so compound class names match their solid spelling.
func forEachWord(s string, fn func(string)) {
	prevStart, prevEnd := -1, -1
	i := 0
	for i < len(s) {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		start := i
		for i < len(s) && isWordByte(s[i]) {
			i++
		}
		if start == i {
			break
		}
		fn(s[start:i])
		if prevEnd >= 0 && start-prevEnd == 1 && (s[prevEnd] == '-' || s[prevEnd] == '_') {
			fn(s[prevStart:prevEnd] + s[start:i])
		}
		prevStart, prevEnd = start, i
	}
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

func isHiddenStyle(style string) bool {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// dropAtoms are elements that never hold story text.
func isDropAtom(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe, atom.Object,
		atom.Embed, atom.Canvas, atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Label, atom.Option,
		atom.Nav, atom.Footer, atom.Aside, atom.Head, atom.Title, atom.Meta, atom.Link, atom.Audio, atom.Video,
		atom.Map, atom.Dialog:
		return true
	}
	return false
}

// junkHeadingRe matches the titles of page sections that are not the story:
// when one heads a section, the section is dropped.
var junkHeadingRe = regexp.MustCompile(`(?i)^(?:reader'?s?'? comments?|comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|post a comment|add a comment|join the (?:conversation|discussion)|discussion|you may (?:also )?like!?|you might (?:also )?like|you may be interested in|recommended(?: for you| stories| articles| reading)?|related(?: articles| stories| news| posts| coverage| content| links| topics)?:?|more (?:from|on|in|stories|news|like this)\b.*|more (?:[\w'’]+ ){1,3}(?:stories|news|articles|reads|videos|coverage)|related (?:coverage|stories|articles|posts|content) from .{1,60}|also read:?|read also:?|read more:?|see also:?|most (?:read|popular|viewed|shared)|trending(?: now| news)?|popular (?:posts|stories|now)|top stories|latest (?:news|stories|posts)|editor'?s? picks?|don'?t miss|must read|share (?:this|the) (?:article|story|post):?|share:?|tags?:?|topics?:?|categories:?|filed under:?|newsletter|sign up.*newsletter.*|subscribe.*|follow us.*|about the author|advertisement|sponsored(?: content| stories)?|weitere artikel|das könnte sie auch interessieren|mehr zum thema|kommentare?|ähnliche artikel|verwandte artikel|leserkommentare)$`)

// aboutHeadingRe matches "About Ascom", "About the Author": the
// boilerplate that closes press releases and blog posts.
var aboutHeadingRe = regexp.MustCompile(`^(?:About|ABOUT) (?:[Tt]he |THE )?\p{Lu}[\p{L}\d.&'’-]*(?: \p{Lu}[\p{L}\d.&'’-]*){0,3}$`)

// junkTextRe matches whole paragraphs that belong to the site, not the
// story: its disclaimers, prompts and calls to action.
var junkTextRe = regexp.MustCompile(`(?i)^(?:disclaimer:.*(?:auto-generated|syndicated feed|not been edited|opinions of users|views expressed|news agencies).*|(?:this|the) (?:story|article|report) (?:is|has been) (?:auto-generated|published from a syndicated|taken from a syndicated).*|news stories are provided by news agencies.*|(?:also read|read also|read more|see also|also see|also watch|watch video|must read|don'?t miss|(?:recommended|related)(?: \w+){0,2})\s*[:|\-–—].{0,200}|advertisement|advertisement\s*-\s*scroll to continue|scroll to continue with content|story continues below(?: advertisement)?|continue reading(?: below)?|click here to .{0,100}|follow (?:us|\w+) on (?:twitter|x|facebook|instagram|google news|whatsapp|telegram).{0,120}|(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletter.{0,120}|share (?:this|on) (?:article|story|facebook|twitter|x|whatsapp).{0,60}|(?:get|download) the .{0,40}app.{0,80}|we welcome thoughtful discussions.*|your email (?:address )?(?:won'?t|will not) be published.*|(?:all rights reserved|©|\(c\) ?\d{4}).{0,160}|copyright ©?.{0,160}all rights reserved.{0,80}|(?:image|photo|picture|slide) \d+ (?:of|/) \d+|caption|close|open|hide caption|show caption|toggle caption|expand|collapse|enlarge (?:this )?image|loading\.{0,3}|advert|anzeige|werbung|explore further|citation:.{0,300}|this document is subject to copyright.*|\[\w+[^\]]*\].{0,200}\[/\w+\]|tell us what you think.{0,20}|` +
	// reading-time lines, update notices, "posted by" meta lines and
	// reporter contact lines: about the page, never the story
	`\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?\.?|mins?\.?)\s+(?:read|reading time|de lectura|de leitura|lesezeit|lecture)|(?:reading time|lesezeit|tempo de leitura|temps de lecture)\s*:?\s*\d{1,3}\s*min.{0,10}|` +
	`(?:last )?updated\s*(?:on|at)?\s*:?\s*[\w ,.:/]{0,40}\d{1,2}[\w ,.:/]{0,40}|` +
	`[\d/.\- ]{0,12}\s*-?\s*(?:posted|published|publicado|publié|veröffentlicht)\s+(?:by|por|par|von)\s*:?.{0,160}|` +
	`(?:contact|reach|email) (?:the )?(?:reporter|writer|author)\b.{0,160}|[\w .'-]{2,60} can be reached (?:at|by|on) .{0,120}|` +
	`write to [\w .'-]{2,60} at \S+@\S+.{0,80}|` +
	// print-only reprint notices
	`this copy is for your personal,? non-commercial use only.{0,300}|` +
	// tip lines, reporters' contribution lines, filing lines
	`have a (?:news )?tip\?.{0,200}|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} contributed reporting(?: from [\w ,.'-]{2,60})?\.?|filed under:.{0,200})$`)

// junkPhraseRe finds calls to action inside short paragraphs: a paragraph
// under junkPhraseMax bytes containing one is site furniture.
var junkPhraseRe = regexp.MustCompile(`(?i)(?:(?:sign up|subscribe)\b.{0,80}\bnewsletter|newsletter\b.{0,80}\b(?:sign up|subscribe)|click here (?:to|for) (?:subscribe|more information|sign up|download|register)|follow (?:us|@\w+) on (?:twitter|x|facebook|instagram)|all rights reserved|^listen (?:to|live)\b.{0,80}\blive\b|^(?:email|contact) [\w. ]{2,40} at \S+@\S+|\b(?:photos?|images?|pictures?|fotos?)\b.{0,60}©)`)

const junkPhraseMax = 320

// sectionTitles are the titles of non-story sections in the other
// languages the pipeline meets, matched whole (lower case, closing
// punctuation trimmed); junkHeadingRe covers English.
var sectionTitles = wordSet(
	// German
	"über den autor", "über die autorin", "zum autor", "zur autorin", "autoreninfo", "weitere themen", "weitere artikel",
	"weitere beiträge", "weitere informationen", "weitere nachrichten", "weitere links", "weitere tourentipps",
	"mehr themen", "mehr zum thema", "mehr dazu", "mehr artikel", "mehr lesen", "das könnte sie auch interessieren",
	"das könnte dich auch interessieren", "das könnte sie interessieren", "schon gelesen", "empfohlene beiträge",
	"empfohlene artikel", "ähnliche beiträge", "ähnliche artikel", "verwandte themen", "verwandte artikel", "kontakt",
	"teilen", "drucken", "kommentieren", "kommentare", "auch interessant", "lesen sie auch", "lies auch", "zum weiterlesen",
	"newsletter abonnieren", "zusatzinformationen", "leserkommentare", "anzeige", "werbung",
	"meistgelesen", "meistgelesene artikel", "meistgelesene nachrichten", "meistkommentiert", "meistdiskutierte artikel",
	"meistkommentierte artikel", "am meisten gelesen",
	// French
	"à lire aussi", "a lire aussi", "lire aussi", "sur le même sujet", "articles similaires", "à voir aussi",
	"partager", "commentaires", "les plus lus", "dans la même rubrique", "à propos de l'auteur",
	// Spanish and Portuguese
	"te puede interesar", "le puede interesar", "lea también", "lee también", "noticias relacionadas", "más noticias",
	"compartir", "comentarios", "lo más leído", "leia também", "veja também", "notícias relacionadas",
	// Italian
	"leggi anche", "potrebbe interessarti", "articoli correlati", "i più letti",
	// Polish
	"czytaj też", "czytaj także", "zobacz też", "zobacz także", "więcej", "drukuj", "komentarze", "polecamy",
)

// sectionTitlePrefixes open titles of sections that point elsewhere
// ("Weitere Beiträge aus der Kolumne", "Mehr zum Thema auf …"), however
// they end.
var sectionTitlePrefixes = []string{
	"lesen sie auch", "mehr zum thema", "weitere beiträge", "weitere artikel", "das könnte sie auch",
	"das könnte dich auch", "das thema könnte", "à lire aussi", "lire aussi", "leggi anche", "czytaj też", "czytaj także",
}

// furnitureLines are whole lines of interface text (buttons, loaders,
// toggles) in those languages.
var furnitureLines = wordSet(
	"wird geladen", "bild anzeigen", "bilder anzeigen", "quellen ausblenden", "quellen einblenden", "mehr anzeigen",
	"weiterlesen", "zurück", "nach oben", "permalien", "lire la suite", "voir plus", "leer más", "ver más",
	"leggi di più", "czytaj więcej", "więcej]", "[więcej]",
	"ihr warenkorb ist leer", "ihr warenkorb ist noch leer", "your cart is empty", "your basket is empty",
	"votre panier est vide", "tu carrito está vacío",
	// reader controls printed as text, advertisement labels
	"text size", "font size", "print", "print this article", "listen to this article", "listen to article",
	"iklan", "publicidad", "publicité", "pubblicità", "reklama", "anuncio",
	// blog widgets and breadcrumbs left as lines
	"like this", "like loading", "home", "more",
)

// furniturePrefixes open lines that credit photos or disclose affiliate
// links.
var furniturePrefixes = []string{
	"crédit photo", "crédits photo", "fotos:", "foto:", "bildquelle:", "alle angaben ohne gewähr",
	"this post contains references to products", "this post contains affiliate links", "this article contains affiliate links",
	"für links auf dieser seite erhält", "dieser artikel kann links zu anbietern enthalten", "dieser artikel enthält affiliate-links",
	"dieser beitrag enthält affiliate-links", "dieser beitrag enthält werbung",
	"we may earn a commission", "we may receive a commission", "as an amazon associate",
}

// titleKey lower-cases a short line and trims closing punctuation, for
// looking it up in sectionTitles and furnitureLines.
func titleKey(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ":!?.…» "))
}

// isJunkText reports whether a whole block of text is site furniture.
func isJunkText(s string) bool {
	if len(s) > 600 {
		return false
	}
	if len(s) < 60 {
		k := titleKey(s)
		if furnitureLines[k] || sectionTitles[k] {
			return true
		}
	}
	if lower := strings.ToLower(s); len(s) < 400 {
		for _, p := range furniturePrefixes {
			if strings.HasPrefix(lower, p) {
				return true
			}
		}
	}
	// The expressions are costly and nearly every paragraph is story:
	// look at them only when the first word or a telltale phrase could
	// start a match.
	if junkTextStarts[firstWordLower(s)] && junkTextRe.MatchString(s) {
		return true
	}
	if len(s) < 160 && (strings.HasSuffix(strings.ToLower(s), "(buy now)") || strings.EqualFold(s, "buy now")) {
		return true // a shop link: "Buyer's Guide: MacBook Pro (Buy Now)"
	}
	if len(s) < 200 && (strings.Contains(s, " can be reached ") || strings.Contains(s, " contributed reporting")) && junkTextRe.MatchString(s) {
		return true // "Anna Weiss can be reached at …", "Keith Lee contributed reporting from Hong Kong."
	}
	if len(s) >= junkPhraseMax {
		return false
	}
	lower := strings.ToLower(s)
	for _, cue := range junkPhraseCues {
		if strings.Contains(lower, cue) {
			return junkPhraseRe.MatchString(s)
		}
	}
	return false
}

// junkTextStarts are the first words junkTextRe can match after.
var junkTextStarts = wordSet("disclaimer", "this", "the", "news", "also", "read", "see", "watch", "recommended",
	"related", "must", "don", "advertisement", "scroll", "story", "continue", "click", "follow", "sign", "subscribe",
	"share", "get", "download", "we", "your", "all", "c", "copyright", "image", "photo", "picture", "slide",
	"caption", "close", "open", "hide", "show", "toggle", "expand", "collapse", "enlarge", "loading", "advert",
	"anzeige", "werbung", "explore", "citation", "tell", "reading", "updated", "last", "posted", "published", "publicado",
	"publié", "veröffentlicht", "contact", "reach", "email", "lesezeit", "tempo", "temps", "write", "have", "filed", "")

// junkPhraseCues are substrings every junkPhraseRe match contains.
var junkPhraseCues = []string{"newsletter", "click here", "follow", "rights reserved", "listen", "@", "©"}

// junkHeadingStarts are the first words junkHeadingRe and aboutHeadingRe
// can match after.
var junkHeadingStarts = wordSet("reader", "readers", "comment", "comments", "leave", "post", "add", "join", "discussion",
	"you", "recommended", "related", "more", "also", "read", "see", "most", "trending", "popular", "top", "latest",
	"editor", "editors", "don", "must", "share", "tags", "tag", "topics", "topic", "categories", "filed", "newsletter",
	"sign", "subscribe", "follow", "about", "advertisement", "sponsored", "weitere", "das", "mehr", "kommentar",
	"kommentare", "ähnliche", "verwandte", "leserkommentare", "")

// firstWordLower is the first run of letters of s, lower-cased; "" when s
// opens with a digit or a symbol.
func firstWordLower(s string) string {
	end := 0
	for end < len(s) && end < 24 {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) {
			break
		}
		end += size
	}
	return strings.ToLower(s[:end])
}

// isJunkHeading reports whether a heading titles a non-story section.
func isJunkHeading(s string) bool {
	if len(s) > 80 {
		return false
	}
	s = strings.TrimRight(strings.TrimSpace(s), ":!.… ")
	k := titleKey(s)
	if sectionTitles[k] {
		return true
	}
	for _, p := range sectionTitlePrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	if !junkHeadingStarts[firstWordLower(s)] {
		return false
	}
	return junkHeadingRe.MatchString(s) || aboutHeadingRe.MatchString(s)
}
