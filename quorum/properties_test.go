package quorum

import (
	"errors"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// The properties below compare every system against the naive references in reference_test.go.
// Their case counts add up to more than 50,000 per `go test` run.

// Tests Q-4, Q-JOINT-1.
func TestCommittedIndexMatchesReference(t *testing.T) {
	rapidChecks(t, 12000, func(t *rapid.T) {
		s := genSystem(t, 8)
		acked := genAcked(t, 20)
		if got, want := s.CommittedIndex(acked), naiveCommitted(s, acked); got != want {
			t.Fatalf("%v: CommittedIndex(%v) = %v, want %v", s, acked, got, want)
		}
	})
}

// Tests Q-5, Q-JOINT-1.
func TestVoteResultMatchesBruteForce(t *testing.T) {
	rapidChecks(t, 12000, func(t *rapid.T) {
		s := genSystem(t, 8)
		granted := genMembers(t, 0, 10, 20, "granted")
		rejected := genMembers(t, 0, 10, 20, "rejected")
		if got, want := s.VoteResult(granted, rejected), naiveVote(s, granted, rejected); got != want {
			t.Fatalf("%v: VoteResult(%v, %v) = %v, want %v", s, granted, rejected, got, want)
		}
	})
}

// Tests.
func TestIsQuorumMatchesDefinitionAndIsMonotone(t *testing.T) {
	rapidChecks(t, 8000, func(t *rapid.T) {
		s := genSystem(t, 8)
		set := genMembers(t, 0, 16, 20, "set")
		extra := rapid.IntRange(0, 19).Draw(t, "extra")
		for _, k := range []Kind{Phase1, Phase2} {
			got := s.IsQuorum(k, set)
			if want := naiveIsQuorum(s, k, set); got != want {
				t.Fatalf("%v: IsQuorum(%v, %v) = %v, want %v", s, k, set, got, want)
			}
			if got && !s.IsQuorum(k, set.With(extra)) {
				t.Fatalf("%v: not monotone: %v is a %v quorum but %v is not", s, set, k, set.With(extra))
			}
		}
	})
}

// Tests Q-6, Q-GRID-1.
func TestFaultToleranceMatchesBruteForce(t *testing.T) {
	rapidChecks(t, 6000, func(t *rapid.T) {
		s := genSystem(t, 7)
		if got, want := s.FaultTolerance(), naiveFaultTolerance(s); got != want {
			t.Fatalf("%v: FaultTolerance() = %d, want %d", s, got, want)
		}
	})
}

// Tests Q-9.
func TestParseRoundTrip(t *testing.T) {
	rapidChecks(t, 6000, func(t *rapid.T) {
		s := genSystem(t, 10)
		text := s.String()
		back, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if back.String() != text {
			t.Fatalf("Parse(%q).String() = %q", text, back.String())
		}
		probe := genMembers(t, 0, 20, 20, "probe")
		acked := genAcked(t, 20)
		if s.IsQuorum(Phase1, probe) != back.IsQuorum(Phase1, probe) ||
			s.IsQuorum(Phase2, probe) != back.IsQuorum(Phase2, probe) ||
			s.CommittedIndex(acked) != back.CommittedIndex(acked) {
			t.Fatalf("Parse(%q) behaves differently from the original", text)
		}
	})
}

// Tests Q-1.
func TestSetMatchesMapModel(t *testing.T) {
	rapidChecks(t, 5000, func(t *rapid.T) {
		a := rapid.SliceOfN(rapid.IntRange(0, 63), 0, 64).Draw(t, "a")
		b := rapid.SliceOfN(rapid.IntRange(0, 63), 0, 64).Draw(t, "b")
		sa, _ := NewSet(a...)
		sb, _ := NewSet(b...)
		inA, inB := map[int]bool{}, map[int]bool{}
		for _, id := range a {
			inA[id] = true
		}
		for _, id := range b {
			inB[id] = true
		}
		for id := 0; id < 64; id++ {
			if sa.Has(id) != inA[id] ||
				sa.Union(sb).Has(id) != (inA[id] || inB[id]) ||
				sa.Intersect(sb).Has(id) != (inA[id] && inB[id]) ||
				sa.Minus(sb).Has(id) != (inA[id] && !inB[id]) {
				t.Fatalf("member %d: set operations on %v, %v disagree with the model", id, sa, sb)
			}
		}
		if sa.Len() != len(inA) {
			t.Fatalf("%v.Len() = %d, want %d", sa, sa.Len(), len(inA))
		}
		back, err := ParseSet(sa.String())
		if err != nil || back != sa {
			t.Fatalf("ParseSet(%q) = %v, %v", sa.String(), back, err)
		}
		if sa.SubsetOf(sb) != (sa.Minus(sb) == 0) {
			t.Fatalf("%v.SubsetOf(%v) wrong", sa, sb)
		}
	})
}

// Tests Q-4, Q-MAJ-1.
func TestCommittedIndexAtLargeN(t *testing.T) {
	rapidChecks(t, 5000, func(t *rapid.T) {
		m := genMembers(t, 1, 64, 64, "members")
		acked := genAcked(t, 64)
		var s System
		var want Index
		ofMembers := func() []Index {
			var vals []Index
			for id := range m.All() {
				if id < len(acked) {
					vals = append(vals, acked[id])
				} else {
					vals = append(vals, 0)
				}
			}
			slices.Sort(vals)
			slices.Reverse(vals)
			return vals
		}
		if rapid.Bool().Draw(t, "majority") {
			s = NewMajority(m)
			// etcd-io/raft's definition: sort descending, take the quorum-th.
			want = ofMembers()[m.Len()/2]
		} else {
			k := rapid.IntRange(m.Len()/2+1, m.Len()).Draw(t, "k")
			s = must(NewThreshold(k, m))
			want = ofMembers()[k-1]
		}
		if got := s.CommittedIndex(acked); got != want {
			t.Fatalf("%v: CommittedIndex = %v, want %v", s, got, want)
		}
	})
}

// Tests Q-7, Q-THR-1, Q-FLEX-1, Q-RW-1, Q-W-1, Q-W-2.
func TestConstructorsRejectExactlyTheUnsafe(t *testing.T) {
	rapidChecks(t, 5000, func(t *rapid.T) {
		m := genMembers(t, 1, 6, 8, "members")
		n := m.Len()
		a := rapid.IntRange(1, n).Draw(t, "a")
		b := rapid.IntRange(1, n).Draw(t, "b")
		// unchecked is the same configuration built without validation, for the reference.
		var unchecked System
		var err error
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0:
			unchecked = &Threshold{counting{members: m, q1: a, q2: a}}
			_, err = NewThreshold(a, m)
		case 1:
			unchecked = &Flexible{counting{members: m, q1: a, q2: b}}
			_, err = NewFlexible(a, b, m)
		case 2:
			unchecked = &ReadWrite{counting{members: m, q1: a, q2: b}}
			_, err = NewReadWrite(a, b, m)
		default:
			votes := rapid.SliceOfN(rapid.IntRange(1, 3), n, n).Draw(t, "votes")
			u := &Weighted{members: m}
			i := 0
			for id := range m.All() {
				u.votes[id] = uint32(votes[i])
				u.total += votes[i]
				i++
			}
			u.r = rapid.IntRange(1, u.total).Draw(t, "r")
			u.w = rapid.IntRange(1, u.total).Draw(t, "w")
			unchecked = u
			_, err = NewWeighted(u.r, u.w, m, votes)
		}
		unsafe := false
		for _, ka := range kinds {
			for _, kb := range kinds {
				if unchecked.MustIntersect(ka, kb) {
					if _, _, found := naiveDisjoint(unchecked, ka, kb); found {
						unsafe = true
					}
				}
			}
		}
		var de *DisjointError
		if isDisjoint := errors.As(err, &de); isDisjoint != unsafe || (err != nil && !isDisjoint) {
			t.Fatalf("%v: error %v, but the reference says unsafe=%v", unchecked, err, unsafe)
		}
		if de != nil && (de.A&de.B != 0 || !naiveIsQuorum(unchecked, de.KindA, de.A) || !naiveIsQuorum(unchecked, de.KindB, de.B)) {
			t.Fatalf("%v: %v does not name two disjoint quorums", unchecked, err)
		}
	})
}
