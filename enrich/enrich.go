// Package enrich adds what a story implies but does not state as fields:
// its language, the people, places and organisations it names (places
// resolved to a country), its IPTC Media Topics, its length and reading
// time. It is a pure function of the article: no network, no model files;
// the gazetteer is embedded data (data/README.md).
package enrich

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/article"
)

// wordsPerMinute is an adult's silent reading speed for news prose
// (Brysbaert 2019 puts non-fiction at 238); reading time rounds up.
const wordsPerMinute = 238

// Enrich fills a's language, entities, topics, word count and reading
// time. Entities come first from what normalisation found for certain
// (the dateline's place, the speakers of quotes, the outlets and bodies
// statements are attributed to), then from names in the headline and
// text. Existing entities and topics are kept; nothing is added twice.
// The dateline's country is filled from the gazetteer when it was not
// written.
func Enrich(a *article.Article) {
	// The headline reads as the text's first sentence. The line break
	// ends it for the name rules even after an abbreviation ("… from
	// US."); to the language detector it is a space like any other.
	text := a.Headline + ".\n" + a.BodyText
	if lang := Language(text); lang != "" {
		a.Language = lang
	}
	e := &a.Entities
	if d := a.Dateline; d != nil {
		if d.Country == "" {
			if c, ok := Country(d.Place); ok && !strings.EqualFold(c, d.Place) {
				d.Country = c
			}
		}
		e.Places = addUnique(e.Places, d.Place, 0)
		e.Places = addUnique(e.Places, d.Country, 0)
	}
	for _, q := range a.Quotes {
		e.People = addUnique(e.People, q.Speaker, 0)
	}
	for _, at := range a.Attributions {
		switch at.Kind {
		case article.AttrMedia, article.AttrAgency, article.AttrOfficial:
			if looksLikeOrganization(at.Source) {
				e.Organizations = addUnique(e.Organizations, at.Source, 0)
			}
		}
	}
	if a.Language == "" || a.Language == "en" {
		// The name rules read English capitalisation and titles.
		f := textEntities(text)
		for _, p := range f.people {
			if !containsFold(e.Organizations, p) && !containsFold(e.Places, p) {
				e.People = addUnique(e.People, p, 0)
			}
		}
		for _, o := range f.orgs {
			if !containsFold(e.People, o) {
				e.Organizations = addUnique(e.Organizations, o, 0)
			}
		}
		for _, p := range f.places {
			e.Places = addUnique(e.Places, p, 0)
		}
	}
	// Every place resolves to its country, which is a place the story
	// concerns too.
	for _, p := range slices.Clone(e.Places) {
		if c, ok := Country(p); ok {
			e.Places = addUnique(e.Places, c, 0)
		}
	}
	for _, t := range Topics(a.Headline, a.BodyText) {
		a.Topics = addUnique(a.Topics, t.QCode(), 0)
	}
	a.WordCount = WordCount(a.BodyText)
	a.ReadingMinutes = ReadingMinutes(a.WordCount)
}

// WordCount counts the words of text: runs of letters and digits, with
// each Han, Hiragana or Katakana character counted as a word, since those
// scripts put no spaces between words.
func WordCount(text string) int {
	n, in := 0, false
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && wordASCII[r]:
			// The bulk of the text, settled without the Unicode tables.
			if !in {
				n++
			}
			in = true
		case r < utf8.RuneSelf && r != '\'' && r != '-':
			// Any other ASCII ends a word; apostrophes and hyphens are
			// left to the rules below.
			in = false
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			n++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !in {
				n++
			}
			in = true
		case r == '\'' || r == '’' || r == '-':
			// inside a word: "don't", "well-known"
		default:
			in = false
		}
	}
	return n
}

// wordASCII marks the ASCII characters that are letters or digits.
var wordASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		r := rune(c)
		t[c] = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return t
}()

// ReadingMinutes is the whole minutes needed to read words, at least one
// for any text.
func ReadingMinutes(words int) int {
	if words <= 0 {
		return 0
	}
	return (words + wordsPerMinute - 1) / wordsPerMinute
}

// looksLikeOrganization keeps attributions such as "CNN" or "Ministry of
// Foreign Affairs" and leaves out people ("Kremlin aide Yury Ushakov"),
// whose names already come in through quotes.
func looksLikeOrganization(s string) bool {
	if s == "" {
		return false
	}
	if strings.ToUpper(s) == s {
		return true // acronyms: CNN, MFA, ANI
	}
	lower := strings.ToLower(s)
	for _, w := range []string{"aide", "minister", "spokesperson", "spokesman", "spokeswoman", "envoy", "president", "secretary", "official", "adviser", "advisor", "chief"} {
		if strings.Contains(lower, w) {
			return false // a person with a title
		}
	}
	for _, w := range []string{"ministry", "office", "agency", "council", "department", "government", "news", "times", "post", "kremlin", "house", "party", "commission", "court", "police", "army", "bank"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, v) })
}

// addUnique appends v unless it is blank or already there (case folded);
// limit > 0 caps the list.
func addUnique(list []string, v string, limit int) []string {
	v = strings.TrimSpace(v)
	if v == "" || containsFold(list, v) || limit > 0 && len(list) >= limit {
		return list
	}
	return append(list, v)
}
