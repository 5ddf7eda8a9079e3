// Package paxossim runs dsref's Multi-Paxos core (package paxos) under the deterministic
// simulator of package sim, replicating the simulator's key-value store. It adapts paxos.Node to
// sim.Node: a Ready's promise and accepted values are written to the node's simulated disk and
// fsynced before its messages leave (PAXOS-5), decided values are written without a sync (they
// can be learned again), and a restarted node is rebuilt from the records that survived, with
// its state machine replayed from the first slot.
//
// The Checker verifies per-slot agreement (tla/MultiPaxos.tla's Consistency) after every
// simulator event: no two nodes ever decide different values for one slot.
//
// SynodLog ("dsref sim -protocol synod") is a second replicated log, built from one
// single-decree paxos.Synod per slot with no leader: every node proposes its own clients'
// commands, and every acceptor sends its votes to every learner. Duelling proposers there put
// votes of several ballots with different values for one slot in front of each learner, which
// is what the learner's one-ballot quorum rule (PAXOS-7) guards against and what the
// mixed-ballot-quorum mutation breaks; Multi-Paxos, whose leader is the only learner of its
// ballot, never exercises that rule.
package paxossim
