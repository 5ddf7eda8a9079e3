package check

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
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
// fingerprint without being interchangeable: under a SYMMETRY set that is not a group (such as
// Permutations(A) \cup Permutations(B), TLC's usual idiom) or a VIEW, the stored state's
// successors depend on which one it is, and so would the counts.
func genKey(parent int32, ord uint32) uint64 {
	if parent < 0 {
		return uint64(ord)
	}
	return (uint64(parent)+1)<<32 | uint64(ord)
}

// failure is the first violation a search finds.
type failure struct {
	verdict  Verdict
	name     string
	last     int32 // node the trace ends at (or the parent of extra)
	extra    State // a state not stored (violating successor), appended after last
	extraAct int32
	initial  bool // violated by an initial state
	err      error
}

// searcher holds the shared state of a breadth-first search.
type searcher struct {
	m         model
	opts      Options
	deadlock  bool
	fps       *fpSet
	nodes     []node
	generated atomic.Int64
	left      atomic.Int64
	depth     atomic.Int32
	edges     []edge // the state graph, kept only for Options.Dot (single worker)

	stop    atomic.Bool
	mu      sync.Mutex
	fail    *failure
	started time.Time
}

func (s *searcher) report(f *failure) {
	s.mu.Lock()
	if s.fail == nil {
		s.fail = f
	}
	s.mu.Unlock()
	s.stop.Store(true)
}

