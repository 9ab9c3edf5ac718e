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
	var v bitVote
	if len(words) < shingleSize {
		if len(words) > 0 {
			v.add(shingleHash(words))
		}
	} else {
		for i := 0; i+shingleSize <= len(words); i++ {
			v.add(shingleHash(words[i : i+shingleSize]))
		}
	}
	return v.majority()
}

// bitVote counts, for each of 64 bit positions, how many of the hashes
// added have it set; a bit of the SimHash is set when more than half do.
// The counting is eight bits at a time: each byte of a hash indexes
// spreadBits, which puts its bits in the eight byte-wide lanes of one
// word, so a hash costs eight additions rather than 64 branches. The lanes
// are emptied into the totals before they can overflow.
type bitVote struct {
	lanes   [8]uint64
	ones    [64]int
	n       int
	inLanes int
}

var spreadBits = func() (t [256]uint64) {
	for x := range t {
		for j := range 8 {
			if x&(1<<j) != 0 {
				t[x] |= 1 << (8 * j)
			}
		}
	}
	return t
}()

func (v *bitVote) add(h uint64) {
	for b := range 8 {
		v.lanes[b] += spreadBits[byte(h>>(8*b))]
	}
	v.n++
	if v.inLanes++; v.inLanes == 255 {
		v.flush()
	}
}

func (v *bitVote) flush() {
	for b, l := range v.lanes {
		for j := range 8 {
			v.ones[8*b+j] += int(l >> (8 * j) & 0xff)
		}
	}
	v.lanes, v.inLanes = [8]uint64{}, 0
}

func (v *bitVote) majority() uint64 {
	v.flush()
	var out uint64
	for i, c := range v.ones {
		if 2*c > v.n {
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
