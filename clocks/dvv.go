package clocks

import (
	"errors"
	"math"
	"sort"
)

// ErrDVVOverflow is returned when a node's DVV counter would pass the largest uint64.
var ErrDVVOverflow = errors.New("clocks: DVV counter overflows uint64")

// DVVSet is a dotted version vector set (Almeida, Baquero et al.; the form Riak uses) holding
// the current siblings of one replicated key. For each node it keeps a counter n and the values
// written at that node that no later write has overwritten, newest first: the value at list
// position i carries the dot (node, n-i). Dots at or below n minus the list length were seen
// and overwritten. The zero value is the empty set, with no values and an empty context.
//
// A write supplies the context it read (a version vector); every value whose dot the context
// covers is overwritten, every other value survives as a concurrent sibling.
//
// Implements DVV-1.
type DVVSet[V any] struct {
	entries []dvvEntry[V] // sorted by node, strictly ascending
}

type dvvEntry[V any] struct {
	node    string
	counter uint64
	values  []V // newest first: values[i] has dot (node, counter-i); len(values) <= counter
}

// Join returns the causal context of the set: the version vector of everything it has seen,
// each node's counter. A client reads Values and Join together and passes the context back to
// Update, so the new value overwrites exactly what the client saw. (Riak's dvvset:join.)
//
// Implements DVV-4.
func (s *DVVSet[V]) Join() Vector {
	var v Vector
	for _, e := range s.entries {
		if e.counter != 0 {
			v.entries = append(v.entries, newSlot(e.node, e.counter))
		}
	}
	return v
}

// Values returns the current siblings: by node in ascending ID order, newest first within a
// node.
//
// Implements DVV-5.
func (s *DVVSet[V]) Values() []V {
	var out []V
	for _, e := range s.entries {
		out = append(out, e.values...)
	}
	return out
}

// Len returns the number of siblings.
func (s *DVVSet[V]) Len() int {
	n := 0
	for _, e := range s.entries {
		n += len(e.values)
	}
	return n
}

// Update records a write of value, coordinated by node, from a client that had read context
// (the Join of some earlier state; the empty Vector for a blind write). Values whose dots
// context covers are overwritten; the new value gets the dot (node, n+1), where n is the
// largest counter for node in the set or the context.
//
// Implements DVV-2.
func (s *DVVSet[V]) Update(context Vector, node string, value V) error {
	if node == "" {
		return errors.New("clocks: DVV update with an empty node ID")
	}
	if c := max(context.Get(node), s.counter(node)); c == math.MaxUint64 {
		return ErrDVVOverflow
	}
	// Sync the context, as a set with no values, into s: it discards covered values and
	// raises counters to what the client saw.
	var seen DVVSet[V]
	for _, e := range context.entries {
		seen.entries = append(seen.entries, dvvEntry[V]{node: e.Node, counter: e.Counter})
	}
	s.Sync(&seen)
	i := s.search(node)
	if i == len(s.entries) || s.entries[i].node != node {
		s.entries = append(s.entries, dvvEntry[V]{})
		copy(s.entries[i+1:], s.entries[i:])
		s.entries[i] = dvvEntry[V]{node: node}
	}
	e := &s.entries[i]
	e.counter++
	e.values = append([]V{value}, e.values...)
	return nil
}

// Sync merges other into s, as anti-entropy between two replicas does: the result has every
// value of either side that the other side has not overwritten. other is not modified.
//
// Implements DVV-3.
func (s *DVVSet[V]) Sync(other *DVVSet[V]) {
	a, b := s.entries, other.entries
	merged := make([]dvvEntry[V], 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].node < b[j].node:
			merged = append(merged, a[i])
			i++
		case i == len(a) || b[j].node < a[i].node:
			merged = append(merged, b[j].clone())
			j++
		default:
			merged = append(merged, syncEntry(a[i], b[j]))
			i++
			j++
		}
	}
	s.entries = merged
}

// syncEntry merges two entries for the same node. A value with dot k survives unless a side
// has seen k (k <= n) without keeping it (k <= n - len(values)); dots are unique, so the two
// sides agree on every value they both hold.
func syncEntry[V any](x, y dvvEntry[V]) dvvEntry[V] {
	if x.counter < y.counter {
		x, y = y, x
	}
	// x has the larger counter, so it holds every surviving value; drop the oldest ones that
	// y has seen and overwritten.
	floor := max(x.counter-uint64(len(x.values)), y.counter-uint64(len(y.values)))
	keep := x.counter - floor
	return dvvEntry[V]{node: x.node, counter: x.counter, values: append([]V(nil), x.values[:keep]...)}
}

// Reconcile collapses the siblings into one value chosen by merge (for example a set union or
// a string join), written as a new event at node that overwrites every current sibling. With no
// siblings it does nothing.
//
// Implements DVV-6.
func (s *DVVSet[V]) Reconcile(node string, merge func(siblings []V) V) error {
	values := s.Values()
	if len(values) == 0 {
		return nil
	}
	return s.Update(s.Join(), node, merge(values))
}

// LWW resolves the siblings by last writer wins: the greatest sibling under less (for example
// by an HLC timestamp stored in the value) is written again as a new event at node, overwriting
// every current sibling, and returned. Rewriting it under a fresh dot, rather than keeping one
// of the old dots, keeps dots unique: two replicas resolving differently can never produce two
// values with the same dot. ok is false, and nothing changes, when there are no siblings.
//
// Implements DVV-7.
func (s *DVVSet[V]) LWW(node string, less func(a, b V) bool) (winner V, ok bool, err error) {
	for _, v := range s.Values() {
		if !ok || less(winner, v) {
			winner, ok = v, true
		}
	}
	if !ok {
		return winner, false, nil
	}
	if err := s.Update(s.Join(), node, winner); err != nil {
		return winner, false, err
	}
	return winner, true, nil
}

func (s *DVVSet[V]) counter(node string) uint64 {
	i := s.search(node)
	if i < len(s.entries) && s.entries[i].node == node {
		return s.entries[i].counter
	}
	return 0
}

func (s *DVVSet[V]) search(node string) int {
	return sort.Search(len(s.entries), func(i int) bool { return s.entries[i].node >= node })
}

func (e dvvEntry[V]) clone() dvvEntry[V] {
	e.values = append([]V(nil), e.values...)
	return e
}

// Clone returns a deep copy of s (values themselves are copied by assignment).
func (s *DVVSet[V]) Clone() *DVVSet[V] {
	c := &DVVSet[V]{entries: make([]dvvEntry[V], len(s.entries))}
	for i, e := range s.entries {
		c.entries[i] = e.clone()
	}
	return c
}
