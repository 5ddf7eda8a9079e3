package check

import (
	"context"
	"errors"
	"slices"
	"time"
)

// dfs is a depth-first search down to limit states per behavior. A state reached again by a
// shorter path is explored again from there, so every state within the bound is found, as with
// TLC's iterative deepening: the distinct states are those of BFS levels 1..limit, and the
// reported depth is the largest level among them (a state's level being its shortest distance
// from an initial state, as in BFS), not the longest path walked. Counterexamples are the
// current path, not necessarily the shortest.
type dfs struct {
	m        model
	c        checks
	ctx      context.Context
	limit    int
	deadlock bool
	counts   counters
	// best maps each fingerprint to the shallowest depth its state was explored at.
	best map[uint64]int
	// path is the behavior from an initial state to the state being expanded.
	path []pathStep
	// depth is the depth of the state being expanded, and deeper the successors found for it
	// (and, below them, for the states being expanded above it) that are to be explored.
	depth  int
	deeper []pathStep
	// fail is the first violation found, with its trace.
	fail  violation
	trace []Step
	// lastCheck is when the context was last checked for cancellation.
	lastCheck time.Time
}

func exploreDFS(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	d := &dfs{m: m, c: checks{w: searchWorker(m)}, ctx: ctx, limit: opts.Depth, deadlock: deadlock, best: map[uint64]int{}, lastCheck: time.Now()}
	setPath(d.c.w, d)
	if d.limit <= 0 {
		d.limit = 100
	}
	stopProgress := startProgress(opts, &d.counts)
	err := d.run()
	stopProgress()
	res := d.counts.result()
	res.Depth = 0
	for _, depth := range d.best {
		res.Depth = max(res.Depth, depth)
	}
	if d.fail.found() {
		res.Verdict, res.Violated, res.Trace = d.fail.verdict, d.fail.name, d.trace
	}
	if err == errStop {
		err = nil
	}
	return res, err
}

// add records t, found at depth d.depth+1, and queues it to be explored from there unless it was
// explored at that depth or shallower before.
func (d *dfs) add(fp uint64, t State, action int32, _ uint32) bool {
	old, seen := d.best[fp]
	if !seen {
		d.counts.distinct.Add(1)
	}
	if !seen || old > d.depth+1 {
		d.best[fp] = d.depth + 1
		d.deeper = append(d.deeper, pathStep{state: t, action: action})
	}
	return seen
}

// pathStates returns the states of the path to the state being expanded, for TLCExt!Trace.
func (d *dfs) pathStates() []State { return (&stepsPath{steps: d.path}).pathStates() }

// violated records the first violation, its trace being the current path followed by last.
func (d *dfs) violated(v violation, last *pathStep) error {
	path := d.path
	if last != nil {
		path = append(path[:len(path):len(path)], *last)
	}
	d.fail, d.trace = v, behavior(d.m, path)
	return errStop
}

func (d *dfs) run() error {
	d.depth = 0
	var ord uint32
	err := d.c.w.initial(func(t State) error {
		ord++
		_, v, err := d.c.initial(t, ord, d)
		if err != nil {
			return err
		}
		if v.found() {
			return d.violated(v, &pathStep{state: t, action: -1})
		}
		return nil
	})
	d.counts.generated.Add(d.c.take())
	if err != nil && err != errStop {
		return initialError(d.m, err)
	}
	if err == errStop {
		return err
	}
	inits := d.deeper
	d.deeper = nil
	for _, s := range inits {
		if err := d.visit(s, 1); err != nil {
			return err
		}
	}
	return nil
}

// visit explores st, at depth depth, and what lies below it.
func (d *dfs) visit(st pathStep, depth int) error {
	if time.Since(d.lastCheck) > 100*time.Millisecond {
		d.lastCheck = time.Now()
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	d.path = append(d.path, st)
	defer func() { d.path = d.path[:len(d.path)-1] }()
	d.counts.depth.Store(int32(depth))
	if depth >= d.limit {
		return nil
	}
	setLevel(d.c.w, depth)
	// The successors to descend into are collected first and explored after next returns: a
	// worker's enumerator is not reentrant, so expanding a successor from inside emit would
	// overwrite the state it is still expanding.
	mark := len(d.deeper)
	defer func() { d.deeper = d.deeper[:mark] }()
	d.depth = depth
	var ord uint32
	err := d.c.w.next(st.state, func(next State, action int) error {
		ord++
		_, v, err := d.c.successor(st.state, next, int32(action), ord, d)
		if err != nil {
			return err
		}
		if v.found() {
			return d.violated(v, &pathStep{state: next, action: int32(action)})
		}
		return nil
	})
	d.counts.generated.Add(d.c.take())
	if err == errStop {
		return err
	}
	if err != nil {
		// As in BFS, an evaluation error comes with the behavior leading to the state, and to
		// the successor being checked if it happened checking one.
		var cs *checkingSuccessor
		if errors.As(err, &cs) {
			path := append(slices.Clone(d.path), pathStep{state: cs.state, action: cs.action})
			return &EvalError{Err: cs.err, Checking: true, Trace: behavior(d.m, path)}
		}
		return &EvalError{Err: err, Trace: behavior(d.m, d.path)}
	}
	if ord == 0 && d.deadlock {
		return d.violated(violation{verdict: Deadlock}, nil)
	}
	// Nothing explored below this state can reach one of its successors at a smaller depth, so
	// each is still recorded at depth+1 and is explored exactly from there.
	for i := mark; i < len(d.deeper); i++ {
		if err := d.visit(d.deeper[i], depth+1); err != nil {
			return err
		}
	}
	return nil
}
