package value

// Member is v \in s as TLC decides it: s.Contains(v), failing where TLC's member method fails
// for a value of a kind it does not look for in s. A finite set fails as TLC's binary search of
// the normalized set does (SetEnumValue.member, ValueVec.search): when v is not in s and TLC
// cannot order v and an element next to where v would be ("a" \in {1, 2}); an interval that is not
// empty (IntervalValue.member), Nat and Int (Naturals, Integers) for a value that is not an
// integer, STRING (Strings) for one that is not a string. An untyped model value is looked for
// anywhere; a typed one only among model values. Contains stays total: the set algebra of this
// package orders values of every kind.
func Member(s SetValue, v Value) (bool, error) {
	switch x := s.(type) {
	case *Set:
		n, err := Normalize(v)
		if err != nil {
			return false, err
		}
		return x.MemberNormalized(n)
	case *IntervalSet:
		if _, ok := v.(Int); !ok && x.Lo <= x.Hi {
			if m, isMV := v.(ModelValue); !isMV || m.Typed() {
				return false, incomparableError("Attempted to check if the value:\n%s\nis in the integer interval "+x.String(), v)
			}
		}
	case namedInfinite:
		_, isInt := v.(Int)
		_, isStr := v.(Str)
		m, isMV := v.(ModelValue)
		switch {
		case isMV && m.Typed():
			// ModelValue.modelValueMember.
			return false, incomparableError("Attempted to check if the typed model value %s is an element of\n%s", m, x)
		case isMV:
			return false, nil
		case x == StringSet && !isStr, x != StringSet && !isInt:
			// EC.TLC_MODULE_CHECK_MEMBER_OF.
			return false, incomparableError("Attempted to check if the value:\n%s\nis an element of "+x.String()+".", v)
		}
	}
	return s.Contains(v)
}

// MemberNormalized is Member for v already normalized (see Normalize). A tuple is searched for
// with searchTuple, whose miss needs no replay of TLC's probes when each of them compared values
// TLC orders (see searchTuple).
func (s *Set) MemberNormalized(v Value) (bool, error) {
	if _, ok := v.(Tuple); ok {
		i, found, clean, err := searchTuple(s.elems, v)
		if err != nil || found || clean {
			return found, err
		}
		return false, s.missError(i, v)
	}
	i, found, err := search(s.elems, v)
	if err != nil || found {
		return found, err
	}
	return false, s.missError(i, v)
}

// searchTuple is search(elems, v) for a tuple v, and reports as well whether each comparison it
// made walked only pairs that are surely comparable (see surelyComparable): tuples of different
// lengths, or tuples of one length walked element by element up to the first pair that differs,
// each pair being integers, strings or Booleans of one kind, v's side an untyped model value, or
// such tuples again. Then missError is nil and is not called: the elements it compares v with are
// the search's probes (the neighbours of where v would be are the last elements probed on either
// side; the replay of TLC's binary search probes what this one probed), and compareError walks
// each pair as the search did, as TLC's v.compareTo(elems[mid]) does. dag-consensus' Children(dag, v) ==
// {c \in Vertices(dag) : <<v, c>> \in Edges(dag)}, which misses for most c, spent as much in
// missError's checks as in the search.
func searchTuple(elems []Value, v Value) (i int, found, clean bool, err error) {
	clean = true
	lo, hi := 0, len(elems)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c, ok, err := compareProbe(elems[mid], v)
		clean = clean && ok
		if err != nil || c == 0 {
			return mid, err == nil, clean, err
		}
		if c < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, false, clean, nil
}

// compareProbe is Compare(e, v), e an element a search for v probes, and whether the values it
// walked are surely comparable with v's (see searchTuple).
func compareProbe(e, v Value) (c int, clean bool, err error) {
	x, ok := v.(Tuple)
	y, ok2 := e.(Tuple)
	if !ok || !ok2 {
		// Integers and model values, what tuples are most often made of, without Compare's and
		// surelyComparable's switches.
		switch a := v.(type) {
		case Int:
			if b, ok := e.(Int); ok {
				return compareInts(b, a), true, nil
			}
		case ModelValue:
			if b, ok := e.(ModelValue); ok {
				return compareStrings(b.Name, a.Name), !a.Typed(), nil
			}
		}
		c, err := Compare(e, v)
		return c, err == nil && surelyComparable(v, e), err
	}
	if c := sign(len(y) - len(x)); c != 0 {
		return c, true, nil
	}
	clean = true
	for i := range x {
		c, ok, err := compareProbe(y[i], x[i])
		clean = clean && ok
		if c != 0 || err != nil {
			return c, clean, err
		}
	}
	return 0, clean, nil
}

// missCounted, when set (by tests), is called at each miss missError checks.
var missCounted func()

// missError is the error TLC's binary search for v raises, v not being in s and i being where it
// would be (ValueVec.search: v.compareTo(elems[mid]) for each element it probes), or nil: the
// probes are replayed for a v of another kind than the elements, whose first probe of another
// kind fails; for one of their kind, the neighbours of i are compared with it. Sets of values TLC
// compares with v without error are not searched again (see scalarKind), nor values whose
// comparison this package does not walk in TLC's order (see orderFree).
func (s *Set) missError(i int, v Value) error {
	if missCounted != nil {
		missCounted()
	}
	if len(s.elems) == 0 || compatibleKinds(scalarKind(s), valueScalarKind(v)) || !orderFree(v) {
		return nil
	}
	if !mixedKinds([]Value{v, s.elems[len(s.elems)-1]}) {
		// v is of the elements' kind: a probe fails only where a neighbour of i does (a pair of
		// elements that failed inside would have failed normalizing s).
		for _, j := range [2]int{i - 1, i} {
			if j >= 0 && j < len(s.elems) {
				if err := compareError(v, s.elems[j]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	lo, hi := 0, len(s.elems)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if err := compareError(v, s.elems[mid]); err != nil {
			return err
		}
		if mid < i {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return nil
}
