package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/dsref/dsref/quorum"
)

func init() {
	registerConformStage(160, "quorum: intersection of every system with N <= 7, PBS summary", conformQuorum)
}

// conformQuorum builds every majority, threshold, flexible, read/write, grid and weighted
// configuration of at most seven members (weighted: 1..2 votes each) and every joint majority
// over subsets of {0..4}, through quorum.Parse. Accepted configurations must pass the
// exhaustive CheckIntersection; rejected ones must carry two quorums that are disjoint by the
// closed-form rules recomputed here. Then it prints the PBS closed form beside a seeded Monte
// Carlo run and fails if they are more than half a percentage point apart.
func conformQuorum(w io.Writer, opts conformOptions) error {
	const maxN = 7
	accepted, rejected := 0, 0
	verify := func(text string, safe bool, quorumVotes func(quorum.Kind, quorum.Set) bool) error {
		sys, err := quorum.Parse(text)
		var disjoint *quorum.DisjointError
		switch {
		case err == nil && safe:
			accepted++
			if err := quorum.CheckIntersection(sys); err != nil {
				return fmt.Errorf("%s: accepted, but %v", text, err)
			}
		case errors.As(err, &disjoint) && !safe:
			rejected++
			d := disjoint
			if d.A&d.B != 0 || !quorumVotes(d.KindA, d.A) || !quorumVotes(d.KindB, d.B) {
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
			return err
		}
		for a := 1; a <= n; a++ {
			if err := verify(fmt.Sprintf("threshold k=%d %v", a, members), 2*a > n, counting(a, a)); err != nil {
				return err
			}
			for b := 1; b <= n; b++ {
				if err := verify(fmt.Sprintf("flexible q1=%d q2=%d %v", a, b, members), a+b > n, counting(a, b)); err != nil {
					return err
				}
				if err := verify(fmt.Sprintf("readwrite r=%d w=%d %v", a, b, members), a+b > n, counting(a, b)); err != nil {
					return err
				}
			}
			if n%a == 0 {
				if err := verify(fmt.Sprintf("grid rows=%d cols=%d %v", a, n/a, members), true, nil); err != nil {
					return err
				}
			}
		}
		// Weighted: every vote vector in {1,2}^n and every r, w up to the total.
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
				for wq := 1; wq <= total; wq++ {
					text := fmt.Sprintf("weighted r=%d w=%d votes=%s %v", r, wq, strings.Join(votes, ","), members)
					safe := weightedSafe(weight, r, wq)
					isQuorum := func(k quorum.Kind, s quorum.Set) bool {
						if k == quorum.Phase1 {
							return sum(s) >= r
						}
						return sum(s) >= wq
					}
					if err := verify(text, safe, isQuorum); err != nil {
						return err
					}
				}
			}
		}
	}
	for old := quorum.Set(0); old < 1<<5; old++ {
		for new := quorum.Set(0); new < 1<<5; new++ {
			if err := verify(fmt.Sprintf("majority %v & majority %v", old, new), true, nil); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(w, "%d configurations accepted and verified exhaustively, %d rejected with disjoint quorums\n", accepted, rejected)

	trials := 1_000_000
	if opts.Short {
		trials = 100_000
	}
	rng := rand.New(rand.NewPCG(2012, 3))
	fmt.Fprintf(w, "PBS stale-read probability, closed form vs %d-trial Monte Carlo:\n", trials)
	for _, c := range [][3]int{{3, 1, 1}, {3, 2, 2}, {5, 2, 2}, {5, 1, 3}, {10, 3, 3}} {
		closed, err := quorum.StaleReadProbability(c[0], c[1], c[2])
		if err != nil {
			return err
		}
		mc, err := quorum.SimulateStaleRead(c[0], c[1], c[2], trials, rng)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  N=%-2d R=%d W=%d  closed form %6.2f%%  Monte Carlo %6.2f%%\n", c[0], c[1], c[2], 100*closed, 100*mc)
		if math.Abs(closed-mc) > 0.005 {
			return fmt.Errorf("PBS (%d,%d,%d): Monte Carlo %.4f and closed form %.4f differ by more than 0.5 points", c[0], c[1], c[2], mc, closed)
		}
	}
	res, err := quorum.SimulateSloppy(quorum.SloppyModel{N: 3, R: 2, W: 2, Fallbacks: 3, Unreachable: 0.2, HandoffBeforeRead: 0.5}, trials, rng)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "N=3 R=2 W=2, 3 fallbacks, nodes unreachable 20%% per operation, handoff before read 50%%:\n")
	fmt.Fprintf(w, "  strict quorums: available %5.1f%%, stale reads %5.2f%%\n", 100*res.StrictAvailable, 100*res.StrictStale)
	fmt.Fprintf(w, "  sloppy quorums: available %5.1f%%, stale reads %5.2f%%\n", 100*res.SloppyAvailable, 100*res.SloppyStale)
	if res.StrictStale != 0 {
		return fmt.Errorf("strict quorums with R+W > N read stale data in %.4f of trials", res.StrictStale)
	}
	return nil
}

// weightedSafe decides by brute force over subsets whether every read quorum (>= r votes)
// meets every write quorum (>= w) and every two write quorums meet: a write quorum whose
// complement still holds r (or w) votes is a counterexample.
func weightedSafe(votes []int, r, w int) bool {
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
