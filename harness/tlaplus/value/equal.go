package value

import (
	"errors"
	"fmt"
)

// ErrIncomparable is wrapped by the errors TLC raises when it compares values of kinds it does not
// compare, such as an integer and a string (0 = "a"): TLC stops with an error where mathematics
// would say FALSE, so that a spec mixing kinds by mistake is caught.
var ErrIncomparable = errors.New("values of different kinds compared")

// incomparable is an ErrIncomparable error whose text is TLC's message.
type incomparable struct{ msg string }

func (e *incomparable) Error() string { return e.msg }
func (e *incomparable) Unwrap() error { return ErrIncomparable }

// incomparableError returns TLC's message format with the values formatted as Values.ppr does.
func incomparableError(format string, vals ...Value) error {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = Pretty(v)
	}
	return &incomparable{fmt.Sprintf(format, args...)}
}

// Typed reports whether m is a typed model value: one whose name is x_str for a character x
// (tlc2.value.impl.ModelValue's type, LL 23 Feb 2008). TLC compares a typed model value only with
// model values of its type and untyped ones; an untyped model value compares with anything and is
// equal only to itself.
func (m ModelValue) Typed() bool { return len(m.Name) > 2 && m.Name[1] == '_' }

func (m ModelValue) typ() byte {
	if m.Typed() {
		return m.Name[0]
	}
	return 0
}

// Equal reports whether a and b are the same value, as TLC's a.equals(b) decides it: values of
// kinds TLC does not compare (an integer and a string, a set and a function, a record and a
// sequence of the same length, a typed model value and a value that is not a model value of its
// type or untyped ...) make it fail with TLC's message, wrapping ErrIncomparable. As in TLC the
// result can depend on the order of a and b and on where the comparison stops: <<1, 2>> = <<3,
// "a">> is FALSE (the first elements differ), <<1, 2>> = <<1, "a">> fails.
func Equal(a, b Value) (bool, error) {
	switch x := a.(type) {
	case Int:
		if y, ok := b.(Int); ok {
			return x == y, nil
		}
	case Str:
		if y, ok := b.(Str); ok {
			return x == y, nil
		}
	case Bool:
		if y, ok := b.(Bool); ok {
			return x == y, nil
		}
	}
	return equalTLC(a, b)
}

// equalTLC is Equal past its fast paths: tlc2.value.impl's equals methods, class by class. Tuple
// stands for TupleValue, *Record for RecordValue, *Func for FcnRcdValue (and a LazyFunc for
// FcnLambdaValue, compared as the function it materializes to), any SetValue for a set.
func equalTLC(a, b Value) (bool, error) {
	if m, ok := a.(ModelValue); ok {
		return modelValueEquals(m, b)
	}
	if m, ok := b.(ModelValue); ok {
		// Every other class hands a model value to ModelValue.modelValueEquals.
		if m.Typed() {
			return false, incomparableError("Attempted to check equality of the typed model value %s and the non-model value\n%s", m, a)
		}
		return false, nil
	}
	switch x := a.(type) {
	case Int:
		return false, incomparableError("Attempted to check equality of integer %s with non-integer:\n%s", x, b)
	case Str:
		return false, incomparableError("Attempted to check equality of string %s with non-string:\n%s", x, b)
	case Bool:
		return false, incomparableError("Attempted to compare equality of boolean %s with non-boolean:\n%s", x, b)
	case SetValue:
		y, ok := b.(SetValue)
		if !ok {
			return false, incomparableError("Attempted to check equality of the set %s with the value:\n%s", x, b)
		}
		return equalSets(x, y)
	case Tuple:
		if y, ok := b.(Tuple); ok {
			return equalElems(x, y)
		}
		// TupleValue.equals compares as a function when b is not a tuple.
		return equalFcn(x, b)
	case *Record:
		return equalRecord(x, b)
	case *Func:
		return equalFcn(x, b)
	case LazyFunc:
		f, err := x.Materialize()
		if err != nil {
			return false, err
		}
		return equalTLC(f, b)
	}
	return false, fmt.Errorf("cannot compare %s with %s", Abbrev(a), Abbrev(b))
}

// modelValueEquals is ModelValue.equals.
func modelValueEquals(m ModelValue, b Value) (bool, error) {
	y, isMV := b.(ModelValue)
	if !m.Typed() {
		return isMV && y.Name == m.Name, nil
	}
	if !isMV {
		return false, incomparableError("Attempted to check equality of typed model value %s and non-model value\n%s", m, b)
	}
	if y.typ() != m.typ() && y.Typed() {
		return false, incomparableError("Attempted to check equality of the differently-typed model values %s and %s", m, y)
	}
	return y.Name == m.Name, nil
}

