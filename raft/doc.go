// Package raft is a deterministic reference implementation of the Raft consensus protocol
// (Ongaro's thesis, chapters 3, 6 and 9), written to be read beside the thesis and vendored as
// one folder: it imports only the standard library.
//
// # Protocol
//
// The core is a state machine in the style of etcd-io/raft's RawNode. Ticks, messages and
// requests go in (RawNode.Tick, Step, Propose, ReadIndex, TransferLeader, Campaign); the work
// to do comes out as a Ready: the HardState and log Entries to persist, the Messages to send
// once they are persisted, the CommittedEntries to apply and the ReadStates that answer
// ReadIndex requests. The core starts no goroutines, reads no clock, does no I/O, and draws
// election timeouts only from the seeded source in Config.Rand, so a run is a pure function of
// its inputs and can be replayed by a discrete-event simulator.
//
// Leader election uses randomized timeouts, at most one vote per term and the election
// restriction; PreVote (thesis 9.6) and CheckQuorum (a leader that does not hear from a quorum
// within an election timeout steps down) are on by default. Replication uses the
// prevLogIndex/prevLogTerm consistency check with conflict-term hints for fast backtracking,
// pipelines MsgApp within a bounded in-flight window and message size, and batches the
// proposals that arrive between two Ready calls. A leader commits only entries of its own term
// by counting replicas and appends a no-op when elected, so that earlier entries get committed
// (thesis Figure 3.7). Leadership transfer uses MsgTimeoutNow; ReadIndex (thesis 6.4) confirms
// leadership with a heartbeat round before answering. Restarting from persisted state is
// exact: build a new RawNode over a Storage holding the HardState and entries of every Ready.
//
// Nodes are named by uint64 IDs (Config.ID, Config.Peers, Message.From and To); 0 is None, "no
// node". Terms and log indexes are uint64 and never wrap: a node at MaxTerm does not campaign,
// and the log ends at MaxIndex (see OverflowError). Raft tolerates crashes and lost, reordered
// or duplicated messages, not forged ones: authenticating peers is the transport's job.
//
// # Specification and traces
//
// The normative specification is spec/raft.md in the dsref repository (requirements
// RAFT-ELECT-*, RAFT-LOG-*, RAFT-COMMIT-*, RAFT-PERSIST-*, RAFT-SNAP-*, RAFT-FLOW-*,
// RAFT-TRANSFER-*, RAFT-READ-*, RAFT-LEASE-*, RAFT-CONF-*, RAFT-ROBUST-*); the TLA+ model is
// tla/Raft.tla, checked through tla/MCRaft.cfg and its
// siblings. Code comments name the requirement each step implements ("Implements RAFT-...")
// and the TLA+ actions it takes ("TLA+: ..."). Every transition is reported to Config.Tracer as
// a TraceEvent named after the TLA+ action it implements, carrying what trace validation needs;
// TraceAction.Modeled tells the actions tla/Raft.tla defines from those of features it leaves
// out.
//
// # Storage, snapshots and flow control
//
// The node reads its log through a Storage (etcd-io/raft's interface; MemoryStorage is the
// in-memory one) and keeps in memory only the entries it has not yet seen persisted, so its
// memory is bounded by configuration, not by history; the caller writes every Ready to the
// storage. A Ready is a view: its entries share memory with the node and the storage and are
// never modified, and proposed data is kept without a copy (see Ready, Propose).
//
// The application bounds the history: it snapshots its state machine at an applied index
// (MemoryStorage.CreateSnapshot), compacts the entries up to it (Compact) and tells the node
// (RawNode.ReportCompacted). Compacting a little behind the applied index lets a follower that
// lags by less catch up from the log instead of a snapshot. A leader whose follower needs a
// compacted entry sends the storage's snapshot in chunks of Config.MaxSnapshotChunkSize,
// pipelined; the follower acknowledges what it holds, and an interrupted transfer resumes from
// the last acknowledged chunk (RawNode.ReportSnapshot, ReportUnreachable). A storage still
// producing its snapshot says ErrSnapshotTemporarilyUnavailable and is asked again later. A
// follower installs a snapshot only if it is newer than its commit index, so it never loses a
// committed entry to one. Snapshot.Data may also be a token naming application data fetched
// another way. See RAFT-SNAP-* and tla/Raft.tla's CompactLog, SendSnapshot,
// HandleSnapshotRequest, InstallSnapshot and HandleSnapshotResponse (MCRaftSnapshot*.cfg).
//
// Flow control bounds what a node holds and sends: MaxSizePerMsg and MaxInflightMsgs /
// MaxInflightBytes per follower, MaxCommittedSizePerReady per Ready, and
// MaxUncommittedEntriesSize, past which a leader refuses proposals with a *ProposalLimitError;
// a leader takes at most one message's worth of entries from a peer's proposal (RAFT-FLOW-*,
// testdata/flow_control.txt).
//
// # Tests
//
// The tests need pgregory.net/rapid (property tests) besides the standard library. Package
// raft/rafttest holds the deterministic in-memory network and the datadriven scenario runner;
// testdata/*.txt are the scenarios, with expected output derived by hand. Setting DSREF_SOAK=1
// makes the randomized fault-schedule property run 200 times longer.
//
// A catalogue of planted bugs (Mutation), with which test harnesses prove that they catch real
// Raft bugs, is compiled only with -tags dsref_mutations: the shipped build contains no trace
// of it (rules.go holds the rules a test build replaces). The files carrying that tag are
// mutation.go and the *mutation*_test.go files; `go test ./...` in the dsref repository runs
// them through a subprocess.
//
// Client sessions (exactly-once commands, thesis 6.3) belong to the state machine above the
// core: package raft/session is the session table a state machine applies commands through.
//
// Membership changes (thesis chapter 4, with etcd-io/raft's ConfChangeV2 requests) are log
// entries of type EntryConfChange proposed with RawNode.ProposeConfChange: each carries the
// request and the whole configuration it leads to (ConfState: voters, the outgoing voters of a
// joint configuration, learners), and every node uses the configuration of the latest such entry
// in its log from the moment it is appended. A change of at most one voter applies directly; a
// change of several goes through a joint configuration in which every decision needs a majority
// of both halves, left by the leader itself or by an empty ConfChange. A leader appends a change
// only after committing an entry of its term and once the previous change is committed, promotes
// a learner only once it caught up within an election timeout (Config.MaxCatchUpRounds), and
// steps down once its own removal is committed. A node that joins starts with no Peers. See
// RAFT-CONF-* in spec/raft.md and the membership parts of tla/Raft.tla (MCRaftMembership*.cfg).
//
// With Config.AsyncStorageWrites (etcd-io/raft's design, thesis 10.2.1) the caller persists in
// the background: a Ready's messages go out at once, its writes come as a MsgStorageAppend
// (To LocalAppendThread) persisted in order, and its committed entries as a MsgStorageApply
// (To LocalApplyThread); once a write is durable the caller sends its Responses and steps the
// MsgStorageAppendResp among them. A follower's acknowledgements and a voter's votes leave only
// with the write that makes them durable, a leader counts its own log and a candidate its own
// vote only once persisted, and only persisted entries are applied (RAFT-PERSIST-5; the
// AsyncWrites parts of tla/Raft.tla; testdata/async_writes.txt).
//
// Reads are ReadIndex requests (RawNode.ReadIndex), answered in Ready.ReadStates with a read
// index: the caller serves the read once it has applied up to that index. A follower forwards
// the request to the leader. With Config.LeaseReads a leader answers at once, without a heartbeat
// round, while it holds a lease (thesis 6.4.1): for (ElectionTick-1)*(1-MaxClockDrift) ticks of
// its clock after the start of a heartbeat round a quorum acknowledged, the followers' vote lock
// keeps any other leader from being elected, provided no clock runs faster than the leader's by
// more than MaxClockDrift. A leadership transfer ends the lease. See RAFT-LEASE-* in
// spec/raft.md.
package raft
