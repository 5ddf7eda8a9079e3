package paxos_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// draw returns a choice in [0, n) named label: from rapid in property tests, from a seeded
// generator when hunting planted bugs.
type draw func(label string, n int) int

func rapidDraw(t *rapid.T) draw {
	return func(label string, n int) int { return rapid.IntRange(0, n-1).Draw(t, label) }
}

// chaos drives a Multi-Paxos cluster through a drawn schedule of deliveries, drops,
// duplications, ticks, proposals, campaigns, crashes, restarts, partitions and log
// compactions, checking safety after every step.
func chaos(d draw, c *paxostest.Cluster, steps int) error {
	return chaosWith(d, c, steps, chaosOptions{compact: true})
}

// chaosOptions change what chaosWith does.
type chaosOptions struct {
	compact bool       // nodes compact their logs now and then (else that action heals)
	forge   func(draw) // when set, the network also receives the messages forge puts in flight (one action in 41)
}

// chaosWith is chaos with options.
func chaosWith(d draw, c *paxostest.Cluster, steps int, opts chaosOptions) error {
	forge := opts.forge
	ids := c.IDs
	pick := func(label string) paxos.NodeID { return ids[d(label, len(ids))] }
	proposed := 0
	actions := 40
	if forge != nil {
		actions = 41
	}
	for step := 0; step < steps; step++ {
		switch a := d("action", actions); {
		case a == 40:
			forge(d)
		case a < 18:
			if len(c.InFlight) > 0 {
				i := d("msg", len(c.InFlight))
				if _, err := c.Deliver(i); err != nil {
					return err
				}
			}
		case a == 18:
			if len(c.InFlight) > 0 {
				i := d("drop", len(c.InFlight))
				c.InFlight = slices.Delete(c.InFlight, i, i+1)
			}
		case a == 19:
			if len(c.InFlight) > 0 {
				i := d("dup", len(c.InFlight))
				c.InFlight = append(c.InFlight, c.InFlight[i])
			}
		case a < 27:
			if err := c.Tick(pick("tick")); err != nil {
				return err
			}
		case a < 34:
			// A client sends to the node it believes leads (any node if none does).
			id := c.Leader()
			if id == 0 {
				id = pick("proposer")
			}
			if !c.Down(id) {
				proposed++
				err := c.Propose(id, []byte(fmt.Sprint("cmd", proposed)))
				if err != nil && err != paxos.ErrNotLeader {
					return err
				}
			}
		case a == 34:
			if id := pick("campaign"); !c.Down(id) {
				if err := c.Campaign(id); err != nil && !errors.Is(err, paxos.ErrBehind) && !errors.Is(err, paxos.ErrBallotExhausted) {
					return err
				}
			}
		case a == 35:
			id := pick("crash")
			if c.Down(id) {
				if err := c.Restart(id); err != nil {
					return err
				}
			} else {
				c.Crash(id)
			}
		case a == 36:
			cut := 1 + d("cut", len(ids)-1)
			c.Partition(ids[:cut], ids[cut:])
		case a == 37 && opts.compact:
			// The application snapshots its store and the node compacts its log (votes
			// and decided values) up to the applied slot.
			if id := pick("compact"); !c.Down(id) {
				if err := c.Compact(id); err != nil && !errors.Is(err, paxos.ErrCompacted) {
					return err
				}
			}
		case a < 40:
			c.Heal()
		}
		if err := c.CheckAgreement(); err != nil {
			return fmt.Errorf("step %d: %w", step, err)
		}
		if err := checkVotesBelowPromise(c); err != nil {
			return fmt.Errorf("step %d: %w", step, err)
		}
	}
	return nil
}

// checkVotesBelowPromise checks on stable storage that no acceptor holds a vote above its
// promise (it would have had to vote before promising, or forget a promise).
func checkVotesBelowPromise(c *paxostest.Cluster) error {
	for _, id := range c.IDs {
		st := c.Storage[id].State()
		for _, e := range st.Accepted {
			if e.Ballot > st.Promised {
				return fmt.Errorf("node %d persisted a vote in %v for slot %d above its promise %v", id, e.Ballot, e.Slot, st.Promised)
			}
		}
	}
	return nil
}

