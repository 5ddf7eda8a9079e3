//go:build dsref_mutations

package main

import (
	"strings"
	"testing"
)

func TestMutationSimCatchesAPlantedBugAndSaysHowToReplay(t *testing.T) {
	code, out, _ := runDsref("sim", "-protocol", "raft", "-nodes", "3", "-mutation", "minority-quorum", "-seeds", "40", "-seed", "1")
	if code != 1 {
		t.Fatalf("exit %d; want 1 for a run that finds a violation", code)
	}
	for _, want := range []string{"FAIL raft nodes=3 seed=", "safety violation", "replay: go run -tags dsref_mutations ./cmd/dsref sim -protocol raft -nodes 3 -seed ", "shrunk fault schedule"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
