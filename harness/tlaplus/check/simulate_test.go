package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// TestSimulateChoosesAnAction runs one simulated behavior of testdata/corpus/Fork.tla per seed.
// As TLC's simulator does, each step chooses one action at random and generates and checks its
// successors only (see the module's comment): Fall first is the violation after one step and two
// states generated, Up first a behavior of six states and no violation; over 20 seeds both occur.
func TestSimulateChoosesAnAction(t *testing.T) {
	conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", "Fork.cfg"))
	require.NoError(t, err)
	outcomes := map[Verdict]int{}
	for seed := int64(0); seed < 20; seed++ {
		res, err := Check(context.Background(), filepath.Join("testdata", "corpus", "Fork.tla"), conf,
			Options{Mode: Simulate, Depth: 10, Traces: 1, Seed: seed})
		require.NoError(t, err, "seed %d", seed)
		outcomes[res.Verdict]++
		switch res.Verdict {
		case InvariantViolated:
			require.Equal(t, "NotNegative", res.Violated)
			require.Len(t, res.Trace, 2, "seed %d", seed)
			require.Equal(t, "Fall", res.Trace[1].Action, "seed %d", seed)
			require.Equal(t, int64(2), res.Generated, "seed %d: the initial state and Fall's successor", seed)
		case OK:
			require.Equal(t, int64(6), res.Generated, "seed %d: the initial state and five steps of Up", seed)
			require.Equal(t, 6, res.Depth, "seed %d", seed)
		default:
			t.Fatalf("seed %d: %v", seed, res.Verdict)
		}
	}
	require.Len(t, outcomes, 2, "outcomes over 20 seeds: %v", outcomes)
}

// generateSteps has five successors of its initial state: two disjuncts and three bindings of an
// \E in a third. Every behavior takes three steps, then no action is enabled.
const generateSteps = `---- MODULE GenerateSteps ----
EXTENDS Integers, TLC
VARIABLES x, n
Init == x = 0 /\ n = 0
Next == \/ n < 3 /\ x' = x + 1 /\ n' = n + 1
        \/ n < 3 /\ x' = x + 10 /\ n' = n + 1
        \/ n < 3 /\ \E d \in 100..102 : x' = x + d /\ n' = n + 1
ASSUME TLCGet("config").mode = "generate" /\ TLCGet("config").depth = -1
====`

// TestGenerateMode: TLC's -generate generates one successor per step, so a behavior of three
// steps counts three states generated besides the initial state, where -simulate generates all
// successors of the action it chose; the successor is chosen among all five (over 200 behaviors
// every one is taken first), and TLCGet("config") answers mode "generate" and depth -1 for
// -depth -1 (the ASSUME).
func TestGenerateMode(t *testing.T) {
	const traces = 200
	var firsts = map[string]bool{}
	dir := t.TempDir()
	res := checkSource(t, "GenerateSteps", generateSteps, "INIT Init NEXT Next CHECK_DEADLOCK FALSE",
		Options{Mode: Simulate, Generate: true, Depth: -1, Traces: traces, Seed: 7, TraceFile: filepath.Join(dir, "tr")})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)
	require.Equal(t, int64(1+3*traces), res.Generated, "one successor per step")
	require.Equal(t, 4, res.Depth)
	for i := 0; i < traces; i++ {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("tr_0_%d", i)))
		require.NoError(t, err)
		require.Contains(t, string(b), "STATE_4 == \n")
		first := strings.SplitN(string(b), "STATE_2 == \n", 2)[1]
		firsts[strings.SplitN(first, "\n", 2)[0]] = true
	}
	require.Len(t, firsts, 5, "first steps taken: %v", firsts)

	// -simulate generates every successor of the chosen action: one for the first two
	// actions, three for the third, so more than one per step but fewer than five.
	conf := "INIT Init NEXT Next CHECK_DEADLOCK FALSE"
	sim := checkSource(t, "GenerateSteps", strings.Replace(generateSteps, `"generate"`, `"simulate"`, 1), conf,
		Options{Mode: Simulate, Depth: -1, Traces: traces, Seed: 7})
	require.Equal(t, OK, sim.Verdict, "%s", sim.Violated)
	require.Greater(t, sim.Generated, int64(1+3*traces))
	require.Less(t, sim.Generated, int64(1+3*3*traces))
}

// generateEnds is SimKnuthYao's remark: with both disjuncts guarded by a random choice, the
// generator finds no successor when both choices fail, and the behavior ends there. Each step
// succeeds with probability 3/4, so over 100 behaviors of up to 20 states some end early.
const generateEnds = `---- MODULE GenerateEnds ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == \/ RandomElement(1..2) = 1 /\ x' = x + 1
        \/ RandomElement(1..2) = 1 /\ x' = x + 1
====`

