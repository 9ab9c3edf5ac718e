// Package enrich adds what a story implies but does not state as fields:
// the people, places and organisations it names, and its topics.
package enrich

import (
	"slices"
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// Enrich fills a.Entities from what normalisation already found: the
// dateline's place and country, the speakers of quotes, and the outlets and
// bodies the story attributes statements to. Existing entities are kept;
// nothing is added twice.
func Enrich(a *article.Article) {
	e := &a.Entities
	if d := a.Dateline; d != nil {
		e.Places = addUnique(e.Places, d.Place)
		e.Places = addUnique(e.Places, d.Country)
	}
	for _, q := range a.Quotes {
		e.People = addUnique(e.People, q.Speaker)
	}
	for _, at := range a.Attributions {
		switch at.Kind {
		case article.AttrMedia, article.AttrAgency, article.AttrOfficial:
			if looksLikeOrganization(at.Source) {
				e.Organizations = addUnique(e.Organizations, at.Source)
			}
		}
	}
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

func addUnique(list []string, v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, v) }) {
		return list
	}
	return append(list, v)
}
