package clocks

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
)

// ErrVectorOverflow is returned by Tick when the node's counter is already the largest uint64.
var ErrVectorOverflow = errors.New("clocks: vector clock counter overflows uint64")

// Entry is one node's counter in a vector clock.
type Entry struct {
	Node    string
	Counter uint64
}

// Vector is a sparse vector clock over string node IDs with implicit-zero semantics: a node
// with no entry has counter 0, so {a:1} and {a:1, b:0} are the same clock. The zero value is
// the empty clock, in which every counter is 0.
//
// Entries are kept sorted by node ID and never hold a zero counter, so every clock has exactly
// one representation and Compare is a single merge-walk of two sorted lists.
//
// Like a slice, a Vector copied by assignment shares its storage with the original, and Tick or
// Merge on one may change the other; Clone a clock before changing a copy of it.
//
// Implements VC-1.
type Vector struct {
	entries []slot // sorted by Node, strictly ascending; no Counter is 0
}

// slot is an Entry with a sort key: the node ID's first eight bytes, big-endian and padded
// with zeros. Different keys order exactly as the IDs do, and equal keys with equal lengths of
// at most eight mean equal IDs, so Compare and Merge rarely need to compare strings.
type slot struct {
	Entry
	key uint64
}

func newSlot(node string, counter uint64) slot {
	return slot{Entry: Entry{Node: node, Counter: counter}, key: nodeKey(node)}
}

func nodeKey(node string) uint64 {
	var b [8]byte
	copy(b[:], node)
	return binary.BigEndian.Uint64(b[:])
}

func nodeKeyBytes(node []byte) uint64 {
	if len(node) >= 8 {
		return binary.BigEndian.Uint64(node)
	}
	var b [8]byte
	copy(b[:], node)
	return binary.BigEndian.Uint64(b[:])
}

// sameNode reports whether x and y hold the same node ID.
func sameNode(x, y *slot) bool {
	return x.key == y.key && len(x.Node) == len(y.Node) && (len(x.Node) <= 8 || x.Node[8:] == y.Node[8:])
}

// nodeBefore reports whether x's node ID sorts before y's.
func nodeBefore(x, y *slot) bool {
	if x.key != y.key {
		return x.key < y.key
	}
	return x.Node < y.Node
}

// NewVector returns the clock with the given counters. Zero counters are dropped (they equal a
// missing entry); an empty node ID is an error.
func NewVector(counters map[string]uint64) (Vector, error) {
	entries := make([]slot, 0, len(counters))
	for node, n := range counters {
		if node == "" {
			return Vector{}, errors.New("clocks: vector clock entry has an empty node ID")
		}
		if n != 0 {
			entries = append(entries, newSlot(node, n))
		}
	}
	sortEntries(entries)
	return Vector{entries: entries}, nil
}

// Get returns node's counter, 0 if the clock has no entry for it.
//
// Implements VC-1.
func (v Vector) Get(node string) uint64 {
	i, found := v.search(node)
	if !found {
		return 0
	}
	return v.entries[i].Counter
}

// Len returns the number of nodes with a non-zero counter.
func (v Vector) Len() int { return len(v.entries) }

// Entries returns a copy of the non-zero entries, sorted by node ID.
func (v Vector) Entries() []Entry {
	out := make([]Entry, len(v.entries))
	for i, e := range v.entries {
		out[i] = e.Entry
	}
	return out
}

// Clone returns a copy of v that shares no memory with it.
func (v Vector) Clone() Vector {
	if len(v.entries) == 0 {
		return Vector{}
	}
	return Vector{entries: append([]slot(nil), v.entries...)}
}

// Tick increments node's counter, recording an event at node (TLA+ action Tick, and the
// send half of Send).
//
// Implements VC-2.
func (v *Vector) Tick(node string) error {
	if node == "" {
		return errors.New("clocks: vector clock Tick with an empty node ID")
	}
	i, found := v.search(node)
	if found {
		if v.entries[i].Counter == math.MaxUint64 {
			return ErrVectorOverflow
		}
		v.entries[i].Counter++
		return nil
	}
	v.entries = append(v.entries, slot{})
	copy(v.entries[i+1:], v.entries[i:])
	v.entries[i] = newSlot(node, 1)
	return nil
}

