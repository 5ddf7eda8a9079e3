package check

import (
	"flag"
	"os"
	"runtime/debug"
	"testing"
)

// TestMain collects garbage less often, as `dsref check` does: the checker allocates many
// short-lived values and the model tests run a third faster.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// Every fairness condition whose values the recorder takes from the successors is evaluated
	// too, and a difference fails the run (see livederive.go); not when benchmarking, which
	// measures what dsref check does.
	flag.Parse()
	liveDeriveVerify = flag.Lookup("test.bench").Value.String() == ""
	os.Exit(m.Run())
}
