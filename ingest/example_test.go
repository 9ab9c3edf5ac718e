package ingest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/ingest"
)

func ExampleParseFeed() {
	feed := config.Feed{ID: "ani-world", Agency: "ANI", URL: "https://aninews.in/rss/feed/category/world.xml"}
	body := []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>ANI News - World</title><ttl>15</ttl>
<item><title>Putin meets Witkoff</title><guid>ani-1</guid>
  <link>/news/world/putin-meets-witkoff/?utm_source=rss</link>
  <pubDate>Sat, 26 Apr 2025 00:54:17 +0530</pubDate></item>
<item><title>Putin meets Witkoff (repeated)</title><guid>ani-1</guid></item>
<item><title>No guid here</title><link>javascript:alert(1)</link></item>
</channel></rss>`)
	raws, meta, err := ingest.ParseFeed(feed, body, "application/rss+xml", time.Now())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(meta.Title, meta.TTL, "duplicates:", meta.Duplicates)
	for _, r := range raws {
		published := "no date"
		if r.PublishedAt != nil {
			published = r.PublishedAt.Format(time.RFC3339)
		}
		// Item ids are the guid, else the link, else "sha256:" and a hash
		// of title and date.
		fmt.Printf("%.14s | %q | %s\n", r.ItemID, r.Link, published)
	}
	// Output:
	// ANI News - World 15m0s duplicates: 1
	// ani-1 | "https://aninews.in/news/world/putin-meets-witkoff/" | 2025-04-25T19:24:17Z
	// sha256:23cc12c | "" | no date
}

func ExampleFetcher_Fetch_blocked() {
	f := ingest.NewFetcher(ingest.FetcherOptions{})
	_, err := f.Fetch(context.Background(), "http://169.254.169.254/latest/meta-data/", ingest.Validators{}, 0)
	fmt.Println(err)
	// Output:
	// fetch http://169.254.169.254/latest/meta-data/: address 169.254.169.254 is link-local: refused
}
