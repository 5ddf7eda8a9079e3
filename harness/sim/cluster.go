package sim

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// Cluster is a simulated cluster: nodes, their disks and clocks, the network between them, the
// clients, and the agenda of future events. Both the seeded runner (Run) and the rapid state
// machine drive a Cluster through the same primitive operations.
type Cluster struct {
	proto   Protocol
	n       int
	rng     *rand.Rand
	now     time.Duration
	agenda  agenda
	slots   []*slot // index 1..n
	links   Links
	faults  Faults
	checker Checker
	log     *eventLog
	trace   *traceRecorder
	opts    Options

	recent    []Envelope // delivered messages, for replay faults
	recentPos int

	clients []*client
	history []historyOp

	// safety: the command applied at each index by the first node that applied it.
	appliedAt  [][]byte
	appliedSet []bool

	steps   int
	failure *Failure
	healing bool // the heal phase has begun: no new faults

	partitionGen int    // bumped by every change of links; stale heal events are ignored
	nodeView     []Node // reused argument of Checker.Check
	issuing      bool   // clients start new operations
	variant      uint64 // NodeConfig.Variant
	useReadIndex bool   // gets are served by ReadIndex where the node supports it
	readCtx      map[string]Command
	faults0      Faults      // the fault mix of the fault phase, for the report
	frng         *rand.Rand  // fault injection's own source
	executed     []FaultStep // faults injected so far
	script       []FaultStep // the scripted faults of a replayed schedule
}

// slot is one node position: its disk and clock survive crashes, its Node does not.
type slot struct {
	id       int
	node     Node // nil while crashed
	disk     *Disk
	kv       *KV
	gen      int // incarnation; ticks of earlier incarnations are stale
	paused   bool
	held     []Envelope // messages that arrived while paused
	applied  uint64     // highest index applied to kv
	reads    []pendingRead
	tickGap  time.Duration
	rng      *rand.Rand
	downTill time.Duration
}

// Options are the protocol-independent knobs of a cluster.
type Options struct {
	Nodes          int
	Seed           uint64
	Mutation       string
	Tick           time.Duration // simulated length of a tick; default 100ms
	ElectionTicks  int           // default 10
	HeartbeatTicks int           // default 1
	Clients        int           // default 3
	Keys           int           // distinct keys clients use; default 3
	Faults         *Faults       // nil: drawn from the seed (swarm testing)
	Log            io.Writer     // receives the event log; nil: only hashed
	Trace          io.Writer     // receives NDJSON trace events; nil: not recorded
	MaxSteps       int           // stop after this many events; 0: no limit
	// OnSend, if set, sees every message a node sends (scenario tests count them).
	OnSend func(Envelope)
}

func (o *Options) setDefaults() error {
	if o.Nodes < 1 || o.Nodes > 9 {
		return fmt.Errorf("nodes must be between 1 and 9, got %d", o.Nodes)
	}
	if o.Tick == 0 {
		o.Tick = 100 * time.Millisecond
	}
	if o.Tick < 0 {
		return fmt.Errorf("tick must be positive, got %v", o.Tick)
	}
	if o.ElectionTicks == 0 {
		o.ElectionTicks = 10
	}
	if o.HeartbeatTicks == 0 {
		o.HeartbeatTicks = 1
	}
	if o.HeartbeatTicks < 0 || o.ElectionTicks <= o.HeartbeatTicks {
		return fmt.Errorf("need 0 < heartbeat ticks (%d) < election ticks (%d)", o.HeartbeatTicks, o.ElectionTicks)
	}
	if o.Clients == 0 {
		o.Clients = 3
	}
	if o.Clients < 0 || o.Clients > 64 {
		return fmt.Errorf("clients must be between 1 and 64, got %d", o.Clients)
	}
	if o.Keys == 0 {
		o.Keys = 3
	}
	if o.Keys < 0 || o.Keys > 26 {
		return fmt.Errorf("keys must be between 1 and 26, got %d", o.Keys)
	}
	if o.MaxSteps < 0 {
		return fmt.Errorf("max steps must not be negative, got %d", o.MaxSteps)
	}
	return nil
}

