package review

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffPart is one run of a word-level diff: kept, added or removed text.
type DiffPart struct {
	Op   string // "=", "+" or "-"
	Text string
}

// wordDiff compares two texts word by word (each word with the space
// after it), so an edited number shows as one changed word rather than
// as characters.
func wordDiff(before, after string) []DiffPart {
	// The library works on runes; text that is not UTF-8 (it never is
	// once stored) is made so first, the same way on both sides.
	before, after = strings.ToValidUTF8(before, "\uFFFD"), strings.ToValidUTF8(after, "\uFFFD")
	dmp := diffmatchpatch.New()
	// Each word becomes one "line", so the library's line mode diffs
	// words; the newline added to each is taken off again below.
	a, b, words := dmp.DiffLinesToChars(wordLines(before), wordLines(after))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), words)
	out := make([]DiffPart, 0, len(diffs))
	for _, d := range diffs {
		op := map[diffmatchpatch.Operation]string{diffmatchpatch.DiffEqual: "=", diffmatchpatch.DiffInsert: "+", diffmatchpatch.DiffDelete: "-"}[d.Type]
		text := strings.ReplaceAll(d.Text, "\x00\n", "")
		if len(out) > 0 && out[len(out)-1].Op == op {
			out[len(out)-1].Text += text
			continue
		}
		out = append(out, DiffPart{Op: op, Text: text})
	}
	return out
}

// wordLines puts each word (with the spaces after it) on a line of its
// own, marked so the line breaks can be told from the text's own.
func wordLines(s string) string {
	var b strings.Builder
	inSpace := false
	for _, r := range s {
		if inSpace && !unicode.IsSpace(r) {
			b.WriteString("\x00\n")
		}
		inSpace = unicode.IsSpace(r)
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		b.WriteString("\x00\n")
	}
	return b.String()
}
