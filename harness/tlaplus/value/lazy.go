package value

import (
	"fmt"
	"math"
	"strings"
)

// MaxEnumeration bounds the number of elements a lazy set may be enumerated into, so that
// SUBSET (1..64) is an error rather than an exhausted machine.
const MaxEnumeration = 1 << 21

func tooLarge(s SetValue, n int64) error {
	return fmt.Errorf("set %s has %d elements, more than the %d this engine enumerates", Abbrev(s), n, MaxEnumeration)
}

func infinite(s SetValue) error {
	return fmt.Errorf("%w %s", ErrInfinite, s.String())
}

// namedInfinite is one of the infinite sets with a name in the standard modules.
type namedInfinite uint8

const (
	// Nat is the set of natural numbers.
	Nat namedInfinite = iota + 1
	// IntSet is Int, the set of integers.
	IntSet
	// StringSet is STRING, the set of strings.
	StringSet
)

// Boolean is BOOLEAN, {FALSE, TRUE}.
var Boolean = &Set{elems: []Value{False, True}}

func (namedInfinite) Kind() Kind                 { return KindSet }
func (namedInfinite) Finite() bool               { return false }
func (n namedInfinite) Enumerate() (*Set, error) { return nil, infinite(n) }

func (n namedInfinite) String() string {
	switch n {
	case Nat:
		return "Nat"
	case IntSet:
		return "Int"
	}
	return "STRING"
}

func (n namedInfinite) Contains(v Value) (bool, error) {
	switch n {
	case Nat:
		i, ok := v.(Int)
		return ok && i >= 0, nil
	case IntSet:
		_, ok := v.(Int)
		return ok, nil
	}
	_, ok := v.(Str)
	return ok, nil
}

// IntervalSet is a..b.
type IntervalSet struct{ Lo, Hi int64 }

// Interval returns lo..hi, which is empty when hi < lo.
func Interval(lo, hi int64) *IntervalSet {
	if shared(lo, hi) {
		return &smallIntervals[lo+1][hi+1]
	}
	return &IntervalSet{Lo: lo, Hi: hi}
}

// smallLo and smallHi are the largest lo and hi of the shared intervals.
const (
	smallLo = 15
	smallHi = 63
)

// shared reports whether lo..hi is one of the shared intervals (see smallIntervals).
func shared(lo, hi int64) bool { return lo >= -1 && lo <= smallLo && hi >= -1 && hi <= smallHi }

// smallIntervals holds lo..hi for lo in -1..smallLo and hi in -1..smallHi, shared: DOMAIN s of a
// sequence is 1..Len(s), taken in every state of most specs (Raft.tla's logs, a trace's
// messages), a range of ballots that starts at "none" -1..(b-1) in every vote (Voting.tla's
// ShowsSafeAt), a run of slots lo..hi or (k+1)..Top in a MultiPaxos action (MultiPaxos.tla's
// Phase2b, BecomeLeader, Compact: lo above 1 was a tenth of the intervals MCMultiPaxos built),
// and intervals are immutable.
var smallIntervals = func() (t [smallLo + 2][smallHi + 2]IntervalSet) {
	for lo := range t {
		for hi := range t[lo] {
			t[lo][hi] = IntervalSet{Lo: int64(lo) - 1, Hi: int64(hi) - 1}
		}
	}
	return t
}()

// smallSets holds the sets of smallIntervals' elements, shared as they are: IsSubset, \ and
// \cup enumerate an interval such as Slot == 1..MaxSlot or Ballot == 0..MaxBallot in every
// state of a Paxos model, and each enumeration allocated the set (a tenth of the objects
// MCMultiPaxos allocated). A set is immutable.
var smallSets = func() (t [smallLo + 2][smallHi + 2]Set) {
	for lo := range t {
		for hi := range t[lo] {
			if hi >= lo {
				t[lo][hi].elems = smallInts[lo-1+64 : hi-1+65 : hi-1+65]
			}
		}
	}
	return t
}()

func (*IntervalSet) Kind() Kind   { return KindSet }
func (*IntervalSet) Finite() bool { return true }
func (s *IntervalSet) String() string {
	if s.Hi < s.Lo {
		return "{}"
	}
	return fmt.Sprintf("%d..%d", s.Lo, s.Hi)
}

func (s *IntervalSet) cardinality() (int64, error) {
	if s.Hi < s.Lo {
		return 0, nil
	}
	return s.Hi - s.Lo + 1, nil
}

