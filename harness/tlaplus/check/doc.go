// Package check is an explicit-state model checker for TLA+ specifications that reads TLC's .cfg
// files and reproduces TLC's numbers: the same distinct-state count, the same count of states
// generated, the same verdict and the same counterexample length.
//
// # Search
//
// Breadth-first search (the default) proceeds level by level from the initial states, keeping a
// 64-bit fingerprint of every state found and a parent pointer per stored state, so a
// counterexample is rebuilt by walking parents and is a shortest one. With Options.Workers > 1
// the states of a level are expanded in parallel and the new states merged at the end of the
// level, in the order one worker finds them; when workers reach states with the same fingerprint,
// the one stored is the state one worker would store (the first in generation order). One worker
// visits states in TLC's FIFO order, and the counts are the same with any number of workers, also
// when states sharing a fingerprint are not interchangeable, as under a VIEW. Depth-first search (bounded by Options.Depth) and seeded random
// simulation are the other modes. Like TLC's iterative deepening (-dfid), depth-first search
// finds exactly the states of BFS levels 1..Depth: a state reached again by a shorter path is
// explored again from there.
//
// The three searches share one routine for what TLC does with every state generated (the checks
// type: constraints, fingerprint, invariants, step properties), one builder of counterexamples
// and one progress reporter; they differ only in where they keep states and which they go on
// from. Breadth-first search can record the edges of the state graph it explores (the dot and
// JSON dumps do), and the behavior graph liveness is checked on (see Temporal properties).
//
// # Counting as TLC counts
//
// "States generated" counts every initial state and every successor of every action, duplicates
// included, before constraints. A successor that fails a CONSTRAINT or ACTION_CONSTRAINT is
// neither stored nor queued, but the invariants are still checked on it. A state is deadlocked
// when no action produced any successor, counted before constraints. "Distinct states" is the
// number of fingerprints stored, and the depth is the BFS level of the deepest state stored
// (initial states are on level 1), also when the search stops early at a violation.
//
// The depth is what TLC prints with one worker, and ours does not depend on the number of
// workers: they finish a level before any starts the next. TLC's depth is the length of the
// path that discovered the last state it wrote (TLCTrace.getLevel; with several workers the
// greatest such length any worker wrote). Its workers share one queue without levels, so with
// more than one a state can be discovered first from a state of a deeper level than its BFS
// level, and the depth TLC prints is then larger than the BFS depth, and varies from run to run
// (tlaplus/tlaplus#883; its toolbox documents the diameter as nondeterministic with several
// workers). Recorded TLC depths from `-workers auto` runs, as in the tlaplus/Examples manifests
// (whose CI no longer compares depth), may therefore exceed ours: EWD840 with N = 3 is recorded
// there as 302 distinct, 2001 generated, depth 10; an independent breadth-first count gives 302,
// 2001 and depth 9, as we do, and a model of TLC's shared queue gives 10 on some schedules with
// four workers and never with one. Distinct and generated counts do not depend on the schedule.
//
// # Speed
//
// Invariants are checked on every new state and on every successor outside the constraints, as
// TLC checks them, which makes them a large share of the work. A successor's parent satisfies
// every invariant, so an invariant that reads only variables the step left unchanged (through
// any definitions, see eval.Spec.StateVariablesRead) has the same value on the successor and is
// not evaluated again; one that reads TLCGet, ENABLED or an instance is always evaluated. The
// verdicts and counts are what evaluating everything gives. BenchmarkSimpleSpec and
// BenchmarkModels (MCRaft, MCPaxos, MCMultiPaxos) measure states per second with 1 and 2 workers.
//
// # Successor generation
//
// Init and Next are enumerated as TLC's Tool.getInitStates and getNextStates do: top-level
// disjunctions and \E split into alternatives; conjuncts are taken left to right; `x' = e` and
// `x' \in S` bind x' at its first occurrence and are tests afterwards; UNCHANGED binds each
// variable it names; IF, CASE and LET are followed; A \cdot B steps through the successors of A
// to those of B (as TLC with -Dtlc2.tool.impl.Tool.cdot=true: both from what the conjuncts before
// the composition bound, each followed by the conjuncts after it); any other conjunct is a guard.
// Reading x' before it is bound, or finishing an action with a variable unbound, is an error
// naming the action and the variable. Traces label each step with its action as TLC's getActions
// splits Next: through disjunctions, \E over constant sets and definitions applied to constant
// arguments, named after the last definition (with the arguments' values, Prepare(r1)) and
// located at the first expression that is none of these ("line 3, col 5 to line 4, col 20 of
// module M").
//
// # Configuration
//
// Every keyword of TLC's .cfg files is handled (package cfg parses them): CONSTANT(S) with values,
// model values, sets of them and `<-` substitutions; INIT/NEXT or SPECIFICATION, from which Init,
// Next and vars are extracted (the fairness conjuncts, and any other temporal one, matter only
// for temporal properties); INVARIANT(S); PROPERTY(IES), split as TLC does into state
// predicates checked on initial states, [][A]_v checked on every step (so `P == INSTANCE
// Abstract WITH ...` and PROPERTY P!Spec checks a refinement), []P checked on every state, and
// temporal properties (see below);
// CONSTRAINT(S) and ACTION_CONSTRAINT(S); SYMMETRY (a set of permutations of model values, such
// as Permutations(S) \cup Permutations(T), expanded as TLC does into the group it generates, so
// that the states of one orbit share a fingerprint; an element that is not a permutation is a
// LoadError); VIEW; ALIAS (applied to the printed counterexample); POSTCONDITION (evaluated
// after the run, also after a violation, as TLC does, with TLCExt!CounterExample the
// counterexample: a false one is then reported in Result.Postcondition and the verdict stays
// the violation's); CHECK_DEADLOCK. TLCGet answers what TLC's does: "level" (0 in ASSUME and
// POSTCONDITION, the state's level elsewhere), "diameter", "generated", "distinct", "queue",
// "duration", "stats" and "config" (TLC's records and fields) live during the run and final in the
// POSTCONDITION; "spec" (the initial predicates, actions, fairness, invariants and implied parts
// TLC splits the specification and configuration into, as records of name and location), "action"
// (in simulation the action that produced the state, elsewhere TLC's unknown action, as TLC keeps
// actions with states only when simulating; name, location and context, in simulation the
// names the action is bound under with their values, as newer TLCs fill it, elsewhere empty)
// and "revision" (the build's);
// TLCSet's registers are
// per worker, shared by its actions and checks and seeded by the assumptions, and the
// POSTCONDITION reads the first worker's, as TLC's main thread does; TLCSet("exit", TRUE)
// ends the run without an error.
// TLCExt!Trace is the behavior to the state evaluated, as TLC's: in an action the state being
// expanded, in an invariant or constraint the state checked (every search mode). RandomElement
// and Randomization draw from a source seeded by Options.Seed, which a breadth-first search
// reseeds with each state it expands, as TLC does, so the counts do not depend on the workers;
// a constant definition choosing at random is evaluated once per run, when the model is loaded
// (from the seed, before any use, as TLC evaluates it when it starts), so that the search and the
// layout of a PROPERTY quantifying over its value see the same one. ASSUMEs are
// checked first (what they Print is printed). A configuration naming no behavior (no
// SPECIFICATION, INIT or NEXT) of a spec without variables checks only the assumptions, as TLC
// does; a value given to a name the spec does not have is ignored with a warning
// (Result.Warnings); the spec file may hold further modules after its own, found by name, as
// TLC reads a monolithic spec. A name of the wrong level for its
// keyword (an INVARIANT with a prime, an INIT that is an action) is a LoadError at its
// configuration line, as TLC refuses it at startup. The module-scoped forms
// `C = [M] v` and `C <- [M] D` replace C as seen inside module M, a module the root extends or
// instantiates (an operator of an instantiated module, say), D being a definition of the root;
// a module the root does not reach is a load error naming it and the configuration line.
//
// # Temporal properties
//
// PROPERTIES that are neither state predicates nor [][A]_v nor []P (<>P, []<>P, <>[]P, P ~> Q,
// WF_v(A), SF_v(A), ENABLED, []P combined with other temporal formulas, \A and \E over constant
// sets of any of them) are checked as TLC checks them (tlc2.tool.liveness), under the temporal
// conjuncts of the SPECIFICATION (its fairness). The properties' negations, conjoined with the
// fairness, are brought into disjunctive normal form; each disjunct (a branch) is split into
// <>[]A, []<>S and []<>A conditions and a temporal formula without actions, for which a particle
// tableau is built (livePlan, tableau). The breadth-first workers record, as they expand the
// states, the state graph with every step within the model plus a stuttering step per state,
// and the values of the branches' state predicates and actions (liveGraph). Once the search is
// over, the branches are checked for a strongly connected component of the graph's product
// with their tableau that satisfies them. TLC's LiveWorker searches the graph once per branch
// (Tarjan's algorithm); the checker decides the branches of a tableau together (failing): it
// works out once per tableau the values of the branches' conditions on every state and step,
// decomposes the graph of the steps satisfying the <>[]A conditions all branches share into
// components, decides on each component every branch it can (a component lacking what a branch
// needs, or one all of whose steps satisfy the branch's <>[]A conditions), and decomposes it
// again, with more conditions, for the others. The 2^k branches strong fairness splits a
// property into thus share one search instead of 2^k. A branch that shares no work with the
// others is searched on its own, from every node some step of whose state meets its <>[]A
// conditions (for <>[]S only the states satisfying S), the conditions of the steps inside a
// component gathered as the search follows them (hasBad). The runs of branches are checked in
// parallel with Options.Workers goroutines, and the first branch in order that has a bad
// component is searched on its own for the counterexample a single worker finds: a lasso from
// the nearest initial state, printed as TLC prints it, ending "Back to state N: <action>" or
// "State N: Stuttering" (Result.Lasso), with Verdict LivenessViolated and the violated
// properties in Result.Violated. Result.Temporal reports the check.
//
// A property violated by a finite behavior whatever follows it ([](x => [](~x => []~x))) may be
// found before that, as TLC finds it: for a solution one of whose branches has no <>[]A, []<>S or
// []<>A condition, the product with the tableau is built as the states are expanded, in TLC's
// order (TableauLiveChecker.addNextState), and a node added for a state already expanded whose
// tableau node leads to the accepting one (the empty particle) ends the search there
// (prefixTracker). The behavior printed is the shortest path to that node, without a loop;
// Verdict TemporalSafetyViolated, exit status 12, as TLC reports it.
//
// The graph is a few flat arrays, as TLC's DiskGraph: per state its number's record (chunk,
// offset, number of steps) and, in chunks of words, its state predicates' values followed by
// its steps (the target's fingerprint, replaced by its number before a check, and the actions'
// values); an open-addressing table maps fingerprints to numbers. They are kept outside Go's
// heap (liveStore), so that the collector neither scans them nor lets the heap grow by a
// multiple of them, up to Options.LiveMemory bytes in memory and past that mapped from an
// unlinked temporary file, which the kernel writes back, evicts and reads again as the check
// needs: a graph larger than the memory is checked from the disk, as TLC's is.
//
// As TLC does (ModelChecker.doPeriodicWork), a long search also checks the properties on the
// states expanded so far, so that it reports a counterexample early: at the end of a level, at
// most once per Options.LiveCheckEvery (TLC's progress interval, a minute, by default), while
// such checks have taken under a fifth of the run and the graph has grown by more than a tenth
// since the last one. A step to a state not expanded yet is left out, so a bad component found
// is one of the complete graph; it ends the search with the counts so far and
// Result.Temporal.Partial set (TLC's "current state space"). A negative LiveCheckEvery checks
// only the complete graph (TLC's -lncheck final); Manifest runs do, so that their counts do not
// depend on the machine's speed.
//
// As in TLC, a CONSTRAINT or ACTION_CONSTRAINT cuts the behavior graph: a state whose
// successors all leave the model can only stutter, which fairness often rules out, so
// violations outside the model are not found (the checker warns). With SYMMETRY the graph is
// that of the symmetry classes, which can hide violations or show spurious ones; the checker
// warns as TLC does, and checks that a counterexample found under SYMMETRY (or a VIEW) satisfies
// the fairness and violates a property on its printed lasso, warning if it does not. A temporal
// formula TLC cannot check either (\AA, \EE, an action under [] or <> other than <>[]A or
// []<>A, temporal operators inside an expression evaluated as a whole) is a LoadError. ENABLED
// of an instance's action binds x' for an instance variable x substituted by an expression, as
// TLC does, so a refinement PROPERTY with fairness (M!Spec) is checked. Not checked, and
// reported in Result.NotChecked with the reason (Result.NotCheckedWhy, exit code 3), never as
// passed: the temporal properties of a depth-first search or a simulation, which check safety
// only, and those of a specification whose fairness uses TLCGet, TLCSet, JavaTime or
// RandomElement other than through a constant definition. A temporal PROPERTY using them (TLC's
// trace-validation idiom [](l <= Len(T) => [](TLCGet("queue") > 0 \/ l > Len(T)))) is checked
// with the values TLC evaluates it to during its search: its atoms are evaluated once a state's
// successors are generated and queued, for the state, each step and each successor, and for an
// initial state as it is queued (TLC's LiveCheck.addNextState, addInitState), TLCGet("queue")
// counting the queue then; the properties a counterexample violates are named from those values.
// After a stuttering counterexample of a specification without fairness the checker adds TLC's
// warning about it.
//
// # Command line and manifest
//
// `dsref check [-config F.cfg] [-workers N] [-deadlock] [-dfs -depth N]
// [-simulate|-generate [num=N,file=F] -depth N -seed S -traces T] [-dump [dot|json] F] [-dumpTrace json|tla F] Spec.tla`
// runs Check and prints the report; the exit codes are TLC's (10 assumption, 11 deadlock, 12
// an invariant violated or a temporal property by a finite behavior found while searching, 13 a
// property violated, temporal or not, 75 evaluation error, 150 the spec does not load, 151 the configuration
// does not parse or names what TLC refuses as the configuration's error, 76 an INVARIANT that is
// not a state predicate: LoadError.ExitCode), except that a run without error that left a liveness PROPERTY unchecked
// exits with ExitNotChecked (3), never 0; -dump writes the states or the state graph of a
// breadth-first search (Options.DumpStates, Dot, DumpJSON) and -dumpTrace the counterexample
// (CounterExample, WriteTraceJSON, WriteTraceTLA), as TLC's options do; an interrupted run prints the counts so far and exits
// 130. Check itself returns the context's error with the partial Result when cancelled. As in TLC, -deadlock turns
// deadlock checking off. Progress lines follow every -progress interval. -coverage N
// (Options.Coverage) reports, as TLC's -coverage N, the states each initial predicate and action
// generated and found (TLC's CostModelCreator action lines, not its per-expression counts; see
// coverage.go), every N minutes and before the closing statistics (Result.Coverage).
//
// tla/models.json records, per tla/MC*.cfg, the expected verdict, states generated, distinct
// states and depth; TestModels and the `dsref conform` stage check every model against it. The
// manifest has three nested tiers (Tier): fast models are always checked; models marked slow
// (minutes) only with DSREF_SLOW=1, or by conform without -short; models marked soak (tens of
// minutes) only with DSREF_SOAK=1, or by `dsref conform -soak`. A soak model has recorded counts
// like any other (ReadManifest rejects one without); a skipped model is listed with how to run
// it, and a model whose run never finished is marked unchecked and reported as not checked.
package check
