package raft

import (
	"fmt"
	"testing"
)

// commitLeader returns a leader of n voters whose log holds entries of its term up to index
// last, with nothing acknowledged yet.
func commitLeader(t testing.TB, n int, last uint64) *raft {
	peers := make([]uint64, n)
	for i := range peers {
		peers[i] = uint64(i + 1)
	}
	rn := newTestRawNode(t, 1, peers)
	r := rn.raft
	r.becomeCandidate(nil)
	r.becomeLeader()
	for r.log.lastIndex() < last {
		r.log.append(Entry{Term: r.term, Index: r.log.lastIndex() + 1})
	}
	return r
}

// The commit rule takes the quorum-th largest match index whatever the order of the voters'
// acknowledgements, and allocates nothing.
//
// Tests RAFT-COMMIT-1.
func TestAdvanceCommitIndexAllocatesNothing(t *testing.T) {
	for _, c := range []struct {
		matches []uint64
		want    uint64 // the largest index stored on a majority
	}{
		{[]uint64{9}, 9},
		{[]uint64{9, 3, 20}, 9},
		{[]uint64{3, 20, 20}, 20},
		{[]uint64{9, 3, 20, 14}, 9},
		{[]uint64{9, 3, 20, 14, 1}, 9},
		{[]uint64{1, 3, 20, 14, 9}, 9},
		{[]uint64{20, 14, 1, 3, 18}, 14},
		{[]uint64{9, 3, 20, 14, 1, 7, 11}, 9},
		{[]uint64{2, 19, 20, 14, 1, 17, 11}, 14},
	} {
		n := len(c.matches)
		r := commitLeader(t, n, 20)
		for i, id := range r.conf.voters {
			r.prs[id].match = c.matches[i]
		}
		if want := c.want; !r.advanceCommitIndex() || r.log.committed != want {
			matches := c.matches
			t.Fatalf("%d voters, matches %v: commit %d, want %d", n, matches, r.log.committed, want)
		}
		allocs := testing.AllocsPerRun(100, func() {
			r.log.committed = 0
			r.advanceCommitIndex()
		})
		if allocs != 0 {
			t.Fatalf("%d voters: %v allocations per commit", n, allocs)
		}
	}
}

// BenchmarkAdvanceCommitIndex measures the commit rule alone, for 3, 5 and 7 voters whose
// acknowledgements arrive in no particular order.
//
// Tests RAFT-COMMIT-1.
func BenchmarkAdvanceCommitIndex(b *testing.B) {
	for _, n := range []int{3, 5, 7} {
		b.Run(fmt.Sprintf("voters=%d", n), func(b *testing.B) {
			r := commitLeader(b, n, 1000)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for k, id := range r.conf.voters {
					r.prs[id].match = uint64((i*7+k*13)%1000 + 1)
				}
				r.log.committed = 0
				r.advanceCommitIndex()
			}
		})
	}
}
