package check

import (
	"context"
	"time"
)

// exploreDFS searches depth first down to opts.Depth states per behavior. A state reached again
// by a shorter path is explored again from there, so every state within the bound is found, as
// with TLC's iterative deepening: the distinct states are those of BFS levels 1..opts.Depth, and
// the reported depth is the largest level among them (a state's level being its shortest
// distance from an initial state, as in BFS), not the longest path walked. Counterexamples are
// the current DFS path, not necessarily the shortest.
func exploreDFS(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	limit := opts.Depth
	if limit <= 0 {
		limit = 100
	}
	w := m.worker()
	var res Result
	best := map[uint64]int{} // fingerprint -> shallowest depth it was explored at
	type frame struct {
		state  State
		action int32
	}
	var path []frame
	steps := func(extra State, act int32) []Step {
		var out []Step
		for i, f := range path {
			st := Step{Action: "Initial predicate", Vars: m.vars(), State: f.state}
			if i > 0 {
				st.Action, st.Where = m.action(int(f.action))
			}
			out = append(out, st)
		}
		if extra != nil {
			st := Step{Action: "Initial predicate", Vars: m.vars(), State: extra}
			if len(path) > 0 {
				st.Action, st.Where = m.action(int(act))
			}
			out = append(out, st)
		}
		return out
	}
	fail := func(v Verdict, name string, extra State, act int32) error {
		res.Verdict, res.Violated, res.Trace = v, name, steps(extra, act)
		return errStop
	}
	lastCheck := time.Now()
	progress := newProgressClock(opts)
	type succ struct {
		state  State
		action int32
	}
	var visit func(st State, act int32, depth int) error
	visit = func(st State, act int32, depth int) error {
		if time.Since(lastCheck) > 100*time.Millisecond {
			lastCheck = time.Now()
			if err := ctx.Err(); err != nil {
				return err
			}
			progress.tick(depth, res.Generated, int64(len(best)), -1)
		}
		path = append(path, frame{st, act})
		defer func() { path = path[:len(path)-1] }()
		if depth >= limit {
			return nil
		}
		setLevel(w, depth)
		// The successors to descend into are collected first and explored after w.next returns:
		// a worker's enumerator is not reentrant, so calling w.next again from inside emit would
		// overwrite the state it is still expanding.
		var deeper []succ
		count := 0
		err := w.next(st, func(next State, action int) error {
			count++
			res.Generated++
			in, err := w.constraint(next)
			if err != nil {
				return err
			}
			if in {
				if in, err = w.actionConstraint(st, next); err != nil {
					return err
				}
			}
			if in {
				fp, err := w.fingerprint(next)
				if err != nil {
					return err
				}
				d, seen := best[fp]
				if !seen {
					if name, err := w.invariant(next); err != nil || name != "" {
						if err != nil {
							return err
						}
						return fail(InvariantViolated, name, next, int32(action))
					}
				}
				if !seen || d > depth+1 {
					best[fp] = depth + 1
					deeper = append(deeper, succ{next, int32(action)})
				}
			} else if name, err := w.invariant(next); err != nil || name != "" {
				if err != nil {
					return err
				}
				return fail(InvariantViolated, name, next, int32(action))
			}
			if name, err := w.stepProperty(st, next); err != nil || name != "" {
				if err != nil {
					return err
				}
				return fail(ActionPropertyViolated, name, next, int32(action))
			}
			return nil
		})
		if err == errStop {
			return err
		}
		if err != nil {
			// As in BFS, an evaluation error comes with the behavior leading to the state.
			return &EvalError{Err: err, Trace: steps(nil, 0)}
		}
		if count == 0 && deadlock {
			return fail(Deadlock, "", nil, 0)
		}
		// Nothing explored below this state can reach a state of deeper at a smaller depth, so
		// each is still recorded at depth+1 and is explored exactly from there.
		for _, s := range deeper {
			if err := visit(s.state, s.action, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	var inits []State
	err := w.initial(func(st State) error {
		res.Generated++
		in, err := w.constraint(st)
		if err != nil {
			return err
		}
		if in {
			fp, err := w.fingerprint(st)
			if err != nil {
				return err
			}
			if _, seen := best[fp]; seen {
				return nil
			}
			best[fp] = 1
			inits = append(inits, st)
		}
		if name, err := w.invariant(st); err != nil || name != "" {
			if err != nil {
				return err
			}
			return fail(InvariantViolated, name, st, 0)
		}
		if name, err := w.initProperty(st); err != nil || name != "" {
			if err != nil {
				return err
			}
			return fail(ActionPropertyViolated, name, st, 0)
		}
		return nil
	})
	for i := 0; err == nil && i < len(inits); i++ {
		err = visit(inits[i], -1, 1)
	}
	res.Distinct = int64(len(best))
	for _, d := range best {
		res.Depth = max(res.Depth, d)
	}
	if err == errStop {
		err = nil
	}
	return res, err
}
