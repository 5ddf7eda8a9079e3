package capture

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/dsref/dsref/harness/sim"
)

// ScheduleOptions give the captured nodes' timers and the simulator's, so that the schedule
// keeps the capture's timing in election timeouts.
type ScheduleOptions struct {
	// Tick and ElectionTicks are the nodes' (dsref kv -tick, -election-ticks; by default
	// dsref kv's 10 ms and 30).
	Tick          time.Duration
	ElectionTicks int
	// SimTick and SimElectionTicks are the simulator's (sim.Options; by default its 100 ms
	// and 10).
	SimTick          time.Duration
	SimElectionTicks int
}

func (o *ScheduleOptions) defaults() {
	if o.Tick <= 0 {
		o.Tick = 10 * time.Millisecond
	}
	if o.ElectionTicks <= 0 {
		o.ElectionTicks = 30
	}
	if o.SimTick <= 0 {
		o.SimTick = 100 * time.Millisecond
	}
	if o.SimElectionTicks <= 0 {
		o.SimElectionTicks = 10
	}
}

// A Schedule is a capture turned into a fault schedule of the simulator (harness/sim): a
// failure seen in the field becomes a run that replays from a seed (dsref sim -schedule).
type Schedule struct {
	// Nodes maps the capture's node IDs to the simulator's nodes (1..n, in the order of the
	// IDs).
	Nodes map[uint64]int
	// Steps are the crashes and restarts the capture shows (a node that closed every
	// connection and later opened new ones: on loopback, with direct connections, a
	// restart; it is up again from the first connection it opens or accepts), at the
	// simulated times that keep their distance from the capture's first
	// frame in election timeouts.
	Steps []sim.FaultStep
	// Length is the simulated length of the captured run: the fault phase of the run that
	// replays it.
	Length time.Duration
	// Scale is simulated time per captured second.
	Scale float64
}

// BuildSchedule turns a complete capture into a simulator schedule. What the simulator
// cannot take from a capture: the order of deliveries and the nodes' timer draws follow the
// run's seed (the simulator has no step that forces a delivery), and frames are not dropped
// on a TCP connection, only lost with it (a crash).
func BuildSchedule(c *Capture, opts ScheduleOptions) (*Schedule, error) {
	opts.defaults()
	if err := c.Complete(); err != nil {
		return nil, fmt.Errorf("%s cannot be turned into a schedule: %w", c.File, err)
	}
	msgs := c.Messages()
	if len(msgs) == 0 {
		return nil, fmt.Errorf("%s holds no dsref message frame", c.File)
	}
	var ids []uint64
	seen := map[uint64]bool{}
	for _, f := range msgs {
		for _, n := range []uint64{f.From, f.To} {
			if !seen[n] {
				seen[n] = true
				ids = append(ids, n)
			}
		}
	}
	slices.Sort(ids)
	if len(ids) > 9 {
		return nil, fmt.Errorf("%s: %d nodes, more than the simulator runs (9)", c.File, len(ids))
	}
	s := &Schedule{Nodes: map[uint64]int{}}
	for k, id := range ids {
		s.Nodes[id] = k + 1
	}
	t0, end := msgs[0].Time, msgs[0].Time
	for _, f := range msgs {
		if f.Time.Before(t0) {
			t0 = f.Time
		}
		if f.Time.After(end) {
			end = f.Time
		}
	}
	s.Scale = float64(opts.SimTick*time.Duration(opts.SimElectionTicks)) / float64(opts.Tick*time.Duration(opts.ElectionTicks))
	at := func(t time.Time) time.Duration {
		d := time.Duration(float64(t.Sub(t0)) * s.Scale)
		return max(d.Round(time.Millisecond), 0)
	}

	// Per node, its incarnations' streams: a crash when the last of an incarnation's
	// connections closed, a restart when the next one opened its first.
	count := map[uint64]int{}
	inc := incarnations(c, count)
	type span struct{ closed, opened time.Time }
	for _, id := range ids {
		spans := make([]span, count[id]+1)
		for _, st := range c.Streams {
			if st.Hello == nil || st.Hello.From != id {
				continue
			}
			k := inc[st.ID]
			if st.Closed && st.ClosedAt.After(spans[k].closed) {
				spans[k].closed = st.ClosedAt
			}
			if spans[k].opened.IsZero() || st.Start.Before(spans[k].opened) {
				spans[k].opened = st.Start
			}
		}
		for k := 1; k < count[id]; k++ {
			// A peer's connection to the node, opened after the crash, shows it up too
			// (a restarted follower opens its own connections only when it first replies).
			up := spans[k+1].opened
			for _, st := range c.Streams {
				if st.Hello != nil && st.Hello.To == id && st.Start.After(spans[k].closed) && st.Start.Before(up) {
					up = st.Start
				}
			}
			crash, restart := at(spans[k].closed), at(up)
			if restart <= crash {
				restart = crash + time.Millisecond
			}
			s.Steps = append(s.Steps,
				sim.FaultStep{At: crash, Kind: sim.FaultCrash, Node: s.Nodes[id]},
				sim.FaultStep{At: restart, Kind: sim.FaultRestart, Node: s.Nodes[id]})
		}
	}
	sort.SliceStable(s.Steps, func(i, j int) bool { return s.Steps[i].At < s.Steps[j].At })
	s.Length = max(at(end), time.Second)
	for _, st := range s.Steps {
		s.Length = max(s.Length, st.At+time.Millisecond)
	}
	if err := sim.ValidateSchedule(s.Steps, len(ids), s.Length); err != nil {
		return nil, fmt.Errorf("%s: the capture's crashes and restarts are no schedule of the simulator: %w", c.File, err)
	}
	return s, nil
}

// Command is the dsref sim command line that runs the schedule with seed (protocol raft,
// the capture's number of nodes, the planted bug mutation if not empty).
func (s *Schedule) Command(seed uint64, mutation string) string {
	cmd := fmt.Sprintf("dsref sim -protocol raft -nodes %d -seed %d -fault-phase %v", len(s.Nodes), seed, s.Length)
	if mutation != "" {
		cmd += " -mutation " + mutation
	}
	return cmd + " -schedule '" + sim.FormatSchedule(s.Steps) + "'"
}
