package publish_test

import (
	"bytes"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/publish"
)

// The MinHash signature dedup sends along reaches the store only beside
// the article it was made for.
func TestSignatureHeader(t *testing.T) {
	a := &article.Article{ID: "s1"}
	a.Fingerprint.Content = article.ContentFingerprint("Kremlin aide meets envoy", "Moscow, April 25: talks.")
	other := &article.Article{ID: "s1"}
	other.Fingerprint.Content = article.ContentFingerprint("Kremlin aide meets envoy", "Moscow, April 25: talks, corrected.")
	sig := bytes.Repeat([]byte{1, 2, 3, 4}, 129)
	for _, tc := range []struct {
		name string
		hdr  nats.Header
		for_ *article.Article
		want []byte
	}{
		{"for the same content", publish.SignatureHeader(a, sig), a, sig},
		{"for other content", publish.SignatureHeader(a, sig), other, nil},
		{"no header", nats.Header{}, a, nil},
		{"no signature", publish.SignatureHeader(a, nil), a, nil},
		{"not base64", nats.Header{publish.HeaderMinHash: {a.Fingerprint.Content[:24] + ":!!"}}, a, nil},
		{"no separator", nats.Header{publish.HeaderMinHash: {"abc"}}, a, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := publish.SignatureOf(tc.hdr, tc.for_); !bytes.Equal(got, tc.want) {
				t.Errorf("SignatureOf = %x, want %x", got, tc.want)
			}
		})
	}
}

// Whatever header a message carries, reading a signature from it is nil
// or bytes, never a panic.
func FuzzSignatureOf(f *testing.F) {
	a := &article.Article{ID: "s1"}
	a.Fingerprint.Content = article.ContentFingerprint("h", "b")
	f.Add(publish.SignatureHeader(a, []byte{1, 2, 3}).Get(publish.HeaderMinHash))
	f.Add(":")
	f.Add(a.Fingerprint.Content[:24] + ":====")
	f.Fuzz(func(t *testing.T, v string) {
		_ = publish.SignatureOf(nats.Header{publish.HeaderMinHash: {v}}, a)
	})
}
