package value

import (
	"fmt"
	"strings"
	"sync"
)

// FuncValue is a function with a finite domain that is enumerated: a [Tuple], a [*Record] or a
// [*Func]. Its domain is held in normalized order, DomainAt(0) being the least element.
type FuncValue interface {
	Value
	// Len is the number of elements of the domain.
	Len() int
	// DomainAt returns the i-th element of the domain in normalized order.
	DomainAt(i int) Value
	// ValueAt returns the value the function maps DomainAt(i) to.
	ValueAt(i int) Value
	// Lookup applies the function to arg, reporting false if arg is outside the domain.
	Lookup(arg Value) (Value, bool, error)
	// Domain returns DOMAIN f.
	Domain() SetValue
}

// LazyFunc is a function whose values are computed when applied, such as the evaluator's
// f[n \in Nat] == ... Its domain may be infinite; Materialize enumerates it.
type LazyFunc interface {
	Value
	Domain() SetValue
	Apply(arg Value) (Value, error)
	// Materialize computes the function at every point of its (finite) domain.
	Materialize() (FuncValue, error)
}

// Tuple is a tuple or sequence: the function with domain 1..len(t).
type Tuple []Value

// Record is a function whose domain is a set of strings, kept sorted in the order Compare orders
// strings (TLC's normalized RecordValue: its names by interning, see InternOrder).
type Record struct {
	names  []string
	values []Value
}

// Func is a function with an arbitrary finite domain, held in normalized order.
type Func struct {
	// domain holds the domain's elements; Domain returns it without allocating (DOMAIN f is
	// taken of a message bag in every state of a model such as MCRaft).
	domain Set
	vals   []Value
}

func (Tuple) Kind() Kind   { return KindFunc }
func (*Record) Kind() Kind { return KindFunc }
func (*Func) Kind() Kind   { return KindFunc }

func (t Tuple) Len() int               { return len(t) }
func (t Tuple) DomainAt(i int) Value   { return Int(i + 1) }
func (t Tuple) ValueAt(i int) Value    { return t[i] }
func (t Tuple) Domain() SetValue       { return Interval(1, int64(len(t))) }
func (r *Record) Len() int             { return len(r.names) }
func (r *Record) DomainAt(i int) Value { return Str(r.names[i]) }
func (r *Record) ValueAt(i int) Value  { return r.values[i] }
func (f *Func) Len() int               { return len(f.domain.elems) }
func (f *Func) DomainAt(i int) Value   { return f.domain.elems[i] }
func (f *Func) ValueAt(i int) Value    { return f.vals[i] }

func (t Tuple) Lookup(arg Value) (Value, bool, error) {
	if i, ok := arg.(Int); ok && i >= 1 && int64(i) <= int64(len(t)) {
		return t[i-1], true, nil
	}
	return nil, false, nil
}

func (r *Record) Domain() SetValue {
	elems := make([]Value, len(r.names))
	for i, n := range r.names {
		elems[i] = Str(n)
	}
	return &Set{elems: elems}
}

func (r *Record) Lookup(arg Value) (Value, bool, error) {
	s, ok := arg.(Str)
	if !ok {
		return nil, false, nil
	}
	return r.Field(string(s))
}

// Field returns the value of field name.
func (r *Record) Field(name string) (Value, bool, error) {
	if i := fieldIndex(r.names, name); i >= 0 {
		return r.values[i], true, nil
	}
	return nil, false, nil
}

// FieldAt returns the value of field name if it is the i-th field.
func (r *Record) FieldAt(i int, name string) (Value, bool) {
	if uint(i) < uint(len(r.names)) && r.names[i] == name {
		return r.values[i], true
	}
	return nil, false
}

// FieldIndex returns the position of field name among the record's fields, or -1.
func (r *Record) FieldIndex(name string) int { return fieldIndex(r.names, name) }

// fieldIndex returns the position of name among the sorted names, or -1. It is the hot path of
// r.f and of EXCEPT on records: a scan of up to 16 names (string equality first compares
// lengths, and most names differ in length) or a binary search without sort.Search's closure.
func fieldIndex(names []string, name string) int {
	if len(names) <= 16 {
		for i := range names {
			if names[i] == name {
				return i
			}
		}
		return -1
	}
	lo, hi := 0, len(names)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if compareStrings(names[mid], name) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(names) && names[lo] == name {
		return lo
	}
	return -1
}

