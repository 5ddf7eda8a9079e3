package check

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"

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

// TestSymmetryGeneratesGroup: the configured permutations are expanded into the group they
// generate, as TLC does; the 8 permutations of Permutations(A) \cup Permutations(R) \cup
// Permutations(V) with |A| = 3, |R| = |V| = 2 (tla/MCMultiPaxos.cfg) generate 3! * 2! * 2! = 24,
// 23 of them other than the identity, and the two swaps of Permutations({a1, a2}) \cup
// Permutations({b1, b2}) generate 4.
func TestSymmetryGeneratesGroup(t *testing.T) {
	perms := func(names ...string) []*permutation {
		var out []*permutation
		var rec func(rest []string, chosen []string)
		rec = func(rest, chosen []string) {
			if len(rest) == 0 {
				p := &permutation{}
				for i, n := range names {
					if chosen[i] != n {
						p.from = append(p.from, n)
						p.to = append(p.to, value.ModelValue{Name: chosen[i]})
					}
				}
				if len(p.from) > 0 {
					out = append(out, p)
				}
				return
			}
			for i := range rest {
				next := append(append([]string{}, rest[:i]...), rest[i+1:]...)
				rec(next, append(chosen, rest[i]))
			}
		}
		rec(names, nil)
		return out
	}
	var gens []*permutation
	gens = append(gens, perms("a1", "a2", "a3")...)
	gens = append(gens, perms("r1", "r2")...)
	gens = append(gens, perms("v1", "v2")...)
	require.Len(t, gens, 7) // 8 with the identity
	group := generatedGroup(gens)
	require.Len(t, group, 23)
	keys := map[string]bool{}
	for _, p := range group {
		keys[p.key()] = true
	}
	require.Len(t, keys, 23, "no permutation twice")
	require.Len(t, generatedGroup(append(perms("a1", "a2"), perms("b1", "b2")...)), 3)
	require.Empty(t, generatedGroup(nil))
}

// TestSymmetryUnionCounts: TLC's counts for a union of permutation sets, which only the group
// the union generates gives (see testdata/corpus/SymmetryUnion.tla).
func TestSymmetryUnionCounts(t *testing.T) {
	c := corpusCase{config: "SymmetryUnion.cfg", spec: "SymmetryUnion.tla", generated: 5, distinct: 1, depth: 1}
	for _, workers := range []int{1, 2} {
		res := runCorpus(t, c, Options{Workers: workers})
		require.Equal(t, [3]int64{5, 1, 1}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)}, "generated, distinct, depth")
	}
}

// TestSymmetryMustPermute: a SYMMETRY element that is not a permutation of a set of model values
// is a load error naming it.
func TestSymmetryMustPermute(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	for cfgFile, want := range map[string]string{
		"SymmetryMerge.cfg":   "SYMMETRY Merge: (a1 :> a1 @@ a2 :> a1) is not a permutation: it maps two model values to a1",
		"SymmetryOutside.cfg": "SYMMETRY Outside: (a1 :> m) is not a permutation: it maps onto m, which is not in its domain",
	} {
		conf, err := cfg.ParseFile(filepath.Join(dir, cfgFile))
		require.NoError(t, err)
		_, err = Check(context.Background(), filepath.Join(dir, "SymmetryBad.tla"), conf, Options{})
		var le *LoadError
		require.ErrorAs(t, err, &le, cfgFile)
		require.ErrorContains(t, err, want)
	}
}
