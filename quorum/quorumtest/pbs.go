package quorumtest

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dsref/dsref/quorum"
)

// PBSRow is the probability that a read of R replicas out of N misses the latest write
// acknowledged by W, by quorum.StaleReadProbability's closed form and by a Monte Carlo run of
// quorum.SimulateStaleRead.
type PBSRow struct {
	N, R, W    int
	ClosedForm float64
	MonteCarlo float64
}

// PBSTolerance is how far apart (as a probability) the closed form and a Monte Carlo run of
// 10^5 or more trials may be: half a percentage point, over three standard deviations of a
// 10^5-trial estimate of a probability of one half (0.16 points), ten of a 10^6-trial one.
const PBSTolerance = 0.005

// PBSConfigs are the (N, R, W) configurations ComparePBS checks: no overlap, strict quorums,
// and partial overlaps.
var PBSConfigs = [][3]int{{3, 1, 1}, {3, 2, 2}, {5, 2, 2}, {5, 1, 3}, {10, 3, 3}}

// ComparePBS computes the closed form and a Monte Carlo estimate of trials draws from rng for
// each of PBSConfigs, and fails if any two are more than PBSTolerance apart. It returns the rows
// computed so far either way.
func ComparePBS(trials int, rng *rand.Rand) ([]PBSRow, error) {
	var rows []PBSRow
	for _, c := range PBSConfigs {
		closed, err := quorum.StaleReadProbability(c[0], c[1], c[2])
		if err != nil {
			return rows, err
		}
		mc, err := quorum.SimulateStaleRead(c[0], c[1], c[2], trials, rng)
		if err != nil {
			return rows, err
		}
		rows = append(rows, PBSRow{N: c[0], R: c[1], W: c[2], ClosedForm: closed, MonteCarlo: mc})
		if math.Abs(closed-mc) > PBSTolerance {
			return rows, fmt.Errorf("PBS (N=%d, R=%d, W=%d): Monte Carlo %.4f and closed form %.4f differ by more than %.1f points",
				c[0], c[1], c[2], mc, closed, 100*PBSTolerance)
		}
	}
	return rows, nil
}

// SloppyExample is the sloppy-quorum model CheckSloppy runs: N=3, R=2, W=2 with three fallback
// nodes, each node unreachable in 20% of operations, and hinted handoff completing before the
// read in half of them.
var SloppyExample = quorum.SloppyModel{N: 3, R: 2, W: 2, Fallbacks: 3, Unreachable: 0.2, HandoffBeforeRead: 0.5}

// CheckSloppy runs SloppyExample for trials draws and fails if strict quorums, whose R+W > N,
// ever read stale data.
func CheckSloppy(trials int, rng *rand.Rand) (quorum.SloppyResult, error) {
	res, err := quorum.SimulateSloppy(SloppyExample, trials, rng)
	if err != nil {
		return res, err
	}
	if res.StrictStale != 0 {
		return res, fmt.Errorf("strict quorums with R+W > N read stale data in %.4f of trials", res.StrictStale)
	}
	return res, nil
}
