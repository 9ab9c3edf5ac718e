package review_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// publishedDesk is a desk whose store holds three published stories (two
// ANI, one PTI) and one withdrawn, as a relay would have left them.
func publishedDesk(t *testing.T, opts ...review.Option) (*httptest.Server, store.Store, string) {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(review.NewServer(st, nil, opts...))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	var seq uint64
	relay := func() {
		rows, err := st.ClaimOutbox(ctx, "test", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			a, _ := st.GetVersion(ctx, r.StoryID, r.Version)
			seq++
			agency := article.Token(a.Agency)
			if err := st.MarkSent(ctx, r.ID, store.Sent{Sequence: seq, Subject: "wire.published." + agency + ".politics", Agency: agency, Topic: "politics"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range []struct{ id, agency, headline string }{
		{"ani-1", "ANI", "Putin meets Witkoff"}, {"pti-1", "PTI", "Delhi court grants bail"}, {"ani-2", "ANI", "Monsoon forecast <revised>"},
	} {
		put(t, st, s.id, s.agency, s.headline)
		if _, err := st.Approve(ctx, s.id, 1, store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
		relay()
	}
	if _, err := st.Withdraw(ctx, "ani-2", 1, "Legal hold", store.Actor{Name: "editor"}); err != nil {
		t.Fatal(err)
	}
	relay()
	key, _, err := st.AddKey(ctx, "example site", store.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, key
}

func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestPublishedAPINeedsAKey(t *testing.T) {
	srv, st, key := publishedDesk(t)
	for _, h := range [][]string{nil, {"Authorization", "Bearer wdk_nope_nope"}, {"X-API-Key", "not-a-key"}} {
		resp, body := get(t, srv.URL+"/api/v1/published", h...)
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" || strings.Contains(string(body), "ani-1") {
			t.Errorf("%v: %d %s", h, resp.StatusCode, body)
		}
	}
	if resp, _ := get(t, srv.URL+"/api/v1/published?key="+key); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a key in the query of the API (not a feed) was accepted: %d", resp.StatusCode)
	}
	for _, h := range [][]string{{"Authorization", "Bearer " + key}, {"X-API-Key", key}} {
		if resp, body := get(t, srv.URL+"/api/v1/published", h...); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", h[0], resp.StatusCode, body)
		}
	}
	keys, _ := st.ListKeys(context.Background())
	if err := st.RevokeKey(context.Background(), keys[0].ID); err != nil {
		t.Fatal(err)
	}
	if resp, _ := get(t, srv.URL+"/api/v1/published", "X-API-Key", key); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked key still reads: %d", resp.StatusCode)
	}
}

func TestPublishedList(t *testing.T) {
	srv, _, key := publishedDesk(t)
	auth := []string{"Authorization", "Bearer " + key}
	list := func(query string) review.PublishedList {
		t.Helper()
		resp, body := get(t, srv.URL+"/api/v1/published"+query, auth...)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		var l review.PublishedList
		if err := json.Unmarshal(body, &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	summary := func(l review.PublishedList) string {
		var s []string
		for _, e := range l.Events {
			s = append(s, e.StoryID+":"+string(e.Event))
		}
		return strings.Join(s, " ")
	}
	all := list("")
	if got := summary(all); got != "ani-1:publish pti-1:publish ani-2:publish ani-2:withdraw" {
		t.Errorf("all = %s", got)
	}
	if !strings.Contains(string(all.Events[0].NINJS), `"uri":"urn:wiredesk:story:ani-1"`) || all.Events[0].Sequence != 1 {
		t.Errorf("first event %+v", all.Events[0])
	}
	page := list("?limit=2")
	if got := summary(page); got != "ani-1:publish pti-1:publish" || !strings.Contains(page.Next, "after=2") || !strings.Contains(page.Next, "limit=2") {
		t.Errorf("page 1 = %s, next %s", got, page.Next)
	}
	resp, body := get(t, srv.URL+page.Next, auth...)
	var page2 review.PublishedList
	json.Unmarshal(body, &page2)
	if got := summary(page2); resp.StatusCode != 200 || got != "ani-2:publish ani-2:withdraw" {
		t.Errorf("page 2 = %s", got)
	}
	if got := summary(list("?agency=ani&after=1")); got != "ani-2:publish ani-2:withdraw" {
		t.Errorf("ani after 1 = %s", got)
	}
	if got := summary(list("?agency=PTI&since=1h")); got != "pti-1:publish" {
		t.Errorf("PTI in the last hour = %s", got)
	}
	if l := list("?format=article&topic=politics&limit=1"); l.Events[0].Article == nil || l.Events[0].NINJS != nil {
		t.Errorf("format=article gave %+v", l.Events[0])
	}
	for _, bad := range []string{"?after=x", "?since=yesterday", "?format=xml", "?limit=-3"} {
		if resp, _ := get(t, srv.URL+"/api/v1/published"+bad, auth...); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, resp.StatusCode)
		}
	}
	// Conditional GET.
	resp, _ = get(t, srv.URL+"/api/v1/published", auth...)
	etag := resp.Header.Get("ETag")
	if resp, _ := get(t, srv.URL+"/api/v1/published", append(auth, "If-None-Match", etag)...); etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %q: %d, want 304", etag, resp.StatusCode)
	}
}

func TestPublishedStory(t *testing.T) {
	srv, _, key := publishedDesk(t)
	auth := []string{"X-API-Key", key}
	resp, body := get(t, srv.URL+"/api/v1/published/ani-1", auth...)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/ninjs+json" || resp.Header.Get("Wiredesk-Event") != "publish" ||
		!strings.Contains(string(body), `"headlines"`) {
		t.Errorf("ninjs: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = get(t, srv.URL+"/api/v1/published/ani-2", append(auth, "Accept", "application/json")...)
	var a article.Article
	if err := json.Unmarshal(body, &a); err != nil || resp.StatusCode != 200 || a.Status != article.StatusWithdrawn || a.Version != 2 ||
		resp.Header.Get("Wiredesk-Event") != "withdraw" {
		t.Errorf("withdrawn story as an article: %d %v %s", resp.StatusCode, err, body)
	}
	if resp, _ := get(t, srv.URL+"/api/v1/published/nope", auth...); resp.StatusCode != 404 {
		t.Errorf("unpublished story: %d", resp.StatusCode)
	}
}

// atomDoc holds what RFC 4287 requires of a feed and its entries.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  *struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Rights  string `xml:"rights"`
		Content *struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestAtomFeed(t *testing.T) {
	srv, _, key := publishedDesk(t)
	resp, body := get(t, srv.URL+"/feeds/all.atom?key="+key)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("all.atom: %d %s", resp.StatusCode, body)
	}
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil || feed.FeedType != "atom" || len(feed.Items) != 3 {
		t.Fatalf("gofeed: %v, %+v", err, feed)
	}
	if feed.Items[0].Title != "WITHDRAWN: Monsoon forecast <revised>" || feed.Items[1].Title != "Delhi court grants bail" {
		t.Errorf("newest first, withdrawn marked: %q, %q", feed.Items[0].Title, feed.Items[1].Title)
	}
	var doc atomDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	rfc3339 := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)
	// RFC 4287 4.1.1: a feed has one id, title, updated, a self link, and an
	// author unless every entry has one; 4.1.2: an entry has id, title,
	// updated, and content or an alternate link.
	if doc.ID == "" || doc.Title == "" || !rfc3339.MatchString(doc.Updated) || doc.Author == nil || doc.Author.Name == "" {
		t.Errorf("feed lacks a required element: %+v", doc)
	}
	if !slices.ContainsFunc(doc.Links, func(l struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}) bool {
		return l.Rel == "self" && strings.HasSuffix(l.Href, "/feeds/all.atom")
	}) {
		t.Errorf("no self link: %+v", doc.Links)
	}
	ids := map[string]bool{}
	for _, e := range doc.Entries {
		if e.ID == "" || e.Title == "" || !rfc3339.MatchString(e.Updated) || e.Content == nil || e.Content.Type != "html" {
			t.Errorf("entry lacks a required element: %+v", e)
		}
		if ids[e.ID] {
			t.Errorf("entry id %s twice", e.ID)
		}
		ids[e.ID] = true
		if e.Rights != article.DefaultDisclaimer {
			t.Errorf("entry %s rights %q, want the disclaimer", e.ID, e.Rights)
		}
	}
	if strings.Contains(string(body), "<revised>") {
		t.Error("story text reached the feed unescaped")
	}

	// Filters and conditional GET.
	_, ani := get(t, srv.URL+"/feeds/ani.atom", "Authorization", "Bearer "+key)
	if f, err := gofeed.NewParser().ParseString(string(ani)); err != nil || len(f.Items) != 2 {
		t.Errorf("ani.atom: %v %d items", err, len(f.Items))
	}
	_, topic := get(t, srv.URL+"/feeds/pti/politics.atom?key="+key)
	if f, err := gofeed.NewParser().ParseString(string(topic)); err != nil || len(f.Items) != 1 {
		t.Errorf("pti/politics.atom: %v", err)
	}
	etag := resp.Header.Get("ETag")
	if resp, _ := get(t, srv.URL+"/feeds/all.atom?key="+key, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d, want 304", resp.StatusCode)
	}
	if resp, _ := get(t, srv.URL+"/feeds/all.atom"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a feed without a key: %d, want 401", resp.StatusCode)
	}
	if resp, _ := get(t, srv.URL+"/feeds/all.rss?key="+key); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown feed format: %d, want 404", resp.StatusCode)
	}
}