func TestGenerateModeEndsWhereNothingIsGenerated(t *testing.T) {
	res := checkSource(t, "GenerateEnds", generateEnds, "INIT Init NEXT Next CHECK_DEADLOCK FALSE",
		Options{Mode: Simulate, Generate: true, Depth: 20, Traces: 100, Seed: 3})
	require.Equal(t, OK, res.Verdict)
	require.Less(t, res.Generated, int64(1+19*100), "no behavior ended early")
	require.LessOrEqual(t, res.Depth, 20)

	// With deadlock checking on, such an end is a deadlock, as in TLC.
	res = checkSource(t, "GenerateEnds", generateEnds, "INIT Init NEXT Next",
		Options{Mode: Simulate, Generate: true, Depth: 20, Traces: 100, Seed: 3})
	require.Equal(t, Deadlock, res.Verdict)
}

// TestGenerateModeChoosesAmongActions: as TLC's generator, -generate first chooses one of the
// actions TLC splits the next-state relation into, uniformly, then a successor of it. The four
// actions of the one-line disjunction (a left-nested chain of binary \/) are each taken about a
// quarter of the time over 400 behaviors of one step, not 1/8, 1/8, 1/4, 1/2 as choosing a side
// of each \/ would give.
func TestGenerateModeChoosesAmongActions(t *testing.T) {
	const traces = 400
	dir := t.TempDir()
	res := checkSource(t, "Chain", `---- MODULE Chain ----
VARIABLE x
Init == x = 0
Next == x' = 1 \/ x' = 2 \/ x' = 3 \/ x' = 4
====`, "INIT Init NEXT Next", Options{Mode: Simulate, Generate: true, Depth: 2, Traces: traces, Seed: 11, TraceFile: filepath.Join(dir, "tr")})
	require.Equal(t, OK, res.Verdict)
	taken := map[string]int{}
	for i := 0; i < traces; i++ {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("tr_0_%d", i)))
		require.NoError(t, err)
		second := strings.SplitN(string(b), "STATE_2 == \n", 2)[1]
		taken[strings.SplitN(second, "\n", 2)[0]]++
	}
	require.Len(t, taken, 4, "%v", taken)
	for step, n := range taken {
		require.Greater(t, n, traces/4*2/3, "%s taken %d times of %d: %v", step, n, traces, taken)
	}
}

// tlcSetSim is TLC's own TLCSetSim.tla test with a depth of 40 for 4224: run with -depth 40 and
// -traces -1 (TLC's default: until stopped), TLCGet("config") answers them back, the behavior
// being drawn counts among TLCGet("stats").traces (0 in the initial predicate, 1 during the first
// behavior), the states generated count the initial state and each successor (x' in every step),
// and the last state of a behavior of 40 states is expanded too: its step sets exit, which stops
// the run without an error. A simulator that did not count the first behavior, or stopped before
// expanding the 40th state, would draw behaviors for ever. The POSTCONDITION sees the behavior
// drawn and the states generated.
const tlcSetSim = `---- MODULE TLCSetSim ----
EXTENDS Integers, TLC
ASSUME /\ TLCGet("config").depth = 40
       /\ TLCGet("config").mode \in {"simulate", "generate"}
       /\ TLCGet("config").traces = -1
VARIABLES x
Init == /\ x = 0
        /\ TLCGet("stats").duration >= 0
        /\ TLCGet("stats").traces = 0
        /\ TLCGet("stats").generated = 0
Next == /\ x' = x + 1
        /\ TLCGet("stats").duration >= 0
        /\ TLCGet("stats").traces = 1
        /\ TLCGet("stats").generated = x'
        /\ TLCSet("exit", x = 39)
Spec == Init /\ [][Next]_x
Post == TLCGet("stats").traces = 1 /\ TLCGet("stats").generated = 41
ASSUME TLCGet("config").deadlock = FALSE
ASSUME TLCGet("config").worker = 1
ASSUME TLCGet("config").aril \in STRING
ASSUME TLCGet("config").seed \in STRING
====`

func TestTLCSetSim(t *testing.T) {
	path := filepath.Join(t.TempDir(), "TLCSetSim.tla")
	require.NoError(t, os.WriteFile(path, []byte(tlcSetSim), 0o644))
	conf, err := cfg.Parse("TLCSetSim.cfg", "SPECIFICATION Spec CHECK_DEADLOCK FALSE POSTCONDITION Post")
	require.NoError(t, err)
	for _, generate := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		res, err := Check(ctx, path, conf, Options{Mode: Simulate, Generate: generate, Depth: 40, Traces: -1})
		cancel()
		require.NoError(t, err, "generate %v", generate)
		require.Equal(t, OK, res.Verdict, "generate %v: %s", generate, res.Violated)
		require.Equal(t, int64(41), res.Generated, "generate %v", generate)
		require.Equal(t, 40, res.Depth, "generate %v", generate)
	}
}
