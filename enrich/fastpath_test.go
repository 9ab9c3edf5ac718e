package enrich

import (
	"strings"
	"testing"
	"unicode"
)

// trickyTexts mix what the ASCII fast paths must hand back to the Unicode
// rules: letters whose lower case is ASCII (İ, the Kelvin sign), curly
// apostrophes, CJK, combining marks, invalid UTF-8.
var trickyTexts = []string{
	"",
	"The U.S. President said.",
	"WİTH THE Kelvin \u212Aing, THEIR İstanbul",
	"don’t rock’n’roll’ well-known- 'quoted' ’",
	"東京で記者会見 ひらがな カタカナ 한국어 text",
	"Cafe\u0301 naïve São Paulo Zürich ÅLAND",
	"bad \xff\xfe bytes\xc3 in\x80 words",
	"Reserve Bank of India Governor Sanjay Malhotra, a key aide.",
	"NEW DELHI, Jun 7 (PTI) — New Delhi's U.A.E. envoy; Washington: 3-0",
}

func TestTokenLowerIsToLower(t *testing.T) {
	for _, text := range trickyTexts {
		for _, tok := range tokenize(text) {
			if want := strings.ToLower(tok.text); tok.lower != want {
				t.Errorf("%q: lower %q, want %q", tok.text, tok.lower, want)
			}
		}
	}
}

func TestToLowerIsStringsToLower(t *testing.T) {
	for _, text := range append(trickyTexts, "\uFFFD valid replacement char", "ΣΊΣΥΦΟΣ ǅ ǈ ß ẞ") {
		if got, want := toLower(text), strings.ToLower(text); got != want {
			t.Errorf("toLower(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestTrimWordEndIsTrimRight(t *testing.T) {
	for _, w := range []string{"", "a", "don't", "rock’", "well-", "x'’-'", "’", "-'", "é’", "ab’’"} {
		if got, want := trimWordEnd(w), strings.TrimRight(w, "'’-"); got != want {
			t.Errorf("trimWordEnd(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestPlaceKeyIsFoldPlace(t *testing.T) {
	for _, text := range append(trickyTexts, "New Delhi", "U.S.", "Ho Chi Minh City", "İSTANBUL") {
		toks := tokenize(text)
		for i := range toks {
			for j := i + 1; j <= min(i+4, len(toks)); j++ {
				words := make([]string, 0, j-i)
				for _, tok := range toks[i:j] {
					words = append(words, tok.text)
				}
				want := foldPlace(strings.Join(words, " "))
				if got := string(placeKey(nil, toks[i:j])); got != want {
					t.Errorf("placeKey(%q) = %q, want %q", words, got, want)
				}
			}
		}
	}
}

func TestNextStemWordIsFieldsFunc(t *testing.T) {
	for _, text := range trickyTexts {
		text = strings.ToLower(text)
		want := strings.FieldsFunc(text, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		})
		var got []string
		for start, end := nextStemWord(text, 0); start >= 0; start, end = nextStemWord(text, end) {
			got = append(got, text[start:end])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("nextStemWord over %q: %q, want %q", text, got, want)
		}
	}
}

func TestIsEnglishOnlyFoldsCase(t *testing.T) {
	for _, text := range trickyTexts {
		for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if got, want := isEnglishOnly(w), englishOnly[strings.ToLower(w)]; got != want {
				t.Errorf("isEnglishOnly(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

// wordCountByRules is WordCount written as its doc comment states it,
// without the ASCII fast path.
func wordCountByRules(text string) int {
	n, in := 0, false
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			n++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !in {
				n++
			}
			in = true
		case r == '\'' || r == '’' || r == '-':
		default:
			in = false
		}
	}
	return n
}

func TestWordCountFastPathKeepsTheRules(t *testing.T) {
	for _, text := range append(trickyTexts, kremlinBody) {
		if got, want := WordCount(text), wordCountByRules(text); got != want {
			t.Errorf("WordCount(%.30q) = %d, want %d", text, got, want)
		}
	}
}

// FuzzFastPaths checks every fast path against the library call or rule
// it stands in for, and Enrich's one text for the detector and the name
// rules, on any text:
//
//	go test -run '^$' -fuzz FuzzFastPaths -fuzztime 30s ./enrich/
func FuzzFastPaths(f *testing.F) {
	for _, text := range trickyTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := toLower(text), strings.ToLower(text); got != want {
			t.Errorf("toLower(%q) = %q, want %q", text, got, want)
		}
		if got, want := trimWordEnd(text), strings.TrimRight(text, "'’-"); got != want {
			t.Errorf("trimWordEnd(%q) = %q, want %q", text, got, want)
		}
		if got, want := WordCount(text), wordCountByRules(text); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", text, got, want)
		}
		toks := tokenize(text)
		for i, tok := range toks {
			if want := strings.ToLower(tok.text); tok.lower != want {
				t.Errorf("%q: lower %q, want %q", tok.text, tok.lower, want)
			}
			if want := englishOnly[strings.ToLower(tok.text)]; isEnglishOnly(tok.text) != want {
				t.Errorf("isEnglishOnly(%q) != %v", tok.text, want)
			}
			if i+2 <= len(toks) {
				words := []string{tok.text, toks[i+1].text}
				if got, want := string(placeKey(nil, toks[i:i+2])), foldPlace(strings.Join(words, " ")); got != want {
					t.Errorf("placeKey(%q) = %q, want %q", words, got, want)
				}
			}
		}
		if space, lineBreak := Language(text+". "+text), Language(text+".\n"+text); space != lineBreak {
			t.Errorf("Language of %q: %q joined by a space, %q by a line break", text, space, lineBreak)
		}
		lower := strings.ToLower(text)
		want := strings.FieldsFunc(lower, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		})
		n := 0
		for start, end := nextStemWord(lower, 0); start >= 0; start, end = nextStemWord(lower, end) {
			if n >= len(want) || lower[start:end] != want[n] {
				t.Fatalf("nextStemWord over %q: word %d is %q, want %q", lower, n, lower[start:end], want)
			}
			n++
		}
		if n != len(want) {
			t.Errorf("nextStemWord over %q: %d words, want %d", lower, n, len(want))
		}
	})
}
