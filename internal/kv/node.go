package kv

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"slices"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
	"github.com/dsref/dsref/raft/wal"
)

// Errors a request can end with.
var (
	// ErrNoLeader means the cluster could not take the request now (no leader known, or a
	// leadership transfer); it did not take effect.
	ErrNoLeader = errors.New("kv: no leader; the request was not accepted")
	// ErrTimeout means no answer came in time; the request may or may not take effect.
	ErrTimeout = errors.New("kv: timed out; the request may or may not have taken effect")
	// ErrStopped means the node is shutting down.
	ErrStopped = errors.New("kv: node stopped")
)

type outcome struct {
	res Result
	err error
}

type proposal struct {
	cmd  Command
	done chan outcome
}

type readOutcome struct {
	value string
	found bool
	index uint64
	err   error
}

type readReq struct {
	key   string
	done  chan readOutcome
	index uint64 // the read index, once known
	since time.Time
	local bool // serve from the applied state at once
	// leaderOnly refuses the read (ErrNoLeader) unless this node leads: it is never forwarded.
	leaderOnly bool
}

// pendingReady is a Ready saved to the WAL whose fsync is running: what is left to do once it
// is durable.
type pendingReady struct {
	rd    raft.Ready
	early bool // its messages were sent before the fsync
}

type inbound struct {
	m     raft.Message
	clock []byte
}

// Status is a node's view of the cluster, for clients and tests.
type Status struct {
	ID      uint64 `json:"id"`
	Term    uint64 `json:"term"`
	Vote    uint64 `json:"vote"`
	Leader  uint64 `json:"leader"`
	State   string `json:"state"`
	Commit  uint64 `json:"commit"`
	Applied uint64 `json:"applied"`
	Last    uint64 `json:"last_index"`
	Keys    int    `json:"keys"`
	// Snapshot is the index of the node's newest snapshot (its own or installed), First the
	// first index its log still holds.
	Snapshot uint64 `json:"snapshot_index"`
	First    uint64 `json:"first_index"`
	// SnapChunksSent and SnapChunksReceived count InstallSnapshot chunks (MsgSnap) since the
	// process started; Installed counts the snapshots it installed from a leader.
	SnapChunksSent     uint64 `json:"snap_chunks_sent"`
	SnapChunksReceived uint64 `json:"snap_chunks_received"`
	Installed          uint64 `json:"snapshots_installed"`
	WALSyncs           uint64 `json:"wal_syncs"`
	// WALSyncNanos is the time the WAL's fsyncs took, WALBytes the bytes it wrote.
	WALSyncNanos uint64 `json:"wal_sync_ns"`
	WALBytes     uint64 `json:"wal_bytes"`
	Readys       uint64 `json:"readys"`
	Sent         uint64 `json:"msgs_sent"`
	Dropped      uint64 `json:"msgs_dropped"`
	Received     uint64 `json:"msgs_received"`
	Rejected     uint64 `json:"frames_rejected"`
}

