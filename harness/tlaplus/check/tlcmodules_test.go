package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// checkSource model-checks module name, written to a temporary folder, under the configuration
// text conf.
func checkSource(t *testing.T, name, src, conf string, opts Options) Result {
	t.Helper()
	res, err := checkSourceErr(t, name, src, conf, opts)
	require.NoError(t, err)
	return res
}

// checkSourceErr is checkSource answering Check's error: src is written to name.tla in a
// temporary folder.
func checkSourceErr(t *testing.T, name, src, conf string, opts Options) (Result, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".tla")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	c, err := cfg.Parse(name+".cfg", conf)
	require.NoError(t, err)
	return Check(context.Background(), path, c, opts)
}

// randomConstant: C is a constant definition choosing at random, which TLC evaluates once when
// it starts. Every use in a run sees the same value (x only ever takes C), and the value
// depends on -seed: over eight seeds, C takes more than one value (all eight equal has
// probability 1000^-7).
const randomConstant = `---- MODULE RandomConstant ----
EXTENDS Naturals, TLC
VARIABLE x
C == RandomElement(1..1000)
Init == x = 0
Next == x' = C
Same == x \in {0, C}
Zero == x = 0
====`

func TestRandomElementConstantOncePerRun(t *testing.T) {
	seen := map[string]bool{}
	for seed := int64(1); seed <= 8; seed++ {
		res := checkSource(t, "RandomConstant", randomConstant, "INIT Init NEXT Next INVARIANT Same", Options{Seed: seed, Workers: 2})
		require.Equal(t, OK, res.Verdict, "seed %d: %s", seed, res.Violated)
		require.Equal(t, int64(2), res.Distinct, "seed %d", seed)

		res = checkSource(t, "RandomConstant", randomConstant, "INIT Init NEXT Next INVARIANT Zero", Options{Seed: seed})
		require.Equal(t, InvariantViolated, res.Verdict)
		require.Len(t, res.Trace, 2)
		seen[value.Abbrev(res.Trace[1].State[0])] = true
	}
	require.Greater(t, len(seen), 1, "C took the same value under every seed: %v", seen)
}

// randomLive: Bound is a constant definition choosing at random, and the PROPERTIES quantify
// over a set built from it, as SpanTreeRandom (tlaplus/Examples) quantifies over Nbrs(n), which
// reads its random Edges. The liveness planner lays out such bounds at load time, without the
// run's random source; it once fixed Bound to the first element, 1, for the whole run (2
// distinct states whatever the seed, SpanTreeRandom's graph empty), and left the properties
// unchecked as depending on the run. TLC evaluates Bound once when it starts and checks them.
const randomLive = `---- MODULE RandomLive ----
EXTENDS Naturals, TLC
VARIABLE x
Bound == RandomElement(1..8)
Init == x = 0
Next == x < Bound /\ x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Reaches == \A b \in 1..Bound : <>(x >= b)
Beyond == \A b \in 1..Bound : <>(x > b)
====`

func TestRandomConstantInLivenessBounds(t *testing.T) {
	distinct := map[int64]bool{}
	for seed := int64(1); seed <= 8; seed++ {
		plain := checkSource(t, "RandomLive", randomLive, "SPECIFICATION Spec CHECK_DEADLOCK FALSE", Options{Seed: seed})
		live := checkSource(t, "RandomLive", randomLive, "SPECIFICATION Spec PROPERTY Reaches CHECK_DEADLOCK FALSE", Options{Seed: seed})
		require.Equal(t, OK, live.Verdict, "seed %d", seed)
		require.Empty(t, live.NotChecked, "seed %d", seed)
		require.Equal(t, plain.Distinct, live.Distinct, "seed %d: the property changed the state space", seed)
		distinct[plain.Distinct] = true

		bad := checkSource(t, "RandomLive", randomLive, "SPECIFICATION Spec PROPERTY Beyond CHECK_DEADLOCK FALSE", Options{Seed: seed, Workers: 2})
		require.Equal(t, LivenessViolated, bad.Verdict, "seed %d", seed)
		require.Equal(t, plain.Distinct, bad.Distinct, "seed %d", seed)
	}
	require.Greater(t, len(distinct), 1, "Bound took the same value under every seed")
}

// randomSteps chooses a step at random in every state. In a breadth-first search the choices
// made expanding a state depend on the seed and the state only (TLC reseeds its source with
// the state's fingerprint), so the counts are the same whatever the number of workers.
const randomSteps = `---- MODULE RandomSteps ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x \in 0..3
Next == x < 40 /\ x' = x + RandomElement(1..3)
====`

