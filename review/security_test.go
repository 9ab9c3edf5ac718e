package review_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// secureDesk is a desk with no test shortcut: every request must carry
// its own credentials. It has an editor (ana), an admin (root) and two
// queued stories.
func secureDesk(t *testing.T, opts ...review.Option) (*httptest.Server, store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, u := range []struct {
		name string
		role store.Role
	}{{"ana", store.RoleEditor}, {"root", store.RoleAdmin}} {
		hash, err := review.HashPassword("correct horse " + u.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddUser(context.Background(), u.name, u.role, hash); err != nil {
			t.Fatal(err)
		}
	}
	put(t, st, "s1", "ANI", "Putin meets Witkoff")
	put(t, st, "s2", "PTI", "Monsoon forecast")
	srv := httptest.NewServer(review.NewServer(st, nil, opts...))
	t.Cleanup(srv.Close)
	return srv, st
}

// loginAs logs in with a cookie jar, as a browser would, and returns the
// client and the session cookie's value.
func loginAs(t *testing.T, srv *httptest.Server, name, password string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"name": {name}, "password": {password}, "next": {"/?status=queued"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.RequestURI() != "/?status=queued" {
		t.Fatalf("login as %s: %s at %s", name, resp.Status, resp.Request.URL)
	}
	u, _ := url.Parse(srv.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "wiredesk_session" {
			return c, ck.Value
		}
	}
	t.Fatal("no session cookie after login")
	return nil, ""
}

func send(t *testing.T, c *http.Client, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// Nothing but the public routes answers without a session or a key.
func TestNothingWithoutCredentials(t *testing.T) {
	srv, st := secureDesk(t)
	public := map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /api/openapi.json": true, "GET /static/{file}": true,
		"GET /login": true, "POST /login": true}
	fill := strings.NewReplacer("{id}", "s1", "{file}", "desk.css", "{agency}", "ani", "{$}", "")
	for _, route := range review.NewServer(st, nil).Routes() {
		if public[route] {
			continue
		}
		method, path, _ := strings.Cut(route, " ")
		resp, body := send(t, nil, method, srv.URL+fill.Replace(path), `{"version": 1, "reason": "x"}`)
		switch {
		case resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login"):
		case resp.StatusCode == http.StatusUnauthorized:
		default:
			t.Errorf("%s without credentials: %d %s", route, resp.StatusCode, body)
		}
		if strings.Contains(body, "Putin") {
			t.Errorf("%s without credentials showed a story", route)
		}
	}
	if a, _ := st.Get(context.Background(), "s1"); a.Status != article.StatusQueued {
		t.Errorf("s1 is %s after requests without credentials", a.Status)
	}
}

// A cross-origin POST is refused whether or not it carries a valid
// session cookie; a same-origin one from the same session works.
func TestCrossOriginRequestsRefused(t *testing.T) {
	srv, st := secureDesk(t)
	c, _ := loginAs(t, srv, "ana", "correct horse ana")
	for _, tc := range []struct {
		name   string
		client *http.Client
		header []string
	}{
		{"form from another site, with the session", c, []string{"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site", "Content-Type", "application/x-www-form-urlencoded"}},
		{"fetch from a sibling origin, with the session", c, []string{"Origin", "http://127.0.0.1:1", "Sec-Fetch-Site", "same-site"}},
		{"fetch from another site, without a session", nil, []string{"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"}},
		{"an old browser's Origin alone", c, []string{"Origin", "http://evil.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := send(t, tc.client, "POST", srv.URL+"/api/v1/stories/s1/approve", `{}`, tc.header...)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%d %s, want 403", resp.StatusCode, body)
			}
		})
	}
	if a, _ := st.Get(context.Background(), "s1"); a.Status != article.StatusQueued {
		t.Fatalf("a cross-origin request changed s1 to %s", a.Status)
	}
	resp, body := send(t, c, "POST", srv.URL+"/api/v1/stories/s1/approve", `{"version": 1}`, "Origin", srv.URL, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("same-origin approve: %d %s", resp.StatusCode, body)
	}
	log, _ := st.AuditLog(context.Background(), store.AuditQuery{StoryID: "s1"})
	if len(log) != 1 || log[0].Actor != "ana" || log[0].Action != "approve" || log[0].Address != "127.0.0.1" {
		t.Errorf("audit of the approval: %+v", log)
	}
}

