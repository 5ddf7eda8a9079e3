package check

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// TestCanonicalOrbits: under the swap of p1 and p2, a state and its mirror image share the
// canonical representative, and states in different orbits do not. The state mixes the value
// shapes of real specs: a function over the model values, a set of records naming them, and a
// tuple.
func TestCanonicalOrbits(t *testing.T) {
	p1, p2 := value.ModelValue{Name: "p1"}, value.ModelValue{Name: "p2"}
	m := &tlaModel{symmetry: []*permutation{{from: []string{"p1", "p2"}, to: []value.Value{p2, p1}}}}
	msg := func(from value.Value, n int64) value.Value {
		r, err := value.NewRecord([]string{"from", "n"}, []value.Value{from, value.Int(n)})
		require.NoError(t, err)
		return r
	}
	state := func(a, b int64, from value.Value, who value.Value) State {
		f, err := value.NewFunc([]value.Value{p1, p2}, []value.Value{value.Int(a), value.Int(b)})
		require.NoError(t, err)
		return State{f, value.MustSet(msg(from, 1)), value.Tuple{who, value.Int(7)}}
	}
	canon := func(s State) string {
		c, err := m.canonical(s, &symScratch{})
		require.NoError(t, err)
		return value.Tuple(c).String()
	}
	// (p1 :> 1 @@ p2 :> 2, {[from |-> p1, n |-> 1]}, <<p2, 7>>) mirrored is
	// (p1 :> 2 @@ p2 :> 1, {[from |-> p2, n |-> 1]}, <<p1, 7>>).
	s := state(1, 2, p1, p2)
	mirror := state(2, 1, p2, p1)
	require.Equal(t, canon(s), canon(mirror))
	other := state(1, 2, p2, p2) // not the image of s under any permutation
	require.NotEqual(t, canon(s), canon(other))
	// The representative is a member of the orbit.
	rep := canon(s)
	require.Contains(t, []string{value.Tuple(s).String(), value.Tuple(mirror).String()}, rep)
}

// TestPermuteFuncOverModelValues: a function over model values that a permutation maps onto
// themselves is renamed sharing its domain; the image must be the function built from the renamed
// pairs, <<d, f[d]>> becoming <<perm(d), perm(f[d])>>. A renaming that leaves the domain (p1 to q,
// q outside it) or merges two elements (not a permutation) takes the general construction.
func TestPermuteFuncOverModelValues(t *testing.T) {
	p1, p2, p3, q := value.ModelValue{Name: "p1"}, value.ModelValue{Name: "p2"}, value.ModelValue{Name: "p3"}, value.ModelValue{Name: "q"}
	// f = p1 :> p2 @@ p2 :> <<p3>> @@ p3 :> 5
	f, err := value.NewFunc([]value.Value{p1, p2, p3}, []value.Value{p2, value.Tuple{p3}, value.Int(5)})
	require.NoError(t, err)
	cycle := &permutation{from: []string{"p1", "p2", "p3"}, to: []value.Value{p2, p3, p1}}
	img, changed, err := permute(f, cycle)
	require.NoError(t, err)
	require.True(t, changed)
	// p2 :> p3 @@ p3 :> <<p1>> @@ p1 :> 5, worked out by hand.
	want, err := value.NewFunc([]value.Value{p2, p3, p1}, []value.Value{p3, value.Tuple{p1}, value.Int(5)})
	require.NoError(t, err)
	c, err := value.Compare(img, want)
	require.NoError(t, err)
	require.Zero(t, c, "image %s, want %s", img, want)
	require.Equal(t, "(p1 :> 5 @@ p2 :> p3 @@ p3 :> <<p1>>)", img.String())

	out := &permutation{from: []string{"p1", "q"}, to: []value.Value{q, p1}}
	img, changed, err = permute(f, out)
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, "(p2 :> <<p3>> @@ p3 :> 5 @@ q :> p2)", img.String())

	merge := &permutation{from: []string{"p1"}, to: []value.Value{p2}}
	_, _, err = permute(f, merge)
	require.ErrorContains(t, err, "appears twice")
}
