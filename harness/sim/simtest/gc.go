package simtest

import (
	"os"
	"runtime/debug"
	"testing"
)

// GCPercent is the garbage collection target Main sets: a simulator package's tests allocate
// short-lived values at a high rate beside a small live heap (the runs' traces, the loaded trace
// modules), and with Go's default of 100 the collector ran through much of a traced run and a
// fifth of a validation. BenchmarkSweepValidation, raft, 20 seeds x 3/5 nodes, 3 rounds
// interleaved (03:11-03:13 UTC 2026-12-07, load 30): validated/plain-cpu 16.7 20.9 18.4 with
// 100, 14.4 12.5 16.0 with 400; cpu-µs/validation 43,131 47,812 40,876 -> 36,396 31,449 34,005;
// cpu-µs/plain-run 3,413 2,856 2,801 -> 3,268 3,369 2,726. 800 and 1600 validated no faster
// (31-33 ms) and took more memory (peak RSS 217 MB at 400, 295 MB at 1600).
const GCPercent = 400

// Main runs a simulator package's tests (its TestMain) collecting garbage less often, at
// GCPercent, as `dsref check` and `dsref conform` do, unless GOGC is set.
func Main(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	os.Exit(m.Run())
}