// Names returns the field names in order; the caller must not modify the slice.
func (r *Record) Names() []string { return r.names }

func (f *Func) Domain() SetValue { return &f.domain }

func (f *Func) Lookup(arg Value) (Value, bool, error) {
	i, found, err := search(f.domain.elems, arg)
	if err != nil || !found {
		return nil, false, err
	}
	return f.vals[i], true, nil
}

// NewRecord builds the record with the given fields; a repeated name is an error.
func NewRecord(names []string, values []Value) (*Record, error) {
	if len(names) != len(values) {
		return nil, fmt.Errorf("record has %d field names but %d values", len(names), len(values))
	}
	r := &Record{names: append([]string(nil), names...), values: append([]Value(nil), values...)}
	// Insertion sort: records have few fields, and this allocates nothing.
	for i := 1; i < len(r.names); i++ {
		for j := i; j > 0 && compareStrings(r.names[j], r.names[j-1]) < 0; j-- {
			r.names[j], r.names[j-1] = r.names[j-1], r.names[j]
			r.values[j], r.values[j-1] = r.values[j-1], r.values[j]
		}
	}
	for i := 1; i < len(r.names); i++ {
		if r.names[i] == r.names[i-1] {
			return nil, fmt.Errorf("record field %q appears twice", r.names[i])
		}
	}
	return r, nil
}

// NewFunc builds the function mapping dom[i] to vals[i]. The domain elements are normalized and
// must be distinct. If the domain is 1..n the result is a Tuple, and if it is a set of strings the
// result is a *Record, so that sequence and record operators apply to it directly.
func NewFunc(dom, vals []Value) (FuncValue, error) {
	if len(dom) != len(vals) {
		return nil, fmt.Errorf("function has %d domain elements but %d values", len(dom), len(vals))
	}
	f := &Func{domain: Set{elems: make([]Value, len(dom))}, vals: make([]Value, len(vals))}
	for i := range dom {
		d, err := Normalize(dom[i])
		if err != nil {
			return nil, err
		}
		f.domain.elems[i] = d
	}
	copy(f.vals, vals)
	if err := sortStable(f.domain.elems, f.vals); err != nil {
		return nil, err
	}
	for i := 1; i < len(f.domain.elems); i++ {
		if c, _ := Compare(f.domain.elems[i-1], f.domain.elems[i]); c == 0 {
			return nil, fmt.Errorf("function domain element %s appears twice", Abbrev(f.domain.elems[i]))
		}
	}
	return specialize(f), nil
}

// NewFuncOwning is NewFunc for slices the caller hands over: they are normalized and sorted in
// place instead of copied. A model checker renaming model values in a state builds functions
// this way.
func NewFuncOwning(dom, vals []Value) (FuncValue, error) {
	if len(dom) != len(vals) {
		return nil, fmt.Errorf("function has %d domain elements but %d values", len(dom), len(vals))
	}
	for i := range dom {
		d, err := Normalize(dom[i])
		if err != nil {
			return nil, err
		}
		dom[i] = d
	}
	if err := sortStable(dom, vals); err != nil {
		return nil, err
	}
	for i := 1; i < len(dom); i++ {
		if c, _ := Compare(dom[i-1], dom[i]); c == 0 {
			return nil, fmt.Errorf("function domain element %s appears twice", Abbrev(dom[i]))
		}
	}
	return specialize(&Func{domain: Set{elems: dom}, vals: vals}), nil
}

// WithValues returns the function with f's domain mapping its i-th element to vals[i], sharing
// f's domain; vals is handed over.
func (f *Func) WithValues(vals []Value) *Func {
	if len(vals) != len(f.domain.elems) {
		panic("value: Func.WithValues given the wrong number of values")
	}
	return &Func{domain: Set{elems: f.domain.elems}, vals: vals}
}

// sharedNames holds one names slice per set of field names SharedNames was given.
var sharedNames sync.Map // strings.Join(names, "\x00") -> []string