// Node runs one member of the replicated store: a raft core driven by a clock, fed by the
// transport and the clients, persisting to a WAL. Everything that touches the core runs on
// the node's goroutine (run); the other goroutines talk to it through channels.
type Node struct {
	id   uint64
	name string // the node's ID in vector clocks
	rn   *raft.RawNode
	// storage is the WAL, and what the core reads back from it (entries it no longer holds in
	// memory, the snapshot to send a follower that lags).
	storage *wal.Storage
	tr      *transport.Transport
	// snapEvery is how many applied entries make the node snapshot its store and compact its
	// log (0: never).
	snapEvery uint64
	store     *Store
	log       *slog.Logger
	tick      time.Duration
	trace     *traceWriter
	// async persists through raft's AsyncStorageWrites (handleReadyAsync).
	async bool
	// lastEvent is the node's last trace event (its state; no messages).
	lastEvent raft.TraceEvent

	recvc   chan inbound
	propc   chan proposal
	readc   chan *readReq
	statusc chan chan Status

	// Owned by run.
	vc          clocks.Vector
	ticks       uint64 // the ticks the core took in this run (each trace event carries the count)
	waiters     map[uint64]proposal
	waiterSince map[uint64]time.Time
	reads       map[string]*readReq // by ReadIndex context, until the read index is known
	ready       []*readReq          // read index known, waiting for apply
	readSeq     uint64
	incarnation uint32 // random, drawn at start: tells this run's read contexts from earlier runs'
	readys      uint64
	role        raft.StateType // as of the last Ready
	persisted   raft.HardState // the last hard state saved
	snapIndex   uint64         // the index of the newest snapshot
	snapSent    uint64         // MsgSnap chunks sent
	snapRecv    uint64         // MsgSnap chunks received
	installed   uint64         // snapshots installed from a leader
	// syncing is the Ready whose fsync runs on another goroutine (nil if none); syncc
	// reports the fsync's end.
	syncing *pendingReady
	syncc   chan error

	nextID    atomic.Uint64
	recvDrops atomic.Uint64
	done      chan struct{} // closed when run returns
	stopped   chan struct{} // closed when the node released its files and sockets
}

// nodeConfig is what newNode needs; Config (serve.go) builds it.
type nodeConfig struct {
	id, clusterID uint64
	peers         map[uint64]string // every member's peer address, this node's included
	listener      net.Listener
	storage       *wal.Storage
	state         *wal.State // what the storage recovered
	snapEvery     uint64     // snapshot every this many applied entries (0: never)
	snapChunk     uint64     // raft.Config.MaxSnapshotChunkSize (0: raft's default)
	tick          time.Duration
	electionTicks int
	log           *slog.Logger
	trace         *traceWriter
	clock         clocks.Vector                           // the vector clock to continue from
	transport     func(transport.Config) transport.Config // adjusts the transport config (TLS, tests)
	raft          func(*raft.Config)                      // adjusts the raft config (tests)
	asyncWrites   bool                                    // persist through raft's AsyncStorageWrites
}

func newNode(c nodeConfig) (*Node, error) {
	n := &Node{
		id: c.id, name: nodeName(c.id), storage: c.storage, store: NewStore(), log: c.log, tick: c.tick, trace: c.trace,
		snapEvery: c.snapEvery, async: c.asyncWrites,
		recvc: make(chan inbound, 4096), propc: make(chan proposal, 1024), readc: make(chan *readReq, 1024),
		statusc: make(chan chan Status), waiters: map[uint64]proposal{}, waiterSince: map[uint64]time.Time{},
		reads: map[string]*readReq{}, done: make(chan struct{}), syncc: make(chan error, 1),
	}
	// Request IDs count up from a random base, so that the IDs of different nodes, and of a
	// node's earlier runs (whose commands it re-applies after a restart), do not meet.
	var seed [8]byte
	if _, err := cryptorand.Read(seed[:]); err != nil {
		return nil, err
	}
	n.nextID.Store(binary.LittleEndian.Uint64(seed[:]))
	if _, err := cryptorand.Read(seed[:4]); err != nil {
		return nil, err
	}
	n.incarnation = binary.LittleEndian.Uint32(seed[:4])
	n.vc = c.clock
	n.persisted = c.state.HardState
	if snap := c.state.Snapshot; snap != nil {
		// The store restarts from the snapshot; the core hands out the committed entries
		// after it.
		if err := n.store.Restore(snap.Data, snap.Index); err != nil {
			return nil, fmt.Errorf("kv: node %d: restoring the snapshot: %w", c.id, err)
		}
		n.snapIndex = snap.Index
	}
	var voters []uint64
	peerAddrs := map[uint64]string{}
	for id, addr := range c.peers {
		voters = append(voters, id)
		if id != c.id {
			peerAddrs[id] = addr
		}
	}
	slices.Sort(voters)
	if _, cs, _ := c.storage.InitialState(); len(cs.Voters) == 0 {
		// A new cluster: its snapshots carry the membership it starts with.
		c.storage.SetConfState(raft.ConfState{Voters: voters})
	}
	rc := &raft.Config{
		ID: c.id, Peers: voters, Storage: c.storage,
		ElectionTick: c.electionTicks, HeartbeatTick: max(1, c.electionTicks/10),
		MaxSnapshotChunkSize: c.snapChunk,
		AsyncStorageWrites:   c.asyncWrites,
		// Every node, traced or not: the vector clocks a node sends count its raft events,
		// which the wire validation (harness/capture, tla/TraceRaftWire.tla) relies on. A node
		// that keeps no trace only counts them: the core builds no event for it.
		Tracer: raft.TracerFunc(n.traceEvent),
	}
	if n.trace == nil {
		rc.Tracer = raft.TraceCounter(n.tickClock)
	}
	if c.raft != nil {
		c.raft(rc)
	}
	rn, err := raft.NewRawNode(rc)
	if err != nil {
		return nil, fmt.Errorf("kv: node %d: %w", c.id, err)
	}
	n.rn = rn
	tc := transport.Config{ClusterID: c.clusterID, ID: c.id, Peers: peerAddrs, Listener: c.listener,
		Handler: n.receive, Logger: c.log}
	if c.transport != nil {
		tc = c.transport(tc)
	}
	if n.tr, err = transport.New(tc); err != nil {
		return nil, err
	}
	return n, nil
}

