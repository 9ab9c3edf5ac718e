// Package dedup recognises the same story when it comes again: exact
// copies by content hash, versions of one item by its id, and near-copies
// across feeds and agencies by SimHash.
package dedup

import (
	"encoding/hex"
	"math/bits"
	"strconv"
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/article"
)

// shingleSize is the number of words per shingle: long enough that common
// phrases don't make unrelated stories look alike, short enough that an
// edited sentence only changes a few shingles.
const shingleSize = 3

// Fingerprint fills a.Fingerprint: the exact content hash of the headline
// and body, and a 64-bit SimHash of the body's word shingles.
func Fingerprint(a *article.Article) {
	a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
	text := a.BodyText
	if strings.TrimSpace(text) == "" {
		text = a.Headline + " " + a.Summary
	}
	a.Fingerprint.SimHash = FormatSimHash(SimHash(text))
}

// Words splits text into lower-case word tokens (letters and digits).
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// SimHash is Charikar's 64-bit SimHash over word shingles: texts that share
// most shingles get hashes a few bits apart.
func SimHash(text string) uint64 {
	words := Words(text)
	var counts [64]int
	add := func(shingle []string) {
		v := shingleHash(shingle)
		for i := range 64 {
			if v&(1<<i) != 0 {
				counts[i]++
			} else {
				counts[i]--
			}
		}
	}
	if len(words) < shingleSize {
		if len(words) > 0 {
			add(words)
		}
	} else {
		for i := 0; i+shingleSize <= len(words); i++ {
			add(words[i : i+shingleSize])
		}
	}
	var out uint64
	for i, c := range counts {
		if c > 0 {
			out |= 1 << i
		}
	}
	return out
}

// FNV-1a parameters (hash/fnv's 64-bit variant).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// shingleHash is the 64-bit FNV-1a hash of the shingle's words joined by
// single spaces, computed in place: hash/fnv through its io.Writer
// interface costs an allocation per word.
func shingleHash(shingle []string) uint64 {
	h := uint64(fnvOffset64)
	for i, w := range shingle {
		if i > 0 {
			h ^= ' '
			h *= fnvPrime64
		}
		for j := 0; j < len(w); j++ {
			h ^= uint64(w[j])
			h *= fnvPrime64
		}
	}
	return h
}

// FormatSimHash renders a SimHash as 16 hex digits.
func FormatSimHash(v uint64) string {
	var b [8]byte
	for i := range 8 {
		b[i] = byte(v >> (56 - 8*i))
	}
	return hex.EncodeToString(b[:])
}

// ParseSimHash reads a SimHash written by FormatSimHash.
func ParseSimHash(s string) (uint64, error) {
	return strconv.ParseUint(s, 16, 64)
}

// Distance is the number of differing bits between two SimHashes.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