// settle heals the cluster, restarts crashed nodes, and runs ticks and deliveries until a
// marker command is applied everywhere; it fails if that takes more than maxRounds.
func settle(t interface {
	Fatal(...any)
	Fatalf(string, ...any)
}, c *paxostest.Cluster, maxRounds int) int {
	c.Heal()
	for _, id := range c.IDs {
		if c.Down(id) {
			if err := c.Restart(id); err != nil {
				t.Fatal(err)
			}
		}
	}
	marker := []byte("marker")
	proposedAt := paxos.Ballot(0)
	for round := 0; round < maxRounds; round++ {
		for _, id := range c.IDs {
			if err := c.Tick(id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.DeliverAll(); err != nil {
			t.Fatal(err)
		}
		if l := c.Leader(); l != 0 && c.Nodes[l].Status().Ballot != proposedAt {
			// A new leader: (re)propose the marker, as a client would after a timeout.
			proposedAt = c.Nodes[l].Status().Ballot
			if err := c.Propose(l, marker); err != nil {
				t.Fatal(err)
			}
		}
		done := true
		for _, id := range c.IDs {
			log := c.Log[id]
			if !slices.ContainsFunc(log, func(e paxos.Entry) bool { return string(e.Data) == "marker" }) {
				done = false
			}
		}
		if done {
			if err := c.CheckAgreement(); err != nil {
				t.Fatal(err)
			}
			return round
		}
	}
	t.Fatalf("no progress after %d rounds of healed network: leader %d, status %v", maxRounds, c.Leader(), statuses(c))
	return maxRounds
}

func statuses(c *paxostest.Cluster) []paxos.Status {
	var out []paxos.Status
	for _, id := range c.IDs {
		out = append(out, c.Nodes[id].Status())
	}
	return out
}

// Tests MPAXOS-10, PAXOS-9, PAXOS-4, MPAXOS-7, MPAXOS-9.
func TestPropertyMultiPaxosSafeUnderChaos(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{3, 5}).Draw(t, "n")
		batch := rapid.IntRange(1, 4).Draw(t, "batch")
		seed := rapid.Uint64().Draw(t, "seed")
		c, err := paxostest.NewCluster(n, func(cfg *paxos.Config) {
			cfg.MaxBatch = batch
			cfg.Window = 8
			cfg.ElectionTicks = 4
			cfg.HeartbeatTicks = 1
			cfg.Rand = rand.New(rand.NewPCG(seed, uint64(cfg.ID)))
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := chaos(rapidDraw(t), c, chaosSteps()); err != nil {
			t.Fatal(err)
		}
		settle(t, c, 400)
	})
}

// Tests FPAXOS-3, MPAXOS-10.
func TestPropertyFlexibleQuorumsSafe(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := 4
		q1 := rapid.IntRange(1, n).Draw(t, "q1")
		q2 := n + 1 - q1 // the smallest phase-2 quorum that still intersects
		c, err := paxostest.NewCluster(n, func(cfg *paxos.Config) {
			cfg.Quorums = paxos.Quorums{Phase1: q1, Phase2: q2}
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := chaos(rapidDraw(t), c, chaosSteps()); err != nil {
			t.Fatal(err)
		}
		settle(t, c, 400)
	})
}

// Tests MPAXOS-8.
func TestPropertyDuellingProposersSettle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		c, err := paxostest.NewCluster(3, func(cfg *paxos.Config) {
			cfg.Rand = rand.New(rand.NewPCG(seed, uint64(cfg.ID)))
		})
		if err != nil {
			t.Fatal(err)
		}
		// Everyone campaigns at once, repeatedly, before any message moves.
		for _, id := range c.IDs {
			if err := c.Campaign(id); err != nil {
				t.Fatal(err)
			}
		}
		settle(t, c, 300)
	})
}

// synodChaos is chaos for single-decree Paxos.
//
// Tests PAXOS-9, PAXOS-7, PAXOS-8, PAXOS-6.
func TestPropertySynodSafeUnderChaos(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{3, 5}).Draw(t, "n")
		c, err := paxostest.NewSynodCluster(n, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids := c.IDs
		down := map[paxos.NodeID]bool{}
		for step := 0; step < 200; step++ {
			switch rapid.IntRange(0, 7).Draw(t, "action") {
			case 0, 1, 2:
				if len(c.InFlight) > 0 {
					i := rapid.IntRange(0, len(c.InFlight)-1).Draw(t, "msg")
					m := c.InFlight[i]
					c.InFlight = slices.Delete(c.InFlight, i, i+1)
					if !down[m.To] {
						if err := c.Nodes[m.To].Step(m); err != nil {
							t.Fatal(err)
						}
						if err := c.Process(m.To); err != nil {
							t.Fatal(err)
						}
					}
				}
			case 3:
				if len(c.InFlight) > 0 {
					i := rapid.IntRange(0, len(c.InFlight)-1).Draw(t, "drop")
					c.InFlight = slices.Delete(c.InFlight, i, i+1)
				}
			case 4:
				if len(c.InFlight) > 0 {
					i := rapid.IntRange(0, len(c.InFlight)-1).Draw(t, "dup")
					c.InFlight = append(c.InFlight, c.InFlight[i])
				}
			case 5:
				if id := rapid.SampledFrom(ids).Draw(t, "tick"); !down[id] {
					if err := c.Tick(id); err != nil {
						t.Fatal(err)
					}
				}
			case 6:
				if id := rapid.SampledFrom(ids).Draw(t, "proposer"); !down[id] {
					err := c.Propose(id, fmt.Sprint("v", id))
					if err != nil && err != paxos.ErrDecided {
						t.Fatal(err)
					}
				}
			case 7:
				id := rapid.SampledFrom(ids).Draw(t, "crash")
				if down[id] {
					if err := c.Restart(id); err != nil {
						t.Fatal(err)
					}
					down[id] = false
				} else {
					c.Crash(id)
					down[id] = true
				}
			}
			if err := c.CheckAgreement(); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
		}
		// Validity: anything learned was proposed by someone.
		for id, e := range c.Learned {
			if len(e.Data) < 2 || e.Data[0] != 'v' {
				t.Fatalf("node %d learned %q, which nobody proposed", id, e.Data)
			}
		}
	})
}

// chaosSteps is the length of a chaos schedule: 300 steps, or 3000 with DSREF_SOAK=1.
func chaosSteps() int {
	if os.Getenv("DSREF_SOAK") == "1" {
		return 3000
	}
	return 300
}
