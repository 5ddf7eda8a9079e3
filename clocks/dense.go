package clocks

import (
	"fmt"
	"math"
)

// Members is a fixed, ordered list of node IDs. It maps each node to an index so that vector
// clocks over a known membership can be stored densely as a []uint64.
type Members struct {
	ids   []string
	index map[string]int
}

// NewMembers returns the membership ids, in the given order. Empty or duplicate IDs are an
// error.
//
// Implements VC-10.
func NewMembers(ids ...string) (*Members, error) {
	m := &Members{ids: append([]string(nil), ids...), index: make(map[string]int, len(ids))}
	for i, id := range ids {
		if id == "" {
			return nil, fmt.Errorf("clocks: member %d has an empty node ID", i)
		}
		if j, dup := m.index[id]; dup {
			return nil, fmt.Errorf("clocks: node ID %q is listed twice (members %d and %d)", id, j, i)
		}
		m.index[id] = i
	}
	return m, nil
}

// Len returns the number of members.
func (m *Members) Len() int { return len(m.ids) }

// ID returns the node ID at index i.
func (m *Members) ID(i int) string { return m.ids[i] }

// Index returns node's index and whether it is a member.
func (m *Members) Index(node string) (int, bool) {
	i, ok := m.index[node]
	return i, ok
}

// NewDense returns a zeroed dense clock with one counter per member.
func (m *Members) NewDense() DenseVector { return make(DenseVector, len(m.ids)) }

// Dense converts a sparse clock to the dense form. A node of v that is not a member is an
// error, since the dense form could not represent it.
//
// Implements VC-10.
func (m *Members) Dense(v Vector) (DenseVector, error) {
	d := m.NewDense()
	for _, e := range v.entries {
		i, ok := m.index[e.Node]
		if !ok {
			return nil, fmt.Errorf("clocks: node %q of clock %v is not a member", e.Node, v)
		}
		d[i] = e.Counter
	}
	return d, nil
}

// Sparse converts a dense clock back to the sparse form, dropping zero counters. A dense clock
// longer than the membership is an error.
//
// Implements VC-10.
func (m *Members) Sparse(d DenseVector) (Vector, error) {
	if len(d) > len(m.ids) {
		return Vector{}, fmt.Errorf("clocks: dense clock has %d counters but there are only %d members", len(d), len(m.ids))
	}
	var entries []slot
	for i, n := range d {
		if n != 0 {
			entries = append(entries, newSlot(m.ids[i], n))
		}
	}
	sortEntries(entries)
	return Vector{entries: entries}, nil
}

// DenseVector is a vector clock over a fixed membership: counter i belongs to member i. It has
// the same implicit-zero semantics as Vector: counters past the end of a shorter slice are 0.
// Operations on equal-length dense clocks do not allocate.
//
// Implements VC-10.
type DenseVector []uint64

// Tick increments member i's counter. An index outside the clock or a counter at the largest
// uint64 is an error.
//
// Implements VC-2, VC-10.
func (d DenseVector) Tick(i int) error {
	if i < 0 || i >= len(d) {
		return fmt.Errorf("clocks: member index %d out of range [0, %d)", i, len(d))
	}
	if d[i] == math.MaxUint64 {
		return ErrVectorOverflow
	}
	d[i]++
	return nil
}

// Merge sets each counter of d to the larger of d's and other's and returns the result. Like
// append, it reuses d when other is no longer than d and otherwise returns a longer slice.
//
// Implements VC-3, VC-10.
func (d DenseVector) Merge(other DenseVector) DenseVector {
	if len(other) > len(d) {
		d = append(d, make([]uint64, len(other)-len(d))...)
	}
	x, o := d[:len(other)], other
	// Four counters per iteration, each a branch-free compare and conditional move; the
	// three-index slices let the compiler drop the bounds checks inside the block.
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, os := x[i:i+4:i+4], o[i:i+4:i+4]
		xs[0] = max(xs[0], os[0])
		xs[1] = max(xs[1], os[1])
		xs[2] = max(xs[2], os[2])
		xs[3] = max(xs[3], os[3])
	}
	for ; i < len(x); i++ {
		x[i] = max(x[i], o[i])
	}
	return d
}

// Compare returns how d relates to e, exactly as Vector.Compare does, with counters missing
// from the shorter slice counting as 0.
//
// Implements VC-4, VC-10.
func (d DenseVector) Compare(e DenseVector) Ordering {
	n := min(len(d), len(e))
	// Counters past the end of the shorter clock are compared with an implicit 0.
	greater := !allZero(d[n:])
	less := !allZero(e[n:])
	if less && greater {
		return Concurrent
	}
	return compareCounters(d[:n], e[:n], less, greater)
}

// compareCounters compares equal-length counter slices, starting from the flags already set.
func compareCounters(a, b []uint64, less, greater bool) Ordering {
	b = b[:len(a)]
	// Skip the longest run of equal blocks first: one XOR test per four counters. Clocks that
	// are in sync, or differ in a few places, spend most of the comparison here.
	i := 0
	for ; i+4 <= len(a); i += 4 {
		as, bs := a[i:i+4:i+4], b[i:i+4:i+4]
		if (as[0]^bs[0])|(as[1]^bs[1])|(as[2]^bs[2])|(as[3]^bs[3]) != 0 {
			break
		}
	}
	// Four counters per block; the compiler turns each if into a flag-setting instruction, so
	// a block has no data-dependent branches. Stop early once both flags are set.
	for ; i+4 <= len(a); i += 4 {
		as, bs := a[i:i+4:i+4], b[i:i+4:i+4]
		if as[0] < bs[0] {
			less = true
		}
		if as[0] > bs[0] {
			greater = true
		}
		if as[1] < bs[1] {
			less = true
		}
		if as[1] > bs[1] {
			greater = true
		}
		if as[2] < bs[2] {
			less = true
		}
		if as[2] > bs[2] {
			greater = true
		}
		if as[3] < bs[3] {
			less = true
		}
		if as[3] > bs[3] {
			greater = true
		}
		if less && greater {
			return Concurrent
		}
	}
	for ; i < len(a); i++ {
		if a[i] < b[i] {
			less = true
		}
		if a[i] > b[i] {
			greater = true
		}
	}
	return orderingOf(less, greater)
}

func allZero(xs []uint64) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

// Clone returns a copy of d.
func (d DenseVector) Clone() DenseVector { return append(DenseVector(nil), d...) }