// receive is the transport's handler: it hands the message to the node's goroutine, or drops
// it if that goroutine is that far behind (raft recovers lost messages).
func (n *Node) receive(m raft.Message, clock []byte) {
	select {
	case n.recvc <- inbound{m, clock}:
	default:
		n.recvDrops.Add(1)
	}
}

// traceEvent runs inside the core, on the node's goroutine: every transition is an event of
// the node's vector clock, and is written to the trace if one is kept.
func (n *Node) traceEvent(ev raft.TraceEvent) {
	n.tickClock()
	if n.trace != nil {
		n.trace.event(n.id, ev, n.vc, n.ticks)
		ev.Message, ev.Sent, ev.Read = nil, nil, nil // valid only during the call
		n.lastEvent = ev
	}
}

// tickClock counts a raft event on the node's vector clock.
func (n *Node) tickClock() {
	if err := n.vc.Tick(n.name); err != nil {
		n.log.Error("vector clock overflow", "err", err)
	}
}

// run is the node's goroutine. While a leader's Ready's fsync runs (on another goroutine, see
// handleReady), it goes on stepping messages and proposals, and applies whatever becomes
// committed meanwhile; the next Ready comes once the fsync returns.
func (n *Node) run(ctx context.Context) {
	defer close(n.done)
	ticker := time.NewTicker(n.tick)
	defer ticker.Stop()
	sweep := 0
	for {
		var syncc chan error
		if n.syncing != nil {
			syncc = n.syncc
		}
		select {
		case <-ctx.Done():
			if n.syncing != nil {
				<-n.syncc // the WAL is closed after run returns
			}
			n.failAll(ErrStopped)
			return
		case err := <-syncc:
			p := n.syncing
			n.syncing = nil
			if err == nil {
				err = n.finishReady(p.rd, p.early)
			}
			if err != nil {
				n.log.Error("stopping: cannot persist", "err", err)
				n.failAll(err)
				return
			}
		case <-ticker.C:
			n.ticks++
			n.rn.Tick()
			if sweep++; sweep%100 == 0 {
				n.expire(time.Now().Add(-30 * time.Second))
			}
		case in := <-n.recvc:
			n.step(in)
			n.drain()
		case p := <-n.propc:
			n.propose(p)
			n.drain()
		case r := <-n.readc:
			n.readIndex(r)
			n.drain()
		case c := <-n.statusc:
			c <- n.status()
		}
		if n.syncing != nil {
			n.applyCommitted()
			continue
		}
		if err := n.handleReady(); err != nil {
			n.log.Error("stopping: cannot persist", "err", err)
			n.failAll(err)
			return
		}
	}
}