func (s *IntervalSet) Contains(v Value) (bool, error) {
	i, ok := v.(Int)
	return ok && int64(i) >= s.Lo && int64(i) <= s.Hi, nil
}

// smallInts holds the integers -64..63, shared by the elements of small intervals (see Elems)
// and by the negative results of arithmetic (see Box); smallInts[i+64] is i.
var smallInts = func() []Value {
	ints := make([]Value, 128)
	for i := range ints {
		ints[i] = Int(i - 64)
	}
	return ints
}()

// small reports whether lo..hi, not empty, lies within smallInts.
func small(lo, hi int64) bool { return lo >= -64 && hi <= 63 && lo <= hi }

// Box returns i as a Value without allocating for -64..255: Go's runtime boxes 0..255 without
// allocating, and the negative integers down to -64 are boxed once here. Every other value of
// i is boxed as the conversion would: its own allocation. A spec's "none" ballot -1 is a
// negation or a subtraction (b - 1 for b = 0) computed in every state of a Paxos model.
func Box(i Int) Value {
	if i < 0 && i >= -64 {
		return smallInts[i+64]
	}
	return i
}

// Elems returns the elements of s in order, as Enumerate().Elems() does. The elements of an
// interval within -64..63 are shared with every other caller, which must not modify them: a
// loop such as \E i \in 1..Len(log) enumerated its interval into a new slice and set each time.
func (s *IntervalSet) Elems() ([]Value, error) {
	if s.Hi < s.Lo {
		return nil, nil
	}
	if small(s.Lo, s.Hi) {
		return smallInts[s.Lo+64 : s.Hi+65 : s.Hi+65], nil
	}
	e, err := s.Enumerate()
	if err != nil {
		return nil, err
	}
	return e.Elems(), nil
}

func (s *IntervalSet) Enumerate() (*Set, error) {
	n, _ := s.cardinality()
	if n > MaxEnumeration {
		return nil, tooLarge(s, n)
	}
	if shared(s.Lo, s.Hi) {
		return &smallSets[s.Lo+1][s.Hi+1], nil
	}
	if small(s.Lo, s.Hi) {
		return &Set{elems: smallInts[s.Lo+64 : s.Hi+65 : s.Hi+65]}, nil // shared, as in Elems
	}
	elems := make([]Value, n)
	for i := range elems {
		elems[i] = Int(s.Lo + int64(i))
	}
	return &Set{elems: elems}, nil
}

// SubsetSet is SUBSET S.
type SubsetSet struct{ Base SetValue }

// Subset returns SUBSET base.
func Subset(base SetValue) *SubsetSet { return &SubsetSet{Base: base} }

func (*SubsetSet) Kind() Kind     { return KindSet }
func (s *SubsetSet) Finite() bool { return s.Base.Finite() }
func (s *SubsetSet) String() string {
	if n, err := Cardinality(s.Base); err == nil && n < 7 {
		if e, ok := printedEnumerated(s); ok {
			return e
		}
	}
	if _, ok := s.Base.(*IntervalSet); ok {
		// TLC parenthesizes an interval: SUBSET binds tighter than .. (SubsetValue.toString).
		return "SUBSET (" + s.Base.String() + ")"
	}
	return "SUBSET " + s.Base.String()
}

func (s *SubsetSet) cardinality() (int64, error) {
	n, err := Cardinality(s.Base)
	if err != nil {
		return 0, err
	}
	if n >= 62 {
		return 0, fmt.Errorf("%s has 2^%d elements, too many to count", Abbrev(s), n)
	}
	return 1 << n, nil
}

func (s *SubsetSet) Contains(v Value) (bool, error) {
	sub, ok := v.(SetValue)
	if !ok {
		return false, nil
	}
	return IsSubset(sub, s.Base)
}

// finiteBase is s's base enumerated, or the error of an infinite one.
func (s *SubsetSet) finiteBase() (*Set, error) {
	if !s.Finite() {
		return nil, infinite(s)
	}
	return s.Base.Enumerate()
}

func (s *SubsetSet) Enumerate() (*Set, error) {
	base, err := s.finiteBase()
	if err != nil {
		return nil, err
	}
	n := len(base.elems)
	if n > 21 {
		return nil, fmt.Errorf("%s has 2^%d elements, more than the %d this engine enumerates", Abbrev(s), n, MaxEnumeration)
	}
	return &Set{elems: subsetsInOrder(base.elems)}, nil
}

