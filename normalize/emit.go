package normalize

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wiredesk/wiredesk/article"
)

// emitter turns the chosen content elements into ordered body blocks,
// dropping what the index marked as junk on the way.
type emitter struct {
	ix       *pageIndex
	limits   limits
	base     *url.URL
	headline string

	blocks    []article.Block
	images    []article.Image
	embeds    []article.Embed
	keyPoints []string

	// run is the inline text gathered since the last block boundary.
	run      textBuilder
	runBytes int
	linkByte int
	inLink   int
	// keyNext is set when the last block announced key points, so the
	// list that follows is also copied to keyPoints.
	keyNext bool
}

func (e *emitter) appendRun(s string) {
	l, _ := countText(s)
	e.runBytes += int(l)
	if e.inLink > 0 {
		e.linkByte += int(l)
	}
	e.run.writeText(s)
}

// flush ends the pending inline run as a paragraph. It reports whether the
// run was the title of a section that is not the story ("You May Like"),
// so the caller can skip the rest of that section.
func (e *emitter) flush() bool {
	text := e.run.String()
	runBytes, linkBytes := e.runBytes, e.linkByte
	e.run = textBuilder{}
	e.runBytes, e.linkByte = 0, 0
	if text == "" {
		return false
	}
	if isJunkHeading(text) {
		return true
	}
	if isJunkText(text) {
		return false
	}
	if runBytes > 0 && float64(linkBytes)/float64(runBytes) > 0.66 {
		if em, ok := embedFromURL(text); ok {
			e.addEmbed(em)
		}
		return false
	}
	if em, ok := embedFromURL(text); ok {
		e.addEmbed(em)
		return false
	}
	if isKeyPointsTitle(text) {
		e.keyNext = true
	} else {
		e.keyNext = false
	}
	e.blocks = append(e.blocks, article.Block{Type: article.BlockParagraph, Text: text})
	return false
}

// container emits the content of element i: its text runs and child
// blocks, in document order.
func (e *emitter) container(i int32, depth int) {
	node := &e.ix.nodes[i]
	if depth > e.limits.maxDepth || node.flags&flagTruncated != 0 {
		e.appendRun(nodeText(node.n, 4))
		return
	}
	cursor := i + 1
	skip := false
	for c := node.n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if !skip {
				e.appendRun(c.Data)
			}
		case html.ElementNode:
			j, ok := e.ix.childIndex(cursor, c)
			if !ok {
				continue
			}
			cursor = e.ix.nodes[j].end
			e.element(j, depth+1, &skip)
		}
	}
}

