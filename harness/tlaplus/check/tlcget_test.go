package check

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// specParts has one of each part TLC's SpecProcessor splits a specification and its
// configuration into. The expected TLCGet("spec") was worked out by hand from TLC's rules
// (SpecProcessor.processConfigSpec/processConfigProps, Tool.getActions, RecordValue(Action)):
// Next splits into Inc (once per i, one record) and Reset, located at their bodies; Init is named
// and located at its body; the fairness conjunct, []P, the state predicate, [][A]_v and <>P of
// the property are unnamed and located at themselves (columns count from 1, ends inclusive).
const specParts = `---- MODULE SpecParts ----
EXTENDS Naturals, TLC
VARIABLES x, last
vars == <<x, last>>
Init == /\ x = 0
        /\ last = "Init"
Inc(i) == x < 3 /\ x' = x + i /\ last' = "Inc"
Reset == x' = 0 /\ last' = "Reset"
Next == \/ \E i \in {1, 2} : Inc(i)
        \/ Reset
Spec == Init /\ [][Next]_vars /\ WF_vars(Reset)
TypeOK == x \in 0..4
Prop == x = 0 /\ [](x <= 4) /\ [][x' # x]_vars /\ <>(x = 0)
Small == x < 10
Step == x' >= 0
Loc(bl, bc, el, ec) == [beginLine |-> bl, beginColumn |-> bc, endLine |-> el, endColumn |-> ec, module |-> "SpecParts"]
Unnamed(bl, bc, el, ec) == [name |-> "UnnamedAction", location |-> Loc(bl, bc, el, ec)]
ASSUME TLCGet("spec") = [
  inits |-> {[name |-> "Init", location |-> Loc(5, 9, 6, 24)]},
  actions |-> {[name |-> "Inc", location |-> Loc(7, 11, 7, 46)], [name |-> "Reset", location |-> Loc(8, 10, 8, 34)]},
  temporals |-> {Unnamed(11, 34, 11, 47)},
  invariants |-> {[name |-> "TypeOK", location |-> Loc(12, 11, 12, 20)], Unnamed(13, 21, 13, 26)},
  impliedinits |-> {Unnamed(13, 9, 13, 13)},
  impliedactions |-> {Unnamed(13, 34, 13, 46)},
  impliedtemporals |-> {Unnamed(13, 51, 13, 59)},
  variables |-> {[name |-> "x", location |-> Loc(3, 11, 3, 11)], [name |-> "last", location |-> Loc(3, 14, 3, 17)]},
  constraints |-> {[name |-> "Small", location |-> Loc(14, 1, 14, 15)]},
  actionconstraints |-> {[name |-> "Step", location |-> Loc(15, 1, 15, 15)]}]
====`

func TestTLCGetSpec(t *testing.T) {
	res := checkSource(t, "SpecParts", specParts, "SPECIFICATION Spec INVARIANT TypeOK PROPERTY Prop CONSTRAINT Small ACTION_CONSTRAINT Step", Options{})
	// The assumption holds; the property's [][x' # x]_vars is then violated by Reset from x = 0.
	require.Equal(t, ActionPropertyViolated, res.Verdict, res.Violated)
}

// appActions: TLCGet("spec").actions splits Next as Tool.getActionsAppl does (see Labels2.tla):
// Inc(x) and Set(i + x) apply definitions to arguments that are not constant, so each is an
// action named after its definition and located at the application; C, D(1) and E are looked
// through, and E names the action at its body. Locations worked out by hand.
const appActions = `---- MODULE AppActions ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Inc(v) == v = 0 /\ x' = v + 1
B == Inc(x)
Set(v) == x = 1 /\ x' = v
A(i) == Set(i + x)
E == x = 6 /\ x' = 10
D(n) == E
C == D(1)
Next == \/ B
        \/ \E i \in {5} : A(i)
        \/ C
Loc(bl, bc, el, ec) == [beginLine |-> bl, beginColumn |-> bc, endLine |-> el, endColumn |-> ec, module |-> "AppActions"]
ASSUME TLCGet("spec").actions = {[name |-> "Inc", location |-> Loc(6, 6, 6, 11)],
                                 [name |-> "Set", location |-> Loc(8, 9, 8, 18)],
                                 [name |-> "E", location |-> Loc(9, 6, 9, 21)]}
====`

