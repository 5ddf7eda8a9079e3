//go:build dsref_mutations

package sim_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// TestMutationLinearizabilityReport plants stale reads in Raft (ReadIndex answered without a
// quorum round) and checks the report of the first seed that catches them: a smallest failing
// sub-history, the events of exactly those operations and of the faults meanwhile (no
// heartbeats, no ticks), and porcupine's visualization with the faults marked.
func TestMutationLinearizabilityReport(t *testing.T) {
	o := sim.RunOptions{Options: sim.Options{Nodes: 3, Mutation: "read-index-without-quorum"}, FaultPhase: 20 * time.Second}
	for o.Seed = 1; o.Seed <= 800; o.Seed++ {
		res, err := sim.Run(raftsim.Protocol{}, o)
		if err != nil {
			t.Fatal(err)
		}
		var lerr *sim.LinearizabilityError
		if res.Failure == nil || !errors.As(res.Failure.Err, &lerr) {
			continue
		}
		report := res.Report()
		if len(lerr.Minimal) == 0 || len(lerr.Minimal) >= lerr.KeyOps || !strings.Contains(report, "smallest failing sub-history") {
			t.Fatalf("seed %d: %d of %d operations in the smallest failing sub-history:\n%s", o.Seed, len(lerr.Minimal), lerr.KeyOps, report)
		}
		invoked := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(res.Related), "\n") {
			words := strings.Fields(line)
			mine := false
			for _, op := range lerr.Minimal {
				for _, w := range words {
					mine = mine || strings.TrimSuffix(w, ":") == op.ID
				}
			}
			fault := len(words) > 1 && strings.Contains(" partition links crash arm-crash restart pause resume heal ", " "+words[1]+" ")
			if !mine && !fault {
				t.Fatalf("seed %d: an unrelated event among the failing operations' events: %q\n%s", o.Seed, line, res.Related)
			}
			if len(words) > 2 && words[1] == "invoke" {
				invoked[words[2]] = true
			}
		}
		for _, op := range lerr.Minimal {
			if !invoked[op.ID] {
				t.Fatalf("seed %d: the events lack the invocation of %s:\n%s", o.Seed, op.ID, res.Related)
			}
		}
		var html bytes.Buffer
		if err := lerr.WriteHTML(&html); err != nil || !strings.Contains(html.String(), "operation "+lerr.Minimal[0].ID) {
			t.Fatalf("seed %d: visualization: %v", o.Seed, err)
		}
		t.Logf("seed %d:\n%s", o.Seed, report)
		return
	}
	t.Fatal("no seed in 1..800 caught ReadIndexWithoutQuorum with a linearizability failure")
}
