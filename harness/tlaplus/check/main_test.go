package check

import (
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
	os.Exit(m.Run())
}
