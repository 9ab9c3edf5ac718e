package enrich

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// languageSample bounds the text the detector reads (its cost grows with
// the text, about 1.5 ms per 2,000 characters): a story's first few
// sentences say its language as well as the whole.
const languageSample = 600

// minLanguageText is the shortest text worth detecting; below it trigram
// statistics guess.
const minLanguageText = 40

// Language returns the ISO 639-1 code of text's language, or "" when the
// text is too short or the detector is not confident.
//
// Detection is github.com/abadojack/whatlanggo: trigram profiles of 84
// languages in pure Go, about 300 KB, no model files (docs/enrich.md says
// why it and not lingua-go).
func Language(text string) string {
	if len(text) < minLanguageText {
		return ""
	}
	if plainlyEnglish(text) {
		return "en"
	}
	if len(text) > languageSample {
		cut := languageSample
		for cut > 0 && !utf8Start(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// englishOnly are frequent English function words that no other
// language written in Latin script uses as words.
var englishOnly = set("the", "of", "and", "to", "that", "for", "was", "with", "said", "from", "has", "have", "his",
	"by", "at", "were", "which", "this", "would", "after", "their", "been", "they", "who", "will")

// plainlyEnglish is a fast path for the bulk of wire copy: when at least
// one word in eight of the first hundred is an English-only function word
// (running English prose has one in four, English dense with names one
// in seven; German, French or Spanish prose none, and none of the pair
// set's non-English bodies more than one in fifty), the trigram detector
// has nothing to add and is skipped.
func plainlyEnglish(text string) bool {
	n, hits := 0, 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if n == 100 {
			break
		}
		n++
		if isEnglishOnly(w) {
			hits++
		}
	}
	return n >= 20 && hits*8 >= n
}

// isEnglishOnly looks w up in englishOnly case folded, lower-casing an
// ASCII word on the stack: strings.ToLower would allocate for every
// capitalised word.
func isEnglishOnly(w string) bool {
	var buf [16]byte
	if len(w) > len(buf) || !isASCII(w) {
		return englishOnly[strings.ToLower(w)]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return englishOnly[string(buf[:len(w)])]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