// TestTLCGetSpecGithub807 is TLC's regression test Github807 (tlaplus/tlaplus test-model), its
// POSTCONDITION's expected CounterExample and TLCGet("spec") as TLC records them, without the
// coverage fields TLC adds under -coverage: among them the newest fields, variables (named and
// located at the declaration), constraints and actionconstraints.
func TestTLCGetSpecGithub807(t *testing.T) {
	const spec = `---------------------------- MODULE Github807 ---------------------------
EXTENDS Naturals, TLCExt, TLC
VARIABLE x

Init == x = 0

Add(d,n) ==
    /\ x' = x + d
    /\ x' <= 10

Next(r) ==
    LET d == IF x = x THEN 1 ELSE 1
    IN Add(d,r)

IsNotTwo == x # 2

Spec == Init /\ [][Next(1)]_x

Loc(bl, bc, el, ec) == [beginLine |-> bl, beginColumn |-> bc, endLine |-> el, endColumn |-> ec, module |-> "Github807"]
AddStep(i, v, w) == << <<i, [x |-> v]>>, [name |-> "Add", location |-> Loc(13, 8, 13, 15)], <<i + 1, [x |-> w]>> >>

PostCondition ==
       /\ CounterExample = [action |-> {AddStep(1, 0, 1), AddStep(2, 1, 2)},
                             state |-> {<<1, [x |-> 0]>>, <<2, [x |-> 1]>>, <<3, [x |-> 2]>>}]
       /\ TLCGet("spec") =
            [ impliedinits |-> {}, impliedactions |-> {},
              invariants |-> {[name |-> "IsNotTwo", location |-> Loc(15, 13, 15, 17)]},
              impliedtemporals |-> {}, temporals |-> {},
              actions |-> {[name |-> "Add", location |-> Loc(13, 8, 13, 15)]},
              inits |-> {[name |-> "Init", location |-> Loc(5, 9, 5, 13)]},
              variables |-> {[name |-> "x", location |-> Loc(3, 10, 3, 10)]},
              actionconstraints |-> {}, constraints |-> {} ]
==============================================================================`
	res := checkSource(t, "Github807", spec, "SPECIFICATION Spec INVARIANT IsNotTwo POSTCONDITION PostCondition", Options{})
	require.Equal(t, InvariantViolated, res.Verdict, res.Violated)
	require.Empty(t, res.Postcondition)
}

// lastAction records in last the action that produced each state. TLC answers TLCGet("action")
// with that action only in simulation (its extended states, TLCStateMutExt), named after its
// definition and located at its body; elsewhere with its unknown action, whose context (newer
// TLCs' third field) is the empty record, which equals <<>>. Both are checked in an action, where
// the state is the one expanded, and in an invariant, where it is the one checked.
const lastAction = `---- MODULE LastAction ----
EXTENDS Naturals, TLC
VARIABLES x, last
Unknown == [name |-> "UnnamedAction", location |-> [beginLine |-> 0, beginColumn |-> 0, endLine |-> 0, endColumn |-> 0, module |-> "--TLA+ BUILTINS--"], context |-> <<>>]
Expected == IF TLCGet("config").mode = "simulate" THEN last ELSE "UnnamedAction"
Ok == TLCGet("action").name = Expected
Init == x = 0 /\ last = "Init"
Inc == Ok /\ x < 3 /\ x' = x + 1 /\ last' = "Inc"
Reset == Ok /\ x > 0 /\ x' = 0 /\ last' = "Reset"
Next == Inc \/ Reset
ActionInv == TLCGet("action").name = Expected /\ DOMAIN TLCGet("action") = {"name", "location", "context"}
Located == TLCGet("config").mode # "simulate" => TLCGet("action") = Unknown
IncAt == last = "Inc" /\ TLCGet("config").mode = "simulate" =>
           TLCGet("action").location = [beginLine |-> 8, beginColumn |-> 8, endLine |-> 8, endColumn |-> 49, module |-> "LastAction"]
ASSUME TLCGet("action") = Unknown
====`

