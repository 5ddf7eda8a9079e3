package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// loadSymmetry evaluates the SYMMETRY definition, a set of permutations of model values
// (typically Permutations(S), or the union of several such sets), and expands it into the group
// those permutations generate, as TLC does (MVPerms.permutationSubgroup): the states of one
// orbit of the group share a fingerprint. A set such as Permutations(A) \cup Permutations(B) is
// not itself a group (it lacks the permutations moving A and B at once), and taking canonical
// forms over the set as written would merge states that TLC keeps apart. Each element must be
// a permutation: a function from a set of model values onto itself, one to one.
func (m *tlaModel) loadSymmetry(e namedExpr) error {
	v, err := evalOnce(m.spec, e.x, e.sc, nil)
	if err != nil {
		return loadErrorf("evaluating SYMMETRY %s: %v", e.name, err)
	}
	set, err := value.Enumerate(v)
	if err != nil {
		return loadErrorf("SYMMETRY %s must be a finite set of permutations: %v", e.name, err)
	}
	var gens []*permutation
	for _, p := range set.Elems() {
		perm, err := asPermutation(p)
		if err != nil {
			return loadErrorf("SYMMETRY %s: %v", e.name, err)
		}
		if perm != nil {
			gens = append(gens, perm)
		}
	}
	m.symmetry = generatedGroup(gens)
	return nil
}

// asPermutation converts a SYMMETRY element to a permutation, nil for the identity. It must be a
// function whose domain is a set of model values and which maps that set onto itself, one to
// one: anything else would not define a symmetry.
func asPermutation(p value.Value) (*permutation, error) {
	f, err := value.AsFunc(p)
	if err != nil {
		return nil, fmt.Errorf("%s is not a permutation (a function from model values to model values)", value.Abbrev(p))
	}
	perm := &permutation{}
	images := map[string]bool{}
	domain := map[string]bool{}
	for i := 0; i < f.Len(); i++ {
		from, ok1 := f.DomainAt(i).(value.ModelValue)
		to, ok2 := f.ValueAt(i).(value.ModelValue)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("the permutation %s must map model values to model values", value.Abbrev(p))
		}
		if images[to.Name] {
			return nil, fmt.Errorf("%s is not a permutation: it maps two model values to %s", value.Abbrev(p), to.Name)
		}
		images[to.Name], domain[from.Name] = true, true
		if from != to {
			perm.from = append(perm.from, from.Name)
			perm.to = append(perm.to, to)
		}
	}
	for name := range images {
		if !domain[name] {
			return nil, fmt.Errorf("%s is not a permutation: it maps onto %s, which is not in its domain", value.Abbrev(p), name)
		}
	}
	if len(perm.from) == 0 {
		return nil, nil
	}
	return perm, nil
}

