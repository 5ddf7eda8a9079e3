package main

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/dsref/dsref/quorum"
	"github.com/dsref/dsref/quorum/quorumtest"
)

func init() {
	registerConformStage(160, "quorum: intersection of every system with N <= 7, PBS summary", conformQuorum)
}

// conformQuorum checks every small quorum configuration through quorum.Parse against
// quorumtest's closed-form and brute-force oracle, then prints the PBS closed form beside a
// seeded Monte Carlo run and a sloppy-quorum simulation, failing where they disagree.
func conformQuorum(w io.Writer, opts conformOptions) error {
	const maxN = 7
	tally, err := quorumtest.CheckParse(quorum.Parse, maxN)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d configurations accepted and verified exhaustively, %d rejected with disjoint quorums\n", tally.Accepted, tally.Rejected)

	trials := 1_000_000
	if opts.Short {
		trials = 100_000
	}
	rng := rand.New(rand.NewPCG(2012, 3))
	fmt.Fprintf(w, "PBS stale-read probability, closed form vs %d-trial Monte Carlo:\n", trials)
	rows, err := quorumtest.ComparePBS(trials, rng)
	for _, r := range rows {
		fmt.Fprintf(w, "  N=%-2d R=%d W=%d  closed form %6.2f%%  Monte Carlo %6.2f%%\n", r.N, r.R, r.W, 100*r.ClosedForm, 100*r.MonteCarlo)
	}
	if err != nil {
		return err
	}
	res, err := quorumtest.CheckSloppy(trials, rng)
	m := quorumtest.SloppyExample
	fmt.Fprintf(w, "N=%d R=%d W=%d, %d fallbacks, nodes unreachable %.0f%% per operation, handoff before read %.0f%%:\n",
		m.N, m.R, m.W, m.Fallbacks, 100*m.Unreachable, 100*m.HandoffBeforeRead)
	fmt.Fprintf(w, "  strict quorums: available %5.1f%%, stale reads %5.2f%%\n", 100*res.StrictAvailable, 100*res.StrictStale)
	fmt.Fprintf(w, "  sloppy quorums: available %5.1f%%, stale reads %5.2f%%\n", 100*res.SloppyAvailable, 100*res.SloppyStale)
	return err
}