func TestTLCGetAction(t *testing.T) {
	conf := "INIT Init NEXT Next INVARIANT ActionInv Located IncAt"
	for _, opts := range []Options{{}, {Workers: 2}, {Mode: DFS, Depth: 10}, {Mode: Simulate, Traces: 20, Depth: 10}} {
		res := checkSource(t, "LastAction", lastAction, conf, opts)
		// A wrong answer in Next disables it (a deadlock), in an invariant violates it.
		require.Equal(t, OK, res.Verdict, "%+v: %s", opts, res.Violated)
	}
}

// revisionFields are TLC's own assertions on TLCGet("revision") (its test model TLCSet.tla).
const revisionFields = `---- MODULE Revision ----
EXTENDS Naturals, TLC
ASSUME DOMAIN TLCGet("revision") = {"count", "timestamp", "date", "tag", "calver"}
ASSUME TLCGet("revision").tag \in STRING
ASSUME TLCGet("revision").count \in Nat
ASSUME TLCGet("revision").timestamp \in Nat
ASSUME TLCGet("revision").date \in STRING
ASSUME TLCGet("revision").calver \in STRING /\ TLCGet("revision").calver # ""
ASSUME TLCGet("revision").tag = "development" => TLCGet("revision").count = 0
====`

func TestTLCGetRevision(t *testing.T) {
	res := checkSource(t, "Revision", revisionFields, "", Options{})
	require.Equal(t, OK, res.Verdict, res.Violated)
}

// TLCExt's Trace and CounterExample ask the checker through TLCGet's channel with keys of their
// own; TLCGet itself has no such keys in TLC, so a specification cannot read them (TLCGet("trace")
// once answered the trace).
func TestTLCGetRefusesTLCExtKeys(t *testing.T) {
	for _, key := range []string{"trace", "counterexample", "TLCExt!Trace", "TLCExt!CounterExample"} {
		src := "---- MODULE Keys ----\nEXTENDS TLC\nVARIABLE x\nInit == x = 0\nNext == x' = x\nInv == TLCGet(\"" + key + "\") = TLCGet(\"" + key + "\")\n===="
		_, err := checkSourceErr(t, "Keys", src, "INIT Init NEXT Next INVARIANT Inv", Options{})
		require.Error(t, err, key)
		require.True(t, strings.Contains(err.Error(), "TLCGet("), "%s: %v", key, err)
	}
}

// registerCount counts in register 1, from a CONSTRAINT, the states with x = 2 a search
// generates; the POSTCONDITION reads the count. As in TLC, the ASSUME's TLCSet starts every
// worker's register and, after the search, TLCGet(1) outside the workers reads the first
// worker's (TLC.TLCGet: mainChecker.getValue(0, i)): a breadth-first search generates x = 2 once,
// three simulated behaviors of five states three times.
const registerCount = `---- MODULE RegisterCount ----
EXTENDS Naturals, TLC
VARIABLE x
ASSUME TLCSet(1, 0)
Init == x = 0
Next == x < 4 /\ x' = x + 1
Count == x = 2 => TLCSet(1, TLCGet(1) + 1)
Post == TLCGet(1) = TLCGet("config").traces
====`

func TestPostconditionReadsTheWorkersRegisters(t *testing.T) {
	conf := "INIT Init NEXT Next CONSTRAINT Count POSTCONDITION Post CHECK_DEADLOCK FALSE"
	res := checkSource(t, "RegisterCount", registerCount, conf, Options{Mode: Simulate, Depth: 5, Traces: 3})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)
	res = checkSource(t, "RegisterCount", registerCount, conf, Options{Mode: Simulate, Depth: 5, Traces: 4})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)

	bfs := strings.Replace(registerCount, `TLCGet("config").traces`, "1", 1)
	res = checkSource(t, "RegisterCount", bfs, conf, Options{})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)
	res = checkSource(t, "RegisterCount", strings.Replace(bfs, "= 1\n", "= 2\n", 1), conf, Options{})
	require.Equal(t, PostconditionFailed, res.Verdict)
}