func TestRandomElementPerStateInBFS(t *testing.T) {
	for seed := int64(0); seed < 3; seed++ {
		one := checkSource(t, "RandomSteps", randomSteps, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", Options{Seed: seed})
		two := checkSource(t, "RandomSteps", randomSteps, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", Options{Seed: seed, Workers: 2})
		require.Equal(t, [3]int64{one.Generated, one.Distinct, int64(one.Depth)}, [3]int64{two.Generated, two.Distinct, int64(two.Depth)}, "seed %d", seed)
	}
}

// postAfterViolation: TLC evaluates the POSTCONDITION after a violation too, with
// TLCExt!CounterExample the violation's counterexample (Worker.doPostCondition): Post holds on
// the 3-state trace to x = 2, PostBad does not, which is reported while the verdict (and exit
// status) stay the violation's.
const postAfterViolation = `---- MODULE PostAfter ----
EXTENDS Naturals, FiniteSets, TLCExt
VARIABLE x
Init == x = 0
Next == x' = x + 1
Small == x < 2
Post == Cardinality(CounterExample.state) = 3 /\ Cardinality(CounterExample.action) = 2
PostBad == CounterExample.state = {}
====`

func TestPostconditionAfterViolation(t *testing.T) {
	res := checkSource(t, "PostAfter", postAfterViolation, "INIT Init NEXT Next INVARIANT Small POSTCONDITION Post", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Empty(t, res.Postcondition)

	res = checkSource(t, "PostAfter", postAfterViolation, "INIT Init NEXT Next INVARIANT Small POSTCONDITION PostBad", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, ExitSafety, res.ExitCode())
	require.Equal(t, "The postcondition PostBad is violated.", res.Postcondition)

	// Without a violation CounterExample is the empty graph, so PostBad holds and Post fails.
	res = checkSource(t, "PostAfter", postAfterViolation, "INIT Init NEXT Next CONSTRAINT Small POSTCONDITION PostBad", Options{})
	require.Equal(t, OK, res.Verdict)
	res = checkSource(t, "PostAfter", postAfterViolation, "INIT Init NEXT Next CONSTRAINT Small POSTCONDITION Post", Options{})
	require.Equal(t, PostconditionFailed, res.Verdict)
}

// traceSpec checks TLCExt!Trace as TLC answers it: in the action, the behavior to the state
// being expanded; in the invariant and the constraint, the behavior to the state checked. Were
// Next's conjunct false, x would not get past 0 (5 distinct states otherwise); were the
// invariant, the run would fail.
const traceSpec = `---- MODULE TraceTo ----
EXTENDS Naturals, Sequences, TLCExt
VARIABLE x
Init == x \in {0, 10}
Ends(s) == Trace[Len(Trace)].x = s /\ Trace[1].x \in {0, 10}
Next == x < 3 /\ Ends(x) /\ Len(Trace) = x + 1 /\ x' = x + 1
TraceInv == Ends(x) /\ Len(Trace) = IF x = 10 THEN 1 ELSE x + 1
InModel == Ends(x)
====`

func TestTLCExtTrace(t *testing.T) {
	conf := "INIT Init NEXT Next INVARIANT TraceInv CONSTRAINT InModel CHECK_DEADLOCK FALSE"
	for _, opts := range []Options{{}, {Workers: 2}, {Mode: DFS, Depth: 10}, {Mode: Simulate, Traces: 4, Depth: 10}} {
		res := checkSource(t, "TraceTo", traceSpec, conf, opts)
		require.Equal(t, OK, res.Verdict, "%+v: %s", opts, res.Violated)
		if opts.Mode != Simulate {
			require.Equal(t, [3]int64{5, 5, 4}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)}, "%+v", opts)
		}
	}
}

// initQuantifier is an initial predicate reached through SPECIFICATION, whose \E binds a variable
// a function constructor reads. Generating initial states resets the enumerator's session before
// every evaluation; that once gave back the frame binding p while the \E still used it, so the
// constructor's frame became its own parent and the lookup of p never ended (tlaplus/Examples
// tcp/MCtcp hung before its first state).
const initQuantifier = `---- MODULE InitQuantifier ----
CONSTANT P
VARIABLE x, y
vars == <<x, y>>
Init == \E p \in P : x = 1 /\ y = [q \in P |-> q = p]
Spec == Init /\ [][UNCHANGED vars]_vars
====`

func TestInitQuantifierThroughSpecification(t *testing.T) {
	path := filepath.Join(t.TempDir(), "InitQuantifier.tla")
	require.NoError(t, os.WriteFile(path, []byte(initQuantifier), 0o644))
	c, err := cfg.Parse("InitQuantifier.cfg", "CONSTANT P = {a, b}\nSPECIFICATION Spec")
	require.NoError(t, err)
	// A hang fails here rather than at the package's timeout; a correct run takes milliseconds.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Check(ctx, path, c, Options{})
	require.NoError(t, err)
	require.Equal(t, [3]int64{4, 2, 1}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}

// configMode: TLC's depth-first checker answers TLCGet("config") with its base class's record
// (AbstractChecker.createConfig): mode "bfs" and no depth; the simulator's has mode
// "simulate", depth and traces, and no fingerprint.
const configMode = `---- MODULE ConfigMode ----
EXTENDS TLC
VARIABLE x
ASSUME TLCGet("config").mode = "bfs" /\ DOMAIN TLCGet("config") = {"mode", "deadlock", "worker", "seed", "fingerprint", "install"}
Init == x = 0
Next == UNCHANGED x
====`

func TestTLCGetConfigInDFS(t *testing.T) {
	for _, opts := range []Options{{}, {Mode: DFS, Depth: 3}} {
		res := checkSource(t, "ConfigMode", configMode, "INIT Init NEXT Next", opts)
		require.Equal(t, OK, res.Verdict, "%+v: %s", opts, res.Violated)
	}
	res := checkSource(t, "ConfigMode", configMode, "INIT Init NEXT Next", Options{Mode: Simulate, Traces: 1, Depth: 2})
	require.Equal(t, AssumptionFailed, res.Verdict)
}

// cdotRandom: the step property composes UNCHANGED x with a random choice, decided outside
// next-state generation (eval.Context.Compose). The one step, x from 0 to 1, satisfies it only
// when RandomElement draws 1. It once drew without the worker's seeded source, so always the
// first element, 1, and the property held for every seed; drawn as elsewhere, over four seeds it
// fails for at least one (all four drawing 1 has probability 1000^-4), and a seed gives the same
// verdict every time.
const cdotRandom = `---- MODULE CdotRandom ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == x = 0 /\ x' = 1
Drawn == (UNCHANGED x) \cdot (x' = RandomElement(1..1000))
StepProp == [][Drawn]_x
====`

func TestRandomElementInComposition(t *testing.T) {
	conf := "INIT Init NEXT Next PROPERTY StepProp CHECK_DEADLOCK FALSE"
	violated := 0
	for seed := int64(0); seed < 4; seed++ {
		first := checkSource(t, "CdotRandom", cdotRandom, conf, Options{Seed: seed})
		again := checkSource(t, "CdotRandom", cdotRandom, conf, Options{Seed: seed, Workers: 2})
		require.Equal(t, first.Verdict, again.Verdict, "seed %d", seed)
		if first.Verdict == ActionPropertyViolated {
			violated++
		}
	}
	require.Positive(t, violated, "RandomElement inside \\cdot drew the same element for every seed")
}

// animFrames draws each state of its counterexample with the community SVG module in an ALIAS,
// as SlidingPuzzles_anim does: TLCGet("level") in the ALIAS is the state's level in the trace,
// and SVGSerialize writes one frame per state, <prefix><level>.svg, through IOUtils' Serialize
// with the community's [format |-> "TXT", ...] options.
const animFrames = `---- MODULE AnimFrames ----
EXTENDS Naturals, TLC, SVG
VARIABLE x
Init == x = 0
Next == x' = x + 1
Small == x < 2
Frame == SVGDoc(Circle(x, 0, 1, <<>>), 0, 0, 10, 10, <<>>)
Alias == [x |-> x, level |-> TLCGet("level"), written |-> SVGSerialize(Frame, PREFIX, TLCGet("level")).exitValue]
====`

func TestAliasLevelAndSVGFrames(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "frame_")
	src := strings.Replace(animFrames, "PREFIX", `"`+prefix+`"`, 1)
	res := checkSource(t, "AnimFrames", src, "INIT Init NEXT Next INVARIANT Small ALIAS Alias", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Len(t, res.Trace, 3)
	for i, st := range res.Trace {
		require.Equal(t, []string{"x", "level", "written"}, st.Vars, "the ALIAS's fields in the order written")
		require.Equal(t, []value.Value{value.Int(i), value.Int(i + 1), value.Int(0)}, []value.Value(st.State))
	}
	data, err := os.ReadFile(prefix + "3.svg")
	require.NoError(t, err)
	require.Equal(t, "<svg viewBox='0 0 10 10' xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"+
		"<circle cx='2' cy='0' r='1'></circle></svg>", string(data))
}
