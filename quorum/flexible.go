package quorum

import "fmt"

// Flexible is the flexible Paxos system (Howard, Malkhi, Spiegelman 2016): any q1 members
// form a Phase1 quorum and any q2 members a Phase2 quorum. Only Phase1 and Phase2 quorums must
// intersect, which holds exactly when q1 + q2 > N; two Phase2 quorums may be disjoint, which is
// what lets a small Phase2 quorum replicate quickly.
//
// TLA+: AtLeast(S, k); invariants PhaseRuleExact, FlexiblePhase2MayBeDisjoint in tla/Quorum.tla.
//
// Implements Q-FLEX-1.
type Flexible struct{ counting }

// NewFlexible returns the flexible Paxos system. It fails unless 1 <= q1, q2 <= N, and with a
// *DisjointError naming a disjoint Phase1 and Phase2 quorum when q1 + q2 <= N.
func NewFlexible(q1, q2 int, members Set) (*Flexible, error) {
	f := &Flexible{counting{members: members, q1: q1, q2: q2}}
	if err := checkCounts(f, "q1", q1, "q2", q2, members); err != nil {
		return nil, err
	}
	return f, nil
}

// checkCounts validates a two-sized counting system: both sizes within 1..N and a+b > N.
func checkCounts(s System, nameA string, a int, nameB string, b int, members Set) error {
	n := members.Len()
	if n == 0 {
		return fmt.Errorf("quorum: %v: the system needs at least one member", s)
	}
	if a < 1 || a > n {
		return fmt.Errorf("quorum: %v: %s=%d is outside 1..N=%d", s, nameA, a, n)
	}
	if b < 1 || b > n {
		return fmt.Errorf("quorum: %v: %s=%d is outside 1..N=%d", s, nameB, b, n)
	}
	if a+b <= n {
		return &DisjointError{System: s.String(), Reason: fmt.Sprintf("%s+%s=%d <= N=%d", nameA, nameB, a+b, n),
			KindA: Phase1, A: firstN(members, a), KindB: Phase2, B: lastN(members, b)}
	}
	return nil
}

// Q1 returns the Phase1 quorum size.
func (f *Flexible) Q1() int { return f.q1 }

// Q2 returns the Phase2 quorum size.
func (f *Flexible) Q2() int { return f.q2 }

// MustIntersect holds only between a Phase1 and a Phase2 quorum.
func (f *Flexible) MustIntersect(a, b Kind) bool { return a != b }

func (f *Flexible) String() string {
	return fmt.Sprintf("flexible q1=%d q2=%d %v", f.q1, f.q2, f.members)
}