// NewCluster starts a cluster of opts.Nodes nodes of protocol p.
func NewCluster(p Protocol, opts Options) (*Cluster, error) {
	if p == nil {
		return nil, errors.New("sim: no protocol")
	}
	if err := opts.setDefaults(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	c := &Cluster{
		proto:   p,
		n:       opts.Nodes,
		rng:     rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		links:   NewLinks(opts.Nodes),
		checker: p.NewChecker(opts.Nodes),
		log:     newEventLog(opts.Log),
		opts:    opts,
		recent:  make([]Envelope, 0, 128),
	}
	if opts.Trace != nil {
		c.trace = newTraceRecorder(opts.Trace, c)
	}
	if opts.Faults != nil {
		c.faults = *opts.Faults
	} else {
		c.faults = DrawFaults(c.rng)
	}
	c.frng = rand.New(rand.NewPCG(c.rng.Uint64(), c.rng.Uint64()))
	c.useReadIndex = c.rng.IntN(2) == 0
	c.variant = c.rng.Uint64()
	c.readCtx = map[string]Command{}
	c.slots = make([]*slot, c.n+1)
	for id := 1; id <= c.n; id++ {
		s := &slot{id: id, disk: &Disk{}, tickGap: opts.Tick}
		s.rng = rand.New(rand.NewPCG(c.rng.Uint64(), uint64(id)))
		if c.faults.Drift > 0 {
			s.tickGap = time.Duration(float64(opts.Tick) * (1 + c.faults.Drift*(2*c.rng.Float64()-1)))
		}
		first := opts.Tick
		if c.faults.ClockSkew > 0 {
			first += time.Duration(c.rng.Int64N(int64(c.faults.ClockSkew) + 1))
		}
		c.slots[id] = s
		if err := c.start(s, first); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= opts.Clients; i++ {
		c.clients = append(c.clients, &client{id: i, target: 1 + c.rng.IntN(c.n)})
	}
	return c, nil
}

// Now is the simulated time.
func (c *Cluster) Now() time.Duration { return c.now }

// Steps is the number of events processed so far.
func (c *Cluster) Steps() int { return c.steps }

// Faults is the cluster's fault mix.
func (c *Cluster) Faults() Faults { return c.faults }

// Failure is the first violation found, or nil.
func (c *Cluster) Failure() *Failure { return c.failure }

// Hash is the FNV-1a digest of the event log so far.
func (c *Cluster) Hash() uint64 { return c.log.hash }

// N is the number of nodes.
func (c *Cluster) N() int { return c.n }

// Node returns node id, or nil while it is crashed.
func (c *Cluster) Node(id int) Node { return c.slots[id].node }

// Disk returns node id's disk.
func (c *Cluster) Disk(id int) *Disk { return c.slots[id].disk }

// Links returns the current connectivity.
func (c *Cluster) Links() Links { return c.links }

func (c *Cluster) nodeConfig(s *slot) NodeConfig {
	peers := make([]int, c.n)
	for i := range peers {
		peers[i] = i + 1
	}
	cfg := NodeConfig{
		ID: s.id, Peers: peers, Disk: s.disk, Rand: s.rng, Mutation: c.opts.Mutation,
		ElectionTicks: c.opts.ElectionTicks, HeartbeatTicks: c.opts.HeartbeatTicks, Variant: c.variant,
	}
	if c.trace != nil {
		cfg.Trace = c.trace
	}
	return cfg
}

// start boots a node on its slot's disk and schedules its first tick after delay.
func (c *Cluster) start(s *slot, delay time.Duration) error {
	s.gen++
	node, err := c.proto.StartNode(c.nodeConfig(s))
	if err != nil {
		return fmt.Errorf("sim: starting node %d: %w", s.id, err)
	}
	s.node, s.kv, s.paused, s.held, s.applied, s.reads = node, NewKV(), false, nil, 0, nil
	c.agenda.push(event{at: c.now + delay, kind: evTick, node: s.id, gen: s.gen})
	return c.drain(s)
}

// fail records the first violation; later ones are consequences and are ignored.
func (c *Cluster) fail(kind FailureKind, err error) {
	if c.failure == nil {
		c.failure = &Failure{Kind: kind, Err: err, At: c.now, Step: c.steps}
	}
}

// logf writes a free-form event line (used for rare events, where formatting cost is no concern).
func (c *Cluster) logf(format string, args ...any) {
	b := c.log.begin(c.now)
	b = fmt.Appendf(b, format, args...)
	c.log.end(b)
}

// drain collects a node's output, applies it and sends its messages; a disk error means the node
// died while persisting.
func (c *Cluster) drain(s *slot) error {
	out, err := s.node.Drain()
	if err != nil {
		if errors.Is(err, ErrDiskCrashed) {
			c.logf("crash n%d during fsync", s.id)
			c.crash(s)
			return nil
		}
		c.fail(FailError, fmt.Errorf("node %d: %w", s.id, err))
		return err
	}
	for _, a := range out.Applied {
		c.apply(s, a)
	}
	for _, r := range out.Reads {
		cmd, ok := c.readCtx[string(r.Ctx)]
		if !ok {
			continue // a read nobody waits for any more
		}
		s.reads = append(s.reads, pendingRead{cmd: cmd, index: r.Index})
	}
	c.serveReads(s)
	for _, m := range out.Messages {
		c.send(m)
	}
	return nil
}

// pendingRead is a read whose read point the node has answered; it is served once the node has
// applied that index.
type pendingRead struct {
	cmd   Command
	index uint64
}

func (c *Cluster) serveReads(s *slot) {
	kept := s.reads[:0]
	for _, r := range s.reads {
		if r.index > s.applied {
			kept = append(kept, r)
			continue
		}
		c.logf("read n%d c%d index=%d", s.id, r.cmd.Client, r.index)
		c.complete(r.cmd, s.kv.Get(r.cmd.Key))
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
	if a.Index >= uint64(len(c.appliedAt)) {
		grow := make([][]byte, int(a.Index)*2+8)
		copy(grow, c.appliedAt)
		c.appliedAt = grow
		set := make([]bool, len(grow))
		copy(set, c.appliedSet)
		c.appliedSet = set
	}
	if c.appliedSet[a.Index] {
		if string(c.appliedAt[a.Index]) != string(a.Cmd) {
			c.fail(FailInvariant, fmt.Errorf("StateMachineSafety: node %d applied %s at index %d, another node applied %s there",
				s.id, describeCmd(a.Cmd), a.Index, describeCmd(c.appliedAt[a.Index])))
		}
	} else {
		c.appliedSet[a.Index] = true
		c.appliedAt[a.Index] = a.Cmd
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
	c.complete(cmd, result)
}

func describeCmd(b []byte) string {
	if len(b) == 0 {
		return "no-op"
	}
	cmd, err := DecodeCommand(b)
	if err != nil {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%s(%s,%q) of client %d seq %d", cmd.Kind, cmd.Key, cmd.Value, cmd.Client, cmd.Seq)
}

// crash kills a node: its volatile state is gone, its disk keeps only what was synced.
func (c *Cluster) crash(s *slot) {
	if s.node == nil {
		return
	}
	s.node, s.kv, s.held, s.paused, s.reads = nil, nil, nil, false, nil
	s.disk.Crash()
	s.gen++
}

// check runs the protocol's invariants over the live nodes.
func (c *Cluster) check() {
	if c.failure != nil {
		return
	}
	if c.nodeView == nil {
		c.nodeView = make([]Node, c.n)
	}
	for id := 1; id <= c.n; id++ {
		c.nodeView[id-1] = c.slots[id].node
	}
	if err := c.checker.Check(c.nodeView); err != nil {
		c.fail(FailInvariant, err)
	}
}
