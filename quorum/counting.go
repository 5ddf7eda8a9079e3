package quorum

import "math/bits"

// counting is the core shared by every system whose quorums are "any q members": majority,
// threshold, flexible Paxos and read/write quorums. Phase1 quorums have q1 members, Phase2
// quorums q2. A size of 0 makes every set a quorum, which is how the empty majority commits
// everything.
type counting struct {
	members Set
	q1, q2  int
}

// Members returns the set of members.
func (c counting) Members() Set { return c.members }

func (c counting) size(k Kind) int {
	if k == Phase1 {
		return c.q1
	}
	return c.q2
}

// IsQuorum reports whether s holds as many members as a quorum of kind k needs.
//
//
func (c counting) IsQuorum(k Kind, s Set) bool {
	return bits.OnesCount64(uint64(s&c.members)) >= c.size(k)
}

// CommittedIndex returns the q2-th largest acknowledged index: at least q2 members (a Phase2
// quorum) have acknowledged it or more, and fewer than q2 have acknowledged anything larger.
//
//
func (c counting) CommittedIndex(acked []Index) Index {
	if c.q2 == 0 {
		return MaxIndex
	}
	if c.members.Len() <= 16 {
		return topK(c.members, acked, c.q2)
	}
	var buf [MaxMembers]Index
	n := gatherAcked(&buf, c.members, acked)
	return kthLargest(buf[:n], c.q2)
}

// topK returns the k-th largest acknowledged index of members by keeping the k largest seen so
// far in descending order: for the handful of voters real clusters have, one pass with a short
// insertion beats gathering and sorting.
func topK(members Set, acked []Index, k int) Index {
	var top [16]Index
	held := 0
	for rest := uint64(members); rest != 0; rest &= rest - 1 {
		id := bits.TrailingZeros64(rest)
		var idx Index
		if id < len(acked) {
			idx = acked[id]
		}
		if held == k {
			if idx <= top[k-1] {
				continue
			}
			held--
		}
		j := held
		for j > 0 && top[j-1] < idx {
			top[j] = top[j-1]
			j--
		}
		top[j] = idx
		held++
	}
	return top[k-1]
}

// VoteResult compares the granted count and the count still reachable against q1.
//
//
func (c counting) VoteResult(granted, rejected Set) VoteResult {
	return countVotes(c.members, granted, rejected, c.q1)
}

// FaultTolerance is N minus the larger quorum: losing any more members leaves too few for it.
//
//
func (c counting) FaultTolerance() int {
	return c.members.Len() - max(c.q1, c.q2)
}

// countVotes is VoteResult for a system whose Phase1 quorums are any q of members.
func countVotes(members, granted, rejected Set, q int) VoteResult {
	rejected &= members
	yes := bits.OnesCount64(uint64(granted & members &^ rejected))
	if yes >= q {
		return Won
	}
	if bits.OnesCount64(uint64(members&^rejected)) < q {
		return Lost
	}
	return Pending
}

// gatherAcked copies the acknowledged index of every member into buf and returns how many.
func gatherAcked(buf *[MaxMembers]Index, members Set, acked []Index) int {
	n := 0
	for rest := uint64(members); rest != 0; rest &= rest - 1 {
		id := bits.TrailingZeros64(rest)
		if id < len(acked) {
			buf[n] = acked[id]
		} else {
			buf[n] = 0
		}
		n++
	}
	return n
}

// kthLargest returns the k-th largest of vals (1-based), reordering vals: quickselect, which
// bounds the cost for large configurations where topK's insertions would grow quadratically.
func kthLargest(vals []Index, k int) Index {
	// Hoare partitioning into descending order until rank k-1 is in place.
	lo, hi, want := 0, len(vals)-1, k-1
	for lo < hi {
		pivot := vals[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for vals[i] > pivot {
				i++
			}
			for vals[j] < pivot {
				j--
			}
			if i <= j {
				vals[i], vals[j] = vals[j], vals[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return vals[want]
		}
	}
	return vals[want]
}
