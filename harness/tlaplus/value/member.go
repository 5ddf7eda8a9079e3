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

// MemberNormalized is Member for v already normalized (see Normalize).
func (s *Set) MemberNormalized(v Value) (bool, error) {
	i, found, err := search(s.elems, v)
	if err != nil || found {
		return found, err
	}
	return false, s.missError(i, v)
}

// missError is the error TLC's binary search for v raises, v not being in s and i being where it
// would be (ValueVec.search: v.compareTo(elems[mid]) for each element it probes), or nil: the
// probes are replayed for a v of another kind than the elements, whose first probe of another
// kind fails; for one of their kind, the neighbours of i are compared with it. Sets of values TLC
// compares with v without error are not searched again (see scalarKind), nor values whose
// comparison this package does not walk in TLC's order (see orderFree).
func (s *Set) missError(i int, v Value) error {
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
