package sim

import (
	"time"

	"pgregory.net/rapid"
)

// ScheduleProperty is a rapid property whose actions are scheduler decisions on a cluster of the
// given protocol: deliver a chosen message now (reordering), drop one, let time pass, partition,
// heal, crash, restart, pause, resume, or start a client operation. Invariants are checked after
// every action; at the end the network heals, the cluster runs for twenty election timeouts and
// the client history must be linearizable. When it fails, rapid shrinks the action sequence to a
// minimal schedule and prints it with the failure.
func ScheduleProperty(p Protocol, nodes int, mutation string) func(*rapid.T) {
	return func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		faults := NoFaults(time.Millisecond)
		c, err := NewCluster(p, Options{Nodes: nodes, Seed: seed, Mutation: mutation, Faults: &faults})
		if err != nil {
			t.Fatalf("%v", err)
		}
		for _, cl := range c.clients.clients {
			cl.op = -1
		}
		c.clients.issuing = false
		node := rapid.IntRange(1, nodes)
		t.Repeat(map[string]func(*rapid.T){
			"deliver": func(t *rapid.T) {
				if n := c.InFlight(); n > 0 {
					c.DeliverNow(rapid.IntRange(0, n-1).Draw(t, "message"))
				}
			},
			"drop": func(t *rapid.T) {
				if n := c.InFlight(); n > 0 {
					c.DropNow(rapid.IntRange(0, n-1).Draw(t, "message"))
				}
			},
			"advance": func(t *rapid.T) {
				ms := rapid.IntRange(1, 500).Draw(t, "ms")
				c.RunUntil(c.now + time.Duration(ms)*time.Millisecond)
			},
			"partition": func(t *rapid.T) {
				c.Partition(PartitionShape(rapid.IntRange(0, int(numPartitionShapes)-1).Draw(t, "shape")))
			},
			"heal":    func(t *rapid.T) { c.HealLinks() },
			"crash":   func(t *rapid.T) { c.Crash(node.Draw(t, "node")) },
			"restart": func(t *rapid.T) { c.Restart(node.Draw(t, "node")) },
			"pause":   func(t *rapid.T) { c.Pause(node.Draw(t, "node")) },
			"resume":  func(t *rapid.T) { c.Resume(node.Draw(t, "node")) },
			"client": func(t *rapid.T) {
				c.Invoke(rapid.IntRange(1, len(c.clients.clients)).Draw(t, "client"))
			},
			"": func(t *rapid.T) {
				if f := c.Failure(); f != nil {
					t.Fatalf("seed %d: %v", seed, f)
				}
			},
		})
		c.heal()
		c.RunUntil(c.now + 20*c.opts.electionTimeout())
		if f := c.Failure(); f != nil {
			t.Fatalf("seed %d, after healing: %v", seed, f)
		}
		if err := checkLinearizable(c.clients.history, 10*time.Second); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}
