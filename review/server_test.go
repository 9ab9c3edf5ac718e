package review_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

func newDesk(t *testing.T) (*httptest.Server, store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _, err := st.AddKey(context.Background(), "test script", store.ScopeWrite)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(withKey(review.NewServer(st, nil), key))
	t.Cleanup(srv.Close)
	return srv, st
}

// withKey sends every request that carries no credentials of its own
// with the key, as a script would: these tests are about the API, the
// security tests about its guards.
func withKey(h http.Handler, key string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" && r.Header.Get("X-API-Key") == "" {
			r.Header.Set("Authorization", "Bearer "+key)
		}
		h.ServeHTTP(w, r)
	})
}

func put(t *testing.T, st store.Store, id, agency, headline string) *article.Article {
	t.Helper()
	a := storetest.Rich()
	a.ID, a.Agency, a.Headline = id, agency, headline
	ingested := a.IngestedAt.Add(time.Duration(len(id)+int(id[len(id)-1])) * time.Minute)
	a.IngestedAt = &ingested // later ids were ingested later
	a.Fingerprint.Content = article.ContentFingerprint(headline, a.BodyText)
	if _, err := st.Put(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func do(t *testing.T, method, url string) (int, []byte) {
	t.Helper()
	return doBody(t, method, url, "")
}

func doBody(t *testing.T, method, url, reqBody string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(reqBody))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestStoriesAPI(t *testing.T) {
	srv, st := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	put(t, st, "s2", "PTI", "Delhi court grants bail")

	for _, tc := range []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantIDs    []string
		wantInBody string
	}{
		{"queued list", "GET", "/api/v1/stories?status=queued", 200, []string{"s2", "s1"}, ""},
		{"agency filter", "GET", "/api/v1/stories?status=queued&agency=PTI", 200, []string{"s2"}, ""},
		{"agency in any case", "GET", "/api/v1/stories?agency=pti", 200, []string{"s2"}, ""},
		{"full text", "GET", "/api/v1/stories?q=grants+bail", 200, []string{"s2"}, ""},
		{"projection has counts", "GET", "/api/v1/stories?agency=ANI", 200, []string{"s1"}, `"quotes":`},
		{"whole articles", "GET", "/api/v1/stories?view=full&agency=ANI", 200, []string{"s1"}, `"body_text"`},
		{"bad cursor", "GET", "/api/v1/stories?cursor=zzz", 400, nil, "cursor"},
		{"bad has", "GET", "/api/v1/stories?has=images", 400, nil, "has"},
		{"bad since", "GET", "/api/v1/stories?since=yesterday", 400, nil, "since"},
		{"bad status", "GET", "/api/v1/stories?status=lost", 400, nil, "unknown"},
		{"bad limit", "GET", "/api/v1/stories?limit=-1", 400, nil, "limit"},
		{"one story", "GET", "/api/v1/stories/s1", 200, nil, "Putin meets Witkoff"},
		{"missing story", "GET", "/api/v1/stories/nope", 404, nil, "not found"},
		{"versions", "GET", "/api/v1/stories/s1/versions", 200, []string{"s1"}, ""},
		{"approve missing", "POST", "/api/v1/stories/nope/approve", 404, nil, ""},
		{"health", "GET", "/healthz", 200, nil, "ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := do(t, tc.method, srv.URL+tc.path)
			if code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", code, tc.wantStatus, body)
			}
			if tc.wantInBody != "" && !strings.Contains(string(body), tc.wantInBody) {
				t.Errorf("body lacks %q: %s", tc.wantInBody, body)
			}
			if tc.wantIDs != nil {
				// Lists are projections (store.SearchPage) unless view=full.
				var list struct {
					Stories []struct {
						ID string `json:"id"`
					} `json:"stories"`
				}
				if err := json.Unmarshal(body, &list); err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, a := range list.Stories {
					ids = append(ids, a.ID)
				}
				if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
					t.Errorf("ids = %v, want %v", ids, tc.wantIDs)
				}
			}
		})
	}
	if b, err := st.OutboxBacklog(context.Background()); err != nil || b.Unsent != 0 {
		t.Errorf("reads queued %d publications (%v)", b.Unsent, err)
	}
}

func decodeStory(t *testing.T, body []byte) *article.Article {
	t.Helper()
	var a article.Article
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return &a
}

