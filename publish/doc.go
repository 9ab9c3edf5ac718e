// Package publish owns everything NATS: the embedded server, the JetStream
// streams and subjects, the generic stage runner with its dead-letter queue,
// and publication of approved stories downstream.
//
// Domain stages are plain functions; this package is the only place that
// knows how they are fed from and written to JetStream.
package publish
