package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// TestCounterExampleOfLasso checks CounterExample closes a lasso as TLC's does: the loop adds a
// step from the last state back to the state it returns to, a stuttering loop adds none (TLC's
// Github710a test: four states, three steps), and the action's name drops the parameters the
// checker prints.
func TestCounterExampleOfLasso(t *testing.T) {
	trace := []Step{
		{Action: "Initial predicate", Vars: []string{"x"}, State: []value.Value{value.Int(0)}},
		{Action: "Inc(1)", Where: "line 4, col 11 to line 4, col 20 of module M", Vars: []string{"x"}, State: []value.Value{value.Int(1)}},
	}
	back := CounterExample(Result{Trace: trace, Lasso: &Lasso{BackTo: 1, Action: "Reset", Where: "line 5, col 10 to line 5, col 16 of module M"}})
	want := `[action |-> {<<<<1, [x |-> 0]>>, [location |-> [beginColumn |-> 11, beginLine |-> 4, endColumn |-> 20, endLine |-> 4, module |-> "M"], name |-> "Inc"], <<2, [x |-> 1]>>>>, ` +
		`<<<<2, [x |-> 1]>>, [location |-> [beginColumn |-> 10, beginLine |-> 5, endColumn |-> 16, endLine |-> 5, module |-> "M"], name |-> "Reset"], <<1, [x |-> 0]>>>>}, ` +
		`state |-> {<<1, [x |-> 0]>>, <<2, [x |-> 1]>>}]`
	if back.String() != want {
		t.Errorf("lasso back to state 1:\n got %s\nwant %s", back, want)
	}
	stutter := CounterExample(Result{Trace: trace[:1], Lasso: &Lasso{Stuttering: true}})
	want = `[action |-> {}, state |-> {<<1, [x |-> 0]>>}]`
	if stutter.String() != want {
		t.Errorf("stuttering lasso:\n got %s\nwant %s", stutter, want)
	}
	if none := CounterExample(Result{}).String(); none != "[action |-> {}, state |-> {}]" {
		t.Errorf("no counterexample: %s", none)
	}
}

// TestCounterExampleInSpec checks TLCExt!CounterExample evaluates as TLC's does where this engine
// evaluates it: the empty graph during the search (an invariant) and, for a run without a
// violation, in the POSTCONDITION, where ToTrace makes it the empty sequence.
func TestCounterExampleInSpec(t *testing.T) {
	dir := t.TempDir()
	src := `---- MODULE CE ----
EXTENDS Naturals, TLCExt
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Empty == CounterExample = [action |-> {}, state |-> {}]
Post == Empty /\ ToTrace(CounterExample) = <<>>
====
`
	spec := filepath.Join(dir, "CE.tla")
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	conf, err := cfg.Parse("CE.cfg", "INIT Init\nNEXT Next\nINVARIANT Empty\nPOSTCONDITION Post\nCHECK_DEADLOCK FALSE\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(context.Background(), spec, conf, Options{})
	if err != nil || res.Verdict != OK || res.Distinct != 3 {
		t.Fatalf("verdict %v, %d distinct, error %v; want OK with 3 distinct states", res.Verdict, res.Distinct, err)
	}
}

// TestCounterExampleActionParameters: in TLCExt!CounterExample, the record of a step of an
// action split out of the next-state relation with constant arguments (Add(2, "t") for
// Add(k, tag)) has TLC's context (each parameter's value) and parameters (their names in order)
// fields besides name and location; an action applied to an argument that is not constant
// (Step(x + 1)) is named without them, as TLC's Action.getParameters finds no values for its
// parameters. The trace is 0 -Add-> 2 -Step-> 3, where x # 3 fails.
func TestCounterExampleActionParameters(t *testing.T) {
	dir := t.TempDir()
	src := `---- MODULE CEP ----
EXTENDS Naturals, FiniteSets, TLCExt
VARIABLE x
Init == x = 0
Add(k, tag) == x' = x + k
Step(v) == x' = v
Next == \/ \E k \in {2} : Add(k, "t")
        \/ Step(x + 1)
Inv == x # 3
Post == LET A == CounterExample.action
            add == CHOOSE a \in A : a[2].name = "Add"
            step == CHOOSE a \in A : a[2].name = "Step"
        IN /\ Cardinality(A) = 2
           /\ add[2].context = [k |-> 2, tag |-> "t"]
           /\ add[2].parameters = <<"k", "tag">>
           /\ DOMAIN add[2] = {"name", "location", "context", "parameters"}
           /\ DOMAIN step[2] = {"name", "location"}
           /\ step[3][2].x = 3
====
`
	spec := filepath.Join(dir, "CEP.tla")
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	conf, err := cfg.Parse("CEP.cfg", "INIT Init\nNEXT Next\nINVARIANT Inv\nPOSTCONDITION Post\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(context.Background(), spec, conf, Options{})
	if err != nil || res.Verdict != InvariantViolated || len(res.Trace) != 3 || res.Postcondition != "" {
		t.Fatalf("verdict %v, trace of %d states, postcondition %q, error %v; want Inv violated after 3 states and the postcondition holding", res.Verdict, len(res.Trace), res.Postcondition, err)
	}
}

// TestTraceJSONInTLCOrder: -dumpTrace json writes the records TLC builds for its CounterExample
// with their fields in the order TLC builds them, which Json!JsonSerialize keeps (the records are
// never normalized): [action, state] (CounterExample), the state's variables in the order they
// are declared (RecordValue(TLCState): VARIABLES y, x gives y first), the action's name before
// its location, and the location's beginLine, beginColumn, endLine, endColumn, module
// (RecordValue(Action), RecordValue(Location)). A lasso's closing step comes last, from state 2
// back to state 1. Before, every record was written with its fields sorted
// ({"location":{"beginColumn":...},"name":...} and {"x":...,"y":...}).
func TestTraceJSONInTLCOrder(t *testing.T) {
	vars := []string{"y", "x"}
	trace := []Step{
		{Action: "Initial predicate", Vars: vars, State: []value.Value{value.Int(0), value.Str("a<b")}},
		{Action: "Go", Where: "line 4, col 7 to line 4, col 30 of module M", Vars: vars, State: []value.Value{value.Int(1), value.Tuple{value.True}}},
	}
	var b bytes.Buffer
	if err := WriteTraceJSON(&b, Result{Trace: trace, Lasso: &Lasso{BackTo: 1, Action: "Back", Where: "line 5, col 9 to line 5, col 20 of module M"}}); err != nil {
		t.Fatal(err)
	}
	s1, s2 := `[1,{"y":0,"x":"a<b"}]`, `[2,{"y":1,"x":[true]}]`
	want := `{"action":[` +
		`[` + s1 + `,{"name":"Go","location":{"beginLine":4,"beginColumn":7,"endLine":4,"endColumn":30,"module":"M"}},` + s2 + `],` +
		`[` + s2 + `,{"name":"Back","location":{"beginLine":5,"beginColumn":9,"endLine":5,"endColumn":20,"module":"M"}},` + s1 + `]` +
		`],"state":[` + s1 + `,` + s2 + `]}` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}