// drain takes whatever else arrived, messages, proposals and reads alike, before the node
// produces a Ready: fewer, fuller Readys. (A follower forwards proposals and reads to its
// leader in the same Ready as its traced steps: the core credits no step with them.)
func (n *Node) drain() {
	for {
		select {
		case in := <-n.recvc:
			n.step(in)
		case p := <-n.propc:
			n.propose(p)
		case r := <-n.readc:
			n.readIndex(r)
		default:
			return
		}
	}
}

func (n *Node) step(in inbound) {
	if len(in.clock) > 0 {
		var remote clocks.Vector
		if err := remote.UnmarshalBinary(in.clock); err != nil {
			n.log.Warn("dropping message with a malformed vector clock", "from", in.m.From, "err", err)
			return
		}
		n.vc.Merge(remote)
	}
	if in.m.Type == raft.MsgSnap {
		n.snapRecv++
	}
	if err := n.rn.Step(in.m); err != nil {
		n.log.Debug("step refused a message", "from", in.m.From, "type", in.m.Type.String(), "err", err)
	}
}

func (n *Node) propose(p proposal) {
	data, err := EncodeCommand(p.cmd)
	if err == nil {
		err = n.rn.Propose(data)
	}
	if err != nil {
		if errors.Is(err, raft.ErrProposalDropped) {
			err = ErrNoLeader
		}
		p.done <- outcome{err: err}
		return
	}
	n.waiters[p.cmd.ID] = p
	n.waiterSince[p.cmd.ID] = time.Now()
}

func (n *Node) readIndex(r *readReq) {
	if r.local {
		v, ok := n.store.Get(r.key)
		r.done <- readOutcome{value: v, found: ok, index: n.store.Applied()}
		return
	}
	if r.leaderOnly && n.rn.BasicStatus().RaftState != raft.StateLeader {
		r.done <- readOutcome{err: fmt.Errorf("%w (node %d is not the leader, and the read asked not to be forwarded)", ErrNoLeader, n.id)}
		return
	}
	n.readSeq++
	// Printable and unique across nodes and restarts: the leader refuses a context it still
	// has pending, and traces carry contexts as JSON strings.
	ctx := fmt.Appendf(nil, "r%d.%x.%d", n.id, n.incarnation, n.readSeq)
	if err := n.rn.ReadIndex(ctx); err != nil {
		if errors.Is(err, raft.ErrProposalDropped) {
			err = ErrNoLeader
		}
		r.done <- readOutcome{err: err}
		return
	}
	r.since = time.Now()
	n.reads[string(ctx)] = r
}

