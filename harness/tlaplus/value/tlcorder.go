package value

import (
	"slices"
	"strings"
	"sync/atomic"
)

// InternOrder is TLC's order of strings, record field names and model values: the order TLC's
// intern table met them in. The rule, read off TLC's sources:
//
//   - util.UniqueString.compareTo is this.tok - other.tok, tok being the string's position in
//     util.InternTable, i.e. the order uniqueStringOf first saw the string;
//   - StringValue holds the UniqueString of its characters and compares by it
//     (StringValue.compareTo), ModelValue likewise (its val is a UniqueString, ModelValue.make
//     interning the name), and RecordValue.normalize sorts a record's names by it, while
//     RecordValue.compareTo orders records by their number of fields, then their names pairwise,
//     then (names equal) their values pairwise;
//   - TLC interns, in this order: the configuration's model values and strings (ModelConfig.parse,
//     called in Spec's constructor before SANY parses anything), every token image of the root
//     module as SANY lexes it (SyntaxTreeNode interns each identifier; record fields and operator
//     names are identifiers), then the tokens of the modules the root loads, then the contents of
//     string literals, which SANY's semantic analysis interns (StringNode), the modules in the
//     order they are analysed, the root last; and then, while checking, each string first
//     created at run time (ToString, \o, JSON), in the order they are created.
//
// This engine ranks every name known before the spec's values are built (eval.Spec's
// internOrder, SetOrder) and orders strings a run creates after them, by their bytes: TLC ranks
// those by creation, which several workers make in no fixed order; bytes keep the order
// deterministic. TLC's own classes also intern some names when they load (RecordValue's
// "name", "location", ...), which is not modelled.
type InternOrder struct {
	rank map[string]int32
}

// NewInternOrder is the intern order of names, in the order TLC meets them: the first occurrence
// of a name counts.
func NewInternOrder(names []string) *InternOrder {
	o := &InternOrder{rank: make(map[string]int32, len(names))}
	for _, n := range names {
		if _, ok := o.rank[n]; !ok {
			o.rank[n] = int32(len(o.rank))
		}
	}
	return o
}

// order is the intern order of the specification loaded last (SetOrder), by which Compare
// orders strings, model values and record fields. TLC's intern table is global to its process,
// as this is; a process checks one specification at a time (tests load one after another), and
// the values of one specification are not used with another's.
var order atomic.Pointer[InternOrder]

// SetOrder makes o the order of strings, model values and record field names (nil: by their
// bytes). Values built under another order are not sorted in this one: call it before building
// the values of a specification, and rebuild those built before with Reorder.
func SetOrder(o *InternOrder) { order.Store(o) }

// compareStrings orders two strings, record field names or model value names: by the current
// intern order (see InternOrder), or by their bytes without one.
func compareStrings(a, b string) int {
	if a == b {
		return 0
	}
	if o := order.Load(); o != nil {
		return o.compareNames(a, b)
	}
	return strings.Compare(a, b)
}

// compareNames orders two different names as TLC's UniqueString.compareTo: by the order they
// were interned. A name the specification's text never holds is interned while TLC evaluates,
// after every name of the text; such names are put after them, by their bytes.
func (o *InternOrder) compareNames(a, b string) int {
	ra, oka := o.rank[a]
	rb, okb := o.rank[b]
	switch {
	case oka && okb:
		if ra < rb {
			return -1
		}
		return 1
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// TLCString is v's one-line form as TLC prints it (Value.toString): values are held in TLC's
// order (see InternOrder), so it is v.String(), "null" for nil.
func TLCString(v Value) string {
	if v == nil {
		return "null"
	}
	return v.String()
}

// SortNames sorts names, record fields, in the order a record holds them (see InternOrder).
func SortNames(names []string) { slices.SortStableFunc(names, compareStrings) }

// Reorder returns v rebuilt in the current order: its sets, records and functions sorted again,
// for a value built before SetOrder (a configuration's constants). Lazy values are returned as
// they are.
func Reorder(v Value) (Value, error) {
	switch x := v.(type) {
	case Tuple:
		out := make(Tuple, len(x))
		for i, e := range x {
			var err error
			if out[i], err = Reorder(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *Set:
		elems, err := reorderAll(x.elems)
		if err != nil {
			return nil, err
		}
		return NewSet(elems...)
	case *Record:
		vals, err := reorderAll(x.values)
		if err != nil {
			return nil, err
		}
		return NewRecord(x.names, vals)
	case *Func:
		dom, err := reorderAll(x.domain.elems)
		if err != nil {
			return nil, err
		}
		vals, err := reorderAll(x.vals)
		if err != nil {
			return nil, err
		}
		return NewFuncOwning(dom, vals)
	}
	return v, nil
}

func reorderAll(vs []Value) ([]Value, error) {
	out := make([]Value, len(vs))
	for i, e := range vs {
		var err error
		if out[i], err = Reorder(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}
