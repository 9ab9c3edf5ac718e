package article_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// A short wire story mapped onto IPTC ninjs 2.2, as downstream sites
// receive it. NINJSExtended would add the wiredesk_* properties (here
// wiredesk_dateline, wiredesk_quotes and wiredesk_status).
func ExampleArticle_NINJS() {
	published := time.Date(2025, 4, 25, 18, 25, 0, 0, time.UTC)
	a := article.Article{
		ID:       article.StoryID("ANI", "ani-20250425-kremlin"),
		Agency:   "ANI",
		Version:  1,
		Headline: "Putin meets US envoy Witkoff at the Kremlin",
		Body: []article.Block{
			{Type: article.BlockParagraph, Text: "Moscow [Russia], April 25 (ANI): The talks lasted three hours."},
			{Type: article.BlockQuote, Text: "Constructive & very useful."},
		},
		Dateline:    &article.Dateline{Text: "Moscow [Russia], April 25 (ANI):", Place: "Moscow", Country: "Russia", Date: "2025-04-25", Agency: "ANI"},
		PublishedAt: &published,
		Quotes:      []article.Quote{{Text: "Constructive & very useful.", Speaker: "Yury Ushakov", Kind: article.QuoteBlock, Position: 1}},
		Language:    "en",
		Topics:      []string{"medtop:11000000"},
		Status:      article.StatusPublished,
		Disclaimer:  article.DefaultDisclaimer,
	}
	a.BodyText = article.PlainText(a.Body)

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a.NINJS()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "uri": "urn:wiredesk:story:8273fb7d6e1293d758be19ca",
	//   "standard": {
	//     "name": "ninjs",
	//     "version": "2.2",
	//     "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
	//   },
	//   "type": "text",
	//   "representationtype": "full",
	//   "profile": "text-only",
	//   "version": "1",
	//   "firstcreated": "2025-04-25T18:25:00Z",
	//   "versioncreated": "2025-04-25T18:25:00Z",
	//   "contentcreated": "2025-04-25T18:25:00Z",
	//   "pubstatus": "usable",
	//   "copyrightholder": "ANI",
	//   "usageterms": "News stories are provided by news agencies. We do not guarantee their accuracy.",
	//   "language": "en",
	//   "headlines": [
	//     {
	//       "role": "main",
	//       "contenttype": "text/plain",
	//       "value": "Putin meets US envoy Witkoff at the Kremlin"
	//     }
	//   ],
	//   "bodies": [
	//     {
	//       "role": "main",
	//       "contenttype": "text/plain",
	//       "charcount": 91,
	//       "wordcount": 14,
	//       "value": "Moscow [Russia], April 25 (ANI): The talks lasted three hours.\n\nConstructive & very useful."
	//     },
	//     {
	//       "role": "richtext",
	//       "contenttype": "text/html",
	//       "charcount": 91,
	//       "wordcount": 14,
	//       "value": "<p>Moscow [Russia], April 25 (ANI): The talks lasted three hours.</p>\n<blockquote><p>Constructive &amp; very useful.</p></blockquote>"
	//     }
	//   ],
	//   "located": "Moscow, Russia",
	//   "places": [
	//     {
	//       "name": "Moscow",
	//       "rel": "located"
	//     }
	//   ],
	//   "subjects": [
	//     {
	//       "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000",
	//       "literal": "medtop:11000000"
	//     }
	//   ],
	//   "infosources": [
	//     {
	//       "name": "ANI"
	//     }
	//   ]
	// }
}