// SharedNames returns r with the names slice every record SharedNames returned with the same
// field names has: records that share their names slice are compared without comparing names.
// A record constructor calls it once, for the prototype its records are built from.
func SharedNames(r *Record) *Record {
	key := strings.Join(r.names, "\x00")
	names, _ := sharedNames.LoadOrStore(key, r.names)
	return &Record{names: names.([]string), values: r.values}
}

// WithValues returns the record with r's fields holding vals, in the order of Names; vals is
// handed over.
func (r *Record) WithValues(vals []Value) *Record {
	if len(vals) != len(r.names) {
		panic("value: Record.WithValues given the wrong number of values")
	}
	return &Record{names: r.names, values: vals}
}

// Restrict returns f restricted to the elements of its domain that drop rejects: the function
// [x \in DOMAIN f \ S |-> f[x]] for drop deciding membership in S, built in one pass over f
// without looking each element up again.
func Restrict(f FuncValue, drop func(Value) (bool, error)) (FuncValue, error) {
	n := f.Len()
	dom, vals := make([]Value, 0, n), make([]Value, 0, n)
	for i := 0; i < n; i++ {
		d := f.DomainAt(i)
		out, err := drop(d)
		if err != nil {
			return nil, err
		}
		if !out {
			dom, vals = append(dom, d), append(vals, f.ValueAt(i))
		}
	}
	if len(dom) == n {
		return f, nil
	}
	return newFuncSorted(dom, vals), nil
}

// NewFuncOnSet builds the function with domain dom mapping its i-th element (in normalized
// order) to vals[i], as [x \in S |-> e] does. It shares dom's elements, which are already
// normalized, sorted and distinct, so it neither copies nor sorts them.
func NewFuncOnSet(dom *Set, vals []Value) (FuncValue, error) {
	if len(dom.elems) != len(vals) {
		return nil, fmt.Errorf("function has %d domain elements but %d values", len(dom.elems), len(vals))
	}
	return newFuncSorted(dom.elems, vals), nil
}

// newFuncSorted builds a function from a domain already in normalized order, as the Tuple or
// Record it equals when its domain allows (see specialize). Only the value returned is
// allocated: building the Func first, to be dropped for the Tuple, cost a second allocation
// for every [s \in 1..n |-> e] and every @@ giving a sequence.
func newFuncSorted(dom, vals []Value) FuncValue {
	switch shapeOf(dom) {
	case tupleShape:
		return Tuple(vals)
	case recordShape:
		return newRecordSorted(dom, vals)
	}
	return &Func{domain: Set{elems: dom}, vals: vals}
}

// specialize returns the Tuple or Record equal to f when its domain allows it.
func specialize(f *Func) FuncValue {
	switch shapeOf(f.domain.elems) {
	case tupleShape:
		return Tuple(f.vals)
	case recordShape:
		return newRecordSorted(f.domain.elems, f.vals)
	}
	return f
}

// A domainShape says which representation a function with a given domain has: a Tuple for
// the domain 1..n (the empty domain included), a Record for a domain of strings, a Func
// otherwise.
type domainShape int

const (
	funcShape domainShape = iota
	tupleShape
	recordShape
)

// shapeOf returns the shape of functions with the domain dom, in normalized order.
func shapeOf(dom []Value) domainShape {
	isTuple, isRecord := true, true
	for i, d := range dom {
		if n, ok := d.(Int); !ok || int(n) != i+1 {
			isTuple = false
		}
		if _, ok := d.(Str); !ok {
			isRecord = false
		}
	}
	switch {
	case isTuple:
		return tupleShape
	case isRecord:
		return recordShape
	}
	return funcShape
}

// newRecordSorted returns the record with the fields dom, strings in normalized order, holding
// vals.
func newRecordSorted(dom, vals []Value) *Record {
	names := make([]string, len(dom))
	for i, d := range dom {
		names[i] = string(d.(Str))
	}
	return &Record{names: names, values: vals}
}

// AsFunc returns v as a function with an enumerated domain, materializing a LazyFunc.
func AsFunc(v Value) (FuncValue, error) {
	switch f := v.(type) {
	case FuncValue:
		return f, nil
	case LazyFunc:
		return f.Materialize()
	}
	return nil, TypeError("a function", v)
}

