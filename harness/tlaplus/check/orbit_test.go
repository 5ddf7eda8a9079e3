package check

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// orbitGroup is the group Permutations({a1, a2, a3}) \cup Permutations({b1, b2}) generates.
func orbitGroup() []*permutation {
	a1, a2, a3 := value.ModelValue{Name: "a1"}, value.ModelValue{Name: "a2"}, value.ModelValue{Name: "a3"}
	b1, b2 := value.ModelValue{Name: "b1"}, value.ModelValue{Name: "b2"}
	return generatedGroup([]*permutation{
		{from: []string{"a1", "a2"}, to: []value.Value{a2, a1}},
		{from: []string{"a1", "a2", "a3"}, to: []value.Value{a2, a3, a1}},
		{from: []string{"b1", "b2"}, to: []value.Value{b2, b1}},
	})
}

// orbitValue draws a value of the shapes specs keep in their variables: model values (some moved
// by the group, c not), integers, strings, booleans, tuples, sets, records and functions over
// model values, nested.
func orbitValue(t *rapid.T, depth int) value.Value {
	model := rapid.SampledFrom([]string{"a1", "a2", "a3", "b1", "b2", "c"})
	kinds := 4
	if depth > 0 {
		kinds = 8
	}
	switch kind := rapid.IntRange(0, kinds-1).Draw(t, "kind"); kind {
	case 0, 1, 2, 3:
		return orbitScalar(t, kind)
	case 4:
		n := rapid.IntRange(0, 3).Draw(t, "len")
		tup := make(value.Tuple, n)
		for i := range tup {
			tup[i] = orbitValue(t, depth-1)
		}
		return tup
	case 5:
		// A set holds values TLC orders with each other: model values, and values of one other
		// kind (TLC fails to normalize {1, "a"}), here scalars or pairs of model values.
		n := rapid.IntRange(0, 3).Draw(t, "len")
		kind := rapid.IntRange(1, 4).Draw(t, "element kind")
		elems := make([]value.Value, n)
		for i := range elems {
			switch k := rapid.IntRange(0, 1).Draw(t, "model element") * kind; k {
			case 4:
				elems[i] = value.Tuple{orbitScalar(t, 0), orbitScalar(t, 0)}
			default:
				elems[i] = orbitScalar(t, k)
			}
		}
		s, err := value.NewSet(elems...)
		require.NoError(t, err)
		return s
	case 6:
		r, err := value.NewRecord([]string{"f", "g"}, []value.Value{orbitValue(t, depth-1), orbitValue(t, depth-1)})
		require.NoError(t, err)
		return r
	}
	dom := rapid.SliceOfDistinct(model, func(s string) string { return s }).Draw(t, "domain")
	keys := make([]value.Value, len(dom))
	vals := make([]value.Value, len(dom))
	for i, name := range dom {
		keys[i], vals[i] = value.ModelValue{Name: name}, orbitValue(t, depth-1)
	}
	f, err := value.NewFunc(keys, vals)
	require.NoError(t, err)
	return f
}

// orbitScalar draws a model value (kind 0), an integer (1), a string (2) or a boolean (3).
func orbitScalar(t *rapid.T, kind int) value.Value {
	switch kind {
	case 0:
		return value.ModelValue{Name: rapid.SampledFrom([]string{"a1", "a2", "a3", "b1", "b2", "c"}).Draw(t, "model")}
	case 1:
		return value.Int(rapid.IntRange(0, 3).Draw(t, "int"))
	case 2:
		return value.Str(rapid.SampledFrom([]string{"a1", "x"}).Draw(t, "str"))
	}
	return value.Bool(rapid.Bool().Draw(t, "bool"))
}

func orbitState(t *rapid.T) State {
	s := make(State, 3)
	for i := range s {
		s[i] = orbitValue(t, 3)
	}
	return s
}

