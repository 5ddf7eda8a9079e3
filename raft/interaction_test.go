package raft_test

import (
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/raft/rafttest"
)

// TestInteraction replays every datadriven script in testdata/. Each script names the
// requirements it tests in "# Tests ..." comments; expected outputs were derived by hand from
// the protocol rules, step by step.
func TestInteraction(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
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
