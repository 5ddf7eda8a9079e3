// Package kv is a replicated key-value store on dsref's raft: the runtime that turns the
// deterministic core into a real cluster, and the program behind `dsref kv`.
//
// Each node (Run) recovers its write-ahead log (raft/wal), joins its peers over TCP
// (raft/transport) and serves an HTTP/JSON client API on loopback by default: get
// (linearizable, by ReadIndex, thesis 6.4), put, delete and compare-and-swap, which go
// through the log, as commands in a compact binary form (JSON entries of older logs still
// decode). The node's goroutine owns the core and does what each Ready asks in the order raft
// requires: save the hard state and entries as one WAL batch and fsync when the Ready says
// MustSync (RAFT-PERSIST-1), then send the messages, then serve the reads whose index is
// applied, then Advance. It applies the Ready's committed entries, and answers the clients
// waiting for them, before the fsync, as etcd's server does: they are durable on a quorum
// already. A leader whose term and vote are already durable sends its messages before its own
// fsync instead, so that its disk write overlaps the followers' (thesis 10.2.1), and runs that
// fsync on another goroutine while it steps the followers' acknowledgements and applies what
// they commit; it still counts itself toward a commit only once its entries are durable. A
// follower fsyncs on its own goroutine and acknowledges at once. (A traced leader neither sends
// before its fsync nor runs it elsewhere: its trace must record a step only once the step is
// durable.) Messages, proposals and reads that arrive together are stepped before the next
// Ready, so one fsync covers them all.
//
// With Config.AsyncWrites (-async-writes) the core runs with raft's AsyncStorageWrites
// instead (handleReadyAsync): a Ready's messages to peers leave at once, its MsgStorageAppend
// is saved and synced (flushed if it only moves the commit index), the write's completion is
// stepped back into the core, which then counts the leader's own log or the candidate's own
// vote, and the answers the write held leave; entries are applied once the core hands them out
// (MsgStorageApply), persisted.
//
// Every trace event of the core ticks the node's vector clock (clocks.Vector, node IDs as
// decimal strings); every message carries the clock in its frame; a received clock is merged
// before the message is stepped. With -trace each node writes its events as NDJSON with the
// clock ("vc"), so the files of all nodes merge into one trace ordered by happened-before
// (MergeTraces), and with the count of ticks its core took so far in the process ("ticks"), so
// that a replay (dsref pcap replay) ticks fresh cores exactly as often between steps. A restarted node continues its clock from the last event of its (completed)
// trace file; without -trace its clock starts again at zero.
//
// Writes may run in a client session (thesis 6.3, raft/session): a client opens one (POST
// /v1/session, Client.OpenSession) and numbers its writes; the store's session table applies
// each at most once however often it is retried and committed, and answers a retry with the
// first result. Sessions expire after SessionTimeout of log time (the proposing node's clock
// stamped on each command), the same on every replica.
//
// Every Config.SnapshotEntries applied entries (-snapshot-entries) a node snapshots its store
// (data and session table, Store.Snapshot) through its WAL-backed raft.Storage
// (wal.Storage.CreateSnapshot): the snapshot file and its marker are made durable, the log is
// compacted and the WAL's older segments deleted. A follower that needs a compacted entry gets
// the leader's snapshot by InstallSnapshot over the transport, in chunks of
// Config.SnapshotChunk bytes, and persists it in one WAL batch with the Ready's hard state. A
// restarted node restores its store from its newest snapshot and re-applies the committed
// entries after it.
//
// With -trace, each Ready's trace events go into the Ready's WAL batch, and into the trace file
// once the batch is written: a node killed between the two writes completes its trace file
// from its WAL when it restarts, so a trace records exactly the steps whose effects the node
// persisted, whenever it was killed. With AsyncWrites the events go to the trace file before
// anything they sent leaves, and each write's WAL batch carries the event of its completion
// (HandleStorageAppendResponse), so that a node killed after the write and before stepping its
// completion finds it at restart: tla/Raft.tla's Restart then restores exactly the write the
// node recovers.
package kv
