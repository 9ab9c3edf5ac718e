package normalize

import (
	"errors"
	"github.com/wiredesk/wiredesk/article"
	"strings"
	"testing"
)

// hostilePages are pages built to make an extractor recurse, loop or
// allocate without bound. Extract must return on each of them; the fuzz
// target and BenchmarkHostile watch how long it takes.
func hostilePages() map[string][]byte {
	deep := func(open, close string, n int) []byte {
		return []byte("<html><body>" + strings.Repeat(open, n) + "<p>deep text, with a comma, in the middle</p>" + strings.Repeat(close, n) + "</body></html>")
	}
	para := "<p>" + strings.Repeat("Words of a long story, told at length. ", 20) + "</p>\n"
	return map[string][]byte{
		"10k nested divs":       deep("<div>", "</div>", 10_000),
		"10k nested spans":      deep("<span>", "</span>", 10_000),
		"10k unclosed divs":     deep("<div class=x>", "", 10_000),
		"10k nested tables":     deep("<table><tr><td>", "</td></tr></table>", 10_000),
		"10k nested blockquote": deep("<blockquote>", "</blockquote>", 10_000),
		"10k nested lists":      deep("<ul><li>", "</li></ul>", 10_000),
		"broken tables":         []byte(strings.Repeat("<table><td><tr><p>cell text, more</td><table>", 2000)),
		"formatting soup":       []byte(strings.Repeat("<b><i><u><a href=x>", 5000) + "text"),
		"5 MiB of paragraphs":   []byte("<html><body><article>" + strings.Repeat(para, (5<<20)/len(para)) + "</article></body></html>"),
		"5 MiB one text node":   []byte("<p>" + strings.Repeat("a, ", (5<<20)/3)),
		"many tiny elements":    []byte(strings.Repeat("<i>a</i>", 500_000)),
		"wrong charset":         append([]byte(`<meta charset="windows-1252"><p>Caf`), 0xe9, 0xff, 0xfe, '<', '/', 'p', '>'),
		"binary":                []byte("\x00\x01\x02<\x00p>\xff\xfe"),
	}
}

func TestExtractHostilePages(t *testing.T) {
	for name, page := range hostilePages() {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(page, "https://example.com/x", Options{})
			if errors.Is(err, ErrNoText) {
				return // a page with nothing to read is refused, not mangled
			}
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if len(a.BodyText) > 2*len(page)+16 {
				t.Errorf("body text %d bytes from a %d byte page", len(a.BodyText), len(page))
			}
		})
	}
}

func TestExtractWrongCharset(t *testing.T) {
	page := append([]byte(`<html><head><meta charset="iso-8859-1"><title>Caf`), 0xe9)
	page = append(page, []byte(` society</title></head><body><article><p>The caf`)...)
	page = append(page, 0xe9)
	page = append(page, []byte(` opened its doors on Monday, to a queue of customers, some of whom had waited since dawn.</p></article></body></html>`)...)
	a, err := Extract(page, "https://example.com/cafe", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.BodyText, "The café opened") {
		t.Errorf("body_text = %q, want the Latin-1 text decoded", a.BodyText)
	}
}

func FuzzExtract(f *testing.F) {
	for _, seed := range []string{
		"",
		"<html><head><title>T - Site</title></head><body><h1>T</h1><p>Moscow, April 25: text, more text.</p></body></html>",
		`<article><p>WASHINGTON (AP) — One, two, three.</p><ul><li>1 a</li><li>2 b</li></ul><blockquote class="twitter-tweet"><p>x</p><a href="https://twitter.com/a/status/1">d</a></blockquote></article>`,
		`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"H","datePublished":"2025-01-01","author":[{"name":"A"}]}]}</script>`,
		`<table><tr><td><p>x</td><figure><img src=a.jpg><figcaption>c Photo: P</figcaption></figure>`,
		"<div><div><div><p>unclosed",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := Extract(page, "https://example.com/a", Options{MaxNodes: 5000, MaxDepth: 64})
		if err != nil {
			return
		}
		if err := checkBlocks(a.Body, len(a.Images), len(a.Embeds)); err != "" {
			t.Fatal(err)
		}
	})
}

// checkBlocks verifies the invariants article.Validate checks on the body.
func checkBlocks(body []article.Block, images, embeds int) string {
	for i, b := range body {
		switch b.Type {
		case "paragraph", "heading", "quote":
			if b.Text == "" {
				return "empty text block at " + strings.Repeat("*", i)
			}
		case "list":
			if len(b.Items) == 0 {
				return "empty list"
			}
		case "image":
			if b.Image == nil || *b.Image < 0 || *b.Image >= images {
				return "image index out of range"
			}
		case "embed":
			if b.Embed == nil || *b.Embed < 0 || *b.Embed >= embeds {
				return "embed index out of range"
			}
		default:
			return "unknown block type " + string(b.Type)
		}
	}
	return ""
}
