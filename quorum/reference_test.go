package quorum

import (
	"fmt"
	"math/bits"

	"pgregory.net/rapid"
)

// This file holds naive reference implementations, written straight from the definitions in
// spec/quorum.md and sharing no code with the package, for properties and exhaustive checks.

// naiveIsQuorum decides quorum membership from each system's definition.
func naiveIsQuorum(s System, k Kind, set Set) bool {
	set &= s.Members()
	count := bits.OnesCount64(uint64(set))
	switch s := s.(type) {
	case *Majority:
		n := s.Members().Len()
		return n == 0 || 2*count > n
	case *Threshold:
		return count >= s.K()
	case *Flexible:
		if k == Phase1 {
			return count >= s.Q1()
		}
		return count >= s.Q2()
	case *ReadWrite:
		if k == Phase1 {
			return count >= s.R()
		}
		return count >= s.W()
	case *Weighted:
		sum := 0
		for _, id := range set.IDs() {
			sum += s.Votes(id)
		}
		if k == Phase1 {
			return sum >= s.R()
		}
		return sum >= s.W()
	case *Grid:
		ids := s.Members().IDs()
		fullRow, fullCol := false, false
		for r := 0; r < s.Rows(); r++ {
			all := true
			for c := 0; c < s.Cols(); c++ {
				all = all && set.Has(ids[r*s.Cols()+c])
			}
			fullRow = fullRow || all
		}
		for c := 0; c < s.Cols(); c++ {
			all := true
			for r := 0; r < s.Rows(); r++ {
				all = all && set.Has(ids[r*s.Cols()+c])
			}
			fullCol = fullCol || all
		}
		return fullRow && fullCol
	case *Joint:
		return naiveIsQuorum(s.Old(), k, set) && naiveIsQuorum(s.New(), k, set)
	}
	panic(fmt.Sprintf("naiveIsQuorum: unknown system %T", s))
}

// naiveCommitted is the largest i such that the members with acked >= i form a Phase2 quorum;
// the maximum is reached at one of the acknowledged values (or 0).
func naiveCommitted(s System, acked []Index) Index {
	if s.Members() == 0 {
		return MaxIndex
	}
	ackOf := func(id int) Index {
		if id < len(acked) {
			return acked[id]
		}
		return 0
	}
	var best Index
	for candidate := range s.Members().All() {
		i := ackOf(candidate)
		var holders Set
		for id := range s.Members().All() {
			if ackOf(id) >= i {
				holders = holders.With(id)
			}
		}
		if naiveIsQuorum(s, Phase2, holders) && i > best {
			best = i
		}
	}
	return best
}

// naiveVote tries every way of casting the outstanding members' votes.
func naiveVote(s System, granted, rejected Set) VoteResult {
	members := s.Members()
	rejected &= members
	granted &= members &^ rejected
	outstanding := members &^ granted &^ rejected
	ids := outstanding.IDs()
	wins, losses := 0, 0
	for mask := 0; mask < 1<<len(ids); mask++ {
		yes := granted
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				yes = yes.With(id)
			}
		}
		if naiveIsQuorum(s, Phase1, yes) {
			wins++
		} else {
			losses++
		}
	}
	switch {
	case losses == 0:
		return Won
	case wins == 0:
		return Lost
	}
	return Pending
}

// naiveFaultTolerance tries every failure set.
func naiveFaultTolerance(s System) int {
	members := s.Members()
	ids := members.IDs()
	smallestFatal := len(ids) + 1
	for mask := 0; mask < 1<<len(ids); mask++ {
		var failed Set
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				failed = failed.With(id)
			}
		}
		survivors := members &^ failed
		if !naiveIsQuorum(s, Phase1, survivors) || !naiveIsQuorum(s, Phase2, survivors) {
			smallestFatal = min(smallestFatal, failed.Len())
		}
	}
	if smallestFatal > len(ids) {
		return len(ids)
	}
	return smallestFatal - 1
}

