package check

import (
	"context"
	"time"
)

// liveOutcome is what checking the temporal properties after a complete search found.
type liveOutcome struct {
	temporal *TemporalCheck
	// violated, trace and lasso describe the counterexample, if one was found.
	violated string
	trace    []Step
	lasso    *Lasso
}

// checkLiveness checks the temporal properties on the state graph the search recorded: the
// branches of the plan are searched for a bad strongly connected component in parallel, and the
// first one found in the branches' order (the one a single worker finds) is turned into a lasso.
func (s *searcher) checkLiveness(ctx context.Context) error {
	start := time.Now()
	g := s.live
	out := &liveOutcome{temporal: &TemporalCheck{Properties: g.plan.names(), Branches: g.plan.branches, States: int64(len(s.nodes))}}
	s.liveOutcome = out
	defer func() { out.temporal.Elapsed = time.Since(start) }()
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
	out.violated = violatedProperties(g.plan, s.m.worker(), states, lasso.BackTo-1)
	return nil
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
	}
}

func (m *tlaModel) livePlan() *livePlan { return m.live }

func (m *tlaModel) liveTargetBits() bool { return m.symmetry != nil || m.view != nil }
