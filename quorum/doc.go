// Package quorum is dsref's reference for quorum systems: the sets of members whose agreement
// makes Raft, Paxos and Dynamo-style stores safe, because any two quorums that must intersect
// do.
//
// Members are named by one type throughout: an int ID in 0..63 (MaxMembers), one bit of a Set.
//
// Every system implements one small interface, System. A system has two kinds of quorum:
// Phase1 quorums elect leaders, prepare Paxos ballots and serve reads; Phase2 quorums
// replicate entries, accept ballots and acknowledge writes. Majority, Threshold and Grid use
// one kind for both. Flexible (flexible Paxos) and ReadWrite (Dynamo's N, R, W) size them
// separately and promise only that a Phase1 quorum meets every Phase2 quorum. Weighted is
// Gifford's weighted voting, and Joint is Raft's joint consensus: a quorum of the old and of
// the new configuration at once.
//
// Beyond IsQuorum, a System answers what consensus asks: CommittedIndex (the largest index a
// Phase2 quorum has acknowledged, with etcd-io/raft's conventions, so that an empty majority
// commits everything and a joint configuration with an empty half behaves like the other
// half), VoteResult (Won, Lost as soon as no quorum can be reached, or Pending) and
// FaultTolerance. Member sets are a 64-bit Set, so these allocate nothing.
//
// Constructors reject configurations whose quorums fail to intersect where they must, with a
// *DisjointError naming two disjoint quorums; the counting systems are checked in closed form
// at any N. CheckIntersection verifies any system of up to 20 members by enumeration.
//
// For partial quorums (R + W <= N) the package quantifies staleness following Probabilistically
// Bounded Staleness (Bailis et al., VLDB 2012): the closed form StaleReadProbability and its
// Monte Carlo check SimulateStaleRead, TVisibility under the WARS latency model, and
// SimulateSloppy, which shows with numbers what sloppy quorums with hinted handoff give up.
// Simulations draw all randomness from the *rand.Rand the caller passes.
//
// Parse reads the textual form every System's String method writes, such as
// "majority {0-2} & majority {2-4}", and Describe draws etcd-style bars of acknowledged
// indexes.
//
// The requirements this package implements are in spec/quorum.md (IDs Q-...); the TLA+ module
// tla/Quorum.tla states the intersection properties over small member sets, checked by the
// models tla/MCQuorum.cfg. The package imports only the standard library, so it can be vendored
// alone; raft and paxos deliberately do not import it.
//
// # Vendoring and tests
//
// Copy the quorum folder with its NOTICE file (Apache-2.0, the licence of the dsref
// repository). Its tests need pgregory.net/rapid besides the standard library: go test
// ./quorum runs datadriven scripts (testdata/*.txt, expected outputs worked out by hand),
// rapid properties against naive reference implementations, an exhaustive intersection check
// of every configuration of up to 7 members, examples and fuzz seed corpora in seconds. The
// spec and TLA+ files named above live in the dsref repository, not in this folder.
package quorum