// equalElems compares two sequences of the same kind element by element, as TupleValue.equals and
// SetEnumValue.equals do once the lengths agree.
func equalElems(a, b []Value) (bool, error) {
	if len(a) != len(b) {
		return false, nil
	}
	for i := range a {
		if eq, err := Equal(a[i], b[i]); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// equalSets is SetEnumValue.equals on two sets: their sizes, then their elements in normalized
// order. Infinite sets are compared as Compare does.
func equalSets(a, b SetValue) (bool, error) {
	if x, ok := a.(*Set); ok && x == b {
		return true, nil
	}
	if !a.Finite() || !b.Finite() {
		return equalInfinite(a, b)
	}
	ea, err := a.Enumerate()
	if err != nil {
		return false, err
	}
	eb, err := b.Enumerate()
	if err != nil {
		return false, err
	}
	return equalElems(ea.elems, eb.elems)
}

// equalRecord is RecordValue.equals: b must be a record (a function whose domain is a set of
// strings, or the empty sequence), and the field names are compared before the values.
func equalRecord(a *Record, b Value) (bool, error) {
	var y *Record
	switch z := b.(type) {
	case *Record:
		y = z
	case Tuple:
		if len(z) == 0 {
			// TupleValue.toRcd: the empty sequence is the empty record.
			return len(a.names) == 0, nil
		}
	case LazyFunc:
		f, err := z.Materialize()
		if err != nil {
			return false, err
		}
		return equalRecord(a, f)
	}
	if y == nil {
		return false, incomparableError("Attempted to check equality of record:\n%s\nwith non-record\n%s", a, b)
	}
	if y == a {
		return true, nil
	}
	if len(a.names) != len(y.names) {
		return false, nil
	}
	for i := range a.names {
		if a.names[i] != y.names[i] {
			return false, nil
		}
	}
	return equalElems(a.values, y.values)
}

// equalFcn is FcnRcdValue.equals with a (a Tuple or a *Func) as the function: b must be a
// function; the domains' sizes, then domain element and value pair by pair in normalized order.
// A tuple's domain is an interval of integers, so a domain element of the other function that is
// not an integer fails as FcnRcdValue does.
func equalFcn(a FuncValue, b Value) (bool, error) {
	y, ok, err := asFuncValue(b)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, incomparableError("Attempted to check equality of the function %s with the value:\n%s", a, b)
	}
	return fcnWalk(a, y, func(d Value, _ bool) error {
		return incomparableError("Attempted to compare an integer with non-integer:\n%s.", d)
	}, Equal)
}

// fcnWalk walks the functions a and y as FcnRcdValue's equals and compareTo do, up to their
// first difference: the domains' sizes, then domain element and value pair by pair in
// normalized order, each pair compared by step (same is false where they differ). A tuple's
// domain is an interval of integers (IntervalValue intv), so where one domain is an interval and
// the other an array of values, the other's element must be the integer the interval has there:
// one that is not an integer fails with nonInt's error (aInterval says whether a is the tuple).
// The answer is whether no difference was found.
func fcnWalk(a, y FuncValue, nonInt func(d Value, aInterval bool) error, step func(u, v Value) (same bool, err error)) (bool, error) {
	if a.Len() != y.Len() {
		return false, nil
	}
	_, aInterval := a.(Tuple)
	_, yInterval := y.(Tuple)
	for i := 0; i < a.Len(); i++ {
		da, dy := a.DomainAt(i), y.DomainAt(i)
		switch {
		case aInterval != yInterval:
			d := da
			if aInterval {
				d = dy
			}
			n, ok := d.(Int)
			if !ok {
				return false, nonInt(d, aInterval)
			}
			if int(n) != i+1 {
				return false, nil
			}
		case !aInterval:
			if same, err := step(da, dy); err != nil || !same {
				return false, err
			}
		}
		if same, err := step(a.ValueAt(i), y.ValueAt(i)); err != nil || !same {
			return false, err
		}
	}
	return true, nil
}

// asFuncValue is b as a function, a lazy function materialized; ok is false when b is not a
// function.
func asFuncValue(b Value) (FuncValue, bool, error) {
	switch z := b.(type) {
	case FuncValue:
		return z, true, nil
	case LazyFunc:
		f, err := z.Materialize()
		return f, err == nil, err
	}
	return nil, false, nil
}
