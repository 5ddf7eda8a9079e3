package raftsim

import (
	"fmt"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// NewChecker implements sim.Protocol.
func (Protocol) NewChecker(n int) sim.Checker {
	return &Checker{leaders: map[uint64]int{}, votes: map[voteKey]uint64{}, matched: map[[2]int]uint64{}}
}

// Checker checks Raft's invariants (tla/Raft.tla) over a cluster after every event.
type Checker struct {
	// leaders records, for every term, the node that led it: ElectionSafety is a property of
	// the whole history, not only of the current state.
	leaders map[uint64]int
	// votes records whom each node voted for in each term, across crashes: a node votes at
	// most once per term (RAFT-ELECT-3), which only holds if the vote survives a restart.
	votes map[voteKey]uint64
	// committed records each committed index's entry as first seen committed by any node.
	committed []raft.Entry
	// matched records, for each pair of nodes, up to which index their logs were found to
	// agree, so that LogMatching only looks at what changed since (and at the logs' divergent
	// tails): checking whole logs after every event would make a run's cost grow with the
	// square of its length.
	matched map[[2]int]uint64
}

type voteKey struct {
	node int
	term uint64
}

// Check implements sim.Checker.
//
// Checks ElectionSafety, one vote per term, that a leader's commit index only advances onto an
// entry of its own term (a commit by counting replicas of an older-term entry is the "Figure 8"
// bug), LogMatching, and that committed entries never disagree.
func (c *Checker) Check(nodes []sim.Node) error {
	dirty := false
	for i, sn := range nodes {
		if sn == nil {
			continue
		}
		n := sn.(*Node)
		st := n.rn.Status()
		if st.RaftState == raft.StateLeader {
			if prev, ok := c.leaders[st.Term]; ok && prev != i+1 {
				return fmt.Errorf("ElectionSafety: nodes %d and %d both leaders in term %d", prev, i+1, st.Term)
			}
			c.leaders[st.Term] = i + 1
		}
		// The vote that binds is the persisted one: with asynchronous writes a vote not yet on
		// disk has not been sent, and a crash may take it back.
		term, vote := st.Term, st.Vote
		if n.async {
			term, vote = n.hs.Term, n.hs.Vote
		}
		if vote != 0 {
			k := voteKey{i + 1, term}
			if prev, ok := c.votes[k]; ok && prev != vote {
				return fmt.Errorf("VoteOncePerTerm: node %d voted for %d and then for %d in term %d", i+1, prev, vote, term)
			}
			c.votes[k] = vote
		}
		if st.RaftState == raft.StateLeader && st.Commit > n.lastCommit && st.Commit > n.base && st.Commit <= n.lastIndex() {
			if t := n.entry(st.Commit).Term; t != st.Term {
				return fmt.Errorf("LeaderCommitsCurrentTerm: leader %d of term %d advanced its commit index to %d, an entry of term %d",
					i+1, st.Term, st.Commit, t)
			}
		}
		n.lastCommit = st.Commit
		if err := c.checkCommitted(i+1, n, st.Commit); err != nil {
			return err
		}
		dirty = dirty || n.logDirty
	}
	if !dirty {
		return nil
	}
	for i, a := range nodes {
		if a == nil {
			continue
		}
		na := a.(*Node)
		for j := i + 1; j < len(nodes); j++ {
			if nodes[j] == nil {
				continue
			}
			nb := nodes[j].(*Node)
			if !na.logDirty && !nb.logDirty {
				continue
			}
			pair := [2]int{i + 1, j + 1}
			from := c.matched[pair]
			if na.logDirty {
				from = min(from, na.dirtyFrom)
			}
			if nb.logDirty {
				from = min(from, nb.dirtyFrom)
			}
			matched, err := logMatching(i+1, na, j+1, nb, from)
			if err != nil {
				return err
			}
			c.matched[pair] = matched
		}
	}
	for _, sn := range nodes {
		if sn != nil {
			n := sn.(*Node)
			n.logDirty, n.dirtyFrom = false, n.lastIndex()
		}
	}
	return nil
}

// checkCommitted compares the node's committed prefix with what other nodes committed.
func (c *Checker) checkCommitted(id int, n *Node, commit uint64) error {
	if commit > n.lastIndex() {
		return fmt.Errorf("node %d: commit index %d beyond its last index %d", id, commit, n.lastIndex())
	}
	// Entries up to the snapshot are the state machine's now: the cluster checks the snapshot
	// when the node restores it.
	for i := max(n.checkedCommit, n.base) + 1; i <= commit; i++ {
		e := *n.entry(i)
		for i > uint64(len(c.committed)) {
			// A zero entry stands for one no node was seen committing: one compacted
			// into a snapshot the cluster checks.
			c.committed = append(c.committed, raft.Entry{})
		}
		k := c.committed[i-1]
		if k.Term == 0 {
			c.committed[i-1] = e
			continue
		}
		if k.Term != e.Term || string(k.Data) != string(e.Data) {
			return fmt.Errorf("committed entries disagree: node %d committed term-%d entry at index %d, but a term-%d entry with different data was committed there before",
				id, e.Term, i, k.Term)
		}
	}
	n.checkedCommit = max(n.checkedCommit, commit)
	return nil
}

// logMatching checks tla/Raft.tla's LogMatching for two logs: if both hold an entry with the same
// index and term, the logs are identical up to it. Indexes up to from are known to be identical,
// and so are those up to the later of the two snapshots (the cluster checks a snapshot when a
// node restores it). It returns up to which index the logs agree: past it, no two entries at the
// same index may have the same term.
func logMatching(ida int, a *Node, idb int, b *Node, from uint64) (uint64, error) {
	top := min(a.lastIndex(), b.lastIndex())
	same := min(max(from, a.snapIndex, b.snapIndex), top)
	for same < top {
		ea, eb := a.entry(same+1), b.entry(same+1)
		if ea.Term != eb.Term || string(ea.Data) != string(eb.Data) {
			break
		}
		same++
	}
	for i := top; i > same; i-- {
		if a.entry(i).Term == b.entry(i).Term {
			return 0, fmt.Errorf("LogMatching: nodes %d and %d agree on index %d term %d but differ at index %d (terms %d and %d)",
				ida, idb, i, a.entry(i).Term, same+1, a.entry(same+1).Term, b.entry(same+1).Term)
		}
	}
	return same, nil
}