// handleReady does what each Ready asks, in the order raft requires: persist (one fsync when
// MustSync), then send (a leader: while persisting), then Advance; the Ready's committed
// entries are applied, and their clients answered, before its fsync, as etcd's server does:
// they are committed, so durable on a quorum, whatever this node's disk does. A node that does
// not trace its steps and leads runs the fsync on another goroutine and finishes the Ready
// when it returns (finishReady); the others finish it at once.
func (n *Node) handleReady() error {
	if n.async {
		return n.handleReadyAsync()
	}
	for n.syncing == nil && n.rn.HasReady() {
		rd := n.rn.Ready()
		n.readys++
		// A leader may send its messages while it persists the same Ready's entries (thesis
		// 10.2.1): it counts itself toward a commit only after Advance, when its own entries
		// are durable, and its term and vote were persisted before it could lead. Anyone else
		// (and a leader whose term or vote changes in this Ready) sends only after the fsync:
		// its messages may promise what the Ready persists. A traced node never sends early:
		// its trace records a step only once the step's Ready is durable (a node killed before
		// the fsync never took the step), and before anyone can receive what the step sent.
		early := n.trace == nil && n.leading(rd) &&
			(rd.HardState.IsEmpty() || (rd.HardState.Term == n.persisted.Term && rd.HardState.Vote == n.persisted.Vote))
		if early {
			n.send(rd.Messages)
		}
		// One WAL batch: the installed snapshot's marker, the hard state, the entries and the
		// trace events of the steps that produced them, durable together.
		var events [][]byte
		if n.trace != nil {
			events = n.trace.take()
		}
		if err := n.storage.Save(&rd, events); err != nil {
			return err
		}
		if rd.Snapshot.IsEmpty() {
			n.applyEntries(rd.CommittedEntries)
		}
		switch {
		case rd.MustSync && early && rd.Snapshot.IsEmpty():
			// A leader that sent early fsyncs on another goroutine and steps the followers'
			// acknowledgements meanwhile. (Anyone else sends after its fsync: doing it here
			// is the shortest way from a received entry to its acknowledgement.)
			n.syncing = &pendingReady{rd: rd, early: early}
			go func() { n.syncc <- n.storage.Sync() }()
			return nil
		case rd.MustSync:
			if err := n.storage.Sync(); err != nil {
				return err
			}
		case n.trace != nil:
			// Not durable, but out of the process: a kill -9 cannot lose a step whose
			// messages were sent.
			if err := n.storage.Flush(); err != nil {
				return err
			}
		}
		if n.trace != nil {
			n.trace.write(events)
		}
		if err := n.finishReady(rd, early); err != nil {
			return err
		}
	}
	return nil
}

// finishReady does what is left of a Ready once it is durable: send its messages (unless sent
// early), install its snapshot, apply its committed entries (those not applied yet), hand the
// read states to the reads waiting for them, Advance, and snapshot the store if it is time.
func (n *Node) finishReady(rd raft.Ready, early bool) error {
	if !rd.HardState.IsEmpty() {
		n.persisted = rd.HardState
	}
	if !early {
		n.send(rd.Messages)
	}
	if !rd.Snapshot.IsEmpty() {
		// The leader's snapshot replaces the store; clients waiting for entries it covers
		// time out (their outcome is unknown to this node).
		if err := n.store.Restore(rd.Snapshot.Data, rd.Snapshot.Metadata.Index); err != nil {
			return err
		}
		n.snapIndex = rd.Snapshot.Metadata.Index
		n.installed++
	}
	n.applyEntries(rd.CommittedEntries)
	for _, rs := range rd.ReadStates {
		if r, ok := n.reads[string(rs.RequestCtx)]; ok {
			delete(n.reads, string(rs.RequestCtx))
			r.index = rs.Index
			n.ready = append(n.ready, r)
		}
	}
	n.serveReads()
	n.rn.Advance(rd)
	return n.maybeSnapshot()
}

// applyEntries applies the entries that the store has not applied yet.
func (n *Node) applyEntries(ents []raft.Entry) {
	for _, e := range ents {
		if e.Index > n.store.Applied() {
			n.apply(e)
		}
	}
}

// applyCommitted applies, while a Ready's fsync runs, the entries that became committed since
// the Ready was taken (a leader learns it from the acknowledgements it steps meanwhile), reading
// them from the storage, which holds every entry saved so far: their clients need not wait for
// this node's fsync, nor for the next Ready. The Ready that later hands them out skips them.
// It stops once a snapshot is due, so that the store and the node agree on the applied index
// when the snapshot is taken.
func (n *Node) applyCommitted() {
	applied := n.store.Applied()
	if n.snapEvery != 0 && applied >= n.snapIndex+n.snapEvery {
		return
	}
	last, err := n.storage.LastIndex()
	if err != nil {
		return
	}
	hi := min(n.rn.BasicStatus().Commit, last)
	if hi <= applied {
		return
	}
	ents, err := n.storage.Entries(applied+1, hi+1, math.MaxUint64)
	if err != nil {
		return
	}
	n.applyEntries(ents)
	n.serveReads()
}

