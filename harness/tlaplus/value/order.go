package value

import (
	"fmt"
)

// Compare orders a before b (-1), equal (0) or after (1) in the canonical order described in the
// package documentation. It fails only when a lazy value cannot be enumerated.
func Compare(a, b Value) (int, error) {
	// Scalars of the same type first, without the Kind calls: model values and integers are what
	// functions are most often indexed by.
	switch x := a.(type) {
	case ModelValue:
		if y, ok := b.(ModelValue); ok {
			return compareStrings(x.Name, y.Name), nil
		}
	case Int:
		if y, ok := b.(Int); ok {
			return compareInts(x, y), nil
		}
	case Str:
		if y, ok := b.(Str); ok {
			return compareStrings(string(x), string(y)), nil
		}
	case Tuple:
		// Tuples of tuples (edges <<<<n, r>>, <<m, s>>>>, messages) are what sets of a state
		// are most often searched for: no Kind calls on the way down.
		if y, ok := b.(Tuple); ok {
			return compareTuples(x, y)
		}
	}
	ka, kb := a.Kind(), b.Kind()
	if ka != kb {
		return sign(kindRank(ka) - kindRank(kb)), nil
	}
	switch ka {
	case KindBool:
		x, y := a.(Bool), b.(Bool)
		switch {
		case x == y:
			return 0, nil
		case !bool(x):
			return -1, nil
		}
		return 1, nil
	case KindInt:
		return compareInts(a.(Int), b.(Int)), nil
	case KindString:
		return compareStrings(string(a.(Str)), string(b.(Str))), nil
	case KindModel:
		return compareStrings(a.(ModelValue).Name, b.(ModelValue).Name), nil
	case KindFunc:
		return compareFuncs(a, b)
	case KindSet:
		return compareSets(a.(SetValue), b.(SetValue))
	}
	return 0, fmt.Errorf("cannot compare %s with %s", Abbrev(a), Abbrev(b))
}

// SurelyInfinite reports whether s is infinite by its structure. Filters, intersections and
// differences of infinite sets may be finite, so neither they nor finite sets are.
func SurelyInfinite(s SetValue) bool { return surelyInfinite(s) }

func surelyInfinite(s SetValue) bool {
	nonEmpty := func(s SetValue) bool {
		if !s.Finite() {
			return surelyInfinite(s)
		}
		n, err := Cardinality(s)
		return err == nil && n > 0
	}
	switch x := s.(type) {
	case namedInfinite:
		return true
	case *SeqSetValue:
		return nonEmpty(x.Elem)
	case *SubsetSet:
		return surelyInfinite(x.Base)
	case *FuncSetValue:
		return (surelyInfinite(x.Dom) && nonEmpty(x.Rng) && !isSingleton(x.Rng)) || (nonEmpty(x.Dom) && surelyInfinite(x.Rng))
	case *RecordSetValue:
		return anyInfiniteAllNonEmpty(x.sets, nonEmpty)
	case *ProductSet:
		return anyInfiniteAllNonEmpty(x.Sets, nonEmpty)
	case *setOp:
		return x.op == opUnion && (surelyInfinite(x.a) || surelyInfinite(x.b))
	}
	return false
}

func isSingleton(s SetValue) bool {
	if !s.Finite() {
		return false
	}
	n, err := Cardinality(s)
	return err == nil && n == 1
}

