package eval

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

// keepSpec's definitions print what they compute, so that the test sees which evaluations
// compute them: Waiting is a function of the state alone (a set map: membership in it builds
// it), Stepped reads the next state, Timed uses TLCGet, Parts is a filter whose membership is
// decided from its body (building it is refused: 2^30 elements).
const keepSpec = `---- MODULE Keep ----
EXTENDS Naturals, FiniteSets, TLC
VARIABLES x, y
Waiting == {Print("w", i) : i \in {x, y}}
Stepped == Print("s", x')
Timed == Print("t", x) + TLCGet("level")
Parts == {p \in SUBSET (1 .. 30) : Cardinality(p) = x}
InParts(p) == p \in Parts
InWaiting(v) == v \in Waiting
====
`

// TestSessionResetAtKeepsStateFunctions: evaluations at one numbered state compute a state
// function once (its value and membership in it); one at another number, or after a plain
// Reset, computes it again; definitions reading the next state or TLCGet are computed in every
// evaluation; membership in a filter is still decided from its body.
func TestSessionResetAtKeepsStateFunctions(t *testing.T) {
	s, err := LoadSource("Keep.tla", []byte(keepSpec), Options{})
	require.NoError(t, err)
	printed := map[string]int{}
	ctx := &Context{
		Print:     func(line string) { printed[strings.Trim(strings.Fields(line)[0], `"`)]++ },
		TLCGet:    func(key string) (value.Value, bool) { return value.Int(7), key == "level" },
		NextFixed: true,
	}
	s1 := []value.Value{value.Int(1), value.Int(2)}
	s2 := []value.Value{value.Int(3), value.Int(4)}
	ss := s.NewSession(ctx)
	defer ss.Close()
	eval := func(src, want string) {
		t.Helper()
		v, err := ss.Eval(parse(t, src), nil)
		require.NoError(t, err, src)
		require.Equal(t, want, v.String(), src)
	}
	at := func(key uint64, state []value.Value, next int64) {
		ctx.State, ctx.Next = state, []value.Value{value.Int(next), state[1]}
		ss.ResetAt(ctx, key)
	}
	at(1, s1, 5)
	eval(`InWaiting(2)`, "TRUE")
	eval(`Stepped`, "5")
	eval(`Timed`, "8")
	eval(`InParts({1})`, "TRUE")
	require.Equal(t, map[string]int{"w": 2, "s": 1, "t": 1}, printed)
	at(1, s1, 6)
	eval(`InWaiting(2)`, "TRUE")
	eval(`Waiting`, "{1, 2}")
	eval(`Stepped`, "6")
	eval(`Timed`, "8")
	eval(`InParts({1})`, "TRUE")
	require.Equal(t, map[string]int{"w": 2, "s": 2, "t": 2}, printed, "Waiting kept at state 1; Stepped and Timed computed again")
	at(2, s2, 6)
	eval(`~InWaiting(3)`, "FALSE")
	eval(`InParts({1, 2, 3})`, "TRUE")
	require.Equal(t, 4, printed["w"], "another numbered state: Waiting computed again")
	ctx.State, ctx.Next = s2, nil
	ss.Reset(ctx)
	at(2, s2, 6)
	eval(`Waiting`, "{3, 4}")
	require.Equal(t, 6, printed["w"], "a plain Reset in between forgets it")
	at(0, s2, 6)
	eval(`Waiting`, "{3, 4}")
	at(0, s2, 6)
	eval(`Waiting`, "{3, 4}")
	require.Equal(t, 10, printed["w"], "key 0 keeps nothing")
}
