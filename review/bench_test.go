package review_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// seedStories fills a store with n stories (and their first versions) in
// one statement, as fast as the database can: Put would take minutes.
// Stories cycle through four agencies, twenty feeds and clusters of three;
// body word "topicN" occurs in one story in a thousand, for searches.
const (
	pgSeed = `
INSERT INTO stories (id, agency, feed, guid, version, status, content_hash, headline, cluster_id, published_at, ingested_at, updated_at, article)
SELECT 'b' || i, a, 'feed' || (i %% 20), 'g' || i, 1, 'queued', 'h' || i, 'Headline ' || i || ' about topic' || (i %% 1000),
       'c' || (i / 3), NULL, now() - make_interval(secs => i), now(),
       jsonb_build_object('id', 'b' || i, 'agency', a, 'feed', 'feed' || (i %% 20), 'guid', 'g' || i, 'version', 1,
         'headline', 'Headline ' || i || ' about topic' || (i %% 1000), 'summary', 'Summary of story ' || i,
         'body', jsonb_build_array(jsonb_build_object('type', 'paragraph', 'text', 'New Delhi (' || a || ') Story ' || i || ' tells of topic' || (i %% 1000) || ' and more.')),
         'body_text', 'New Delhi (' || a || ') Story ' || i || ' tells of topic' || (i %% 1000) || ' and more.',
         'quotes', '[]'::jsonb, 'embeds', '[]'::jsonb, 'attributions', '[]'::jsonb, 'status', 'queued',
         'cluster_id', 'c' || (i / 3), 'disclaimer', 'News stories are provided by news agencies.',
         'ingested_at', to_jsonb(now() - make_interval(secs => i)))
FROM generate_series(1, %d) AS i, LATERAL (SELECT (ARRAY['ANI', 'PTI', 'Reuters', 'AFP'])[1 + i %% 4] AS a) ag`
	pgSeedVersions = `INSERT INTO story_versions (story_id, version, content_hash, article, created_at) SELECT id, 1, content_hash, article, now() FROM stories`

	sqliteSeed = `
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %d),
ag AS (SELECT i, CASE i %% 4 WHEN 0 THEN 'ANI' WHEN 1 THEN 'PTI' WHEN 2 THEN 'Reuters' ELSE 'AFP' END AS a,
              strftime('%%Y-%%m-%%dT%%H:%%M:%%S.000000Z', 'now', '-' || i || ' seconds') AS t FROM seq)
INSERT INTO stories (id, agency, feed, guid, version, status, content_hash, headline, cluster_id, published_at, ingested_at, updated_at, article)
SELECT 'b' || i, a, 'feed' || (i %% 20), 'g' || i, 1, 'queued', 'h' || i, 'Headline ' || i || ' about topic' || (i %% 1000),
       'c' || (i / 3), NULL, t, t,
       json_object('id', 'b' || i, 'agency', a, 'feed', 'feed' || (i %% 20), 'guid', 'g' || i, 'version', 1,
         'headline', 'Headline ' || i || ' about topic' || (i %% 1000), 'summary', 'Summary of story ' || i,
         'body', json_array(json_object('type', 'paragraph', 'text', 'New Delhi (' || a || ') Story ' || i || ' tells of topic' || (i %% 1000) || ' and more.')),
         'body_text', 'New Delhi (' || a || ') Story ' || i || ' tells of topic' || (i %% 1000) || ' and more.',
         'quotes', json('[]'), 'embeds', json('[]'), 'attributions', json('[]'), 'status', 'queued',
         'cluster_id', 'c' || (i / 3), 'disclaimer', 'News stories are provided by news agencies.', 'ingested_at', t)
FROM ag`
	sqliteSeedVersions = `INSERT INTO story_versions (story_id, version, content_hash, article, created_at) SELECT id, 1, content_hash, article, updated_at FROM stories`
)

// BenchmarkDesk100k measures what an editor waits for with 100,000
// stories in the store: the queue page (first page, and a page 1,000 deep
// by its cursor), a story page, and the search API, each over HTTP with
// a session's worth of work (authentication included). Reports p50/p99
// in ms per request.
//
//	go test -run '^$' -bench BenchmarkDesk100k -benchtime 200x ./review/
//
// WIREDESK_BENCH_STORIES changes the count.
func BenchmarkDesk100k(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("WIREDESK_BENCH_STORIES")); err == nil && v > 0 {
		n = v
	}
	for _, backend := range []struct {
		name       string
		url        func(b *testing.B) string
		seed, vers string
	}{
		{"sqlite", func(b *testing.B) string { return "sqlite:" + filepath.Join(b.TempDir(), "w.db") }, sqliteSeed, sqliteSeedVersions},
		{"postgres", func(b *testing.B) string { return testenv.PostgresURL(b) }, pgSeed, pgSeedVersions},
	} {
		b.Run(backend.name, func(b *testing.B) {
			ctx := context.Background()
			st, err := store.Open(ctx, backend.url(b))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			began := time.Now()
			if err := store.ExecForTest(ctx, st, fmt.Sprintf(backend.seed, n)); err != nil {
				b.Fatal(err)
			}
			if err := store.ExecForTest(ctx, st, backend.vers); err != nil {
				b.Fatal(err)
			}
			if backend.name == "postgres" {
				_ = store.ExecForTest(ctx, st, "ANALYZE stories")
			}
			b.Logf("%d stories seeded in %v", n, time.Since(began).Round(time.Millisecond))
			key, _, _ := st.AddKey(ctx, "bench", store.ScopeRead)
			srv := httptest.NewServer(review.NewServer(st, nil))
			defer srv.Close()
			get := func(path string) error {
				req, _ := http.NewRequest("GET", srv.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+key)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				io.Copy(io.Discard, resp.Body)
				if resp.StatusCode != 200 {
					return fmt.Errorf("%s: %s", path, resp.Status)
				}
				return nil
			}
			// The cursor of page 1,000 (50,000 stories deep).
			deep := ""
			q := store.SearchQuery{Status: "queued", Limit: 50}
			for range min(1000, n/50-1) {
				page, err := st.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				q.Cursor = page.Next
			}
			deep = q.Cursor
			for _, tc := range []struct{ name, path string }{
				{"queue-page", "/?status=queued"},
				{"queue-page-1000-deep", "/?status=queued&cursor=" + deep},
				{"queue-filtered", "/?status=queued&agency=pti&topic=&has="},
				{"story-page", "/stories/b" + strconv.Itoa(n/2)},
				{"search-api", "/api/v1/stories?q=topic123"},
				{"list-api-deep", "/api/v1/stories?status=queued&cursor=" + deep},
			} {
				b.Run(tc.name, func(b *testing.B) {
					lat := make([]time.Duration, 0, b.N)
					for b.Loop() {
						t0 := time.Now()
						if err := get(tc.path); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
					}
					slices.Sort(lat)
					ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
					b.ReportMetric(ms(0.5), "p50-ms")
					b.ReportMetric(ms(0.99), "p99-ms")
				})
			}
		})
	}
}
