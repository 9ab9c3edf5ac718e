package enrich

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/gazetteer.tsv
var gazetteerTSV string

// Place is a gazetteer entry.
type Place struct {
	Name    string
	Country string
	// Kind is country, alias, capital, state or city.
	Kind string
}

// gazetteer maps a folded place name to its entry.
type gazetteer struct {
	byName map[string]Place
	// maxWords is the longest name in words, bounding the text scan.
	maxWords int
}

// ambiguousInText are gazetteer names that are also common words or first
// names: they count as places in a dateline, not in running text.
var ambiguousInText = map[string]bool{"male": true, "nice": true, "sofia": true, "jordan": true, "georgia": true, "medina": true, "sucre": true, "kota": true, "america": true}

// loadGazetteer parses the embedded table once; it is read-only after.
var loadGazetteer = sync.OnceValue(func() *gazetteer {
	g := &gazetteer{byName: map[string]Place{}}
	for _, line := range strings.Split(gazetteerTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		key := foldPlace(f[0])
		if _, dup := g.byName[key]; dup {
			continue // the first reading wins
		}
		g.byName[key] = Place{Name: f[0], Country: f[1], Kind: f[2]}
		g.maxWords = max(g.maxWords, len(strings.Fields(f[0])))
	}
	return g
})

func foldPlace(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Trim(s, " .,;:")), " "))
}

// LookupPlace finds a place by name (case and spacing folded): capitals,
// large cities, countries and their common short names, Indian states.
func LookupPlace(name string) (Place, bool) {
	p, ok := loadGazetteer().byName[foldPlace(name)]
	return p, ok
}

// Country resolves a place name to the country it is in; a country
// resolves to itself.
func Country(place string) (string, bool) {
	p, ok := LookupPlace(place)
	if !ok {
		return "", false
	}
	return p.Country, true
}