// Approve answers at once, with the story approved and its publication
// queued in the outbox: the desk never talks to the bus.
func TestApproveRejectFlow(t *testing.T) {
	srv, st := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	put(t, st, "s2", "ANI", "Monsoon forecast")

	code, body := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve")
	a := decodeStory(t, body)
	if code != http.StatusAccepted || a.Status != article.StatusApproved || a.Delivery == nil ||
		a.Delivery.State != article.DeliveryPublishing || a.Delivery.Event != article.EventPublish {
		t.Fatalf("approve: %d %s", code, body)
	}
	// Approving again changes nothing and queues nothing more.
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve"); code != http.StatusAccepted {
		t.Errorf("second approve: %d, want 202", code)
	}
	if code, _ := doBody(t, "POST", srv.URL+"/api/v1/stories/s2/reject", `{"version": 1, "reason": "duplicate of s1"}`); code != 200 {
		t.Errorf("reject: %d", code)
	}
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s2/approve"); code != http.StatusConflict {
		t.Errorf("approving a rejected story: %d, want 409", code)
	}
	if b, _ := st.OutboxBacklog(context.Background()); b.Unsent != 1 {
		t.Errorf("outbox holds %d publications, want 1", b.Unsent)
	}
}

func TestEditorialActionsAnswerClearly(t *testing.T) {
	srv, st := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	for _, tc := range []struct {
		name, path, body string
		want             int
		inBody           string
	}{
		{"malformed body", "/approve", `{"version": `, 400, "request body"},
		{"unknown field", "/approve", `{"versoin": 1}`, 400, "versoin"},
		{"two values", "/approve", `{} {}`, 400, "more than one"},
		{"stale version", "/approve", `{"version": 7}`, 409, "latest is 1"},
		{"withdraw a queued story", "/withdraw", `{"reason": "legal"}`, 409, "only a published story"},
		{"correct a queued story", "/correct", `{"headline": "x"}`, 409, "only a published story"},
		{"reject a stale version", "/reject", `{"version": 3, "reason": "old"}`, 409, "latest is 1"},
		{"reject without a reason", "/reject", `{"version": 1}`, 422, "a reason is required"},
		{"restore a queued story", "/restore", `{}`, 409, "only a rejected story"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := doBody(t, "POST", srv.URL+"/api/v1/stories/s1"+tc.path, tc.body)
			if code != tc.want || !strings.Contains(string(body), tc.inBody) {
				t.Errorf("%d %s; want %d with %q", code, body, tc.want, tc.inBody)
			}
		})
	}
	if a, _ := st.Get(context.Background(), "s1"); a.Status != article.StatusQueued {
		t.Errorf("refused actions left the story %s", a.Status)
	}
}

