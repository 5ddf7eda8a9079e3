package check

import (
	"fmt"
	"io"
	"time"
)

// progressClock prints the progress lines of the single-goroutine searches (depth-first and
// simulation), which call tick as they go; breadth-first search, whose workers run in parallel,
// has a ticker goroutine instead (searcher.startProgress). A nil clock prints nothing.
type progressClock struct {
	w       io.Writer
	every   time.Duration
	started time.Time
	next    time.Time
}

func newProgressClock(opts Options) *progressClock {
	if opts.Progress == nil {
		return nil
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 5 * time.Second
	}
	now := time.Now()
	return &progressClock{w: opts.Progress, every: every, started: now, next: now.Add(every)}
}

// tick prints a line if one is due: the current depth, the states generated and the rate, the
// distinct states, and for a simulation (behaviors >= 0) the behaviors completed.
func (p *progressClock) tick(depth int, generated, distinct int64, behaviors int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Before(p.next) {
		return
	}
	p.next = now.Add(p.every)
	secs := now.Sub(p.started).Seconds()
	extra := ""
	if behaviors >= 0 {
		extra = fmt.Sprintf(", %d behaviors simulated", behaviors)
	}
	fmt.Fprintf(p.w, "Progress(%d) at %s: %d states generated (%.0f states/s), %d distinct states found%s.\n",
		depth, now.UTC().Format("2006-01-02 15:04:05"), generated, float64(generated)/secs, distinct, extra)
}
