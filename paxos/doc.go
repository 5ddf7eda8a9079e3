// Package paxos is a reference implementation of Paxos: single-decree Paxos (the Synod
// protocol of "Paxos Made Simple") and Multi-Paxos state machine replication in the style of
// "Paxos Made Moderately Complex", with Flexible Paxos quorums. Its normative description
// is spec/paxos.md (requirements PAXOS-n, MPAXOS-n and FPAXOS-n); the TLA+ modules
// tla/Consensus.tla, tla/Voting.tla, tla/Paxos.tla and tla/MultiPaxos.tla specify the same
// protocol, and every step of the code names the TLA+ action it implements.
//
// # Protocol
//
// A ballot is a number unique to its proposer (round<<16 | node ID). In phase 1 a proposer
// asks acceptors to promise its ballot (Prepare); each promise (Promise) carries the
// highest-ballot value the acceptor has accepted. With a phase-1 quorum of promises the
// proposer may propose (Accept) only the value of the highest-ballot vote reported, or any
// value if none was. An acceptor accepts unless it promised a higher ballot, and reports its
// vote (Accepted). A value is chosen once a phase-2 quorum accepted it in one ballot;
// learners learn it from a quorum of votes or from a decision message (Decide). Acceptors
// persist promises and votes before replying.
//
// Multi-Paxos runs one such instance per log slot. A distinguished leader runs phase 1 once
// for all slots after its decided prefix and then only phase 2 per command, so a command
// costs 2(N-1) messages in the steady state. A new leader adopts, per slot, the highest
// ballot value reported in phase 1 and fills every other slot up to the highest one reported
// with a no-op; without the no-ops a hole left by the old leader would block the log
// forever. Commit notices ride on the next phase-2a message or heartbeat; replicas that miss
// values fetch them by slot range (CatchUp). A follower that hears nothing from a leader for
// an election timeout (randomised, and doubled after every failed attempt) runs phase 1
// itself, so two proposers do not duel forever.
//
// Flexible Paxos: phase-1 and phase-2 quorum sizes are configurable (Config.Quorums);
// construction fails unless |Q1|+|Q2| > N, which makes every phase-1 quorum meet every
// phase-2 quorum.
//
// # Using the cores
//
// Node (Multi-Paxos) and Synod (single-decree) are deterministic state machines in the
// style of etcd's raft: the caller feeds them Tick, Step(Message) and Propose, and drains
// Ready, which lists state to persist, then messages to send, then decided values to apply
// in slot order, each exactly once. They start no goroutines, read no clocks and do no I/O;
// randomness (election jitter) comes from Config.Rand. A core restarted from its persisted
// state with RestartNode or RestartSynod continues safely. Config.Tracer receives a
// TraceEvent per step whose TraceAction names the action of the TLA+ module it implements
// (Synod: tla/Paxos.tla; Node: tla/MultiPaxos.tla), with the acceptor's promise and the
// decided prefix after the step, so a run can be validated against the specification; every
// step function names its action in its doc comment. One NodeID type names processes in both
// cores, in messages and in trace events. No ballot, slot or timer arithmetic wraps: at the
// edges the cores refuse with typed errors (BallotExhaustedError, PAXOS-1, PAXOS-10).
//
// Built with -tags dsref_mutations (test builds only), Config.Mutation plants one of a
// catalogue of known bugs, so that test harnesses can prove they catch it; the shipped build
// compiles rules.go instead of mutation.go and contains no planted-bug code.
//
// Package paxostest provides an in-memory cluster, a replicated key-value state machine with
// exactly-once client commands, and checkers.
//
// # Tests
//
// go test ./paxos/... runs unit tests, the datadriven scenarios in testdata/, rapid chaos
// properties (safety under loss, duplication, reordering, crashes and partitions; progress
// after healing; arbitrary messages with extreme values), one focused test per planted
// mutation, fuzz seeds and examples, in seconds. DSREF_SOAK=1 makes every chaos schedule ten
// times longer.
//
// # Vendoring
//
// paxos and paxostest import only the standard library; copy the paxos folder with its NOTICE
// file (Apache-2.0, the licence of the dsref repository). The tests also need
// pgregory.net/rapid. The spec (spec/paxos.md) and the TLA+ modules named above live in the
// dsref repository, not in this folder.
package paxos
