package normalize

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// titleSeparators split a page title from the site name after it, as in
// "Putin meets Witkoff - ANI News" or "Markets slide | Reuters".
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " // ", " ~ "}

// mediaWords end many outlet names; a short title tail ending in one of
// them is a site name, not part of the headline.
var mediaWords = wordSet("news", "times", "post", "today", "online", "daily", "herald", "tribune", "journal",
	"magazine", "mail", "express", "telegraph", "guardian", "gazette", "chronicle", "observer", "standard",
	"press", "tv", "radio", "network", "media", "reuters", "ap", "afp", "bbc", "cnn", "com", "net", "org", "in",
	"blog", "review", "report", "wire", "agency", "zeitung", "spiegel", "nachrichten", "presse", "digital", "world",
	"live", "insider", "weekly", "monitor", "star", "sun", "independent", "examiner", "bulletin", "inquirer", "dispatch")

// stripSiteName removes a site-name tail (or head) from a page title.
// siteName is og:site_name when known, host the page's host.
func stripSiteName(title, siteName, host string) string {
	title = foldSpace(title)
	site := letters(siteName)
	hostLabel := letters(hostMainLabel(host))
	for range 2 {
		stripped := false
		// Try each separator from the right: "Kleine Schafskunde | Mäscot
		// das Schaf – Webcomic" has its site name after the pipe, not
		// after the dash.
		for _, at := range separatorsFromRight(title) {
			head, tail := strings.TrimSpace(title[:at.i]), strings.TrimSpace(title[at.i+len(at.sep):])
			if isSiteTail(head, tail, at.sep, site, hostLabel) {
				title, stripped = head, true
				break
			}
		}
		if stripped {
			continue
		}
		// The site name may lead instead: "Reuters | Markets slide".
		if seps := separatorsFromRight(title); len(seps) > 0 {
			first := seps[len(seps)-1]
			if l := letters(title[:first.i]); l != "" && (l == site || l == hostLabel) {
				title = strings.TrimSpace(title[first.i+len(first.sep):])
				continue
			}
		}
		break
	}
	return title
}

type separatorAt struct {
	i   int
	sep string
}

// separatorsFromRight lists where title separators occur, rightmost first.
func separatorsFromRight(title string) []separatorAt {
	var out []separatorAt
	for _, sep := range titleSeparators {
		for from := 0; ; {
			i := strings.Index(title[from:], sep)
			if i < 0 {
				break
			}
			if from+i > 0 {
				out = append(out, separatorAt{from + i, sep})
			}
			from += i + len(sep)
		}
	}
	slices.SortFunc(out, func(a, b separatorAt) int { return b.i - a.i })
	return out
}

func isSiteTail(head, tail, sep, site, hostLabel string) bool {
	if head == "" || tail == "" {
		return false
	}
	t := letters(tail)
	switch {
	case t == "":
		return false
	case site != "" && (t == site || strings.Contains(site, t) && len(t) > 3 || strings.Contains(t, site)):
		return true
	case hostLabel != "" && len(hostLabel) > 2 && (t == hostLabel || strings.Contains(t, hostLabel)):
		return true
	}
	words := strings.Fields(tail)
	headWords := len(strings.Fields(head))
	if headWords < 3 || len(words) > 5 {
		return false
	}
	if sep == " | " || sep == " :: " || sep == " // " || sep == " · " || sep == " • " || sep == " » " {
		return true
	}
	last := strings.ToLower(strings.Trim(words[len(words)-1], ".!"))
	if i := strings.LastIndexByte(last, '.'); i >= 0 {
		last = last[i+1:]
	}
	return mediaWords[last] && len(words) <= 4
}

// letters keeps the lower-cased letters and digits of s, so "ANI News",
// "aninews" and "ANI-News" compare equal.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// hostMainLabel is the registrable name of a host: "aninews" for
// "www.aninews.in", "bbc" for "www.bbc.co.uk".
func hostMainLabel(host string) string {
	labels := strings.Split(strings.ToLower(host), ".")
	if n := len(labels); n >= 3 && len(labels[n-1]) == 2 {
		switch labels[n-2] {
		case "co", "com", "org", "net", "ac", "gov":
			labels = labels[:n-1]
		}
	}
	if len(labels) >= 2 {
		return labels[len(labels)-2]
	}
	return labels[0]
}

