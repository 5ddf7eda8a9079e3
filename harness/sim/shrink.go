package sim

// Shrink looks for a minimal fault schedule that still makes a failed run fail: it replays the
// seed with subsets of the faults the run injected (removing halves, then quarters, down to single
// steps, as delta debugging does) and keeps every removal after which the run still fails. It
// returns failed with Shrunk and ShrunkFailure set, after at most maxRuns replays.
func Shrink(p Protocol, o RunOptions, failed *Result, maxRuns int) (*Result, error) {
	if failed.Failure == nil {
		return failed, nil
	}
	best := failed
	schedule := append([]FaultStep(nil), failed.Schedule...)
	runs := 0
	for chunk := (len(schedule) + 1) / 2; chunk >= 1 && runs < maxRuns; chunk /= 2 {
		for start := 0; start < len(schedule) && runs < maxRuns; {
			end := min(start+chunk, len(schedule))
			candidate := append(append([]FaultStep{}, schedule[:start]...), schedule[end:]...)
			o.Script = candidate
			runs++
			res, err := Run(p, o)
			if err != nil {
				return nil, err
			}
			if res.Failure != nil {
				schedule, best = candidate, res
				continue // the same start now names the next chunk
			}
			start = end
		}
		if chunk == 1 {
			break
		}
	}
	out := *failed
	out.Shrunk = schedule
	out.ShrunkFailure = best.Failure
	return &out, nil
}
