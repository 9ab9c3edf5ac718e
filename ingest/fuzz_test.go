package ingest

import (
	"errors"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseFeed feeds arbitrary bytes and content types to ParseFeed. It
// must not panic, every error must be one of the package's kinds, and every
// item must have an identity, valid UTF-8 text and only http(s) links.
func FuzzParseFeed(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "application/rss+xml")
	}
	f.Add([]byte(changingFeed("x")), "text/xml; charset=windows-1251")
	f.Add([]byte(pagesFeed()), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"javascript:x"}]}`), "application/json")
	f.Add([]byte("\xff\xfe<\x00r\x00s\x00s\x00>\x00"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="bogus"?><rss/>`), "")
	f.Add([]byte(`<rss version="2.0"><channel><item><guid></guid><link>//evil/</link></item></channel></rss>`), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		raws, meta, err := ParseFeed(testFeed("fuzz", "https://feeds.example.org/a/feed.xml"), body, contentType, testNow)
		if err != nil {
			if !errors.Is(err, ErrNotFeed) && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrCharset) {
				t.Fatalf("error of unknown kind: %v", err)
			}
			return
		}
		if len(raws)+meta.Duplicates+meta.Empty != meta.Items {
			t.Fatalf("%d items + %d duplicates + %d empty != %d served", len(raws), meta.Duplicates, meta.Empty, meta.Items)
		}
		ids := map[string]bool{}
		for _, r := range raws {
			if r.ItemID == "" || ids[r.ItemID] {
				t.Fatalf("item id %q empty or repeated", r.ItemID)
			}
			ids[r.ItemID] = true
			for _, s := range []string{r.Title, r.Summary, r.Content} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
			for _, link := range []string{r.Link, r.ImageURL} {
				if link == "" {
					continue
				}
				u, err := url.Parse(link)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					t.Fatalf("non-http(s) link kept: %q", link)
				}
			}
		}
	})
}

// FuzzCheckURL checks that whatever CheckURL accepts is an http(s) URL
// with a host, and that a host given as an IP literal passed CheckAddr.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://aninews.in/rss/feed/category/world.xml",
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:169.254.169.254]/",
		"http://[64:ff9b::a9fe:a9fe]/",
		"http://[fe80::1%25eth0]/",
		"http://0x7f.0.0.1/",
		"http://2130706433/",
		"http://127.1/",
		"http://0177.0.0.1/",
		"http://localhost:8080/",
		"javascript:alert(1)",
		"HTTP://EXAMPLE.ORG:65536/",
		"//evil.example/",
		"http://user:pw@10.0.0.1:80/",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, allowPrivate bool) {
		u, err := CheckURL(raw, allowPrivate)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("scheme %q accepted", u.Scheme)
		}
		if u.Hostname() == "" {
			t.Fatalf("no host in accepted %q", raw)
		}
		host := strings.TrimSuffix(u.Hostname(), ".")
		if addr, err := netip.ParseAddr(host); err == nil {
			if CheckAddr(addr, allowPrivate) != nil {
				t.Fatalf("blocked address %s accepted in %q", addr, raw)
			}
		}
	})
}

// FuzzCheckAddr checks the address policy's invariants: allowing private
// addresses never blocks more; an IPv4 address and its IPv4-mapped IPv6
// form get the same verdict; link-local is never allowed.
func FuzzCheckAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.0.0.1", "169.254.169.254", "100.64.0.1", "93.184.215.14", "::1", "fe80::1", "fc00::1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "::ffff:127.0.0.1"} {
		f.Add(netip.MustParseAddr(s).AsSlice())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		addr, ok := netip.AddrFromSlice(b)
		if !ok {
			return
		}
		strict, private := CheckAddr(addr, false), CheckAddr(addr, true)
		if strict == nil && private != nil {
			t.Fatalf("%s allowed strictly but refused with allow_private: %v", addr, private)
		}
		if addr.Is4() {
			mapped := netip.AddrFrom16(addr.As16())
			if (CheckAddr(mapped, false) == nil) != (strict == nil) {
				t.Fatalf("%s and %s judged differently", addr, mapped)
			}
		}
		if netip.MustParsePrefix("169.254.0.0/16").Contains(addr.Unmap()) && private == nil {
			t.Fatalf("link-local %s allowed", addr)
		}
	})
}
