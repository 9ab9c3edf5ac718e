package normalize

import (
	"errors"
	"strings"
	"testing"
)

// A hidden copy of the story (display:none, hidden, aria-hidden), even one
// marked itemprop=articleBody, never gives the body: readers see the
// visible one.
func TestExtractSkipsHiddenCopies(t *testing.T) {
	visible := `<p>Colombo, June 3 (PTI) Sri Lanka's central bank on Tuesday cut its key policy rate by 50 basis points, saying inflation had eased faster than it expected in the first five months of the year.</p>
<p>Governor Nandalal Perera told reporters that the bank would watch food prices closely over the monsoon and was ready to act again if they rose.</p>`
	hidden := `<p>DRAFT COPY NOT FOR READERS: the central bank is expected to cut rates by a quarter point, according to an early version of the story kept for search engines.</p>
<p>This older version of the text was left in the page by the publishing system and is not shown to anyone who opens the page.</p>`
	for _, attr := range []string{`style="display:none"`, `hidden`, `aria-hidden="true"`} {
		t.Run(attr, func(t *testing.T) {
			page := `<html><body><article><h1>Sri Lanka cuts rates</h1>
<div itemprop="articleBody" ` + attr + `>` + hidden + `</div>
<div class="story-text">` + visible + `</div></article></body></html>`
			a, err := Extract([]byte(page), "https://news.example/rates", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(a.BodyText, "DRAFT COPY") || strings.Contains(a.BodyText, "older version") {
				t.Errorf("body holds the hidden copy:\n%s", a.BodyText)
			}
			if !strings.Contains(a.BodyText, "Nandalal Perera") {
				t.Errorf("body lacks the visible story:\n%s", a.BodyText)
			}
		})
	}
}

// An input with no article text is an error, not an empty article.
func TestExtractNoText(t *testing.T) {
	for name, page := range map[string]string{
		"empty":       "",
		"binary":      "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
		"error page":  "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>",
		"only markup": "<html><body><div><span></span></div></body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			if a, err := Extract([]byte(page), "https://news.example/x", Options{}); !errors.Is(err, ErrNoText) {
				t.Errorf("Extract = %+v, %v; want ErrNoText", a, err)
			}
		})
	}
}

// Lines about the page rather than the story are furniture; sentences that
// only mention such words are not.
func TestJunkTextPageLines(t *testing.T) {
	for _, tt := range []struct {
		text string
		junk bool
	}{
		{"3 min read", true},
		{"Reading time: 4 minutes", true},
		{"Updated: Nov 19, 2019 10:43 AM ET", true},
		{"05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde", true},
		{"Posted by Anna Weiss", true},
		{"Contact the reporter at anna@example.com", true},
		{"Anna Weiss can be reached at 555-0100 or on X.", true},
		{"Write to Al Root at allen.root@example.com", true},
		{"This copy is for your personal, non-commercial use only. To order copies, visit our reprints page.", true},
		{"Text size", true},
		{"Have a tip? Amy Lee may be reached at alee@example.com. Follow her on Twitter.", true},
		{"Keith Bradsher contributed reporting from Hong Kong.", true},
		{"Filed under: Politics | World", true},
		{"Iklan", true},
		{"Buyer's Guide: MacBook Pro (Buy Now)", true},
		{"The Associated Press contributed to this report.", false},
		{"The minister said the report would be updated on Monday with figures from 12 districts and then sent to the cabinet for its approval.", false},
		{"It took three minutes to read the verdict, the lawyer said.", false},
	} {
		if got := isJunkText(tt.text); got != tt.junk {
			t.Errorf("isJunkText(%q) = %v, want %v", tt.text, got, tt.junk)
		}
	}
}
