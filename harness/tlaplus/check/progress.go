package check

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// counters are a search's running counts, updated by the search as it goes and read by the
// progress reporter (and, at the end, by the Result) from another goroutine.
type counters struct {
	generated atomic.Int64
	distinct  atomic.Int64
	left      atomic.Int64 // states on the queue (breadth-first search only)
	depth     atomic.Int32
	behaviors atomic.Int64 // behaviors completed (simulation only)
}

// result returns the counts as a Result.
func (c *counters) result() Result {
	return Result{Generated: c.generated.Load(), Distinct: c.distinct.Load(), Left: c.left.Load(), Depth: int(c.depth.Load())}
}

// startProgress prints a progress line for the search mode every opts.ProgressEvery (default
// 5s) until the returned function is called, as TLC does on long runs: the depth, the states
// generated and the rate, the distinct states, and the queue (breadth-first search) or the
// behaviors simulated. All three searches report through it.
func startProgress(opts Options, c *counters) (stop func()) {
	if opts.live != nil {
		opts.live.Store(c)
	}
	if opts.Progress == nil {
		return func() {}
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 5 * time.Second
	}
	started := time.Now()
	done := make(chan struct{})
	var g errgroup.Group
	g.Go(func() error {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return nil
			case now := <-t.C:
				writeProgress(opts.Progress, opts.Mode, c, now, now.Sub(started))
			}
		}
	})
	return func() {
		close(done)
		_ = g.Wait()
	}
}

func writeProgress(w io.Writer, mode Mode, c *counters, now time.Time, elapsed time.Duration) {
	gen := c.generated.Load()
	var extra string
	switch mode {
	case BFS:
		extra = fmt.Sprintf(", %d states left on queue", c.left.Load())
	case Simulate:
		extra = fmt.Sprintf(", %d behaviors simulated", c.behaviors.Load())
	}
	fmt.Fprintf(w, "Progress(%d) at %s: %d states generated (%.0f states/s), %d distinct states found%s.\n",
		c.depth.Load(), now.UTC().Format("2006-01-02 15:04:05"), gen, float64(gen)/elapsed.Seconds(), c.distinct.Load(), extra)
}
