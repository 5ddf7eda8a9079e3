package check

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// forallModel loads a module from src with Init and Next and returns a worker of it and its
// initial states.
func forallModel(t *testing.T, src string) (modelWorker, []State) {
	t.Helper()
	conf, err := cfg.Parse("F.cfg", "INIT Init\nNEXT Next\n")
	require.NoError(t, err)
	m, err := loadModelWith("F.tla", []byte(src), conf, eval.Options{})
	require.NoError(t, err)
	w := m.worker()
	var init []State
	require.NoError(t, w.initial(func(s State) error { init = append(init, s); return nil }))
	return w, init
}

// TestForallBindsNoScopes: enumerating \A x \in S : A in an action binds its scopes in the
// enumerator's session arena and appends them to a slice it keeps, so that expanding a state
// allocates as much with 8 bindings as with 1 (it allocated a scope per binding and the slice:
// MCPaxos's \A's were a fifth of its objects).
func TestForallBindsNoScopes(t *testing.T) {
	allocs := func(n string) float64 {
		w, init := forallModel(t, "---- MODULE F ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == \\A i \\in 1.."+n+" : x' = (x + 1) % 3\n====\n")
		succ := 0
		expand := func() {
			require.NoError(t, w.next(init[0], func(State, int) error { succ++; return nil }))
		}
		expand()
		require.Equal(t, 1, succ)
		return testing.AllocsPerRun(50, expand)
	}
	one, eight := allocs("1"), allocs("8")
	require.Equal(t, one, eight, "allocations expanding a state through \\A over 1..1 and over 1..8")
}

// TestForallScopeKeptByASuccessor: a successor keeping the scope of an \A's binding (a function
// over Nat, evaluated lazily) keeps its value when later expansions bind other values in the
// arena: the scopes it refers to are left to it.
func TestForallScopeKeptByASuccessor(t *testing.T) {
	w, init := forallModel(t, "---- MODULE F ----\nEXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\nNext == \\A i \\in {y + 1} : x' = [n \\in Nat |-> n + i] /\\ y' = y + 1\n====\n")
	states := []State{init[0]}
	for range 3 {
		var next []State
		require.NoError(t, w.next(states[len(states)-1], func(s State, _ int) error {
			next = append(next, append(State(nil), s...))
			return nil
		}))
		require.Len(t, next, 1)
		states = append(states, next[0])
	}
	for i, s := range states[1:] {
		f, ok := s[0].(value.LazyFunc)
		require.True(t, ok, "x is %s", value.Abbrev(s[0]))
		v, err := f.Apply(value.Int(5))
		require.NoError(t, err)
		require.Equal(t, value.Int(5+i+1), v, "x[5] in state %d", i+2)
	}
}