// Withdraw and correct work on published stories, each as a new version
// queued in the outbox.
func TestWithdrawAndCorrect(t *testing.T) {
	srv, st := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	put(t, st, "s2", "ANI", "Monsoon forecast")
	ctx := context.Background()
	for _, id := range []string{"s1", "s2"} {
		if _, err := st.Approve(ctx, id, 1, store.Actor{Name: "editor"}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := st.ClaimOutbox(ctx, "test", time.Minute, 10)
	if err != nil || len(rows) != 2 {
		t.Fatalf("claim: %v %v", rows, err)
	}
	for i, r := range rows {
		if err := st.MarkSent(ctx, r.ID, store.Sent{Sequence: uint64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	if code, body := doBody(t, "POST", srv.URL+"/api/v1/stories/s1/withdraw", `{"version": 1}`); code != 422 || !strings.Contains(string(body), "reason") {
		t.Errorf("withdraw without a reason: %d %s", code, body)
	}
	code, body := doBody(t, "POST", srv.URL+"/api/v1/stories/s1/withdraw", `{"version": 1, "reason": "Legal hold"}`)
	if a := decodeStory(t, body); code != 202 || a.Status != article.StatusWithdrawn || a.Version != 2 || a.Delivery.Event != article.EventWithdraw {
		t.Errorf("withdraw: %d %s", code, body)
	}
	code, body = doBody(t, "POST", srv.URL+"/api/v1/stories/s2/correct", `{"version": 1, "headline": "Monsoon forecast revised", "note": "The forecast was revised."}`)
	if a := decodeStory(t, body); code != 202 || a.Version != 2 || a.Headline != "Monsoon forecast revised" || a.Delivery.Event != article.EventCorrection {
		t.Errorf("correct: %d %s", code, body)
	}
	_, page := do(t, "GET", srv.URL+"/?status=withdrawn")
	if !strings.Contains(string(page), "withdraw v2: publishing") {
		t.Errorf("the withdrawn tab does not show the pending withdrawal: %s", page)
	}
}

// Story text comes from untrusted feeds: the desk must escape it.
func TestDeskEscapesStoryText(t *testing.T) {
	srv, st := newDesk(t)
	put(t, st, "s1", "ANI", `<script>alert("x")</script> Headline`)
	code, body := do(t, "GET", srv.URL+"/")
	if code != 200 {
		t.Fatalf("desk: %d", code)
	}
	if strings.Contains(string(body), `<script>alert`) {
		t.Error("desk renders story HTML unescaped")
	}
	if !strings.Contains(string(body), "&lt;script&gt;") {
		t.Errorf("desk lacks the escaped headline")
	}
	if code, _ := do(t, "GET", srv.URL+"/?status=bogus"); code != 400 {
		t.Errorf("bogus status tab: %d", code)
	}
}

// GET /api/v1/stories/{id}?format=ninjs serves the story as ninjs with the
// wiredesk extension, through the renderer the server was given.
func TestStoryAsNINJS(t *testing.T) {
	srv, st := newDesk(t)
	a := put(t, st, "ani-1", "ANI", "Kremlin aide meets envoy")

	code, body := do(t, http.MethodGet, srv.URL+"/api/v1/stories/ani-1?format=ninjs")
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), a.Headline) || doc["uri"] == nil || doc["headlines"] == nil ||
		doc["wiredesk_quotes"] == nil || doc["wiredesk_dateline"] == nil {
		t.Errorf("ninjs document lacks uri, headlines, quotes or dateline: %s", body)
	}
	if _, ok := doc["body_text"]; ok {
		t.Errorf("ninjs document carries the article's own fields: %s", body)
	}

	for _, tc := range []struct {
		query string
		want  int
	}{
		{"?format=article", http.StatusOK},
		{"?format=xml", http.StatusBadRequest},
	} {
		if code, body := do(t, http.MethodGet, srv.URL+"/api/v1/stories/ani-1"+tc.query); code != tc.want {
			t.Errorf("%s: status %d, want %d: %s", tc.query, code, tc.want, body)
		}
	}
	if code, _ := do(t, http.MethodGet, srv.URL+"/api/v1/stories/nope?format=ninjs"); code != http.StatusNotFound {
		t.Errorf("unknown story as ninjs: status %d, want 404", code)
	}

	key, _, _ := st.AddKey(context.Background(), "custom", store.ScopeRead)
	custom := httptest.NewServer(withKey(review.NewServer(st, nil, review.WithNINJS(func(a *article.Article) any {
		return map[string]string{"rendered": a.ID}
	})), key))
	defer custom.Close()
	if _, body := do(t, http.MethodGet, custom.URL+"/api/v1/stories/ani-1?format=ninjs"); !strings.Contains(string(body), `"rendered": "ani-1"`) {
		t.Errorf("WithNINJS renderer not used: %s", body)
	}
}

// A story one editor opened for editing shows who holds it; a second
// editor's lock is refused with the holder's name.
func TestStoryLockShown(t *testing.T) {
	srv, _ := secureDesk(t)
	ana, _ := loginAs(t, srv, "ana", "correct horse ana")
	root, _ := loginAs(t, srv, "root", "correct horse root")
	if resp, body := send(t, ana, "POST", srv.URL+"/api/v1/stories/s1/lock", "", "Origin", srv.URL); resp.StatusCode != 200 || !strings.Contains(body, `"held": true`) {
		t.Fatalf("ana's lock: %d %s", resp.StatusCode, body)
	}
	resp, body := send(t, root, "POST", srv.URL+"/api/v1/stories/s1/lock", "", "Origin", srv.URL)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `"held_by": "ana"`) {
		t.Errorf("root's lock: %d %s", resp.StatusCode, body)
	}
	if _, page := send(t, root, "GET", srv.URL+"/", ""); !strings.Contains(page, "Being edited by <strong>ana</strong>") ||
		strings.Count(page, "Being edited by") != 1 {
		t.Errorf("the queue does not say (only) that ana holds s1")
	}
	if resp, _ := send(t, ana, "DELETE", srv.URL+"/api/v1/stories/s1/lock", "", "Origin", srv.URL); resp.StatusCode != http.StatusNoContent {
		t.Errorf("unlock: %d", resp.StatusCode)
	}
	if resp, _ := send(t, root, "POST", srv.URL+"/api/v1/stories/s1/lock", "", "Origin", srv.URL); resp.StatusCode != 200 {
		t.Errorf("root after ana let go: %d", resp.StatusCode)
	}
}

func TestHealthPage(t *testing.T) {
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, _, _ := st.AddKey(context.Background(), "t", store.ScopeRead)
	fs := st.(store.FeedStore)
	if err := fs.AddFeed(context.Background(), store.FeedSpec{ID: "ani-world", Agency: "ANI", URL: "https://example.com/f.xml", Interval: time.Minute, FetchPage: "auto"}); err != nil {
		t.Fatal(err)
	}
	letters := func(context.Context, int) ([]review.DeadLetter, error) {
		return []review.DeadLetter{
			{Seq: 7, Stage: "normalize", Error: "no article text in <b>page</b>", Deliveries: 5, Subject: "wire.raw.ani", Time: time.Now()},
			{Seq: 9, Stage: "normalize", Error: "bad charset", Deliveries: 5, Subject: "wire.raw.pti", Time: time.Now()},
		}, nil
	}
	for _, tc := range []struct {
		name string
		opts []review.Option
		want []string
	}{
		{"with a bus", []review.Option{review.WithDeadLetters(letters)}, []string{"ani-world", "normalize: 2", "no article text in &lt;b&gt;page&lt;/b&gt;", "wiredesk dlq replay"}},
		{"without a bus", nil, []string{"ani-world", "runs without NATS"}},
	} {
		srv := httptest.NewServer(withKey(review.NewServer(st, nil, tc.opts...), key))
		code, body := do(t, "GET", srv.URL+"/health")
		srv.Close()
		for _, w := range tc.want {
			if code != 200 || !strings.Contains(string(body), w) {
				t.Errorf("%s: %d, page lacks %q", tc.name, code, w)
			}
		}
	}
}

// The story page shows the other stories of its cluster side by side,
// with how much copy they share.
func TestStoryPageShowsCluster(t *testing.T) {
	srv, st := newDesk(t)
	a := put(t, st, "s1", "ANI", "Putin meets Witkoff")
	b := storetest.Rich()
	b.ID, b.Agency, b.Headline, b.ClusterID = "s2", "TASS", "Putin receives Witkoff", a.ClusterID
	b.Fingerprint.Content = article.ContentFingerprint(b.Headline, b.BodyText)
	if _, err := st.Put(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	code, page := do(t, "GET", srv.URL+"/stories/s1")
	if code != 200 || !strings.Contains(string(page), "Putin receives Witkoff") || !strings.Contains(string(page), "100% of word triples shared") {
		t.Errorf("story page %d lacks the cluster member and its similarity", code)
	}
	if code, _ := do(t, "GET", srv.URL+"/stories/nope"); code != 404 {
		t.Errorf("an unknown story's page: %d", code)
	}
}

func TestReadyzNamesTheFailingPart(t *testing.T) {
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	down := false
	srv := httptest.NewServer(review.NewServer(st, nil, review.WithReadiness(
		review.ReadyCheck{Name: "store", Check: func(context.Context) error { return nil }},
		review.ReadyCheck{Name: "nats", Check: func(context.Context) error {
			if down {
				return errors.New("not connected")
			}
			return nil
		}})))
	defer srv.Close()
	if code, body := do(t, "GET", srv.URL+"/readyz"); code != 200 || !strings.Contains(string(body), `"ready"`) {
		t.Errorf("ready: %d %s", code, body)
	}
	down = true
	if code, body := do(t, "GET", srv.URL+"/readyz"); code != 503 || !strings.Contains(string(body), `"nats": "not connected"`) || strings.Contains(string(body), `"store"`) {
		t.Errorf("not ready: %d %s", code, body)
	}
}