// Apply returns f[arg]; arg outside the domain of f is an error naming both.
func Apply(f Value, arg Value) (Value, error) {
	switch fn := f.(type) {
	case FuncValue:
		a, err := Normalize(arg)
		if err != nil {
			return nil, err
		}
		v, ok, err := fn.Lookup(a)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("applying function %s to %s, which is not in its domain", Abbrev(f), Abbrev(arg))
		}
		return v, nil
	case LazyFunc:
		return fn.Apply(arg)
	}
	return nil, TypeError("a function to apply", f)
}

// Domain returns DOMAIN f.
func Domain(f Value) (SetValue, error) {
	switch fn := f.(type) {
	case FuncValue:
		return fn.Domain(), nil
	case LazyFunc:
		return fn.Domain(), nil
	}
	return nil, TypeError("a function", f)
}

// Update returns [f EXCEPT ![arg] = v]; arg must be in the domain of f.
func Update(f Value, arg Value, v Value) (Value, error) {
	fn, err := AsFunc(f)
	if err != nil {
		return nil, err
	}
	a, err := Normalize(arg)
	if err != nil {
		return nil, err
	}
	// The copy is one allocation (its header and its values together) for the short tuples,
	// records and functions of a model's variables (see MakeTuple, Record.Blank, Func.blank).
	switch t := fn.(type) {
	case Tuple:
		if i, ok := a.(Int); ok && i >= 1 && int64(i) <= int64(len(t)) {
			nv, nt := MakeTuple(len(t))
			copy(nt, t)
			nt[i-1] = v
			return nv, nil
		}
	case *Record:
		if s, ok := a.(Str); ok {
			if i := fieldIndex(t.names, string(s)); i >= 0 {
				r, nv := t.Blank()
				copy(nv, t.values)
				nv[i] = v
				return r, nil
			}
		}
	case *Func:
		i, found, err := search(t.domain.elems, a)
		if err != nil {
			return nil, err
		}
		if found {
			nf, nv := t.blank()
			copy(nv, t.vals)
			nv[i] = v
			return nf, nil
		}
	}
	// EXCEPT outside the domain leaves the function unchanged in TLA+ semantics
	// ([f EXCEPT ![a] = e] is defined on DOMAIN f); TLC agrees.
	return fn, nil
}

// Merge returns f @@ g: the function on DOMAIN f \cup DOMAIN g that agrees with f on DOMAIN f.
func Merge(f, g Value) (Value, error) {
	ff, err := AsFunc(f)
	if err != nil {
		return nil, err
	}
	gf, err := AsFunc(g)
	if err != nil {
		return nil, err
	}
	if fx, ok := ff.(*Func); ok && gf.Len() == 1 {
		return insert(fx, gf.DomainAt(0), gf.ValueAt(0))
	}
	switch {
	case gf.Len() == 0:
		return ff, nil
	case ff.Len() == 0:
		return gf, nil
	case gallops(gf.Len(), ff.Len()):
		return mergeSmall(ff, gf, false)
	case gallops(ff.Len(), gf.Len()):
		return mergeSmall(gf, ff, true)
	}
	return merge(ff, gf)
}

// mergeSmall is Merge of a function large and a function small of a few arguments (f @@ g with
// f the one of them that small wins says): each argument of small is searched for in
// large's domain after the previous one, and the runs between them are copied. Learn's
// decided[r] @@ [s \in lo..hi |-> ...] walked every slot the replica had decided. It returns
// large itself when small adds nothing to it.
func mergeSmall(large, small FuncValue, smallWins bool) (Value, error) {
	var dom, vals []Value
	lo, n := 0, large.Len()
	run := func(hi int) {
		for ; lo < hi; lo++ {
			dom, vals = append(dom, large.DomainAt(lo)), append(vals, large.ValueAt(lo))
		}
	}
	for j := 0; j < small.Len(); j++ {
		k := small.DomainAt(j)
		// The first argument of large not below k, in lo..n.
		i, hi := lo, n
		found := false
		for i < hi {
			mid := int(uint(i+hi) >> 1)
			c, err := Compare(large.DomainAt(mid), k)
			if err != nil {
				return nil, err
			}
			if c == 0 {
				i, found = mid, true
				break
			}
			if c < 0 {
				i = mid + 1
			} else {
				hi = mid
			}
		}
		if found && !smallWins {
			continue
		}
		if dom == nil {
			dom, vals = make([]Value, 0, n+small.Len()), make([]Value, 0, n+small.Len())
		}
		run(i)
		dom, vals = append(dom, k), append(vals, small.ValueAt(j))
		if found {
			lo++
		}
	}
	if dom == nil {
		return large, nil
	}
	run(n)
	return newFuncSorted(dom, vals), nil
}