// subsetsInOrder returns the subsets of the normalized elements base in normalized order, which
// needs no sort: sets are ordered by cardinality first and then element by element, so for
// subsets of a sorted base the order within one cardinality k is the lexicographic order of
// their k-combinations of indexes. The subsets' elements share one allocation. Generating the
// 2^n subsets in mask order and sorting them was most of the cost of \E R \in SUBSET S (an
// n = 16 base: about a million set comparisons per enumeration).
func subsetsInOrder(base []Value) []Value {
	n := len(base)
	subsets := make([]Value, 0, 1<<n)
	var backing []Value
	if n > 0 {
		backing = make([]Value, n<<(n-1)) // each element is in half of the subsets
	}
	c := combinations{n: n, idx: make([]int, n)}
	for idx, ok := c.next(); ok; idx, ok = c.next() {
		k := len(idx)
		elems := backing[:k:k]
		backing = backing[k:]
		for i, j := range idx {
			elems[i] = base[j]
		}
		subsets = append(subsets, &Set{elems: elems})
	}
	return subsets
}

// combinations steps through the k-combinations of the indexes 0..n-1 for k = 0..n, each k's in
// lexicographic order: the order of the subsets of a normalized set (see subsetsInOrder).
type combinations struct {
	n, k    int
	idx     []int // n long; idx[:k] is the current combination
	started bool
}

// next returns the next combination, valid until the following call, or false after the last.
func (c *combinations) next() ([]int, bool) {
	if c.started {
		c.advance()
	}
	c.started = true
	if c.k > c.n {
		return nil, false
	}
	return c.idx[:c.k], true
}

func (c *combinations) advance() {
	k, n := c.k, c.n
	i := k - 1
	for i >= 0 && c.idx[i] == n-k+i {
		i--
	}
	if i >= 0 {
		c.idx[i]++
		for j := i + 1; j < k; j++ {
			c.idx[j] = c.idx[j-1] + 1
		}
		return
	}
	c.k++
	for j := 0; j < c.k && j < n; j++ {
		c.idx[j] = j
	}
}

// SubsetIter enumerates SUBSET S one subset at a time (see SubsetSet.Iter).
type SubsetIter struct {
	base []Value
	c    combinations
}

// Iter returns an iterator over the subsets of s's base in normalized order (Enumerate's, which
// is TLC's SubsetValue.elementsNormalized). It builds one subset per call of Next: TLC
// enumerates SUBSET S lazily for \E and \A, which stop at the first witness or counterexample,
// so neither are the 2^n subsets built before the first is tried nor is their number bounded by
// MaxEnumeration.
func (s *SubsetSet) Iter() (*SubsetIter, error) {
	base, err := s.finiteBase()
	if err != nil {
		return nil, err
	}
	n := len(base.elems)
	return &SubsetIter{base: base.elems, c: combinations{n: n, idx: make([]int, n)}}, nil
}

// Next returns the next subset, or false after the last.
func (it *SubsetIter) Next() (Value, bool) {
	idx, ok := it.c.next()
	if !ok {
		return nil, false
	}
	elems := make([]Value, len(idx))
	for i, j := range idx {
		elems[i] = it.base[j]
	}
	return &Set{elems: elems}, true
}

// FuncSetValue is [S -> T].
type FuncSetValue struct{ Dom, Rng SetValue }

// FuncSet returns [dom -> rng].
func FuncSet(dom, rng SetValue) *FuncSetValue { return &FuncSetValue{Dom: dom, Rng: rng} }

func (*FuncSetValue) Kind() Kind { return KindSet }
func (s *FuncSetValue) String() string {
	if d, err := Cardinality(s.Dom); err == nil && d <= MaxEnumeration {
		if r, err := Cardinality(s.Rng); err == nil && funcSetSmallToPrint(d, r) {
			if e, ok := printedEnumerated(s); ok {
				return e
			}
		}
	}
	return "[" + s.Dom.String() + " -> " + s.Rng.String() + "]"
}

func (s *FuncSetValue) Finite() bool {
	if !s.Dom.Finite() {
		return false
	}
	if s.Rng.Finite() {
		return true
	}
	n, err := Cardinality(s.Dom)
	return err == nil && n == 0
}

func (s *FuncSetValue) cardinality() (int64, error) {
	nd, err := Cardinality(s.Dom)
	if err != nil {
		return 0, err
	}
	if nd == 0 {
		return 1, nil
	}
	nr, err := Cardinality(s.Rng)
	if err != nil {
		return 0, err
	}
	total := int64(1)
	for i := int64(0); i < nd; i++ {
		total *= nr
		if total > 1<<40 {
			return 0, fmt.Errorf("%s has %d^%d elements, too many to count", Abbrev(s), nr, nd)
		}
	}
	return total, nil
}

