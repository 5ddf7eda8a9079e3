package sim

import (
	"fmt"
	"time"
)

// Progress is how far a run got, for the progress lines of a long run (RunOptions.Progress).
type Progress struct {
	Phase      string        // "fault phase", "heal phase" or "linearizability check"
	SimTime    time.Duration // simulated time so far
	FaultPhase time.Duration // the fault phase's length
	Steps, Ops int           // events processed, client operations invoked
	Elapsed    time.Duration // wall-clock time since the run started
}

func (p Progress) String() string {
	s := fmt.Sprintf("%s: t=%v", p.Phase, p.SimTime.Round(time.Millisecond))
	if p.Phase == "fault phase" && p.FaultPhase > 0 {
		done := float64(p.SimTime) / float64(p.FaultPhase)
		s += fmt.Sprintf(" of %v simulated (%.0f%%)", p.FaultPhase, 100*done)
		if done > 0 {
			left := time.Duration(float64(p.Elapsed) * (1 - done) / done)
			s += fmt.Sprintf(", about %v of it left", left.Round(time.Second))
		}
	}
	return s + fmt.Sprintf(", %d steps, %d operations, %v elapsed", p.Steps, p.Ops, p.Elapsed.Round(time.Second))
}

// progress calls RunOptions.Progress about every interval of wall-clock time. Reading the wall
// clock changes nothing the run reads, so a run with progress lines is the run without.
type progress struct {
	report   func(Progress)
	every    time.Duration
	start    time.Time
	last     time.Time
	phase    string
	phaseLen time.Duration
}

func newProgress(report func(Progress), every time.Duration) *progress {
	if every <= 0 {
		every = 5 * time.Second
	}
	now := time.Now()
	return &progress{report: report, every: every, start: now, last: now, phase: "fault phase"}
}

// tick reports if an interval has passed since the last report.
func (p *progress) tick(c *Cluster) {
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.now(c)
	}
}

// now reports at once.
func (p *progress) now(c *Cluster) {
	p.report(Progress{Phase: p.phase, SimTime: c.now, FaultPhase: p.phaseLen, Steps: c.steps,
		Ops: len(c.clients.history), Elapsed: time.Since(p.start)})
}
