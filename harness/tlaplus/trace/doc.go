// Package trace validates traces of implementation runs against TLA+ specifications: it
// decides whether some behavior of the specification produces the logged events, and if none
// does, reports the first event at which no behavior is consistent with the trace so far, the
// states that were consistent just before it, and for each of them which condition of the
// event's action is false or which observed field disagrees, with the specification's and the
// trace's values.
//
// # The trace module
//
// The mapping from events to the specification is plain TLA+ that TLC accepts too, in the style
// of etcd-io/raft's Traceetcdraft.tla and of Cirstea, Kuppe, Loillier and Merz, "Validating
// Traces of Distributed Programs Against TLA+ Specifications" (2024). A trace module (for
// instance tla/TraceRaft.tla) extends the specification and the community modules Json and
// IOUtils, and defines:
//
//   - TraceLog == ndJsonDeserialize(IOEnv.JSON): the events, one JSON object a line. The
//     validator passes the trace file in IOEnv.JSON, as TLC users do with JSON=run.ndjson.
//   - VARIABLE l: the position in TraceLog of the next event to explain.
//   - TraceInit and TraceNext, named as INIT and NEXT in the module's .cfg (with the
//     CONSTANT substitutions that give the specification's constants their trace values).
//     TraceNext either explains event l and moves l to l + 1, or takes a silent step that
//     leaves l alone (a step the implementation does not log).
//
// and, for the validator's reports and input checks (TLC ignores them):
//
//   - TraceAction(e): the action of the specification event e names, with its parameters;
//   - TraceObserved(e): what e observed of the state after the step, as a conjunction of
//     comparisons spec' = e.field; with both, TraceNext is
//     l <= Len(TraceLog) /\ TraceAction(TraceLog[l]) /\ TraceObserved(TraceLog[l]) /\ l' = l + 1
//     plus any silent steps;
//   - TraceSilent(e): the silent steps possible before event e, if TraceNext has any (then
//     TraceNext's second disjunct is l <= Len(TraceLog) /\ TraceSilent(TraceLog[l]) /\
//     UNCHANGED l), and TraceSilentAction, the name of the specification's action they take;
//   - TraceSchema: per action, the fields an event carries and their types (see Schema);
//   - TraceStep(e): TraceAction(e) /\ TraceObserved(e) written so that what both need is
//     computed once (tla/TraceRaft.tla builds the specification's view of the message e
//     handles once); with Options.Reuse the validator then steps e through it.
//
// A module that follows this convention, and whose constants depend on the trace's header
// (its first line) alone, can be loaded once for many traces: with Options.Reuse the validator
// keeps it and steps each event e through TraceAction(e) /\ TraceObserved(e) /\ l' = l + 1
// (or l' = l + 1 /\ TraceStep(e)) and TraceSilent(e) /\ l' = l itself, which is TraceNext without TraceLog (the tests check
// that both ways give the same results on the repository's modules).
//
// A trace whose header has "instances": F (InstancesField) holds independent instances of the
// specification, told apart by each event's field F (or its message's, msg.F): a replicated
// log run as one single-decree Paxos per slot. Each instance's events, after the header, are
// validated as a trace of their own; the order of the events is checked on the whole file.
//
// # The algorithm
//
// Validate keeps the set of states of the specification consistent with the events read so far
// (the frontier), told apart by fingerprint, so that a state reached by several behaviors is
// kept once. For each event it generates the successors of every frontier state under
// TraceNext, the model checker's way (check.Stepper): those that consume the event form the
// next frontier, silent steps join the current one. Whatever the trace does not log (a variable
// it never observes, a choice it does not record) stays open: the frontier carries every
// possibility until a later event rules some out. The trace is a behavior of the specification
// when the frontier is not empty after the last event. The cost is linear in the length of the
// trace for a given frontier size, and memory is bounded by the largest frontier
// (Options.MaxFrontier refuses traces that leave too much open).
//
// A trace produced in the same process need not go through text: ValidateEvents takes the
// records its lines decode to (the simulator's sweep hands its traces over so,
// sim.Options.TraceEvents) and validates them exactly as ValidateBytes validates the NDJSON.
// With Options.Steps the result also names the definitions the explaining behaviors stepped
// through (Result.Steps): the specification's actions a trace exercised when its events do not
// name them, as in a wire trace (tla/TraceRaftWire.tla).
//
// Before validating, Read checks the input: every line a JSON object, an action the schema
// knows, every field the schema requires present and of its type, no time ("t") going
// backwards, and vector clocks ("vc") consistent with the order of the lines, so that a trace
// merged from several processes is a linearisation of their happened-before order. Each error
// names the line and the field.
//
// # With TLC
//
// The same module runs under TLC's own trace-validation recipe: with tla2tools.jar and the
// CommunityModules jar on the class path,
//
//	JSON=run.ndjson java -XX:+UseParallelGC -cp tla2tools.jar:CommunityModules-deps.jar \
//	    tlc2.TLC -config TraceRaft.cfg TraceRaft.tla
//
// TLC explores TraceSpec breadth-first and reports a violation of the temporal property
// TraceMatched when no behavior consumes the whole trace; it does not say which field
// disagreed.
package trace
