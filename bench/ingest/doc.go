// Package ingestbench measures the feed poller at scale: 10,000 loopback
// feeds served by a separate process, against a bare HTTP client as the
// baseline. The figures are in docs/benchmarks.md under "Ingest".
package ingestbench
