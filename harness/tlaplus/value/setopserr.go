package value

// The set operations fail where TLC's fail on elements of kinds it does not compare: TLC's
// SetEnumValue.cup, cap and diff and its \subseteq (Tool's OPCODE_subseteq) look each element of
// one set up in the other with its member method, a binary search of the normalized set that
// compares the element with the ones it probes (see Member), so {1, 2} \cup {"a"},
// {1, 2} \cap {"a"}, {1, 2} \ {"a"} and {1} \subseteq {"a"} fail. The checks below are skipped
// when no pair can fail: sets of integers alone, of strings alone or of booleans alone, and
// untyped model values, which TLC compares with anything.

// scalarKind is the kind of the elements of s when TLC compares each of them with any value of
// that kind without error and without looking inside: KindBool, KindInt or KindString when every
// element is of that kind, KindModel when every element is an untyped model value; otherwise 0.
// s is normalized, so its elements are ordered by kind, model values first.
func scalarKind(s *Set) Kind {
	if len(s.elems) == 0 {
		return 0
	}
	first, last := s.elems[0], s.elems[len(s.elems)-1]
	switch last.(type) {
	case Bool, Int, Str:
		if k := last.Kind(); first.Kind() == k {
			return k
		}
		return 0
	case ModelValue:
		for _, e := range s.elems {
			if e.(ModelValue).Typed() {
				return 0
			}
		}
		return KindModel
	}
	return 0
}

// valueScalarKind is scalarKind for the one value v.
func valueScalarKind(v Value) Kind {
	switch x := v.(type) {
	case Bool, Int, Str:
		return v.Kind()
	case ModelValue:
		if !x.Typed() {
			return KindModel
		}
	}
	return 0
}

// compatibleKinds reports whether TLC compares every value of scalar kind a with every value of
// scalar kind b without error (see scalarKind; 0 is unknown).
func compatibleKinds(a, b Kind) bool {
	return a != 0 && b != 0 && (a == b || a == KindModel || b == KindModel)
}

// setsCompatible reports whether TLC compares every element of a with every element of b without
// error: one is empty, or both hold scalars of compatible kinds.
func setsCompatible(a, b *Set) bool {
	return len(a.elems) == 0 || len(b.elems) == 0 || compatibleKinds(scalarKind(a), scalarKind(b))
}

// memberOf is TLC's s.member(v) for v normalized, failing as Member does; compatible says that
// the check can be skipped (see setsCompatible).
func memberOf(s SetValue, v Value, compatible bool) (bool, error) {
	x, ok := s.(*Set)
	switch {
	case ok && compatible:
		return x.ContainsNormalized(v)
	case ok:
		return x.MemberNormalized(v)
	case compatible:
		return s.Contains(v)
	}
	return Member(s, v)
}

// cupError is the error TLC's a.cup(b) raises for a and b finite and normalized, or nil: a
// non-empty a looks up each element of b (SetEnumValue.cup's this.member(elem)).
func cupError(a, b *Set) error {
	if setsCompatible(a, b) {
		return nil
	}
	for _, e := range b.elems {
		if _, err := a.MemberNormalized(e); err != nil {
			return err
		}
	}
	return nil
}

// removeError is the error TLC's s.diff({v}) raises, or nil: the set {v} of a set enumeration is
// not normalized, so each element of s is looked up in it by v.equals(elem) (ValueVec.search of
// an unsorted vector). Where v is not of the kind of s's elements the first element fails, as in
// TLC. Where it is a function or a set like them, only the elements next to where v is in s are
// compared with it: a pair of them that fails inside (<<1>> and <<"a">>) would have failed
// normalizing s, so an element of s that fails with v fails with those; and not for a v whose
// comparison this package does not walk in TLC's order (see orderFree).
func removeError(s *Set, v Value) error {
	if len(s.elems) == 0 || compatibleKinds(scalarKind(s), valueScalarKind(v)) {
		return nil
	}
	if mixedKinds([]Value{v, s.elems[len(s.elems)-1]}) || valueScalarKind(v) != 0 {
		for _, e := range s.elems {
			if _, err := Equal(v, e); err != nil {
				return err
			}
		}
		return nil
	}
	if !orderFree(v) {
		return nil
	}
	i, found, err := search(s.elems, v)
	if err != nil {
		return err
	}
	lo, hi := i-1, i
	if found {
		hi = i + 1
	}
	for j := max(lo, 0); j <= hi && j < len(s.elems); j++ {
		if _, err := Equal(v, s.elems[j]); err != nil {
			return err
		}
	}
	return nil
}

// compatibleWith is setsCompatible for a set b that may not be enumerated: a lazy b is looked up
// element by element with its own checks (Member).
func compatibleWith(a *Set, b SetValue) bool {
	if y, ok := b.(*Set); ok {
		return setsCompatible(a, y)
	}
	return len(a.elems) == 0
}
