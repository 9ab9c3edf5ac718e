package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeFlags record what the index learned about one element.
type nodeFlags uint16

const (
	flagSelfJunk  nodeFlags = 1 << iota // its own tag or attributes mark it as not the story
	flagContent                         // its attributes mark it as the story
	flagHidden                          // hidden from readers
	flagDrop                            // a tag that never holds story text
	flagBlock                           // starts a new line when rendered
	flagHasH1                           // an <h1> is in its subtree
	flagHasBody                         // an itemprop=articleBody element is in its subtree
	flagJunk                            // it or an ancestor is not the story
	flagTruncated                       // its children were not indexed (depth or size cap)
	flagHasBlock                        // a block element is among its descendants
	flagTagList                         // its class says it lists the story's tags
	flagByline                          // its class says it names the author
	flagSmallJunk                       // its junk verdict yields to prose it turns out to hold
	flagDateClass                       // its class speaks of dates or times
	flagRuleDrop                        // a site rule drops it
)

// indexed is one element of the page with the counts the extractor needs,
// computed bottom-up in a few linear passes over a flat slice rather than
// by walking subtrees again for every question.
type indexed struct {
	n      *html.Node
	parent int32
	end    int32 // one past its last descendant: its subtree is [i, end)
	flags  nodeFlags
	// Non-space bytes of visible text in the subtree, of that the part
	// inside links, and the part not inside descendant blocks (the text
	// this element shows as its own paragraph).
	text, link, inline int32
	commas             int32
	// prose counts the non-link text of paragraphs in the subtree, junk or
	// not; rawInline is inline before junk is taken out.
	prose, rawInline int32
	// cprose is prose without junk: the non-link text of the subtree's
	// paragraphs that are part of the story.
	cprose int32
	score  float32
}

// pageIndex is the flat pre-order list of a page's elements below <html>.
type pageIndex struct {
	nodes []indexed
	h1    int32   // first <h1>, or -1
	h1s   []int32 // the first few <h1>s: sites set their logo in one too
	times []int32
	tags  []int32
	bylns []int32
	dates []int32 // elements whose class speaks of dates or times
	// Links marked rel=tag and rel=author.
	relTags, relAuthor []*html.Node
	ld                 []*html.Node // JSON-LD scripts
	head               []*html.Node // <meta>, <link>, <title>, wherever they appear
	html               *html.Node
	// postID is the WordPress post the page shows ("postid-1806" on
	// <body>), or "".
	postID string
	// ruleRoots are the elements a site rule names as the story's body.
	ruleRoots []int32
}

// buildIndex lists the elements of doc in document order, within the caps
// of opts, and computes their flags and text counts.
func buildIndex(doc *html.Node, limits limits, rule *compiledRule) *pageIndex {
	ix := &pageIndex{h1: -1}
	ix.nodes = make([]indexed, 0, 1024)
	type frame struct {
		n      *html.Node
		parent int32
		depth  int32
	}
	jd := newJudge()
	stack := make([]frame, 0, 64)
	for c := doc.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			stack = append(stack, frame{c, -1, 0})
		}
	}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(ix.nodes) >= limits.maxNodes {
			break
		}
		i := int32(len(ix.nodes))
		n := f.n
		node := indexed{n: n, parent: f.parent}
		a := n.DataAtom
		switch a {
		case atom.Html:
			ix.html = n
		case atom.H1:
			if ix.h1 < 0 {
				ix.h1 = i
			}
			if len(ix.h1s) < 4 {
				ix.h1s = append(ix.h1s, i)
			}
			node.flags |= flagHasH1
		case atom.Time:
			ix.times = append(ix.times, i)
		case atom.A:
			if rel := attr(n, "rel"); rel != "" {
				switch {
				case hasWord(rel, "tag"):
					ix.relTags = append(ix.relTags, n)
				case hasWord(rel, "author"):
					ix.relAuthor = append(ix.relAuthor, n)
				}
			}
		case atom.Meta, atom.Link, atom.Title:
			ix.head = append(ix.head, n)
		case atom.Script:
			if t := attr(n, "type"); t == "application/ld+json" {
				ix.ld = append(ix.ld, n)
			}
		}
		if isDropAtom(a) {
			node.flags |= flagDrop
		}
		if isBlockAtom(a) || a == atom.Br || a == atom.Img || a == atom.Hr {
			node.flags |= flagBlock
		}
		if a == atom.Body {
			ix.postID = wordPressPostID(attr(n, "class"), "postid-")
		}
		if a != atom.Html && a != atom.Body && n.Attr != nil {
			v, hidden := judgeAttributes(n, jd)
			switch v.kind {
			case verdictJunk, verdictSmallJunk:
				if a != atom.Main && a != atom.Article {
					node.flags |= flagSelfJunk
				}
				if v.kind == verdictSmallJunk {
					node.flags |= flagSmallJunk
				}
			case verdictContent:
				node.flags |= flagContent
				if isArticleBodyProp(n) {
					node.flags |= flagHasBody
				}
			}
			node.flags |= v.marks
			if ix.postID != "" && v.kind == verdictNone && isOtherPost(attr(n, "class"), ix.postID) {
				// Another post's wrapper inside this post's page: a related
				// story, however the theme nests it.
				node.flags |= flagSelfJunk
			}
			if hidden {
				node.flags |= flagHidden
			}
		}
		if len(ix.dates) < maxDateElements && node.flags&flagDateClass != 0 {
			ix.dates = append(ix.dates, i)
		}
		if node.flags&flagTagList != 0 {
			ix.tags = append(ix.tags, i)
		}
		if node.flags&flagByline != 0 {
			ix.bylns = append(ix.bylns, i)
		}
		// Text directly inside this element is its own inline text.
		skipText := a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template || a == atom.Title
		if f.depth >= int32(limits.maxDepth) {
			node.flags |= flagTruncated
			ix.nodes = append(ix.nodes, node)
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && !skipText {
				l, commas := countText(c.Data)
				node.text += l
				node.inline += l
				node.rawInline += l
				node.commas += commas
			}
		}
		ix.nodes = append(ix.nodes, node)
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			if c.Type == html.ElementNode {
				stack = append(stack, frame{c, i, f.depth + 1})
			}
		}
	}
	ix.applyRule(rule)
	ix.aggregate()
	return ix
}

