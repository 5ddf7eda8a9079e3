package paxossim

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
)

// TestSeedsExerciseSnapshots checks that the seed sweep runs the snapshot paths under faults:
// across the first seeds, nodes compact their logs, state machines are restored from snapshots
// (a node installing a peer's, or restarting from its own), and every such run is still safe
// and live.
//
// Tests MPAXOS-12, MPAXOS-13.
func TestSeedsExerciseSnapshots(t *testing.T) {
	compacts, restores, runs := 0, 0, 0
	for seed := uint64(1); seed <= 60; seed++ {
		var log bytes.Buffer
		res, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3 + 2*int(seed%2), Seed: seed, Log: &log}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure != nil {
			t.Fatalf("seed %d: %v", seed, res.Report())
		}
		c, r := strings.Count(log.String(), " compact n"), strings.Count(log.String(), " restore n")
		compacts += c
		restores += r
		if c > 0 {
			runs++
		}
	}
	t.Logf("60 seeds: %d runs compacted, %d compactions, %d state machines restored from snapshots", runs, compacts, restores)
	if runs < 10 || restores < 10 {
		t.Fatalf("the sweep barely exercises snapshots: %d runs compacted, %d restores", runs, restores)
	}
}
