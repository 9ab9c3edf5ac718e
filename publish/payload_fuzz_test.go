package publish_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/publish"
)

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Whatever arrives on the bus, decoding it is an error or a value, never a
// panic, and a payload gzipped on the way reads back as it was sent.
func FuzzDecodeJSON(f *testing.F) {
	doc, _ := json.Marshal(&article.Article{ID: "s1", Agency: "ANI", Headline: "Kremlin aide meets envoy"})
	f.Add(doc, false)
	f.Add(gzipped(f, doc), true)
	f.Add([]byte(`{"feed":"f","item_id":"x","html":"<p>`), false)
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00}, true)
	f.Fuzz(func(t *testing.T, data []byte, isGzip bool) {
		hdr := nats.Header{}
		if isGzip {
			hdr.Set(publish.HeaderEncoding, "gzip")
		}
		var a article.Article
		_ = publish.DecodeJSON(data, hdr, &a)
		var r article.Raw
		_ = publish.DecodeJSON(data, hdr, &r)

		zipped := nats.Header{}
		zipped.Set(publish.HeaderEncoding, "gzip")
		got, err := publish.Payload(gzipped(t, data), zipped)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("gzip round trip = %q, %v; want %q", got, err, data)
		}
	})
}
