package value

// The orders below are the ones Pretty and TLCString print in (see InternOrder), for writers of
// other formats that must list a value's parts in TLC's order: the Json module's ToJson and
// JsonSerialize (tlc2.module.Json.getObjectNode writes a record's fields in the order of its
// names array, getArrayNode(SetEnumValue) a set's elements after SetEnumValue.normalize), and
// -dumpTrace json. Without a print order (SetPrintOrder(nil)) they are the canonical order.

// TLCFieldOrder returns the indices of r's fields (Names) in TLC's order.
func TLCFieldOrder(r *Record) []int {
	if o := printOrder.Load(); o != nil {
		return o.fieldOrder(r)
	}
	idx := make([]int, len(r.names))
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// TLCDomainOrder returns the indices of f's domain elements (DomainAt) in TLC's order.
func TLCDomainOrder(f *Func) []int {
	if o := printOrder.Load(); o != nil {
		return o.domainOrder(f)
	}
	idx := make([]int, len(f.domain.elems))
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// TLCElems returns the elements of s in TLC's order (s's own slice when that is the canonical
// order).
func TLCElems(s *Set) []Value {
	if o := printOrder.Load(); o != nil {
		return o.sorted(s.elems)
	}
	return s.elems
}