// Merge sets every counter of v to the larger of its own and other's (the receive half of the
// TLA+ action Receive; the receiver then Ticks).
//
// Implements VC-3.
func (v *Vector) Merge(other Vector) {
	a, b := v.entries, other.entries
	if len(b) == 0 {
		return
	}
	// Fast path: same node set, update in place without allocating.
	if len(a) == len(b) {
		same := true
		for i := range a {
			if !sameNode(&a[i], &b[i]) {
				same = false
				break
			}
		}
		if same {
			for i := range a {
				a[i].Counter = max(a[i].Counter, b[i].Counter)
			}
			return
		}
	}
	merged := make([]slot, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case sameNode(&a[i], &b[j]):
			m := a[i]
			m.Counter = max(a[i].Counter, b[j].Counter)
			merged = append(merged, m)
			i++
			j++
		case nodeBefore(&a[i], &b[j]):
			merged = append(merged, a[i])
			i++
		default:
			merged = append(merged, b[j])
			j++
		}
	}
	merged = append(merged, a[i:]...)
	merged = append(merged, b[j:]...)
	v.entries = merged
}

// Merged returns the pointwise maximum of a and b without modifying either.
//
// Implements VC-3.
func Merged(a, b Vector) Vector {
	m := a.Clone()
	m.Merge(b)
	return m
}

// Compare returns how v relates to w: Equal if every counter matches, Before if no counter of
// v exceeds w's and some is smaller, After in the mirror case, Concurrent otherwise. Missing
// entries count as 0 on both sides.
//
// Implements VC-4.
func (v Vector) Compare(w Vector) Ordering {
	a, b := v.entries, w.entries
	less, greater := false, false
	// Clocks compared in practice mostly list the same nodes: walk the common prefix of equal
	// node IDs in lock step first, with no ordering test on the IDs.
	n := min(len(a), len(b))
	i := 0
	for ; i < n; i++ {
		x, y := &a[i], &b[i]
		if !sameNode(x, y) {
			break
		}
		if x.Counter < y.Counter {
			less = true
		}
		if x.Counter > y.Counter {
			greater = true
		}
	}
	if less && greater {
		return Concurrent
	}
	// Then the general merge-walk of two sorted lists from where the node IDs diverge.
	j := i
	for i < len(a) && j < len(b) {
		x, y := &a[i], &b[j]
		if sameNode(x, y) {
			if x.Counter < y.Counter {
				less = true
			} else if x.Counter > y.Counter {
				greater = true
			}
			i++
			j++
		} else if nodeBefore(x, y) {
			greater = true // v has a non-zero counter where w has an implicit 0
			i++
		} else {
			less = true
			j++
		}
		if less && greater {
			return Concurrent
		}
	}
	if i < len(a) {
		greater = true
	}
	if j < len(b) {
		less = true
	}
	return orderingOf(less, greater)
}

// String returns the clock as {node:counter ...} with nodes in ascending order, for example
// "{a:1 b:3}"; the empty clock is "{}". Node IDs that are not plain words are quoted as Go
// strings, so the output is unambiguous.
//
// Implements VC-6.
func (v Vector) String() string {
	var sb strings.Builder
	sb.WriteByte('{')
	for i, e := range v.entries {
		if i > 0 {
			sb.WriteByte(' ')
		}
		if isPlainNode(e.Node) {
			sb.WriteString(e.Node)
		} else {
			sb.WriteString(strconv.Quote(e.Node))
		}
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatUint(e.Counter, 10))
	}
	sb.WriteByte('}')
	return sb.String()
}

func isPlainNode(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return s != ""
}

// search returns the index of node in v.entries, or the index where it would be inserted.
func (v Vector) search(node string) (int, bool) {
	lo, hi := 0, len(v.entries)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if v.entries[mid].Node < node {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(v.entries) && v.entries[lo].Node == node
}

func sortEntries(entries []slot) {
	sort.Slice(entries, func(i, j int) bool { return nodeBefore(&entries[i], &entries[j]) })
}
