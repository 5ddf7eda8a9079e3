package value

// compareError returns the error TLC raises when it orders a before b (a.compareTo(b), which its
// binary search of a normalized set calls with the value searched for as a), or nil where TLC
// orders them. It follows tlc2.value.impl's compareTo methods class by class, as Equal follows
// their equals methods, and walks the two values as far as TLC does: to the first pair that
// differs. Which pair that is follows this package's order, which is TLC's for values TLC orders
// but strings and record fields (TLC orders those by interning).
func compareError(a, b Value) error {
	if surelyComparable(a, b) {
		return nil
	}
	return compareWalk(a, b)
}

// compareWalk is compareError without surelyComparable's shortcut.
func compareWalk(a, b Value) error {
	if m, ok := a.(ModelValue); ok {
		y, isMV := b.(ModelValue)
		switch {
		case !m.Typed():
			return nil
		case !isMV:
			return incomparableError("Attempted to compare the typed model value %s and non-model value\n%s", m, b)
		case y.Typed() && y.typ() != m.typ():
			return incomparableError("Attempted to compare the differently-typed model values %s and %s", m, y)
		}
		return nil
	}
	if m, ok := b.(ModelValue); ok {
		switch a.(type) {
		case Tuple, *Func, LazyFunc:
			// FcnRcdValue.compareTo orders a function after any model value.
			return nil
		}
		if m.Typed() {
			return incomparableError("Attempted to compare the typed model value %s and the non-model value\n%s", m, a)
		}
		return nil
	}
	switch x := a.(type) {
	case Int:
		if _, ok := b.(Int); !ok {
			return incomparableError("Attempted to compare integer %s with non-integer:\n%s", x, b)
		}
	case Str:
		if _, ok := b.(Str); !ok {
			return incomparableError("Attempted to compare string %s with non-string:\n%s", x, b)
		}
	case Bool:
		if _, ok := b.(Bool); !ok {
			return incomparableError("Attempted to compare boolean %s with non-boolean:\n%s", x, b)
		}
	case SetValue:
		y, ok := b.(SetValue)
		if !ok {
			return incomparableError("Attempted to compare the set %s with the value:\n%s", x, b)
		}
		if !x.Finite() || !y.Finite() {
			return nil
		}
		ea, err := x.Enumerate()
		if err != nil {
			return err
		}
		eb, err := y.Enumerate()
		if err != nil {
			return err
		}
		return comparableElems(ea.elems, eb.elems)
	case Tuple:
		if y, ok := b.(Tuple); ok {
			return comparableElems(x, y)
		}
		// TupleValue.compareTo compares as a function when b is not a tuple.
		return comparableFcn(x, b)
	case *Record:
		switch y := b.(type) {
		case *Record:
			if len(x.names) != len(y.names) {
				return nil
			}
			for i := range x.names {
				if x.names[i] != y.names[i] {
					return nil
				}
			}
			return comparableElems(x.values, y.values)
		case Tuple:
			if len(y) == 0 {
				return nil
			}
		case LazyFunc:
			f, err := y.Materialize()
			if err != nil {
				return err
			}
			return compareError(x, f)
		}
		return incomparableError("Attempted to compare record:\n%s\nwith non-record\n%s", x, b)
	case *Func:
		return comparableFcn(x, b)
	case LazyFunc:
		f, err := x.Materialize()
		if err != nil {
			return err
		}
		return compareError(f, b)
	}
	return nil
}

// surelyComparable reports, without ordering anything, that compareError(a, b) is nil: a and b
// are integers, strings or Booleans of one kind, a is an untyped model value (which TLC orders
// against anything), or they are tuples of different lengths, or of one length whose elements
// are so pairwise. Deciding a search's miss (Set.missError) walked the searched tuple and its
// neighbors again with Compare at every step, as much as the search itself: dag-consensus'
// Children(dag, v) == {c \in Vertices(dag) : <<v, c>> \in Edges(dag)} misses for most c. When it
// answers false, compareError walks the values as before.
func surelyComparable(a, b Value) bool {
	switch x := a.(type) {
	case Int:
		_, ok := b.(Int)
		return ok
	case Str:
		_, ok := b.(Str)
		return ok
	case Bool:
		_, ok := b.(Bool)
		return ok
	case ModelValue:
		return !x.Typed()
	case Tuple:
		y, ok := b.(Tuple)
		if !ok {
			return false
		}
		if len(x) != len(y) {
			return true
		}
		for i := range x {
			if !surelyComparable(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// comparableElems walks two sequences of values of one kind up to their first difference.
func comparableElems(a, b []Value) error {
	if len(a) != len(b) {
		return nil
	}
	for i := range a {
		if same, err := comparableStep(a[i], b[i]); err != nil || !same {
			return err
		}
	}
	return nil
}

// comparableStep returns compareError(a, b) if it fails, and otherwise whether a and b are equal
// (a walk goes on past them) or differ (the walk stops there).
func comparableStep(a, b Value) (same bool, err error) {
	if err := compareError(a, b); err != nil {
		return false, err
	}
	c, err := Compare(a, b)
	return err == nil && c == 0, err
}

// comparableFcn is FcnRcdValue.compareTo with a (a Tuple or a *Func) as the function.
func comparableFcn(a FuncValue, b Value) error {
	y, ok, err := asFuncValue(b)
	if err != nil {
		return err
	}
	if !ok {
		return incomparableError("Attempted to compare the function %s with the value:\n%s", a, b)
	}
	_, err = fcnWalk(a, y, func(d Value, aInterval bool) error {
		if aInterval {
			return incomparableError("Attempted to compare integer with non-integer:\n%s.", d)
		}
		// compareOtherInterval's message has no colon.
		return incomparableError("Attempted to compare integer with non-integer\n%s.", d)
	}, comparableStep)
	return err
}
