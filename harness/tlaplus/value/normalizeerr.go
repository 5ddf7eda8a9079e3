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
	if !orderFree(sorted...) {
		return nil
	}
	for i := 1; i < len(sorted); i++ {
		if err := compareError(sorted[i], sorted[i-1]); err != nil {
			return err
		}
	}
	return nil
}

// orderFree reports whether the components TLC's comparisons among vs walk come in the order this
// package holds them in, so that the pairs TLC compares, and where each comparison stops, are the
// ones compareError finds. Strings, record field names and model values are ordered as in TLC
// when the specification's intern order ranks them (see InternOrder), and so is a string a run
// makes (ToString, \o, JSON) against a ranked one, which TLC interns after every name of the
// text; two different strings made while checking are ordered here by their bytes, in TLC by
// when each was first made. So vs are order-free when they hold at most one string value and at
// most one field name that the order does not rank (or no specification set one), and no lazy
// function or set, which are not looked into. (A record compared with a function of strings
// compares its names with strings; a name and a string both made at run time are not
// counted together.) A check skipped for values that are not lets a spec go on where TLC may
// stop, never the reverse.
func orderFree(vs ...Value) bool {
	o := order.Load()
	if o == nil {
		return true
	}
	u := unranked{o: o}
	for _, v := range vs {
		if !u.all(v) {
			return false
		}
	}
	return true
}

// unranked collects the strings and field names an intern order does not rank, up to one of each.
type unranked struct {
	o               *InternOrder
	str, name       string
	hasStr, hasName bool
}

// one notes s, a string value (or model value name) or, if name, a field name; it reports
// whether the values seen so far still hold at most one unranked of each.
func (u *unranked) one(s string, name bool) bool {
	if _, ok := u.o.rankOf(s); ok {
		return true
	}
	seen, has := &u.str, &u.hasStr
	if name {
		seen, has = &u.name, &u.hasName
	}
	if *has {
		return *seen == s
	}
	*seen, *has = s, true
	return true
}

// all notes the strings in v, a value whose sets and functions are enumerated, and reports
// whether they are still at most one unranked of each (false for a lazy value).
func (u *unranked) all(v Value) bool {
	switch x := v.(type) {
	case Bool, Int:
		return true
	case Str:
		return u.one(string(x), false)
	case ModelValue:
		return u.one(x.Name, false)
	case Tuple:
		return u.each(x)
	case *Record:
		for _, n := range x.names {
			if !u.one(n, true) {
				return false
			}
		}
		return u.each(x.values)
	case *Func:
		return u.each(x.domain.elems) && u.each(x.vals)
	case *Set:
		return u.each(x.elems)
	}
	return false
}

func (u *unranked) each(vs []Value) bool {
	for _, e := range vs {
		if !u.all(e) {
			return false
		}
	}
	return true
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
