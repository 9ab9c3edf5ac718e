package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

var testNow = time.Date(2025, 4, 26, 12, 0, 0, 0, time.UTC)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testFeed(id, url string) config.Feed {
	return config.Feed{ID: id, Agency: "ANI", URL: url, Interval: time.Minute, FetchPage: config.FetchPageAuto}
}

func parseTestdata(t *testing.T, name, contentType, feedURL string) ([]*article.Raw, Meta) {
	t.Helper()
	raws, meta, err := ParseFeed(testFeed("f", feedURL), readTestdata(t, name), contentType, testNow)
	if err != nil {
		t.Fatalf("ParseFeed(%s): %v", name, err)
	}
	return raws, meta
}

func TestParseANIFeed(t *testing.T) {
	raws, meta := parseTestdata(t, "ani-world.xml", "application/rss+xml", "https://aninews.in/rss/feed/category/world.xml")
	if meta.Title != "ANI News - World" || meta.TTL != 15*time.Minute || meta.Type != "rss" || meta.Charset != "utf-8" {
		t.Errorf("meta = %+v", meta)
	}
	if len(raws) != 3 {
		t.Fatalf("got %d items, want 3", len(raws))
	}
	first := raws[0]
	want := article.Raw{
		Feed:     "f",
		Agency:   "ANI",
		ItemID:   "ani-20250426005417",
		GUID:     "ani-20250426005417",
		Link:     "https://aninews.in/news/world/europe/russian-president-vladimir-putin-meets-us-special-envoy-steve-witkoff20250426005417/",
		Title:    "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff",
		ImageURL: "https://d3lzcn6mbbadaf.cloudfront.net/media/details/putin-witkoff.jpg",
	}
	if first.Feed != want.Feed || first.Agency != want.Agency || first.ItemID != want.ItemID || first.GUID != want.GUID ||
		first.Link != want.Link || first.Title != want.Title || first.ImageURL != want.ImageURL {
		t.Errorf("first item:\n got %+v\nwant %+v", *first, want)
	}
	if !strings.HasPrefix(first.Summary, "Russian President Vladimir Putin met") || first.Content != "" {
		t.Errorf("summary %q content %q", first.Summary, first.Content)
	}
	wantPub := time.Date(2025, 4, 25, 19, 24, 17, 0, time.UTC)
	if first.PublishedAt == nil || !first.PublishedAt.Equal(wantPub) || first.PublishedAt.Location() != time.UTC {
		t.Errorf("published = %v, want %v in UTC", first.PublishedAt, wantPub)
	}
	if len(first.Authors) != 1 || first.Authors[0] != "ANI" || len(first.Categories) != 1 {
		t.Errorf("authors %v categories %v", first.Authors, first.Categories)
	}
	if !first.FetchedAt.Equal(testNow) {
		t.Errorf("fetched at %v", first.FetchedAt)
	}
	if got := raws[2].Link; strings.Contains(got, "#") {
		t.Errorf("fragment kept in %s", got)
	}
}

func TestParseAtomResolvesAgainstXMLBase(t *testing.T) {
	raws, meta := parseTestdata(t, "atom.xml", "application/atom+xml", "https://wire.example.org/atom.xml")
	if meta.Type != "atom" || len(raws) != 2 {
		t.Fatalf("meta %+v, %d items", meta, len(raws))
	}
	if raws[0].Link != "https://wire.example.org/stories/2025/04/25/budget-passes" {
		t.Errorf("link = %q", raws[0].Link)
	}
	if textLength(raws[0].Content) < autoPageBelow {
		t.Errorf("full-text entry measured as %d chars of text", textLength(raws[0].Content))
	}
	if raws[0].UpdatedAt == nil || raws[0].Authors[0] != "Jane Roe" {
		t.Errorf("updated %v authors %v", raws[0].UpdatedAt, raws[0].Authors)
	}
}

func TestParseJSONFeed(t *testing.T) {
	raws, meta := parseTestdata(t, "feed.json", "application/feed+json", "https://json.example.org/feed.json")
	if meta.Type != "json" || len(raws) != 2 || raws[0].ItemID != "json-1" || raws[1].Link != "https://json.example.org/news/2" {
		t.Fatalf("meta %+v items %+v", meta, raws)
	}
}

