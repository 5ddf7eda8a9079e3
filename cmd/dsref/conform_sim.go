package main

import (
	"fmt"
	"io"
	"time"

	"github.com/dsref/dsref/harness/sim"
)

func init() {
	registerConformStage(200, "simulate raft, paxos and the per-slot synod log under faults", conformSim)
}

// conformSim runs a few hundred seeds of each protocol on 3- and 5-node clusters under the
// simulator's swarm faults and fails if any seed finds a violation.
func conformSim(w io.Writer, opts conformOptions) error {
	seeds := 150 // per protocol and cluster size: 300 per protocol
	if opts.Short {
		seeds = 25
	}
	failed := 0
	for _, name := range []string{"raft", "paxos", "synod"} {
		p := simProtocols[name]
		for _, nodes := range []int{3, 5} {
			start := time.Now()
			var simTime time.Duration
			bad := 0
			for seed := uint64(1); seed <= uint64(seeds); seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 20})
				if err != nil {
					return err
				}
				simTime += res.SimTime
				if res.Failure != nil {
					bad++
					if bad <= 2 {
						fmt.Fprint(w, res.Report())
					}
				}
			}
			failed += bad
			fmt.Fprintf(w, "%-5s %d nodes: %d seeds, %d violations, %v simulated in %v\n",
				name, nodes, seeds, bad, simTime.Round(time.Second), time.Since(start).Round(time.Millisecond))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d seeds found violations", failed)
	}
	return nil
}