func isArticleBodyProp(n *html.Node) bool {
	p := attr(n, "itemprop")
	return p == "articleBody" || p == "reviewBody"
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// countText returns the non-space bytes of s and its commas.
func countText(s string) (int32, int32) {
	var l, commas int32
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isSpaceByte(c):
		case c == ',':
			commas++
			l++
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0xa0: // no-break space
			i++
		default:
			l++
		}
	}
	return l, commas
}

// aggregate fills subtree ends, the junk inheritance and the clean text
// counts. Children follow their parent in pre-order, so a backward pass sees
// every child before its parent and a forward pass every parent first.
func (ix *pageIndex) aggregate() {
	nodes := ix.nodes
	for i := range nodes {
		nodes[i].end = int32(i + 1)
	}
	// Backward: subtree ends and the markers a junk verdict must respect.
	for i := len(nodes) - 1; i >= 0; i-- {
		p := nodes[i].parent
		if p < 0 {
			continue
		}
		if nodes[i].end > nodes[p].end {
			nodes[p].end = nodes[i].end
		}
		nodes[p].flags |= nodes[i].flags & (flagHasH1 | flagHasBody)
		if nodes[i].flags&(flagBlock|flagHasBlock) != 0 {
			nodes[p].flags |= flagHasBlock
		}
		n := &nodes[i]
		a := n.n.DataAtom
		if n.rawInline >= minParagraph && isParagraphLike(a) {
			n.prose += n.rawInline
		}
		nodes[p].prose += n.prose
		if n.flags&flagBlock == 0 && a != atom.A {
			nodes[p].rawInline += n.rawInline
		}
	}
	// Forward: an element is junk when its parent is, or when its own
	// markers say so and it does not hold the story's title or body (a
	// layout wrapper with an unlucky class name).
	for i := range nodes {
		n := &nodes[i]
		if p := n.parent; p >= 0 && nodes[p].flags&flagJunk != 0 {
			n.flags |= flagJunk
			continue
		}
		if n.flags&flagRuleDrop != 0 {
			n.flags |= flagJunk
			continue
		}
		// A hidden element is junk unless it only wraps the story (a
		// collapsed "read more" box); a hidden articleBody itself is a
		// copy for crawlers.
		if n.flags&flagHidden != 0 && (n.flags&flagHasBody == 0 || isArticleBodyProp(n.n)) {
			n.flags |= flagJunk
			continue
		}
		if n.flags&(flagSelfJunk|flagDrop) != 0 && n.flags&flagHasBody == 0 {
			if n.flags&flagDrop == 0 && n.flags&flagHasH1 != 0 {
				continue
			}
			if n.flags&(flagDrop|flagSmallJunk) == flagSmallJunk && n.prose >= minProse {
				continue
			}
			n.flags |= flagJunk
		}
	}
	// Backward: text counts of what is not junk.
	for i := len(nodes) - 1; i >= 0; i-- {
		n := &nodes[i]
		if n.n.DataAtom == atom.A {
			n.link = n.text
		}
		if n.flags&flagJunk != 0 || n.parent < 0 {
			continue
		}
		if n.inline >= minParagraph && isParagraphLike(n.n.DataAtom) {
			n.cprose += max(0, n.inline-n.link)
		}
		p := &nodes[n.parent]
		p.text += n.text
		p.link += n.link
		p.cprose += n.cprose
		if n.flags&flagBlock == 0 {
			p.inline += n.inline
			p.commas += n.commas
		}
	}
}

// children calls fn for each indexed element child of node i, in order.
func (ix *pageIndex) children(i int32, fn func(j int32)) {
	end := ix.nodes[i].end
	for j := i + 1; j < end; j = ix.nodes[j].end {
		fn(j)
	}
}

// lookup returns the index of element n, which must be a child of the
// element at parent; cursor is where the previous child's subtree ended.
func (ix *pageIndex) childIndex(cursor int32, n *html.Node) (int32, bool) {
	if cursor >= 0 && int(cursor) < len(ix.nodes) && ix.nodes[cursor].n == n {
		return cursor, true
	}
	return -1, false
}

func (ix *pageIndex) linkDensity(i int32) float32 {
	n := &ix.nodes[i]
	if n.text == 0 {
		return 0
	}
	return float32(n.link) / float32(n.text)
}

// minProse is how much paragraph text (non-space bytes outside links)
// makes an element with a furniture class name part of the story after
// all: no share bar or menu holds this much.
const minProse = 400

// maxDateElements bounds how many date-marked elements are read for
// printed dates.
const maxDateElements = 16

// wordPressPostID returns the digits after prefix in a class list
// ("postid-1806" -> "1806"), or "".
func wordPressPostID(class, prefix string) string {
	for _, f := range strings.Fields(class) {
		if id, ok := strings.CutPrefix(f, prefix); ok && isDigits(id) {
			return id
		}
	}
	return ""
}

// isOtherPost reports whether class is a WordPress post wrapper (hentry,
// post-N) for a post other than postID.
func isOtherPost(class, postID string) bool {
	if !strings.Contains(class, "hentry") {
		return false
	}
	id := wordPressPostID(class, "post-")
	return id != "" && id != postID
}
