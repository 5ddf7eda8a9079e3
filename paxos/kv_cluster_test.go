package paxos_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// kvClient appends tokens "c<id>.<seq>" to one key, one command at a time, retrying the
// same command (same ClientID and Seq) at whichever node leads until a replica applied it.
type kvClient struct {
	id, seq uint64
	last    int // round of the last (re)send
}

func (cl *kvClient) command() paxostest.KVCommand {
	return paxostest.KVCommand{ClientID: cl.id, Seq: cl.seq, Op: paxostest.OpAppend, Key: "k", Value: fmt.Sprintf("c%d.%d ", cl.id, cl.seq)}
}

func applied(c *paxostest.Cluster, client, seq uint64) bool {
	for _, id := range c.IDs {
		for _, r := range c.Results[id] {
			if r.ClientID == client && r.Seq == seq {
				return true
			}
		}
	}
	return false
}

// Tests MPAXOS-11, MPAXOS-7, MPAXOS-10.
func TestKVClientsExactlyOnceUnderFaults(t *testing.T) {
	const perClient = 25
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		c := newCluster(t, 3, func(cfg *paxos.Config) {
			cfg.ElectionTicks = 4
			cfg.HeartbeatTicks = 1
			cfg.Rand = rand.New(rand.NewPCG(seed, uint64(cfg.ID)))
		})
		clients := []*kvClient{{id: 1, seq: 1, last: -100}, {id: 2, seq: 1, last: -100}, {id: 3, seq: 1, last: -100}}
		done := func() bool {
			for _, cl := range clients {
				if cl.seq <= perClient {
					return false
				}
			}
			return true
		}
		round := 0
		for ; round < 3000 && !done(); round++ {
			faulty := round < 600
			for _, id := range c.IDs {
				must(t, c.Tick(id))
			}
			if faulty && rng.IntN(15) == 0 {
				c.Heal()
				if rng.IntN(2) == 0 {
					lone := c.IDs[rng.IntN(3)]
					var rest []paxos.NodeID
					for _, id := range c.IDs {
						if id != lone {
							rest = append(rest, id)
						}
					}
					c.Partition([]paxos.NodeID{lone}, rest)
				}
			}
			if faulty && rng.IntN(12) == 0 {
				victim := c.IDs[rng.IntN(3)]
				if c.Down(victim) {
					must(t, c.Restart(victim))
				} else {
					c.Crash(victim)
				}
			}
			if !faulty {
				c.Heal()
				for _, id := range c.IDs {
					if c.Down(id) {
						must(t, c.Restart(id))
					}
				}
			}
			for _, cl := range clients {
				if cl.seq > perClient {
					continue
				}
				if applied(c, cl.id, cl.seq) {
					cl.seq++
					cl.last = -100
					continue
				}
				if round-cl.last >= 3 { // timeout: retry at the current leader
					if l := c.Leader(); l != 0 {
						cl.last = round
						if err := c.Propose(l, cl.command().Encode()); err != nil && err != paxos.ErrNotLeader {
							t.Fatal(err)
						}
					}
				}
			}
			// Deliver messages, losing and duplicating some while faulty.
			for steps := 0; len(c.InFlight) > 0 && steps < 200; steps++ {
				i := 0
				if faulty {
					i = rng.IntN(len(c.InFlight))
					switch rng.IntN(10) {
					case 0:
						c.InFlight = append(c.InFlight[:i], c.InFlight[i+1:]...)
						continue
					case 1:
						c.InFlight = append(c.InFlight, c.InFlight[i])
					}
				}
				if _, err := c.Deliver(i); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !done() {
			t.Fatalf("seed %d: clients stuck after %d rounds at seqs %d, %d, %d", seed, round, clients[0].seq, clients[1].seq, clients[2].seq)
		}
		must(t, c.CheckAgreement())
		t.Logf("seed %d: %d rounds, %d log entries for %d commands", seed, round, len(c.Log[c.Leader()]), 3*perClient)
		// Every token exactly once, each client's in order, at the replica that applied most.
		var best paxos.NodeID = 1
		for _, id := range c.IDs {
			if c.KV[id].Applied() > c.KV[best].Applied() {
				best = id
			}
		}
		value, _ := c.KV[best].Get("k")
		tokens := strings.Fields(value)
		for _, cl := range clients {
			var mine []string
			for _, tok := range tokens {
				if strings.HasPrefix(tok, fmt.Sprintf("c%d.", cl.id)) {
					mine = append(mine, tok)
				}
			}
			var want []string
			for s := 1; s <= perClient; s++ {
				want = append(want, fmt.Sprintf("c%d.%d", cl.id, s))
			}
			if fmt.Sprint(mine) != fmt.Sprint(want) {
				t.Fatalf("seed %d: client %d's appends applied as %v, want each once in order %v", seed, cl.id, mine, want)
			}
		}
	}
}
