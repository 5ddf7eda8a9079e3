package check

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// exclusive wraps a goModel as a worker that, like the TLA+ front end's, cannot expand a state
// while it is still expanding another: calling next from inside emit is an error, so a search
// that recurses from the callback fails loudly instead of silently losing successors.
type exclusive struct {
	*goModel
	busy bool
}

func (m *exclusive) worker() modelWorker { return m }

func (m *exclusive) next(s State, emit func(State, int) error) error {
	if m.busy {
		return errors.New("next called again while expanding a state")
	}
	m.busy = true
	defer func() { m.busy = false }()
	return m.goModel.next(s, emit)
}

// jumps: n from 0, Plus1 (n' = n+1) and Plus3 (n' = n+3) while n' < N. Plus1 comes first, so a
// depth-first search reaches 3 through 1 and 2 (depth 4) before it tries Plus3 from 0 (depth
// 2), and must explore 3 again from the shorter path. The BFS level of n is 1 + n/3 + n%3 (as
// many Plus3 steps as fit, then Plus1 steps).
func jumps(n int64) *goModel {
	m := &goModel{names: []string{"n"}, actions: []string{"Plus1", "Plus3"}, inits: []State{st(0)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		x := ints(s)[0]
		for i, k := range []int64{1, 3} {
			if x+k < n {
				if err := emit(st(x+k), i); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return m
}

// TestDFSFindsEveryStateWithinDepth checks the depth-first search against the BFS levels of
// jumps worked out above: with depth d it must find exactly the states on levels 1..d, as TLC's
// iterative deepening does, on a worker that cannot be reentered.
func TestDFSFindsEveryStateWithinDepth(t *testing.T) {
	const n = 20
	off := false
	for d := 1; d <= 10; d++ {
		want := int64(0)
		deepest := 0
		for x := 0; x < n; x++ {
			if level := 1 + x/3 + x%3; level <= d {
				want++
				deepest = max(deepest, level)
			}
		}
		res, err := explore(context.Background(), &exclusive{goModel: jumps(n)}, true, Options{Mode: DFS, Depth: d, Deadlock: &off})
		require.NoError(t, err, "depth %d", d)
		require.Equal(t, OK, res.Verdict, "depth %d", d)
		require.Equal(t, want, res.Distinct, "depth %d", d)
		require.Equal(t, deepest, res.Depth, "depth %d", d)
	}
}

// TestDFSViolationThroughShorterPath: 12 is on level 1 + 12/3 = 5 (0, 3, 6, 9, 12), and every
// path to it through 1 is longer (three Plus1 steps: 7 states). The search explores the subtree
// of 1 first and reaches 6 there on level 5 (0, 1, 2, 5, 6), too deep to go on; with depth 5 the
// violation is found only if 6 is explored again when Plus3 reaches it from 3 on level 3. With
// depth 4 it is out of reach.
func TestDFSViolationThroughShorterPath(t *testing.T) {
	model := func() model {
		m := jumps(20)
		m.invariants = map[string]func(State) bool{"NotTwelve": func(s State) bool { return ints(s)[0] != 12 }}
		return &exclusive{goModel: m}
	}
	off := false
	res, err := explore(context.Background(), model(), true, Options{Mode: DFS, Depth: 4, Deadlock: &off})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)

	res, err = explore(context.Background(), model(), true, Options{Mode: DFS, Depth: 5, Deadlock: &off})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, "NotTwelve", res.Violated)
	var path []string
	for _, s := range res.Trace {
		path = append(path, fmt.Sprintf("%s %d", s.Action, ints(s.State)[0]))
	}
	require.Equal(t, []string{"Initial predicate 0", "Plus3 3", "Plus3 6", "Plus3 9", "Plus3 12"}, path)
}

// TestCorpusDFSLevels runs the TLA+ front end depth first on DieHard, whose BFS levels (TLC's
// published 16 states over depth 8) are {00} {30 05} {35 03 32} {33 02} {15 20} {10 25}
// {01 34} {31 04} as (small, big): with depth d the search must find the states of the first d
// levels, and must find NotSolved (big = 4, first on level 7 at (3, 4)) exactly from depth 7.
func TestCorpusDFSLevels(t *testing.T) {
	within := []int64{1, 3, 6, 8, 10, 12, 14, 16, 16}
	for i, want := range within {
		d := i + 1
		res := runCorpus(t, corpusCase{config: "DieHard.cfg", spec: "DieHard.tla"}, Options{Mode: DFS, Depth: d})
		require.Equal(t, OK, res.Verdict, "depth %d", d)
		require.Equal(t, want, res.Distinct, "depth %d", d)
		require.Equal(t, min(d, 8), res.Depth, "depth %d", d)
	}

	res := runCorpus(t, corpusCase{config: "DieHardSolve.cfg", spec: "DieHard.tla"}, Options{Mode: DFS, Depth: 6})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(12), res.Distinct)

	res = runCorpus(t, corpusCase{config: "DieHardSolve.cfg", spec: "DieHard.tla"}, Options{Mode: DFS, Depth: 7})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, "NotSolved", res.Violated)
	lines := traceLines(res)
	require.Len(t, lines, 7, "a state first found on level 7 is reported with a 7-state path")
	require.Equal(t, "BigToSmall: small = 3 big = 4", lines[6])
}

// TestDFSEvaluationError: an action that reads x' before assigning it fails while expanding the
// initial state, and DFS reports it as BFS does, with the one-state behavior leading there.
func TestDFSEvaluationError(t *testing.T) {
	conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", "BadOrder.cfg"))
	require.NoError(t, err)
	_, err = Check(context.Background(), filepath.Join("testdata", "corpus", "BadOrder.tla"), conf, Options{Mode: DFS, Depth: 5})
	require.Error(t, err)
	require.Contains(t, err.Error(), "BadOrder.tla:6:14: in action Next, x' is read before the action assigns it")
	var ee *EvalError
	require.ErrorAs(t, err, &ee)
	require.Len(t, ee.Trace, 1)
}
