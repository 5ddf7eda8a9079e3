package value

import (
	"slices"
	"strings"
	"sync/atomic"
)

// InternOrder is the order TLC prints record fields, strings and model values in. TLC keeps a
// record's fields and a set's elements normalized (RecordValue.normalize, SetEnumValue.normalize),
// and it compares field names, strings and model values as util.UniqueString does: by the
// position of the string in TLC's intern table (UniqueString.compareTo returns this.tok -
// other.tok), which is the order the strings were first met in. TLC meets them parsing the
// configuration (its model values), then lexing the root module and the modules it loads (every
// identifier, a record field's name among them), then in semantic analysis (string literals), and
// last while evaluating. Every state of a behavior has been fingerprinted, which normalizes each
// record of it, so a counterexample prints [type |-> "1b", bal |-> 0, acc |-> a1] where the
// spec's text names type, then bal, then acc first, and its sets of records in that order (a
// record of fewer fields first, then by field names, then by values, field by field). This
// engine keeps records and sets in its own canonical order (names and strings by their bytes),
// which decides equality and fingerprints; InternOrder only changes how values are printed
// (Pretty, TLCString).
type InternOrder struct {
	rank map[string]int
}

// NewInternOrder is the intern order of names, in the order TLC meets them: the first occurrence
// of a name counts.
func NewInternOrder(names []string) *InternOrder {
	o := &InternOrder{rank: make(map[string]int, len(names))}
	for _, n := range names {
		if _, ok := o.rank[n]; !ok {
			o.rank[n] = len(o.rank)
		}
	}
	return o
}

// printOrder is the intern order of the specification loaded last (SetPrintOrder), which Pretty
// and TLCString print with. TLC's intern table is global to its process, as this is; a process
// checks one specification at a time (tests run one after another).
var printOrder atomic.Pointer[InternOrder]

// SetPrintOrder makes o the order Pretty and TLCString print values in (nil: the canonical order
// of String).
func SetPrintOrder(o *InternOrder) { printOrder.Store(o) }

// TLCString is v's one-line form as TLC prints it (Value.toString): String's, but with records'
// fields, functions' domains and sets' elements in TLC's order under the current print order
// (see InternOrder). Without one, it is v.String().
func TLCString(v Value) string {
	o := printOrder.Load()
	if o == nil || v == nil {
		if v == nil {
			return "null"
		}
		return v.String()
	}
	var b strings.Builder
	o.write(&b, v)
	return b.String()
}

// compareNames orders two names as TLC's UniqueString.compareTo: by the order they were interned.
// A name the specification's text never holds is interned while TLC evaluates, after every name
// of the text; such names are put after them, by their bytes.
func (o *InternOrder) compareNames(a, b string) int {
	if a == b {
		return 0
	}
	ra, oka := o.rank[a]
	rb, okb := o.rank[b]
	switch {
	case oka && okb:
		return ra - rb
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// fieldOrder returns the indices of r's fields in the order TLC's normalized record holds them.
func (o *InternOrder) fieldOrder(r *Record) []int {
	idx := make([]int, len(r.names))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return o.compareNames(r.names[i], r.names[j]) })
	return idx
}

// sorted returns elems in TLC's order.
func (o *InternOrder) sorted(elems []Value) []Value {
	out := slices.Clone(elems)
	slices.SortStableFunc(out, o.compare)
	return out
}

