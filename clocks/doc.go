// Package clocks implements the logical and physical clocks distributed systems use to order
// events: Lamport clocks, vector clocks, dotted version vector sets, hybrid logical clocks and
// interval clocks in the style of TrueTime.
//
// # Which clock to use
//
// Wall clocks lie: they drift, NTP steps them backwards, and two machines never agree exactly,
// so comparing timestamps from different machines can order an effect before its cause.
//
// A Lamport clock is a single counter. If e happened before f then C(e) < C(f), and tagging
// each time with its process gives a total order consistent with causality. The converse does
// not hold: C(e) < C(f) says nothing about whether e could have influenced f.
//
// A vector clock (Vector, or DenseVector over a fixed membership) keeps one counter per node
// and captures causality exactly: e happened before f if and only if vc(e) < vc(f), so Compare
// can report two events as Concurrent. Missing entries are zero: {a:1} and {a:1, b:0} are
// Equal. Use one to detect conflicting updates; its size grows with the number of writers.
//
// A dotted version vector set (DVVSet) stores the values of one replicated key together with
// their causal history, so a multi-writer register keeps exactly the concurrent siblings and
// drops every overwritten value, with metadata bounded by the number of replica nodes rather
// than clients.
//
// A hybrid logical clock (HLC) gives Lamport's guarantee while staying within the clock
// synchronisation error of physical time, in a fixed 64 bits: use it for timestamps that must
// respect causality and also mean something to humans, such as MVCC versions or snapshot
// reads. UpdateChecked refuses remote timestamps implausibly far in the future.
//
// An interval clock (IntervalClock) admits its uncertainty: Now returns [earliest, latest].
// Two events are ordered only when their intervals do not overlap, and CommitWait says how long
// to wait until a timestamp is definitely in the past, which is how Spanner makes commit order
// match real-time order.
//
// # Design
//
// Nodes and processes are named by one type throughout: a non-empty string (Vector, DenseVector's
// Members, DVVSet, LamportStamp.Process).
//
// Every clock is a deterministic value or state machine: no goroutines, no timers, no reads of
// the system clock except through a physical clock the caller injects. Stateful clocks report
// their actions through a Tracer as TraceEvents whose TraceAction names the action of the TLA+
// module (TraceActions lists them). None is safe for concurrent use; callers serialise access.
// No counter wraps: an operation that would pass the largest value fails with a typed error
// and leaves the clock unchanged.
//
// The requirements (LC-*, VC-*, DVV-*, HLC-*, IC-*) are in spec/clocks.md; the TLA+ modules
// tla/LamportClock.tla, tla/VectorClock.tla and tla/HLC.tla state the clock conditions as
// invariants over N processes exchanging messages, and tla/DVV.tla checks that replicas keep
// exactly the concurrent siblings. Subpackage clockstest generates random
// message histories and checks the clock conditions against an independently computed
// happened-before relation.
//
// # Testing
//
// go test ./clocks/... runs datadriven scripts (testdata/*.txt, expected outputs worked out by
// hand), rapid properties (including values at the edges of every counter), examples and the
// fuzz seed corpora in a few seconds. DSREF_SOAK=1 raises TestRandomHistories from 300 to
// 200000 histories. The fuzz targets FuzzVectorUnmarshalBinary, FuzzVectorUnmarshalJSON and
// FuzzHLCUpdate run with go test -fuzz=NAME ./clocks.
//
// # Vendoring
//
// The package and clockstest import only the standard library; copy the clocks folder with its
// NOTICE file (Apache-2.0, the licence of the dsref repository). The tests also need
// pgregory.net/rapid. The spec (spec/clocks.md) and the TLA+ modules named above live in the
// dsref repository, not in this folder.
package clocks
