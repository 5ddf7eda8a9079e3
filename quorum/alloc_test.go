package quorum

import "testing"

// The hot paths of every system allocate nothing, up to the full 64 members.
//
// Tests.
func TestHotPathsDoNotAllocate(t *testing.T) {
	all := Range(0, 64)
	ones := make([]int, 64)
	for i := range ones {
		ones[i] = 1
	}
	acked := make([]Index, 64)
	for i := range acked {
		acked[i] = Index((i * 37) % 64)
	}
	systems := []System{
		NewMajority(all),
		NewMajority(Range(0, 9)), // etcd-io/raft's allocates from 9 voters on
		must(NewThreshold(40, all)),
		must(NewFlexible(40, 30, all)),
		must(NewReadWrite(20, 50, all)),
		must(NewWeighted(33, 33, all, ones)),
		must(NewGrid(8, 8, all)),
		must(NewJoint(NewMajority(Range(0, 32)), NewMajority(Range(16, 64)))),
	}
	granted, rejected := Range(0, 20), Range(40, 50)
	for _, s := range systems {
		allocs := testing.AllocsPerRun(100, func() {
			_ = s.CommittedIndex(acked)
			_ = s.VoteResult(granted, rejected)
			_ = s.IsQuorum(Phase1, granted)
			_ = s.IsQuorum(Phase2, rejected)
		})
		if allocs != 0 {
			t.Errorf("%v: %v allocations per CommittedIndex+VoteResult+IsQuorum, want 0", s, allocs)
		}
	}
}
