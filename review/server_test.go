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
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// published records what the desk sent downstream.
type published struct {
	mu    sync.Mutex
	got   []string
	fail  error
	calls int
}

func (p *published) publish(_ context.Context, a *article.Article) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail != nil {
		return p.fail
	}
	p.got = append(p.got, a.ID)
	return nil
}

func newDesk(t *testing.T) (*httptest.Server, store.Store, *published) {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pub := &published{}
	srv := httptest.NewServer(review.NewServer(st, pub.publish, nil))
	t.Cleanup(srv.Close)
	return srv, st, pub
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
	req, _ := http.NewRequest(method, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestStoriesAPI(t *testing.T) {
	srv, st, pub := newDesk(t)
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
				var list review.StoryList
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
	if pub.calls != 0 {
		t.Errorf("reads published %d stories", pub.calls)
	}
}

func TestApproveRejectFlow(t *testing.T) {
	srv, st, pub := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	put(t, st, "s2", "ANI", "Monsoon forecast")

	code, body := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve")
	if code != 200 || !strings.Contains(string(body), `"status": "published"`) {
		t.Fatalf("approve: %d %s", code, body)
	}
	// Approving a published story again is a conflict, and publishes nothing.
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve"); code != http.StatusConflict {
		t.Errorf("second approve: %d, want 409", code)
	}
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s2/reject"); code != 200 {
		t.Errorf("reject: %d", code)
	}
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s2/approve"); code != http.StatusConflict {
		t.Errorf("approving a rejected story: %d, want 409", code)
	}
	if len(pub.got) != 1 || pub.got[0] != "s1" {
		t.Errorf("published %v, want [s1]", pub.got)
	}
}

// A publish that fails leaves the story approved, and approving again
// retries it: nothing is lost between the two steps.
func TestApproveRetriesAfterPublishFailure(t *testing.T) {
	srv, st, pub := newDesk(t)
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	pub.fail = errors.New("nats: no responders")
	if code, _ := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve"); code != 500 {
		t.Fatalf("approve with failing publish: %d, want 500", code)
	}
	a, err := st.Get(context.Background(), "s1")
	if err != nil || a.Status != article.StatusApproved {
		t.Fatalf("after failed publish: %v %v", a.Status, err)
	}
	pub.fail = nil
	if code, body := do(t, "POST", srv.URL+"/api/v1/stories/s1/approve"); code != 200 {
		t.Fatalf("retry approve: %d %s", code, body)
	}
	if len(pub.got) != 1 {
		t.Errorf("published %v", pub.got)
	}
}

// Story text comes from untrusted feeds: the desk must escape it.
func TestDeskEscapesStoryText(t *testing.T) {
	srv, st, _ := newDesk(t)
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
	srv, st, _ := newDesk(t)
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

	custom := httptest.NewServer(review.NewServer(st, nil, nil, review.WithNINJS(func(a *article.Article) any {
		return map[string]string{"rendered": a.ID}
	})))
	defer custom.Close()
	if _, body := do(t, http.MethodGet, custom.URL+"/api/v1/stories/ani-1?format=ninjs"); !strings.Contains(string(body), `"rendered": "ani-1"`) {
		t.Errorf("WithNINJS renderer not used: %s", body)
	}
}
