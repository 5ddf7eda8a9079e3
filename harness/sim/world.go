package sim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// world is what every part of a cluster shares: simulated time, the agenda of future events, the
// event log, the seed's random source and the first violation found. The parts of a cluster (its
// nodes, network, clients and nemesis) each keep their own state and reach the rest of the run
// only through the world, which is how a run stays a pure function of its seed: every event goes
// through one agenda and every random choice through a source derived from the seed.
type world struct {
	now     time.Duration
	agenda  agenda
	log     *eventLog
	rng     *rand.Rand
	steps   int
	failure *Failure
	trace   *traceRecorder // nil unless Options.Trace is set
}

// schedule adds e to the agenda, due after d.
func (w *world) schedule(d time.Duration, e event) {
	e.at = w.now + d
	w.agenda.push(e)
}

// fail records the first violation; later ones are consequences and are ignored.
func (w *world) fail(kind FailureKind, err error) {
	if w.failure == nil {
		w.failure = &Failure{Kind: kind, Err: err, At: w.now, Step: w.steps}
	}
}

// logf writes a free-form event line (used for rare events, where formatting cost is no concern).
func (w *world) logf(format string, args ...any) {
	b := w.log.begin(w.now)
	b = fmt.Appendf(b, format, args...)
	w.log.end(b)
}
