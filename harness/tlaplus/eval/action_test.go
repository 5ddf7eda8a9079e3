package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

const counterSpec = `---- MODULE Counter ----
EXTENDS Naturals, TLC
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
Bump(a) == a' = a + 1
Prime(e) == e'
Inc == Bump(x) /\ UNCHANGED y
Next == Inc \/ (y' = x /\ UNCHANGED x)
Spec == Init /\ [][Next]_vars
Once == Print("once", 1)
Each == Print("each", x)
====
`

func loadCounter(t *testing.T) *Spec {
	t.Helper()
	s, err := LoadSource("Counter.tla", []byte(counterSpec), Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"x", "y"}, s.Variables)
	return s
}

func parse(t *testing.T, src string) ast.Expr {
	t.Helper()
	x, err := syntax.ParseExpr("test", src)
	require.NoError(t, err)
	return x
}

func TestActionsAgainstStates(t *testing.T) {
	s := loadCounter(t)
	cur := []value.Value{value.Int(3), value.Int(5)}
	cases := []struct {
		expr string
		next []value.Value
		want bool
	}{
		{"x' = x + 1", []value.Value{value.Int(4), nil}, true},
		{"Bump(x)", []value.Value{value.Int(4), nil}, true},
		{"Bump(x)", []value.Value{value.Int(5), nil}, false},
		// Call by name: Prime(x + y) is (x + y)', read from the next state: 1 + 2.
		{"Prime(x + y) = 3", []value.Value{value.Int(1), value.Int(2)}, true},
		{"UNCHANGED <<x, y>>", []value.Value{value.Int(3), value.Int(5)}, true},
		{"UNCHANGED <<x, y>>", []value.Value{value.Int(3), value.Int(6)}, false},
		{"Inc", []value.Value{value.Int(4), value.Int(5)}, true},
		{"Next", []value.Value{value.Int(3), value.Int(3)}, true},
		{"Next", []value.Value{value.Int(7), value.Int(5)}, false},
		{"[Next]_vars", []value.Value{value.Int(3), value.Int(5)}, true},
		{"<<Next>>_vars", []value.Value{value.Int(3), value.Int(5)}, false},
		{"<<Inc>>_vars", []value.Value{value.Int(4), value.Int(5)}, true},
	}
	for _, c := range cases {
		got, err := s.NewSession(&Context{State: cur, Next: c.next}).EvalBool(parse(t, c.expr), nil)
		require.NoError(t, err, c.expr)
		require.Equal(t, c.want, got, "%s with next %v", c.expr, c.next)
	}
}

func TestUnboundPrimeIsTyped(t *testing.T) {
	s := loadCounter(t)
	_, err := s.NewSession(&Context{State: []value.Value{value.Int(0), value.Int(0)}, Next: make([]value.Value, 2)}).Eval(parse(t, "y' = x' + 1"), nil)
	var up *UnboundPrimeError
	require.True(t, errors.As(err, &up), "got %v", err)
	require.Equal(t, "y", up.Var)
	require.Contains(t, err.Error(), "test:1:1")

	_, err = s.NewSession(&Context{State: []value.Value{nil, nil}}).Eval(parse(t, "y = x"), nil)
	var uv *UnboundVariableError
	require.True(t, errors.As(err, &uv), "got %v", err)
	require.Equal(t, "y", uv.Var)

	_, err = s.NewSession(&Context{State: []value.Value{value.Int(0), value.Int(0)}}).Eval(parse(t, "x'"), nil)
	require.ErrorContains(t, err, "outside an action")
	_, err = s.NewSession(nil).Eval(parse(t, "x"), nil)
	require.ErrorContains(t, err, "no state")
}

func TestTemporalFormulasAreNotValues(t *testing.T) {
	s := loadCounter(t)
	ctx := &Context{State: []value.Value{value.Int(0), value.Int(0)}, Next: make([]value.Value, 2)}
	for _, e := range []string{"Spec", "[]Init", "<>Init", "Init ~> Init", "WF_vars(Next)", "ENABLED Next"} {
		_, err := s.NewSession(ctx).Eval(parse(t, e), nil)
		require.Error(t, err, e)
	}
	ctx.Enabled = func(a ast.Expr, sc *Scope) (bool, error) { return true, nil }
	ok, err := s.NewSession(ctx).EvalBool(parse(t, "ENABLED Next"), nil)
	require.NoError(t, err)
	require.True(t, ok)
}