func (s *FuncSetValue) Contains(v Value) (bool, error) {
	if v.Kind() != KindFunc {
		return false, nil
	}
	if lf, ok := v.(LazyFunc); ok && !lf.Domain().Finite() {
		c, err := compareSets(lf.Domain(), s.Dom)
		if err != nil || c != 0 {
			return false, err
		}
		return false, fmt.Errorf("%w: cannot check that every value of %s is in %s", ErrInfinite, Abbrev(v), Abbrev(s.Rng))
	}
	f, err := AsFunc(v)
	if err != nil {
		return false, err
	}
	var c int
	if fn, ok := f.(*Func); ok {
		if dom, ok := s.Dom.(*Set); ok {
			// compareSets without building f's domain: TypeOK checks [S -> T] of every variable
			// in every state.
			c, err = compareElems(fn.domain.elems, dom.elems)
		} else {
			c, err = compareSets(f.Domain(), s.Dom)
		}
	} else {
		c, err = compareSets(f.Domain(), s.Dom)
	}
	if err != nil || c != 0 {
		return false, err
	}
	for i := 0; i < f.Len(); i++ {
		if ok, err := s.Rng.Contains(f.ValueAt(i)); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (s *FuncSetValue) Enumerate() (*Set, error) {
	if !s.Finite() {
		return nil, infinite(s)
	}
	n, err := s.cardinality()
	if err != nil {
		return nil, err
	}
	if n > MaxEnumeration {
		return nil, tooLarge(s, n)
	}
	dom, err := s.Dom.Enumerate()
	if err != nil {
		return nil, err
	}
	rng := EmptySet
	if len(dom.elems) > 0 {
		if rng, err = s.Rng.Enumerate(); err != nil {
			return nil, err
		}
	}
	// Odometer over the range, most significant digit first, so the functions come out in
	// normalized order.
	out := make([]Value, 0, n)
	product(len(dom.elems), rng.elems, func(vals []Value) {
		out = append(out, newFuncSorted(dom.elems, vals))
	})
	return &Set{elems: out}, nil
}

// product calls emit with every tuple of length n over choices in lexicographic order; emit owns
// the slice it is given.
func product(n int, choices []Value, emit func([]Value)) {
	productOf(n, func(int) []Value { return choices }, emit)
}

func productOf(n int, choicesAt func(i int) []Value, emit func([]Value)) {
	for i := 0; i < n; i++ {
		if len(choicesAt(i)) == 0 {
			return
		}
	}
	idx := make([]int, n)
	for {
		vals := make([]Value, n)
		for i := range vals {
			vals[i] = choicesAt(i)[idx[i]]
		}
		emit(vals)
		i := n - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(choicesAt(i)) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// SeqSetValue is Seq(S).
type SeqSetValue struct{ Elem SetValue }

// SeqSet returns Seq(elem).
func SeqSet(elem SetValue) *SeqSetValue { return &SeqSetValue{Elem: elem} }

func (*SeqSetValue) Kind() Kind       { return KindSet }
func (s *SeqSetValue) String() string { return "Seq(" + s.Elem.String() + ")" }

func (s *SeqSetValue) Finite() bool {
	n, err := Cardinality(s.Elem)
	return err == nil && n == 0
}

func (s *SeqSetValue) Contains(v Value) (bool, error) {
	if v.Kind() != KindFunc {
		return false, nil
	}
	f, err := AsFunc(v)
	if err != nil {
		return false, err
	}
	t, err := AsSeq(f)
	if err != nil {
		return false, nil
	}
	for _, e := range t {
		if ok, err := s.Elem.Contains(e); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (s *SeqSetValue) Enumerate() (*Set, error) {
	if !s.Finite() {
		return nil, infinite(s)
	}
	return &Set{elems: []Value{Tuple{}}}, nil
}

// RecordSetValue is [f1 : S1, ..., fn : Sn].
type RecordSetValue struct {
	names []string
	sets  []SetValue
}

// RecordSet returns [names[0] : sets[0], ...]; the names must be distinct.
func RecordSet(names []string, sets []SetValue) (*RecordSetValue, error) {
	vals := make([]Value, len(sets))
	for i, s := range sets {
		vals[i] = s
	}
	r, err := NewRecord(names, vals)
	if err != nil {
		return nil, err
	}
	out := &RecordSetValue{names: r.names, sets: make([]SetValue, len(r.values))}
	for i, v := range r.values {
		out.sets[i] = v.(SetValue)
	}
	return out, nil
}

func (*RecordSetValue) Kind() Kind { return KindSet }

func (s *RecordSetValue) String() string {
	if e, ok := printedProduct(s, s.sets); ok {
		return e
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, n := range s.names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n + " : " + s.sets[i].String())
	}
	b.WriteByte(']')
	return b.String()
}

func (s *RecordSetValue) Finite() bool {
	for _, e := range s.sets {
		if !e.Finite() {
			return false
		}
	}
	return true
}

func (s *RecordSetValue) cardinality() (int64, error) { return productCardinality(s, s.sets) }

func productCardinality(s SetValue, sets []SetValue) (int64, error) {
	total := int64(1)
	for _, e := range sets {
		n, err := Cardinality(e)
		if err != nil {
			return 0, err
		}
		total *= n
		if total > 1<<40 {
			return 0, fmt.Errorf("%s has too many elements to count", Abbrev(s))
		}
	}
	return total, nil
}

func (s *RecordSetValue) Contains(v Value) (bool, error) {
	if v.Kind() != KindFunc {
		return false, nil
	}
	if r, ok := v.(*Record); ok {
		// A record's field names are compared as strings: Record.DomainAt boxes each name
		// (an allocation), and TypeOK checks every message of a message set this way.
		if len(r.names) != len(s.names) {
			return false, nil
		}
		for i, n := range s.names {
			if r.names[i] != n {
				return false, nil
			}
			if ok, err := s.sets[i].Contains(r.values[i]); err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	}
	f, err := AsFunc(v)
	if err != nil {
		return false, err
	}
	if f.Len() != len(s.names) {
		return false, nil
	}
	for i, n := range s.names {
		if d, ok := f.DomainAt(i).(Str); !ok || string(d) != n {
			return false, nil
		}
		if ok, err := s.sets[i].Contains(f.ValueAt(i)); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (s *RecordSetValue) Enumerate() (*Set, error) {
	elems, err := enumerateProduct(s, s.sets)
	if err != nil {
		return nil, err
	}
	out := make([]Value, 0)
	productOf(len(elems), func(i int) []Value { return elems[i] }, func(vals []Value) {
		out = append(out, &Record{names: s.names, values: vals})
	})
	return &Set{elems: out}, nil
}

func enumerateProduct(s SetValue, sets []SetValue) ([][]Value, error) {
	if !s.Finite() {
		return nil, infinite(s)
	}
	n, err := productCardinality(s, sets)
	if err != nil {
		return nil, err
	}
	if n > MaxEnumeration {
		return nil, tooLarge(s, n)
	}
	elems := make([][]Value, len(sets))
	for i, e := range sets {
		es, err := e.Enumerate()
		if err != nil {
			return nil, err
		}
		elems[i] = es.elems
	}
	return elems, nil
}

// ProductSet is S1 \X ... \X Sn.
type ProductSet struct{ Sets []SetValue }

// Product returns sets[0] \X sets[1] \X ...
func Product(sets ...SetValue) *ProductSet { return &ProductSet{Sets: sets} }

func (*ProductSet) Kind() Kind { return KindSet }

func (s *ProductSet) String() string {
	if e, ok := printedProduct(s, s.Sets); ok {
		return e
	}
	parts := make([]string, len(s.Sets))
	for i, e := range s.Sets {
		parts[i] = e.String()
	}
	return "(" + strings.Join(parts, " \\X ") + ")"
}

func (s *ProductSet) Finite() bool {
	for _, e := range s.Sets {
		if !e.Finite() {
			return false
		}
	}
	return true
}

func (s *ProductSet) cardinality() (int64, error) { return productCardinality(s, s.Sets) }

func (s *ProductSet) Contains(v Value) (bool, error) {
	if v.Kind() != KindFunc {
		return false, nil
	}
	f, err := AsFunc(v)
	if err != nil {
		return false, err
	}
	t, ok := f.(Tuple)
	if !ok || len(t) != len(s.Sets) {
		return false, nil
	}
	for i, e := range t {
		if ok, err := s.Sets[i].Contains(e); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (s *ProductSet) Enumerate() (*Set, error) {
	elems, err := enumerateProduct(s, s.Sets)
	if err != nil {
		return nil, err
	}
	out := make([]Value, 0)
	productOf(len(elems), func(i int) []Value { return elems[i] }, func(vals []Value) {
		out = append(out, Tuple(vals))
	})
	return &Set{elems: out}, nil
}

// FilterSet is {x \in Base : Pred(x)}, kept lazy so that membership in a filtered infinite set
// needs no enumeration.
type FilterSet struct {
	Base SetValue
	Pred func(Value) (bool, error)
	Text string // how to print the set, e.g. {x \in Nat : x % 2 = 0}
}

func (*FilterSet) Kind() Kind       { return KindSet }
func (s *FilterSet) Finite() bool   { return s.Base.Finite() }
func (s *FilterSet) String() string { return s.Text }

func (s *FilterSet) Contains(v Value) (bool, error) {
	ok, err := s.Base.Contains(v)
	if err != nil || !ok {
		return false, err
	}
	return s.Pred(v)
}

func (s *FilterSet) Enumerate() (*Set, error) {
	base, err := s.Base.Enumerate()
	if err != nil {
		return nil, err
	}
	var out []Value
	for _, e := range base.elems {
		ok, err := s.Pred(e)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return &Set{elems: out}, nil
}

type setOpKind uint8

const (
	opUnion setOpKind = iota
	opIntersect
	opDifference
)

// setOp is the union, intersection or difference of sets at least one of which is infinite.
type setOp struct {
	op   setOpKind
	a, b SetValue
}

func (*setOp) Kind() Kind     { return KindSet }
func (s *setOp) Finite() bool { return false }

func (s *setOp) String() string {
	sym := [...]string{" \\cup ", " \\cap ", " \\ "}[s.op]
	return "(" + s.a.String() + sym + s.b.String() + ")"
}

func (s *setOp) Enumerate() (*Set, error) { return nil, infinite(s) }

func (s *setOp) Contains(v Value) (bool, error) {
	inA, err := s.a.Contains(v)
	if err != nil {
		return false, err
	}
	switch s.op {
	case opUnion:
		if inA {
			return true, nil
		}
		return s.b.Contains(v)
	case opIntersect:
		if !inA {
			return false, nil
		}
		return s.b.Contains(v)
	}
	if !inA {
		return false, nil
	}
	inB, err := s.b.Contains(v)
	return !inB, err
}

// TLC prints a small SUBSET S, S \X T, [S -> T] or [a : S] by its elements (TLCGlobals.expand,
// on by default, and the toString of SubsetValue, SetOfTuplesValue, SetOfFcnsValue and
// SetOfRcdsValue): SUBSET S when S has fewer than 7 elements, the others when they have fewer
// than TLCGlobals.enumBound (2000) elements, a size computed in 32 bits (a larger one, or a set
// whose size cannot be computed, is printed as written). Print, PrintT, ToString, Assert's
// message and the values of a behavior show them so: ToString(SUBSET {1}) is "{{}, {1}}".
const printEnumBound = 2000

// smallToPrint reports whether a product of the sizes is below printEnumBound, as TLC computes
// it: an intermediate product outside the 32-bit range makes it too large.
func smallToPrint(sizes ...int64) bool {
	p := int64(1)
	for _, n := range sizes {
		p *= n
		if p < math.MinInt32 || p > math.MaxInt32 {
			return false
		}
	}
	return p < printEnumBound
}

// funcSetSmallToPrint is smallToPrint for [S -> T] with |S| = d and |T| = r: r multiplied d
// times, which stays 0 or 1 for r < 2.
func funcSetSmallToPrint(d, r int64) bool {
	if r < 2 {
		return true
	}
	p := int64(1)
	for i := int64(0); i < d; i++ {
		if p *= r; p >= printEnumBound {
			return false
		}
	}
	return true
}

// printedProduct is the enumerated form of s, the product of sets, if TLC prints it so.
func printedProduct(s SetValue, sets []SetValue) (string, bool) {
	sizes := make([]int64, len(sets))
	for i, e := range sets {
		n, err := Cardinality(e)
		if err != nil {
			return "", false
		}
		sizes[i] = n
	}
	if !smallToPrint(sizes...) {
		return "", false
	}
	return printedEnumerated(s)
}

// printedEnumerated is s printed by its elements; ok is false when they cannot be enumerated.
func printedEnumerated(s SetValue) (string, bool) {
	e, err := s.Enumerate()
	if err != nil {
		return "", false
	}
	return e.String(), true
}
