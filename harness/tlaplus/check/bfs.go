package check

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// node is a distinct state in the search; nodes are numbered in the order they were queued, and
// parent links give the shortest path back to an initial state.
type node struct {
	state  State
	fp     uint64
	parent int32 // -1 for an initial state
	action int32
	ord    uint32 // the successor's position among its parent's, counted from 1 (see genKey)
}

// genKey orders states as one worker generates them: initial states by their position, and the
// ord-th successor of node parent after every successor of nodes numbered below parent (and
// after every initial state). Parallel workers use it so that the state stored for a
// fingerprint is the one a single worker stores, which matters when several states share a
// fingerprint without being interchangeable: under a VIEW the stored state's successors depend
// on which one it is, and so would the counts. (Under SYMMETRY they do not: the permutations are
// expanded into the group they generate, whose orbits are interchangeable states.)
func genKey(parent int32, ord uint32) uint64 {
	if parent < 0 {
		return uint64(ord)
	}
	return (uint64(parent)+1)<<32 | uint64(ord)
}

// failure is the first violation a breadth-first search finds, with where its trace ends.
type failure struct {
	violation
	last     int32 // node the trace ends at (the parent of extra), -1 for none
	extra    State // a state not stored (violating successor or initial state), appended after last
	extraAct int32
	// stored is set when extra was a new state, stored (its fingerprint counted as distinct)
	// before its invariants or step properties failed. TLC does
	// not queue such a state (ModelChecker.doNext enqueues a successor only after its checks
	// pass), so it is not left on the queue; a violating initial state is (DoInitFunctor
	// enqueues before checking).
	stored bool
	// prefix, for a temporal property violated by a finite behavior (see prefixTracker), are
	// the node numbers of the behavior's states.
	prefix []int32
}

// searcher holds the shared state of a breadth-first search.
type searcher struct {
	m        model
	opts     Options
	deadlock bool
	fps      *fpSet
	nodes    []node
	counts   counters
	// graph holds the edges of the state graph, recorded only when something needs them (see
	// stateGraph).
	graph *stateGraph
	// live records the behavior graph for checking temporal properties (nil without any), and
	// liveOutcome is what checking them found.
	live        *liveGraph
	liveOutcome *liveOutcome
	liveSched   liveSchedule
	// prefix finds temporal properties violated by finite behaviors as the states are expanded
	// (see prefixTracker); inits is the number of initial states.
	prefix []*prefixTracker
	inits  int

	stop atomic.Bool
	mu   sync.Mutex
	fail *failure
	// cov collects the -coverage report (nil without Options.Coverage).
	cov *coverage
}

