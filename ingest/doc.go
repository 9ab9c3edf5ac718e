// Package ingest polls agency feeds and turns their items into article.Raw
// values for the pipeline: an HTTP fetcher with conditional GET, size caps
// and an SSRF guard; a feed parser that copes with wrong charsets, hostile
// links and duplicate guids; and a poller that schedules feeds with backoff,
// remembers what it has sent, and fetches article pages when a feed carries
// only summaries.
//
// Run takes due feeds from a Schedule under leases: MemorySchedule for one
// process, or the store-backed one in ingest/storebacked, with which
// pollers on many hosts share one feed list and each feed is polled by one
// of them at a time.
//
// A feed that breaks never stalls the others and never stops being polled:
// errors back off exponentially (with jitter, capped) and are visible in
// Health and in logs carrying feed=<id> url=<url>.
package ingest
