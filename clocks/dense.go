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
	var entries []Entry
	for i, n := range d {
		if n != 0 {
			entries = append(entries, Entry{Node: m.ids[i], Counter: n})
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
	d = d[:len(d):len(d)]
	o := other
	x := d[:len(o)]
	for len(x) >= 4 {
		x[0] = max(x[0], o[0])
		x[1] = max(x[1], o[1])
		x[2] = max(x[2], o[2])
		x[3] = max(x[3], o[3])
		x, o = x[4:], o[4:]
	}
	for i := range x {
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
	a, b := d[:n], e[:n]
	less, greater := false, false
	for len(a) >= 8 {
		// Evaluate eight lanes without branching on each, then test once.
		l := a[0] < b[0] || a[1] < b[1] || a[2] < b[2] || a[3] < b[3] ||
			a[4] < b[4] || a[5] < b[5] || a[6] < b[6] || a[7] < b[7]
		g := a[0] > b[0] || a[1] > b[1] || a[2] > b[2] || a[3] > b[3] ||
			a[4] > b[4] || a[5] > b[5] || a[6] > b[6] || a[7] > b[7]
		less = less || l
		greater = greater || g
		if less && greater {
			return Concurrent
		}
		a, b = a[8:], b[8:]
	}
	for i := range a {
		if a[i] < b[i] {
			less = true
		} else if a[i] > b[i] {
			greater = true
		}
	}
	for _, x := range d[n:] {
		if x != 0 {
			greater = true
			break
		}
	}
	for _, y := range e[n:] {
		if y != 0 {
			less = true
			break
		}
	}
	return orderingOf(less, greater)
}

// Clone returns a copy of d.
func (d DenseVector) Clone() DenseVector { return append(DenseVector(nil), d...) }
