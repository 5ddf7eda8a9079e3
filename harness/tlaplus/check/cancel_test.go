package check

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// TestCheckCancelledMidRun cancels runs of an unbounded model (Counter without its constraint:
// x counts up forever) in every mode: Check returns soon after the deadline with the context's
// error and the partial counts of the run so far, never a verdict.
func TestCheckCancelledMidRun(t *testing.T) {
	conf, err := cfg.Parse("unbounded.cfg", "CONSTANT Limit = 3 INIT Init NEXT Next")
	require.NoError(t, err)
	spec := filepath.Join("testdata", "corpus", "Counter.tla")
	modes := map[string]Options{
		"bfs":       {},
		"bfs2":      {Workers: 2},
		"dfs":       {Mode: DFS, Depth: 1 << 30},
		"simulate":  {Mode: Simulate, Depth: 1 << 30, Traces: 1},
		"simulate2": {Mode: Simulate, Depth: 1 << 30, Traces: 1 << 30, Seed: 9},
	}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			const deadline = 200 * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			res, err := Check(ctx, spec, conf, opts)
			took := time.Since(start)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Less(t, took, deadline+2*time.Second, "Check did not return promptly after cancellation")
			require.Equal(t, OK, res.Verdict, "a cancelled run has no verdict")
			require.Positive(t, res.Generated, "the partial result counts the states generated so far")
			require.Positive(t, res.Distinct)
			require.Positive(t, res.Depth)
			if opts.Mode == BFS {
				// x = 0 .. d-1 were found, one per level, each but the last expanded with a
				// single successor: d generated, d distinct, depth d, the last still queued.
				require.Equal(t, [3]int64{res.Distinct, res.Distinct, 1}, [3]int64{res.Generated, int64(res.Depth), res.Left})
			}
		})
	}
}

// TestProgressLines runs the unbounded Counter in every mode with a short progress interval until
// it has printed two progress lines: each mode prints them in TLC's shape, with a states/s rate.
// The run is cancelled by the second line, not by a deadline, so a loaded machine only makes the
// test slower; a mode that prints fewer than two lines fails at the minute's timeout.
func TestProgressLines(t *testing.T) {
	conf, err := cfg.Parse("unbounded.cfg", "CONSTANT Limit = 3 INIT Init NEXT Next")
	require.NoError(t, err)
	spec := filepath.Join("testdata", "corpus", "Counter.tla")
	bfsLine := regexp.MustCompile(`^Progress\(\d+\) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: \d+ states generated \(\d+ states/s\), \d+ distinct states found, \d+ states left on queue\.$`)
	dfsLine := regexp.MustCompile(`^Progress\(\d+\) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: \d+ states generated \(\d+ states/s\), \d+ distinct states found\.$`)
	simLine := regexp.MustCompile(`^Progress\(\d+\) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: \d+ states generated \(\d+ states/s\), \d+ distinct states found, \d+ behaviors simulated\.$`)
	modes := []struct {
		name string
		opts Options
		line *regexp.Regexp
	}{
		{"bfs", Options{}, bfsLine},
		{"bfs2", Options{Workers: 2}, bfsLine},
		{"dfs", Options{Mode: DFS, Depth: 1 << 30}, dfsLine},
		{"simulate", Options{Mode: Simulate, Depth: 1 << 30, Traces: 1}, simLine},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out := &linesThenCancel{want: 2, cancel: cancel}
			m.opts.Progress = out
			m.opts.ProgressEvery = 20 * time.Millisecond
			_, err := Check(ctx, spec, conf, m.opts)
			require.ErrorIs(t, err, context.Canceled, "no two progress lines within a minute:\n%s", out.String())
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			require.GreaterOrEqual(t, len(lines), 2, out.String())
			for _, l := range lines {
				require.Regexp(t, m.line, l)
			}
		})
	}
}

// linesThenCancel collects what is written to it and calls cancel once it holds want lines.
// Breadth-first search writes from its ticker goroutine, hence the lock.
type linesThenCancel struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	want   int
	cancel context.CancelFunc
}

func (w *linesThenCancel) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Count(w.buf.Bytes(), []byte("\n")) >= w.want {
		w.cancel()
	}
	return len(p), nil
}

func (w *linesThenCancel) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestCheckCancelledMidEvaluation cancels a run while it evaluates an invariant that would take
// minutes: the evaluation is interrupted, and Check reports the cancellation (not an evaluation
// error of the spec) promptly.
func TestCheckCancelledMidEvaluation(t *testing.T) {
	conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", "Heavy.cfg"))
	require.NoError(t, err)
	for _, workers := range []int{1, 2} {
		const deadline = 200 * time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		start := time.Now()
		res, err := Check(ctx, filepath.Join("testdata", "corpus", "Heavy.tla"), conf, Options{Workers: workers})
		took := time.Since(start)
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, "workers %d", workers)
		var ee *EvalError
		require.False(t, errors.As(err, &ee), "reported as an evaluation error: %v", err)
		require.Less(t, took, deadline+2*time.Second, "workers %d", workers)
		require.Equal(t, OK, res.Verdict)
	}
}
