package main

import (
	"strings"
	"testing"
)

func TestSimReplayIsByteIdentical(t *testing.T) {
	args := []string{"sim", "-protocol", "raft", "-nodes", "3", "-seed", "7", "-steps", "300"}
	code1, out1, err1 := runDsref(args...)
	code2, out2, _ := runDsref(args...)
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exit codes %d, %d; stderr %q", code1, code2, err1)
	}
	if out1 != out2 {
		t.Fatal("the same seed printed two different event logs")
	}
	if !strings.Contains(out1, "300 steps") || !strings.Contains(out1, "event log hash") {
		t.Fatalf("summary missing from:\n%s", out1[max(0, len(out1)-500):])
	}
}

func TestSimCatchesAPlantedBugAndSaysHowToReplay(t *testing.T) {
	code, out, _ := runDsref("sim", "-protocol", "raft", "-nodes", "3", "-mutation", "MinorityQuorum", "-seeds", "40", "-seed", "1")
	if code != 1 {
		t.Fatalf("exit %d; want 1 for a run that finds a violation", code)
	}
	for _, want := range []string{"FAIL raft nodes=3 seed=", "safety violation", "replay: go run ./cmd/dsref sim -protocol raft -nodes 3 -seed ", "shrunk fault schedule"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestSimBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sim", "-protocol", "zab"},
		{"sim", "-nodes", "0"},
		{"sim", "-nodes", "10"},
		{"sim", "-seeds", "0"},
		{"sim", "-steps", "-1"},
		{"sim", "-fault-phase", "-1s"},
		{"sim", "-mutation", "NoSuchBug"},
		{"sim", "leftover"},
	} {
		code, _, errOut := runDsref(args...)
		if code != 2 || errOut == "" {
			t.Errorf("dsref %s: exit %d, stderr %q; want exit 2 and a message", strings.Join(args, " "), code, errOut)
		}
	}
}