func isHeadingAtom(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// element emits one child element; skip is the enclosing container's "we
// are inside a non-story section" state, which headings switch.
func (e *emitter) element(j int32, depth int, skip *bool) {
	node := &e.ix.nodes[j]
	c := node.n
	a := c.DataAtom
	if node.flags&flagJunk != 0 {
		// Players and posts live in iframes and in furniture-classed
		// wrappers ("video-container"); they are still the story's
		// embeds. Sections that are not the story keep theirs.
		if *skip || node.flags&(flagSmallJunk|flagDrop) == 0 && !isEmbedNode(c) {
			return
		}
		for k := j; k < node.end; k++ {
			m := &e.ix.nodes[k]
			if !isEmbedNode(m.n) {
				continue
			}
			if em, ok := embedFromElement(m.n); ok {
				if e.run.started {
					*skip = e.flush() || *skip
				}
				e.embedElement(k, em)
				k = m.end - 1 // not the post's own links again
			}
		}
		return
	}
	if *skip && !isHeadingAtom(a) {
		// A section title ends where a block of prose begins: the
		// section under "Share" or "Subscribe" is a line of buttons, not
		// the story that follows it.
		if node.cprose < skipEndsAtProse {
			return
		}
		*skip = false
	}
	if a == 0 && isEmbedNode(c) {
		// AMP and "lite" players (amp-twitter, lite-youtube) are unknown
		// elements to the parser; they are the story's embeds all the same.
		if em, ok := embedFromElement(c); ok {
			*skip = e.flush() || *skip
			e.embedElement(j, em)
			return
		}
	}
	switch a {
	case atom.Br, atom.Hr:
		if e.flush() {
			*skip = true
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if e.flush() {
			*skip = true
			return
		}
		text := nodeText(c, e.limits.maxDepth)
		if text == "" {
			return
		}
		if isJunkHeading(text) {
			*skip = true
			return
		}
		*skip = false
		if a == atom.H1 || strings.EqualFold(text, e.headline) {
			return
		}
		e.keyNext = isKeyPointsTitle(text)
		e.blocks = append(e.blocks, article.Block{Type: article.BlockHeading, Text: text, Level: int(a.String()[1] - '0')})
	case atom.Ul, atom.Ol:
		if e.flush() {
			*skip = true
			return
		}
		e.list(j, depth)
	case atom.Blockquote:
		if e.flush() {
			*skip = true
			return
		}
		if em, ok := embedFromElement(c); ok {
			e.embedElement(j, em)
			return
		}
		text := nodeText(c, e.limits.maxDepth)
		if text != "" && !isJunkText(text) {
			e.blocks = append(e.blocks, article.Block{Type: article.BlockQuote, Text: text})
		}
	case atom.Figure:
		if e.flush() {
			*skip = true
			return
		}
		if em, ok := embedFromElement(c); ok {
			e.embedElement(j, em)
			return
		}
		e.figure(j)
	case atom.Img:
		if e.flush() {
			*skip = true
		}
		if src := imageSource(c, e.base); src != "" && !isTinyImage(c) {
			e.addImage(article.Image{URL: src})
		}
	case atom.Table:
		if e.flush() {
			*skip = true
			return
		}
		e.table(j, depth)
	case atom.A:
		if node.flags&flagHasBlock != 0 {
			if e.flush() {
				*skip = true
			}
			e.container(j, depth)
			if e.flush() {
				*skip = true
			}
			return
		}
		e.inLink++
		e.container(j, depth)
		e.inLink--
	default:
		if node.flags&flagBlock == 0 && node.flags&flagHasBlock == 0 {
			e.container(j, depth)
			return
		}
		if e.flush() {
			*skip = true
			return
		}
		e.container(j, depth)
		if e.flush() {
			*skip = true
		}
	}
}

// list emits a ul or ol: as a list block when its items are short texts,
// as a container when it is a layout of paragraphs, not at all when it is
// a menu of links.
func (e *emitter) list(j int32, depth int) {
	ix := e.ix
	if ix.nodes[j].text == 0 {
		return
	}
	if ix.linkDensity(j) > 0.5 {
		e.keyNext = false
		return
	}
	var items []string
	layout := false
	ix.children(j, func(k int32) {
		li := &ix.nodes[k]
		if li.flags&flagJunk != 0 {
			return
		}
		if li.flags&flagHasBlock != 0 && countBlockParagraphs(ix, k) > 1 {
			layout = true
		}
		if t := e.cleanText(k, depth); t != "" {
			items = append(items, t)
		}
	})
	if layout {
		e.keyNext = false
		skip := false
		ix.children(j, func(k int32) { e.element(k, depth+1, &skip) })
		e.flush()
		return
	}
	if len(items) == 0 {
		return
	}
	items = stripItemNumbers(items)
	if e.keyNext || isKeyPointsList(ix.nodes[j].n) {
		e.keyPoints = append(e.keyPoints, items...)
	}
	e.keyNext = false
	e.blocks = append(e.blocks, article.Block{Type: article.BlockList, Items: items})
}

// cleanText is the folded text of element k without its junk descendants.
func (e *emitter) cleanText(k int32, depth int) string {
	saved, savedBytes, savedLink := e.run, e.runBytes, e.linkByte
	e.run, e.runBytes, e.linkByte = textBuilder{}, 0, 0
	e.collectText(k, depth)
	text := e.run.String()
	e.run, e.runBytes, e.linkByte = saved, savedBytes, savedLink
	return text
}

// collectText appends the text of element k to the run, skipping junk and
// treating blocks as word breaks.
func (e *emitter) collectText(k int32, depth int) {
	node := &e.ix.nodes[k]
	if depth > e.limits.maxDepth || node.flags&flagTruncated != 0 {
		e.appendRun(nodeText(node.n, 4))
		return
	}
	cursor := k + 1
	for c := node.n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			e.appendRun(c.Data)
		case html.ElementNode:
			j, ok := e.ix.childIndex(cursor, c)
			if !ok {
				continue
			}
			cursor = e.ix.nodes[j].end
			if e.ix.nodes[j].flags&flagJunk != 0 {
				continue
			}
			if e.ix.nodes[j].flags&flagBlock != 0 {
				e.run.lineBreak()
			}
			e.collectText(j, depth+1)
		}
	}
}

func countBlockParagraphs(ix *pageIndex, k int32) int {
	n := 0
	end := ix.nodes[k].end
	for j := k + 1; j < end; j++ {
		if a := ix.nodes[j].n.DataAtom; (a == atom.P || a == atom.Div) && ix.nodes[j].inline >= minParagraph {
			n++
		}
	}
	return n
}

var itemNumberRe = regexp.MustCompile(`^(\d{1,3})[.):]?\s+`)