// merge is Merge of two functions by one walk of both domains.
func merge(ff, gf FuncValue) (Value, error) {
	dom := make([]Value, 0, ff.Len()+gf.Len())
	vals := make([]Value, 0, ff.Len()+gf.Len())
	i, j := 0, 0
	for i < ff.Len() || j < gf.Len() {
		switch {
		case j >= gf.Len():
			dom, vals = append(dom, ff.DomainAt(i)), append(vals, ff.ValueAt(i))
			i++
		case i >= ff.Len():
			dom, vals = append(dom, gf.DomainAt(j)), append(vals, gf.ValueAt(j))
			j++
		default:
			c, err := Compare(ff.DomainAt(i), gf.DomainAt(j))
			if err != nil {
				return nil, err
			}
			switch {
			case c < 0:
				dom, vals = append(dom, ff.DomainAt(i)), append(vals, ff.ValueAt(i))
				i++
			case c > 0:
				dom, vals = append(dom, gf.DomainAt(j)), append(vals, gf.ValueAt(j))
				j++
			default:
				dom, vals = append(dom, ff.DomainAt(i)), append(vals, ff.ValueAt(i))
				i++
				j++
			}
		}
	}
	return newFuncSorted(dom, vals), nil
}

// insert returns f @@ (k :> v): f itself when k is in its domain, else f with k inserted where
// a binary search puts it. A bag gains a message as msgs @@ (m :> 1) (Raft.tla's WithMessage),
// and merging walked the whole bag, comparing each message with m.
func insert(f *Func, k, v Value) (Value, error) {
	i, found, err := search(f.domain.elems, k)
	if err != nil || found {
		return f, err
	}
	n := len(f.vals)
	dom, vals := make([]Value, n+1), make([]Value, n+1)
	copy(dom, f.domain.elems[:i])
	copy(vals, f.vals[:i])
	dom[i], vals[i] = k, v
	copy(dom[i+1:], f.domain.elems[i:])
	copy(vals[i+1:], f.vals[i:])
	return newFuncSorted(dom, vals), nil
}

// AsSeq returns v as a sequence, or an error if it is not a function with domain 1..n.
func AsSeq(v Value) (Tuple, error) {
	switch t := v.(type) {
	case Tuple:
		return t, nil
	case *Record:
		if t.Len() == 0 {
			return Tuple{}, nil
		}
	case *Func:
		if t.Len() == 0 {
			return Tuple{}, nil
		}
	case LazyFunc:
		f, err := t.Materialize()
		if err != nil {
			return nil, err
		}
		return AsSeq(f)
	}
	return nil, TypeError("a sequence", v)
}

func (t Tuple) String() string {
	var b strings.Builder
	b.WriteString("<<")
	for i, e := range t {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.String())
	}
	b.WriteString(">>")
	return b.String()
}

func (r *Record) String() string {
	if len(r.names) == 0 {
		return "<<>>"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, n := range r.names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
		b.WriteString(" |-> ")
		b.WriteString(r.values[i].String())
	}
	b.WriteByte(']')
	return b.String()
}

func (f *Func) String() string {
	if len(f.domain.elems) == 0 {
		return "<<>>"
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range f.domain.elems {
		if i > 0 {
			b.WriteString(" @@ ")
		}
		b.WriteString(d.String())
		b.WriteString(" :> ")
		b.WriteString(f.vals[i].String())
	}
	b.WriteByte(')')
	return b.String()
}
