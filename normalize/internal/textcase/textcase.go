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
