package dedup

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// Agencies announce corrections, kills and withdrawals inside the story,
// in the headline, a slug line or an editors' note: Reuters
// "CORRECTED-…" and "(Corrects spelling of name in paragraph 3)", AP
// "CORRECTION:" and "This story has been corrected to show…", PTI and
// AFP "KILL" and "Editors: Please withdraw the story…". The patterns are
// anchored at the start of a line or tied to the words agencies use
// around them, so that "Police kill three" or "troops withdrawn" in a
// story's own text are not notices.
var noticePatterns = []struct {
	kind article.ChangeKind
	re   *regexp.Regexp
}{
	// Kill and withdrawal first: a killed story often also says
	// "correction" somewhere, and the kill is what matters.
	{article.ChangeKill, regexp.MustCompile(`^\W*(?:MANDATORY\s+)?KILL\b|\bKILL\s*(?:KILL|[-—–:])|(?i:\b(?:please|mandatory)\s+kill\b|\bkill\s+(?:the|this)\s+(?:story|item|report|article|dispatch)\b)`)},
	{article.ChangeWithdrawal, regexp.MustCompile(`^\W*(?:WITHDRAWN|WITHDRAWAL|ELIMINATION)\b|(?i:\beditors?\s*[:.-].{0,120}\bwithdr[ae]w|\bplease\s+withdraw\b|\b(?:story|item|report|article|dispatch|slugged\s+\S+)\b.{0,60}\b(?:has\s+been|have\s+been|is\s+being|was|is)\s+withdrawn\b)`)},
	{article.ChangeCorrection, regexp.MustCompile(`^\W*(?:CORRECTED|CORRECTION|CORRECTIVE|REFILE[-—: ]+CORRECTED)\b|^\W*(?i:correction\s*[:—–-])|(?i:\(\s*corrects?\b[^)]*\)|\b(?:this|the)\s+(?:story|article|report|item)\s+(?:has\s+been|was|is\s+being)\s+corrected\b|\ban\s+earlier\s+version\s+of\s+this\s+(?:story|article|report)\b|\beditors?\s*[:.-].{0,120}\bcorrect(?:s|ed|ion)\b)`)},
}

// maxNoticeText caps the notice text kept in a Change.
const maxNoticeText = 300

// Notices returns the correction, kill and withdrawal notices a story
// carries, each with the line it was found in. Each line yields at most
// one notice, of the gravest kind it matches.
func Notices(a *article.Article) []article.Change {
	var out []article.Change
	seen := map[string]bool{}
	for _, line := range noticeLines(a) {
		if !mayBeNotice(line) {
			continue
		}
		for _, p := range noticePatterns {
			if !p.re.MatchString(line) {
				continue
			}
			text := truncate(line, maxNoticeText)
			if !seen[string(p.kind)+text] {
				seen[string(p.kind)+text] = true
				out = append(out, article.Change{Kind: p.kind, Text: text})
			}
			break
		}
	}
	return out
}

// noticeWords are what every notice pattern needs somewhere in the line;
// checking for them first keeps the regular expressions off the ordinary
// lines that make up nearly all of every story.
var noticeWords = []string{"kill", "withdr", "correct", "elimination", "refile"}

func mayBeNotice(line string) bool {
	lower := strings.ToLower(line)
	for _, w := range noticeWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// noticeLines are the places a notice can stand: headline, summary and
// every line of the body.
func noticeLines(a *article.Article) []string {
	lines := []string{a.Headline, a.Summary}
	for _, p := range Paragraphs(a.BodyText) {
		lines = append(lines, strings.Split(p, "\n")...)
	}
	return slices.DeleteFunc(lines, func(s string) bool { return strings.TrimSpace(s) == "" })
}

// Killed reports whether the story carries a kill or withdrawal notice:
// downstream sites must take it down rather than update it.
func Killed(a *article.Article) bool {
	for _, c := range Notices(a) {
		if c.Kind == article.ChangeKill || c.Kind == article.ChangeWithdrawal {
			return true
		}
	}
	return false
}

// Changes lists what next changed from prev, the story's previous stored
// version: headline, summary, body (paragraphs added, removed, edited) and
// any notice next carries that prev did not. With no previous version it
// lists only next's notices.
func Changes(prev, next *article.Article) []article.Change {
	var out []article.Change
	notices := Notices(next)
	if prev == nil {
		return notices
	}
	old := map[string]bool{}
	for _, c := range Notices(prev) {
		old[string(c.Kind)+c.Text] = true
	}
	for _, c := range notices {
		if !old[string(c.Kind)+c.Text] {
			out = append(out, c)
		}
	}
	if norm(prev.Headline) != norm(next.Headline) {
		out = append(out, article.Change{Kind: article.ChangeHeadline, Before: prev.Headline, After: next.Headline})
	}
	if norm(prev.Summary) != norm(next.Summary) {
		out = append(out, article.Change{Kind: article.ChangeSummary, Before: truncate(prev.Summary, maxNoticeText), After: truncate(next.Summary, maxNoticeText)})
	}
	if text := bodyChange(Paragraphs(prev.BodyText), Paragraphs(next.BodyText)); text != "" {
		out = append(out, article.Change{Kind: article.ChangeBody, Text: text})
	}
	return out
}

// bodyChange describes a paragraph-level diff, "" when the bodies are the
// same up to white space and case.
func bodyChange(before, after []string) string {
	a, b := make([]string, len(before)), make([]string, len(after))
	for i, p := range before {
		a[i] = norm(p)
	}
	for i, p := range after {
		b[i] = norm(p)
	}
	common := lcs(a, b)
	removed, added := len(a)-common, len(b)-common
	if removed == 0 && added == 0 {
		if slices.Equal(a, b) {
			return ""
		}
		return "paragraphs reordered"
	}
	edited := min(removed, added)
	removed -= edited
	added -= edited
	var parts []string
	for _, p := range []struct {
		n    int
		verb string
	}{{edited, "edited"}, {added, "added"}, {removed, "removed"}} {
		if p.n == 0 {
			continue
		}
		noun := "paragraphs"
		if p.n == 1 {
			noun = "paragraph"
		}
		parts = append(parts, fmt.Sprintf("%d %s %s", p.n, noun, p.verb))
	}
	return strings.Join(parts, ", ")
}

// lcs is the length of the longest common subsequence of two paragraph
// lists; stories have tens of paragraphs, so the quadratic table is small.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Paragraphs splits plain body text on blank lines.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
