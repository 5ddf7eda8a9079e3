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

// TestSimListsItsMutations checks -mutations against the simulator itself: every bug it lists
// for a protocol is one that protocol's -mutation accepts. A build without planted bugs (no
// dsref_mutations tag) lists none and says how to get them.
func TestSimListsItsMutations(t *testing.T) {
	code, out, errOut := runDsref("sim", "-mutations")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	listed := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		if _, ok := simProtocols[fields[0]]; !ok {
			continue
		}
		for _, bug := range fields[1:] {
			listed++
			if code, _, errOut := runDsref("sim", "-protocol", fields[0], "-mutation", bug, "-steps", "50", "-quiet"); code != 0 && code != 1 {
				t.Errorf("%s lists %s, which dsref sim -mutation refuses: exit %d, %s", fields[0], bug, code, errOut)
			}
		}
	}
	if listed == 0 && !strings.Contains(out, "-tags dsref_mutations") {
		t.Fatalf("no planted bug listed, and no word of the build tag:\n%s", out)
	}
	if code, _, errOut := runDsref("sim", "-protocol", "paxos", "-mutation", "ForgetVote", "-steps", "50", "-quiet"); code != 2 || errOut == "" {
		t.Errorf("a raft bug given to paxos: exit %d, stderr %q", code, errOut)
	}
}