// stripItemNumbers removes visible numbering ("1 Putin and…") from list
// items when every item carries its own position.
func stripItemNumbers(items []string) []string {
	for i, it := range items {
		m := itemNumberRe.FindStringSubmatch(it)
		if m == nil || m[1] != strconv.Itoa(i+1) {
			return items
		}
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it[len(itemNumberRe.FindString(it)):]
	}
	return out
}

var keyPointsTitleRe = regexp.MustCompile(`(?i)^(?:key (?:points|takeaways|facts|highlights)|highlights|story highlights|takeaways|at a glance|in brief|in short|tl;?dr|the big picture|what (?:we know|you need to know)|quick read|summary)\s*:?$`)

func isKeyPointsTitle(s string) bool {
	return len(s) < 40 && keyPointsTitleRe.MatchString(strings.TrimSpace(s))
}

// isKeyPointsList reports whether the list or its parent is marked as the
// story's key points by class.
func isKeyPointsList(n *html.Node) bool {
	for k, m := 0, n; k < 2 && m != nil && m.Type == html.ElementNode; k, m = k+1, m.Parent {
		found := false
		forEachWord(lowerASCII(attr(m, "class")+" "+attr(m, "id")), func(w string) {
			switch w {
			case "keypoints", "highlights", "takeaways", "keyfacts", "summary", "tldr", "keytakeaways":
				found = true
			}
		})
		if found {
			return true
		}
	}
	return false
}

// figure emits a figure's picture with its caption and credit.
func (e *emitter) figure(j int32) {
	var img article.Image
	var captionNode *html.Node
	end := e.ix.nodes[j].end
	var creditText string
	for k := j + 1; k < end; k++ {
		n := e.ix.nodes[k].n
		switch n.DataAtom {
		case atom.Img:
			if img.URL == "" && !isTinyImage(n) {
				img.URL = imageSource(n, e.base)
			}
		case atom.Source:
			if img.URL == "" {
				img.URL = firstSrcset(attr(n, "srcset"), e.base)
			}
		case atom.Figcaption:
			if captionNode == nil {
				captionNode = n
			}
		}
		if creditText == "" && isCreditElement(n) {
			creditText = nodeText(n, 8)
		}
	}
	if img.URL == "" {
		// A figure holding text is a pull quote or box: keep its text.
		e.container(j, 0)
		e.flush()
		return
	}
	if captionNode != nil {
		caption := nodeText(captionNode, 8)
		if creditText != "" {
			caption = strings.TrimSpace(strings.Replace(caption, creditText, "", 1))
		}
		img.Caption, img.Credit = splitCredit(caption)
	}
	if creditText != "" {
		img.Credit = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(creditText, "Photo:"), "Image:"))
	}
	if img.Credit == "" {
		img.Credit = attr(findImg(e.ix, j), "data-credit")
	}
	e.addImage(img)
}

func findImg(ix *pageIndex, j int32) *html.Node {
	for k := j + 1; k < ix.nodes[j].end; k++ {
		if ix.nodes[k].n.DataAtom == atom.Img {
			return ix.nodes[k].n
		}
	}
	return &html.Node{}
}

func isCreditElement(n *html.Node) bool {
	found := false
	forEachWord(lowerASCII(attr(n, "class")), func(w string) {
		switch w {
		case "credit", "credits", "copyright", "photographer", "imagecredit", "photocredit", "source":
			found = true
		}
	})
	return found
}

var creditRe = regexp.MustCompile(`(?i)\s*[(\[]?\b(?:photo|image|picture|photograph|credit|pic|foto|bild)s?(?: credit)?\s*[:/]\s*([^)\]]{2,80})[)\]]?\s*$`)

// splitCredit takes a trailing "Photo: X" or "(Image: X)" off a caption.
func splitCredit(caption string) (string, string) {
	m := creditRe.FindStringSubmatchIndex(caption)
	if m == nil {
		return caption, ""
	}
	return strings.TrimSpace(caption[:m[0]]), strings.TrimSpace(caption[m[2]:m[3]])
}

func (e *emitter) addImage(img article.Image) {
	for i := range e.images {
		if e.images[i].URL == img.URL {
			if e.images[i].Caption == "" {
				e.images[i].Caption = img.Caption
			}
			if e.images[i].Credit == "" {
				e.images[i].Credit = img.Credit
			}
			idx := i
			e.blocks = append(e.blocks, article.Block{Type: article.BlockImage, Image: &idx})
			return
		}
	}
	e.images = append(e.images, img)
	idx := len(e.images) - 1
	e.blocks = append(e.blocks, article.Block{Type: article.BlockImage, Image: &idx})
}