func hostOf(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// chooseHeadline picks the story's title: the page's h1 when it agrees with
// the metadata title, else og:title, JSON-LD headline, twitter:title, the
// h1 or <title>, with the site name removed.
func chooseHeadline(pm *pageMeta, h1s []string, host string) string {
	siteName := pm.get("og:site_name", "application-name", "twitter:site")
	siteName = strings.TrimPrefix(siteName, "@")
	var metaTitle string
	for _, m := range []string{pm.get("og:title"), pm.ld.headline, pm.get("twitter:title"), pm.title} {
		if m = foldSpace(m); m != "" {
			metaTitle = m
			break
		}
	}
	if metaTitle == "" {
		for _, h := range h1s {
			if h = foldSpace(h); h != "" {
				return stripSiteName(h, siteName, host)
			}
		}
		return ""
	}
	stripped := stripSiteName(metaTitle, siteName, host)
	sl, ml := letters(stripped), letters(metaTitle)
	site, hostLabel := letters(siteName), letters(hostMainLabel(host))
	for _, h := range h1s {
		h = foldSpace(h)
		hl := letters(h)
		if hl == "" || len(h) > 400 || hl == site || hl == hostLabel {
			continue
		}
		// The h1 is the headline as readers see it when the metadata says
		// the same, perhaps with the site's name after it or a kicker
		// before it.
		if hl == sl || strings.HasPrefix(ml, hl) || strings.Contains(sl, hl) && 2*len(hl) >= len(sl) {
			return h
		}
	}
	// One h1 that reads like a headline is what readers see, even when the
	// metadata was written for search or sharing.
	if cands := headlineH1s(h1s, site, hostLabel); len(cands) == 1 {
		return cands[0]
	}
	return stripped
}

// headlineH1s are the h1s that can be the story's headline: not the site's
// name, three to thirty words.
func headlineH1s(h1s []string, site, hostLabel string) []string {
	var out []string
	for _, h := range h1s {
		h = foldSpace(h)
		hl := letters(h)
		if hl == "" || hl == site || hl == hostLabel {
			continue
		}
		if n := len(strings.Fields(h)); n >= 3 && n <= 30 {
			out = append(out, h)
		}
	}
	return out
}

var bylinePrefixRe = regexp.MustCompile(`(?i)^(?:(?:written |reported |posted |compiled |edited )?(?:by|von|por|par|door|di|av|przez)\s*:?\s+|(?:interview|text|texte|author|autor|autorin|auteur|reporter|reporting|story|words|redaktion)\s*:\s*)`)

var bylineStopRe = regexp.MustCompile(`(?i)\s*(?:\||•|·|updated|published|posted|last modified|\d{1,2}:\d{2}|\b` + monthPattern + `\.?\s+\d{1,2}\b|\d{4}-\d{2}-\d{2}).*$`)

// parseByline splits a byline ("By Jane Doe and John Roe, Reuters") into
// the names it credits.
func parseByline(s string) []string {
	s = foldSpace(s)
	if len(s) > 200 {
		return nil
	}
	s = bylinePrefixRe.ReplaceAllString(s, "")
	s = bylineStopRe.ReplaceAllString(s, "")
	var names []string
	for _, part := range splitNames(s) {
		part = strings.Trim(part, " ,;:.-–—")
		part = bylinePrefixRe.ReplaceAllString(part, "")
		if part == "" || strings.HasPrefix(part, "http") || strings.ContainsAny(part, "0123456789@/") {
			continue
		}
		if w := len(strings.Fields(part)); w > 5 {
			continue
		}
		if r := []rune(part); !unicode.IsUpper(r[0]) {
			continue
		}
		names = append(names, part)
	}
	return names
}

func splitNames(s string) []string {
	s = strings.NewReplacer(" and ", ",", " und ", ",", " y ", ",", " et ", ",", " & ", ",", ";", ",").Replace(s)
	return strings.Split(s, ",")
}
