package value

import "fmt"

// overridden reports whether s is one of the sets TLC represents by a Java object that cannot be
// enumerated (a UserValue of tlc2.module: Nat, Int, STRING, Seq(S)); TLC calls them overridden
// values in its messages.
func overridden(s SetValue) bool {
	switch s.(type) {
	case namedInfinite, *SeqSetValue:
		return true
	}
	return false
}

// enumerationError is the error TLC raises enumerating s, a set that is not finite, as TLC's
// enumerators of its lazy sets do (SetOfFcnsValue, SetOfTuplesValue, SetOfRcdsValue,
// SetPredValue, SetCupValue, SetDiffValue, SubsetValue): the first part of s, in their order, that
// is an overridden value names it. It is nil where TLC enumerates s without error, when a part
// met before it is empty.
func enumerationError(s SetValue) error {
	empty := func(s SetValue) bool {
		if !s.Finite() {
			return false
		}
		n, err := Cardinality(s)
		return err == nil && n == 0
	}
	part := func(p SetValue, msg string, args ...Value) (error, bool) {
		switch {
		case overridden(p):
			return incomparableError(msg, args...), true
		case !p.Finite():
			return enumerationError(p), true
		}
		return nil, empty(p)
	}
	switch x := s.(type) {
	case *FuncSetValue:
		if err, stop := part(x.Dom, "Attempted to enumerate a set of the form [D -> R],but the domain D:\n%s\ncannot be enumerated.", x.Dom); stop {
			return err
		}
		err, _ := part(x.Rng, "Attempted to enumerate a set of the form [D -> R],but the range R:\n%s\ncannot be enumerated.", x.Rng)
		return err
	case *ProductSet:
		for i, c := range x.Sets {
			if err, stop := part(c, fmt.Sprintf("Attempted to enumerate a set of the form s1 \\X s2 ... \\X sn,\nbut can't enumerate s%d:\n%%s", i), c); stop {
				return err
			}
		}
		return nil
	case *RecordSetValue:
		for i, c := range x.sets {
			if err, stop := part(c, "Attempted to enumerate a set of the form [l1 : v1, ..., ln : vn],\nbut can't enumerate the value of the `"+x.names[i]+"' field:\n%s", c); stop {
				return err
			}
		}
		return nil
	case *FilterSet:
		err, _ := part(x.Base, "Attempted to enumerate { x \\in S : p(x) } when S:\n%s\nis not enumerable", x.Base)
		return err
	case *SubsetSet:
		err, _ := part(x.Base, "Attempted to compute the number of elements in the overridden value %s.", x.Base)
		return err
	case *setOp:
		switch x.op {
		case opUnion:
			if !x.a.Finite() || !x.b.Finite() {
				return incomparableError("Attempted to enumerate S \\cup T when S:\n%s\nand T:\n%s\nare not both enumerable", x.a, x.b)
			}
		case opDifference:
			if !x.a.Finite() {
				return incomparableError("Attempted to enumerate S \\ T when S:\n%s\nis not enumerable.", x.a)
			}
		}
	}
	return infinite(s)
}

// equalInfinite is Equal on two sets one of which is not finite: TLC compares an overridden value
// only with one (Nat = Nat, Nat = Int) and otherwise enumerates the set it converts (its equals
// methods call toSetEnum), which fails for a set that is not finite. Two overridden values and two
// sets of one constructor are compared as Compare does.
func equalInfinite(a, b SetValue) (bool, error) {
	_, na := a.(namedInfinite)
	_, nb := b.(namedInfinite)
	switch {
	case na && nb, overridden(a) && overridden(b):
		c, err := compareSets(a, b)
		return c == 0, err
	case overridden(a):
		return false, incomparableError("Attempted to compare overridden value %s with non-overridden value:\n%s", a, b)
	case !a.Finite():
		if err := enumerationError(a); err != nil {
			return false, err
		}
	case overridden(b):
		return false, incomparableError("Attempted to check equality of the set %s with the value:\n%s", a, b)
	}
	if !b.Finite() {
		if err := enumerationError(b); err != nil {
			return false, err
		}
	}
	c, err := compareSets(a, b)
	return c == 0, err
}
