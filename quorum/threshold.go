package quorum

import "fmt"

// Threshold is the k-of-N system: any k members form a quorum of either kind. Two quorums
// intersect exactly when 2k > N.
//
// TLA+: AtLeast(S, k); invariant ThresholdRuleExact in tla/Quorum.tla.
//
// Implements Q-THR-1.
type Threshold struct{ counting }

// NewThreshold returns the system in which any k of members form a quorum. It fails unless
// 1 <= k <= N, and with a *DisjointError naming two disjoint quorums when 2k <= N.
func NewThreshold(k int, members Set) (*Threshold, error) {
	n := members.Len()
	t := &Threshold{counting{members: members, q1: k, q2: k}}
	if n == 0 {
		return nil, fmt.Errorf("quorum: %v: a threshold system needs at least one member", t)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("quorum: %v: k=%d is outside 1..N=%d", t, k, n)
	}
	if 2*k <= n {
		return nil, &DisjointError{System: t.String(), Reason: fmt.Sprintf("2k=%d <= N=%d", 2*k, n),
			KindA: Phase2, A: firstN(members, k), KindB: Phase2, B: lastN(members, k)}
	}
	return t, nil
}

// K returns the quorum size.
func (t *Threshold) K() int { return t.q1 }

// MustIntersect is true for every pair of kinds.
func (t *Threshold) MustIntersect(a, b Kind) bool { return true }

func (t *Threshold) String() string { return fmt.Sprintf("threshold k=%d %v", t.q1, t.members) }
