package sim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// PartitionShape names a way of cutting the network.
type PartitionShape int

const (
	// IsolateOne cuts one node off from every other node, both ways.
	IsolateOne PartitionShape = iota
	// MinorityMajority splits the nodes into a minority and a majority side.
	MinorityMajority
	// MajoritiesRing arranges the nodes in a ring where each node reaches only its nearest
	// neighbours, so every node sees a majority but no two majorities agree (Jepsen's
	// "majorities ring").
	MajoritiesRing
	// Bridge splits the nodes into two sides plus one node that reaches both.
	Bridge
	// Asymmetric drops messages in one direction only: from one node to a set of others.
	Asymmetric
	numPartitionShapes
)

var partitionShapeNames = [...]string{"isolate", "split", "ring", "bridge", "asymmetric"}

func (s PartitionShape) String() string {
	if s >= 0 && int(s) < len(partitionShapeNames) {
		return partitionShapeNames[s]
	}
	return "PartitionShape(" + strconv.Itoa(int(s)) + ")"
}

// ParsePartitionShape is the inverse of PartitionShape.String.
func ParsePartitionShape(name string) (PartitionShape, error) {
	for i, n := range partitionShapeNames {
		if n == name {
			return PartitionShape(i), nil
		}
	}
	return 0, fmt.Errorf("unknown partition shape %q (want one of isolate, split, ring, bridge, asymmetric)", name)
}

// Links is a connectivity matrix: Links.Blocked(from, to) reports whether messages from one node to
// another are dropped. Node IDs are 1-based.
type Links struct {
	n       int
	blocked []bool
}

// NewLinks returns a fully connected network of n nodes.
func NewLinks(n int) Links { return Links{n: n, blocked: make([]bool, (n+1)*(n+1))} }

// Blocked reports whether messages from one node to another are dropped.
func (l Links) Blocked(from, to int) bool { return l.blocked[from*(l.n+1)+to] }

func (l Links) set(from, to int, blocked bool) { l.blocked[from*(l.n+1)+to] = blocked }

// SetBlocked blocks or unblocks messages from one node to another, for scripted scenarios.
func (l Links) SetBlocked(from, to int, blocked bool) { l.set(from, to, blocked) }

// Healed reports whether every link is up.
func (l Links) Healed() bool {
	for _, b := range l.blocked {
		if b {
			return false
		}
	}
	return true
}

// String lists the blocked directed links, for the event log.
func (l Links) String() string {
	s := ""
	for from := 1; from <= l.n; from++ {
		for to := 1; to <= l.n; to++ {
			if from != to && l.Blocked(from, to) {
				if s != "" {
					s += " "
				}
				s += strconv.Itoa(from) + ">" + strconv.Itoa(to)
			}
		}
	}
	if s == "" {
		return "healed"
	}
	return s
}

// MakePartition builds a partition of the given shape over n nodes, choosing the nodes involved with
// rng.
func MakePartition(shape PartitionShape, n int, rng *rand.Rand) Links {
	l := NewLinks(n)
	if n < 2 {
		return l // nothing to cut
	}
	perm := rng.Perm(n)
	for i := range perm {
		perm[i]++
	}
	cut := func(a, b []int) {
		for _, x := range a {
			for _, y := range b {
				l.set(x, y, true)
				l.set(y, x, true)
			}
		}
	}
	switch shape {
	case IsolateOne:
		cut(perm[:1], perm[1:])
	case MinorityMajority:
		minority := 1 + rng.IntN(max(1, (n-1)/2))
		cut(perm[:minority], perm[minority:])
	case MajoritiesRing:
		// Node perm[i] reaches the nodes within ring distance d of it, the smallest d for which
		// that is a majority (1+2d > n/2).
		d := (n/2 + 1) / 2
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				dist := (j - i + n) % n
				if dist > n-dist {
					dist = n - dist
				}
				if dist > d {
					l.set(perm[i], perm[j], true)
				}
			}
		}
	case Bridge:
		if n < 3 {
			cut(perm[:1], perm[1:])
			break
		}
		// perm[0] is the bridge; the others split in two halves that only reach the bridge.
		rest := perm[1:]
		half := len(rest) / 2
		cut(rest[:half], rest[half:])
	case Asymmetric:
		victim := perm[0]
		k := 1 + rng.IntN(n-1)
		for _, other := range perm[1 : 1+k] {
			l.set(victim, other, true)
		}
	}
	return l
}