// isEmbedNode reports whether an element can carry pasted embed markup:
// the platforms' blockquotes, player iframes, Telegram's script-only
// widget (data-telegram-post) and AMP or "lite" custom elements.
func isEmbedNode(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Iframe, atom.Blockquote, atom.Div, atom.Figure, atom.Script:
		return true
	case 0:
		return strings.HasPrefix(n.Data, "amp-") || strings.HasPrefix(n.Data, "lite-")
	}
	return false
}

// skipEndsAtProse is how much story prose an element must hold to end a
// section skipped for its title.
const skipEndsAtProse = 300

// embedElement emits pasted embed markup: the post's text as readers see
// it (a quote block, part of the body text) followed by the embed. For
// most platforms that text is the post's own as package embed reads it,
// without the lines they put in the markup for readers without their
// script ("View this post on Instagram", "A post shared by …", TikTok's
// sound line, "View on Threads", Reddit's "by u/… in …"), which are never
// the story's. An X post keeps its whole block: its "— Name (@handle)
// date" line is how the post reads on the page, and the benchmark bodies
// keep it.
func (e *emitter) embedElement(j int32, em article.Embed) {
	n := e.ix.nodes[j].n
	text := em.Text
	if em.Platform == article.PlatformX && n.DataAtom == atom.Blockquote {
		text = nodeText(n, e.limits.maxDepth)
	}
	if n.DataAtom != atom.Iframe && text != "" {
		e.blocks = append(e.blocks, article.Block{Type: article.BlockQuote, Text: text})
	}
	e.addEmbed(em)
}

func (e *emitter) addEmbed(em article.Embed) {
	for i := range e.embeds {
		if e.embeds[i].URL == em.URL {
			return
		}
	}
	// A post is often shown as its quoted text followed by its link; the
	// quoted paragraph is the post's text.
	if em.Text == "" && len(e.blocks) > 0 {
		if last := e.blocks[len(e.blocks)-1]; last.Type == article.BlockParagraph && isWhollyQuoted(last.Text) {
			em.Text = strings.Trim(last.Text, "\"“”")
		}
	}
	e.embeds = append(e.embeds, em)
	idx := len(e.embeds) - 1
	e.blocks = append(e.blocks, article.Block{Type: article.BlockEmbed, Embed: &idx})
}

func isWhollyQuoted(s string) bool {
	return len(s) > 2 && (strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "“")) && (strings.HasSuffix(s, "\"") || strings.HasSuffix(s, "”"))
}

// table emits a data table row by row; a layout table (one holding
// paragraphs or other tables) is emitted as a container.
func (e *emitter) table(j int32, depth int) {
	ix := e.ix
	end := ix.nodes[j].end
	for k := j + 1; k < end; k++ {
		switch ix.nodes[k].n.DataAtom {
		case atom.Table, atom.P, atom.Div, atom.Ul, atom.Ol, atom.Blockquote, atom.Figure, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if ix.nodes[k].flags&flagJunk == 0 {
				e.container(j, depth)
				e.flush()
				return
			}
		}
	}
	for k := j + 1; k < end; k++ {
		if ix.nodes[k].n.DataAtom != atom.Tr || ix.nodes[k].flags&flagJunk != 0 {
			continue
		}
		var cells []string
		ix.children(k, func(c int32) {
			if t := e.cleanText(c, depth); t != "" {
				cells = append(cells, t)
			}
		})
		if len(cells) > 0 {
			e.blocks = append(e.blocks, article.Block{Type: article.BlockParagraph, Text: strings.Join(cells, " ")})
		}
	}
}

// imageSource is the URL of an img, looking past lazy-loading
// placeholders, resolved against base.
func imageSource(n *html.Node, base *url.URL) string {
	for _, key := range []string{"data-src", "data-lazy-src", "data-original", "data-url", "src"} {
		v := strings.TrimSpace(attr(n, key))
		if v == "" || strings.HasPrefix(v, "data:") {
			continue
		}
		return resolveURL(base, v)
	}
	if s := firstSrcset(attr(n, "data-srcset"), base); s != "" {
		return s
	}
	return firstSrcset(attr(n, "srcset"), base)
}

func firstSrcset(srcset string, base *url.URL) string {
	srcset = strings.TrimSpace(srcset)
	if srcset == "" {
		return ""
	}
	first, _, _ := strings.Cut(srcset, ",")
	fields := strings.Fields(first)
	if len(fields) == 0 || strings.HasPrefix(fields[0], "data:") {
		return ""
	}
	return resolveURL(base, fields[0])
}

// isTinyImage reports whether an img declares itself a pixel or an icon.
func isTinyImage(n *html.Node) bool {
	for _, key := range []string{"width", "height"} {
		if v := attr(n, key); v != "" {
			if px, err := strconv.Atoi(strings.TrimSuffix(v, "px")); err == nil && px > 0 && px < 50 {
				return true
			}
		}
	}
	return false
}

func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}
