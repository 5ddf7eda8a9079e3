//go:build dsref_mutations

package main

import (
	"os"
	"path/filepath"
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

// TestMutationSimWritesHistoryView: a linearizability failure (stale reads planted in Raft)
// writes the seed's event log and porcupine's view of its history side by side, and the report
// names both, with the smallest failing sub-history and its operations' events.
func TestMutationSimWritesHistoryView(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runDsref("sim", "-mutation", "read-index-without-quorum", "-fault-phase", "20s", "-seed", "746", "-quiet", "-out", dir)
	if code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"linearizability violation", "smallest failing sub-history", "events of these operations",
		"event log: " + filepath.Join(dir, "raft-3n-seed746.log"), "history view (porcupine): " + filepath.Join(dir, "raft-3n-seed746.html")} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "raft-3n-seed746.html"))
	if err != nil || !strings.Contains(string(html), "<title>Porcupine</title>") {
		t.Fatalf("history view: %v", err)
	}
	log, err := os.ReadFile(filepath.Join(dir, "raft-3n-seed746.log"))
	if err != nil || !strings.Contains(string(log), "check linearizability of") {
		t.Fatalf("event log: %v", err)
	}
}
