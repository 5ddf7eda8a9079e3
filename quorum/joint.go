package quorum

import "fmt"

// Joint is the joint configuration of Raft's membership changes (Ongaro's thesis, §4.3): a
// quorum of the joint system is a set that holds a quorum of the old configuration and a quorum
// of the new one. A half with no members imposes nothing (by the empty-majority convention), so
// "majority {0-2} & majority {}" behaves exactly like "majority {0-2}".
//
// TLA+: Joint(old, new); invariants JointIntersects, JointEmptyHalf in tla/Quorum.tla.
//
// Implements Q-JOINT-1.
type Joint struct {
	old, new System
}

// NewJoint returns the joint system of old and new. The halves may share members.
func NewJoint(old, new System) (*Joint, error) {
	if old == nil || new == nil {
		return nil, fmt.Errorf("quorum: joint: both halves are required (old=%v, new=%v)", old, new)
	}
	return &Joint{old: old, new: new}, nil
}

// Old returns the outgoing configuration.
func (j *Joint) Old() System { return j.old }

// New returns the incoming configuration.
func (j *Joint) New() System { return j.new }

// Members returns the members of either half.
func (j *Joint) Members() Set { return j.old.Members() | j.new.Members() }

// IsQuorum requires a quorum of kind k in each half.
//
//
func (j *Joint) IsQuorum(k Kind, s Set) bool { return j.old.IsQuorum(k, s) && j.new.IsQuorum(k, s) }

// CommittedIndex is the smaller of the halves' committed indexes: an index is held by a joint
// quorum exactly when it is held by a quorum of each half.
//
//
func (j *Joint) CommittedIndex(acked []Index) Index {
	return min(j.old.CommittedIndex(acked), j.new.CommittedIndex(acked))
}

// VoteResult combines the halves as etcd-io/raft does: Won if both won, Lost if either lost.
// This is exact even when the halves share members, because granting every outstanding vote
// is the best completion for both halves at once.
//
//
func (j *Joint) VoteResult(granted, rejected Set) VoteResult {
	a, b := j.old.VoteResult(granted, rejected), j.new.VoteResult(granted, rejected)
	switch {
	case a == Won && b == Won:
		return Won
	case a == Lost || b == Lost:
		return Lost
	}
	return Pending
}

// FaultTolerance is the smaller tolerance of the non-empty halves: failures defeat the joint
// system exactly when they defeat one half.
//
//
func (j *Joint) FaultTolerance() int {
	switch {
	case j.old.Members() == 0:
		return j.new.FaultTolerance()
	case j.new.Members() == 0:
		return j.old.FaultTolerance()
	}
	return min(j.old.FaultTolerance(), j.new.FaultTolerance())
}

// MustIntersect holds when it holds in a non-empty half: a joint quorum contains a quorum of
// each half.
func (j *Joint) MustIntersect(a, b Kind) bool {
	oldHas := j.old.Members() != 0 && j.old.MustIntersect(a, b)
	newHas := j.new.Members() != 0 && j.new.MustIntersect(a, b)
	return oldHas || newHas
}

func (j *Joint) String() string { return j.old.String() + " & " + j.new.String() }
