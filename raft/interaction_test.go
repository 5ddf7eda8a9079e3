package raft_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/raft/rafttest"
)

// TestInteraction replays every datadriven script in testdata/ except those that plant a bug
// (mutation_*.txt, run by TestMutationScripts in builds with -tags dsref_mutations). Each script
// names the requirements it tests in "# Tests ..." comments; expected outputs were derived by
// hand from the protocol rules, step by step.
func TestInteraction(t *testing.T) {
	runScripts(t, false)
}

// runScripts runs the scripts of testdata/ whose name starts with "mutation_" (planted) or
// the others.
func runScripts(t *testing.T, planted bool) {
	all, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range all {
		if strings.HasPrefix(filepath.Base(f), "mutation_") == planted {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in := &rafttest.Interaction{}
			rafttest.RunTest(t, f, in.Handle)
		})
	}
}
