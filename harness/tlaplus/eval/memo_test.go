package eval

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

const memoSpec = `---- MODULE Memo ----
EXTENDS Naturals
VARIABLE x
B == x + 1
A == B * 2
Twice(e) == e + e
C == Twice(x)
Consts == {1, 2}
Func == [n \in Consts |-> 0]
Filter == {n \in Consts : n > x}
Above(k) == {n \in Consts : n > k}
Wrap(k) == [i \in {1} |-> {k}]
Bump(f) == [f EXCEPT ![1] = {@}]
Local(k) == LET d == k + 1 IN {d}
====
`

// A definition that reads the state only through another definition already computed in the
// same evaluation (or through a cached argument) still reads the state: it must not be
// memoized as a constant. Expected values are worked out by hand from memoSpec.
func TestMemoizationSeesCachedStateReads(t *testing.T) {
	s, err := LoadSource("Memo.tla", []byte(memoSpec), Options{})
	require.NoError(t, err)
	at := func(x int64, expr string) value.Value {
		t.Helper()
		v, err := s.NewSession(&Context{State: []value.Value{value.Int(x)}}).Eval(parse(t, expr), nil)
		require.NoError(t, err)
		return v
	}
	// x = 1: B = 2, A = 4; the tuple computes B first, so A reads it from the evaluation's cache.
	require.Equal(t, "<<2, 4>>", at(1, "<<B, A>>").String())
	// x = 2: A = (2 + 1) * 2 = 6, not the 4 of the previous state.
	require.Equal(t, "6", at(2, "A").String())
	require.Equal(t, "<<2, 2>>", at(1, "<<C, C>>").String())
	require.Equal(t, "6", at(3, "C").String())
	// Constant constructors may be computed once; the ones reading the state may not.
	for x, want := range map[int64]string{0: "{1, 2}", 1: "{2}", 2: "{}"} {
		// [n \in {1, 2} |-> 0] is the sequence <<0, 0>>.
		require.Equal(t, "<<<<0, 0>>, "+want+">>", at(x, "<<Func, Filter>>").String())
	}
	// Constructors reading a parameter, @ or a LET definition are not constants either: each
	// call has its own value.
	for k, want := range map[int64]string{0: "<<{1, 2}, <<{0}>>, <<{7}>>, {1}>>", 1: "<<{2}, <<{1}>>, <<{8}>>, {2}>>"} {
		expr := fmt.Sprintf("<<Above(%d), Wrap(%d), Bump(<<%d>>), Local(%d)>>", k, k, k+7, k)
		require.Equal(t, want, at(0, expr).String(), expr)
	}
}

// A string literal's value is boxed once and cached on the node: every evaluation, in any state
// or call, still reads the literal's own value.
func TestStringLiteralCached(t *testing.T) {
	s, err := LoadSource("Str.tla", []byte("---- MODULE Str ----\nVARIABLE x\nTag(k) == <<\"a\", k, x>>\nBoth == {\"b\", \"a\"}\n====\n"), Options{})
	require.NoError(t, err)
	for _, x := range []int64{1, 2, 1} {
		for _, k := range []string{`"a"`, `"c"`} {
			v, err := s.NewSession(&Context{State: []value.Value{value.Int(x)}}).Eval(parse(t, "<<Tag("+k+"), Both>>"), nil)
			require.NoError(t, err)
			require.Equal(t, fmt.Sprintf(`<<<<"a", %s, %d>>, {"a", "b"}>>`, k, x), v.String())
		}
	}
}

const nextFixedSpec = `---- MODULE NextFixed ----
EXTENDS Naturals, TLC
VARIABLE x
D == IF PrintT("D") THEN x * 10 ELSE 0
Step == D' + D' + D
====
`

