package paxos

import "fmt"

// Quorums gives the phase-1 and phase-2 quorum sizes over N acceptors. Flexible Paxos
// (Howard, Malkhi, Spiegelman 2016) only needs every phase-1 quorum to intersect every
// phase-2 quorum, which for "any Q acceptors" quorums is Phase1+Phase2 > N. Zero means a
// majority (N/2+1).
type Quorums struct {
	Phase1 int
	Phase2 int
}

// Majority returns the smallest majority of n acceptors.
func Majority(n int) int { return n/2 + 1 }

// resolve fills in defaults and checks the intersection requirement for n acceptors.
//
// Implements FPAXOS-1, FPAXOS-2.
func (q Quorums) resolve(n int) (Quorums, error) {
	if q.Phase1 == 0 {
		q.Phase1 = Majority(n)
	}
	if q.Phase2 == 0 {
		q.Phase2 = Majority(n)
	}
	if q.Phase1 < 1 || q.Phase1 > n {
		return q, fmt.Errorf("paxos: config: phase-1 quorum %d out of range 1..%d", q.Phase1, n)
	}
	if q.Phase2 < 1 || q.Phase2 > n {
		return q, fmt.Errorf("paxos: config: phase-2 quorum %d out of range 1..%d", q.Phase2, n)
	}
	if q.Phase1+q.Phase2 <= n {
		return q, fmt.Errorf("paxos: config: quorums do not intersect: phase-1 %d + phase-2 %d <= %d acceptors (need |Q1|+|Q2| > N)",
			q.Phase1, q.Phase2, n)
	}
	return q, nil
}
