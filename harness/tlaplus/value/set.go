package value

import (
	"fmt"
	"math/bits"
	"strings"
)

// SetValue is a set, enumerated ([*Set]) or lazy.
type SetValue interface {
	Value
	// Contains reports whether v is an element of the set, without enumerating the set.
	Contains(v Value) (bool, error)
	// Finite reports whether the set has finitely many elements.
	Finite() bool
	// Enumerate returns the set's elements in normalized order. It returns an error wrapping
	// ErrInfinite for an infinite set.
	Enumerate() (*Set, error)
}

// Set is a finite set whose elements are normalized, sorted by Compare and distinct.
type Set struct {
	elems []Value
}

// EmptySet is {}.
var EmptySet = &Set{}

func (*Set) Kind() Kind                 { return KindSet }
func (s *Set) Finite() bool             { return true }
func (s *Set) Enumerate() (*Set, error) { return s, nil }

// Len is the number of elements.
func (s *Set) Len() int { return len(s.elems) }

// Elems returns the elements in normalized order; the caller must not modify the slice.
func (s *Set) Elems() []Value { return s.elems }

// Contains reports whether v is in s, by binary search.
func (s *Set) Contains(v Value) (bool, error) {
	n, err := Normalize(v)
	if err != nil {
		return false, err
	}
	_, found, err := search(s.elems, n)
	return found, err
}

// ContainsNormalized is Contains for v already normalized (see Normalize), which it does not
// walk again.
func (s *Set) ContainsNormalized(v Value) (bool, error) {
	_, found, err := search(s.elems, v)
	return found, err
}

func (s *Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range s.elems {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.String())
	}
	b.WriteByte('}')
	return b.String()
}

// search finds v in the sorted slice elems: the index of the first element not less than v, and
// whether it is v. It is the hot path of function application, so it is a plain binary search.
func search(elems []Value, v Value) (int, bool, error) {
	lo, hi := 0, len(elems)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c, err := Compare(elems[mid], v)
		if err != nil {
			return 0, false, err
		}
		switch {
		case c < 0:
			lo = mid + 1
		case c > 0:
			hi = mid
		default:
			return mid, true, nil
		}
	}
	return lo, false, nil
}

// NewSet returns the set of the given elements, normalizing them and removing duplicates. The
// slice may be reordered.
func NewSet(elems ...Value) (*Set, error) {
	for i, e := range elems {
		n, err := Normalize(e)
		if err != nil {
			return nil, err
		}
		elems[i] = n
	}
	return sortedSet(elems)
}

// Filter returns the set of the elements of s for which keep is true, in s's order, without
// sorting them again. The elements kept are collected on the stack (up to 16) and the set is
// allocated once, at its size (see setOf).
func (s *Set) Filter(keep func(Value) bool) *Set {
	var buf [16]Value
	out := buf[:0]
	for _, e := range s.elems {
		if keep(e) {
			out = append(out, e)
		}
	}
	switch len(out) {
	case len(s.elems):
		return s
	case 0:
		return EmptySet
	}
	return setOf(out)
}

// NewSetFrom is NewSet for elements in a buffer the caller reuses, such as one on its stack: it
// normalizes, sorts and removes duplicates in buf, and the set gets its own copy, allocated with
// the set for up to eight elements (see setOf). A set map {e : x \in S} built its elements by
// appending, one allocation per doubling, then the set.
func NewSetFrom(buf []Value) (*Set, error) {
	for i, e := range buf {
		n, err := Normalize(e)
		if err != nil {
			return nil, err
		}
		buf[i] = n
	}
	out, err := sortDistinct(buf)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return EmptySet, nil
	}
	return setOf(out), nil
}

// Singleton returns {v}. The set and its element are allocated together: a set such as {j} in
// an action is built at every evaluation.
func Singleton(v Value) (*Set, error) {
	n, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	b := new(struct {
		s Set
		e [1]Value
	})
	b.e[0] = n
	b.s.elems = b.e[:1:1]
	return &b.s, nil
}

// sortedSet sorts already normalized elements and removes duplicates.
func sortedSet(elems []Value) (*Set, error) {
	elems, err := sortDistinct(elems)
	if err != nil {
		return nil, err
	}
	return &Set{elems: elems}, nil
}

// sortDistinct sorts already normalized elements in place and removes duplicates, returning the
// prefix of elems that holds the result. Elements TLC cannot order with each other ({1, "a"})
// fail as TLC's SetEnumValue.normalize fails (see normalizeError).
func sortDistinct(elems []Value) ([]Value, error) {
	if len(elems) <= 1 {
		return elems, nil
	}
	if err := normalizeError(elems); err != nil {
		return nil, err
	}
	sorted := true
	for i := 1; i < len(elems); i++ {
		c, err := Compare(elems[i-1], elems[i])
		if err != nil {
			return nil, err
		}
		if c >= 0 {
			sorted = false
			break
		}
	}
	if sorted {
		if err := sortedNeighboursError(elems); err != nil {
			return nil, err
		}
		return elems, nil
	}
	if err := sortStable(elems, nil); err != nil {
		return nil, err
	}
	out := elems[:1]
	for _, e := range elems[1:] {
		c, err := Compare(out[len(out)-1], e)
		if err != nil {
			return nil, err
		}
		if c != 0 {
			out = append(out, e)
		}
	}
	if err := sortedNeighboursError(out); err != nil {
		return nil, err
	}
	return out, nil
}