// TestConstantDefinitionsAreMemoized checks that a definition reading no variable is evaluated
// once per Spec while one reading a variable is evaluated every time.
func TestConstantDefinitionsAreMemoized(t *testing.T) {
	s := loadCounter(t)
	var printed []string
	ctx := &Context{State: []value.Value{value.Int(1), value.Int(2)}, Print: func(l string) { printed = append(printed, l) }}
	for i := 0; i < 3; i++ {
		_, err := s.NewSession(ctx).EvalDef("Once")
		require.NoError(t, err)
		_, err = s.NewSession(ctx).EvalDef("Each")
		require.NoError(t, err)
	}
	require.Equal(t, []string{`"once"  1`, `"each"  1`, `"each"  1`, `"each"  1`}, printed)

	// Within one evaluation a state-dependent definition is computed once.
	printed = nil
	v, err := s.NewSession(ctx).EvalString("Each + Each + Once")
	require.NoError(t, err)
	require.Equal(t, value.Int(3), v)
	require.Equal(t, []string{`"each"  1`}, printed)
}

func TestRecursionLimit(t *testing.T) {
	src := `---- MODULE R ----
EXTENDS Naturals
RECURSIVE Down(_)
Down(n) == IF n = 0 THEN 0 ELSE Down(n - 1)
f[n \in Nat] == IF n = 0 THEN 0 ELSE f[n - 1]
====`
	s, err := LoadSource("R.tla", []byte(src), Options{Limits: Limits{MaxDepth: 50}})
	require.NoError(t, err)
	v, err := s.NewSession(nil).EvalString("Down(20) + f[20]")
	require.NoError(t, err)
	require.Equal(t, value.Int(0), v)
	_, err = s.NewSession(nil).EvalString("Down(100)")
	require.ErrorIs(t, err, ErrRecursionDepth)
	_, err = s.NewSession(nil).EvalString("f[100]")
	require.ErrorIs(t, err, ErrRecursionDepth)
}