func TestParseCharsets(t *testing.T) {
	tests := []struct {
		file, contentType   string
		wantTitle, wantItem string
		wantCharset         string
	}{
		{"windows-1251.xml", "application/rss+xml", "ТАСС — Новости", "Путин провёл переговоры с Уиткоффом в Кремле", "windows-1251"},
		// A server that says utf-8 is overruled by bytes that are not.
		{"windows-1251.xml", "text/xml; charset=utf-8", "ТАСС — Новости", "Путин провёл переговоры с Уиткоффом в Кремле", "windows-1251"},
		{"windows-1251-undeclared.xml", "text/xml; charset=windows-1251", "ТАСС — Новости", "Путин провёл переговоры с Уиткоффом в Кремле", "windows-1251"},
		{"utf-16.xml", "application/xml", "Agence — dépêches", "Élections : le président appelle au calme à Niamey", "utf-16"},
		{"utf-16be-nobom.xml", "application/xml", "Agence — dépêches", "Élections : le président appelle au calme à Niamey", "utf-16be"},
		{"shift_jis.xml", "", "共同通信 ニュース", "東京で大規模な停電", "shift_jis"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.contentType, func(t *testing.T) {
			raws, meta := parseTestdata(t, tt.file, tt.contentType, "https://x.example.org/feed")
			if meta.Title != tt.wantTitle || meta.Charset != tt.wantCharset {
				t.Errorf("title %q charset %q, want %q %q", meta.Title, meta.Charset, tt.wantTitle, tt.wantCharset)
			}
			if len(raws) != 1 || raws[0].Title != tt.wantItem {
				t.Fatalf("items = %+v", raws)
			}
		})
	}
}

// An ISO-8859-1 declaration on bytes that are valid UTF-8 is a mislabel;
// decoding them as Latin-1 would garble every accented letter.
func TestParseValidUTF8StaysAsIs(t *testing.T) {
	body := `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Dépêches</title>` +
		`<item><title>Élection à Québec</title><guid>q1</guid></item></channel></rss>`
	raws, meta, err := ParseFeed(testFeed("f", "https://x.example.org/"), []byte(body), "text/xml; charset=iso-8859-1", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Title != "Dépêches" || raws[0].Title != "Élection à Québec" {
		t.Errorf("title %q item %q", meta.Title, raws[0].Title)
	}
}

func TestParseLatin1Feed(t *testing.T) {
	body := append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>D`), 0xE9)
	body = append(body, []byte(`p`)...)
	body = append(body, 0xEA)
	body = append(body, []byte(`ches</title><item><title>x</title><guid>1</guid></item></channel></rss>`)...)
	_, meta, err := ParseFeed(testFeed("f", "https://x.example.org/"), body, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Title != "Dépêches" || meta.Charset != "windows-1252" {
		t.Errorf("title %q charset %q", meta.Title, meta.Charset)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		body                    string
		is                      error
		msg                     string
	}{
		{name: "html instead of feed", file: "error-page.html", contentType: "text/html; charset=utf-8", is: ErrNotFeed, msg: "not a feed (got text/html page)"},
		{name: "html served as xml", file: "error-page.html", contentType: "application/rss+xml", is: ErrNotFeed, msg: "not a feed (got text/html page)"},
		{name: "empty body", body: "  \n", is: ErrNotFeed, msg: "not a feed (got empty body)"},
		{name: "plain text", body: "Service unavailable", contentType: "text/plain", is: ErrNotFeed, msg: "not a feed (got text/plain body)"},
		{name: "other xml", body: `<?xml version="1.0"?><sitemap><url/></sitemap>`, contentType: "application/xml", is: ErrNotFeed, msg: "not a feed (got application/xml body)"},
		{name: "malformed xml", file: "malformed.xml", contentType: "application/rss+xml", is: ErrMalformed, msg: "malformed feed"},
		{name: "unknown charset", file: "unknown-charset.xml", is: ErrCharset, msg: `undecodable charset "x-klingon-8" (declared in the XML declaration)`},
		{name: "unknown content-type charset", body: "<rss>\xff\xfe\xfd</rss>", contentType: "text/xml; charset=x-nonsense", is: ErrCharset, msg: `undecodable charset "x-nonsense" (declared in Content-Type)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if tt.file != "" {
				body = readTestdata(t, tt.file)
			}
			_, _, err := ParseFeed(testFeed("f", "https://x.example.org/"), body, tt.contentType, testNow)
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to start %q", err, tt.msg)
			}
		})
	}
}

