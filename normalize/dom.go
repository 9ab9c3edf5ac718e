package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of the attribute key on n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n carries the attribute key at all.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// textBuilder gathers the visible text of a subtree with white space folded
// to single spaces. It walks with an explicit stack bounded by maxDepth so
// hostile nesting cannot exhaust the goroutine stack.
type textBuilder struct {
	b       strings.Builder
	space   bool // a space is pending before the next word
	started bool
	limit   int // stop after this many bytes; 0 means no limit
}

func (t *textBuilder) full() bool { return t.limit > 0 && t.b.Len() >= t.limit }

func (t *textBuilder) writeText(s string) {
	for len(s) > 0 {
		i := 0
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i > 0 {
			t.space = true
			s = s[i:]
			continue
		}
		// Non-breaking spaces fold like spaces.
		if strings.HasPrefix(s, "\u00a0") {
			t.space = true
			s = s[len("\u00a0"):]
			continue
		}
		j := 0
		invisible := false
		for j < len(s) && !isSpaceByte(s[j]) && !strings.HasPrefix(s[j:], "\u00a0") {
			// Every rune stripInvisible drops starts with one of these
			// bytes; most words hold neither.
			invisible = invisible || s[j] == 0xE2 || s[j] == 0xEF
			j++
		}
		word := s[:j]
		s = s[j:]
		if invisible {
			if word = stripInvisible(word); word == "" {
				continue
			}
		}
		if t.space && t.started {
			t.b.WriteByte(' ')
		}
		t.space = false
		t.started = true
		t.b.WriteString(word)
	}
}

// stripInvisible drops the characters that change how text is shown but
// are no part of it: bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), the zero-width space (U+200B) and a
// byte-order mark inside text (U+FEFF), which pages paste from word
// processors and which break search, matching and deduplication. The
// zero-width joiner and non-joiner (U+200D, U+200C) stay: Indic and
// Persian scripts need them to spell words.
func stripInvisible(s string) string {
	if !strings.ContainsFunc(s, isInvisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\ufeff' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// lineBreak records a hard break (<br>) as a space in folded text.
func (t *textBuilder) lineBreak() { t.space = true }

func (t *textBuilder) String() string { return t.b.String() }

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// foldSpace collapses runs of white space to one space and trims the ends.
func foldSpace(s string) string {
	var t textBuilder
	t.writeText(s)
	return t.String()
}

// nodeText is the folded visible text of n, skipping scripts, styles and
// anything below maxDepth levels.
func nodeText(n *html.Node, maxDepth int) string {
	var t textBuilder
	appendText(&t, n, maxDepth)
	return t.String()
}

func appendText(t *textBuilder, n *html.Node, maxDepth int) {
	type frame struct {
		n     *html.Node
		depth int
	}
	stack := []frame{{n, 0}}
	for len(stack) > 0 && !t.full() {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch f.n.Type {
		case html.TextNode:
			t.writeText(f.n.Data)
			continue
		case html.ElementNode:
			switch f.n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe, atom.Object, atom.Select, atom.Button, atom.Input, atom.Textarea:
				continue
			case atom.Br:
				t.lineBreak()
				continue
			}
			if isBlockAtom(f.n.DataAtom) {
				t.lineBreak()
			}
		case html.DocumentNode:
		default:
			continue
		}
		if f.depth >= maxDepth {
			continue
		}
		// Push children in reverse so they pop in document order.
		for c := f.n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, f.depth + 1})
		}
	}
}

// isBlockAtom reports whether an element starts a new line when rendered,
// so words either side of it never run together.
func isBlockAtom(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside, atom.Nav,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Tbody, atom.Thead, atom.Tfoot,
		atom.Figure, atom.Figcaption, atom.Form, atom.Fieldset, atom.Address, atom.Hr, atom.Caption, atom.Details, atom.Summary:
		return true
	}
	return false
}
