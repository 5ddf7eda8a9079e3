package etcd

import (
	"fmt"
	"math/rand/v2"
	"testing"

	dquorum "github.com/dsref/dsref/quorum"
	"go.etcd.io/raft/v3/quorum"
)

// ackedSlice gives etcd's CommittedIndex its cheapest AckedIndexer: a slice lookup by voter ID
// (IDs 1..n), where etcd's own tests use a map.
type ackedSlice []quorum.Index

func (s ackedSlice) AckedIndex(id uint64) (quorum.Index, bool) { return s[id-1], true }

var indexSink uint64

// BenchmarkCommittedIndex compares the commit index of a majority of n voters and of a joint
// configuration, dsref's quorum beside etcd's, on the same acknowledged indexes.
func BenchmarkCommittedIndex(b *testing.B) {
	for _, n := range []int{3, 5, 7, 9} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		acked := make([]uint64, n)
		for i := range acked {
			acked[i] = uint64(1000 + rng.IntN(100))
		}
		ours := dquorum.NewMajority(dquorum.Range(0, n))
		oursAcked := make([]dquorum.Index, n)
		theirs := quorum.MajorityConfig{}
		theirsAcked := make(ackedSlice, n)
		for i, a := range acked {
			oursAcked[i] = dquorum.Index(a)
			theirs[uint64(i+1)] = struct{}{}
			theirsAcked[i] = quorum.Index(a)
		}
		if uint64(ours.CommittedIndex(oursAcked)) != uint64(theirs.CommittedIndex(theirsAcked)) {
			b.Fatalf("voters=%d: dsref and etcd disagree on the committed index", n)
		}
		b.Run(fmt.Sprintf("majority-%d/dsref", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				indexSink += uint64(ours.CommittedIndex(oursAcked))
			}
		})
		b.Run(fmt.Sprintf("majority-%d/etcd", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				indexSink += uint64(theirs.CommittedIndex(theirsAcked))
			}
		})
	}
}

var voteSink int

// BenchmarkVoteResult compares counting the votes of an election among 7 voters (3 granted,
// 2 rejected, 2 missing).
func BenchmarkVoteResult(b *testing.B) {
	ours := dquorum.NewMajority(dquorum.Range(0, 7))
	granted, rejected := dquorum.Range(0, 3), dquorum.Range(3, 5)
	theirs := quorum.MajorityConfig{}
	votes := map[uint64]bool{}
	for id := uint64(1); id <= 7; id++ {
		theirs[id] = struct{}{}
		if id <= 3 {
			votes[id] = true
		} else if id <= 5 {
			votes[id] = false
		}
	}
	if ours.VoteResult(granted, rejected) != dquorum.Pending || theirs.VoteResult(votes) != quorum.VotePending {
		b.Fatal("dsref and etcd disagree: the vote should be pending")
	}
	b.Run("majority-7/dsref", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			voteSink += int(ours.VoteResult(granted, rejected))
		}
	})
	b.Run("majority-7/etcd", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			voteSink += int(theirs.VoteResult(votes))
		}
	})
}
