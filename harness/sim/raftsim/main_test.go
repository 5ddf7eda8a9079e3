package raftsim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// TestMain collects garbage less often (simtest.Main): the sweep's traced runs and validations
// allocate at a high rate beside a small live heap.
func TestMain(m *testing.M) { simtest.Main(m) }
