package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	tlasyntax "github.com/dsref/dsref/harness/tlaplus/syntax"
)

const corpusDir = "../../harness/tlaplus/check/testdata/corpus"

func runDsref(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := dispatch(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckCommandExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", corpusDir + "/HourClock.tla"}, 0, "24 states generated, 12 distinct states found, 0 states left on queue."},
		{[]string{"check", "-workers", "2", corpusDir + "/HourClock"}, 0, "The depth of the complete state graph search is 1."},
		{[]string{"check", "-config", "Stop.cfg", corpusDir + "/Stop.tla"}, 11, "Error: Deadlock reached."},
		{[]string{"check", "-deadlock", "-config", "Stop.cfg", corpusDir + "/Stop.tla"}, 0, "No error has been found."},
		{[]string{"check", corpusDir + "/Jumps.tla"}, 12, "Error: Invariant NotFour is violated."},
		// TLC names the [][Next]_p reached through RefinesBad == Bad!Spec, Spec == Init /\ [][Next]_p, after
		// its location in Parity (SpecProcessor.processConfigProps: a conjunct is named conj.toString()).
		// A PROPERTY violated by a step or an initial state exits 13, VIOLATION_LIVENESS, as in
		// TLC's EC.ExitStatus (invariants only are VIOLATION_SAFETY, 12).
		{[]string{"check", "-config", "CycleBad.cfg", corpusDir + "/Cycle.tla"}, 13, "Error: Action property line 7, col 17 to line 7, col 26 of module Parity is violated."},
		// A PROPERTY false in an initial state: TLC's TLC_PROPERTY_VIOLATED_INITIAL wording.
		{[]string{"check", "-config", "CycleInitBad.cfg", corpusDir + "/Cycle.tla"}, 13, "Error: Property StartsAtOne is violated by the initial state:\nn = 0\n\nFinished in"},
		// Live is a liveness property that Spec, without fairness, violates (TLC's exit code 13);
		// a depth-first search does not check it, so it does not pass either (exit code 3).
		{[]string{"check", "-config", "CycleLive.cfg", corpusDir + "/Cycle.tla"}, 13, "Error: Temporal property Live was violated."},
		{[]string{"check", "-config", "CycleLive.cfg", corpusDir + "/Cycle.tla"}, 13, "State 2: Stuttering"},
		// Once is violated by the finite behavior FALSE, TRUE, FALSE, TRUE, found while searching:
		// no loop, exit 12, as TLC's Github710a test expects of the same model.
		{[]string{"check", "-config", "Flip.cfg", corpusDir + "/Flip.tla"}, 12, "Error: Temporal property Once was violated."},
		{[]string{"check", "-config", "Flip.cfg", corpusDir + "/Flip.tla"}, 12, "State 4: <Next line 13, col 9 to line 13, col 22 of module Flip>\nb = TRUE\n\n5 states generated, 2 distinct states found, 0 states left on queue."},
		{[]string{"check", "-dfs", "-config", "CycleLive.cfg", corpusDir + "/Cycle.tla"}, 3, "Warning: PROPERTY Live NOT checked; exit code 3, not 0."},
		{[]string{"check", "-config", "Cycle.cfg", corpusDir + "/Cycle.tla"}, 0, "5 states generated, 4 distinct states found, 0 states left on queue."},
		{[]string{"check", corpusDir + "/Assume.tla"}, 10, "Error: Assumption line 5, col 8 to line 5, col 12 of module Assume is false."},
		// TLC's test Github461: Next's Assert(x < 4, ...) fails in the state x = 4, the fifth;
		// TLC reports EC.TLC_VALUE_ASSERT_FAILED with the string in quotes, the behavior to
		// x = 4, and exits VIOLATION_ASSERT (14).
		{[]string{"check", corpusDir + "/Github461.tla"}, 14, "Github461.tla:9:8: The first argument of Assert evaluated to FALSE; the second argument was:\n\"Failure of assertion at line 8, column 4.\"\n"},
		{[]string{"check", corpusDir + "/Github461.tla"}, 14, "State 5: <Next line 9, col 5 to line 10, col 17 of module Github461>\nx = 4\n"},
		// An INVARIANT that fails to evaluate on a successor (x = 2: 2 = {}) is TLC's
		// EC.TLC_INVARIANT_EVALUATION_FAILED (ModelChecker.doNextCheckInvariants), exit
		// FAILURE_SAFETY_EVAL (76).
		{[]string{"check", corpusDir + "/InvEval.tla"}, 76, "Attempted to check equality of integer 2 with non-integer:\n{}\n"},
		{[]string{"check", corpusDir + "/InvEval.tla"}, 76, "State 3: <Next line 6, col 9 to line 6, col 18 of module InvEval>\nx = 2\n"},
		// A step property that fails to evaluate (x = 1 to x = 2: 2 # {}) is TLC's
		// EC.TLC_ACTION_PROPERTY_EVALUATION_FAILED (ModelChecker.doNextCheckImplied), exit
		// VIOLATION_LIVENESS (13).
		{[]string{"check", corpusDir + "/ActEval.tla"}, 13, "Attempted to check equality of integer 2 with non-integer:\n{}\n"},
		{[]string{"check", corpusDir + "/ActEval.tla"}, 13, "State 3: <Next line 6, col 9 to line 6, col 18 of module ActEval>\nx = 2\n"},
		{[]string{"check", "-simulate", "-depth", "20", "-seed", "4", corpusDir + "/Jumps.tla"}, 12, "Error: Invariant NotFour is violated."},
		{[]string{"check", "-dfs", "-depth", "5", corpusDir + "/Bits.tla"}, 0, "4 distinct states found"},
		// DieHard's first 4 BFS levels hold 1 + 2 + 3 + 2 states; NotSolved fails first on level 7.
		{[]string{"check", "-dfs", "-depth", "4", corpusDir + "/DieHard.tla"}, 0, "8 distinct states found"},
		{[]string{"check", "-dfs", "-depth", "6", "-config", "DieHardSolve.cfg", corpusDir + "/DieHard.tla"}, 0, "12 distinct states found"},
		{[]string{"check", "-dfs", "-depth", "7", "-config", "DieHardSolve.cfg", corpusDir + "/DieHard.tla"}, 12, "Error: Invariant NotSolved is violated."},
		// -difftrace: after the first state only the variables that changed (FillBig changes big).
		{[]string{"check", "-difftrace", "-config", "DieHardSolve.cfg", corpusDir + "/DieHard.tla"}, 12, "of module DieHard>\n/\\ big = 5\n\nState 3:"},
		// Step <- [Steps] Two: x climbs 0, 2, 4, 6 (see ScopedInstance.tla).
		{[]string{"check", "-config", "ScopedInstanceStep.cfg", corpusDir + "/ScopedInstance.tla"}, 0, "4 states generated, 4 distinct states found"},
	}
	for _, c := range cases {
		code, out, errOut := runDsref(c.args...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("dsref %s: exit %d, want %d; output:\n%s%s\nwant it to contain %q", strings.Join(c.args, " "), code, c.code, out, errOut, c.want)
		}
	}
}

func TestCheckCommandBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "Bad.cfg")
	if err := os.WriteFile(bad, []byte("INVARIENT X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nowhere := filepath.Join(t.TempDir(), "Nowhere.cfg")
	if err := os.WriteFile(nowhere, []byte("INIT Init\nNEXT Next\nCONSTANT Step <- [Nowhere] Two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("Syntax.cfg", "INIT Init\nNEXT Next\n")
	syntax := write("Syntax.tla", "---- MODULE Syntax ----\nVARIABLE x\nInit == x =\nNext == x' = x\n====\n")
	// f[x + 1] leaves f's domain 0..2 when expanding x = 2 (after 0 -> 1 -> 2); CHOOSE has no
	// witness on the first expansion.
	write("Domain.cfg", "INIT Init\nNEXT Next\n")
	domain := write("Domain.tla", "---- MODULE Domain ----\nEXTENDS Naturals\nVARIABLE x\nf == [i \\in 0..2 |-> i]\nInit == x = 0\nNext == x' = f[x + 1]\n====\n")
	write("NoWitness.cfg", "INIT Init\nNEXT Next\n")
	noWitness := write("NoWitness.tla", "---- MODULE NoWitness ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = CHOOSE y \\in 0..3 : y > 5\n====\n")
	primed := write("Primed.cfg", "INIT Init\nNEXT Next\nINVARIANT Step\n")
	// A PROPERTY naming an action (TLC's ActionLevelPropA..E: exit ERROR_CONFIG_PARSE) and a
	// SPECIFICATION with an action outside [][A]_v (TLC_CANT_HANDLE_CONJUNCT) are the
	// configuration's errors for TLC, exit 151.
	actionProp := write("ActionProp.cfg", "INIT Init\nNEXT Next\nPROPERTY Step\n")
	unboxed := write("Unboxed.cfg", "SPECIFICATION Unboxed\n")
	// A constant without a value: TLC_CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM, 151.
	write("NoValue.cfg", "INIT Init\nNEXT Next\n")
	noValue := write("NoValue.tla", "---- MODULE NoValue ----\nCONSTANT N\nVARIABLE x\nInit == x = N\nNext == x' = x\n====\n")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check"}, 2, "dsref check: expected Spec.tla, got 0 arguments"},
		{[]string{"check", "A.tla", "B.tla"}, 2, "dsref check: unexpected argument \"B.tla\" after Spec.tla"},
		{[]string{"check", "-bogus", "X.tla"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"check", syntax}, 150, "Syntax.tla:4:6:"},
		// TLC's Github1389Loops: EC.SYSTEM_STACK_OVERFLOW, exit 255 (ExitStatus.ERROR).
		{[]string{"check", "-config", "Github1389Loops.cfg", "../../harness/tlaplus/check/testdata/live/Github1389Loops.tla"}, 255, "Error: This was a Java StackOverflowError. It was probably the result\n"},
		{[]string{"check", domain}, 75, "Domain.tla:6:14: applying function"},
		{[]string{"check", domain}, 75, "State 3: <Next line 6, col 9 to line 6, col 21 of module Domain>\nx = 2\n"},
		{[]string{"check", noWitness}, 75, "NoWitness.tla:5:14: CHOOSE found no element of 0..3 satisfying the condition"},
		// TLC_INVARIANT_VIOLATED_LEVEL: FAILURE_SAFETY_EVAL, 76 (EC.ExitStatus.errorConstantToExitStatus).
		{[]string{"check", "-config", primed, corpusDir + "/WrongLevel.tla"}, 76, "Primed.cfg:3:11: INVARIANT Step is an action-level (primed) formula"},
		{[]string{"check", "-config", actionProp, corpusDir + "/WrongLevel.tla"}, 151, "ActionProp.cfg:3:10: PROPERTY Step: The property Step is not correctly defined."},
		{[]string{"check", "-config", unboxed, corpusDir + "/WrongLevel.tla"}, 151, "TLC cannot handle this conjunct of the spec:"},
		{[]string{"check", noValue}, 151, "the configuration gives no value to constant(s) N"},
		{[]string{"check", "-workers", "0", "X.tla"}, 2, "-workers must be at least 1"},
		{[]string{"check", "-workers", "many", "X.tla"}, 2, `expected a number of workers or auto, got "many"`},
		{[]string{"check", "-depth", "x", "X.tla"}, 2, "invalid value"},
		{[]string{"check", "-dfs", "-simulate", "X.tla"}, 2, "exclude each other"},
		{[]string{"check", "-dfs", "-workers", "2", "X.tla"}, 2, "-workers applies to breadth-first search and -simulate, not to -dfs"},
		{[]string{"check", "-dfs", "-traces", "3", "X.tla"}, 2, "-traces applies to -simulate only"},
		{[]string{"check", "-traces", "3", "X.tla"}, 2, "-traces applies to -simulate only"},
		{[]string{"check", "-dump", "svg", "f", "X.tla"}, 2, "unexpected argument \"X.tla\" after Spec.tla"},
		{[]string{"check", "-simulate", "-depth", "0", "X.tla"}, 2, "-depth must be at least 1 (or -1, unbounded, with -simulate), got 0"},
		{[]string{"check", "-dfs", "-depth", "-1", "X.tla"}, 2, "-depth must be at least 1"},
		{[]string{"check", "-tracefile", "f", "X.tla"}, 2, "-tracefile applies to -simulate only"},
		{[]string{"check", "-simulate", "-traces", "0", "X.tla"}, 2, "-traces must be at least 1 (or -1, unbounded), got 0"},
		{[]string{"check", "-simulate", "num=x", "X.tla"}, 2, `invalid value "x" for flag -traces`},
		{[]string{"check", "-generate", "num=2,stats=basic", "X.tla"}, 2, `TLC's -simulate/-generate option "stats=basic" is not supported`},
		{[]string{"check", "-dumpTrace", "svg", "f", "X.tla"}, 2, "expected -dumpTrace json FILE or -dumpTrace tla FILE"},
		{[]string{"check", "-dfs", "-dump", "f", "X.tla"}, 2, "-dump needs the default breadth-first search"},
		{[]string{"check", "-lnmem", "0", "X.tla"}, 2, "-lnmem is a number of megabytes from 1 to 2^40, got 0"},
		// TLC's options this command does not support are refused, naming the option, its value
		// consumed with it; -checkpoint only as 0.
		{[]string{"check", "-coverage", "-1", "X.tla"}, 2, "-coverage is a number of minutes, at least 0, got -1"},
		{[]string{"check", "-dfs", "-coverage", "1", "X.tla"}, 2, "-coverage applies to the default breadth-first search"},
		{[]string{"check", "-continue", "X.tla"}, 2, "TLC's -continue is not supported"},
		{[]string{"check", "-maxSetSize", "100", "X.tla"}, 2, "TLC's -maxSetSize is not supported"},
		{[]string{"check", "-dfid", "3", "X.tla"}, 2, "TLC's -dfid is not supported: it searches depth-first with iterative deepening; -dfs -depth N"},
		{[]string{"check", "-generateSpecTE", "nomonolith", "X.tla"}, 2, "TLC's -generateSpecTE is not supported"},
		{[]string{"check", "-checkpoint", "10", "X.tla"}, 2, "-checkpoint 10: no checkpoints are written here"},
		{[]string{"check", "-dump", "dot,snapshot", "f", "X.tla"}, 2, "-dump dot,snapshot is not supported"},
		{[]string{"check", "-dump", "dot,colour", "f", "X.tla"}, 2, `-dump dot takes the options colorize, actionlabels and snapshot, not "colour"`},
		{[]string{"check", "-config", bad, corpusDir + "/HourClock.tla"}, 151, "Bad.cfg:1:1: expected a configuration keyword"},
		{[]string{"check", corpusDir + "/Missing.tla"}, 150, "Error: cannot read the spec: stat " + corpusDir + "/Missing.tla: no such file or directory"},
		{[]string{"check", corpusDir}, 150, "Error: cannot read the spec: " + corpusDir + " is a directory"},
		{[]string{"check", "-config", "Nowhere.cfg", corpusDir + "/HourClock.tla"}, 151, "Error: reading the configuration: open Nowhere.cfg: no such file or directory"},
		{[]string{"check", "-config", "Counter.cfg", corpusDir + "/Stop.tla"}, 151, "Counter.cfg:4:12: CONSTRAINT Bound is not defined"},
		{[]string{"check", "-config", nowhere, corpusDir + "/ScopedInstance.tla"}, 150, "Nowhere.cfg:3:10: the configuration entry Step <- [Nowhere] Two names module Nowhere"},
	}
	for _, c := range cases {
		code, out, errOut := runDsref(c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("dsref %s: exit %d, want %d; output:\n%s%s\nwant it to contain %q", strings.Join(c.args, " "), code, c.code, out, errOut, c.want)
		}
	}
}

func TestCheckCommandDumpDot(t *testing.T) {
	dot := filepath.Join(t.TempDir(), "graph.dot")
	code, out, errOut := runDsref("check", "-dump", "dot", dot, corpusDir+"/HourClock.tla")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	data, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	// 12 states, 12 edges (each hour has one successor).
	if n := strings.Count(string(data), " -> "); n != 12 {
		t.Fatalf("%d edges in the dot file, want 12:\n%s", n, data)
	}
	if n := strings.Count(string(data), "[label=\"hr = "); n != 12 {
		t.Fatalf("%d nodes in the dot file, want 12:\n%s", n, data)
	}
}

// TestCheckCommandTLCNoOpOptions: TLC's options about its files and fingerprint set are accepted
// and change nothing (the report but for its time is the one without them), and TLC's
// -dump dot,colorize,actionlabels FILE writes the dot graph, with its edges labelled.
func TestCheckCommandTLCNoOpOptions(t *testing.T) {
	report := func(args ...string) string {
		code, out, errOut := runDsref(append(append([]string{"check"}, args...), corpusDir+"/HourClock.tla")...)
		if code != 0 {
			t.Fatalf("dsref check %s: exit %d: %s%s", strings.Join(args, " "), code, out, errOut)
		}
		return regexp.MustCompile(`Finished in .*`).ReplaceAllString(out, "")
	}
	plain := report()
	dot := filepath.Join(t.TempDir(), "g.dot")
	opts := []string{"-cleanup", "-gzip", "-metadir", t.TempDir(), "-fp", "7", "-fpmem", ".25", "-fpbits", "1",
		"-checkpoint", "0", "-noGenerateSpecTE", "-modelcheck", "-dump", "dot,colorize,actionlabels", dot}
	if got := report(opts...); got != plain {
		t.Errorf("with %s:\n%s\nwithout:\n%s", strings.Join(opts, " "), got, plain)
	}
	data, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "[label=\"Next\"]"); n != 12 {
		t.Errorf("%d edges labelled Next in the dot file, want 12:\n%s", n, data)
	}
}

// TestCheckCommandSimulateIsDeterministic runs the same simulation twice: with one seed the
// behaviors, and so the whole report, are the same.
func TestCheckCommandSimulateIsDeterministic(t *testing.T) {
	run := func(seed string) string {
		code, out, errOut := runDsref("check", "-simulate", "-depth", "30", "-traces", "20", "-seed", seed, "-config", "DieHard.cfg", corpusDir+"/DieHard.tla")
		if code != 0 {
			t.Fatalf("exit %d: %s%s", code, out, errOut)
		}
		// Drop the timing line, the only one that may differ.
		return out[:strings.LastIndex(out, "Finished in")]
	}
	for _, seed := range []string{"1", "42"} {
		a, b := run(seed), run(seed)
		if a != b {
			t.Errorf("seed %s: two runs differ:\n%s\n---\n%s", seed, a, b)
		}
		// Every DieHard action has one successor in every state (no action has a guard), TypeOK
		// is never violated, and each of the 20 behaviors of 30 states expands its 30 states
		// (the last one's successors are checked too), each generating the successor of the
		// action chosen, as TLC's simulator: the one initial state plus 20 * 30 successors.
		if !strings.Contains(a, "601 states generated") {
			t.Errorf("seed %s: want 601 states generated in\n%s", seed, a)
		}
	}
}

// TestCheckCommandSimulateArguments: TLC's `-simulate num=N,file=F` and `-generate` arguments.
// DieHard has no deadlock and one successor per action (see above): with num=3 and -depth 5,
// three behaviors of five states are written to F_0_0..F_0_2, each of the five states expanded
// generating one state, 1 + 3 * 5 in all.
func TestCheckCommandSimulateArguments(t *testing.T) {
	for _, c := range []struct {
		mode, args, generated string
	}{
		{"-simulate", "num=3,file=%s", "16 states generated"},
		{"-simulate", "file=%s,num=3", "16 states generated"},
		{"-generate", "num=3,file=%s", "16 states generated"},
	} {
		base := filepath.Join(t.TempDir(), "trace")
		code, out, errOut := runDsref("check", c.mode, fmt.Sprintf(c.args, base), "-depth", "5", "-config", "DieHard.cfg", corpusDir+"/DieHard.tla")
		if code != 0 || !strings.Contains(out, c.generated) {
			t.Fatalf("%s %s: exit %d, want %q in:\n%s%s", c.mode, c.args, code, c.generated, out, errOut)
		}
		for i := 0; i < 4; i++ {
			data, err := os.ReadFile(fmt.Sprintf("%s_0_%d", base, i))
			if i == 3 {
				if err == nil {
					t.Errorf("%s %s: a fourth behavior was written", c.mode, c.args)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			if !strings.HasPrefix(text, fmt.Sprintf("---------------- MODULE %s_0_%d -----------------\nSTATE_1 == \n/\\ small = 0\n", base, i)) ||
				!strings.Contains(text, "STATE_5 == \n") || strings.Contains(text, "STATE_6") ||
				!strings.HasSuffix(text, "\n=================================================\n") {
				t.Errorf("%s %s: behavior %d written as\n%s", c.mode, c.args, i, text)
			}
		}
	}
}

// TestCheckCommandInterrupted feeds reportCheck what an interrupted run returns: the partial
// counts are printed as such, with no verdict, and the exit code is 130, not 0 or 75.
func TestCheckCommandInterrupted(t *testing.T) {
	var out, errb bytes.Buffer
	res := check.Result{Generated: 120, Distinct: 40, Left: 7, Depth: 5}
	code := reportCheck(&out, &errb, res, fmt.Errorf("exploring: %w", context.Canceled), check.ReportOptions{})
	want := "Interrupted: the search was stopped before it finished; no verdict. So far:\n" +
		"120 states generated, 40 distinct states found, 7 states left on queue.\n" +
		"The depth of the state graph search so far is 5.\n"
	if code != 130 || out.String() != want || errb.Len() != 0 {
		t.Errorf("exit %d, output:\n%s%s\nwant exit 130 and:\n%s", code, out.String(), errb.String(), want)
	}
}

// TestCheckCommandRefusesOversizedSpec checks a spec longer than syntax.MaxSourceSize is refused
// as a spec that does not load (exit 150), naming its size and the bound, with or without a cfg.
func TestCheckCommandRefusesOversizedSpec(t *testing.T) {
	old := tlasyntax.MaxSourceSize
	tlasyntax.MaxSourceSize = 1000
	defer func() { tlasyntax.MaxSourceSize = old }()
	dir := t.TempDir()
	src := "---- MODULE Big ----\nVARIABLE x\nInit == x = 0\nNext == x' = x\n" + strings.Repeat("\\* padding\n", 100) + "====\n"
	spec := filepath.Join(dir, "Big.tla")
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Big.tla:1:1: the source is %d bytes, more than the 1000 (0 MiB) the TLA+ parser reads", len(src))
	code, out, errOut := runDsref("check", spec)
	if code != 151 || !strings.Contains(errOut, want) {
		t.Errorf("without Big.cfg: exit %d, want 151 (the embedded configuration cannot be read); output:\n%s%s\nwant %q", code, out, errOut, want)
	}
	if err := os.WriteFile(filepath.Join(dir, "Big.cfg"), []byte("INIT Init\nNEXT Next\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runDsref("check", spec)
	if code != 150 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "dsref check -maxsource MiB") {
		t.Errorf("with Big.cfg: exit %d, want 150; output:\n%s%s\nwant %q and how to raise the bound", code, out, errOut, want)
	}
	// -maxsource sets the bound in MiB: a module of 1 MiB and a little is refused under 1 and
	// checked under 2.
	src = "---- MODULE Big ----\nVARIABLE x\nInit == x = 0\nNext == x' = x\n" + strings.Repeat("\\* padding\n", 100<<10) + "====\n"
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want = fmt.Sprintf("Big.tla:1:1: the source is %d bytes, more than the 1048576 (1 MiB) the TLA+ parser reads", len(src))
	if code, out, errOut = runDsref("check", "-maxsource", "1", spec); code != 150 || !strings.Contains(errOut, want) {
		t.Errorf("-maxsource 1: exit %d, want 150; output:\n%s%s\nwant %q", code, out, errOut, want)
	}
	if code, out, errOut = runDsref("check", "-maxsource", "2", spec); code != 0 {
		t.Errorf("-maxsource 2: exit %d, want 0; output:\n%s%s", code, out, errOut)
	}
	if code, _, errOut = runDsref("check", "-maxsource", "0", spec); code != 2 || !strings.Contains(errOut, "-maxsource is between 1 and 2047 MiB, got 0") {
		t.Errorf("-maxsource 0: exit %d, want 2; output:\n%s", code, errOut)
	}
}

// TestCheckCommandDumps checks -dump FILE (written to FILE.dump), -dump json FILE, -dumpTrace json FILE and -dumpTrace
// tla FILE on Jumps, whose shortest counterexample is 0 -Plus1-> 1 -Plus3-> 4 (see Jumps.tla) and
// whose search stores 0, 1, 3, 2, 4 in that order.
func TestCheckCommandDumps(t *testing.T) {
	dir := t.TempDir()
	// As TLC, -dump adds the extension the format writes (.dump) to a name without it.
	states, graph := filepath.Join(dir, "states"), filepath.Join(dir, "graph.json")
	traceJSON, traceTLA := filepath.Join(dir, "trace.json"), filepath.Join(dir, "JumpsTrace.tla")
	code, out, errOut := runDsref("check", "-dump", states, "-dumpTrace", "json", traceJSON, corpusDir+"/Jumps.tla")
	if code != 12 {
		t.Fatalf("exit %d, want 12: %s%s", code, out, errOut)
	}
	if code, out, errOut = runDsref("check", "-dump", "json", graph, "-dumpTrace", "tla", traceTLA, corpusDir+"/Jumps.tla"); code != 12 {
		t.Fatalf("exit %d, want 12: %s%s", code, out, errOut)
	}
	read := func(p string) []byte {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	want := "State 1:\nn = 0\n\nState 2:\nn = 1\n\nState 3:\nn = 3\n\nState 4:\nn = 2\n\nState 5:\nn = 4\n\n"
	if got := string(read(states + ".dump")); got != want {
		t.Errorf("-dump FILE wrote\n%s\nwant\n%s", got, want)
	}

	var g struct {
		Vars   []string
		States []struct {
			ID      string
			Initial bool
			State   map[string]int
		}
		Edges []struct{ From, To, Action string }
	}
	if err := json.Unmarshal(read(graph), &g); err != nil {
		t.Fatalf("-dump json: %v", err)
	}
	ids := map[string]int{}
	for _, s := range g.States {
		ids[s.ID] = s.State["n"]
	}
	var steps []string
	for _, e := range g.Edges {
		steps = append(steps, fmt.Sprintf("%d-%s->%d", ids[e.From], e.Action, ids[e.To]))
	}
	// Expanding 0 gives 1 and 3; expanding 1 gives 2 and then 4, the violation.
	if len(g.Vars) != 1 || g.Vars[0] != "n" || len(g.States) != 5 || !g.States[0].Initial || g.States[1].Initial ||
		strings.Join(steps, " ") != "0-Plus1->1 0-Plus3->3 1-Plus1->2 1-Plus3->4" {
		t.Errorf("-dump json: vars %v, %d states, steps %v", g.Vars, len(g.States), steps)
	}

	// TLC's CounterExample: {"action": [[[i, s], {name, location}, [j, t]]], "state": [[i, s]]},
	// the fields of the records TLC builds in the order it builds them (see WriteTraceJSON).
	var ce struct {
		Action [][3]json.RawMessage
		State  [][2]json.RawMessage
	}
	if err := json.Unmarshal(read(traceJSON), &ce); err != nil {
		t.Fatalf("-dumpTrace json: %v", err)
	}
	var got []string
	for _, s := range ce.State {
		got = append(got, string(s[0])+":"+string(s[1]))
	}
	for _, a := range ce.Action {
		got = append(got, string(a[1]))
	}
	want = `1:{"n":0} 2:{"n":1} 3:{"n":4} ` +
		`{"name":"Plus1","location":{"beginLine":8,"beginColumn":10,"endLine":8,"endColumn":19,"module":"Jumps"}} ` +
		`{"name":"Plus3","location":{"beginLine":9,"beginColumn":10,"endLine":9,"endColumn":19,"module":"Jumps"}}`
	if strings.Join(got, " ") != want {
		t.Errorf("-dumpTrace json:\n got %s\nwant %s", strings.Join(got, " "), want)
	}

	// The tla dump is a module whose CounterExample is the same value.
	spec, err := eval.LoadFile(traceTLA, eval.Options{})
	if err != nil {
		t.Fatalf("-dumpTrace tla wrote a module that does not load: %v\n%s", err, read(traceTLA))
	}
	v, err := spec.NewSession(nil).EvalString("CounterExample.state")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{<<1, [n |-> 0]>>, <<2, [n |-> 1]>>, <<3, [n |-> 4]>>}`; v.String() != want {
		t.Errorf("-dumpTrace tla: CounterExample.state = %s, want %s", v, want)
	}

	// -dump dot g writes g.dot.
	if code, out, errOut = runDsref("check", "-dump", "dot", filepath.Join(dir, "g"), corpusDir+"/HourClock.tla"); code != 0 {
		t.Fatalf("HourClock: exit %d: %s%s", code, out, errOut)
	}
	if n := strings.Count(string(read(filepath.Join(dir, "g.dot"))), " -> "); n != 12 {
		t.Errorf("-dump dot g: %d edges in g.dot, want 12", n)
	}

	// Without a counterexample no trace file is written, as in TLC.
	none := filepath.Join(dir, "none.json")
	if code, out, errOut = runDsref("check", "-dumpTrace", "json", none, corpusDir+"/HourClock.tla"); code != 0 {
		t.Fatalf("HourClock: exit %d: %s%s", code, out, errOut)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("-dumpTrace wrote %s for a run without a counterexample", none)
	}
}

// TestCheckCommandSymmetryWithLiveness: SYMMETRY combined with temporal PROPERTIES is unsound
// (TLC warns so); `dsref check` states the rule in its help and prints it with the verdict.
// LiveSymmetricSym's quotient graph shows a violation the full graph lacks (see
// LiveSymmetric.tla): the output carries TLC's warning and the checker's own, that the printed
// lasso fails the fairness. A SYMMETRY model without temporal properties is not warned.
func TestCheckCommandSymmetryWithLiveness(t *testing.T) {
	const liveDir = "../../harness/tlaplus/check/testdata/live"
	const tlcWarning = "Warning: Declaring symmetry during liveness checking is dangerous. It might cause TLC to miss violations of the stated liveness properties. Please check liveness without symmetry defined.\n"
	code, out, errOut := runDsref("check", "-config", "LiveSymmetricSym.cfg", liveDir+"/LiveSymmetric.tla")
	if code != 13 || !strings.Contains(out, tlcWarning) || !strings.Contains(out, "Error: Temporal property EachFlips was violated.") ||
		!strings.Contains(out, "its behavior does not satisfy the specification's fairness: it may be spurious. Check liveness without SYMMETRY") {
		t.Errorf("SYMMETRY + PROPERTY: exit %d, want 13 with both warnings; output:\n%s%s", code, out, errOut)
	}
	// The same model without SYMMETRY: no violation, no warning.
	code, out, errOut = runDsref("check", "-config", "LiveSymmetricPlain.cfg", liveDir+"/LiveSymmetric.tla")
	if code != 0 || strings.Contains(out, "symmetry") {
		t.Errorf("PROPERTY without SYMMETRY: exit %d, want 0 and no warning; output:\n%s%s", code, out, errOut)
	}
	code, out, errOut = runDsref("check", "-config", "TeamSymmetry.cfg", corpusDir+"/Team.tla")
	if code != 0 || strings.Contains(out, "Declaring symmetry") {
		t.Errorf("SYMMETRY without temporal properties: exit %d, want 0 and no warning; output:\n%s%s", code, out, errOut)
	}
	_, help, _ := runDsref("help", "check")
	help = strings.Join(strings.Fields(help), " ")
	for _, want := range []string{
		"SYMMETRY with temporal PROPERTIES: the graph checked is that of the symmetry classes, as TLC's, so the verdict is not sound.",
		`A violation may be missed ("No error has been found" is then no proof) and a counterexample may be spurious`,
		"The rule, as TLC's: check temporal properties with a configuration without SYMMETRY; use SYMMETRY for invariants only.",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("dsref help check does not state %q", want)
		}
	}
}

// TestCheckCommandConfigNamedByTLAFile checks -config A.tla as TLC takes it: the configuration
// of model A, A.cfg when it exists (the spec's own CONFIG block is then not used), else A.tla's
// CONFIG block; found beside the spec when not in the current folder, as other -config files.
func TestCheckCommandConfigNamedByTLAFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Up.tla", "---- MODULE Up ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 1\nNext == x < 5 /\\ x' = x + 1\n"+
		"Small == x < 3\n====\n---- CONFIG Up ----\nINIT Init\nNEXT Next\nINVARIANT Small\n====\n")
	write("Up.cfg", "INIT Init\nNEXT Next\n")
	write("Inline.tla", "---- MODULE Inline ----\n====\n---- CONFIG Inline ----\nINIT Init\nNEXT Next\nINVARIANT Small\n====\n")
	spec := filepath.Join(dir, "Up.tla")
	code, out, errOut := runDsref("check", "-deadlock", "-config", filepath.Join(dir, "Up.tla"), spec)
	if code != 0 || !strings.Contains(out, "5 states generated, 5 distinct states found") {
		t.Errorf("-config Up.tla with Up.cfg: exit %d, want 0 and Up.cfg's model (no invariant); output:\n%s%s", code, out, errOut)
	}
	code, out, errOut = runDsref("check", "-deadlock", "-config", "Inline.tla", spec)
	if code != 12 || !strings.Contains(out, "Invariant Small is violated") {
		t.Errorf("-config Inline.tla (no Inline.cfg, found beside the spec): exit %d, want 12 from its CONFIG block's invariant; output:\n%s%s", code, out, errOut)
	}
}

// TestCheckCommandErrorStatistics checks an evaluation error found exploring the states is
// followed by the statistics up to it, as TLC prints its summary then: here WF_v(Step) with v
// reading q, which Step leaves unassigned, fails evaluating ENABLED <<Step>>_v at the initial
// state, once its successor (p = 1) is found and queued. An error evaluating the initial
// predicate prints them too, as TLC's printSummary after an exception in doInit: none
// generated.
func TestCheckCommandErrorStatistics(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	spec := write("Half.tla", "---- MODULE Half ----\nEXTENDS Naturals\nVARIABLES p, q\nv == <<p, q>>\n"+
		"Init == p = 0 /\\ q = 0\nStep == p' = p + 1\nNext == Step /\\ q' = q\n"+
		"Spec == Init /\\ [][Next]_v /\\ WF_v(Step)\nLive == <>(p = 3)\n"+
		"BadInit == p = 0 /\\ q = 0 + {}\n====\n")
	write("Half.cfg", "SPECIFICATION Spec\nPROPERTY Live\n")
	code, out, errOut := runDsref("check", "-workers", "1", spec)
	want := "2 states generated, 2 distinct states found, 1 states left on queue.\nThe depth of the complete state graph search is 2.\n"
	if code != 75 || !strings.Contains(out, "evaluating the successors of the last state of:") || !strings.HasSuffix(out, want) {
		t.Errorf("error at the initial state's fairness: exit %d, want 75 and the output to end with\n%s\ngot:\n%s%s", code, want, out, errOut)
	}
	write("Bad.cfg", "INIT BadInit\nNEXT Next\n")
	code, out, errOut = runDsref("check", "-config", "Bad.cfg", spec)
	want = "0 states generated, 0 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 0.\n"
	if code != 75 || !strings.HasSuffix(out, want) {
		t.Errorf("error in the initial predicate: exit %d, want 75 and the output to end with\n%s\ngot:\n%s%s", code, want, out, errOut)
	}
}

// TestCheckCommandTLCAcceptedOptions runs TLC command lines that TLC accepts and this command
// used to refuse: -depth in a breadth-first search changes nothing (TLC ignores it there too),
// -workers N with -simulate draws the behaviors of -workers 1 and says so, and -nowarning leaves
// out TLC's warnings (the one after a stuttering counterexample, the one on SYMMETRY with
// liveness) but not the note that a lasso found under SYMMETRY fails the fairness.
func TestCheckCommandTLCAcceptedOptions(t *testing.T) {
	const liveDir = "../../harness/tlaplus/check/testdata/live"
	finished := regexp.MustCompile(`Finished in .*`)
	run := func(want int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := runDsref(append([]string{"check"}, args...)...)
		if code != want {
			t.Fatalf("dsref check %s: exit %d, want %d: %s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return finished.ReplaceAllString(out, ""), errOut
	}
	plain, _ := run(0, corpusDir+"/HourClock.tla")
	if got, _ := run(0, "-depth", "5", corpusDir+"/HourClock.tla"); got != plain {
		t.Errorf("-depth 5 changed a breadth-first search:\n%s\nwithout:\n%s", got, plain)
	}

	sim := []string{"-simulate", "-depth", "30", "-traces", "20", "-seed", "3", "-config", "DieHard.cfg", corpusDir + "/DieHard.tla"}
	one, _ := run(0, append([]string{"-workers", "1"}, sim...)...)
	two, note := run(0, append([]string{"-workers", "2"}, sim...)...)
	if two != one || !strings.Contains(note, "Note: -workers 2 with -simulate: the behaviors are drawn by one worker here") {
		t.Errorf("-simulate -workers 2:\n%s%s\n-workers 1:\n%s", two, note, one)
	}

	const stutter = "Warning: The stuttering counterexample above may be caused by the absence of a fairness constraint"
	out, _ := run(13, "-config", "LiveCounterUnfair.cfg", liveDir+"/LiveCounter.tla")
	quiet, _ := run(13, "-nowarning", "-config", "LiveCounterUnfair.cfg", liveDir+"/LiveCounter.tla")
	if !strings.Contains(out, stutter) || strings.Contains(quiet, "Warning") || !strings.Contains(quiet, "State 2: Stuttering") {
		t.Errorf("stuttering counterexample without -nowarning:\n%s\nwith:\n%s", out, quiet)
	}
	quiet, _ = run(13, "-nowarning", "-config", "LiveSymmetricSym.cfg", liveDir+"/LiveSymmetric.tla")
	if strings.Contains(quiet, "Declaring symmetry") || !strings.Contains(quiet, "its behavior does not satisfy the specification's fairness: it may be spurious") {
		t.Errorf("-nowarning with SYMMETRY and a PROPERTY:\n%s", quiet)
	}
}

// TestCheckCommandCoverage: -coverage prints TLC's coverage report before the statistics. In
// Counter (CONSTRAINT x < 3), Init generates x = 0 ("1:1"); Inc, the whole of Next, generates
// 1, 2 and 3 from 0, 1 and 2, and finds 1 and 2: 3, outside the constraint, is not a state found
// ("2:3"), as TLC counts a distinct state only within the model (Worker.isSeenState).
func TestCheckCommandCoverage(t *testing.T) {
	code, out, errOut := runDsref("check", "-coverage", "9999", corpusDir+"/Counter.tla")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	want := "<Init line 11, col 1 to line 11, col 4 of module Counter>: 1:1\n" +
		"<Inc line 12, col 1 to line 12, col 3 of module Counter>: 2:3\n" +
		"End of statistics.\n" +
		"4 states generated, 3 distinct states found, 0 states left on queue.\n"
	if !strings.Contains(out, "The coverage statistics at ") || !strings.Contains(out, want) {
		t.Fatalf("output lacks the coverage report %q:\n%s", want, out)
	}
}
