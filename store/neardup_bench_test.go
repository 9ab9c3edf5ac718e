package store_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
)

// nearDupBenchSize is how many fingerprints the lookup benchmark indexes;
// WIREDESK_BENCH_NEARDUP overrides it (the figure in docs/benchmarks.md
// is for 1,000,000).
func nearDupBenchSize(b *testing.B) int {
	if s := os.Getenv("WIREDESK_BENCH_NEARDUP"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 1_000_000
}

// benchBands are the 20 band keys of a synthetic story: random, as real
// band keys are hashes, so unrelated stories share none.
func benchBands(rng *rand.Rand) []int64 {
	bands := make([]int64, 20)
	for i := range bands {
		bands[i] = int64(rng.Uint64())
	}
	return bands
}

// BenchmarkNearDupLookup measures "which stories are near this one" on a
// PostgreSQL index of a million stories (twenty million band keys): one NearDupCandidates call with a
// story's 20 band keys, for a story that has 3 near copies in the index.
//
//	go test -run '^$' -bench BenchmarkNearDupLookup -benchtime 2000x ./store/
func BenchmarkNearDupLookup(b *testing.B) {
	ctx := context.Background()
	url := testenv.PostgresURL(b)
	s, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	idx, err := store.NearDups(s)
	if err != nil {
		b.Fatal(err)
	}
	n := nearDupBenchSize(b)
	rng := rand.New(rand.NewPCG(1, 2))
	// Every 1000th story is the original of a cluster of 4 (itself and 3
	// copies sharing some of its bands): the lookups are for those.
	var probes [][]int64
	start := time.Now()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	// Load without the band index and build it after, as a restore would:
	// one sort instead of twenty million index insertions.
	for _, q := range []string{"SET maintenance_work_mem = '256MB'", "ALTER TABLE neardup_bands DROP CONSTRAINT neardup_bands_pkey"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	sig := make([]byte, 260)
	ingested := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([][]any, 0, 10_000)
	bandRows := make([][]any, 0, 20*cap(rows))
	flush := func() {
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"neardup"}, []string{"story_id", "cluster_id", "signature", "bands", "ingested_at"}, pgx.CopyFromRows(rows)); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"neardup_bands"}, []string{"band_key", "story_id"}, pgx.CopyFromRows(bandRows)); err != nil {
			b.Fatal(err)
		}
		rows, bandRows = rows[:0], bandRows[:0]
	}
	var cluster []int64
	for i := range n {
		id := fmt.Sprintf("%024x", i)
		bands := benchBands(rng)
		switch {
		case i%1000 == 0:
			cluster = bands
			probes = append(probes, bands)
		case i%1000 <= 3:
			// A copy shares a quarter of its bands with the original.
			copy(bands[:5], cluster[(i%1000)*5:(i%1000)*5+5])
		}
		binary.BigEndian.PutUint64(sig, uint64(i))
		rows = append(rows, []any{id, id, append([]byte(nil), sig...), bands, ingested.Add(time.Duration(i) * time.Second)})
		for _, k := range bands {
			bandRows = append(bandRows, []any{k, id})
		}
		if len(rows) == cap(rows) {
			flush()
		}
	}
	flush()
	for _, q := range []string{"ALTER TABLE neardup_bands ADD PRIMARY KEY (band_key, story_id)", "VACUUM ANALYZE neardup", "VACUUM ANALYZE neardup_bands"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("indexed %d fingerprints in %s", n, time.Since(start).Round(time.Second))

	b.Run(fmt.Sprintf("postgres-%d", n), func(b *testing.B) {
		i := 0
		for b.Loop() {
			got, err := idx.NearDupCandidates(ctx, probes[i%len(probes)], 0)
			if err != nil {
				b.Fatal(err)
			}
			if len(got) != 4 {
				b.Fatalf("lookup found %d stories, want the original and its 3 copies", len(got))
			}
			i++
		}
	})
}

// BenchmarkPutWithNearDup stores new stories one at a time with their
// index entries on PostgreSQL: the store stage's write for a new article.
//
//	go test -run '^$' -bench BenchmarkPutWithNearDup -benchtime 1000x ./store/
func BenchmarkPutWithNearDup(b *testing.B) {
	s, err := store.Open(context.Background(), testenv.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	idx, err := store.NearDups(s)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ingested := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		id := fmt.Sprintf("put-%d", i)
		text := fmt.Sprintf("story %d text with enough words to be a paragraph of a wire story", i)
		a := &article.Article{
			ID: id, Agency: "ANI", Feed: "ani-world", GUID: id, Headline: "Headline " + id,
			URL: "https://www.aninews.in/news/world/" + id, BodyText: text,
			Body:        []article.Block{{Type: article.BlockParagraph, Text: text}},
			IngestedAt:  &ingested,
			Fingerprint: article.Fingerprint{Content: article.ContentFingerprint("Headline "+id, text)},
		}
		if _, err := idx.PutWithNearDup(context.Background(), a, store.NearDupEntry{StoryID: id, Bands: benchBands(rng), Signature: []byte(text)}); err != nil {
			b.Fatal(err)
		}
	}
}