// namedRegisters is TLC's own TLCSet.tla test of named registers, "s:name" keys: set in an
// ASSUME for every worker, read and written by the worker's actions, read by the POSTCONDITION
// from the first worker; "all" and "all:named" map each register every worker has to the
// sequence of the workers' values.
const namedRegisters = `---- MODULE NamedRegisters ----
EXTENDS Naturals, TLC
VARIABLE x
ASSUME TLCSet("s:counter", 0) /\ TLCSet("s:label", "hello") /\ TLCSet(3, 7)
Init == x = 0
Next == /\ x < 5 /\ x' = x + 1
        /\ TLCGet("s:counter") = x
        /\ TLCGet("s:label") = "hello"
        /\ TLCSet("s:counter", x')
Post == /\ TLCGet("s:label") = "hello"
        /\ TLCGet("s:counter") = 5
        /\ TLCGet("all:named") = ("s:counter" :> <<5>> @@ "s:label" :> <<"hello">>)
        /\ TLCGet("all") = (3 :> <<7>>)
Post2 == /\ TLCGet("all") = (3 :> <<7, 7>>)
         /\ TLCGet("all:named")["s:label"] = <<"hello", "hello">>
====`

func TestTLCNamedRegisters(t *testing.T) {
	res := checkSource(t, "NamedRegisters", namedRegisters, "INIT Init NEXT Next POSTCONDITION Post CHECK_DEADLOCK FALSE", Options{})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)
	require.Equal(t, int64(6), res.Distinct)
	res = checkSource(t, "NamedRegisters", namedRegisters, "INIT Init NEXT Next POSTCONDITION Post CHECK_DEADLOCK FALSE", Options{Mode: Simulate, Depth: 10, Traces: 1})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)

	two := strings.Replace(namedRegisters, `/\ TLCGet("s:counter") = x`, "", 1)
	res = checkSource(t, "NamedRegisters", two, "INIT Init NEXT Next POSTCONDITION Post2 CHECK_DEADLOCK FALSE", Options{Workers: 2})
	require.Equal(t, OK, res.Verdict, "%s", res.Violated)
}

// TestTLCGetSetRefuseAsTLC: what TLC's TLCGetSet refuses is an error here too, with its message.
func TestTLCGetSetRefuseAsTLC(t *testing.T) {
	for _, c := range []struct{ expr, msg string }{
		{`TLCGet(-1) = 0`, "The argument of TLCGet should be a nonnegative integer, but instead it is: -1"},
		{`TLCGet({}) = 0`, "The argument of TLCGet should be a nonnegative integer, but instead it is: {}"},
		{`TLCSet(-1, 0)`, "The first argument of TLCSet should be a nonnegative integer, but instead it is: -1"},
		{`TLCSet("foo", 0)`, `The first argument of TLCSet should be a nonnegative integer, but instead it is: "foo"`},
		{`TLCGet("foo") = 0`, "TLCGet(foo) was undefined"},
		{`TLCGet(4) = 0`, "TLCGet(4) was undefined"},
		{`TLCGet("s:never") = 0`, "TLCGet(s:never) was undefined"},
	} {
		src := "---- MODULE Refused ----\nEXTENDS Integers, TLC\nASSUME " + c.expr + "\n===="
		// An ASSUME whose evaluation fails ends the run as TLC's checkAssumptions ends it.
		res, err := checkSourceErr(t, "Refused", src, "", Options{})
		require.NoError(t, err, c.expr)
		require.Equal(t, AssumptionFailed, res.Verdict, c.expr)
		require.Contains(t, res.AssumptionError, c.msg, c.expr)
	}
}

