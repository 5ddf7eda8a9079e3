package raft

import "slices"

// config is the membership a node currently uses (the configuration of the latest
// configuration entry in its log), with the sets the protocol iterates over. Quorums follow
// quorum/'s Joint semantics (quorum/joint.go), reimplemented here so that raft/ imports nothing
// outside its tree: a decision needs a majority of the incoming voters and a majority of the
// outgoing voters, and an empty half imposes nothing.
//
// Implements RAFT-CONF-2.
type config struct {
	cs ConfState
	// halves are the incoming and outgoing voters (the second empty unless joint).
	halves [2][]uint64
	// voters are the voters of either half, members every node of the configuration; sorted.
	voters  []uint64
	members []uint64
}

func newConfig(cs ConfState) config {
	cs = cs.clone()
	for _, ids := range [][]uint64{cs.Voters, cs.VotersOutgoing, cs.Learners, cs.LearnersNext} {
		slices.Sort(ids)
	}
	voters := sortedUnion(cs.Voters, cs.VotersOutgoing)
	return config{
		cs:      cs,
		halves:  [2][]uint64{cs.Voters, cs.VotersOutgoing},
		voters:  voters,
		members: sortedUnion(sortedUnion(voters, cs.Learners), cs.LearnersNext),
	}
}

func (c *config) isVoter(id uint64) bool  { return contains(c.voters, id) }
func (c *config) isMember(id uint64) bool { return contains(c.members, id) }
func (c *config) joint() bool             { return len(c.halves[1]) > 0 }

// isLearner reports whether id is a learner that is not a voter of either half.
func (c *config) isLearner(id uint64) bool { return contains(c.cs.Learners, id) }

// soleVoter reports whether id alone forms every quorum (a one-voter configuration).
func (c *config) soleVoter(id uint64) bool {
	return !c.joint() && len(c.halves[0]) == 1 && c.halves[0][0] == id
}

// committedIndex is the highest index that a majority of each half holds, as the leader's
// progress says; it sorts into scratch space the node keeps (one slot per voter) and allocates
// nothing.
//
// Implements RAFT-COMMIT-1, RAFT-CONF-2.
func (r *raft) committedIndex() uint64 {
	committed := noLimit
	for _, half := range r.conf.halves {
		if len(half) == 0 {
			continue // an empty half imposes nothing
		}
		matches := r.matchBuf[:0]
		for _, id := range half {
			v := r.prs[id].match
			if id == r.id {
				v = r.ownMatch()
			}
			matches = append(matches, v)
			i := len(matches) - 1
			for ; i > 0 && matches[i-1] < v; i-- {
				matches[i] = matches[i-1]
			}
			matches[i] = v
		}
		committed = min(committed, matches[r.majority(len(half))-1])
	}
	if committed == noLimit {
		return 0
	}
	return committed
}

// hasQuorum reports whether the nodes for which in is true hold a majority of each half.
//
// Implements RAFT-CONF-2.
func (r *raft) hasQuorum(in func(id uint64) bool) bool {
	for _, half := range r.conf.halves {
		if len(half) == 0 {
			continue
		}
		n := 0
		for _, id := range half {
			if in(id) {
				n++
			}
		}
		if n < r.majority(len(half)) {
			return false
		}
	}
	return true
}

// voteResult tallies an election: won once a majority of each half granted, lost once some
// half can no longer reach a majority. Answers of nodes that are not voters do not count.
//
// Implements RAFT-ELECT-5, RAFT-CONF-2.
func (r *raft) voteResult(votes map[uint64]bool) (won, lost bool) {
	won = true
	for _, half := range r.conf.halves {
		if len(half) == 0 {
			continue
		}
		yes, no := 0, 0
		for _, id := range half {
			if v, ok := votes[id]; ok {
				if v {
					yes++
				} else {
					no++
				}
			}
		}
		q := r.majority(len(half))
		if yes < q {
			won = false
		}
		if no > len(half)-q {
			lost = true
		}
	}
	return won && !lost, lost
}
