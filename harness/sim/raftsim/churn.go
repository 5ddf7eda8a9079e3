package raftsim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// Membership churn: on one seed in four (bits 6-7 of the variant zero) the cluster starts with
// nodes 1..3 as its voters (the others join later) and an operator acts through the leader every
// operateEvery: it adds learners, promotes, demotes and removes members, replaces a voter through
// a joint configuration (left automatically or explicitly), and transfers leadership, under the
// seed's partitions, crashes and lost messages. Requests the leader refuses (a change pending, a
// learner not caught up) are part of the run.

// operateEvery is how often the operator acts in a churning run.
const operateEvery = 400 * time.Millisecond

// churns reports whether a run of variant changes its membership.
func churns(variant uint64) bool { return (variant>>6)&3 == 0 }

// initialVoters are the voters a churning cluster of n nodes starts with.
func initialVoters(n int) int { return min(n, 3) }

// OperateEvery implements sim.Operator.
func (Protocol) OperateEvery(variant uint64) time.Duration {
	if churns(variant) {
		return operateEvery
	}
	return 0
}

// Operate implements sim.Operator: a membership change or leadership transfer, proposed to the
// node that believes it leads, chosen among those that apply to its configuration; half the
// time a second one follows at once, which the leader must refuse while the first is not
// committed (RAFT-CONF-3).
func (Protocol) Operate(nodes []sim.Node, rng *rand.Rand) (int, string) {
	id, what := operateOnce(nodes, rng)
	if id != 0 && rng.IntN(2) == 0 {
		_, more := operateOnce(nodes, rng)
		what += "; then " + more
	}
	return id, what
}

func operateOnce(nodes []sim.Node, rng *rand.Rand) (int, string) {
	var leader *raft.RawNode
	for _, sn := range nodes {
		if sn != nil && sn.Status().Leader {
			if n, ok := sn.(interface{ rawNode() *raft.RawNode }); ok { // a wrapper may embed *Node
				leader = n.rawNode()
			}
		}
	}
	if leader == nil {
		return 0, "no leader"
	}
	st := leader.Status()
	cs := st.Config
	var outside, others []uint64
	for id := 1; id <= len(nodes); id++ {
		u := uint64(id)
		switch {
		case !slices.Contains(cs.Voters, u) && !slices.Contains(cs.VotersOutgoing, u) &&
			!slices.Contains(cs.Learners, u) && !slices.Contains(cs.LearnersNext, u):
			outside = append(outside, u)
		case u != st.ID && slices.Contains(cs.Voters, u):
			others = append(others, u)
		}
	}
	members := append(slices.Clone(cs.Voters), cs.Learners...)
	type op struct {
		what string
		do   func() error
	}
	change := func(t raft.ConfChangeTransition, singles ...raft.ConfChangeSingle) op {
		cc := raft.ConfChange{Transition: t, Changes: singles}
		return op{fmt.Sprintf("conf change %v on %v", cc, cs), func() error { return leader.ProposeConfChange(cc) }}
	}
	one := func(t raft.ConfChangeType, id uint64) raft.ConfChangeSingle {
		return raft.ConfChangeSingle{Type: t, NodeID: id}
	}
	var ops []op
	for _, id := range others {
		ops = append(ops, op{fmt.Sprintf("transfer to %d", id), func() error { return leader.TransferLeader(id) }})
	}
	for _, id := range outside {
		ops = append(ops, change(raft.ConfChangeTransitionAuto, one(raft.ConfChangeAddLearnerNode, id)))
	}
	for _, id := range cs.Learners {
		ops = append(ops, change(raft.ConfChangeTransitionAuto, one(raft.ConfChangeAddNode, id)))
		for _, v := range cs.Voters {
			// Replace a voter by the learner: two voters change, through a joint configuration.
			t := raft.ConfChangeTransition(rng.IntN(3))
			ops = append(ops, change(t, one(raft.ConfChangeAddNode, id), one(raft.ConfChangeRemoveNode, v)))
		}
	}
	for _, id := range members {
		ops = append(ops, change(raft.ConfChangeTransitionAuto, one(raft.ConfChangeRemoveNode, id)))
	}
	for _, id := range cs.Voters {
		ops = append(ops, change(raft.ConfChangeTransitionAuto, one(raft.ConfChangeAddLearnerNode, id)))
	}
	if len(cs.VotersOutgoing) > 0 {
		ops = append(ops, change(raft.ConfChangeTransitionAuto)) // leave the joint configuration
	}
	o := ops[rng.IntN(len(ops))]
	return int(st.ID), fmt.Sprintf("%s: %v", o.what, o.do())
}

// rawNode is the core the operator acts through.
func (n *Node) rawNode() *raft.RawNode { return n.rn }