// maybeSnapshot snapshots the store (data and sessions) once snapEvery entries were applied
// since the last snapshot: the WAL makes it durable, then the storage compacts the entries it
// covers and releases the log's segments. A follower that needs a compacted entry is sent the
// snapshot (InstallSnapshot, in chunks).
//
// Implements RAFT-SNAP-2.
func (n *Node) maybeSnapshot() error {
	applied := n.store.Applied()
	if n.snapEvery == 0 || applied < n.snapIndex+n.snapEvery {
		return nil
	}
	if applied != n.rn.BasicStatus().Applied {
		// The store applied entries the node has not handed out yet (applyCommitted): the
		// storage must keep them until it does. The next Ready hands them out.
		return nil
	}
	data, err := n.store.Snapshot()
	if err != nil {
		return err
	}
	if _, err := n.storage.CreateSnapshot(applied, nil, data); err != nil {
		return fmt.Errorf("kv: snapshot at %d: %w", applied, err)
	}
	n.snapIndex = applied
	// The step in the node's trace (CompactLog): from here on, a follower that needs an entry
	// up to applied is sent the snapshot.
	if err := n.rn.ReportCompacted(applied); err != nil {
		n.log.Warn("reporting the compaction", "index", applied, "err", err)
	}
	n.log.Debug("snapshot", "index", applied, "bytes", len(data))
	return nil
}

// leading reports whether the node is the leader as of this Ready.
func (n *Node) leading(rd raft.Ready) bool {
	if rd.SoftState != nil {
		n.role = rd.SoftState.RaftState
	}
	return n.role == raft.StateLeader
}

// send hands messages to the transport with the node's current vector clock.
// Implements RAFT-NET-3.
func (n *Node) send(msgs []raft.Message) {
	if len(msgs) == 0 {
		return
	}
	clock, _ := n.vc.MarshalBinary()
	for _, m := range msgs {
		if m.Type == raft.MsgSnap {
			n.snapSent++
		}
		n.tr.Send(m, clock)
	}
}

func (n *Node) apply(e raft.Entry) {
	if len(e.Data) == 0 {
		n.store.Skip(e.Index)
		return
	}
	cmd, err := DecodeCommand(e.Data)
	if err != nil {
		// Every node skips the same bad entry the same way, so replicas stay identical.
		n.log.Error("skipping an undecodable entry", "index", e.Index, "err", err)
		n.store.Skip(e.Index)
		return
	}
	res, err := n.store.Apply(e.Index, cmd)
	// The waiter must be for this very command: an ID alone could be another node's.
	if p, ok := n.waiters[cmd.ID]; ok && p.cmd == cmd {
		delete(n.waiters, cmd.ID)
		delete(n.waiterSince, cmd.ID)
		p.done <- outcome{res: res, err: err}
	}
}

// serveReads answers the reads whose index has been applied (thesis 6.4 step 4).
func (n *Node) serveReads() {
	applied := n.store.Applied()
	kept := n.ready[:0]
	for _, r := range n.ready {
		if r.index <= applied {
			v, ok := n.store.Get(r.key)
			r.done <- readOutcome{value: v, found: ok, index: r.index}
			continue
		}
		kept = append(kept, r)
	}
	n.ready = kept
}

// expire forgets requests older than cutoff; their clients timed out long ago.
func (n *Node) expire(cutoff time.Time) {
	for id, since := range n.waiterSince {
		if since.Before(cutoff) {
			n.waiters[id].done <- outcome{err: ErrTimeout}
			delete(n.waiters, id)
			delete(n.waiterSince, id)
		}
	}
	for ctx, r := range n.reads {
		if r.since.Before(cutoff) {
			r.done <- readOutcome{err: ErrTimeout}
			delete(n.reads, ctx)
		}
	}
}

func (n *Node) failAll(err error) {
	for id, p := range n.waiters {
		p.done <- outcome{err: err}
		delete(n.waiters, id)
	}
	for ctx, r := range n.reads {
		r.done <- readOutcome{err: err}
		delete(n.reads, ctx)
	}
	for _, r := range n.ready {
		r.done <- readOutcome{err: err}
	}
	n.ready = nil
}

