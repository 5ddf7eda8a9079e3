package main

import (
	"os"
	"path/filepath"
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
// for a protocol is one that protocol's -mutation accepts, and a protocol with none in this
// build (planted bugs compile only with dsref_mutations) is listed as such, with the way to
// get them. TestMutationSimListsEveryProtocol checks the tagged build.
func TestSimListsItsMutations(t *testing.T) {
	checkMutationListing(t)
}

// checkMutationListing runs dsref sim -mutations, tries every listed bug, and returns how many
// protocols it listed with bugs.
func checkMutationListing(t *testing.T) int {
	t.Helper()
	code, out, errOut := runDsref("sim", "-mutations")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	withBugs, without := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		if _, ok := simProtocols[fields[0]]; !ok {
			continue
		}
		if strings.HasSuffix(line, " none in this build") {
			without++
			continue
		}
		withBugs++
		for _, bug := range fields[1:] {
			// A failing seed's event log goes to the test's own directory, not the shared
			// default (os.TempDir()/dsref-sim) that concurrent runs of this test write too.
			if code, _, errOut := runDsref("sim", "-protocol", fields[0], "-mutation", bug, "-steps", "50", "-quiet", "-out", t.TempDir()); code != 0 && code != 1 {
				t.Errorf("%s lists %s, which dsref sim -mutation refuses: exit %d, %s", fields[0], bug, code, errOut)
			}
		}
	}
	if withBugs+without != len(simProtocols) {
		t.Errorf("%d protocols listed, %d simulated:\n%s", withBugs+without, len(simProtocols), out)
	}
	if without > 0 && !strings.Contains(out, "go run -tags dsref_mutations ./cmd/dsref sim -mutations") {
		t.Errorf("protocols without planted bugs, and no word of the build tag:\n%s", out)
	}
	if code, _, errOut := runDsref("sim", "-protocol", "paxos", "-mutation", "forget-vote", "-steps", "50", "-quiet"); code != 2 || errOut == "" {
		t.Errorf("a raft bug given to paxos: exit %d, stderr %q", code, errOut)
	}
	return withBugs
}

// TestSimScheduleNoneInjectsNothing: -schedule none is a run without any fault, and says so.
// Before, seed 1 still dropped 35 messages and duplicated 22, and printed the seed's fault rates.
func TestSimScheduleNoneInjectsNothing(t *testing.T) {
	code, out, errOut := runDsref("sim", "-seed", "1", "-schedule", "none")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "\nfaults: none\napplied: none\n") {
		t.Fatalf("summary does not say none:\n%s", out[max(0, len(out)-400):])
	}
	for _, line := range strings.Split(out, "\n") {
		for _, what := range []string{" drop ", " duplicate ", " replay ", " crash ", " pause ", " lost-partition "} {
			if strings.Contains(line, what) {
				t.Fatalf("a run without faults logged %q", line)
			}
		}
	}
}

// TestSimScheduleFromFile replays a schedule written one step a line, with comments.
func TestSimScheduleFromFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "schedule")
	text := "# crash the second node, then bring it back\n0s drop 0.05\n1s crash n2\n\n1.5s restart n2 # from its disk\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runDsref("sim", "-seed", "3", "-schedule", "@"+file)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"t=1000000 crash n2", "t=1500000 restart n2", "applied: ", "1 crash, 1 restart"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code, _, errOut := runDsref("sim", "-schedule", "@"+file+".missing"); code != 2 || !strings.Contains(errOut, "no such file") {
		t.Errorf("a missing schedule file: exit %d, stderr %q", code, errOut)
	}
}

// TestSimRefusesImpossibleSchedules: schedules whose steps cannot happen exit 2 naming the step.
func TestSimRefusesImpossibleSchedules(t *testing.T) {
	for schedule, want := range map[string]string{
		"1s restart n1":                         `schedule step 1 ("1s restart n1"): n1 is running`,
		"1s crash n2; 2s crash n2; 3s crash n2": `schedule step 2 ("2s crash n2"): n2 is already down`,
		"1s crash n2; 20s restart n2":           `schedule step 2 ("20s restart n2"): at 20s, after the fault phase ends at 4s`,
		"10ms replay 44@26.029166ms":            `schedule step 1 ("10ms replay 44@26.029166ms"): replay of the message delivered 44 deliveries ago`,
		"1s replay 1 messages":                  `schedule step 1 ("1s replay 1 messages")`,
	} {
		code, _, errOut := runDsref("sim", "-fault-phase", "4s", "-quiet", "-schedule", schedule)
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("-schedule %q: exit %d, stderr %q; want exit 2 and %q", schedule, code, errOut, want)
		}
	}
}

// TestSimFaultPhaseIsBounded: -fault-phase beyond sim.MaxFaultPhase exits 2 and says why.
func TestSimFaultPhaseIsBounded(t *testing.T) {
	code, _, errOut := runDsref("sim", "-fault-phase", "1000h")
	if code != 2 || !strings.Contains(errOut, "-fault-phase 1000h0m0s is outside 0..1h0m0s") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
