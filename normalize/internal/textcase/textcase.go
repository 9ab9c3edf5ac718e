// Package textcase holds the case folding the wire passes share.
package textcase

import "strings"

// Lower is strings.ToLower with a quick path for ASCII words, which most
// words of most stories are: no allocation when the word is already
// lower case.
func Lower(w string) string {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return strings.ToLower(w)
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return w
	}
	b := make([]byte, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// WordSet reads a word list written as one string, entries separated by
// "|" or line breaks, into a set of lower-case entries: how the passes
// keep their lexicons readable in source.
func WordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.FieldsFunc(list, func(r rune) bool { return r == '|' || r == '\n' }) {
		if s = strings.TrimSpace(s); s != "" {
			m[strings.ToLower(s)] = true
		}
	}
	return m
}
