package publish_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/nats-io/nats.go"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/corpus"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/publish"
)

func sampleRaw(page []byte) *article.Raw {
	pub := time.Date(2025, 4, 25, 19, 30, 0, 0, time.UTC)
	return &article.Raw{
		Feed: "ani-world", Agency: "ANI", ItemID: "kremlin-1", GUID: "kremlin-1",
		Link: "https://www.aninews.in/news/world/kremlin", Title: "Kremlin aide meets envoy",
		Summary: "Moscow [Russia], April 25 (ANI): talks\nwith a line break and \"quotes\"",
		Authors: []string{"ANI"}, Categories: []string{"World", "Europe"},
		PublishedAt: &pub, FetchedAt: pub.Add(time.Minute),
		Page: page, PageURL: "https://www.aninews.in/news/world/kremlin",
	}
}

// A raw item comes out of its envelope as it went in, page bytes and all,
// whether or not the envelope was compressed.
func TestRawEnvelopeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name     string
		raw      *article.Raw
		encoding string
	}{
		{"no page", &article.Raw{Feed: "f", Agency: "PTI", ItemID: "x", Title: "t", PageError: "page is application/pdf, not HTML"}, ""},
		{"small page", sampleRaw([]byte("<html><body><p>Moscow [Russia], April 25 (ANI): talks.</p></body></html>")), ""},
		{"large page, compressed", sampleRaw([]byte(strings.Repeat("<p>Moscow [Russia], April 25 (ANI): talks.</p>\n", 2000))), publish.EncodingS2},
		{"page that is not UTF-8 and has NULs", sampleRaw([]byte{0, 0xff, 0xfe, '<', 'p', '>', 0}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, hdr, err := publish.EncodeRaw(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := hdr.Get(publish.HeaderEncoding); got != tc.encoding {
				t.Errorf("encoding = %q, want %q", got, tc.encoding)
			}
			if hdr.Get(publish.HeaderFormat) != publish.FormatRaw1 {
				t.Errorf("format header = %q", hdr.Get(publish.HeaderFormat))
			}
			got, err := publish.DecodeRaw(data, hdr)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.raw) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tc.raw)
			}
		})
	}
}