// MustSet is NewSet for elements known to be finite and comparable, such as literals in tests; it
// panics on error.
func MustSet(elems ...Value) *Set {
	s, err := NewSet(elems...)
	if err != nil {
		panic(err)
	}
	return s
}

// AsSet returns v as a set, or a type error.
func AsSet(v Value) (SetValue, error) {
	if s, ok := v.(SetValue); ok {
		return s, nil
	}
	return nil, TypeError("a set", v)
}

// Enumerate returns the elements of v, which must be a finite set.
func Enumerate(v Value) (*Set, error) {
	s, err := AsSet(v)
	if err != nil {
		return nil, err
	}
	return s.Enumerate()
}

// Cardinality returns the number of elements of a finite set without enumerating it where the
// count is known from its structure (a..b, SUBSET S, [S -> T], record sets, products).
func Cardinality(v Value) (int64, error) {
	s, err := AsSet(v)
	if err != nil {
		return 0, err
	}
	if c, ok := s.(interface{ cardinality() (int64, error) }); ok {
		return c.cardinality()
	}
	e, err := s.Enumerate()
	if err != nil {
		return 0, err
	}
	return int64(len(e.elems)), nil
}

// Union returns a \cup b; it stays lazy when either set is infinite.
func Union(a, b SetValue) (SetValue, error) {
	if !a.Finite() || !b.Finite() {
		return &setOp{op: opUnion, a: a, b: b}, nil
	}
	ea, err := a.Enumerate()
	if err != nil {
		return nil, err
	}
	eb, err := b.Enumerate()
	if err != nil {
		return nil, err
	}
	if err := cupError(ea, eb); err != nil {
		return nil, err
	}
	switch {
	case len(eb.elems) == 0:
		return ea, nil
	case len(ea.elems) == 0:
		return eb, nil
	case gallops(len(eb.elems), len(ea.elems)):
		return unionSmall(ea, eb)
	case gallops(len(ea.elems), len(eb.elems)):
		return unionSmall(eb, ea)
	}
	return unionWalk(ea, eb)
}

// unionWalk is a \cup b by one walk of both.
func unionWalk(ea, eb *Set) (*Set, error) {
	out := make([]Value, 0, len(ea.elems)+len(eb.elems))
	i, j := 0, 0
	for i < len(ea.elems) && j < len(eb.elems) {
		c, err := Compare(ea.elems[i], eb.elems[j])
		if err != nil {
			return nil, err
		}
		switch {
		case c < 0:
			out = append(out, ea.elems[i])
			i++
		case c > 0:
			out = append(out, eb.elems[j])
			j++
		default:
			out = append(out, ea.elems[i])
			i++
			j++
		}
	}
	out = append(out, ea.elems[i:]...)
	out = append(out, eb.elems[j:]...)
	return &Set{elems: out}, nil
}

// gallops reports whether m sorted elements are merged into n more cheaply by a binary search
// for each (m log n comparisons) than by one walk of both (m + n): msgs \cup {m} adds a message
// to every message sent so far, and the walk compared each of them with m.
func gallops(m, n int) bool { return m*bits.Len(uint(n)) < n }

// unionSmall is large \cup small for a small set: each element of small is searched for in what
// follows the previous one in large, and the runs between them are copied. It returns large
// itself when it holds every element of small.
func unionSmall(large, small *Set) (*Set, error) {
	var out []Value
	lo := 0
	for _, x := range small.elems {
		i, found, err := search(large.elems[lo:], x)
		if err != nil {
			return nil, err
		}
		i += lo
		if found {
			if out != nil {
				out = append(out, large.elems[lo:i+1]...)
				lo = i + 1
			}
			continue
		}
		if out == nil {
			out = make([]Value, 0, len(large.elems)+len(small.elems))
		}
		out = append(out, large.elems[lo:i]...)
		out = append(out, x)
		lo = i
	}
	if out == nil {
		return large, nil
	}
	return &Set{elems: append(out, large.elems[lo:]...)}, nil
}

