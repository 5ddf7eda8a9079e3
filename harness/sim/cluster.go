package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// Cluster is a simulated cluster. It is made of parts, one per concern, that share a world
// (simulated time, the agenda, the event log, the seed's source): the nodes with their disks and
// clocks (nodeSet), the network between them (network), the clients and their history
// (workload), the State Machine Safety check (agreement) and the fault injector (nemesis). The
// Cluster itself routes events and node output between the parts. Both the seeded runner (Run)
// and the rapid state machine (ScheduleProperty) drive a Cluster through the same primitive
// operations.
type Cluster struct {
	world
	n       int
	opts    Options
	nodes   nodeSet
	net     *network
	clients workload
	agree   agreement
	nem     nemesis
	trace   *traceRecorder
}

// NewCluster starts a cluster of opts.Nodes nodes of protocol p.
func NewCluster(p Protocol, opts Options) (*Cluster, error) {
	if p == nil {
		return nil, errors.New("sim: no protocol")
	}
	if err := opts.setDefaults(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	c := &Cluster{n: opts.Nodes, opts: opts}
	c.world = world{rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), log: newEventLog(opts.Log)}
	c.net = newNetwork(&c.world, p, opts.Nodes, opts.OnSend)
	c.nodes = nodeSet{w: &c.world, proto: p, checker: p.NewChecker(opts.Nodes), slots: make([]*slot, c.n+1)}
	if opts.Trace != nil {
		c.trace = newTraceRecorder(opts.Trace, c)
	}
	faults := opts.Faults
	if faults == nil {
		drawn := DrawFaults(c.rng)
		faults = &drawn
	}
	c.net.faults = *faults
	c.nem = nemesis{w: &c.world, nodes: &c.nodes, net: c.net, inject: c.inject, mix: *faults}
	c.nem.rng = rand.New(rand.NewPCG(c.rng.Uint64(), c.rng.Uint64()))
	c.clients = workload{w: &c.world, n: c.n, opts: &c.opts, readCtx: map[string]Command{}}
	c.clients.useReadIndex = c.rng.IntN(2) == 0
	c.nodes.base = NodeConfig{
		Mutation: opts.Mutation, ElectionTicks: opts.ElectionTicks, HeartbeatTicks: opts.HeartbeatTicks,
		Variant: c.rng.Uint64(),
	}
	if c.trace != nil {
		c.nodes.base.Trace = c.trace
	}
	for id := 1; id <= c.n; id++ {
		s := &slot{id: id, disk: &Disk{}, tickGap: opts.Tick}
		s.rng = rand.New(rand.NewPCG(c.rng.Uint64(), uint64(id)))
		if faults.Drift > 0 {
			s.tickGap = time.Duration(float64(opts.Tick) * (1 + faults.Drift*(2*c.rng.Float64()-1)))
		}
		first := opts.Tick
		if faults.ClockSkew > 0 {
			first += time.Duration(c.rng.Int64N(int64(faults.ClockSkew) + 1))
		}
		c.nodes.slots[id] = s
		if err := c.start(s, first); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= opts.Clients; i++ {
		c.clients.add()
	}
	return c, nil
}

// Now is the simulated time.
func (c *Cluster) Now() time.Duration { return c.now }

// Steps is the number of events processed so far.
func (c *Cluster) Steps() int { return c.steps }

// Faults is the network's current fault mix.
func (c *Cluster) Faults() Faults { return c.net.faults }

// Failure is the first violation found, or nil.
func (c *Cluster) Failure() *Failure { return c.failure }

// Hash is the FNV-1a digest of the event log so far.
func (c *Cluster) Hash() uint64 { return c.log.hash }

// N is the number of nodes.
func (c *Cluster) N() int { return c.n }

// Node returns node id, or nil while it is crashed.
func (c *Cluster) Node(id int) Node { return c.nodes.get(id).node }

// Disk returns node id's disk.
func (c *Cluster) Disk(id int) *Disk { return c.nodes.get(id).disk }

// Links returns the current connectivity.
func (c *Cluster) Links() Links { return c.net.links }

// start boots a node on its slot's disk, schedules its first tick after delay and handles its
// first output.
func (c *Cluster) start(s *slot, delay time.Duration) error {
	if err := c.nodes.boot(s, delay); err != nil {
		return err
	}
	return c.drain(s)
}

// drain collects a node's output, applies it and sends its messages; a disk error means the node
// died while persisting.
func (c *Cluster) drain(s *slot) error {
	out, err := s.node.Drain()
	if err != nil {
		if errors.Is(err, ErrDiskCrashed) {
			c.logf("crash n%d during fsync", s.id)
			c.nodes.kill(s)
			return nil
		}
		c.fail(FailError, fmt.Errorf("node %d: %w", s.id, err))
		return err
	}
	for _, a := range out.Applied {
		c.apply(s, a)
	}
	for _, r := range out.Reads {
		cmd, ok := c.clients.readCtx[string(r.Ctx)]
		if !ok {
			continue // a read nobody waits for any more
		}
		s.reads = append(s.reads, pendingRead{cmd: cmd, index: r.Index})
	}
	c.serveReads(s)
	for _, m := range out.Messages {
		c.net.send(m)
	}
	return nil
}

func (c *Cluster) serveReads(s *slot) {
	kept := s.reads[:0]
	for _, r := range s.reads {
		if r.index > s.applied {
			kept = append(kept, r)
			continue
		}
		c.logf("read n%d c%d index=%d", s.id, r.cmd.Client, r.index)
		c.clients.complete(r.cmd, s.kv.Get(r.cmd.Key))
	}
	s.reads = kept
}

// apply feeds one applied log position to the node's state machine, checks that every node applies
// the same command at each index (State Machine Safety, per-slot agreement), and completes the
// client operation it carries.
func (c *Cluster) apply(s *slot, a Applied) {
	b := c.log.begin(c.now)
	b = append(b, "apply n"...)
	b = strconv.AppendInt(b, int64(s.id), 10)
	b = append(b, " i="...)
	b = strconv.AppendUint(b, a.Index, 10)
	b = append(b, " len="...)
	b = strconv.AppendInt(b, int64(len(a.Cmd)), 10)
	c.log.end(b)
	if err := c.agree.record(s.id, a.Index, a.Cmd); err != nil {
		c.fail(FailInvariant, err)
	}
	if len(a.Cmd) == 0 {
		s.applied = max(s.applied, a.Index)
		return
	}
	cmd, err := DecodeCommand(a.Cmd)
	if err != nil {
		c.fail(FailInvariant, fmt.Errorf("node %d applied a command that is not a client's at index %d: %w", s.id, a.Index, err))
		return
	}
	s.applied = max(s.applied, a.Index)
	result := s.kv.Apply(cmd)
	c.clients.complete(cmd, result)
}
