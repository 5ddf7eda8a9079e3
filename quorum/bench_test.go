package quorum

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchAcked returns acknowledged indexes for members 0..n-1 in a scrambled order, so that
// sorting does real work.
func benchAcked(n int) []Index {
	rng := seeded(uint64(n))
	acked := make([]Index, n)
	for i := range acked {
		acked[i] = Index(1000 + rng.IntN(100))
	}
	return acked
}

// sink keeps results alive so the compiler cannot drop the calls.
var sink Index

// Tests Q-4.
func BenchmarkCommittedIndex(b *testing.B) {
	for _, n := range []int{1, 3, 5, 7, 9, 16, 32, 64} {
		var sys System = NewMajority(Range(0, n))
		acked := benchAcked(n)
		b.Run(fmt.Sprintf("majority/voters=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink += sys.CommittedIndex(acked)
			}
		})
	}
	joint := must(NewJoint(NewMajority(Range(0, 5)), NewMajority(Range(3, 10))))
	acked := benchAcked(10)
	b.Run("joint/5+7", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += joint.CommittedIndex(acked)
		}
	})
	for name, sys := range map[string]System{
		"weighted/voters=7": must(NewWeighted(4, 4, Range(0, 7), []int{1, 1, 1, 1, 1, 1, 1})),
		"grid/voters=8":     must(NewGrid(2, 4, Range(0, 8))),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink += sys.CommittedIndex(acked)
			}
		})
	}
}

var voteSink VoteResult

// Tests Q-5.
func BenchmarkVoteResult(b *testing.B) {
	granted, rejected := mustSet(b, "{0,2,4}"), mustSet(b, "{1,3}")
	for _, sys := range []System{
		NewMajority(Range(0, 7)),
		must(NewJoint(NewMajority(Range(0, 7)), NewMajority(Range(2, 9)))),
		must(NewGrid(2, 4, Range(0, 8))),
	} {
		b.Run(sys.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				voteSink = sys.VoteResult(granted, rejected)
			}
		})
	}
}

var boolSink bool

// Tests Q-3.
func BenchmarkIsQuorum(b *testing.B) {
	all := Range(0, 64)
	set := Range(0, 33)
	ones := make([]int, 64)
	for i := range ones {
		ones[i] = 1
	}
	for name, sys := range map[string]System{
		"majority/members=64": NewMajority(all),
		"weighted/members=64": must(NewWeighted(33, 33, all, ones)),
		"grid/members=64":     must(NewGrid(8, 8, all)),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				boolSink = sys.IsQuorum(Phase2, set)
			}
		})
	}
}

var floatSink float64

// Tests Q-PBS-2.
func BenchmarkSimulateStaleRead(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		p, _ := SimulateStaleRead(5, 2, 2, 1000, rng)
		floatSink += p
	}
}
