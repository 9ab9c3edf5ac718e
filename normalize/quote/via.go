package quote

import (
	"github.com/wiredesk/wiredesk/normalize/attribution"
)

// via finds the outlet that relayed the quotation, from the words of its
// sentence outside quotations: "as reported by CNN", "CNN quoted him",
// "told CNN", "according to Reuters", "as quoted by Dawn". An outlet is
// what the attribution package recognises as media.
func via(toks []token) string {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tWord {
			continue
		}
		var c chunk
		switch {
		case (t.low == "by") && i > 0 && (toks[i-1].low == "reported" || toks[i-1].low == "quoted" || toks[i-1].low == "cited" || toks[i-1].low == "carried"):
			c, _ = chunkAt(toks, i+1)
		case t.low == "to" && i > 0 && toks[i-1].low == "according":
			c, _ = chunkAt(toks, i+1)
		case t.low == "told" || t.low == "tells" || t.low == "with" && i > 1 && toks[i-1].low == "interview":
			c, _ = chunkAt(toks, i+1)
		case (t.low == "quoted" || t.low == "reported" || t.low == "cited") && i > 0:
			c = chunkBefore(toks, i)
		default:
			continue
		}
		if c.empty() {
			continue
		}
		if name, ok := attribution.Outlet(joinTokens(c.words())); ok {
			return name
		}
	}
	return ""
}