func TestSessions(t *testing.T) {
	srv, st := secureDesk(t)
	ctx := context.Background()
	c, first := loginAs(t, srv, "ana", "correct horse ana")
	// A second login in the same browser gets a new session id, and the
	// old one stops working.
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"name": {"ana"}, "password": {"correct horse ana"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(srv.URL)
	var second string
	for _, ck := range c.Jar.Cookies(u) {
		second = ck.Value
	}
	if second == "" || second == first {
		t.Fatalf("the session id did not change at login: %q", second)
	}
	stale := &http.Client{}
	if resp, _ := send(t, stale, "GET", srv.URL+"/api/v1/stories", "", "Cookie", "wiredesk_session="+first); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old session id still works: %d", resp.StatusCode)
	}
	if resp, _ := send(t, c, "GET", srv.URL+"/api/v1/me", ""); resp.StatusCode != 200 {
		t.Fatalf("me: %d", resp.StatusCode)
	}
	// Disabling the account ends its session at once.
	if err := st.DisableUser(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if resp, _ := send(t, c, "GET", srv.URL+"/api/v1/stories", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled user's session still works: %d", resp.StatusCode)
	}
	// Logout ends the session.
	root, rootID := loginAs(t, srv, "root", "correct horse root")
	if resp, _ := send(t, root, "POST", srv.URL+"/logout", "", "Origin", srv.URL); resp.StatusCode != 200 {
		t.Errorf("logout: %d", resp.StatusCode)
	}
	if resp, _ := send(t, stale, "GET", srv.URL+"/api/v1/stories", "", "Cookie", "wiredesk_session="+rootID); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a session still works after logout: %d", resp.StatusCode)
	}
	// The cookie's attributes.
	resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(srv.URL+"/login", url.Values{"name": {"root"}, "password": {"correct horse root"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	set := resp.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, attr) {
			t.Errorf("session cookie %q lacks %s", set, attr)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("a plain-HTTP session cookie is Secure: %q", set)
	}
}

// Over TLS (here: behind a proxy the desk is told to trust) the cookie is
// __Host- prefixed and Secure.
func TestSessionCookieOverTLS(t *testing.T) {
	srv, _ := secureDesk(t, review.WithAuth(review.AuthOptions{TrustProxy: true}))
	resp, _ := send(t, nil, "POST", srv.URL+"/login", url.Values{"name": {"ana"}, "password": {"correct horse ana"}}.Encode(),
		"Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https")
	set := resp.Header.Get("Set-Cookie")
	if !strings.HasPrefix(set, "__Host-wiredesk_session=") || !strings.Contains(set, "Secure") {
		t.Errorf("cookie over TLS: %q", set)
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
}

func TestLoginThrottled(t *testing.T) {
	srv, st := secureDesk(t)
	try := func(name, password string) int {
		resp, _ := send(t, nil, "POST", srv.URL+"/login", url.Values{"name": {name}, "password": {password}}.Encode(),
			"Content-Type", "application/x-www-form-urlencoded")
		return resp.StatusCode
	}
	for i := range 5 {
		if code := try("ana", fmt.Sprintf("wrong %d", i)); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i, code)
		}
	}
	if code := try("ana", "correct horse ana"); code != http.StatusTooManyRequests {
		t.Errorf("the right password after 5 failures: %d, want 429 (throttled)", code)
	}
	// Another account is not locked out by ana's failures.
	if code := try("root", "correct horse root"); code != http.StatusSeeOther {
		t.Errorf("root's login: %d, want 303", code)
	}
	log, _ := st.AuditLog(context.Background(), store.AuditQuery{Actor: "ana"})
	failed, throttled := 0, 0
	for _, e := range log {
		switch e.Action {
		case "login-failed":
			failed++
		case "login-throttled":
			throttled++
		}
	}
	if failed != 5 || throttled != 1 {
		t.Errorf("audit: %d failed, %d throttled logins; want 5 and 1", failed, throttled)
	}
	if code := try("nobody", "whatever password"); code != http.StatusUnauthorized {
		t.Errorf("an unknown account: %d, want 401", code)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	srv, _ := secureDesk(t)
	c, _ := loginAs(t, srv, "ana", "correct horse ana")
	for _, path := range []string{"/", "/login", "/healthz", "/api/v1/stories", "/api/v1/stories/nope", "/static/desk.js", "/no/such/page", "/api/v1/audit"} {
		resp, _ := send(t, c, "GET", srv.URL+path, "")
		h := resp.Header
		for k, want := range map[string]string{
			"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
		} {
			if h.Get(k) != want {
				t.Errorf("%s (%d): %s = %q, want %q", path, resp.StatusCode, k, h.Get(k), want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
	}
	// An editor is not an admin.
	if resp, _ := send(t, c, "GET", srv.URL+"/api/v1/audit", ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor read the audit log: %d", resp.StatusCode)
	}
	// The desk answers only to its names (DNS rebinding).
	if resp, _ := send(t, c, "GET", srv.URL+"/api/v1/stories", "", "Host", "attacker.example"); resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a foreign Host header: %d, want 421", resp.StatusCode)
	}
	named, _ := secureDesk(t, review.WithPublicNames("desk.example.com"))
	if resp, _ := send(t, nil, "GET", named.URL+"/healthz", "", "Host", "desk.example.com"); resp.StatusCode != 200 {
		t.Errorf("a public name: %d", resp.StatusCode)
	}
	// A body over the cap is refused.
	big := `{"reason": "` + strings.Repeat("x", 2<<20) + `"}`
	if resp, _ := send(t, c, "POST", srv.URL+"/api/v1/stories/s1/reject", big, "Origin", srv.URL); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a 2 MiB body: %d, want 400", resp.StatusCode)
	}
}

// A 500 names a request id and nothing of the server's insides.
func TestInternalErrorsSayNothing(t *testing.T) {
	srv, st := secureDesk(t)
	key, _, _ := st.AddKey(context.Background(), "script", store.ScopeWrite)
	st.Close() // every store call now fails
	resp, body := send(t, nil, "GET", srv.URL+"/api/v1/published", "", "Authorization", "Bearer "+key)
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, resp.Header.Get("X-Request-Id")) ||
		strings.Contains(strings.ToLower(body), "sql") || strings.Contains(body, "closed") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

// Story text is hostile. Stored payloads in every field the desk shows
// stay text in a real browser: no script runs, no handler fires.
func TestDeskRendersHostileStoriesInert(t *testing.T) {
	srv, st := secureDesk(t)
	payloads := []string{
		`<script>window.__xss=(window.__xss||0)+1</script>`,
		`<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
		`<a href="javascript:window.__xss=1">click</a>`,
		`<svg onload="window.__xss=(window.__xss||0)+1"></svg>`,
		`"><script>window.__xss=1</script>`,
	}
	a := storetestRich(t)
	a.ID, a.Agency = "x1", "ANI"
	a.Headline = "Headline " + strings.Join(payloads, " ")
	a.Summary = "Summary " + strings.Join(payloads, " ")
	a.Dateline.Text = payloads[1]
	a.Disclaimer = payloads[3]
	a.Feed = "feed" + payloads[0]
	a.Quotes[0].Text = payloads[2]
	a.Embeds[0].Text = payloads[3]
	a.Changes = []article.Change{{Kind: article.ChangeCorrection, Text: payloads[1]}}
	a.Fingerprint.Content = article.ContentFingerprint(a.Headline, a.BodyText)
	if _, err := st.Put(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ctx := testenv.Browser(t)
	browserLogin(t, ctx, srv.URL, "ana", "correct horse ana")
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/?status=queued"), chromedp.WaitVisible(chromedp.CSS("#s-x1"))); err != nil {
		t.Fatal(err)
	}
	ran, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__xss !== undefined`))
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("a stored payload ran in the desk")
	}
	text, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS("#s-x1 h2")))
	if err != nil || !strings.Contains(text, "<script>") {
		t.Errorf("the headline is not shown as text: %q %v", text, err)
	}
	n, _ := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll("#s-x1 script, #s-x1 img, #s-x1 svg, #s-x1 a[href^=javascript]").length`))
	if n != 0 {
		t.Errorf("%d elements from story text made it into the page", n)
	}
}

// A page on another origin, visited by a logged-in editor, tries to
// approve a story with a form and to reject one with fetch: both refused.
func TestCrossOriginPageInBrowser(t *testing.T) {
	srv, st := secureDesk(t)
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><html><body>
<form id=f method=post action="%[1]s/api/v1/stories/s1/approve" enctype="text/plain"><input name='{"version":1,"reason":"' value='"}'></form>
<script>
fetch("%[1]s/api/v1/stories/s2/reject", {method: "POST", credentials: "include", mode: "no-cors",
  headers: {"Content-Type": "text/plain"}, body: JSON.stringify({version: 1, reason: "attack"})})
  .finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
</script></body></html>`, srv.URL)
	}))
	defer attacker.Close()
	ctx := testenv.Browser(t)
	browserLogin(t, ctx, srv.URL, "ana", "correct horse ana")
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(attacker.URL)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // the form's navigation and the fetch
	for _, id := range []string{"s1", "s2"} {
		if a, _ := st.Get(context.Background(), id); a.Status != article.StatusQueued {
			t.Errorf("the attacker's page changed %s to %s", id, a.Status)
		}
	}
	if log, _ := st.AuditLog(context.Background(), store.AuditQuery{StoryID: "s1"}); len(log) != 0 {
		t.Errorf("audit shows changes: %+v", log)
	}
}

// browserLogin logs in through the login page.
func browserLogin(t *testing.T, ctx context.Context, base, name, password string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := chromedp.Do(tctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS("nav.tabs")),
	)
	if err != nil {
		t.Fatalf("log in as %s in the browser: %v", name, err)
	}
}

func storetestRich(t *testing.T) *article.Article {
	t.Helper()
	return storetest.Rich()
}
