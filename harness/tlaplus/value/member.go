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
// would be: its last probes are the elements next to i, which it orders v against.
func (s *Set) missError(i int, v Value) error {
	if i > 0 {
		if err := compareError(v, s.elems[i-1]); err != nil {
			return err
		}
	}
	if i < len(s.elems) {
		return compareError(v, s.elems[i])
	}
	return nil
}
