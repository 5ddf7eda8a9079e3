package quorum

import "fmt"

// ReadWrite is the Dynamo-style (N, R, W) system: a read waits for R replicas, a write for W.
// A read sees the latest acknowledged write exactly when every read quorum meets every write
// quorum, R + W > N. Reads are Phase1 quorums (Read) and writes Phase2 (Write); writes need not
// meet each other, since versions order concurrent writes. For R + W <= N, which gives only
// probabilistic guarantees, use the PBS functions instead of a System.
//
// TLA+: AtLeast(S, k); invariant PhaseRuleExact in tla/Quorum.tla.
//
// Implements Q-RW-1.
type ReadWrite struct{ counting }

// NewReadWrite returns the (N, R, W) system over members (N = members.Len()). It fails unless
// 1 <= R, W <= N, and with a *DisjointError naming a disjoint read and write quorum when
// R + W <= N.
func NewReadWrite(r, w int, members Set) (*ReadWrite, error) {
	s := &ReadWrite{counting{members: members, q1: r, q2: w}}
	if err := checkCounts(s, "r", r, "w", w, members); err != nil {
		return nil, err
	}
	return s, nil
}

// R returns the read quorum size.
func (s *ReadWrite) R() int { return s.q1 }

// W returns the write quorum size.
func (s *ReadWrite) W() int { return s.q2 }

// MustIntersect holds only between a read and a write quorum.
func (s *ReadWrite) MustIntersect(a, b Kind) bool { return a != b }

func (s *ReadWrite) String() string {
	return fmt.Sprintf("readwrite r=%d w=%d %v", s.q1, s.q2, s.members)
}