// bfs runs TLC's breadth-first search: level by level, so that the depth is the number of levels
// and every counterexample is a shortest one. Within a level, one worker processes states in queue
// order and appends new ones in generation order, exactly TLC's FIFO order; several workers take
// chunks of the level and merge their new states at the end of the level.
func (s *searcher) bfs(ctx context.Context) error {
	w := s.m.worker()
	var initErr error
	var inits uint32
	err := w.initial(func(st State) error {
		s.generated.Add(1)
		inits++
		in, err := w.constraint(st)
		if err != nil {
			return s.initialStateError(st, err)
		}
		seen := false
		if in {
			fp, err := w.fingerprint(st)
			if err != nil {
				return s.initialStateError(st, err)
			}
			seen = s.fps.claim(fp, genKey(-1, inits))
			if !seen {
				s.nodes = append(s.nodes, node{state: st, fp: fp, parent: -1, action: -1, ord: inits})
			}
		}
		if seen {
			return nil
		}
		if name, err := w.invariant(st); err != nil || name != "" {
			if err != nil {
				return s.initialStateError(st, err)
			}
			s.fail = &failure{verdict: InvariantViolated, name: name, last: -1, extra: st, initial: true}
			return errStop
		}
		if name, err := w.initProperty(st); err != nil || name != "" {
			if err != nil {
				return s.initialStateError(st, err)
			}
			s.fail = &failure{verdict: ActionPropertyViolated, name: name, last: -1, extra: st, initial: true}
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		initErr = err
	}
	var checkErr *EvalError
	if errors.As(initErr, &checkErr) {
		return checkErr
	}
	if initErr != nil {
		return fmt.Errorf("evaluating the initial predicate: %w", initErr)
	}
	if len(s.nodes) > 0 {
		s.depth.Store(1)
	}
	if s.fail != nil {
		s.left.Store(int64(len(s.nodes)))
		return nil
	}
	workers := s.opts.Workers
	if workers < 1 {
		workers = 1
	}
	lo, hi := 0, len(s.nodes)
	stopProgress := s.startProgress()
	defer stopProgress()
	for lo < hi {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.left.Store(int64(hi - lo))
		fresh, err := s.level(ctx, lo, hi, workers)
		for _, f := range fresh {
			s.nodes = append(s.nodes, f...)
		}
		// The depth is the level of the deepest state found, as TLC reports it, also when the
		// search stops at a violation, an error or a cancellation with part of the next level
		// found.
		if len(s.nodes) > hi {
			s.depth.Add(1)
		}
		if err != nil {
			return err
		}
		if s.fail != nil {
			return nil
		}
		lo, hi = hi, len(s.nodes)
	}
	s.left.Store(0)
	return nil
}

var errStop = fmt.Errorf("search stopped")

// initialStateError is an error checking the initial state st (its constraints, fingerprint,
// invariants or properties), which names what was being checked and comes with st, rather than
// blaming the initial predicate.
func (s *searcher) initialStateError(st State, err error) error {
	return &EvalError{Err: err, Checking: true, Trace: []Step{{Action: "Initial predicate", Vars: s.m.vars(), State: st}}}
}

func orStop(err error) error {
	if err != nil {
		return err
	}
	return errStop
}

const chunkSize = 32

// level expands the states numbered lo..hi-1 and returns the new states, chunk by chunk in the
// order one worker generates them, also when it stops early at an error or a cancellation, so
// that the partial counts stay consistent (every state stored is either expanded or left on the
// queue). With several workers a fingerprint may be claimed by more than one new state; only its
// owner (fpSet.claim) is kept, so the next level is exactly the one a single worker queues.
func (s *searcher) level(ctx context.Context, lo, hi, workers int) ([][]node, error) {
	chunks := (hi - lo + chunkSize - 1) / chunkSize
	workers = min(workers, chunks)
	fresh := make([][]node, chunks)
	errs := make([]error, workers)
	var cursor atomic.Int64
	cursor.Store(int64(lo))
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		run := func(i int) {
			defer wg.Done()
			w := s.m.worker()
			for !s.stop.Load() {
				start := int(cursor.Add(chunkSize)) - chunkSize
				if start >= hi {
					return
				}
				c := (start - lo) / chunkSize
				end := min(start+chunkSize, hi)
				setLevel(w, int(s.depth.Load()))
				for id := start; id < end; id++ {
					if s.stop.Load() {
						return
					}
					out, err := s.expand(w, int32(id), fresh[c])
					fresh[c] = out
					s.left.Add(-1)
					if err != nil {
						errs[i] = err
						s.stop.Store(true)
						return
					}
				}
				if ctx.Err() != nil {
					s.stop.Store(true)
					return
				}
			}
		}
		if workers == 1 {
			run(i)
		} else {
			go run(i)
		}
	}
	wg.Wait()
	var queued int64
	for c, f := range fresh {
		if workers > 1 {
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
	s.left.Add(queued)
	for _, err := range errs {
		if err != nil {
			return fresh, err
		}
	}
	return fresh, ctx.Err()
}

// expand generates the successors of node id the way TLC's Worker does: every successor counts
// as generated; one outside the CONSTRAINTs or ACTION_CONSTRAINTs is neither stored nor queued
// but is still checked against the invariants; action properties are checked on every step; and
// a state without any successor (before constraints) is a deadlock.
func (s *searcher) expand(w modelWorker, id int32, fresh []node) ([]node, error) {
	cur := s.nodes[id].state
	count := 0
	// Counted locally and added once per state, so parallel workers do not contend on the
	// shared counter for every successor.
	defer func() { s.generated.Add(int64(count)) }()
	err := w.next(cur, func(succ State, action int) error {
		count++
		in, err := w.constraint(succ)
		if err != nil {
			return err
		}
		if in {
			if in, err = w.actionConstraint(cur, succ); err != nil {
				return err
			}
		}
		seen := false
		if in {
			fp, err := w.fingerprint(succ)
			if err != nil {
				return err
			}
			seen = s.fps.claim(fp, genKey(id, uint32(count)))
			if s.edges != nil {
				s.edges = append(s.edges, edge{from: s.nodes[id].fp, to: fp, action: int32(action)})
			}
			if !seen {
				fresh = append(fresh, node{state: succ, fp: fp, parent: id, action: int32(action), ord: uint32(count)})
			}
		}
		if !seen {
			name, err := invariantAfter(w, cur, succ)
			if err != nil {
				return err
			}
			if name != "" {
				s.report(&failure{verdict: InvariantViolated, name: name, last: id, extra: succ, extraAct: int32(action)})
				return errStop
			}
		}
		name, err := w.stepProperty(cur, succ)
		if err != nil {
			return err
		}
		if name != "" {
			s.report(&failure{verdict: ActionPropertyViolated, name: name, last: id, extra: succ, extraAct: int32(action)})
			return errStop
		}
		return nil
	})
	if err == errStop {
		return fresh, nil
	}
	if err != nil {
		return fresh, &stateError{err: err, state: id}
	}
	if count == 0 && s.deadlock {
		s.report(&failure{verdict: Deadlock, last: id})
	}
	return fresh, nil
}

// stateError is an evaluation error while expanding a state; the message names the state so the
// user can see where it happened.
type stateError struct {
	err   error
	state int32
}

func (e *stateError) Error() string { return e.err.Error() }
func (e *stateError) Unwrap() error { return e.err }

// trace returns the path from an initial state to node id.
func (s *searcher) trace(id int32) []int32 {
	var path []int32
	for id >= 0 {
		path = append(path, id)
		id = s.nodes[id].parent
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

func (s *searcher) steps(last int32, extra State, extraAct int32, initial bool) []Step {
	vars := s.m.vars()
	var out []Step
	add := func(st State, act int32, first bool) {
		step := Step{Action: "Initial predicate", Vars: vars, State: st}
		if !first {
			step.Action, step.Where = s.m.action(int(act))
		}
		out = append(out, step)
	}
	if last >= 0 {
		for i, id := range s.trace(last) {
			add(s.nodes[id].state, s.nodes[id].action, i == 0)
		}
	}
	if extra != nil {
		add(extra, extraAct, initial)
	}
	return out
}

func (s *searcher) startProgress() func() {
	if s.opts.Progress == nil {
		return func() {}
	}
	every := s.opts.ProgressEvery
	if every <= 0 {
		every = 5 * time.Second
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				gen := s.generated.Load()
				secs := now.Sub(s.started).Seconds()
				fmt.Fprintf(s.opts.Progress, "Progress(%d) at %s: %d states generated (%.0f states/s), %d distinct states found, %d states left on queue.\n",
					s.depth.Load(), now.UTC().Format("2006-01-02 15:04:05"), gen, float64(gen)/secs, s.fps.size(), s.left.Load())
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
