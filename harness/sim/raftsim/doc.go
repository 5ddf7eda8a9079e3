// Package raftsim runs dsref's Raft core (package raft) under the deterministic simulator of
// package sim. It adapts raft.RawNode to sim.Node: every Ready is persisted to the node's
// simulated disk (HardState and entry records, fsynced when Ready.MustSync) before its messages
// leave, committed entries are applied to the simulated key-value store, and a restarted node is
// rebuilt from the records that survived the crash.
//
// On most seeds the application compacts (sim.Compactor): every few applied entries it takes the
// store's snapshot, compacts the node's MemoryStorage and rewrites the disk as that snapshot, the
// HardState and the entries after it, so a restart recovers the snapshot and the tail; leaders
// catch lagging followers up by sending the snapshot in chunks (small ones on half of those
// seeds, so that faults interrupt transfers, which resume), and a follower that installs one
// hands it to the cluster, which checks it is a state some node reached at that index.
//
// Followers that know a leader take reads too (follower reads, RAFT-READ-3): a follower forwards
// the ReadIndex request to the leader, and the cluster serves the read from the follower's store
// once it has applied up to the index the leader answered; porcupine checks those reads with the
// rest of the client history.
//
// Half of the seeds with CheckQuorum serve lease reads (raft.Config.LeaseReads, with
// LeaseClockDrift covering the simulator's largest clock drift); their nodes catch up on the
// ticks a pause held back (sim.TickCatcher), as a lease needs, and porcupine checks the reads
// with the rest of the history. Scripted lease scenarios (TestLeaseReadsStayLinearizable) cut a
// leader off at the edge of its lease: with the correct protocol every history is linearizable,
// with the planted bugs lease-ignores-drift and lease-after-transfer porcupine finds stale reads.
//
// The Checker verifies the invariants of tla/Raft.tla after every simulator event: ElectionSafety
// (at most one leader per term, over the whole run), LogMatching (logs that agree on an entry's
// index and term agree on everything before it) and committed-prefix agreement (no two nodes
// disagree on an entry either considers committed); the simulator itself checks
// StateMachineSafety as nodes apply entries.
package raftsim