func anyInfiniteAllNonEmpty(sets []SetValue, nonEmpty func(SetValue) bool) bool {
	inf := false
	for _, e := range sets {
		if !nonEmpty(e) {
			return false
		}
		inf = inf || surelyInfinite(e)
	}
	return inf
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func compareFuncs(a, b Value) (int, error) {
	switch x := a.(type) {
	case Tuple:
		if y, ok := b.(Tuple); ok {
			return compareTuples(x, y)
		}
	case *Record:
		if y, ok := b.(*Record); ok {
			return compareRecords(x, y)
		}
	}
	fa, err := AsFunc(a)
	if err != nil {
		return 0, err
	}
	fb, err := AsFunc(b)
	if err != nil {
		return 0, err
	}
	if x, ok := fa.(*Func); ok && x == fb {
		return 0, nil
	}
	if c := sign(fa.Len() - fb.Len()); c != 0 {
		return c, nil
	}
	for i := 0; i < fa.Len(); i++ {
		if c, err := Compare(fa.DomainAt(i), fb.DomainAt(i)); c != 0 || err != nil {
			return c, err
		}
		if c, err := Compare(fa.ValueAt(i), fb.ValueAt(i)); c != 0 || err != nil {
			return c, err
		}
	}
	return 0, nil
}

// compareRecords orders records as TLC's RecordValue.compareTo: by their number of fields, then
// their field names pairwise (in the order a record holds them, see InternOrder), then, the
// names being equal, their values pairwise.
func compareRecords(a, b *Record) (int, error) {
	if a == b {
		return 0, nil
	}
	if c := sign(len(a.names) - len(b.names)); c != 0 {
		return c, nil
	}
	// Records built by one constructor share their names (WithValues).
	if len(a.names) > 0 && &a.names[0] != &b.names[0] {
		for i := range a.names {
			if c := compareStrings(a.names[i], b.names[i]); c != 0 {
				return c, nil
			}
		}
	}
	for i := range a.values {
		if c, err := Compare(a.values[i], b.values[i]); c != 0 || err != nil {
			return c, err
		}
	}
	return 0, nil
}

func compareTuples(a, b Tuple) (int, error) {
	if c := sign(len(a) - len(b)); c != 0 {
		return c, nil
	}
	for i := range a {
		if c, err := Compare(a[i], b[i]); c != 0 || err != nil {
			return c, err
		}
	}
	return 0, nil
}

func compareSets(a, b SetValue) (int, error) {
	if x, ok := a.(*Set); ok && x == b {
		return 0, nil
	}
	if !a.Finite() || !b.Finite() {
		na, aok := a.(namedInfinite)
		nb, bok := b.(namedInfinite)
		if aok && bok {
			// Nat, Int and STRING are three different sets.
			return sign(int(na) - int(nb)), nil
		}
		if a.Finite() != b.Finite() {
			// A finite set differs from an infinite one; order finite sets first. A lazy set
			// that may turn out finite ({x \in Nat : x < 3}) cannot be decided.
			if a.Finite() && surelyInfinite(b) {
				return -1, nil
			}
			if b.Finite() && surelyInfinite(a) {
				return 1, nil
			}
		}
		return 0, fmt.Errorf("%w: cannot compare %s with %s", ErrInfinite, Abbrev(a), Abbrev(b))
	}
	ea, err := a.Enumerate()
	if err != nil {
		return 0, err
	}
	eb, err := b.Enumerate()
	if err != nil {
		return 0, err
	}
	return compareElems(ea.elems, eb.elems)
}

// compareElems compares two finite sets given by their elements in normalized order.
func compareElems(a, b []Value) (int, error) {
	if c := sign(len(a) - len(b)); c != 0 {
		return c, nil
	}
	for i := range a {
		if c, err := Compare(a[i], b[i]); c != 0 || err != nil {
			return c, err
		}
	}
	return 0, nil
}

// Normalize returns the canonical representation of v used inside sets and function domains:
// lazy finite sets become *Set and lazy functions are materialized, recursively. Values that are
// already canonical are returned unchanged.
func Normalize(v Value) (Value, error) {
	n, _, err := normalize(v)
	return n, err
}

// normalizeAll normalizes each of vs, copying the slice only if some element changed.
func normalizeAll(vs []Value) ([]Value, bool, error) {
	var out []Value
	for i, e := range vs {
		n, changed, err := normalize(e)
		if err != nil {
			return nil, false, err
		}
		if changed && out == nil {
			out = make([]Value, len(vs))
			copy(out, vs[:i])
		}
		if out != nil {
			out[i] = n
		}
	}
	if out == nil {
		return vs, false, nil
	}
	return out, true, nil
}

func normalize(v Value) (Value, bool, error) {
	switch x := v.(type) {
	case Bool, Int, Str, ModelValue, *Set:
		return v, false, nil
	case Tuple:
		vals, changed, err := normalizeAll(x)
		if err != nil || !changed {
			// v itself: converting vals back to a Value would allocate a new interface box.
			return v, false, err
		}
		return Tuple(vals), true, nil
	case *Record:
		vals, changed, err := normalizeAll(x.values)
		if err != nil || !changed {
			return x, false, err
		}
		return &Record{names: x.names, values: vals}, true, nil
	case *Func:
		vals, changed, err := normalizeAll(x.vals)
		if err != nil || !changed {
			return x, false, err
		}
		return &Func{domain: Set{elems: x.domain.elems}, vals: vals}, true, nil
	case LazyFunc:
		f, err := x.Materialize()
		if err != nil {
			return nil, false, err
		}
		n, _, err := normalize(f)
		return n, true, err
	case SetValue:
		if !x.Finite() {
			// An infinite set has no enumeration to normalize to; it stays lazy, so that {Nat}
			// or {[S -> Int]} can be built and asked for membership (UNION {[S -> Int]}), and
			// whatever needs it ordered (comparing, fingerprinting) fails then.
			return x, false, nil
		}
		s, err := x.Enumerate()
		if err != nil {
			return nil, false, err
		}
		return s, true, nil
	}
	return nil, false, fmt.Errorf("cannot normalize %s", Abbrev(v))
}

func compareInts(x, y Int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// kindRank is the place of values of kind k in the order: model values first, as in TLC, whose
// ModelValue.compareTo orders an (untyped) model value before any value of another kind and whose
// other classes' compareTo order themselves after one (modelValueCompareTo, FcnRcdValue's 1), so
// that CHOOSE x \in {1, m} : TRUE is m, as TLC chooses; then booleans, integers, strings,
// functions and sets, kinds TLC does not order among themselves.
func kindRank(k Kind) int {
	if k == KindModel {
		return 0
	}
	return int(k)
}