// With Context.NextFixed a zero-arity definition read under a prime is computed once per
// session, as its unprimed value is: Step evaluates D' twice and D once, and prints "D" twice
// instead of three times. The values are those of the step x = 1 -> x = 2 (20 + 20 + 10), and
// a Reset moving to another step computes D' again.
func TestNextFixedCachesPrimedDefinitions(t *testing.T) {
	s, err := LoadSource("NextFixed.tla", []byte(nextFixedSpec), Options{})
	require.NoError(t, err)
	for _, fixed := range []bool{false, true} {
		var printed []string
		ctx := &Context{State: []value.Value{value.Int(1)}, Next: []value.Value{value.Int(2)}, NextFixed: fixed,
			Print: func(line string) { printed = append(printed, line) }}
		ss := s.NewSession(ctx)
		v, err := ss.Eval(parse(t, "Step"), nil)
		require.NoError(t, err)
		require.Equal(t, "50", v.String())
		want := 3
		if fixed {
			want = 2
		}
		require.Len(t, printed, want, "NextFixed %v", fixed)
		ctx.Next = []value.Value{value.Int(3)}
		ss.Reset(ctx)
		v, err = ss.Eval(parse(t, "Step"), nil)
		require.NoError(t, err)
		require.Equal(t, "70", v.String(), "NextFixed %v", fixed)
	}
}

// An argument read again from its cache counts as a state read only when computing it read the
// state: a definition that passes a constant to an operator reading its parameter more than once
// (Sorted below; tlaplus/Examples' LoopInvariance sorts over Seq <- LimitedSeq this way) is
// computed once, as TLC computes constant definitions once, while C == Twice(x) is not.
func TestConstantArgumentsKeepDefinitionsConstant(t *testing.T) {
	s, err := LoadSource("Sorting.tla", []byte(`---- MODULE Sorting ----
EXTENDS Naturals, Sequences
VARIABLE x
Twice(e) == e + e
C == Twice(x)
Lim(S) == UNION {[1 .. n -> S] : n \in 1 .. 2}
Sorted == {q \in Lim(1 .. 2) : \A i \in 1 .. Len(q) - 1 : q[i] =< q[i + 1]}
====
`), Options{})
	require.NoError(t, err)
	for _, x := range []int64{1, 2} {
		v, err := s.NewSession(&Context{State: []value.Value{value.Int(x)}}).Eval(parse(t, "<<Sorted, C>>"), nil)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("<<{<<1>>, <<2>>, <<1, 1>>, <<1, 2>>, <<2, 2>>}, %d>>", 2*x), v.String())
	}
	require.NotNil(t, s.root.defs["Sorted"].memo.Load(), "Sorted reads no state: computed once")
	require.Nil(t, s.root.defs["C"].memo.Load(), "C reads x through its argument")
}

const callNextSpec = `---- MODULE CallNext ----
EXTENDS Naturals, FiniteSets, TLC
VARIABLE x
D == Cardinality({y \in 1 .. 50 : y <= x})
Step == D' + D' + D
P == IF PrintT("P") THEN x ELSE 0
Printing == P' + P'
====
`

// Without Context.NextFixed a zero-arity definition read under a prime is computed once per
// session call (Eval), which changes nothing in ctx.Next: Step's D' costs one loop over 1..50
// (and D another), not two; the next call, after ctx.Next changed without a Reset, computes it
// again. A definition applying an operator with an effect (PrintT) is computed at each use, as
// TLC does.
func TestCallCachesPrimedDefinitions(t *testing.T) {
	ss, ctx, printed := printingSession(t, "CallNext.tla", callNextSpec)
	step := parse(t, "Step")
	steps := ss.ev.steps
	v, err := ss.Eval(step, nil)
	require.NoError(t, err)
	require.Equal(t, "50", v.String())
	require.Equal(t, int64(100), int64(ss.ev.steps-steps), "loop iterations")
	ctx.Next = []value.Value{value.Int(30)}
	v, err = ss.Eval(step, nil)
	require.NoError(t, err)
	require.Equal(t, "70", v.String())
	_, err = ss.Eval(parse(t, "Printing"), nil)
	require.NoError(t, err)
	require.Len(t, *printed, 2)
}

// printingSession loads the module src and starts a session at the step x = 10 -> x' = 20 that
// collects what the module prints; the session is closed when the test ends.
func printingSession(t *testing.T, name, src string) (*Session, *Context, *[]string) {
	s, err := LoadSource(name, []byte(src), Options{})
	require.NoError(t, err)
	printed := &[]string{}
	ctx := &Context{State: []value.Value{value.Int(10)}, Next: []value.Value{value.Int(20)},
		Print: func(line string) { *printed = append(*printed, line) }}
	ss := s.NewSession(ctx)
	t.Cleanup(ss.Close)
	return ss, ctx, printed
}
