package value

import "unsafe"

// Short tuples and records are allocated in one piece with their elements.
//
// A Tuple is a slice, so making it a Value boxes its slice header: building <<a, b>> cost two
// allocations, the elements and the box (a model checker builds tuples in every state: half the
// bytes MCPaxos allocated). MakeTuple allocates the header and the elements together and makes
// the Value point at that header, as the conversion would at its own copy. A record, a pointer,
// needs no box, but its values slice was a second allocation too (Record.Blank).

// tupleTab is the method table of Tuple as a Value, the first word of every Value holding a
// Tuple; MakeTuple pairs it with a header of its own.
var tupleTab = func() unsafe.Pointer {
	var v Value = Tuple{}
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[0]
}()

// emptyTuple is <<>> as a Value, shared.
var emptyTuple Value = Tuple{}

// MakeTuple returns a sequence of n elements for the caller to fill, and the Value holding it.
// The caller must fill t before the Value is used, and not change it afterwards.
func MakeTuple(n int) (v Value, t Tuple) {
	var hdr *Tuple
	switch n {
	case 0:
		return emptyTuple, Tuple{}
	case 1:
		b := new(struct {
			h Tuple
			e [1]Value
		})
		t, hdr = b.e[:], &b.h
	case 2:
		b := new(struct {
			h Tuple
			e [2]Value
		})
		t, hdr = b.e[:], &b.h
	case 3:
		b := new(struct {
			h Tuple
			e [3]Value
		})
		t, hdr = b.e[:], &b.h
	case 4:
		b := new(struct {
			h Tuple
			e [4]Value
		})
		t, hdr = b.e[:], &b.h
	case 5:
		b := new(struct {
			h Tuple
			e [5]Value
		})
		t, hdr = b.e[:], &b.h
	case 6:
		b := new(struct {
			h Tuple
			e [6]Value
		})
		t, hdr = b.e[:], &b.h
	default:
		t = make(Tuple, n)
		return t, t
	}
	*hdr = t
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	w[0], w[1] = tupleTab, unsafe.Pointer(hdr)
	return v, t
}

// TupleIn returns the Value holding the tuple *hdr, referring to hdr rather than copying it, as
// MakeTuple's Value refers to the header allocated with the elements: a caller that builds
// short-lived tuples in one header of its own, such as the element of a membership test,
// allocates nothing for them. The caller must not change *hdr or its elements while the Value is
// in use, nor let anything keep the Value.
func TupleIn(hdr *Tuple) Value {
	if len(*hdr) == 0 {
		return emptyTuple
	}
	var v Value
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	w[0], w[1] = tupleTab, unsafe.Pointer(hdr)
	return v
}

// Blank returns a record with r's fields and no values yet, and its values slice for the
// caller to fill in the order of r's names (before the record is used, never after), allocated
// together for records of up to eight fields.
func (r *Record) Blank() (*Record, []Value) {
	var rec *Record
	var vals []Value
	switch len(r.names) {
	case 1:
		b := new(struct {
			r Record
			e [1]Value
		})
		rec, vals = &b.r, b.e[:]
	case 2:
		b := new(struct {
			r Record
			e [2]Value
		})
		rec, vals = &b.r, b.e[:]
	case 3:
		b := new(struct {
			r Record
			e [3]Value
		})
		rec, vals = &b.r, b.e[:]
	case 4:
		b := new(struct {
			r Record
			e [4]Value
		})
		rec, vals = &b.r, b.e[:]
	case 5:
		b := new(struct {
			r Record
			e [5]Value
		})
		rec, vals = &b.r, b.e[:]
	case 6:
		b := new(struct {
			r Record
			e [6]Value
		})
		rec, vals = &b.r, b.e[:]
	case 7:
		b := new(struct {
			r Record
			e [7]Value
		})
		rec, vals = &b.r, b.e[:]
	case 8:
		b := new(struct {
			r Record
			e [8]Value
		})
		rec, vals = &b.r, b.e[:]
	default:
		rec, vals = new(Record), make([]Value, len(r.names))
	}
	rec.names, rec.values = r.names, vals
	return rec, vals
}

// blank returns a function with f's domain and no values yet, and its values slice for the
// caller to fill in the order of the domain (before the function is used, never after),
// allocated together for domains of up to eight elements: [f EXCEPT ![a] = e] on a function of
// the acceptors or servers of a model builds one in almost every step.
func (f *Func) blank() (*Func, []Value) {
	var fn *Func
	var vals []Value
	switch len(f.vals) {
	case 1:
		b := new(struct {
			f Func
			e [1]Value
		})
		fn, vals = &b.f, b.e[:]
	case 2:
		b := new(struct {
			f Func
			e [2]Value
		})
		fn, vals = &b.f, b.e[:]
	case 3:
		b := new(struct {
			f Func
			e [3]Value
		})
		fn, vals = &b.f, b.e[:]
	case 4:
		b := new(struct {
			f Func
			e [4]Value
		})
		fn, vals = &b.f, b.e[:]
	case 5:
		b := new(struct {
			f Func
			e [5]Value
		})
		fn, vals = &b.f, b.e[:]
	case 6:
		b := new(struct {
			f Func
			e [6]Value
		})
		fn, vals = &b.f, b.e[:]
	case 7:
		b := new(struct {
			f Func
			e [7]Value
		})
		fn, vals = &b.f, b.e[:]
	case 8:
		b := new(struct {
			f Func
			e [8]Value
		})
		fn, vals = &b.f, b.e[:]
	default:
		fn, vals = new(Func), make([]Value, len(f.vals))
	}
	fn.domain.elems, fn.vals = f.domain.elems, vals
	return fn, vals
}

// setOf returns the set of elems, normalized, sorted and distinct, in a copy of its own
// allocated with the set for up to eight elements: the caller's slice may be a buffer it reuses.
func setOf(elems []Value) *Set {
	set, out := makeSet(len(elems))
	copy(out, elems)
	return set
}

// makeSet returns a set of n elements for the caller to fill, in order, before the set is used
// (never after), and its elements slice, allocated with the set for up to eight elements.
func makeSet(n int) (*Set, []Value) {
	var set *Set
	var out []Value
	switch n {
	case 1:
		b := new(struct {
			s Set
			e [1]Value
		})
		set, out = &b.s, b.e[:]
	case 2:
		b := new(struct {
			s Set
			e [2]Value
		})
		set, out = &b.s, b.e[:]
	case 3:
		b := new(struct {
			s Set
			e [3]Value
		})
		set, out = &b.s, b.e[:]
	case 4:
		b := new(struct {
			s Set
			e [4]Value
		})
		set, out = &b.s, b.e[:]
	case 5:
		b := new(struct {
			s Set
			e [5]Value
		})
		set, out = &b.s, b.e[:]
	case 6:
		b := new(struct {
			s Set
			e [6]Value
		})
		set, out = &b.s, b.e[:]
	case 7:
		b := new(struct {
			s Set
			e [7]Value
		})
		set, out = &b.s, b.e[:]
	case 8:
		b := new(struct {
			s Set
			e [8]Value
		})
		set, out = &b.s, b.e[:]
	default:
		set, out = new(Set), make([]Value, n)
	}
	set.elems = out
	return set, out
}
