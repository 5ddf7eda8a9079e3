//go:build dsref_mutations

package raft_test

import "testing"

// TestMutationScripts replays the datadriven scripts that plant a bug (testdata/mutation_*.txt):
// each shows the planted bug breaking the rule its correct twin script checks.
//
// Tests RAFT-MUT-1.
func TestMutationScripts(t *testing.T) {
	runScripts(t, true)
}
