package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
)

// Near-duplicate detection is MinHash with LSH bands: every story gets a
// signature of SignatureSize minimum hashes over its body's word shingles,
// whose agreement estimates the Jaccard similarity of two stories' shingle
// sets; the first Bands×Rows values, hashed in groups of Rows, are the
// band keys a store indexes, so that finding a story's candidates is
// Bands index probes whatever the size of the index. SimHash (in
// fingerprint.go) stays in the article's fingerprint for downstream use,
// but a 64-bit SimHash moves by 10–15 bits when a third of a story is
// trimmed, which no banded index can find in constant time; MinHash
// degrades gracefully with the share of text two copies have in common.

// SignatureSize is the number of minimum hashes in a Signature.
const SignatureSize = 64

// Signature is a story's MinHash sketch plus the size of its shingle set,
// which turns the Jaccard estimate into a containment estimate (how much
// of the shorter story is in the longer one: a trimmed copy is contained).
type Signature struct {
	Mins     [SignatureSize]uint32
	Shingles int
}

// seeds are the MinHash functions' keys: fixed, so signatures computed by
// different processes and versions compare.
var seeds = func() [SignatureSize]uint64 {
	var s [SignatureSize]uint64
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = splitmix64(x)
		s[i] = x
	}
	return s
}()

// splitmix64 is a fast, well-mixing 64-bit permutation.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Shingles returns the distinct hashes of text's word shingles
// (shingleSize words, lower case, letters and digits only). A text shorter
// than one shingle yields one shingle of all its words.
func Shingles(text string) []uint64 {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	n := len(words) - shingleSize + 1
	if n < 1 {
		n = 1
	}
	out := make([]uint64, 0, n)
	for i := range n {
		out = append(out, shingleHash(words[i:min(i+shingleSize, len(words))]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MinHash computes the signature of a text's shingles.
func MinHash(text string) Signature {
	return minHashOf(Shingles(text))
}

func minHashOf(shingles []uint64) Signature {
	var sig Signature
	sig.Shingles = len(shingles)
	for i := range sig.Mins {
		sig.Mins[i] = ^uint32(0)
	}
	for _, s := range shingles {
		for i, seed := range seeds {
			if v := uint32(splitmix64(s^seed) >> 32); v < sig.Mins[i] {
				sig.Mins[i] = v
			}
		}
	}
	return sig
}

// Empty reports whether the signature was made from no text at all.
func (s Signature) Empty() bool { return s.Shingles == 0 }

// Jaccard estimates the Jaccard similarity of the two shingle sets: the
// share of minimum hashes the signatures agree on.
func (s Signature) Jaccard(o Signature) float64 {
	if s.Empty() || o.Empty() {
		return 0
	}
	same := 0
	for i := range s.Mins {
		if s.Mins[i] == o.Mins[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// Containment estimates the share of the smaller shingle set found in the
// larger one, from the Jaccard estimate and the two set sizes:
// |A∩B| = J(|A|+|B|)/(1+J).
func (s Signature) Containment(o Signature) float64 {
	j := s.Jaccard(o)
	if j == 0 {
		return 0
	}
	inter := j * float64(s.Shingles+o.Shingles) / (1 + j)
	return min(1, inter/float64(min(s.Shingles, o.Shingles)))
}

// signatureBytes is the encoded length: the count, then the minimums.
const signatureBytes = 4 + 4*SignatureSize

// MarshalBinary encodes the signature for the store, which keeps it opaque.
func (s Signature) MarshalBinary() ([]byte, error) {
	b := make([]byte, signatureBytes)
	binary.BigEndian.PutUint32(b, uint32(s.Shingles))
	for i, m := range s.Mins {
		binary.BigEndian.PutUint32(b[4+4*i:], m)
	}
	return b, nil
}

// errSignature is returned for a stored signature of the wrong shape.
var errSignature = errors.New("dedup: malformed signature")

// UnmarshalBinary decodes a signature written by MarshalBinary.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) != signatureBytes {
		return fmt.Errorf("%w: %d bytes, want %d", errSignature, len(b), signatureBytes)
	}
	s.Shingles = int(binary.BigEndian.Uint32(b))
	for i := range s.Mins {
		s.Mins[i] = binary.BigEndian.Uint32(b[4+4*i:])
	}
	return nil
}

// Bands returns the signature's LSH band keys under the given options: the
// first Bands×Rows minimums, hashed Rows at a time with the band's number,
// so equal keys mean an equal band and different bands never collide on
// purpose. An empty signature has no bands: it is near nothing.
func (s Signature) Bands(o Options) []int64 {
	o = o.withDefaults()
	if s.Empty() {
		return nil
	}
	keys := make([]int64, o.Bands)
	var buf [4]byte
	for b := range o.Bands {
		h := fnv.New64a()
		binary.BigEndian.PutUint32(buf[:], uint32(b))
		h.Write(buf[:])
		for _, m := range s.Mins[b*o.Rows : (b+1)*o.Rows] {
			binary.BigEndian.PutUint32(buf[:], m)
			h.Write(buf[:])
		}
		keys[b] = int64(h.Sum64())
	}
	return keys
}

// SharesBand reports whether two signatures have an equal band: whether
// the index would return one as a candidate for the other.
func (s Signature) SharesBand(o Signature, opts Options) bool {
	a, b := s.Bands(opts), o.Bands(opts)
	for i := range a {
		if i < len(b) && a[i] == b[i] {
			return true
		}
	}
	return false
}
