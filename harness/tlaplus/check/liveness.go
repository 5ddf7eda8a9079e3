package check

import (
	"context"
	"fmt"
	"time"
)

// liveOutcome is what checking the temporal properties after a complete search found.
type liveOutcome struct {
	temporal *TemporalCheck
	// violated, trace and lasso describe the counterexample, if one was found.
	violated string
	trace    []Step
	lasso    *Lasso
	// warning says why the counterexample may be spurious (SYMMETRY, VIEW).
	warning string
}

// checkLiveness checks the temporal properties on the state graph the search recorded: the
// branches of the plan are searched for a bad strongly connected component in parallel, and the
// first one found in the branches' order (the one a single worker finds) is turned into a lasso.
func (s *searcher) checkLiveness(ctx context.Context) error {
	start := time.Now()
	g := s.live
	out := &liveOutcome{temporal: &TemporalCheck{Properties: g.plan.names(), Branches: g.plan.branches, States: int64(len(s.nodes))}}
	s.liveOutcome = out
	if w := s.opts.Progress; w != nil {
		fmt.Fprintf(w, "Checking temporal properties for the complete state space with %d total distinct states (%d branches, %d workers).\n", len(s.nodes), g.plan.branches, max(s.opts.Workers, 1))
	}
	defer func() {
		out.temporal.Elapsed = time.Since(start)
		if w := s.opts.Progress; w != nil {
			fmt.Fprintf(w, "Finished checking temporal properties in %s.\n", out.temporal.Elapsed.Round(time.Millisecond))
		}
	}()
	if err := g.resolve(s.nodes); err != nil {
		return err
	}
	var initial []int32
	for i := range s.nodes {
		if s.nodes[i].parent < 0 {
			initial = append(initial, int32(i))
		}
	}
	res, pg, err := g.checkLiveness(ctx, initial, max(s.opts.Workers, 1))
	if err != nil || res == nil {
		return err
	}
	prefix, cycle, err := pg.lassoPath(res)
	if err != nil {
		return err
	}
	steps, lasso, states, err := s.livenessTrace(prefix, cycle)
	if err != nil {
		return err
	}
	out.trace, out.lasso = steps, lasso
	w := s.m.worker()
	out.violated = violatedProperties(g.plan, w, states, lasso.BackTo-1)
	if g.targetBits {
		out.warning = spuriousLasso(g.plan, w, states, lasso.BackTo-1)
	}
	if out.warning == "" && lasso.Stuttering {
		out.warning = g.plan.stutterHint
	}
	return nil
}

// spuriousLasso checks, under SYMMETRY or a VIEW, that the printed lasso is a counterexample:
// the behavior graph's states stand for classes of states, and the concrete lasso regenerated
// from it may close on another member of the loop state's class, or fail the fairness the
// cycle met in the quotient. It returns a warning if the lasso is not a counterexample.
func spuriousLasso(plan *livePlan, w modelWorker, states []State, loop int) string {
	ev, ok := w.(liveEvaluator)
	if !ok {
		return ""
	}
	for _, f := range plan.fairness {
		if holds, err := onLasso(f, ev, states, loop, 0); err != nil || !holds {
			return "the counterexample above was found on the graph of symmetry classes (or VIEW classes) of states, but its behavior does not satisfy the specification's fairness: it may be spurious. Check liveness without SYMMETRY (TLC warns about this too)."
		}
	}
	for _, p := range plan.props {
		if holds, err := onLasso(p.f, ev, states, loop, 0); err == nil && !holds {
			return ""
		}
	}
	return "the counterexample above was found on the graph of symmetry classes (or VIEW classes) of states, but its behavior satisfies the properties: it may be spurious. Check liveness without SYMMETRY (TLC warns about this too)."
}

// liveResult puts what checking the temporal properties found into res.
func (s *searcher) liveResult(res *Result) {
	out := s.liveOutcome
	if out == nil {
		return
	}
	res.Temporal = out.temporal
	if out.lasso != nil && res.Verdict == OK {
		res.Verdict, res.Violated, res.Trace, res.Lasso = LivenessViolated, out.violated, out.trace, out.lasso
		res.Lasso.Warning = out.warning
	}
}

func (m *tlaModel) livePlan() *livePlan {
	if m.live == nil || len(m.live.props) == 0 {
		return nil
	}
	return m.live
}

func (m *tlaModel) liveTargetBits() bool { return m.symmetry != nil || m.view != nil }