// naiveDisjoint returns a quorum of kind a and a disjoint quorum of kind b if there are any:
// for every subset A that is a kind-a quorum it asks whether everything outside A is a kind-b
// quorum (enough, since quorums are monotone).
func naiveDisjoint(s System, a, b Kind) (Set, Set, bool) {
	ids := s.Members().IDs()
	for mask := 0; mask < 1<<len(ids); mask++ {
		var qa Set
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				qa = qa.With(id)
			}
		}
		if qb := s.Members() &^ qa; naiveIsQuorum(s, a, qa) && naiveIsQuorum(s, b, qb) {
			return qa, qb, true
		}
	}
	return 0, 0, false
}

// naiveUnsafe reports whether any intersection s promises fails.
func naiveUnsafe(s System) bool {
	for _, a := range []Kind{Phase1, Phase2} {
		for _, b := range []Kind{Phase1, Phase2} {
			if s.MustIntersect(a, b) {
				if _, _, found := naiveDisjoint(s, a, b); found {
					return true
				}
			}
		}
	}
	return false
}

// genMembers draws a set of between lo and hi members with IDs below maxID.
func genMembers(t *rapid.T, lo, hi, maxID int, label string) Set {
	ids := rapid.SliceOfNDistinct(rapid.IntRange(0, maxID-1), lo, hi, rapid.ID[int]).Draw(t, label)
	s, err := NewSet(ids...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// genSystem draws a valid system of at most maxN members (per half for joint systems).
func genSystem(t *rapid.T, maxN int) System {
	return genSystemKind(t, maxN, rapid.IntRange(0, 6).Draw(t, "kind"))
}

func genSystemKind(t *rapid.T, maxN, kind int) System {
	maxID := 2 * maxN
	switch kind {
	case 0:
		return NewMajority(genMembers(t, 0, maxN, maxID, "members"))
	case 1:
		m := genMembers(t, 1, maxN, maxID, "members")
		k := rapid.IntRange(m.Len()/2+1, m.Len()).Draw(t, "k")
		return must(NewThreshold(k, m))
	case 2:
		m := genMembers(t, 1, maxN, maxID, "members")
		q1 := rapid.IntRange(1, m.Len()).Draw(t, "q1")
		q2 := rapid.IntRange(m.Len()-q1+1, m.Len()).Draw(t, "q2")
		return must(NewFlexible(q1, q2, m))
	case 3:
		m := genMembers(t, 1, maxN, maxID, "members")
		r := rapid.IntRange(1, m.Len()).Draw(t, "r")
		w := rapid.IntRange(m.Len()-r+1, m.Len()).Draw(t, "w")
		return must(NewReadWrite(r, w, m))
	case 4:
		rows := rapid.IntRange(1, 3).Draw(t, "rows")
		cols := rapid.IntRange(1, max(1, maxN/rows)).Draw(t, "cols")
		m := genMembers(t, rows*cols, rows*cols, max(maxID, rows*cols), "members")
		return must(NewGrid(rows, cols, m))
	case 5:
		m := genMembers(t, 1, maxN, maxID, "members")
		votes := rapid.SliceOfN(rapid.IntRange(1, 4), m.Len(), m.Len()).Draw(t, "votes")
		total := 0
		for _, v := range votes {
			total += v
		}
		// Gifford's rule, so that construction cannot fail: 2w > V and r + w > V.
		w := rapid.IntRange(total/2+1, total).Draw(t, "w")
		r := rapid.IntRange(total-w+1, total).Draw(t, "r")
		return must(NewWeighted(r, w, m, votes))
	default:
		old := genSystemKind(t, maxN, rapid.IntRange(0, 5).Draw(t, "old kind"))
		new := genSystemKind(t, maxN, rapid.IntRange(0, 5).Draw(t, "new kind"))
		return must(NewJoint(old, new))
	}
}

func must[S System](s S, err error) System {
	if err != nil {
		panic(err)
	}
	return s
}

// genAcked draws acknowledged indexes for member IDs below n, with many ties.
func genAcked(t *rapid.T, n int) []Index {
	raw := rapid.SliceOfN(rapid.Uint64Range(0, 12), 0, n).Draw(t, "acked")
	acked := make([]Index, len(raw))
	for i, v := range raw {
		acked[i] = Index(v)
	}
	return acked
}