// Intersect returns a \cap b; it stays lazy only when both sets are infinite.
func Intersect(a, b SetValue) (SetValue, error) {
	if !a.Finite() && !b.Finite() {
		return &setOp{op: opIntersect, a: a, b: b}, nil
	}
	if !a.Finite() {
		a, b = b, a
	}
	ea, err := a.Enumerate()
	if err != nil {
		return nil, err
	}
	compatible := compatibleWith(ea, b)
	var out []Value
	for _, e := range ea.elems {
		ok, err := memberOf(b, e, compatible)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return &Set{elems: out}, nil
}

// Difference returns a \ b; it stays lazy when a is infinite.
func Difference(a, b SetValue) (SetValue, error) {
	if !a.Finite() {
		return &setOp{op: opDifference, a: a, b: b}, nil
	}
	ea, err := a.Enumerate()
	if err != nil {
		return nil, err
	}
	sb, enumerated := b.(*Set)
	if enumerated && len(sb.elems) == 1 {
		// S \ {x}: see Remove.
		if err := removeError(ea, sb.elems[0]); err != nil {
			return nil, err
		}
	} else if enumerated && !setsCompatible(ea, sb) {
		// TLC's diff looks each element of a up in b.
		for _, e := range ea.elems {
			if _, err := sb.MemberNormalized(e); err != nil {
				return nil, err
			}
		}
	}
	if enumerated && len(sb.elems) <= 1 {
		// S \ {x}, as recursive operators over a set write it (Sum(f, S \ {x})): one search
		// and one copy instead of a membership test per element.
		return without(ea, sb.elems)
	}
	out := make([]Value, 0, len(ea.elems))
	for _, e := range ea.elems {
		// ea's elements are normalized already: an enumerated b is searched without
		// normalizing them again.
		var ok bool
		if enumerated {
			_, ok, err = search(sb.elems, e)
		} else {
			ok, err = memberOf(b, e, false)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, e)
		}
	}
	return &Set{elems: out}, nil
}

// without is a \ b for b, normalized, empty or of one element.
func without(a *Set, b []Value) (*Set, error) {
	if len(b) == 0 || len(a.elems) == 0 {
		return a, nil
	}
	i, found, err := search(a.elems, b[0])
	if err != nil || !found {
		return a, err
	}
	// Without the first or the last element the rest is a slice of a's: sets are never changed,
	// and the capacity is cut so that no append writes into a's array. Recursion over a set
	// (LET x == CHOOSE x \in S : TRUE IN ... Op(S \ {x}), CHOOSE's x being S's first element)
	// then copies nothing.
	switch n := len(a.elems); i {
	case 0:
		return &Set{elems: a.elems[1:n:n]}, nil
	case n - 1:
		return &Set{elems: a.elems[: n-1 : n-1]}, nil
	}
	out, elems := makeSet(len(a.elems) - 1)
	copy(elems, a.elems[:i])
	copy(elems[i:], a.elems[i+1:])
	return out, nil
}

// Insert returns s \cup {v} without building {v}: s itself if v is in it, else its elements
// with v in its place, one allocation for up to eight elements (see makeSet). A spec sending a
// message (msgs' = msgs \cup {m}) or recording a vote builds one in every step.
func Insert(s SetValue, v Value) (SetValue, error) {
	n, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	if !s.Finite() {
		return Union(s, &Set{elems: []Value{n}})
	}
	es, err := s.Enumerate()
	if err != nil {
		return nil, err
	}
	i, found, err := search(es.elems, n)
	if err != nil || found {
		return es, err
	}
	// TLC's S.cup({v}) looks v up in S.
	if err := es.missError(i, n); err != nil {
		return nil, err
	}
	out, elems := makeSet(len(es.elems) + 1)
	copy(elems, es.elems[:i])
	elems[i] = n
	copy(elems[i+1:], es.elems[i:])
	return out, nil
}

// Remove returns s \ {v} without building {v} (see without): Acceptor \ {a} in an action.
func Remove(s SetValue, v Value) (SetValue, error) {
	n, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	if !s.Finite() {
		return Difference(s, &Set{elems: []Value{n}})
	}
	es, err := s.Enumerate()
	if err != nil {
		return nil, err
	}
	if err := removeError(es, n); err != nil {
		return nil, err
	}
	var one [1]Value
	one[0] = n
	return without(es, one[:])
}

// IsSubset reports whether a \subseteq b. a must be finite unless a and b are the same named
// infinite set.
func IsSubset(a, b SetValue) (bool, error) {
	if !a.Finite() {
		if na, ok := a.(namedInfinite); ok {
			if nb, ok := b.(namedInfinite); ok && (na == nb || (na == Nat && nb == IntSet)) {
				return true, nil
			}
		}
	}
	ea, err := a.Enumerate()
	if err != nil {
		return false, fmt.Errorf("deciding %s \\subseteq %s: %w", Abbrev(a), Abbrev(b), err)
	}
	compatible := compatibleWith(ea, b)
	for _, e := range ea.elems {
		ok, err := memberOf(b, e, compatible)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// BigUnion returns UNION s, the union of the elements of the finite set s.
func BigUnion(s SetValue) (SetValue, error) {
	es, err := s.Enumerate()
	if err != nil {
		return nil, err
	}
	var acc SetValue = EmptySet
	for _, e := range es.elems {
		m, err := AsSet(e)
		if err != nil {
			return nil, fmt.Errorf("UNION of a set whose element is not a set: %w", err)
		}
		if acc, err = Union(acc, m); err != nil {
			return nil, err
		}
	}
	return acc, nil
}