// compare is TLC's compareTo on the values this engine prints in its own order: strings and model
// values by interning (StringValue, ModelValue), records by their number of fields, then their
// names, then their values (RecordValue.compareTo), functions by the size of their domains, then
// domain elements and values in turn (FcnRcdValue), tuples by length, then elements
// (TupleValue), and enumerated sets by size, then elements (SetEnumValue). The rest, and values of
// different kinds, are compared as Compare does.
func (o *InternOrder) compare(a, b Value) int {
	switch x := a.(type) {
	case Str:
		if y, ok := b.(Str); ok {
			return o.compareNames(string(x), string(y))
		}
	case ModelValue:
		if y, ok := b.(ModelValue); ok {
			return o.compareNames(x.Name, y.Name)
		}
	case *Record:
		if y, ok := b.(*Record); ok {
			if c := len(x.names) - len(y.names); c != 0 {
				return c
			}
			ix, iy := o.fieldOrder(x), o.fieldOrder(y)
			for k := range ix {
				if c := o.compareNames(x.names[ix[k]], y.names[iy[k]]); c != 0 {
					return c
				}
			}
			for k := range ix {
				if c := o.compare(x.values[ix[k]], y.values[iy[k]]); c != 0 {
					return c
				}
			}
			return 0
		}
	case Tuple:
		if y, ok := b.(Tuple); ok {
			if c := len(x) - len(y); c != 0 {
				return c
			}
			for k := range x {
				if c := o.compare(x[k], y[k]); c != 0 {
					return c
				}
			}
			return 0
		}
	case *Func:
		if y, ok := b.(*Func); ok {
			dx, dy := o.domainOrder(x), o.domainOrder(y)
			if c := len(dx) - len(dy); c != 0 {
				return c
			}
			for k := range dx {
				if c := o.compare(x.domain.elems[dx[k]], y.domain.elems[dy[k]]); c != 0 {
					return c
				}
				if c := o.compare(x.vals[dx[k]], y.vals[dy[k]]); c != 0 {
					return c
				}
			}
			return 0
		}
	case *Set:
		if y, ok := b.(*Set); ok {
			if c := len(x.elems) - len(y.elems); c != 0 {
				return c
			}
			ex, ey := o.sorted(x.elems), o.sorted(y.elems)
			for k := range ex {
				if c := o.compare(ex[k], ey[k]); c != 0 {
					return c
				}
			}
			return 0
		}
	}
	c, _ := Compare(a, b)
	return c
}

// domainOrder returns the indices of f's domain elements in TLC's order.
func (o *InternOrder) domainOrder(f *Func) []int {
	idx := make([]int, len(f.domain.elems))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return o.compare(f.domain.elems[i], f.domain.elems[j]) })
	return idx
}

// write writes v's one-line form in TLC's order: records, functions, tuples and enumerated sets
// are written here, their components in TLC's order; any other value as its String.
func (o *InternOrder) write(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case *Record:
		if len(x.names) == 0 {
			b.WriteString("<<>>")
			return
		}
		writeJoined(b, "[", ", ", "]", o.fieldOrder(x), func(i int) {
			b.WriteString(x.names[i])
			b.WriteString(" |-> ")
			o.write(b, x.values[i])
		})
	case Tuple:
		writeJoined(b, "<<", ", ", ">>", x, func(e Value) { o.write(b, e) })
	case *Func:
		if len(x.domain.elems) == 0 {
			b.WriteString("<<>>")
			return
		}
		writeJoined(b, "(", " @@ ", ")", o.domainOrder(x), func(i int) {
			o.write(b, x.domain.elems[i])
			b.WriteString(" :> ")
			o.write(b, x.vals[i])
		})
	case *Set:
		writeJoined(b, "{", ", ", "}", o.sorted(x.elems), func(e Value) { o.write(b, e) })
	default:
		b.WriteString(v.String())
	}
}

// writeJoined writes left, each of elems by part with sep between them, and right.
func writeJoined[E any](b *strings.Builder, left, sep, right string, elems []E, part func(E)) {
	b.WriteString(left)
	for k, e := range elems {
		if k > 0 {
			b.WriteString(sep)
		}
		part(e)
	}
	b.WriteString(right)
}

// SortNames sorts names, record fields, in the order the current print order prints them (see
// InternOrder); without one, by their bytes.
func SortNames(names []string) {
	o := printOrder.Load()
	if o == nil {
		slices.Sort(names)
		return
	}
	slices.SortStableFunc(names, o.compareNames)
}
