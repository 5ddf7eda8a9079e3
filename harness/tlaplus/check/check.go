package check

import (
	"context"
	"fmt"
	"time"
)

// edge is a step of the state graph recorded for the dot dump.
type edge struct {
	from, to uint64
	action   int32
}

// explore runs the search opts asks for over m and fills in res. It is the engine under Check,
// and what the engine tests drive with models written in Go.
func explore(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	if opts.Deadlock != nil {
		deadlock = *opts.Deadlock
	}
	start := time.Now()
	var res Result
	var err error
	switch opts.Mode {
	case BFS:
		res, err = exploreBFS(ctx, m, deadlock, opts)
	case DFS:
		res, err = exploreDFS(ctx, m, deadlock, opts)
	case Simulate:
		res, err = simulate(ctx, m, deadlock, opts)
	default:
		return Result{}, fmt.Errorf("unknown search mode %d", opts.Mode)
	}
	res.Mode = opts.Mode
	res.Elapsed = time.Since(start)
	return res, err
}

func exploreBFS(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	s := &searcher{m: m, opts: opts, deadlock: deadlock, fps: newFPSet(), started: time.Now()}
	if opts.Dot != nil {
		s.opts.Workers = 1
		s.edges = []edge{}
	}
	err := s.bfs(ctx)
	res := Result{
		Generated: s.generated.Load(),
		Distinct:  s.fps.size(),
		Left:      s.left.Load(),
		Depth:     int(s.depth.Load()),
	}
	if err != nil {
		if se, ok := err.(*stateError); ok {
			return res, &EvalError{Err: se.err, Trace: s.steps(se.state, nil, 0, false)}
		}
		return res, err
	}
	if f := s.fail; f != nil {
		res.Verdict = f.verdict
		res.Violated = f.name
		res.Trace = s.steps(f.last, f.extra, f.extraAct, f.initial)
	}
	if opts.Dot != nil {
		if err := writeDot(opts.Dot, m, s.nodes, s.edges); err != nil {
			return res, err
		}
	}
	return res, nil
}

// EvalError is an error evaluating the specification while exploring; Trace leads to the state
// being expanded when it happened, or, with Checking set, to the state whose invariants,
// properties or constraints were being checked.
type EvalError struct {
	Err      error
	Trace    []Step
	Checking bool
}

func (e *EvalError) Error() string { return e.Err.Error() }
func (e *EvalError) Unwrap() error { return e.Err }
