package quorum_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/dsref/dsref/quorum"
)

// A three-member majority: any two members form a quorum.
//
// Tests Q-MAJ-1, Q-4, Q-5, Q-6.
func ExampleNewMajority() {
	m := quorum.NewMajority(quorum.Range(0, 3))
	granted, _ := quorum.NewSet(0)
	rejected, _ := quorum.NewSet(1)

	fmt.Println(m, "quorum size", m.Size())
	fmt.Println("committed:", m.CommittedIndex([]quorum.Index{5, 7, 3}))
	fmt.Println("vote:", m.VoteResult(granted, rejected))
	fmt.Println("tolerates", m.FaultTolerance(), "failure")
	// Output:
	// majority {0-2} quorum size 2
	// committed: 5
	// vote: pending
	// tolerates 1 failure
}

// Raft's joint consensus: moving from {0,1,2} to {2,3,4} needs a majority of both.
//
// Tests Q-JOINT-1.
func ExampleNewJoint() {
	joint, _ := quorum.NewJoint(quorum.NewMajority(quorum.Range(0, 3)), quorum.NewMajority(quorum.Range(2, 5)))
	acked := []quorum.Index{9, 9, 4, 2, 1}
	fmt.Println(joint.CommittedIndex(acked)) // old half: 9; new half: 2

	empty, _ := quorum.NewJoint(quorum.NewMajority(quorum.Range(0, 3)), quorum.NewMajority(0))
	fmt.Println(empty.CommittedIndex(acked)) // the empty half imposes nothing
	// Output:
	// 2
	// 9
}

// Flexible Paxos with |Q1| + |Q2| <= N is rejected, naming two quorums that miss each other.
//
// Tests Q-7, Q-FLEX-1.
func ExampleNewFlexible() {
	_, err := quorum.NewFlexible(2, 3, quorum.Range(0, 5))
	fmt.Println(err)
	var disjoint *quorum.DisjointError
	if errors.As(err, &disjoint) {
		fmt.Println(disjoint.A, disjoint.B)
	}
	f, _ := quorum.NewFlexible(4, 2, quorum.Range(0, 5))
	fmt.Println(f, "tolerates", f.FaultTolerance())
	// Output:
	// quorum: flexible q1=2 q2=3 {0-4}: q1+q2=5 <= N=5: phase-1 quorum {0,1} and phase-2 quorum {2-4} are disjoint
	// {0,1} {2-4}
	// flexible q1=4 q2=2 {0-4} tolerates 1
}

// Gifford's weighted voting, checked exhaustively.
//
// Tests Q-8, Q-W-1.
func ExampleCheckIntersection() {
	w, err := quorum.NewWeighted(3, 3, quorum.Range(0, 4), []int{2, 1, 1, 1})
	fmt.Println(w, err)
	fmt.Println(quorum.CheckIntersection(w))
	minimal, _ := quorum.MinimalQuorums(w, quorum.Write)
	fmt.Println(minimal)
	// Output:
	// weighted r=3 w=3 votes=2,1,1,1 {0-3} <nil>
	// <nil>
	// [{0,1} {0,2} {0,3} {1-3}]
}

// Tests Q-9, Q-GRID-1.
func ExampleParse() {
	g, err := quorum.Parse("grid rows=3 cols=3 {0-8}")
	fmt.Println(g, err)
	fmt.Println("tolerates", g.FaultTolerance())
	row0col0, _ := quorum.NewSet(0, 1, 2, 3, 6)
	fmt.Println(g.IsQuorum(quorum.Phase1, row0col0))
	_, err = quorum.Parse("threshold k=2 {0-4}")
	fmt.Println(err)
	// Output:
	// grid rows=3 cols=3 {0-8} <nil>
	// tolerates 2
	// true
	// quorum: threshold k=2 {0-4}: 2k=4 <= N=5: phase-2 quorum {0,1} and phase-2 quorum {3,4} are disjoint
}

// Tests Q-10.
func ExampleDescribe() {
	m := quorum.NewMajority(quorum.Range(1, 4))
	fmt.Print(quorum.Describe(m, []quorum.Index{0, 10, 10, 4}))
	// Output:
	// majority {1-3}
	//      idx
	// x>    10    (id=1)
	// x>    10    (id=2)
	// >      4    (id=3)
	// committed 10
}

// Probabilistically bounded staleness for three Dynamo-style configurations: the closed form
// C(N-W,R)/C(N,R) and a seeded Monte Carlo run of 10^6 random read and write quorums. (3,1,1)
// misses the latest write 2/3 of the time, (5,2,2) 3/10, and (3,2,2), with R+W > N, never.
// Under the WARS latency model with only write and response delays varying, a read issued
// right at commit agrees with the closed form, and a read issued long after always sees the
// write.
//
// Tests Q-PBS-1, Q-PBS-2, Q-PBS-3.
func ExampleSimulateStaleRead() {
	rng := rand.New(rand.NewPCG(1, 2))
	exp := quorum.Exponential{Mean: 5}
	wars := quorum.WARS{Write: exp, Ack: quorum.Constant(0), Read: quorum.Constant(0), Response: exp}
	for _, c := range [][3]int{{3, 1, 1}, {3, 2, 2}, {5, 2, 2}} {
		n, r, w := c[0], c[1], c[2]
		closed, _ := quorum.StaleReadProbability(n, r, w)
		mc, _ := quorum.SimulateStaleRead(n, r, w, 1_000_000, rng)
		now, _ := quorum.TVisibility(n, r, w, wars, 0, 1_000_000, rng)
		later, _ := quorum.TVisibility(n, r, w, wars, 1000, 10_000, rng)
		fmt.Printf("N=%d R=%d W=%d: stale %.1f%% closed form, %.0f%% Monte Carlo; visible at t=0 %.0f%%, t=1000 %.0f%%\n",
			n, r, w, 100*closed, 100*mc, 100*now, 100*later)
	}
	// Output:
	// N=3 R=1 W=1: stale 66.7% closed form, 67% Monte Carlo; visible at t=0 33%, t=1000 100%
	// N=3 R=2 W=2: stale 0.0% closed form, 0% Monte Carlo; visible at t=0 100%, t=1000 100%
	// N=5 R=2 W=2: stale 30.0% closed form, 30% Monte Carlo; visible at t=0 70%, t=1000 100%
}

// One home replica and one fallback, each unreachable half the time from any coordinator.
// Strict quorums are available only when both operations reach the home: 25%. Sloppy quorums
// need any node: (1 - 1/4)^2 = 56%, but a write and a read then land on different nodes with
// probability 2·(2/3)·(1/3) = 44% and, without hinted handoff in between, the read is stale.
//
// Tests Q-PBS-4.
func ExampleSimulateSloppy() {
	m := quorum.SloppyModel{N: 1, R: 1, W: 1, Fallbacks: 1, Unreachable: 0.5}
	res, _ := quorum.SimulateSloppy(m, 1_000_000, rand.New(rand.NewPCG(3, 4)))
	fmt.Printf("strict: available %.0f%%, stale %.0f%%\n", 100*res.StrictAvailable, 100*res.StrictStale)
	fmt.Printf("sloppy: available %.0f%%, stale %.0f%%\n", 100*res.SloppyAvailable, 100*res.SloppyStale)
	// Output:
	// strict: available 25%, stale 0%
	// sloppy: available 56%, stale 44%
}