func TestJSONFeed(t *testing.T) {
	srv, _, _ := publishedDesk(t, review.WithPublicFeeds(true))
	resp, body := get(t, srv.URL+"/feeds/all/politics.json")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/feed+json") ||
		!strings.HasPrefix(resp.Header.Get("Cache-Control"), "public") {
		t.Fatalf("public json feed: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil || feed.FeedType != "json" || len(feed.Items) != 3 {
		t.Fatalf("gofeed: %v %+v", err, feed)
	}
	// JSON Feed 1.1: version, title, items, each with a unique id; dates
	// in RFC 3339; extensions under keys starting with _.
	var doc struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		FeedURL string `json:"feed_url"`
		Items   []struct {
			ID          string         `json:"id"`
			ContentHTML string         `json:"content_html"`
			ContentText string         `json:"content_text"`
			Published   time.Time      `json:"date_published"`
			Modified    time.Time      `json:"date_modified"`
			Wiredesk    map[string]any `json:"_wiredesk"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title == "" || !strings.HasSuffix(doc.FeedURL, "/feeds/all/politics.json") {
		t.Errorf("feed: %+v", doc)
	}
	ids := map[string]bool{}
	for _, it := range doc.Items {
		if it.ID == "" || ids[it.ID] || it.ContentHTML == "" || it.ContentText == "" || it.Modified.IsZero() {
			t.Errorf("item %+v", it)
		}
		ids[it.ID] = true
		if it.Wiredesk["disclaimer"] != article.DefaultDisclaimer || it.Wiredesk["event"] == nil {
			t.Errorf("item %s extension %v", it.ID, it.Wiredesk)
		}
	}
	if doc.Items[0].Wiredesk["event"] != "withdraw" {
		t.Errorf("the newest item is %v, want the withdrawal", doc.Items[0].Wiredesk)
	}
}

// Every route the server registers is in the OpenAPI document, and every
// documented operation is one the server answers.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	srv, st, key := publishedDesk(t)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	resp, body := get(t, srv.URL+"/api/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			var o struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil || o.OperationID == "" || len(o.Responses) == 0 {
				t.Errorf("%s %s has no operationId or responses", method, path)
			}
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routes := review.NewServer(st, nil).Routes()
	for _, r := range routes {
		key := strings.Replace(r, "{$}", "", 1)
		if !documented[key] {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	if len(documented) != len(routes) {
		t.Errorf("%d documented operations, %d routes", len(documented), len(routes))
	}
	// Each documented operation is answered by its handler, not by the
	// mux's "404 page not found" or 405.
	fill := strings.NewReplacer("{id}", "ani-1", "{file}", "politics.json", "{agency}", "ani")
	for op := range documented {
		method, path, _ := strings.Cut(op, " ")
		switch path {
		case "/feeds/{file}":
			path = "/feeds/all.atom"
		case "/static/{file}":
			path = "/static/desk.css"
		}
		req, _ := http.NewRequest(method, srv.URL+fill.Replace(path), strings.NewReader(""))
		req.Header.Set("X-API-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if resp.Header.Get("Content-Type") != "text/event-stream" { // a stream never ends
			body, _ = io.ReadAll(resp.Body)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusMethodNotAllowed || strings.HasPrefix(string(body), "404 page not found") {
			t.Errorf("%s %s is documented but not routed: %d %s", method, path, resp.StatusCode, body)
		}
	}
}
