package normalize

import (
	"bytes"
)

// pruneRawText returns page without the contents of <script> and <style>
// elements and of comments, which the extractor never reads: on news pages
// they are half of the bytes, and the HTML tokenizer would otherwise read
// every one of them. JSON-LD scripts are kept whole. The tags themselves
// stay, so the parsed tree has the same shape.
//
// It is a byte scan, not a parse: it follows the HTML rules for where these
// raw-text elements end (the first "</script" or "</style", any case), and
// leaves a page it cannot read that way as it is from there on.
func pruneRawText(page []byte) []byte {
	out := make([]byte, 0, len(page))
	i := 0
	for {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			return append(out, page[i:]...)
		}
		j += i
		rest := page[j+1:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			end := bytes.Index(page[j+4:], []byte("-->"))
			if end < 0 {
				return append(out, page[i:]...)
			}
			out = append(out, page[i:j]...)
			i = j + 4 + end + 3
		case hasTagName(rest, "script"), hasTagName(rest, "style"):
			name := "script"
			if rest[1] == 't' || rest[1] == 'T' {
				name = "style"
			}
			tagEnd := startTagEnd(page, j)
			if tagEnd < 0 {
				return append(out, page[i:]...)
			}
			closeAt := indexFold(page[tagEnd:], "</"+name)
			if closeAt < 0 {
				return append(out, page[i:]...)
			}
			closeAt += tagEnd
			out = append(out, page[i:tagEnd]...)
			if name == "script" && bytes.Contains(bytes.ToLower(page[j:tagEnd]), []byte("ld+json")) {
				out = append(out, page[tagEnd:closeAt]...)
			}
			i = closeAt
			// Step past "</" so the loop does not see this close tag as
			// another opening.
			out = append(out, page[i:i+2]...)
			i += 2
		default:
			out = append(out, page[i:j+1]...)
			i = j + 1
		}
	}
}

// hasTagName reports whether b (the bytes after '<') opens the element
// name, in any case, followed by white space, '>' or '/'.
func hasTagName(b []byte, name string) bool {
	if len(b) <= len(name) {
		return false
	}
	for k := 0; k < len(name); k++ {
		c := b[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[k] {
			return false
		}
	}
	switch b[len(name)] {
	case ' ', '\t', '\n', '\r', '\f', '>', '/':
		return true
	}
	return false
}

// startTagEnd returns the index just past the '>' closing the start tag at
// page[at], skipping quoted attribute values, or -1.
func startTagEnd(page []byte, at int) int {
	var quote byte
	for k := at + 1; k < len(page); k++ {
		c := page[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			// Only a quote opening an attribute value counts.
			if page[k-1] == '=' || page[k-1] == ' ' && k > 1 && page[k-2] == '=' {
				quote = c
			}
		case c == '>':
			return k + 1
		}
	}
	return -1
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring the
// case of b.
func indexFold(b []byte, needle string) int {
	first := needle[0]
	for k := 0; k+len(needle) <= len(b); {
		n := bytes.IndexByte(b[k:], first)
		if n < 0 {
			return -1
		}
		k += n
		if k+len(needle) > len(b) {
			return -1
		}
		match := true
		for m := 1; m < len(needle); m++ {
			c := b[k+m]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[m] {
				match = false
				break
			}
		}
		if match {
			return k
		}
		k++
	}
	return -1
}
