package simtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim/raftsim"
)

// A protocol's own pace is the default; DSREF_SIM_VALIDATE overrides it either way.
func TestValidationPace(t *testing.T) {
	for _, c := range []struct {
		env       string
		def, want int
	}{{"", 10, 10}, {"", 50, 50}, {"all", 50, 1}, {"off", 50, 0}, {"3", 50, 3}} {
		t.Setenv("DSREF_SIM_VALIDATE", c.env)
		if got := validateEvery(t, c.def); got != c.want {
			t.Errorf("DSREF_SIM_VALIDATE=%q, default %d: every %d, want %d", c.env, c.def, got, c.want)
		}
	}
}

// The validations beside the runs report each seed's failure as its own, whatever order they
// end in, and give their tokens back: raft's traces against TraceSession.tla, which the
// validator refuses, at every other seed.
func TestSeedReportsAreTheirSeeds(t *testing.T) {
	pool := make(chan struct{}, 3)
	reports := seedReports(t, raftsim.Protocol{}, SessionTraceSpec, 2, 3, 7, pool)
	if len(reports) != 7 {
		t.Fatalf("%d reports for 7 seeds", len(reports))
	}
	for i, r := range reports {
		seed := i + 1
		if validated := (seed-1)%2 == 0; validated != (r != "") {
			t.Errorf("seed %d (validated %v): report %q", seed, validated, r)
		}
		if r != "" && !strings.Contains(r, fmt.Sprintf("trace of raft seed %d on 3 nodes", seed)) {
			t.Errorf("seed %d's report is not its own: %s", seed, r)
		}
	}
	if len(pool) != 0 {
		t.Errorf("%d validation tokens not given back", len(pool))
	}
}
