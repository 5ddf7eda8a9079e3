package sim

import "time"

// Shrink looks for a minimal fault schedule that still makes a failed run fail the same way, as
// delta debugging does: it replays the seed with parts of the schedule removed (halves, then
// quarters, down to single steps, then single messages of the replay steps that remain) and
// keeps every removal after which the run still fails with the same kind of violation. Removing
// a step can leave later ones impossible (the restart of a crash that is gone, the heal of a
// partition that is gone); those are removed with it. The replays keep the failed run's fault
// phase. Shrink returns failed with Shrunk, ShrunkFailure and ShrunkPhase set, after at most
// maxRuns replays.
func Shrink(p Protocol, o RunOptions, failed *Result, maxRuns int) (*Result, error) {
	if failed.Failure == nil {
		return failed, nil
	}
	o.FaultPhase = failed.PhaseLength
	sh := shrinker{p: p, o: o, kind: failed.Failure.Kind, best: failed, budget: maxRuns}
	schedule := append([]FaultStep{}, failed.Schedule...)
	for chunk := (len(schedule) + 1) / 2; chunk >= 1 && sh.budget > 0; chunk /= 2 {
		for start := 0; start < len(schedule) && sh.budget > 0; {
			end := min(start+chunk, len(schedule))
			if candidate, ok := sh.try(append(append([]FaultStep{}, schedule[:start]...), schedule[end:]...), failed.Nodes); ok {
				schedule = candidate
				continue // the same start now names the next chunk
			}
			start = end
		}
		if chunk == 1 {
			break
		}
	}
	// Then the messages of each replay step, one at a time.
	for i := 0; i < len(schedule) && sh.budget > 0; i++ {
		for j := 0; schedule[i].Kind == FaultReplay && len(schedule[i].Replays) > 1 && j < len(schedule[i].Replays) && sh.budget > 0; {
			step := schedule[i]
			step.Replays = append(append([]ReplayPick{}, step.Replays[:j]...), step.Replays[j+1:]...)
			candidate := append(append(append([]FaultStep{}, schedule[:i]...), step), schedule[i+1:]...)
			if c, ok := sh.try(candidate, failed.Nodes); ok && len(c) == len(candidate) {
				schedule = c
				continue
			}
			j++
		}
	}
	out := *failed
	out.Shrunk = schedule
	out.ShrunkFailure = sh.best.Failure
	out.ShrunkPhase = o.FaultPhase
	return &out, nil
}

type shrinker struct {
	p      Protocol
	o      RunOptions
	kind   FailureKind
	best   *Result
	budget int
}

// try repairs a candidate schedule (dropping the steps that became impossible) and replays it;
// it reports whether the run still fails the same way.
func (sh *shrinker) try(candidate []FaultStep, n int) ([]FaultStep, bool) {
	candidate = possibleSteps(candidate, n, sh.o.FaultPhase)
	sh.o.Script = candidate
	sh.budget--
	res, err := Run(sh.p, sh.o)
	if err != nil || res.Failure == nil || res.Failure.Kind != sh.kind {
		return nil, false
	}
	sh.best = res
	return candidate, true
}

// possibleSteps keeps the steps of a schedule that can happen in order, dropping the others.
func possibleSteps(steps []FaultStep, n int, faultPhase time.Duration) []FaultStep {
	st := newScheduleState(n)
	out := steps[:0:0]
	for _, s := range steps {
		if s.At <= faultPhase && st.check(s) == nil {
			st.apply(s)
			out = append(out, s)
		}
	}
	return out
}