// generatedGroup returns the group the permutations gens generate, without the identity: gens
// first, then their products, found as TLC's MVPerms.permutationSubgroup finds them (composing
// each generator with the permutations found in the previous round until no new one appears).
func generatedGroup(gens []*permutation) []*permutation {
	out := []*permutation{}
	seen := map[string]bool{}
	add := func(p *permutation) {
		if len(p.from) == 0 {
			return
		}
		if k := p.key(); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	for _, g := range gens {
		add(g)
	}
	gens = out[:len(out):len(out)]
	for lo := 0; ; {
		hi := len(out)
		for _, g := range gens {
			for _, p := range out[lo:hi] {
				add(g.compose(p))
			}
		}
		if len(out) == hi {
			return out
		}
		lo = hi
	}
}

// key identifies p: the pairs it moves, in the order of their names.
func (p *permutation) key() string {
	pairs := make([]string, len(p.from))
	for i, from := range p.from {
		pairs[i] = from + "\x00" + p.to[i].(value.ModelValue).Name
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "\x01")
}

// compose returns p after q: x goes to p(q(x)).
func (p *permutation) compose(q *permutation) *permutation {
	names := map[string]bool{}
	var moved []string
	for _, n := range append(append([]string{}, q.from...), p.from...) {
		if !names[n] {
			names[n] = true
			moved = append(moved, n)
		}
	}
	out := &permutation{}
	for _, n := range moved {
		x := value.Value(value.ModelValue{Name: n})
		if y, ok := q.of(x.(value.ModelValue)); ok {
			x = y
		}
		if y, ok := p.of(x.(value.ModelValue)); ok {
			x = y
		}
		if x.(value.ModelValue).Name != n {
			out.from = append(out.from, n)
			out.to = append(out.to, x)
		}
	}
	return out
}

// permutation renames model values: from[i] to to[i], every other value left as it is.
// Symmetry sets are small, so the renamed names are searched in order.
type permutation struct {
	from []string
	to   []value.Value // model values, boxed once
}

// of returns the image of the model value x.
func (p *permutation) of(x value.ModelValue) (value.Value, bool) {
	for i, name := range p.from {
		if name == x.Name {
			return p.to[i], true
		}
	}
	return nil, false
}

// canonical returns the representative of s's symmetry class: the least of s and its images under
// every permutation, comparing variables in a fixed order (cheapest first) and values in the
// canonical order. Any fixed total order gives each class one representative, so states of one
// class share a fingerprint. Images are computed a variable at a time and abandoned at the first
// variable where they are already greater, which most are.
//
// The representative is built in sc, which a worker keeps from call to call (canonical runs on
// several workers at once, so the buffers cannot live on m): it stays valid until the next call
// with sc, long enough to fingerprint it.
func (m *tlaModel) canonical(s State, sc *symScratch) (State, error) {
	m.symOnce.Do(func() { m.symOrder = comparisonOrder(s) })
	best, img := sc.reset(len(s))
	defer func() { sc.best, sc.img = best, img }()
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

// symScratch holds one worker's buffers for canonical: the best image so far and the image being
// compared with it.
type symScratch struct {
	best, img State
}

// reset returns the two buffers sized n and cleared.
func (sc *symScratch) reset(n int) (best, img State) {
	if cap(sc.best) < n {
		sc.best, sc.img = make(State, n), make(State, n)
	}
	sc.best, sc.img = sc.best[:n], sc.img[:n]
	clear(sc.best)
	return sc.best, sc.img
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
// model values to rename is returned as is (v itself: re-boxing x would allocate), and a renamed function or record
// shares what the renaming left alone.
func permute(v value.Value, perm *permutation) (value.Value, bool, error) {
	switch x := v.(type) {
	case value.ModelValue:
		if to, ok := perm.of(x); ok {
			return to, true, nil
		}
		return v, false, nil
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
			return v, false, nil
		}
		return out, true, nil
	case *value.Record:
		vals, err := permuteValues(x, perm)
		if vals == nil || err != nil {
			return v, false, err
		}
		return x.WithValues(vals), true, nil
	case *value.Func:
		domChanged := false
		for i := 0; i < x.Len() && !domChanged; i++ {
			_, c, err := permute(x.DomainAt(i), perm)
			if err != nil {
				return nil, false, err
			}
			domChanged = c
		}
		if !domChanged {
			vals, err := permuteValues(x, perm)
			if vals == nil || err != nil {
				return v, false, err
			}
			return x.WithValues(vals), true, nil
		}
		if vals, ok, err := permuteOntoItself(x, perm); ok || err != nil {
			if err != nil {
				return nil, false, err
			}
			return x.WithValues(vals), true, nil
		}
		dom := make([]value.Value, x.Len())
		vals := make([]value.Value, x.Len())
		for i := range dom {
			var err error
			if dom[i], _, err = permute(x.DomainAt(i), perm); err != nil {
				return nil, false, err
			}
			if vals[i], _, err = permute(x.ValueAt(i), perm); err != nil {
				return nil, false, err
			}
		}
		f, err := value.NewFuncOwning(dom, vals)
		return f, true, err
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
			return v, false, nil
		}
		f, err := value.NewFuncOwning(dom, vals)
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

// permuteValues renames the model values in the values of f, returning nil if none changed.
func permuteValues(f value.FuncValue, perm *permutation) ([]value.Value, error) {
	var vals []value.Value
	for i := 0; i < f.Len(); i++ {
		pe, changed, err := permute(f.ValueAt(i), perm)
		if err != nil {
			return nil, err
		}
		if changed && vals == nil {
			vals = make([]value.Value, f.Len())
			for j := 0; j < i; j++ {
				vals[j] = f.ValueAt(j)
			}
		}
		if vals != nil {
			vals[i] = pe
		}
	}
	return vals, nil
}

// permuteOntoItself renames the model values in f when its domain is a set of model values that
// perm maps onto itself, as a permutation of Server does to a function over Server: the image then
// has f's domain, so it shares f's (sorted) domain instead of building and sorting a new one, and
// maps the i-th domain element's image to the image of the i-th value. It reports false when f's
// domain is not of that kind, leaving the general construction to the caller.
func permuteOntoItself(f *value.Func, perm *permutation) ([]value.Value, bool, error) {
	n := f.Len()
	for i := 0; i < n; i++ {
		if _, ok := f.DomainAt(i).(value.ModelValue); !ok {
			return nil, false, nil
		}
	}
	vals := make([]value.Value, n)
	for i := 0; i < n; i++ {
		d := f.DomainAt(i).(value.ModelValue)
		to, ok := perm.of(d)
		j := i
		if ok {
			// The domain is sorted by name (model values compare by name); find the image in it.
			name := to.(value.ModelValue).Name
			j = sort.Search(n, func(k int) bool { return f.DomainAt(k).(value.ModelValue).Name >= name })
			if j == n || f.DomainAt(j).(value.ModelValue).Name != name {
				return nil, false, nil
			}
		}
		if vals[j] != nil {
			// Two elements renamed to one: not a permutation, which the general construction
			// reports.
			return nil, false, nil
		}
		v, _, err := permute(f.ValueAt(i), perm)
		if err != nil {
			return nil, false, err
		}
		vals[j] = v
	}
	return vals, true, nil
}