func (n *Node) status() Status {
	st := n.rn.BasicStatus()
	ts := n.tr.Stats()
	ws := n.storage.WAL().Stats()
	s := Status{ID: n.id, Term: st.Term, Vote: st.Vote, Leader: st.Lead, State: st.RaftState.String(),
		Commit: st.Commit, Applied: n.store.Applied(), Last: st.LastIndex, Keys: n.store.Len(),
		Snapshot: n.snapIndex, First: st.FirstIndex, SnapChunksSent: n.snapSent, SnapChunksReceived: n.snapRecv,
		Installed: n.installed, WALSyncs: ws.Syncs, WALSyncNanos: uint64(ws.SyncTime), WALBytes: ws.Bytes, Readys: n.readys,
		Received: ts.Received, Rejected: ts.Rejected}
	for _, p := range ts.Peers {
		s.Sent += p.Sent
		s.Dropped += p.Dropped
	}
	return s
}

// Propose replicates cmd and returns its result once this node applied it.
func (n *Node) Propose(ctx context.Context, cmd Command) (Result, error) {
	cmd.ID = n.nextID.Add(1)
	if cmd.Time == 0 {
		cmd.Time = uint64(time.Now().UnixMilli()) // log time, by which sessions expire
	}
	p := proposal{cmd: cmd, done: make(chan outcome, 1)}
	select {
	case n.propc <- p:
	case <-ctx.Done():
		return Result{}, ErrNoLeader // never handed to the core: no effect
	case <-n.done:
		return Result{}, ErrStopped
	}
	select {
	case o := <-p.done:
		return o.res, o.err
	case <-ctx.Done():
		return Result{}, ErrTimeout
	case <-n.done:
		return Result{}, ErrTimeout
	}
}

// Read returns key's value linearizably: at a read index confirmed by a quorum (ReadIndex,
// thesis 6.4), once this node has applied it. A follower forwards the read to its leader.
func (n *Node) Read(ctx context.Context, key string) (value string, found bool, index uint64, err error) {
	return n.read(ctx, &readReq{key: key, done: make(chan readOutcome, 1)})
}

// LeaderRead is Read answered only if this node is the leader; any other node refuses it with
// ErrNoLeader instead of forwarding it.
func (n *Node) LeaderRead(ctx context.Context, key string) (value string, found bool, index uint64, err error) {
	return n.read(ctx, &readReq{key: key, done: make(chan readOutcome, 1), leaderOnly: true})
}

func (n *Node) read(ctx context.Context, r *readReq) (value string, found bool, index uint64, err error) {
	select {
	case n.readc <- r:
	case <-ctx.Done():
		return "", false, 0, ErrTimeout
	case <-n.done:
		return "", false, 0, ErrStopped
	}
	select {
	case o := <-r.done:
		return o.value, o.found, o.index, o.err
	case <-ctx.Done():
		return "", false, 0, ErrTimeout
	case <-n.done:
		return "", false, 0, ErrStopped
	}
}

// LocalRead returns key's value in this node's applied state, without confirming with the
// leader: a partitioned or lagging node answers from its past, so it is not linearizable.
func (n *Node) LocalRead(ctx context.Context, key string) (value string, found bool, index uint64, err error) {
	r := &readReq{key: key, done: make(chan readOutcome, 1), local: true}
	select {
	case n.readc <- r:
	case <-ctx.Done():
		return "", false, 0, ErrTimeout
	case <-n.done:
		return "", false, 0, ErrStopped
	}
	select {
	case o := <-r.done:
		return o.value, o.found, o.index, o.err
	case <-ctx.Done():
		return "", false, 0, ErrTimeout
	}
}

// Status returns the node's status.
func (n *Node) Status(ctx context.Context) (Status, error) {
	c := make(chan Status, 1)
	select {
	case n.statusc <- c:
		return <-c, nil
	case <-ctx.Done():
		return Status{}, ctx.Err()
	case <-n.done:
		return Status{}, ErrStopped
	}
}
