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
	// warning says why the counterexample may be spurious (SYMMETRY, VIEW), or is TLC's warning
	// after a stuttering counterexample (hint).
	warning string
	hint    bool
}

// checkLiveness checks the temporal properties on the complete state graph the search recorded.
func (s *searcher) checkLiveness(ctx context.Context) error {
	_, err := s.checkLive(ctx, len(s.nodes), true)
	return err
}

// checkLive checks the temporal properties on the graph of the first done nodes, every one of
// them expanded (the complete graph once the search is over, the states expanded so far during
// it): the branches of the plan are searched for a bad strongly connected component in
// parallel, and the first one found in the branches' order (the one a single worker finds) is
// turned into a lasso. A bad component among expanded states is one of the complete graph
// (their steps and the values of the plan's atoms are all recorded), so a counterexample found
// early is one. It reports whether it found one.
func (s *searcher) checkLive(ctx context.Context, done int, complete bool) (bool, error) {
	start, cpu := time.Now(), processCPU()
	g := s.live
	out := &liveOutcome{temporal: &TemporalCheck{Properties: g.plan.names(), Branches: g.plan.branches, States: int64(done), Partial: !complete}}
	if complete {
		s.liveOutcome = out
	}
	which := "complete"
	if !complete {
		which = "current"
	}
	if w := s.opts.Progress; w != nil {
		fmt.Fprintf(w, "Checking temporal properties for the %s state space with %d total distinct states (%d branches, %d workers).\n", which, done, g.plan.branches, max(s.opts.Workers, 1))
	}
	defer func() {
		out.temporal.Elapsed = time.Since(start)
		out.temporal.CPU = processCPU() - cpu
		out.temporal.Spilled = g.store.spilledBytes()
		s.liveSched.spent += out.temporal.Elapsed
		if w := s.opts.Progress; w != nil {
			fmt.Fprintf(w, "Finished checking temporal properties in %s.\n", out.temporal.Elapsed.Round(time.Millisecond))
		}
	}()
	if err := g.resolve(s.nodes, done); err != nil {
		return false, err
	}
	var initial []int32
	for i := range done {
		if s.nodes[i].parent < 0 {
			initial = append(initial, int32(i))
		}
	}
	res, pg, err := g.checkLiveness(ctx, initial, max(s.opts.Workers, 1))
	if err != nil || res == nil {
		return false, err
	}
	s.liveOutcome = out
	prefix, cycle, err := pg.lassoPath(res)
	pg.release()
	if err != nil {
		return false, err
	}
	steps, lasso, states, ids, err := s.livenessTrace(prefix, cycle)
	if err != nil {
		return false, err
	}
	out.trace, out.lasso = steps, lasso
	w := s.m.worker()
	out.violated = s.violatedOn(states, ids, lasso.BackTo-1)
	if g.targetBits && !g.plan.runDependent {
		// A run-dependent property's values cannot be worked out again after the search.
		out.warning = spuriousLasso(g.plan, w, states, lasso.BackTo-1)
	}
	if out.warning == "" && lasso.Stuttering && !g.plan.runDependent {
		out.warning, out.hint = g.plan.stutterHint, g.plan.stutterHint != ""
	}
	return true, nil
}

// liveSchedule decides when the temporal properties are checked during a breadth-first search,
// by TLC's rule (ModelChecker.doPeriodicWork, LiveCheck.doLiveCheck): at most once per interval
// (TLC's progress interval, a minute), while checking them has taken less than a fifth of the
// run's time so far, and when the graph has grown by more than a tenth since the last check.
// The search checks at the end of a level, when every stored state of the earlier levels has
// been expanded.
type liveSchedule struct {
	every   time.Duration // <= 0: only once the search is complete
	started time.Time
	last    time.Time     // the last check, or the start
	spent   time.Duration // checking temporal properties so far
	size    int           // the graph's size at the last check
}

// DefaultLiveCheckEvery is the default of Options.LiveCheckEvery: TLC's progress interval.
const DefaultLiveCheckEvery = time.Minute

func newLiveSchedule(opts Options) liveSchedule {
	every := opts.LiveCheckEvery
	if every == 0 {
		every = DefaultLiveCheckEvery
	}
	now := time.Now()
	return liveSchedule{every: every, started: now, last: now}
}

// due reports whether the graph of done expanded states is to be checked now.
func (l *liveSchedule) due(done int) bool {
	if l.every <= 0 {
		return false
	}
	now := time.Now()
	if now.Sub(l.last) < l.every {
		return false
	}
	if l.spent*5 > now.Sub(l.started) {
		return false
	}
	return l.size == 0 || float64(done-l.size) > 0.1*float64(l.size)
}

// periodicLiveCheck checks the temporal properties on the states expanded so far (the first
// done nodes) when the schedule says so, and reports whether a counterexample was found, which
// ends the search as TLC's periodic check does.
func (s *searcher) periodicLiveCheck(ctx context.Context, done int) (bool, error) {
	if s.live == nil || done == 0 || !s.liveSched.due(done) {
		return false, nil
	}
	found, err := s.checkLive(ctx, done, false)
	s.liveSched.last, s.liveSched.size = time.Now(), done
	return found, err
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
		res.Lasso.Warning, res.Lasso.Hint = out.warning, out.hint
	}
}

func (m *tlaModel) livePlan() *livePlan {
	if m.live == nil || len(m.live.props) == 0 {
		return nil
	}
	return m.live
}

func (m *tlaModel) liveTargetBits() bool { return m.symmetry != nil || m.view != nil }

// violatedOn names the properties the lasso of states (numbered ids) looping back to states[loop]
// violates: worked out again on the states, or for a run-dependent plan from the values recorded
// during the search.
func (s *searcher) violatedOn(states []State, ids []int32, loop int) string {
	if s.live.plan.runDependent {
		return violatedRecorded(s.live, ids, loop)
	}
	return violatedProperties(s.live.plan, s.m.worker(), states, loop)
}

// prefixCheck adds state id, just expanded, to the product graphs of the trackers (see
// prefixTracker), in order, and reports whether one found a finite counterexample, which ends
// the search as TLC's LiveCheck.printErrorTrace stops it.
func (s *searcher) prefixCheck(id int32) bool {
	for _, tr := range s.prefix {
		if !tr.expanded(id, s.inits) {
			continue
		}
		if ids := tr.path(); ids != nil {
			s.report(&failure{violation: violation{verdict: TemporalSafetyViolated}, last: -1, prefix: ids})
			return true
		}
	}
	return false
}

// prefixTrace returns the steps of the finite counterexample through the states numbered ids and
// the properties it violates, named as TLC names them (Liveness.findViolatedProperties on the
// behavior taken as a lasso whose last state stutters for ever).
func (s *searcher) prefixTrace(ids []int32) ([]Step, string, error) {
	path, states, err := s.pathThrough(s.m.worker(), ids)
	if err != nil {
		return nil, "", err
	}
	return behavior(s.m, path), s.violatedOn(states, ids, len(ids)-1), nil
}
