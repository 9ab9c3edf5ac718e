package normalize

import (
	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize/attribution"
	"github.com/wiredesk/wiredesk/normalize/dateline"
	"github.com/wiredesk/wiredesk/normalize/embed"
	"github.com/wiredesk/wiredesk/normalize/quote"
)

// annotate runs the wire passes over the extracted body: the dateline,
// direct quotes with their speakers, the sources the story relies on, and
// posts linked bare in the text. It reads the body's paragraphs and block
// quotes in order, so it works the same for a page and for a feed's text.
func annotate(a *article.Article) {
	var (
		paras       []string
		blockOf     []int // body block index of each paragraph
		blockQuotes []int // indexes into paras of block quotes
	)
	for i, b := range a.Body {
		switch b.Type {
		case article.BlockQuote:
			if i+1 < len(a.Body) && a.Body[i+1].Type == article.BlockEmbed {
				// An embedded post's text, shown above its embed: the
				// post is an embed, not a quotation nobody said.
				continue
			}
			blockQuotes = append(blockQuotes, len(paras))
		case article.BlockParagraph:
		default:
			continue
		}
		paras = append(paras, b.Text)
		blockOf = append(blockOf, i)
	}

	if f, ok := dateline.Find(paras, a.PublishedAt); ok {
		a.Dateline = f.Dateline
	} else if a.Dateline == nil {
		a.Dateline = findDateline(a.Body, a.PublishedAt)
	}

	a.Quotes = quote.Extract(paras, quote.Options{BlockQuotes: blockQuotes})
	for i := range a.Quotes {
		if p := a.Quotes[i].Position; p >= 0 && p < len(blockOf) {
			a.Quotes[i].Position = blockOf[p]
		}
	}

	agency := a.Agency
	if agency == "" && a.Dateline != nil {
		agency = a.Dateline.Agency
	}
	a.Attributions = attribution.Extract(paras, agency)

	addBareLinkEmbeds(a, paras, blockOf)
}

// addBareLinkEmbeds adds posts linked inside running text ("…
// https://x.com/mfa_russia/status/…") that the page's markup did not mark
// as embeds, each placed right after the paragraph that links it.
func addBareLinkEmbeds(a *article.Article, paras []string, blockOf []int) {
	known := map[string]bool{}
	for _, e := range a.Embeds {
		known[string(e.Platform)+"\x00"+e.ID] = true
	}
	type insert struct {
		after int
		embed int
	}
	var inserts []insert
	for i, p := range paras {
		for _, e := range embed.InText(p) {
			key := string(e.Platform) + "\x00" + e.ID
			if known[key] {
				continue
			}
			known[key] = true
			a.Embeds = append(a.Embeds, e)
			inserts = append(inserts, insert{after: blockOf[i], embed: len(a.Embeds) - 1})
		}
	}
	if len(inserts) == 0 {
		return
	}
	body := make([]article.Block, 0, len(a.Body)+len(inserts))
	next := 0
	for i, b := range a.Body {
		body = append(body, b)
		for next < len(inserts) && inserts[next].after == i {
			idx := inserts[next].embed
			body = append(body, article.Block{Type: article.BlockEmbed, Embed: &idx})
			next++
		}
	}
	// Quote positions point at body blocks; shift them past the inserts.
	for qi := range a.Quotes {
		shift := 0
		for _, in := range inserts {
			if in.after < a.Quotes[qi].Position {
				shift++
			}
		}
		a.Quotes[qi].Position += shift
	}
	a.Body = body
}