// Messages wiredesk wrote before the envelope (JSON with the page in
// base64, gzipped when large) still decode: a stream holding both kinds
// during a rolling upgrade drains.
func TestRawDecodesTheOlderJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		page []byte
		gzip bool
	}{
		{"small", []byte("<p>talks</p>"), false},
		{"large, gzipped", []byte(strings.Repeat("<p>Moscow [Russia], April 25 (ANI): talks.</p>\n", 2000)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := sampleRaw(tc.page)
			data, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			hdr := nats.Header{}
			if tc.gzip {
				data = gzipped(t, data)
				hdr.Set(publish.HeaderEncoding, "gzip")
			}
			got, err := publish.DecodeRaw(data, hdr)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("older JSON:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// On a real stream: an item published the old way (PublishJSON, as the
// previous release's poller did) and one published as an envelope are
// both handed to a raw handler whole.
func TestRawRollingUpgradeOnTheStream(t *testing.T) {
	bus := newBus(t, testenv.SharedNATSURL(t))
	ctx := context.Background()
	page := []byte(strings.Repeat("<p>Moscow [Russia], April 25 (ANI): talks.</p>\n", 2000))
	old, cur := sampleRaw(page), sampleRaw(page)
	old.ItemID, cur.ItemID = "old", "new"
	if _, err := bus.PublishJSON(ctx, bus.Names.RawSubject(old.Agency), publish.RawMsgID(old), old, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bus.PublishRaw(ctx, cur); err != nil {
		t.Fatal(err)
	}
	got := make(chan *article.Raw, 2)
	runStage(t, bus, publish.Stage{
		Name: "normalize", Stream: bus.Names.RawStream(),
		Handle: publish.Raw(func(ctx context.Context, r *article.Raw) error {
			got <- r
			return nil
		}),
	})
	seen := map[string]bool{}
	for range 2 {
		select {
		case r := <-got:
			if !bytes.Equal(r.Page, page) || r.Title != old.Title {
				t.Errorf("item %s came out with a %d-byte page and title %q", r.ItemID, len(r.Page), r.Title)
			}
			seen[r.ItemID] = true
		case <-time.After(20 * time.Second):
			t.Fatalf("only %v arrived", seen)
		}
	}
}

// Whatever arrives on wire.raw, decoding it is an error or an item, never
// a panic; an envelope re-encoded from what decoded reads back the same.
func FuzzDecodeRaw(f *testing.F) {
	small, hdr, _ := publish.EncodeRaw(sampleRaw([]byte("<p>talks</p>")))
	big, bigHdr, _ := publish.EncodeRaw(sampleRaw([]byte(strings.Repeat("<p>talks, talks</p>", 20000))))
	f.Add(small, hdr.Get(publish.HeaderEncoding))
	f.Add(big, bigHdr.Get(publish.HeaderEncoding))
	f.Add([]byte{0x80}, "")
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f, '{'}, "")
	f.Add([]byte{2, '{', '}'}, "")
	f.Add([]byte{0xff, 0xff, 0xff, 0x7f, 0}, publish.EncodingS2)
	f.Fuzz(func(t *testing.T, data []byte, encoding string) {
		hdr := nats.Header{}
		hdr.Set(publish.HeaderFormat, publish.FormatRaw1)
		if encoding != "" {
			hdr.Set(publish.HeaderEncoding, encoding)
		}
		r, err := publish.DecodeRaw(data, hdr)
		if err != nil {
			return
		}
		again, hdr2, err := publish.EncodeRaw(r)
		if err != nil {
			t.Fatalf("decoded item does not encode: %v", err)
		}
		r2, err := publish.DecodeRaw(again, hdr2)
		if err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("re-encoded item = %+v, %v; want %+v", r2, err, r)
		}
	})
}

// BenchmarkRawCodec puts the aeb corpus pages through each way of
// carrying a raw item: encode on the poller's side and decode on
// normalize's, reporting bytes on the wire per page. "json-gzip" is what
// wiredesk did before the envelope; "envelope-as-shipped" is EncodeRaw,
// which compresses envelopes over 32 KiB.
func BenchmarkRawCodec(b *testing.B) {
	dir := filepath.Join(corpus.SharedDir(b), "corpus", "aeb", "html")
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var raws []*article.Raw
	for _, e := range entries {
		page, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, sampleRaw(page))
	}
	zenc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	type codec struct {
		name   string
		encode func(*article.Raw) ([]byte, nats.Header)
		decode func([]byte, nats.Header) *article.Raw
	}
	envelope := func(r *article.Raw) ([]byte, nats.Header) {
		env, _ := publish.AppendRaw(nil, r)
		return env, nats.Header{publish.HeaderFormat: {publish.FormatRaw1}}
	}
	decodeRaw := func(data []byte, hdr nats.Header) *article.Raw { r, _ := publish.DecodeRaw(data, hdr); return r }
	codecs := []codec{
		{"json-gzip", func(r *article.Raw) ([]byte, nats.Header) {
			data, _ := json.Marshal(r)
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(data)
			zw.Close()
			return buf.Bytes(), nats.Header{publish.HeaderEncoding: {"gzip"}}
		}, decodeRaw},
		{"envelope-none", envelope, decodeRaw},
		{"envelope-s2", func(r *article.Raw) ([]byte, nats.Header) {
			env, hdr := envelope(r)
			hdr.Set(publish.HeaderEncoding, publish.EncodingS2)
			return s2.Encode(nil, env), hdr
		}, decodeRaw},
		{"envelope-as-shipped", func(r *article.Raw) ([]byte, nats.Header) { data, hdr, _ := publish.EncodeRaw(r); return data, hdr }, decodeRaw},
		{"envelope-zstd-fastest", func(r *article.Raw) ([]byte, nats.Header) {
			env, hdr := envelope(r)
			return zenc.EncodeAll(env, nil), hdr
		}, func(data []byte, hdr nats.Header) *article.Raw {
			env, _ := zdec.DecodeAll(data, nil)
			return decodeRaw(env, hdr)
		}},
	}
	for _, c := range codecs {
		b.Run(c.name, func(b *testing.B) {
			var wire, pages int
			for i := 0; b.Loop(); i++ {
				r := raws[i%len(raws)]
				data, hdr := c.encode(r)
				if got := c.decode(data, hdr); len(got.Page) != len(r.Page) {
					b.Fatalf("%s: page of %d bytes came back with %d", c.name, len(r.Page), len(got.Page))
				}
				wire += len(data)
				pages += len(r.Page)
			}
			b.ReportMetric(float64(wire)/float64(b.N), "wire-B/page")
			b.ReportMetric(float64(pages)/float64(wire), "ratio")
		})
	}
}
