// Package sim is dsref's deterministic cluster simulator: a single-threaded, seeded discrete-event
// loop that runs the protocol cores (raft, paxos) as nodes on a simulated network with simulated
// disks and clocks, injects faults, and checks safety, linearizability and liveness.
//
// Everything a run does follows from its seed. The loop pops events (node ticks, message deliveries,
// client actions, fault injections) from a priority queue ordered by simulated time and then by
// insertion order, and every random choice is drawn from one PCG source seeded by the run's seed. The
// same seed and the same code therefore produce a byte-identical event log; [Result.Hash] is a
// 64-bit FNV-1a digest of that log so two runs can be compared cheaply.
//
// Faults are chosen per seed ("swarm testing", as in TigerBeetle's VOPR): [DrawFaults] switches each
// fault kind on or off and draws its rate, so some seeds see only drops, some only partitions, some
// everything at once. The kinds are message drop, duplication, reordering, delay distributions and
// replay of old messages; partitions of five shapes (isolate one node, minority/majority split,
// majorities ring, bridge, asymmetric) and heal; crash and restart, where the simulated [Disk] keeps
// only what was fsynced and a crash in the middle of a write may leave a torn or corrupted tail;
// pause; and per-node clock skew and drift, which change how fast each node's ticks arrive.
//
// A run records every fault it applies as a schedule of steps ([FaultStep]): the network's and
// clocks' faults set at the start (drop, duplicate, reorder, delay, skew, drift), then each
// partition, heal, crash, restart, pause, resume and replay. [RunOptions].Script replays a seed
// with a given schedule instead of the seed's faults: a run replayed with its own schedule is
// the run itself, and the empty schedule is a run without any fault. [ValidateSchedule] refuses
// schedules that cannot happen (a restart of a running node, a second crash of a crashed one),
// and [Shrink] removes steps from a failing run's schedule while it still fails. [FormatSchedule]
// and [ParseSchedule] are the text form `dsref sim -schedule` reads.
//
// A run has two phases. In the fault phase the protocol's invariants ([Checker]) are checked after
// every event. In the heal phase all faults stop, crashed nodes restart, and a fresh client
// operation must commit within a bounded simulated time (ten election timeouts). At the end the
// client history is checked for linearizability with porcupine; porcupine's Unknown verdict (its
// time budget ran out) counts as a failure, never as a pass.
//
// Protocols plug in through [Protocol] and [Node]; the adapters live in the sub-packages raftsim and
// paxossim, so this package imports no protocol. [StateMachine] drives the same cluster from a
// pgregory.net/rapid state machine whose actions are scheduler decisions, so a failing schedule
// shrinks to a minimal one; rapid.MakeFuzz turns the same property into go test -fuzz targets
// (FuzzSchedule in raftsim and paxossim).
//
// # Layout
//
// A [Cluster] is made of one part per concern, each in its own file: the nodes with their disks
// and clocks (nodes.go), the network (network.go), the clients and their history (clients.go),
// the State Machine Safety check (agreement.go) and the fault injector (nemesis.go, with the
// faults it applies in inject.go). They share the run's simulated time, agenda, event log and
// random source (world.go); the event loop (loop.go) routes each event to its part.
//
// # Running it
//
// go test ./harness/sim/... runs 2,000 seeds on each of Raft with 3 and 5 nodes and Multi-Paxos
// with 3 and 5 nodes, the MIT 6.5840 Raft lab scenarios, and the mutation catalogue. A longer
// soak runs more seeds, either through the tests or the CLI:
//
//	DSREF_SIM_SEEDS=100000 go test ./harness/sim/raftsim ./harness/sim/paxossim -run TestSeeds -timeout 0
//	go run ./cmd/dsref sim -protocol raft -nodes 5 -seeds 100000
//
// A failing seed's report gives the command that replays it; with -seeds 1 (the default),
// dsref sim prints the whole event log, and -steps N stops the replay at the point of failure.
// Clients talk to nodes directly: the client-to-node path is not subject to network faults.
package sim
