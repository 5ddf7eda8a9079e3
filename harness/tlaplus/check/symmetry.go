package check

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// loadSymmetry evaluates the SYMMETRY definition: a set of permutations (functions from model
// values to model values), typically Permutations(S) or the union of several.
func (m *tlaModel) loadSymmetry(e namedExpr) error {
	v, err := evalExpr(m.spec, e.x, e.sc, nil)
	if err != nil {
		return loadErrorf("evaluating SYMMETRY %s: %v", e.name, err)
	}
	set, err := value.Enumerate(v)
	if err != nil {
		return loadErrorf("SYMMETRY %s must be a finite set of permutations: %v", e.name, err)
	}
	for _, p := range set.Elems() {
		f, err := value.AsFunc(p)
		if err != nil {
			return loadErrorf("SYMMETRY %s contains %s, which is not a permutation", e.name, value.Abbrev(p))
		}
		perm := map[string]value.ModelValue{}
		identity := true
		for i := 0; i < f.Len(); i++ {
			from, ok1 := f.DomainAt(i).(value.ModelValue)
			to, ok2 := f.ValueAt(i).(value.ModelValue)
			if !ok1 || !ok2 {
				return loadErrorf("SYMMETRY %s: the permutation %s must map model values to model values", e.name, value.Abbrev(p))
			}
			perm[from.Name] = to
			identity = identity && from == to
		}
		if !identity {
			m.symmetry = append(m.symmetry, perm)
		}
	}
	if m.symmetry == nil {
		m.symmetry = []map[string]value.ModelValue{}
	}
	return nil
}

// canonical returns the representative of s's symmetry class: the least, in the canonical value
// order, of s and its images under every permutation. States in one class share it, so they
// share a fingerprint.
func (m *tlaModel) canonical(s State) (State, error) {
	best := s
	for _, perm := range m.symmetry {
		img := make(State, len(s))
		for i, v := range s {
			pv, err := permute(v, perm)
			if err != nil {
				return nil, err
			}
			img[i] = pv
		}
		c, err := value.Compare(value.Tuple(img), value.Tuple(best))
		if err != nil {
			return nil, err
		}
		if c < 0 {
			best = img
		}
	}
	return best, nil
}

// permute renames the model values inside v.
func permute(v value.Value, perm map[string]value.ModelValue) (value.Value, error) {
	switch x := v.(type) {
	case value.ModelValue:
		if to, ok := perm[x.Name]; ok {
			return to, nil
		}
		return x, nil
	case value.Bool, value.Int, value.Str:
		return v, nil
	case value.Tuple:
		out := make(value.Tuple, len(x))
		for i, e := range x {
			pe, err := permute(e, perm)
			if err != nil {
				return nil, err
			}
			out[i] = pe
		}
		return out, nil
	case *value.Record:
		vals := make([]value.Value, x.Len())
		for i := range vals {
			pe, err := permute(x.ValueAt(i), perm)
			if err != nil {
				return nil, err
			}
			vals[i] = pe
		}
		return value.NewRecord(append([]string(nil), x.Names()...), vals)
	case value.FuncValue:
		dom := make([]value.Value, x.Len())
		vals := make([]value.Value, x.Len())
		for i := range dom {
			var err error
			if dom[i], err = permute(x.DomainAt(i), perm); err != nil {
				return nil, err
			}
			if vals[i], err = permute(x.ValueAt(i), perm); err != nil {
				return nil, err
			}
		}
		return value.NewFunc(dom, vals)
	case value.SetValue:
		set, err := x.Enumerate()
		if err != nil {
			return nil, err
		}
		elems := make([]value.Value, set.Len())
		for i, e := range set.Elems() {
			pe, err := permute(e, perm)
			if err != nil {
				return nil, err
			}
			elems[i] = pe
		}
		return value.NewSet(elems...)
	}
	n, err := value.Normalize(v)
	if err != nil {
		return nil, fmt.Errorf("applying a symmetry permutation: %w", err)
	}
	return permute(n, perm)
}
