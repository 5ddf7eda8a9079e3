package value

// The orders below are the ones TLC lists a value's parts in, for writers of other formats: the
// Json module's ToJson and JsonSerialize (tlc2.module.Json.getObjectNode writes a record's fields
// in the order of its names array, getArrayNode(SetEnumValue) a set's elements after
// SetEnumValue.normalize), and -dumpTrace json. Values are held in TLC's order (see InternOrder),
// so each is the order the value holds its parts in.

// TLCFieldOrder returns the indices of r's fields (Names) in TLC's order.
func TLCFieldOrder(r *Record) []int { return identity(len(r.names)) }

// TLCDomainOrder returns the indices of f's domain elements (DomainAt) in TLC's order.
func TLCDomainOrder(f *Func) []int { return identity(len(f.domain.elems)) }

// TLCElems returns the elements of s in TLC's order: s's own slice.
func TLCElems(s *Set) []Value { return s.elems }

func identity(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