func TestParseDuplicateIdentities(t *testing.T) {
	raws, meta := parseTestdata(t, "duplicate-guids.xml", "application/rss+xml", "https://dup.example.org/rss")
	var ids []string
	for _, r := range raws {
		ids = append(ids, r.ItemID)
	}
	// story-a twice, the tracked and untracked link of b, and two identical
	// title+date items each collapse to one.
	if len(raws) != 4 || meta.Duplicates != 3 || meta.Items != 7 {
		t.Fatalf("ids %q, duplicates %d, items %d", ids, meta.Duplicates, meta.Items)
	}
	if ids[0] != "story-a" || raws[0].Title != "First copy" {
		t.Errorf("first of the repeated guid not kept: %+v", raws[0])
	}
	if ids[1] != "https://dup.example.org/b?id=7" || raws[1].Link != "https://dup.example.org/b?id=7" {
		t.Errorf("canonical link id = %q link = %q", ids[1], raws[1].Link)
	}
	if !strings.HasPrefix(ids[2], "sha256:") || !strings.HasPrefix(ids[3], "sha256:") || ids[2] == ids[3] {
		t.Errorf("title+date ids = %q, %q", ids[2], ids[3])
	}
}

func TestParseGarbageDatesKeepTheItem(t *testing.T) {
	raws, _ := parseTestdata(t, "garbage-dates.xml", "application/rss+xml", "https://dates.example.org/rss")
	if len(raws) != 4 {
		t.Fatalf("got %d items, want 4", len(raws))
	}
	for _, r := range raws[:3] {
		if r.PublishedAt != nil {
			t.Errorf("%s: published %v kept", r.GUID, r.PublishedAt)
		}
	}
	if raws[3].PublishedAt == nil {
		t.Error("valid date dropped")
	}
}

func TestParseDropsNonHTTPLinks(t *testing.T) {
	raws, _ := parseTestdata(t, "hostile-links.xml", "application/atom+xml", "https://hostile.example.org/atom")
	if len(raws) != 3 {
		t.Fatalf("got %d items, want 3", len(raws))
	}
	for _, r := range raws {
		for _, u := range []string{r.Link, r.ImageURL} {
			if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				t.Errorf("%s: non-http URL %q kept", r.ItemID, u)
			}
		}
	}
	if raws[0].Link != "" || raws[1].Link != "" || raws[1].ImageURL != "" {
		t.Errorf("hostile links kept: %q %q %q", raws[0].Link, raws[1].Link, raws[1].ImageURL)
	}
	if raws[2].Link != "https://ok.example.org/story" {
		t.Errorf("good link lost: %q", raws[2].Link)
	}
}

// Go's XML decoder does not expand entities declared in a DTD, so the
// billion-laughs feed stays small; it must neither hang nor blow up.
func TestParseEntityBomb(t *testing.T) {
	raws, _, err := ParseFeed(testFeed("f", "https://x.example.org/"), readTestdata(t, "entity-bomb.xml"), "application/rss+xml", testNow)
	if err != nil {
		return // refusing it is fine too
	}
	for _, r := range raws {
		if len(r.Title)+len(r.Summary) > 10_000 {
			t.Fatalf("entities expanded to %d bytes", len(r.Title)+len(r.Summary))
		}
	}
}

func TestCanonicalLink(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://aninews.in/a/?utm_source=rss&utm_medium=feed", "https://aninews.in/a/"},
		{"HTTPS://AniNews.IN:443/a?id=1&fbclid=x&gclid=y#frag", "https://aninews.in/a?id=1"},
		{"http://x.example.org:80", "http://x.example.org/"},
		{"http://x.example.org:8080/a?b=1&UTM_Campaign=z&c=2", "http://x.example.org:8080/a?b=1&c=2"},
		{"https://user:pw@x.example.org/a", "https://x.example.org/a"},
		{"javascript:alert(1)", ""},
		{"/relative", ""},
		{"mailto:desk@example.org", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CanonicalLink(tt.in); got != tt.want {
			t.Errorf("CanonicalLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPageToUTF8(t *testing.T) {
	page, cs := pageToUTF8(readTestdata(t, "page-windows-1251.html"), "text/html")
	if cs != "windows-1251" || !strings.Contains(string(page), "Путин провёл переговоры") {
		t.Errorf("charset %q page %q", cs, page)
	}
	page, cs = pageToUTF8(readTestdata(t, "ani-page.html"), "text/html; charset=windows-1251")
	if cs != "utf-8" || !strings.Contains(string(page), "Moscow [Russia]") {
		t.Errorf("valid UTF-8 page re-decoded as %q", cs)
	}
}

func TestTextLength(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"<p>abc</p>", 3},
		{"<p>a  b</p>\n<p>c</p>", 5},
		{"Привет", 6},
	}
	for _, tt := range tests {
		if got := textLength(tt.in); got != tt.want {
			t.Errorf("textLength(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
