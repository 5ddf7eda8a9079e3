// Package paxostest holds test helpers for package paxos that other packages (the
// simulation harness in particular) reuse: a deterministic in-memory cluster of Multi-Paxos
// nodes with a controllable network, a replicated key-value state machine with exactly-once
// client commands, agreement checkers, and the datadriven runner (TestData, RunTest) shared
// with dsref's other reference packages.
//
// Like package paxos it imports only the standard library (and package paxos), so the
// paxos tree can be vendored alone.
package paxostest