// constantActions has two zero-arity constant-level definitions as actions. TLC evaluates them
// when it starts (SpecProcessor.processConstantDefns), so its Tool.getActionsAppl finds a value
// where Next refers to them: each is an action located at the reference, named after the
// definition (not after Next, and not located at its body, as a state-level definition is).
const constantActions = `---- MODULE ConstantActions ----
EXTENDS Naturals, TLC
VARIABLE x
Never == FALSE
Skip == TRUE
Inc == x' = x + 1
Next == Never \/ Inc \/ Skip
Init == x = 0
Loc(bl, bc, el, ec) == [beginLine |-> bl, beginColumn |-> bc, endLine |-> el, endColumn |-> ec, module |-> "ConstantActions"]
ASSUME TLCGet("spec").actions = {
  [name |-> "Never", location |-> Loc(7, 9, 7, 13)],
  [name |-> "Inc", location |-> Loc(6, 8, 6, 17)],
  [name |-> "Skip", location |-> Loc(7, 25, 7, 28)]}
====`

func TestConstantLevelActions(t *testing.T) {
	// Skip assigns no variable: the error names the action as TLC does, Skip.
	_, err := checkSourceErr(t, "ConstantActions", constantActions, "INIT Init NEXT Next", Options{})
	require.ErrorContains(t, err, "ConstantActions.tla:7:25: successor state is not completely specified by action Skip")
}

// queueAsTLC: TLC queues a new state before it checks it (DoInitFunctor, ModelChecker.doNext),
// so TLCGet("queue") in an invariant or an initial-state PROPERTY counts it: the initial state
// reads 1, then x = 1 and x = 2, both successors of the initial state, read 1 and 2.
const queueAsTLC = `---- MODULE QueueAsTLC ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == x = 0 /\ x' \in {1, 2}
InitQueue == TLCGet("queue") = 1
Queued == x # 0 => TLCGet("queue") = x
====`

// TestTLCGetAnswersAsTLC runs specifications that check TLCGet's answers themselves, in an
// ASSUME, an invariant or a PROPERTY: each runs to the end without a violation, with the counts
// (generated, distinct, left) worked out by hand. AppActions: x goes 0, 1, 6, 10, one successor
// each but 10's (4, 4, 0). QueueAsTLC: 0 and its successors 1 and 2 (3, 3, 0).
func TestTLCGetAnswersAsTLC(t *testing.T) {
	for _, c := range []struct {
		name, src, conf string
		counts          [3]int64
	}{
		{"AppActions", appActions, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", [3]int64{4, 4, 0}},
		{"QueueAsTLC", queueAsTLC, "INIT Init NEXT Next INVARIANT Queued PROPERTY InitQueue CHECK_DEADLOCK FALSE", [3]int64{3, 3, 0}},
	} {
		res := checkSource(t, c.name, c.src, c.conf, Options{})
		require.Equal(t, OK, res.Verdict, "%s: %s", c.name, res.Violated)
		require.Equal(t, c.counts, [3]int64{res.Generated, res.Distinct, res.Left}, c.name)
	}
}

// actionContext checks TLCGet("action").context in simulation, where TLC fills it with the
// action's context (Action.con): Step's parameter q and the p of the \E it is applied under, both
// the value x takes; Jump's n, bound by an \E of the next-state relation without a definition of
// its own. An initial state's context is empty. Before, the context was always empty, which
// violates Ctx in the first successor.
const actionContext = `---- MODULE ActionContext ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Step(q) == x' = q
Next == \/ \E p \in {1, 2} : Step(p)
        \/ \E n \in {10, 20} : x' = n
Ctx == TLCGet("action").context =
         CASE TLCGet("level") = 1 -> [i \in {} |-> 0]
           [] x \in {1, 2} -> [p |-> x, q |-> x]
           [] OTHER -> [n |-> x]
====`

func TestTLCGetActionContext(t *testing.T) {
	res := checkSource(t, "ActionContext", actionContext, "INIT Init NEXT Next INVARIANT Ctx CHECK_DEADLOCK FALSE",
		Options{Mode: Simulate, Traces: 20, Depth: 5, Seed: 1})
	require.Equal(t, OK, res.Verdict, "%s %v", res.Violated, res.Trace)
	require.Positive(t, res.Generated)
}