func exploreBFS(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	s := &searcher{m: m, opts: opts, deadlock: deadlock}
	if opts.Coverage {
		s.cov = &coverage{}
	}
	s.fps = newFPSet(&s.counts.distinct)
	if opts.Dot != nil || opts.DumpJSON != nil {
		s.graph = &stateGraph{}
	}
	s.live = newLiveGraph(m, opts)
	defer s.live.close()
	s.prefix = newPrefixTrackers(s.live, &s.nodes)
	s.liveSched = newLiveSchedule(opts)
	stopProgress := startProgress(opts, &s.counts)
	stopCoverage := s.startCoverage(time.Now())
	err := s.bfs(ctx)
	if err == nil && s.fail == nil && s.live != nil && s.liveOutcome == nil {
		err = s.checkLiveness(ctx)
	}
	stopCoverage()
	stopProgress()
	res := s.counts.result()
	res.Coverage = s.cov.lines(m)
	if err != nil {
		if se, ok := err.(*stateError); ok {
			var cs *checkingSuccessor
			if errors.As(se.err, &cs) {
				return res, &EvalError{Err: cs.err, Checking: true, Trace: s.trace(se.state, cs.state, cs.action)}
			}
			return res, &EvalError{Err: se.err, Trace: s.trace(se.state, nil, 0)}
		}
		return res, err
	}
	if f := s.fail; f != nil {
		res.Verdict = f.verdict
		res.Violated = f.name
		if f.prefix != nil {
			res.Trace, res.Violated, err = s.prefixTrace(f.prefix)
			if err != nil {
				return res, err
			}
		} else {
			res.Trace = s.trace(f.last, f.extra, f.extraAct)
		}
	}
	s.liveResult(&res)
	if opts.Dot != nil {
		if err := writeDot(opts.Dot, m, s.nodes, s.graph.edges); err != nil {
			return res, err
		}
	}
	if opts.DumpJSON != nil {
		if err := writeGraphJSON(opts.DumpJSON, m, s.nodes, s.graph.edges); err != nil {
			return res, err
		}
	}
	if opts.DumpStates != nil {
		if err := writeAllStates(opts.DumpStates, m, s.nodes); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *searcher) report(f *failure) {
	s.mu.Lock()
	if s.fail == nil {
		s.fail = f
	}
	s.mu.Unlock()
	s.stop.Store(true)
}

// bfsWorker is one goroutine of a breadth-first search: its model worker and checks, and the
// store (see store) that claims fingerprints and queues the new states of the chunk it expands.
type bfsWorker struct {
	s      *searcher
	c      checks
	parent int32  // the node being expanded, -1 for the initial states
	fresh  []node // the new states of the chunk being expanded, in generation order
	edges  []edge // the chunk's steps, when the search records the state graph
	live   *liveRecorder
	// recycle, if not nil, takes back the successors the search did not keep (without a
	// behavior graph for liveness, which records every successor).
	recycle recycler
	// The expansion in progress (see expand): the state expanded, its successors generated so
	// far, and the action during which one of them violated a property or failed to be checked
	// (stopAct, -1 for none; stopErr the failure).
	cur     State
	ord     uint32
	stopAct int
	stopErr error
	// entered is the worker as an actionEnterer, if it is one (see actionOf).
	entered actionEnterer
	// onSuccessor is b.successor, the callback every expansion gives the model worker, made
	// once: a closure made per expansion escaped to the heap with the variables it wrote, five
	// objects per state expanded.
	onSuccessor func(State, int) error
	// The padding makes a worker 256 bytes, an allocation size class whose objects are 64-byte
	// aligned: the workers, made one after the other, were 208 bytes apart, one's counter of
	// generated states (c.generated, written for every successor) sharing a cache line with the
	// fields the worker before it reads for every successor (entered, onSuccessor).
	_ [56]byte
}

// add claims fp for t (see fpSet.claim) and queues t if the claim is new.
func (b *bfsWorker) add(fp uint64, t State, action int32, ord uint32) bool {
	seen := b.s.fps.claim(fp, genKey(b.parent, ord))
	if b.s.graph != nil && b.parent >= 0 {
		b.edges = append(b.edges, edge{from: b.s.nodes[b.parent].fp, to: fp, action: action})
	}
	if b.live != nil && b.parent >= 0 {
		b.live.edge(fp, t)
	}
	if !seen {
		b.fresh = append(b.fresh, node{state: t, fp: fp, parent: b.parent, action: action, ord: ord})
		// Queued: the queue's size is TLC's as the state is checked, TLCGet("queue") reading it
		// in its invariants and the liveness checker's evaluations (see liveRecorder.evalDeferred).
		// With several workers, a new state displaced by another worker's claim of its
		// fingerprint is taken off at the end of the level (see level).
		b.s.counts.left.Add(1)
	}
	return seen
}

// addStutter is add for a successor made of the values of the node being expanded (see
// stutterStore): its fingerprint is the node's, which the fingerprint set holds for a state
// generated before it, so it is seen, and only the steps recorded for the state graph and the
// behavior graph are added.
func (b *bfsWorker) addStutter(t State, action int32, ord uint32) bool {
	fp := b.s.nodes[b.parent].fp
	if b.s.graph != nil {
		b.edges = append(b.edges, edge{from: fp, to: fp, action: action})
	}
	if b.live != nil {
		b.live.edge(fp, t)
	}
	return true
}

// bfs runs TLC's breadth-first search: level by level, so that the depth is the number of levels
// and every counterexample is a shortest one. Within a level, one worker processes states in queue
// order and appends new ones in generation order, exactly TLC's FIFO order; several workers take
// chunks of the level and merge their new states at the end of the level.
func (s *searcher) bfs(ctx context.Context) error {
	n := max(s.opts.Workers, 1)
	workers := make([]*bfsWorker, n)
	for i := range workers {
		workers[i] = newBFSWorker(s, searchWorker(s.m), s.cov.local())
		workers[i].live = s.live.recorder(workers[i].c.w)
		if r, ok := workers[i].c.w.(recycler); ok && workers[i].live == nil {
			workers[i].recycle = r
		}
		setPath(workers[i].c.w, workers[i])
	}
	if err := s.initial(workers[0]); err != nil {
		return err
	}
	s.inits = len(s.nodes)
	if s.fail != nil {
		s.counts.left.Store(int64(len(s.nodes)))
		return nil
	}
	lo, hi := 0, len(s.nodes)
	if t := s.opts.timing; t != nil {
		start := time.Now()
		defer func() { t.total += time.Since(start) }()
	}
	for lo < hi {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.counts.left.Store(int64(hi - lo))
		fresh, err := s.level(ctx, workers, lo, hi)
		for _, f := range fresh {
			s.nodes = append(s.nodes, f...)
			s.cov.addDistinct(f)
		}
		// The depth is the level of the deepest state found, as TLC reports it, also when the
		// search stops at a violation, an error or a cancellation with part of the next level
		// found.
		if len(s.nodes) > hi {
			s.counts.depth.Add(1)
		}
		if err != nil {
			return err
		}
		if s.fail != nil {
			// The violating successor was stored and counted as queued with the level's new
			// states (and as reached, for the depth), but TLC does not queue it. With several
			// workers an equal state generated earlier in one worker's order may have taken
			// its fingerprint over (fpSet.claim) and been kept instead: the same state, not
			// queued either.
			if s.fail.stored {
				s.counts.left.Add(-1)
			}
			return nil
		}
		lo, hi = hi, len(s.nodes)
		if found, err := s.periodicLiveCheck(ctx, lo); found || err != nil {
			return err
		}
	}
	s.counts.left.Store(0)
	return nil
}

// initial generates, checks and queues the initial states.
func (s *searcher) initial(b *bfsWorker) error {
	b.parent = -1
	var ord uint32
	err := b.c.w.initial(func(t State) error {
		ord++
		stored := len(b.fresh)
		_, v, err := b.c.initial(t, ord, b)
		if err != nil {
			return err
		}
		if v.found() {
			s.fail = &failure{violation: v, last: -1, extra: t, extraAct: -1}
			return errStop
		}
		if len(b.fresh) > stored && b.live != nil {
			// Queued (see add), as TLC's DoInitFunctor queues it before LiveCheck.addInitState.
			return b.live.initial(int32(stored), t)
		}
		return nil
	})
	s.counts.generated.Add(b.c.take())
	s.nodes, b.fresh = b.fresh, nil
	if len(s.nodes) > 0 {
		s.counts.depth.Store(1)
	}
	if err != nil && err != errStop {
		// The initial states stored before the error are queued, as TLC's DoInitFunctor
		// queues each before checking it; its summary counts them.
		s.counts.left.Store(int64(len(s.nodes)))
		return initialError(s.m, err)
	}
	return nil
}

// searchTiming is where the elapsed time of a breadth-first search went (Options.timing), for
// BenchmarkScaling: a level's states are expanded in parallel, and each level ends when its last
// chunk does, the workers done before it waiting (idle), after which one goroutine merges the
// new states (the time between levels is total - wall).
type searchTiming struct {
	levels int
	// total is the whole search, the initial states included; wall the parallel phases of the
	// levels, from their first chunk taken to their last worker done; idle the time in those
	// phases the workers spent waiting for the others, summed over the workers.
	total, wall, idle time.Duration
}

// maxChunk is the most states a worker takes from a level at a time.
const maxChunk = 32

// chunkFor returns how many states a worker takes at a time from a level of n states. One
// worker takes maxChunk. Several take chunks small enough that each gets about eight of the
// level, so that the last chunk, which one worker finishes while the others wait for the next
// level, is short; a level of fewer states than workers is taken state by state.
func chunkFor(n, workers int) int {
	if workers <= 1 {
		return maxChunk
	}
	return max(1, min(maxChunk, n/(workers*8)))
}

// level expands the states numbered lo..hi-1 and returns the new states, chunk by chunk in the
// order one worker generates them, also when it stops early at an error or a cancellation, so
// that the partial counts stay consistent (every state stored is either expanded or left on the
// queue). With several workers a fingerprint may be claimed by more than one new state; only its
// owner (fpSet.claim) is kept, so the next level is exactly the one a single worker queues. The
// steps recorded for the state graph are merged in the same chunk order.
func (s *searcher) level(ctx context.Context, workers []*bfsWorker, lo, hi int) ([][]node, error) {
	chunkSize := chunkFor(hi-lo, len(workers))
	chunks := (hi - lo + chunkSize - 1) / chunkSize
	workers = workers[:min(len(workers), chunks)]
	takeovers := s.fps.takeovers.Load()
	s.live.reserve(hi)
	fresh := make([][]node, chunks)
	var edges [][]edge
	if s.graph != nil {
		edges = make([][]edge, chunks)
	}
	var cursor atomic.Int64
	cursor.Store(int64(lo))
	var busy atomic.Int64 // the workers' time in the level, in nanoseconds, when timed
	if t := s.opts.timing; t != nil {
		start := time.Now()
		defer func() {
			wall := time.Since(start)
			t.levels++
			t.wall += wall
			t.idle += time.Duration(len(workers))*wall - time.Duration(busy.Load())
		}()
	}
	run := func(b *bfsWorker) error {
		if s.opts.timing != nil {
			start := time.Now()
			defer func() { busy.Add(int64(time.Since(start))) }()
		}
		for !s.stop.Load() {
			start := int(cursor.Add(int64(chunkSize))) - chunkSize
			if start >= hi {
				return nil
			}
			c := (start - lo) / chunkSize
			end := min(start+chunkSize, hi)
			setLevel(b.c.w, int(s.counts.depth.Load()))
			b.fresh, b.edges = fresh[c], nil
			for id := start; id < end && !s.stop.Load(); id++ {
				s.counts.left.Add(-1) // taken from the queue, as TLC's worker dequeues it
				err := b.expand(int32(id))
				if err != nil {
					s.stop.Store(true)
					fresh[c] = b.fresh
					return err
				}
			}
			fresh[c] = b.fresh
			if edges != nil {
				edges[c] = b.edges
			}
			if ctx.Err() != nil {
				s.stop.Store(true)
				return nil
			}
		}
		return nil
	}
	var err error
	if len(workers) == 1 {
		err = run(workers[0])
	} else {
		var g errgroup.Group
		for _, b := range workers {
			g.Go(func() error { return run(b) })
		}
		err = g.Wait()
	}
	// The queue has grown by every new state as it was stored (see dequeued); those filtered out
	// below are taken off.
	var queued, stored int64
	// A state whose fingerprint a state generated earlier took over (see fpSet.claim) is not
	// the one one worker would store; without takeovers every claim stood.
	filter := s.fps.takeovers.Load() != takeovers
	for c, f := range fresh {
		stored += int64(len(f))
		if filter {
			kept := f[:0]
			for _, n := range f {
				if s.fps.owner(n.fp) == genKey(n.parent, n.ord) {
					kept = append(kept, n)
				}
			}
			fresh[c] = kept
		}
		queued += int64(len(fresh[c]))
	}
	for _, e := range edges {
		s.graph.edges = append(s.graph.edges, e...)
	}
	if err == nil && len(s.prefix) > 0 && s.opts.Workers > 1 && !s.stop.Load() {
		// Several workers expanded the level's states in no set order: the product is built
		// in the order one worker expands them, and the search stops at the end of the level.
		for id := lo; id < hi && !s.prefixCheck(int32(id)); id++ {
		}
	}
	s.counts.left.Add(queued - stored)
	if err != nil {
		return fresh, err
	}
	return fresh, ctx.Err()
}

// newBFSWorker returns a goroutine of search s evaluating with w.
func newBFSWorker(s *searcher, w modelWorker, cov *coverageLocal) *bfsWorker {
	b := &bfsWorker{s: s, c: checks{w: w, cov: cov}}
	b.entered, _ = w.(actionEnterer)
	b.onSuccessor = b.successor
	return b
}

// expand generates the successors of node id, each checked as TLC checks it (see checks), and
// reports a deadlock when the state has none (before constraints).
func (b *bfsWorker) expand(id int32) error {
	s := b.s
	b.cur = s.nodes[id].state
	b.parent = id
	if b.live != nil {
		b.live.begin(id, b.cur, s.nodes[id].fp)
	}
	// stopAct is the action during which a successor violated a property or failed to be
	// checked (stopErr): TLC's ModelChecker.doNext counts an action's successors as generated
	// all at once (incrementStatesGenerated(nextStates.size()) before checking any), so the
	// rest of that action's successors are generated and counted, unchecked, and the search
	// stops at the next action.
	b.ord, b.stopAct, b.stopErr = 0, -1, nil
	err := b.c.w.next(b.cur, b.onSuccessor)
	if b.stopAct >= 0 {
		// An error generating the action's remaining successors is not reported: TLC has
		// them all before it checks the first.
		err = b.stopErr
		if err == nil {
			err = errStop
		}
	}
	// Counted locally and added once per state, so parallel workers do not contend on the
	// shared counter for every successor.
	s.counts.generated.Add(b.c.take())
	if err == errStop {
		return nil
	}
	if err != nil {
		return &stateError{err: err, state: id}
	}
	if b.ord == 0 && s.deadlock {
		s.report(&failure{violation: violation{verdict: Deadlock}, last: id})
	}
	if b.live != nil {
		if err := b.live.end(); err != nil {
			return &stateError{err: err, state: id}
		}
		if len(s.prefix) > 0 && s.opts.Workers <= 1 {
			s.prefixCheck(id)
		}
	}
	return nil
}

// successor checks succ, a successor of the state being expanded generated by action, and
// stores it if it is new (see expand).
func (b *bfsWorker) successor(succ State, action int) error {
	if b.stopAct >= 0 {
		if b.actionOf(action) != b.stopAct {
			return errStop
		}
		b.c.countGenerated(int32(action))
		return nil
	}
	b.ord++
	b.live.successor(succ)
	queued := len(b.fresh)
	_, v, err := b.c.successor(b.cur, succ, int32(action), b.ord, b)
	if err != nil {
		var cs *checkingSuccessor
		if !errors.As(err, &cs) {
			return err
		}
		b.stopAct, b.stopErr = b.actionOf(action), err
		return nil
	}
	if v.found() {
		f := &failure{violation: v, last: b.parent, extra: succ, extraAct: int32(action)}
		f.stored = len(b.fresh) > queued
		b.s.report(f)
		b.stopAct = b.actionOf(action)
		return nil
	}
	if b.recycle != nil && len(b.fresh) == queued {
		b.recycle.recycle(succ) // seen before or outside the constraints: not kept
	}
	return nil
}

// actionOf is the action a successor belongs to: TLC's action (one binding of an \E over a
// constant set is one), or, for a model without that notion, its label.
func (b *bfsWorker) actionOf(action int) int {
	if b.entered != nil {
		return int(b.entered.actionEntered())
	}
	return action
}

// pathStates returns the states from an initial state to the node b expands (none while it
// generates the initial states), for TLCExt!Trace. The nodes of the levels being expanded are
// not appended to while workers run, so reading them is safe.
func (b *bfsWorker) pathStates() []State {
	var out []State
	for id := b.parent; id >= 0; id = b.s.nodes[id].parent {
		out = append(out, b.s.nodes[id].state)
	}
	slices.Reverse(out)
	return out
}

// actionEnterer is implemented by workers that know which of TLC's actions a successor belongs
// to (see tlaWorker.actionEntered).
type actionEnterer interface {
	actionEntered() uint64
}

// stateError is an evaluation error while expanding a state; the message names the state so the
// user can see where it happened.
type stateError struct {
	err   error
	state int32
}

func (e *stateError) Error() string { return e.err.Error() }
func (e *stateError) Unwrap() error { return e.err }

// trace returns the behavior from an initial state to node last (none if last is -1), followed
// by extra, reached by action extraAct, if extra is not nil.
func (s *searcher) trace(last int32, extra State, extraAct int32) []Step {
	var path []pathStep
	for id := last; id >= 0; id = s.nodes[id].parent {
		path = append(path, pathStep{state: s.nodes[id].state, action: s.nodes[id].action})
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	if extra != nil {
		path = append(path, pathStep{state: extra, action: extraAct})
	}
	return behavior(s.m, path)
}
