package value

// normalizeError is the error TLC raises normalizing a set whose elements it cannot all order,
// or nil: TLC's SetEnumValue.normalize sorts the elements with ValueVec.sort, which takes them
// in the order the set was built (a set enumeration's as written, {1, "a"}) and places each by
// a binary search among those placed before it, comparing it with elem.compareTo(placed[mid]);
// an integer compared with a string fails ("Attempted to compare string "a" with non-string:\n1").
// elems are the normalized elements in that order; they are not changed.
//
// Only two cheap tests run on every set: the kinds of the elements (mixedKinds) and, for sets of
// functions and sets, whose elements may mix kinds inside ({<<1>>, <<"a">>}), the elements next
// to each other once sorted (ValueVec.sort compares every element with the ones it ends up
// between, so TLC fails if one of those pairs fails). The sort is replayed only when the first
// test finds a mixture, to name the pair TLC names.
func normalizeError(elems []Value) error {
	if !mixedKinds(elems) {
		return nil
	}
	placed := make([]Value, 0, len(elems))
	placed = append(placed, elems[0])
	for _, e := range elems[1:] {
		lo, hi, idx, c := 0, len(placed), 0, 0
		for lo < hi {
			idx = int(uint(lo+hi) >> 1)
			if err := compareError(e, placed[idx]); err != nil {
				return err
			}
			var err error
			if c, err = Compare(e, placed[idx]); err != nil {
				return err
			}
			if c == 0 {
				break
			}
			if c < 0 {
				hi = idx
			} else {
				lo = idx + 1
			}
		}
		if c == 0 {
			continue // a duplicate: ValueVec.sort(true) drops it
		}
		if c > 0 {
			idx++
		}
		placed = append(placed, nil)
		copy(placed[idx+1:], placed[idx:])
		placed[idx] = e
	}
	return nil
}

// sortedNeighboursError is normalizeError's second test, on the elements of a set once sorted and
// without duplicates: the error TLC raises comparing two elements that end up next to each other,
// which ValueVec.sort compares (the later one placed is compared with the earlier), or nil. Only
// functions and sets can hide a mixture of kinds inside elements of one kind.
func sortedNeighboursError(sorted []Value) error {
	if len(sorted) < 2 {
		return nil
	}
	switch sorted[len(sorted)-1].(type) {
	case Bool, Int, Str, ModelValue:
		return nil
	}
	for i := 1; i < len(sorted); i++ {
		if !orderFree(sorted[i]) {
			continue
		}
		if err := compareError(sorted[i], sorted[i-1]); err != nil {
			return err
		}
	}
	return nil
}

// orderFree reports whether the pair of components where TLC's comparison of v with another value
// stops is the one compareError finds: v holds no function, set of other than scalars, or record
// whose field names the specification's intern order (see InternOrder) sorts otherwise than their
// bytes, whose components TLC walks in an order this package does not follow yet (it orders field
// names and strings by their bytes, TLC by interning them; see doc.go). A record
// [src |-> 1, msg |-> "a"] compared with [src |-> 2, msg |-> <<>>] stops at src in TLC when src
// was interned first, and would fail at msg in this package's order. A check skipped for such a
// value lets a spec go on where TLC may stop, never the reverse.
func orderFree(v Value) bool {
	switch x := v.(type) {
	case Bool, Int, Str, ModelValue:
		return true
	case Tuple:
		for _, e := range x {
			if !orderFree(e) {
				return false
			}
		}
		return true
	case *Record:
		if o := printOrder.Load(); o != nil {
			for i := 1; i < len(x.names); i++ {
				if o.compareNames(x.names[i-1], x.names[i]) > 0 {
					return false
				}
			}
		}
		for _, e := range x.values {
			if !orderFree(e) {
				return false
			}
		}
		return true
	case *Set:
		if len(x.elems) == 0 {
			return true
		}
		switch x.elems[len(x.elems)-1].(type) {
		case Bool, Int, Str, ModelValue:
			return true
		}
	}
	return false
}

// mixedKinds reports whether elems hold two values TLC may refuse to compare at the top: values
// of two kinds among booleans, integers, strings, functions (tuples, records and functions, which
// TLC compares with each other by their domains) and sets, or a typed model value (see
// ModelValue.Typed) with a value other than an untyped model value or one of its type. Untyped
// model values compare with everything.
func mixedKinds(elems []Value) bool {
	var kind Kind
	var typ byte
	for _, e := range elems {
		var k Kind
		switch x := e.(type) {
		case Int:
			k = KindInt
		case Str:
			k = KindString
		case Bool:
			k = KindBool
		case ModelValue:
			if !x.Typed() {
				continue
			}
			if typ != 0 && typ != x.typ() {
				return true
			}
			typ, k = x.typ(), KindModel
		case Tuple, *Record, *Func, LazyFunc:
			k = KindFunc
		default:
			k = e.Kind()
		}
		if kind != 0 && kind != k {
			return true
		}
		kind = k
	}
	return false
}
