package quorum

// Majority is the majority quorum system: any floor(N/2)+1 members form a quorum of either
// kind, so any two quorums intersect. With no members, every set is a quorum (see MaxIndex).
//
// TLA+: Majority(S); invariant MajorityIntersects in tla/Quorum.tla.
//
// Implements Q-MAJ-1.
type Majority struct{ counting }

// NewMajority returns the majority system over members.
func NewMajority(members Set) *Majority {
	q := 0
	if n := members.Len(); n > 0 {
		q = n/2 + 1
	}
	return &Majority{counting{members: members, q1: q, q2: q}}
}

// Size returns the quorum size floor(N/2)+1, or 0 without members.
func (m *Majority) Size() int { return m.q1 }

// MustIntersect is true for every pair of kinds, except in the empty majority: its one quorum,
// the empty set, meets nothing.
func (m *Majority) MustIntersect(a, b Kind) bool { return m.members != 0 }

func (m *Majority) String() string { return "majority " + m.members.String() }