// TestOrbitFingerprint: states share an orbit fingerprint exactly when they share the canonical
// representative (the least image, built value by value): the images of a state under the group
// all have its fingerprint, and two states drawn independently have the same fingerprint only if
// one is an image of the other.
func TestOrbitFingerprint(t *testing.T) {
	group := orbitGroup()
	require.Len(t, group, 11) // 3! * 2! - 1
	m := &tlaModel{symmetry: group}
	rapid.Check(t, func(t *rapid.T) {
		o := newOrbitHasher(group)
		canon := func(s State) string {
			c, err := m.canonical(s, &symScratch{})
			require.NoError(t, err)
			return value.Tuple(c).String()
		}
		s := orbitState(t)
		fp, err := o.fingerprint(s)
		require.NoError(t, err)
		p := group[rapid.IntRange(0, len(group)-1).Draw(t, "perm")]
		img := make(State, len(s))
		for i, v := range s {
			img[i], _, err = permute(v, p)
			require.NoError(t, err)
		}
		fpImg, err := o.fingerprint(img)
		require.NoError(t, err)
		require.Equal(t, fp, fpImg, "%v and its image %v", s, img)
		other := orbitState(t)
		fpOther, err := o.fingerprint(other)
		require.NoError(t, err)
		require.Equal(t, canon(s) == canon(other), fp == fpOther, "%v and %v", s, other)
	})
}

// TestOrbitFingerprintRepresentations: equal values hash alike whatever their representation:
// a tuple and the function over 1..n it equals, a record and the function over its field names.
func TestOrbitFingerprintRepresentations(t *testing.T) {
	o := newOrbitHasher(orbitGroup())
	a1 := value.ModelValue{Name: "a1"}
	tup := value.Tuple{a1, value.Int(7)}
	asFunc, err := value.NewFunc([]value.Value{value.Int(1), value.Int(2)}, []value.Value{a1, value.Int(7)})
	require.NoError(t, err)
	rec, err := value.NewRecord([]string{"f", "g"}, []value.Value{a1, value.Int(7)})
	require.NoError(t, err)
	recFunc, err := value.NewFunc([]value.Value{value.Str("f"), value.Str("g")}, []value.Value{a1, value.Int(7)})
	require.NoError(t, err)
	fp := func(v value.Value) uint64 {
		h, err := o.fingerprint(State{v})
		require.NoError(t, err)
		return h
	}
	require.Equal(t, fp(tup), fp(asFunc))
	require.Equal(t, fp(rec), fp(recFunc))
	require.NotEqual(t, fp(tup), fp(rec))
	require.Equal(t, fp(value.MustSet(value.Int(1), value.Int(2))), fp(value.Interval(1, 2)))
}

// TestOrbitFingerprintKinds: values of different kinds that a spec mixes hash apart (TRUE and 0
// once shared a hash: rapid seed 15538371778519455907 of TestOrbitFingerprint).
func TestOrbitFingerprintKinds(t *testing.T) {
	o := newOrbitHasher(orbitGroup())
	seen := map[uint64]value.Value{}
	vals := []value.Value{value.True, value.False, value.Str(""), value.Str("a"), value.ModelValue{Name: "m"}}
	for i := -64; i <= 64; i++ {
		vals = append(vals, value.Int(i))
	}
	for _, v := range vals {
		h, err := o.fingerprint(State{v})
		require.NoError(t, err)
		if w, ok := seen[h]; ok {
			t.Fatalf("%v and %v have one orbit fingerprint", v, w)
		}
		seen[h] = v
	}
}

// TestOrbitFingerprintMemo: a hasher that has hashed many states (its memo full of their values,
// some entries overwritten by others) fingerprints a state as a new hasher does, also when the
// state is made of values it hashed before in other places.
func TestOrbitFingerprintMemo(t *testing.T) {
	group := orbitGroup()
	warm := newOrbitHasher(group)
	var seen []value.Value
	rapid.Check(t, func(t *rapid.T) {
		s := orbitState(t)
		if len(seen) > 0 {
			// Reuse values hashed in earlier states, as successors share their parent's.
			s[rapid.IntRange(0, len(s)-1).Draw(t, "slot")] = seen[rapid.IntRange(0, len(seen)-1).Draw(t, "old")]
		}
		want, err := newOrbitHasher(group).fingerprint(s)
		require.NoError(t, err)
		for range 2 {
			got, err := warm.fingerprint(s)
			require.NoError(t, err)
			require.Equal(t, want, got, "%v", s)
		}
		seen = append(seen, s...)
	})
	// A tuple and its prefix share their first element's address.
	a1, a2 := value.ModelValue{Name: "a1"}, value.ModelValue{Name: "a2"}
	long := value.Tuple{a1, a2, value.Int(1)}
	for _, s := range []State{{long}, {long[:2]}, {long[:1]}, {long}} {
		want, err := newOrbitHasher(group).fingerprint(s)
		require.NoError(t, err)
		got, err := warm.fingerprint(s)
		require.NoError(t, err)
		require.Equal(t, want, got, "%v", s)
	}
}
