package normalize

import (
	"slices"
	"strings"

	"golang.org/x/net/html/atom"
)

// minParagraph is the shortest own text, in non-space bytes, that counts as
// a paragraph when scoring containers: shorter runs are labels and links.
const minParagraph = 25

// isParagraphLike reports whether an element's own text reads as a
// paragraph for scoring.
func isParagraphLike(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Td, atom.Pre, atom.Blockquote, atom.Dd, atom.Main, atom.Center, atom.Font, atom.Span:
		return true
	}
	return false
}

// tagWeight is the prior belief that an element of this kind wraps a story,
// as Readability weighs it.
func tagWeight(a atom.Atom) float32 {
	switch a {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// scoreCandidates credits every paragraph's score to its nearest ancestors
// and returns the element most likely to hold the story, or -1.
func (ix *pageIndex) scoreCandidates() int32 {
	nodes := ix.nodes
	for i := len(nodes) - 1; i >= 0; i-- {
		n := &nodes[i]
		if n.flags&flagJunk != 0 || n.inline < minParagraph || !isParagraphLike(n.n.DataAtom) {
			continue
		}
		s := 1 + float32(n.commas) + min(float32(n.inline/100), 3)
		p := n.parent
		// Text set straight into a div (between <br>s) makes the div
		// itself the paragraph's container, as Readability's div-to-p
		// conversion does.
		if n.n.DataAtom != atom.P && n.n.DataAtom != atom.Pre && n.n.DataAtom != atom.Blockquote {
			p = int32(i)
		}
		for level := 0; p >= 0 && level < 5; level++ {
			div := float32(1)
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float32(level * 3)
			}
			nodes[p].score += s / div
			p = nodes[p].parent
		}
	}
	best, bestScore := int32(-1), float32(0)
	for i := range nodes {
		n := &nodes[i]
		if n.score == 0 || n.flags&flagJunk != 0 {
			continue
		}
		s := n.score + tagWeight(n.n.DataAtom)
		switch {
		case n.flags&flagHasBody != 0 && isArticleBodyProp(n.n):
			// The page says outright where its story is.
			s *= 2
		case n.flags&flagContent != 0 || n.n.DataAtom == atom.Article:
			s *= 1.5
		}
		s *= 1 - ix.linkDensity(int32(i))
		n.score = s
		if s > bestScore {
			best, bestScore = int32(i), s
		}
	}
	return best
}

// contentRoots picks the elements whose text is the story: the best
// candidate and those of its siblings that read like more of the same.
func (ix *pageIndex) contentRoots(top int32) []int32 {
	if top < 0 {
		return nil
	}
	p := ix.nodes[top].parent
	if p < 0 {
		return []int32{top}
	}
	topScore := ix.nodes[top].score
	threshold := max(10, topScore*0.2)
	var roots []int32
	var heading int32 = -1 // a subheading waiting to see what follows it
	ix.children(p, func(j int32) {
		n := &ix.nodes[j]
		included := len(roots)
		defer func() {
			switch {
			case len(roots) > included && heading >= 0:
				// The section it titles is part of the story: so is the
				// subheading.
				roots = append(roots[:included], heading, roots[included])
				heading = -1
			case isSubheading(n.n.DataAtom) && n.flags&flagJunk == 0:
				heading = j
			case n.text > 0:
				heading = -1
			}
		}()
		switch {
		case j == top:
			roots = append(roots, j)
		case n.flags&flagJunk != 0:
		case n.score >= threshold:
			roots = append(roots, j)
		case n.n.DataAtom == atom.P:
			ld := ix.linkDensity(j)
			if n.inline > 80 && ld < 0.25 || n.inline > 0 && ld == 0 && n.inline <= 80 && endsSentence(n) {
				roots = append(roots, j)
			}
		}
	})
	roots = ix.addTwins(top, roots)
	roots = ix.widen(top, roots)
	return ix.addPreface(roots)
}

// prefaceLevels is how far above the first content root an intro may sit
// and still open the story (set apart from the body's own wrapper).
const prefaceLevels = 6

// addPreface puts before the roots the prose that opens the story just
// above its container: an intro, standfirst or deck in the article's
// wrapper, which readers see as the story's first lines (the article's
// summary may repeat it).
func (ix *pageIndex) addPreface(roots []int32) []int32 {
	if len(roots) == 0 {
		return roots
	}
	first := roots[0]
	anc := first
	for k := 0; k < prefaceLevels && ix.nodes[anc].parent >= 0; k++ {
		anc = ix.nodes[anc].parent
	}
	var extra []int32
	for j := anc + 1; j < first; j++ {
		n := &ix.nodes[j]
		if n.flags&flagJunk != 0 || !isPrefaceAtom(n.n.DataAtom) || n.inline < 100 || ix.linkDensity(j) > 0.1 {
			continue
		}
		if ix.isCaption(j) {
			continue
		}
		extra = append(extra, j)
	}
	if l := ix.standfirst(first); l >= 0 && !slices.ContainsFunc(extra, func(e int32) bool { return e >= l && e < ix.nodes[l].end || l > e && l < ix.nodes[e].end }) {
		extra = append(extra, l)
		slices.Sort(extra)
	}
	return append(extra, roots...)
}

// standfirstWords are class words that mark the lead paragraph set under
// the headline, apart from the story's container.
var standfirstWords = wordSet("lead", "leadtext", "lede", "intro", "introduction", "introtext", "abstract", "standfirst",
	"summary", "excerpt", "deck", "dek", "subtitle", "subheadline", "teasertext", "chapo", "chapeau", "vorspann",
	"entradilla", "bajada", "sommario", "perex", "articlelead", "articleintro", "articlesummary")

// standfirst finds the lead between the page's headline and the story's
// first root, marked as such by its class, or returns -1. Unlike the
// preface, it may sit anywhere in the header above the story.
func (ix *pageIndex) standfirst(first int32) int32 {
	if ix.h1 < 0 || ix.h1 >= first {
		return -1
	}
	for j := ix.nodes[ix.h1].end; j < first; j++ {
		n := &ix.nodes[j]
		if n.flags&flagJunk != 0 || n.end > first || n.text < 40 || ix.linkDensity(j) > 0.1 || !isPrefaceAtom(n.n.DataAtom) {
			continue
		}
		class := attr(n.n, "class")
		if class == "" {
			continue
		}
		found := false
		forEachWord(strings.ToLower(class), func(w string) {
			found = found || standfirstWords[w]
		})
		if found {
			return j
		}
	}
	return -1
}

// isCaption reports whether paragraph j is the only text of a box that
// also holds a picture: a caption without a figcaption.
func (ix *pageIndex) isCaption(j int32) bool {
	p := ix.nodes[j].parent
	if p < 0 || ix.nodes[p].text != ix.nodes[j].text {
		return false
	}
	for k := p + 1; k < ix.nodes[p].end; k++ {
		switch ix.nodes[k].n.DataAtom {
		case atom.Img, atom.Picture, atom.Video:
			return true
		}
	}
	return false
}

// addTwins adds to roots the elements elsewhere on the page rendered by the
// same component as the best candidate and holding prose: sites cut a story
// into chunks around ads, embeds and pictures, each chunk in a wrapper of
// the same tag and class. Classes match when most of their words agree, so
// "grid-box-first grid-box-markdown grid-box" matches "grid-box-markdown
// grid-box". roots come back in document order, none inside another.
func (ix *pageIndex) addTwins(top int32, roots []int32) []int32 {
	class := attr(ix.nodes[top].n, "class")
	if class == "" {
		return roots
	}
	tag, words := ix.nodes[top].n.DataAtom, strings.Fields(class)
	topEnd := ix.nodes[top].end
	for i := range ix.nodes {
		j := int32(i)
		n := &ix.nodes[j]
		if j >= top && j < topEnd || n.n.DataAtom != tag || n.flags&flagJunk != 0 || n.score <= 0 || n.text < 100 || ix.linkDensity(j) > 0.3 {
			continue
		}
		if c := attr(n.n, "class"); c == class || c != "" && similarClasses(strings.Fields(c), words) {
			roots = append(roots, j)
		}
	}
	slices.Sort(roots)
	return outermost(ix, roots)
}

// similarClasses reports whether two class lists share at least two thirds
// of their words.
func similarClasses(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	return 3*shared >= 2*union
}

func isSubheading(a atom.Atom) bool {
	switch a {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// endsSentence reports whether a short paragraph reads as prose: it
// contains a full stop followed by a space or ends with one.
func endsSentence(n *indexed) bool {
	t := nodeText(n.n, 8)
	for i := 0; i+1 < len(t); i++ {
		if t[i] == '.' && t[i+1] == ' ' {
			return true
		}
	}
	return len(t) > 0 && t[len(t)-1] == '.'
}

var similarTwins = false

// isPrefaceAtom reports whether an element can hold an intro: a paragraph,
// a div of text, or a deck set as a subheading.
func isPrefaceAtom(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H2:
		return true
	}
	return false
}

// Thresholds for widen, measured on the corpora: a chosen story under
// widenMaxProse bytes of prose and under widenShare of the page's story
// prose gives way to the ancestor holding widenTake of it, unless that
// ancestor is mostly links (a list of teasers, not one page of boxes).
const (
	widenMaxProse = 1200
	widenShare    = 0.6
	widenTake     = 0.8
	widenMaxLinks = 0.4
	// widenSureScore is the score from which a long story is trusted:
	// below it the scorer found few paragraphs and commas anywhere, and a
	// long box may still be one of many.
	widenSureScore = 40
)

// widen replaces short roots that hold a small share of the page's story
// prose by the nearest ancestor of top holding most of it: recipes,
// product, event and club pages set their text in many small boxes
// (intro, ingredients, steps), of which scoring picks one. A long story
// that scored well is left alone, whatever else the page holds: that is
// more stories (infinite scroll) or teasers, not more of this one.
func (ix *pageIndex) widen(top int32, roots []int32) []int32 {
	b := ix.body()
	if b < 0 {
		return roots
	}
	page := float32(ix.nodes[b].cprose)
	var got int32
	for _, r := range roots {
		got += ix.nodes[r].cprose
	}
	if got > widenMaxProse && ix.nodes[top].score >= widenSureScore || float32(got) >= widenShare*page {
		return roots
	}
	// <body> itself may be that ancestor: junk sections inside it are
	// still dropped when it is emitted.
	for a := ix.nodes[top].parent; a >= b; a = ix.nodes[a].parent {
		if ix.nodes[a].flags&flagJunk != 0 {
			return roots
		}
		if float32(ix.nodes[a].cprose) >= widenTake*page {
			if ix.linkDensity(a) > widenMaxLinks {
				return roots
			}
			return []int32{a}
		}
	}
	return roots
}
