package check

import (
	"fmt"
	"sort"

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

// canonical returns the representative of s's symmetry class: the least of s and its images under
// every permutation, comparing variables in a fixed order (cheapest first) and values in the
// canonical order. Any fixed total order gives each class one representative, so states of one
// class share a fingerprint. Images are computed a variable at a time and abandoned at the first
// variable where they are already greater, which most are.
func (m *tlaModel) canonical(s State) (State, error) {
	m.symOnce.Do(func() { m.symOrder = comparisonOrder(s) })
	best := make(State, len(s))
	bestPerm := -1 // the identity
	bestAt := func(i int) (value.Value, error) {
		if best[i] == nil {
			if bestPerm < 0 {
				best[i] = s[i]
			} else {
				v, _, err := permute(s[i], m.symmetry[bestPerm])
				if err != nil {
					return nil, err
				}
				best[i] = v
			}
		}
		return best[i], nil
	}
	img := make(State, len(s))
	for p, perm := range m.symmetry {
		clear(img)
		c := 0
		for _, i := range m.symOrder {
			v, _, err := permute(s[i], perm)
			if err != nil {
				return nil, err
			}
			img[i] = v
			b, err := bestAt(i)
			if err != nil {
				return nil, err
			}
			if c, err = value.Compare(v, b); err != nil {
				return nil, err
			}
			if c != 0 {
				break
			}
		}
		if c < 0 {
			bestPerm = p
			best, img = img, best
		}
	}
	for i := range best {
		if _, err := bestAt(i); err != nil {
			return nil, err
		}
	}
	return best, nil
}

// comparisonOrder orders variable indexes by the printed size of their value in a sample state,
// smallest first, so that images are compared on cheap variables before expensive ones.
func comparisonOrder(s State) []int {
	order := make([]int, len(s))
	size := make([]int, len(s))
	for i := range order {
		order[i] = i
		size[i] = len(s[i].String())
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] < size[order[b]] })
	return order
}

// permute renames the model values inside v, reporting whether anything changed; a value without
// model values to rename is returned as is, without allocating.
func permute(v value.Value, perm map[string]value.ModelValue) (value.Value, bool, error) {
	switch x := v.(type) {
	case value.ModelValue:
		if to, ok := perm[x.Name]; ok && to != x {
			return to, true, nil
		}
		return x, false, nil
	case value.Bool, value.Int, value.Str:
		return v, false, nil
	case value.Tuple:
		var out value.Tuple
		for i, e := range x {
			pe, changed, err := permute(e, perm)
			if err != nil {
				return nil, false, err
			}
			if changed && out == nil {
				out = make(value.Tuple, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out[i] = pe
			}
		}
		if out == nil {
			return x, false, nil
		}
		return out, true, nil
	case *value.Record:
		var vals []value.Value
		for i := 0; i < x.Len(); i++ {
			pe, changed, err := permute(x.ValueAt(i), perm)
			if err != nil {
				return nil, false, err
			}
			if changed && vals == nil {
				vals = make([]value.Value, x.Len())
				for j := 0; j < i; j++ {
					vals[j] = x.ValueAt(j)
				}
			}
			if vals != nil {
				vals[i] = pe
			}
		}
		if vals == nil {
			return x, false, nil
		}
		r, err := value.NewRecord(append([]string(nil), x.Names()...), vals)
		return r, true, err
	case value.FuncValue:
		dom := make([]value.Value, x.Len())
		vals := make([]value.Value, x.Len())
		any := false
		for i := range dom {
			var c1, c2 bool
			var err error
			if dom[i], c1, err = permute(x.DomainAt(i), perm); err != nil {
				return nil, false, err
			}
			if vals[i], c2, err = permute(x.ValueAt(i), perm); err != nil {
				return nil, false, err
			}
			any = any || c1 || c2
		}
		if !any {
			return x, false, nil
		}
		f, err := value.NewFunc(dom, vals)
		return f, true, err
	case value.SetValue:
		set, err := x.Enumerate()
		if err != nil {
			return nil, false, err
		}
		var elems []value.Value
		for i, e := range set.Elems() {
			pe, changed, err := permute(e, perm)
			if err != nil {
				return nil, false, err
			}
			if changed && elems == nil {
				elems = make([]value.Value, set.Len())
				copy(elems, set.Elems()[:i])
			}
			if elems != nil {
				elems[i] = pe
			}
		}
		if elems == nil {
			return set, set != v, nil
		}
		ns, err := value.NewSet(elems...)
		return ns, true, err
	}
	n, err := value.Normalize(v)
	if err != nil {
		return nil, false, fmt.Errorf("applying a symmetry permutation: %w", err)
	}
	return permute(n, perm)
}
