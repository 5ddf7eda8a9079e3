package quorumtest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dsref/dsref/quorum"
)

// Tally counts the configurations CheckParse judged.
type Tally struct {
	Accepted int // parsed, and shown by exhaustive CheckIntersection to intersect as promised
	Rejected int // refused with two quorums the oracle confirms are disjoint
}

// CheckParse builds every majority, threshold, flexible, read/write, grid and weighted
// configuration of 1 to maxN members (weighted: 1 or 2 votes each, every read and write
// quorum size up to the total) and every joint majority over two subsets of {0..4}, as the
// text quorum.Parse reads, and runs parse on each. The oracle decides which are safe: the
// closed-form rules (a+b > n for two counting quorums of sizes a and b) and, for weighted
// voting, brute force over subsets. A safe configuration must be accepted and pass the
// exhaustive quorum.CheckIntersection; an unsafe one must be refused with a
// *quorum.DisjointError naming two quorums that the oracle confirms are quorums and disjoint.
// parse is quorum.Parse, or a stand-in a test plants a bug in.
func CheckParse(parse func(string) (quorum.System, error), maxN int) (Tally, error) {
	var tally Tally
	verify := func(text string, safe bool, isQuorum func(quorum.Kind, quorum.Set) bool) error {
		sys, err := parse(text)
		var disjoint *quorum.DisjointError
		switch {
		case err == nil && safe:
			tally.Accepted++
			if err := quorum.CheckIntersection(sys); err != nil {
				return fmt.Errorf("%s: accepted, but %v", text, err)
			}
		case errors.As(err, &disjoint) && !safe:
			tally.Rejected++
			d := disjoint
			if d.A&d.B != 0 || !isQuorum(d.KindA, d.A) || !isQuorum(d.KindB, d.B) {
				return fmt.Errorf("%s: the error names %v and %v, which are not disjoint quorums", text, d.A, d.B)
			}
		default:
			return fmt.Errorf("%s: the closed-form rule says safe=%v, Parse returned %v", text, safe, err)
		}
		return nil
	}
	counting := func(a, b int) func(quorum.Kind, quorum.Set) bool {
		return func(k quorum.Kind, s quorum.Set) bool {
			if k == quorum.Phase1 {
				return s.Len() >= a
			}
			return s.Len() >= b
		}
	}
	for n := 1; n <= maxN; n++ {
		members := quorum.Range(0, n)
		if err := verify(fmt.Sprintf("majority %v", members), true, nil); err != nil {
			return tally, err
		}
		for a := 1; a <= n; a++ {
			if err := verify(fmt.Sprintf("threshold k=%d %v", a, members), 2*a > n, counting(a, a)); err != nil {
				return tally, err
			}
			for b := 1; b <= n; b++ {
				if err := verify(fmt.Sprintf("flexible q1=%d q2=%d %v", a, b, members), a+b > n, counting(a, b)); err != nil {
					return tally, err
				}
				if err := verify(fmt.Sprintf("readwrite r=%d w=%d %v", a, b, members), a+b > n, counting(a, b)); err != nil {
					return tally, err
				}
			}
			if n%a == 0 {
				if err := verify(fmt.Sprintf("grid rows=%d cols=%d %v", a, n/a, members), true, nil); err != nil {
					return tally, err
				}
			}
		}
		if err := checkWeighted(n, members, verify); err != nil {
			return tally, err
		}
	}
	for old := quorum.Set(0); old < 1<<5; old++ {
		for new := quorum.Set(0); new < 1<<5; new++ {
			if err := verify(fmt.Sprintf("majority %v & majority %v", old, new), true, nil); err != nil {
				return tally, err
			}
		}
	}
	return tally, nil
}

// checkWeighted verifies every vote vector in {1,2}^n and every read and write quorum size up
// to the total.
func checkWeighted(n int, members quorum.Set, verify func(string, bool, func(quorum.Kind, quorum.Set) bool) error) error {
	for mask := 0; mask < 1<<n; mask++ {
		votes := make([]string, n)
		weight := make([]int, n)
		total := 0
		for i := range votes {
			weight[i] = 1 + (mask>>i)&1
			votes[i] = fmt.Sprint(weight[i])
			total += weight[i]
		}
		sum := func(s quorum.Set) int {
			got := 0
			for id := range s.All() {
				got += weight[id]
			}
			return got
		}
		for r := 1; r <= total; r++ {
			for w := 1; w <= total; w++ {
				text := fmt.Sprintf("weighted r=%d w=%d votes=%s %v", r, w, strings.Join(votes, ","), members)
				isQuorum := func(k quorum.Kind, s quorum.Set) bool {
					if k == quorum.Phase1 {
						return sum(s) >= r
					}
					return sum(s) >= w
				}
				if err := verify(text, WeightedSafe(weight, r, w), isQuorum); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// WeightedSafe decides by brute force over subsets whether weighted voting with these votes
// is safe: every read quorum (at least r votes) meets every write quorum (at least w), and
// every two write quorums meet. A write quorum whose complement still holds r or w votes is a
// counterexample.
func WeightedSafe(votes []int, r, w int) bool {
	total := 0
	for _, v := range votes {
		total += v
	}
	for mask := 0; mask < 1<<len(votes); mask++ {
		in := 0
		for i, v := range votes {
			if mask&(1<<i) != 0 {
				in += v
			}
		}
		if in >= w && (total-in >= r || total-in >= w) {
			return false
		}
	}
	return true
}