// TestUnfoldWalksActions walks Next the way a successor enumerator does.
func TestUnfoldWalksActions(t *testing.T) {
	s := loadCounter(t)
	next, sc, err := s.NewSession(nil).Unfold(&ast.Ident{Name: "Next"}, nil)
	require.NoError(t, err)
	or, ok := next.(*ast.InfixExpr)
	require.True(t, ok, "Next unfolds to %T", next)
	require.Equal(t, `\/`, or.Op)

	inc, incScope, err := s.NewSession(nil).Unfold(or.L, sc)
	require.NoError(t, err)
	and, ok := inc.(*ast.InfixExpr)
	require.True(t, ok)
	require.Equal(t, `/\`, and.Op)

	// Bump(x) unfolds to a' = a + 1 with a bound, by name, to x.
	bump, bumpScope, err := s.NewSession(nil).Unfold(and.L, incScope)
	require.NoError(t, err)
	eq, ok := bump.(*ast.InfixExpr)
	require.True(t, ok)
	require.Equal(t, "=", eq.Op)
	ix, ok := s.PrimedVariable(eq.L, bumpScope)
	require.True(t, ok)
	require.Equal(t, 0, ix)
	v, err := s.NewSession(&Context{State: []value.Value{value.Int(41), value.Int(0)}}).Eval(eq.R, bumpScope)
	require.NoError(t, err)
	require.Equal(t, value.Int(42), v)

	_, ok = s.PrimedVariable(parse(t, "vars'"), nil)
	require.False(t, ok)

	q := parse(t, `\E i \in 1..3, <<a, b>> \in {<<1, 2>>} : TRUE`).(*ast.Quant)
	var seen []string
	ss := s.NewSession(nil)
	err = ss.ForEachBinding(q.Bounds, nil, func(b *Scope) (bool, error) {
		v, err := ss.Eval(parse(t, "<<i, a, b>>"), b)
		seen = append(seen, v.String())
		return true, err
	})
	require.NoError(t, err)
	require.Equal(t, []string{"<<1, 1, 2>>", "<<2, 1, 2>>", "<<3, 1, 2>>"}, seen)

	let := parse(t, "LET z == 4 IN z").(*ast.Let)
	ls, err := s.NewSession(nil).EnterLet(let, nil)
	require.NoError(t, err)
	v, err = s.NewSession(nil).Eval(let.Body, ls)
	require.NoError(t, err)
	require.Equal(t, value.Int(4), v)
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"---- MODULE A ----\nEXTENDS Nowhere\n====", "cannot find module Nowhere"},
		{"---- MODULE A ----\nI == INSTANCE Nowhere\nX == I!Y\n====", "cannot find module Nowhere"},
		{"---- MODULE A ----\nEXTENDS Naturals\nX == Y + 1\n====", "A.tla:3:6: unknown"},
		{"---- MODULE A ----\nX == 1 + 1\n====", "add it to EXTENDS"},
		{"---- MODULE A ----\nX == 1 +\n====", "A.tla:"},
	}
	for _, c := range cases {
		_, err := LoadSource("A.tla", []byte(c.src), Options{})
		if c.want == "" {
			require.NoError(t, err)
			continue
		}
		require.ErrorContains(t, err, c.want)
	}
	s, err := LoadSource("A.tla", []byte("---- MODULE A ----\nCONSTANT N\nX == <<N>>\n====\n"), Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"N"}, s.MissingConstants())
	_, err = s.NewSession(nil).EvalDef("X")
	require.ErrorContains(t, err, "N has no definition and no value")

	// A value for a name the spec does not have is ignored with a warning, as TLC does; a
	// substitution for one is an error.
	s, err = LoadSource("A.tla", []byte("---- MODULE A ----\nCONSTANT N\n====\n"), Options{Constants: []Constant{{Name: "M", Value: value.Int(1)}}})
	require.NoError(t, err)
	require.Equal(t, []string{"the configuration assigns a value to M, which module A neither declares nor defines; the entry is ignored"}, s.Warnings)
	_, err = LoadSource("A.tla", []byte("---- MODULE A ----\nCONSTANT N\nK == 1\n====\n"), Options{Constants: []Constant{{Name: "M", Substitute: "K"}}})
	require.ErrorContains(t, err, "substitutes K for M, which module A neither declares nor defines")

	s, err = LoadSource("A.tla", []byte("---- MODULE A ----\nI == INSTANCE Nowhere\nX == I!Y\n====\n"), Options{SkipSemanticCheck: true})
	require.NoError(t, err)
	_, err = s.NewSession(nil).EvalDef("X")
	require.ErrorContains(t, err, "cannot instantiate module Nowhere")
}

// TestConfigurationOverrides replaces a constant by a model value and a definition by another, as
// `N = n1` and `Nil <- MyNil` lines of a .cfg do.
func TestConfigurationOverrides(t *testing.T) {
	src := `---- MODULE C ----
CONSTANT Proc, Nil
Pick == CHOOSE p \in Proc : p /= Nil
NoVal == CHOOSE v : v \notin Proc
MyNil == "none"
ASSUME Nil \notin Proc
====`
	s, err := LoadSource("C.tla", []byte(src), Options{Constants: []Constant{
		{Name: "Proc", Value: value.MustSet(value.ModelValue{Name: "p2"}, value.ModelValue{Name: "p1"})},
		{Name: "Nil", Substitute: "MyNil"},
		{Name: "NoVal", Value: value.ModelValue{Name: "NoVal"}},
	}})
	require.NoError(t, err)
	require.NoError(t, s.NewSession(nil).CheckAssumptions())
	v, err := s.NewSession(nil).EvalDef("Pick")
	require.NoError(t, err)
	require.Equal(t, "p1", v.String())
	v, err = s.NewSession(nil).EvalDef("NoVal")
	require.NoError(t, err)
	require.Equal(t, value.ModelValue{Name: "NoVal"}, v)

	s, err = LoadSource("C.tla", []byte(src), Options{Constants: []Constant{{Name: "Proc", Value: value.MustSet(value.Str("none"))}, {Name: "Nil", Substitute: "MyNil"}}})
	require.NoError(t, err)
	err = s.NewSession(nil).CheckAssumptions()
	require.ErrorContains(t, err, "C.tla:6:1: assumption is false")
	_, err = s.NewSession(nil).EvalDef("NoVal")
	require.ErrorContains(t, err, "unbounded CHOOSE")
}

func TestErrorsNamePositions(t *testing.T) {
	s := loadCounter(t)
	_, err := s.NewSession(nil).EvalString("<<1, 2>>[7]")
	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), "<expr>:1:1:"), err.Error())
}

// TestUnfoldedScopesAcrossStates keeps an unfolded action, as a checker does, and evaluates it in
// two states: the argument x of Bump(x) must be read afresh in each.
func TestUnfoldedScopesAcrossStates(t *testing.T) {
	s := loadCounter(t)
	body, sc, err := s.NewSession(nil).Unfold(parse(t, "Bump(x)"), nil)
	require.NoError(t, err)
	for _, x := range []int64{1, 10} {
		ok, err := s.NewSession(&Context{State: []value.Value{value.Int(x), value.Int(0)}, Next: []value.Value{value.Int(x + 1), nil}}).EvalBool(body, sc)
		require.NoError(t, err)
		require.True(t, ok, "x = %d", x)
	}
}

// TestLetDefinitionsEvaluatedOnce checks that a zero-arity LET definition used twice is evaluated
// once, and an operator argument used twice likewise.
func TestLetDefinitionsEvaluatedOnce(t *testing.T) {
	s := loadCounter(t)
	var printed int
	ctx := &Context{State: []value.Value{value.Int(1), value.Int(2)}, Print: func(string) { printed++ }}
	v, err := s.NewSession(ctx).EvalString(`LET a == Print("a", x) IN a + a`)
	require.NoError(t, err)
	require.Equal(t, value.Int(2), v)
	require.Equal(t, 1, printed)
	v, err = s.NewSession(ctx).EvalString(`LET Twice(e) == e + e IN Twice(Print("e", 3))`)
	require.NoError(t, err)
	require.Equal(t, value.Int(6), v)
	require.Equal(t, 2, printed)
}

func TestInterrupt(t *testing.T) {
	s := loadCounter(t)
	done := make(chan struct{})
	close(done)
	_, err := s.NewSession(&Context{Done: done}).EvalString(`\A i \in 1..100000 : \A j \in 1..100000 : i + j > 0`)
	require.ErrorIs(t, err, ErrInterrupted)
}

// TestConcurrentEvaluation shares one Spec and one unfolded action between goroutines, as the
// checker's workers do; run with -race to check the caches.
func TestConcurrentEvaluation(t *testing.T) {
	s := loadCounter(t)
	body, sc, err := s.NewSession(nil).Unfold(parse(t, "Bump(x) /\\ Prime(y) = x + y"), nil)
	require.NoError(t, err)
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := 0; i < 200; i++ {
				x, y := int64(g*1000+i), int64(i)
				ok, err := s.NewSession(&Context{
					State: []value.Value{value.Int(x), value.Int(y)},
					Next:  []value.Value{value.Int(x + 1), value.Int(x + y)},
				}).EvalBool(body, sc)
				if err == nil && !ok {
					err = errors.New("action false in a state where it holds")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		require.NoError(t, <-errs)
	}
}

func TestStateByName(t *testing.T) {
	s := loadCounter(t)
	st, err := s.State(map[string]value.Value{"y": value.Int(2), "x": value.Int(1)})
	require.NoError(t, err)
	require.Equal(t, []value.Value{value.Int(1), value.Int(2)}, st)
	_, err = s.State(map[string]value.Value{"x": value.Int(1)})
	require.ErrorContains(t, err, "no value to variable y")
	_, err = s.State(map[string]value.Value{"x": value.Int(1), "y": value.Int(1), "z": value.Int(1)})
	require.ErrorContains(t, err, "no variable z")
}

// TestSessionSharesCaches evaluates two expressions in one session: the state-dependent
// definition is computed once for both.
func TestSessionSharesCaches(t *testing.T) {
	s := loadCounter(t)
	var printed int
	ss := s.NewSession(&Context{State: []value.Value{value.Int(1), value.Int(2)}, Print: func(string) { printed++ }})
	for i := 0; i < 3; i++ {
		v, err := ss.Eval(parse(t, "Each + y"), nil)
		require.NoError(t, err)
		require.Equal(t, value.Int(3), v)
	}
	ok, err := ss.EvalBool(parse(t, "Each = 1"), nil)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, 1, printed)
	_, err = ss.Eval(parse(t, "x'"), nil)
	require.Error(t, err)
	ok, err = ss.EvalBool(parse(t, "x = 1"), nil)
	require.NoError(t, err, "a failed evaluation must not leave the session primed")
	require.True(t, ok)
}

// TestSessionNestsInForEachBinding evaluates in a session the way a model checker expands a
// state: definitions unfolded into reused frames, guards evaluated, all from within the session's
// own ForEachBinding, with the next state changing between bindings and one evaluation failing.
func TestSessionNestsInForEachBinding(t *testing.T) {
	s := loadCounter(t)
	next := []value.Value{nil, nil}
	printed := 0
	ctx := &Context{State: []value.Value{value.Int(1), value.Int(2)}, Next: next, Print: func(string) { printed++ }}
	ss := s.NewSession(ctx)
	defer ss.Close()
	q, ok := parse(t, `\E i \in 1..3 : TRUE`).(*ast.Quant)
	require.True(t, ok)
	var seen []int64
	err := ss.ForEachBinding(q.Bounds, nil, func(sc *Scope) (bool, error) {
		m := ss.Mark()
		defer ss.Release(m)
		// Bump(x + i) unfolds to a' = a + 1 with a bound by name to x + i, which is 1 + i here
		// however often the argument is read, and in no other binding.
		body, inner, err := ss.Unfold(parse(t, "Bump(x + i)"), sc)
		require.NoError(t, err)
		eq, ok := body.(*ast.InfixExpr)
		require.True(t, ok, "Bump's body is a' = a + 1, got %T", body)
		for range 2 {
			v, err := ss.Eval(eq.R, inner)
			require.NoError(t, err)
			i, err := ss.Eval(parse(t, "i"), sc)
			require.NoError(t, err)
			require.Equal(t, value.Int(1+int64(i.(value.Int))+1), v)
		}
		// The next state changes between bindings; what is read from it is never cached.
		i := int64(0)
		if v, err := ss.Eval(parse(t, "i"), sc); err == nil {
			i = int64(v.(value.Int))
		}
		next[0] = value.Int(10 * i)
		v, err := ss.Eval(parse(t, "x' + i"), sc)
		require.NoError(t, err)
		require.Equal(t, value.Int(11*i), v)
		if i == 2 {
			// A failing evaluation inside the callback leaves the session as it found it:
			// not primed, so x below is read from the current state.
			next[0] = nil
			_, err := ss.Eval(parse(t, "Prime(x + y) = 3"), sc)
			var up *UnboundPrimeError
			require.ErrorAs(t, err, &up)
		}
		v, err = ss.Eval(parse(t, "Each + i"), sc)
		require.NoError(t, err)
		seen = append(seen, int64(v.(value.Int)))
		return true, nil
	})
	require.NoError(t, err)
	require.Equal(t, []int64{2, 3, 4}, seen)
	require.Equal(t, 1, printed, "Each reads only the current state: computed once per session")
	require.Zero(t, ss.ev.depth)
	require.False(t, ss.ev.primed)
}

// TestLoadKeepsSemanticAnalysis checks that Load keeps the semantic pass it ran, so that a model
// checker reads levels from it instead of running the pass again, and has none when it was
// skipped.
func TestLoadKeepsSemanticAnalysis(t *testing.T) {
	s := loadCounter(t)
	sem := s.Semantic()
	require.NotNil(t, sem)
	require.Equal(t, "Counter", sem.Root.Name)
	bump, ok := sem.Root.Scope["Bump"]
	require.True(t, ok)
	require.Equal(t, 1, bump.Arity)
	skipped, err := LoadSource("Counter.tla", []byte(counterSpec), Options{SkipSemanticCheck: true})
	require.NoError(t, err)
	require.Nil(t, skipped.Semantic())
}

// TestSessionReset checks that a reset session evaluates against its new state: nothing
// cached in the previous state is reused.
func TestSessionReset(t *testing.T) {
	s := loadCounter(t)
	printed := 0
	ctx := &Context{State: []value.Value{value.Int(1), value.Int(2)}, Print: func(string) { printed++ }}
	ss := s.NewSession(ctx)
	defer ss.Close()
	for i, want := range []int64{3, 3} {
		v, err := ss.Eval(parse(t, "Each + y"), nil)
		require.NoError(t, err, "evaluation %d", i)
		require.Equal(t, value.Int(want), v)
	}
	require.Equal(t, 1, printed)
	next := &Context{State: []value.Value{value.Int(5), value.Int(7)}, Print: ctx.Print}
	ss.Reset(next)
	v, err := ss.Eval(parse(t, "Each + y"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(12), v)
	require.Equal(t, 2, printed, "Each is computed again in the new state")
	ss.Close()
	ss.Reset(ctx)
	v, err = ss.Eval(parse(t, "Each + y"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(3), v, "a closed session resets with an evaluator of its own")
}

// TestSessionMarks checks the lifetime of the scopes a session unfolds: taken with no Mark
// outstanding they are allocated and outlive Reset and later arena use; taken after a Mark they
// come from the session's arena, which Release gives back for the next ones, so a model checker's
// Mark, Unfold, Release allocates nothing.
func TestSessionMarks(t *testing.T) {
	s := loadCounter(t)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(1), value.Int(2)}})
	defer ss.Close()
	kept, keptScope, err := ss.Unfold(parse(t, "Bump(x + y)"), nil)
	require.NoError(t, err)
	bumpY := parse(t, "Bump(y)")
	ss.Reset(&Context{State: []value.Value{value.Int(5), value.Int(7)}})
	var first *Scope
	for range 3 {
		m := ss.Mark()
		_, sc, err := ss.Unfold(bumpY, nil)
		require.NoError(t, err)
		if first == nil {
			first = sc
		}
		require.Same(t, first, sc, "the arena's frame is reused after Release")
		_, err = ss.Eval(parse(t, "Prime(x)"), sc) // fails: no next state; frames restored
		require.Error(t, err)
		ss.Release(m)
	}
	// Bump's body is a' = a + 1 with a standing for x + y, now 5 + 7.
	v, err := ss.Eval(kept.(*ast.InfixExpr).R, keptScope)
	require.NoError(t, err)
	require.Equal(t, value.Int(13), v)
	allocs := testing.AllocsPerRun(100, func() {
		m := ss.Mark()
		if _, _, err := ss.Unfold(bumpY, nil); err != nil {
			t.Fatal(err)
		}
		ss.Release(m)
	})
	require.Zero(t, allocs)
}

// TestSessionBindings: Bindings returns one scope per combination of binder values, in
// ForEachBinding's order, each kept: evaluating in them later still sees its own values.
func TestSessionBindings(t *testing.T) {
	s := loadCounter(t)
	ss := s.NewSession(nil)
	defer ss.Close()
	q := parse(t, `\A i \in 1..2, <<a, b>> \in {<<1, 2>>, <<3, 4>>} : TRUE`).(*ast.Quant)
	scopes, err := ss.Bindings(q.Bounds, nil)
	require.NoError(t, err)
	var got []string
	for _, sc := range scopes {
		v, err := ss.Eval(parse(t, "<<i, a, b>>"), sc)
		require.NoError(t, err)
		got = append(got, v.String())
	}
	require.Equal(t, []string{"<<1, 1, 2>>", "<<1, 3, 4>>", "<<2, 1, 2>>", "<<2, 3, 4>>"}, got)
	_, err = ss.Bindings(parse(t, `\A i : TRUE`).(*ast.Quant).Bounds, nil)
	require.ErrorContains(t, err, "unbounded quantifier")
}

// TestCompiledCodeOutsideItsScope: the compiled code of a definition's part finds its names by
// position in the scope chain, and falls back to looking them up by name when evaluated in a
// scope shaped otherwise (a frame more), with the same value.
func TestCompiledCodeOutsideItsScope(t *testing.T) {
	s := loadCounter(t)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(3), value.Int(5)}, Next: []value.Value{nil, nil}})
	defer ss.Close()
	body, sc, err := ss.Unfold(parse(t, "Bump(x + y)"), nil) // a' = a + 1, with a bound to x + y
	require.NoError(t, err)
	rhs := body.(*ast.InfixExpr).R
	require.NotNil(t, s.codeFor(rhs, sc), "Unfold compiles the definition it expands")
	for _, scope := range []*Scope{sc, sc.Bind("z", value.Int(0)), sc.Bind("z", value.Int(0)).Bind("w", value.Int(1))} {
		v, err := ss.Eval(rhs, scope)
		require.NoError(t, err)
		require.Equal(t, value.Int(9), v)
	}
}
