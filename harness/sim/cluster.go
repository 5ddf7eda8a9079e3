package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/dsref/dsref/raft/session"
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
	snaps   snapshots // digests of the state machine snapshots handed to nodes (snapshot.go)
	nem     nemesis
	trace   *traceRecorder
	// sessions records the session trace (Options.SessionTrace); nil: none.
	sessions *sessionTracer
	counts   FaultCounts // the faults applied so far
	// scriptErr is set when a scripted step turns out impossible as the run reaches it (a
	// replay of more messages than were delivered); the run stops.
	scriptErr error
	progress  *progress // nil: no progress lines
	// opRng is the source of the protocol's operations (Operator), nil if it has none.
	opRng *rand.Rand
}

// NewCluster starts a cluster of opts.Nodes nodes of protocol p.
func NewCluster(p Protocol, opts Options) (*Cluster, error) { return newCluster(p, opts, nil) }

// newCluster starts a cluster whose faults are drawn from the seed (opts.Faults nil), given
// (opts.Faults), or, when script is not nil, those of the script alone. A scripted cluster draws
// everything a seeded one draws, so that both consume the seed's source alike and a run replayed
// with its own schedule is the run itself; it then keeps only the script's faults.
func newCluster(p Protocol, opts Options, script []FaultStep) (*Cluster, error) {
	if p == nil {
		return nil, errors.New("sim: no protocol")
	}
	if err := opts.setDefaults(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	c := &Cluster{n: opts.Nodes, opts: opts}
	c.world = world{rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), log: newEventLog(opts.Log)}
	c.net = newNetwork(&c.world, p, opts.Nodes, opts.OnSend, &c.counts)
	c.nodes = nodeSet{w: &c.world, proto: p, checker: p.NewChecker(opts.Nodes), slots: make([]*slot, c.n+1), sessions: sessionConfig(&opts)}
	if opts.Trace != nil || opts.TraceEvents != nil {
		c.trace = newTraceRecorder(opts.Trace, opts.TraceEvents, c, p)
		c.world.trace = c.trace
	}
	if c.sessions = newSessionTracer(c); c.sessions != nil {
		c.nodes.tracer = c.sessions
		c.sessions.header(c.n, c.nodes.sessions)
	}
	faults := opts.Faults
	if faults == nil {
		drawn := DrawFaults(c.rng)
		faults = &drawn
	}
	c.nem = nemesis{w: &c.world, nodes: &c.nodes, net: c.net, inject: c.inject, mix: *faults, st: newScheduleState(c.n)}
	c.nem.rng = rand.New(rand.NewPCG(c.rng.Uint64(), c.rng.Uint64()))
	c.clients = workload{w: &c.world, n: c.n, opts: &c.opts, readCtx: map[string]Command{}}
	c.clients.useReadIndex = c.rng.IntN(2) == 0
	c.clients.impatient = c.rng.IntN(2) == 0
	c.nodes.base = NodeConfig{
		Mutation: opts.Mutation, ElectionTicks: opts.ElectionTicks, HeartbeatTicks: opts.HeartbeatTicks,
		Variant: c.rng.Uint64(),
	}
	if c.trace != nil {
		c.nodes.base.Trace = c.trace
		c.trace.header(opts.Seed, c.nodes.base.Variant)
	}
	// Each node's clock: how long its ticks are (drift) and how late its first tick comes (skew).
	tickGap, firstTick := make([]time.Duration, c.n+1), make([]time.Duration, c.n+1)
	for id := 1; id <= c.n; id++ {
		s := &slot{id: id, disk: &Disk{}, tickGap: opts.Tick, firstTick: opts.Tick}
		s.rng = rand.New(rand.NewPCG(c.rng.Uint64(), uint64(id)))
		tickGap[id], firstTick[id] = opts.Tick, opts.Tick
		if faults.Drift > 0 {
			tickGap[id] = time.Duration(float64(opts.Tick) * (1 + faults.Drift*(2*c.rng.Float64()-1)))
		}
		if faults.ClockSkew > 0 {
			firstTick[id] += time.Duration(c.rng.Int64N(int64(faults.ClockSkew) + 1))
		}
		c.nodes.slots[id] = s
	}
	if script == nil {
		c.net.faults = *faults
		c.recordStart(*faults, tickGap, firstTick)
	} else {
		c.net.faults = NoFaults(faults.BaseDelay)
		c.nem.mix = Faults{}
		for _, s := range script {
			if s.At != 0 || !s.Kind.configures() {
				break
			}
			c.inject(s)
			c.nem.scripted++
		}
	}
	for id := 1; id <= c.n; id++ {
		s := c.nodes.get(id)
		if err := c.start(s, s.firstTick); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= opts.Clients; i++ {
		c.clients.add()
	}
	return c, nil
}

// recordStart records the faults a seeded cluster starts with as the first steps of its
// schedule: the network's message faults and each node's clock.
func (c *Cluster) recordStart(f Faults, tickGap, firstTick []time.Duration) {
	if f.Drop > 0 {
		c.inject(FaultStep{Kind: FaultDrop, Prob: f.Drop})
	}
	if f.Duplicate > 0 {
		c.inject(FaultStep{Kind: FaultDuplicate, Prob: f.Duplicate})
	}
	if f.Reorder > 0 {
		c.inject(FaultStep{Kind: FaultReorder, Prob: f.Reorder, HoldBack: f.holdBack()})
	}
	if f.Delay != DelayConstant {
		c.inject(FaultStep{Kind: FaultDelay, DelayKind: f.Delay, BaseDelay: f.BaseDelay, Jitter: f.Jitter})
	}
	for id := 1; id <= c.n; id++ {
		if firstTick[id] != c.opts.Tick {
			c.inject(FaultStep{Kind: FaultSkew, Node: id, Skew: firstTick[id] - c.opts.Tick})
		}
		if tickGap[id] != c.opts.Tick {
			c.inject(FaultStep{Kind: FaultDrift, Node: id, TickGap: tickGap[id]})
		}
	}
}

// FlushTrace writes the trace lines the cluster still holds back (see Options.Trace) and
// reports any error writing the trace. Run calls it at the end of the run; other drivers call
// it when they are done.
func (c *Cluster) FlushTrace() error {
	return errors.Join(c.trace.close(), c.sessions.close())
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
			c.counts.Crashes++
			c.trace.crashed()
			c.logf("crash n%d during fsync", s.id)
			c.nodes.kill(s)
			return nil
		}
		c.fail(FailError, fmt.Errorf("node %d: %w", s.id, err))
		return err
	}
	c.trace.persisted()
	if out.Restore != nil {
		c.restore(s, out.Restore)
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
	c.compact(s)
	return nil
}

