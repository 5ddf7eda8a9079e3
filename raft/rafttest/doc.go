// Package rafttest drives raft nodes on a deterministic in-memory network, for tests and
// simulators: Cluster owns the nodes, their MemoryStorage (so crashes and restarts are exact)
// and a FIFO of in-flight messages that can be delivered, dropped or partitioned. Interaction
// replays hand-readable datadriven scripts (testdata/*.txt) against a Cluster, in the style of
// etcd-io/raft's interaction tests; see TestData for the file format and Interaction.Handle
// for the commands.
//
// The package does not import "testing": RunTest takes the small TB interface that
// *testing.T satisfies, so that a program can replay scripts too.
package rafttest
