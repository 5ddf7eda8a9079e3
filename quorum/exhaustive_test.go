package quorum

import (
	"errors"
	"testing"
)

// smallConfigs returns every counting, grid and weighted configuration with N <= maxN members
// (weighted: votes 1..3 per member up to 4 members, 1..2 beyond), built without validation, so
// that unsafe ones are included, plus joint majorities over all pairs of subsets of {0..4}.
func smallConfigs(maxN int) []System {
	var out []System
	for n := 0; n <= maxN; n++ {
		m := Range(0, n)
		out = append(out, NewMajority(m))
		for a := 1; a <= n; a++ {
			out = append(out, &Threshold{counting{members: m, q1: a, q2: a}})
			for b := 1; b <= n; b++ {
				out = append(out, &Flexible{counting{members: m, q1: a, q2: b}})
				out = append(out, &ReadWrite{counting{members: m, q1: a, q2: b}})
			}
		}
		for rows := 1; rows <= n; rows++ {
			if n%rows == 0 {
				g, err := NewGrid(rows, n/rows, m)
				if err != nil {
					panic(err)
				}
				out = append(out, g)
			}
		}
		if n == 0 {
			continue
		}
		maxVotes := 3
		if n > 4 {
			maxVotes = 2
		}
		votes := make([]int, n)
		for i := range votes {
			votes[i] = 1
		}
		for {
			total := 0
			for _, v := range votes {
				total += v
			}
			for r := 1; r <= total; r++ {
				for w := 1; w <= total; w++ {
					u := &Weighted{members: m, r: r, w: w, total: total}
					for i, v := range votes {
						u.votes[i] = uint32(v)
					}
					out = append(out, u)
				}
			}
			i := 0
			for i < n && votes[i] == maxVotes {
				votes[i] = 1
				i++
			}
			if i == n {
				break
			}
			votes[i]++
		}
	}
	for old := Set(0); old < 1<<5; old++ {
		for new := Set(0); new < 1<<5; new++ {
			j, err := NewJoint(NewMajority(old), NewMajority(new))
			if err != nil {
				panic(err)
			}
			out = append(out, j)
		}
	}
	return out
}

// TestExhaustiveIntersection checks every small configuration three ways: the constructor
// (through Parse) accepts it exactly when brute force finds every promised intersection, and
// CheckIntersection agrees, naming two disjoint quorums when it fails.
//
// Tests, Q-MAJ-1, Q-THR-1, Q-FLEX-1, Q-RW-1, Q-W-1, Q-W-2, Q-GRID-1, Q-JOINT-1.
func TestExhaustiveIntersection(t *testing.T) {
	configs := smallConfigs(7)
	unsafeCount := 0
	for _, s := range configs {
		unsafe := naiveUnsafe(s)
		if unsafe {
			unsafeCount++
		}
		_, parseErr := Parse(s.String())
		var de *DisjointError
		if errors.As(parseErr, &de) != unsafe || (parseErr != nil && de == nil) {
			t.Fatalf("%v: Parse error %v, brute force unsafe=%v", s, parseErr, unsafe)
		}
		checkErr := CheckIntersection(s)
		if (checkErr != nil) != unsafe {
			t.Fatalf("%v: CheckIntersection = %v, brute force unsafe=%v", s, checkErr, unsafe)
		}
		for _, err := range []error{parseErr, checkErr} {
			if errors.As(err, &de) && (de.A&de.B != 0 || !naiveIsQuorum(s, de.KindA, de.A) || !naiveIsQuorum(s, de.KindB, de.B) || !s.MustIntersect(de.KindA, de.KindB)) {
				t.Fatalf("%v: %v does not name two disjoint quorums that must intersect", s, err)
			}
		}
	}
	// The enumeration must cover both outcomes, or the test proves little.
	if unsafeCount == 0 || unsafeCount == len(configs) {
		t.Fatalf("%d of %d configurations unsafe: the enumeration is degenerate", unsafeCount, len(configs))
	}
	t.Logf("%d configurations, %d unsafe", len(configs), unsafeCount)
}

// TestClosedFormRules pins the closed-form rules at sizes beyond enumeration.
//
// Tests Q-7, Q-THR-1, Q-FLEX-1, Q-RW-1.
func TestClosedFormRules(t *testing.T) {
	all := Range(0, 64)
	if _, err := NewThreshold(33, all); err != nil {
		t.Errorf("threshold 33 of 64: %v", err)
	}
	if _, err := NewThreshold(32, all); !errors.As(err, new(*DisjointError)) {
		t.Errorf("threshold 32 of 64: got %v, want a DisjointError", err)
	}
	if _, err := NewFlexible(40, 25, all); err != nil {
		t.Errorf("flexible 40+25 > 64: %v", err)
	}
	var de *DisjointError
	if _, err := NewFlexible(40, 24, all); !errors.As(err, &de) || de.A.Len() != 40 || de.B.Len() != 24 || de.A&de.B != 0 {
		t.Errorf("flexible 40+24 = 64: got %v, want disjoint quorums of 40 and 24", err)
	}
	if _, err := NewReadWrite(1, 64, all); err != nil {
		t.Errorf("readwrite 1+64 > 64: %v", err)
	}
	if _, err := NewReadWrite(30, 34, all); !errors.As(err, &de) || de.KindA != Read || de.KindB != Write {
		t.Errorf("readwrite 30+34 = 64: got %v, want a read and a write quorum", err)
	}
	if err := CheckIntersection(NewMajority(Range(0, 21))); err == nil {
		t.Errorf("CheckIntersection accepted 21 members, more than it can enumerate")
	}
	if err := CheckIntersection(NewMajority(Range(0, 20))); err != nil {
		t.Errorf("CheckIntersection(majority of 20) = %v", err)
	}
}
