//go:build race

package evaluate

// raceEnabled is set under -race, where the corpus runs (measurements, not
// concurrency checks) take minutes and are skipped.
const raceEnabled = true
