package value

import (
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"
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
	// arena holds the ranked names one after another; names[r] is the name of rank r as a slice
	// of it, and at[i] the rank of the name starting at byte i of it (-1 inside a name). A string
	// whose bytes are a name's slice of the arena (Canonical; a load makes its constants' model
	// values so) is ranked without hashing: model values are compared in every lookup of a
	// function over them (MCPaxos's maxBal[a]).
	arena string
	names []string
	at    []int32
}

// NewInternOrder is the intern order of names, in the order TLC meets them: the first occurrence
// of a name counts.
func NewInternOrder(names []string) *InternOrder {
	o := &InternOrder{rank: make(map[string]int32, len(names))}
	var b strings.Builder
	var starts []int
	for _, n := range names {
		if _, ok := o.rank[n]; !ok {
			o.rank[n] = int32(len(o.rank))
			starts = append(starts, b.Len())
			b.WriteString(n)
		}
	}
	o.arena = b.String()
	o.at = make([]int32, len(o.arena))
	for i := range o.at {
		o.at[i] = -1
	}
	o.names = make([]string, len(starts))
	for r, start := range starts {
		end := len(o.arena)
		if r+1 < len(starts) {
			end = starts[r+1]
		}
		o.names[r] = o.arena[start:end]
		if start < end {
			o.at[start] = int32(r)
		}
	}
	return o
}

// rankOf is s's rank, if o ranks it: found from where s's bytes are when s is the arena's copy
// of a name (see Canonical), else looked up.
func (o *InternOrder) rankOf(s string) (int32, bool) {
	if len(s) > 0 && len(o.arena) > 0 {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		base := uintptr(unsafe.Pointer(unsafe.StringData(o.arena)))
		if p >= base && p-base < uintptr(len(o.arena)) {
			if r := o.at[p-base]; r >= 0 && len(o.names[r]) == len(s) {
				return r, true
			}
		}
	}
	r, ok := o.rank[s]
	return r, ok
}

// Canonical returns s as the current order's copy of it (the same bytes, held in its arena),
// which Compare ranks without hashing, or s when the order does not rank it.
func Canonical(s string) string {
	if o := order.Load(); o != nil {
		if r, ok := o.rank[s]; ok {
			return o.names[r]
		}
	}
	return s
}

// order is the intern order of the specification loaded last (SetOrder), by which Compare
// orders strings, model values and record fields. TLC's intern table is global to its process,
// as this is; a process checks one specification at a time (check.Check sets its
// specification's order when it starts and fails if another load changed it before the end),
// and the values of one specification are not used with another's.
var order atomic.Pointer[InternOrder]

// SetOrder makes o the order of strings, model values and record field names (nil: by their
// bytes). Values built under another order are not sorted in this one: call it before building
// the values of a specification, and rebuild those built before with Reorder.
func SetOrder(o *InternOrder) { order.Store(o) }

// CurrentOrder is the order SetOrder set last (nil: by their bytes).
func CurrentOrder() *InternOrder { return order.Load() }

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
	ra, oka := o.rankOf(a)
	rb, okb := o.rankOf(b)
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

// CompareNames orders two record field names (or strings, or model value names) as a record
// holds its fields: by the current intern order (see InternOrder).
func CompareNames(a, b string) int { return compareStrings(a, b) }

// Reorder returns v rebuilt in the current order: its sets, records and functions sorted again,
// its strings and model values the order's copies (Canonical), for a value built before SetOrder
// (a configuration's constants). Lazy values are returned as they are.
func Reorder(v Value) (Value, error) {
	switch x := v.(type) {
	case Str:
		return Str(Canonical(string(x))), nil
	case ModelValue:
		return ModelValue{Name: Canonical(x.Name)}, nil
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