func (c *Cluster) serveReads(s *slot) {
	kept := s.reads[:0]
	for _, r := range s.reads {
		if r.index > s.applied {
			kept = append(kept, r)
			continue
		}
		c.logf("read n%d %s index=%d", s.id, opID(r.cmd.Client, r.cmd.Seq), r.index)
		c.clients.completeRead(r.cmd, s.kv.Get(r.cmd.Key))
	}
	s.reads = kept
}

// apply feeds one applied log position to the node's state machine, checks that every node applies
// the same command at each index (State Machine Safety, per-slot agreement), and completes the
// client operation it carries.
func (c *Cluster) apply(s *slot, a Applied) {
	var cmd Command
	var err error
	if len(a.Cmd) > 0 {
		cmd, err = DecodeCommand(a.Cmd)
	}
	b := c.log.begin(c.now)
	b = append(b, "apply n"...)
	b = strconv.AppendInt(b, int64(s.id), 10)
	b = append(b, " i="...)
	b = strconv.AppendUint(b, a.Index, 10)
	switch {
	case len(a.Cmd) == 0:
		b = append(b, " no-op"...)
	case err != nil:
		b = append(b, " len="...)
		b = strconv.AppendInt(b, int64(len(a.Cmd)), 10)
	default:
		b = append(b, " c"...)
		b = strconv.AppendInt(b, int64(cmd.Client), 10)
		b = append(b, '.')
		b = strconv.AppendUint(b, cmd.Seq, 10)
	}
	c.log.end(b)
	if err := c.agree.record(s.id, a.Index, a.Cmd); err != nil {
		c.fail(FailInvariant, err)
	}
	if len(a.Cmd) == 0 {
		s.applied = max(s.applied, a.Index)
		return
	}
	if err != nil {
		c.fail(FailInvariant, fmt.Errorf("node %d applied a command that is not a client's at index %d: %w", s.id, a.Index, err))
		return
	}
	s.applied = max(s.applied, a.Index)
	result, err := s.kv.Apply(a.Index, cmd)
	c.clients.complete(cmd, result, err)
}

// sessionConfig bounds the nodes' session tables so that a run exercises expiry and eviction:
// a client's session expires after ten election timeouts of log time without a command (a
// client stuck behind a partition loses it), and the table holds two sessions per client, so
// that duplicate registrations evict.
func sessionConfig(opts *Options) session.Config {
	cfg := session.Config{
		Timeout:      uint64(10 * opts.electionTimeout() / time.Millisecond),
		MaxSessions:  2*opts.Clients + 2,
		MaxResponses: 1,
	}
	plantSessionBug(&cfg, opts.Mutation)
	return cfg
}
