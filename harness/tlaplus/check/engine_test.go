package check

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// goModel is a model written directly in Go, so the search engines can be checked against state
// graphs counted by hand, independently of the TLA+ front end.
type goModel struct {
	names      []string
	actions    []string
	inits      []State
	nextFn     func(s State, emit func(State, int) error) error
	invariants map[string]func(State) bool
	stateCons  func(State) bool
	actCons    func(s, t State) bool
	stepProps  map[string]func(s, t State) bool
	view       func(State) value.Value
}

func (m *goModel) vars() []string { return m.names }
func (m *goModel) action(i int) (string, string) {
	return m.actions[i], fmt.Sprintf("line %d, col 1 of module Go", i+1)
}
func (m *goModel) worker() modelWorker { return m }
func (m *goModel) initial(emit func(State) error) error {
	for _, s := range m.inits {
		if err := emit(s); err != nil {
			return err
		}
	}
	return nil
}
func (m *goModel) fingerprint(s State) (uint64, error) {
	if m.view != nil {
		return value.Fingerprint(m.view(s))
	}
	return value.Fingerprint(value.Tuple(s))
}
func (m *goModel) constraint(s State) (bool, error)                { return m.stateCons == nil || m.stateCons(s), nil }
func (m *goModel) next(s State, emit func(State, int) error) error { return m.nextFn(s, emit) }
func (m *goModel) actionConstraint(s, t State) (bool, error) {
	return m.actCons == nil || m.actCons(s, t), nil
}
func (m *goModel) invariant(s State) (string, error) {
	for _, name := range sortedKeys(m.invariants) {
		if !m.invariants[name](s) {
			return name, nil
		}
	}
	return "", nil
}
func (m *goModel) initProperty(State) (string, error) { return "", nil }
func (m *goModel) stepProperty(s, t State) (string, error) {
	for _, name := range sortedKeys(m.stepProps) {
		if !m.stepProps[name](s, t) {
			return name, nil
		}
	}
	return "", nil
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func ints(s State) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v.(value.Int))
	}
	return out
}

func st(xs ...int64) State {
	s := make(State, len(xs))
	for i, x := range xs {
		s[i] = value.Int(x)
	}
	return s
}

// hourClock is TLC's classic HourClock: hr \in 1..12, hr' = IF hr = 12 THEN 1 ELSE hr + 1.
// TLC reports 24 states generated, 12 distinct, depth 1: every state is initial, and each of the
// 12 has one successor.
func hourClock() *goModel {
	m := &goModel{names: []string{"hr"}, actions: []string{"HCnxt"}}
	for h := int64(1); h <= 12; h++ {
		m.inits = append(m.inits, st(h))
	}
	m.nextFn = func(s State, emit func(State, int) error) error {
		h := ints(s)[0]
		if h == 12 {
			return emit(st(1), 0)
		}
		return emit(st(h+1), 0)
	}
	return m
}

func TestBFSHourClock(t *testing.T) {
	for _, workers := range []int{1, 2} {
		res, err := explore(context.Background(), hourClock(), true, Options{Workers: workers})
		require.NoError(t, err)
		require.Equal(t, OK, res.Verdict)
		require.Equal(t, int64(24), res.Generated)
		require.Equal(t, int64(12), res.Distinct)
		require.Equal(t, int64(0), res.Left)
		require.Equal(t, 1, res.Depth)
	}
}

// counter: x = 0, x' = x + 1, CONSTRAINT x < 3. States 0, 1, 2 are stored; 3 is generated but
// outside the constraint, so it is neither stored nor explored, yet 2 is not deadlocked.
// Generated = 1 initial + 3 successors.
func TestBFSConstraintCounting(t *testing.T) {
	m := &goModel{names: []string{"x"}, actions: []string{"Inc"}, inits: []State{st(0)}}
	m.nextFn = func(s State, emit func(State, int) error) error { return emit(st(ints(s)[0]+1), 0) }
	m.stateCons = func(s State) bool { return ints(s)[0] < 3 }
	res, err := explore(context.Background(), m, true, Options{})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(4), res.Generated)
	require.Equal(t, int64(3), res.Distinct)
	require.Equal(t, 3, res.Depth)

	// The invariant is still checked on the state outside the constraint, as TLC does.
	m.invariants = map[string]func(State) bool{"Small": func(s State) bool { return ints(s)[0] < 3 }}
	res, err = explore(context.Background(), m, true, Options{})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, "Small", res.Violated)
	require.Len(t, res.Trace, 4)
	require.Equal(t, int64(3), res.Distinct)

	// An action constraint x' # 2 cuts the graph after 1: 2 is generated but not stored.
	m.invariants = nil
	m.actCons = func(s, t State) bool { return ints(t)[0] != 2 }
	res, err = explore(context.Background(), m, true, Options{})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(3), res.Generated)
	require.Equal(t, int64(2), res.Distinct)
	require.Equal(t, 2, res.Depth)
}

// deadlock: x = 0, x < 2 /\ x' = x + 1. State 2 has no successor.
func deadlockModel() *goModel {
	m := &goModel{names: []string{"x"}, actions: []string{"Inc"}, inits: []State{st(0)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		if x := ints(s)[0]; x < 2 {
			return emit(st(x+1), 0)
		}
		return nil
	}
	return m
}

func TestBFSDeadlock(t *testing.T) {
	res, err := explore(context.Background(), deadlockModel(), true, Options{})
	require.NoError(t, err)
	require.Equal(t, Deadlock, res.Verdict)
	require.Len(t, res.Trace, 3)
	require.Equal(t, int64(3), res.Generated)
	require.Equal(t, int64(3), res.Distinct)
	require.Equal(t, "Initial predicate", res.Trace[0].Action)
	require.Equal(t, "Inc", res.Trace[2].Action)
	require.Equal(t, ExitDeadlock, res.ExitCode())

	off := false
	res, err = explore(context.Background(), deadlockModel(), true, Options{Deadlock: &off})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, 3, res.Depth)
}

// jumps: n = 0, n' = n + 1 (Plus1) or n' = n + 3 (Plus3), invariant n # 4. BFS level 2 is
// {1, 3}; expanding 1 first generates 2 and then 4, which violates the invariant. The shortest
// counterexample is 0 -Plus1-> 1 -Plus3-> 4. At that point 5 states were generated (0; 1, 3;
// 2, 4), all 5 are distinct, 3 and 2 are still queued (4, the violating state, is stored but
// not queued: TLC's ModelChecker.doNext queues a new state only once its invariants hold), and
// the deepest found is on level 3.
func TestBFSShortestCounterexample(t *testing.T) {
	m := &goModel{names: []string{"n"}, actions: []string{"Plus1", "Plus3"}, inits: []State{st(0)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		n := ints(s)[0]
		if err := emit(st(n+1), 0); err != nil {
			return err
		}
		return emit(st(n+3), 1)
	}
	m.invariants = map[string]func(State) bool{"NotFour": func(s State) bool { return ints(s)[0] != 4 }}
	res, err := explore(context.Background(), m, true, Options{})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, int64(5), res.Generated)
	require.Equal(t, int64(5), res.Distinct)
	require.Equal(t, int64(2), res.Left)
	var got []string
	for _, s := range res.Trace {
		got = append(got, s.Action+":"+s.State[0].String())
	}
	require.Equal(t, []string{"Initial predicate:0", "Plus1:1", "Plus3:4"}, got)

	var out bytes.Buffer
	WriteReport(&out, res)
	require.Equal(t, `Error: Invariant NotFour is violated.
Error: The behavior up to this point is:
State 1: <Initial predicate>
n = 0

State 2: <Plus1 line 1, col 1 of module Go>
n = 1

State 3: <Plus3 line 2, col 1 of module Go>
n = 4

5 states generated, 5 distinct states found, 2 states left on queue.
The depth of the complete state graph search is 3.
`, out.String())

	// With two workers the counterexample is still a shortest one.
	res, err = explore(context.Background(), m, true, Options{Workers: 2})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Len(t, res.Trace, 3)
}

// grid: (x, y) from (0, 0), moving right or up inside 0..N-1. There are N*N states; every state
// has one successor per coordinate below N-1, so generated = 1 + 2*N*(N-1), and the BFS levels
// are x+y = 0 .. 2N-2, so the depth is 2N-1.
func grid(n int64) *goModel {
	m := &goModel{names: []string{"x", "y"}, actions: []string{"Right", "Up"}, inits: []State{st(0, 0)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		xy := ints(s)
		if xy[0] < n-1 {
			if err := emit(st(xy[0]+1, xy[1]), 0); err != nil {
				return err
			}
		}
		if xy[1] < n-1 {
			return emit(st(xy[0], xy[1]+1), 1)
		}
		return nil
	}
	return m
}

func TestBFSWorkersAgree(t *testing.T) {
	off := false
	for _, workers := range []int{1, 2, 4} {
		res, err := explore(context.Background(), grid(60), true, Options{Workers: workers, Deadlock: &off})
		require.NoError(t, err)
		require.Equal(t, OK, res.Verdict, "workers=%d", workers)
		require.Equal(t, int64(1+2*60*59), res.Generated, "workers=%d", workers)
		require.Equal(t, int64(3600), res.Distinct, "workers=%d", workers)
		require.Equal(t, 119, res.Depth, "workers=%d", workers)
	}
	// The corner (59, 59) has no successor.
	res, err := explore(context.Background(), grid(3), true, Options{Workers: 2})
	require.NoError(t, err)
	require.Equal(t, Deadlock, res.Verdict)
	require.Len(t, res.Trace, 5)
}

func TestViewMergesStates(t *testing.T) {
	// With VIEW y, the grid collapses to its y coordinate: 0, 1, 2 are the distinct views.
	m := grid(3)
	m.view = func(s State) value.Value { return s[1] }
	off := false
	res, err := explore(context.Background(), m, true, Options{Deadlock: &off})
	require.NoError(t, err)
	// (0,0) -> (1,0) [view 0, seen], (0,1) [new]; (0,1) -> (1,1) [seen view 1], (0,2) [new];
	// (0,2) -> (1,2) [seen]. Generated: 1 + 2 + 2 + 1.
	require.Equal(t, int64(3), res.Distinct)
	require.Equal(t, int64(6), res.Generated)
	require.Equal(t, 3, res.Depth)
}

func TestStepProperty(t *testing.T) {
	m := grid(3)
	m.stepProps = map[string]func(s, t State) bool{"OnlyRight": func(s, t State) bool { return ints(t)[1] == ints(s)[1] }}
	res, err := explore(context.Background(), m, true, Options{})
	require.NoError(t, err)
	require.Equal(t, ActionPropertyViolated, res.Verdict)
	require.Equal(t, "OnlyRight", res.Violated)
	require.Len(t, res.Trace, 2)
	require.Equal(t, "Up", res.Trace[1].Action)
	// TLC exits with VIOLATION_LIVENESS for an action property (its Github817bTest expects it).
	require.Equal(t, ExitLiveness, res.ExitCode())
}

func TestDFS(t *testing.T) {
	off := false
	res, err := explore(context.Background(), grid(10), true, Options{Mode: DFS, Depth: 100, Deadlock: &off})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(100), res.Distinct)
	require.Equal(t, 19, res.Depth)

	// Depth 3 reaches exactly the states with x+y <= 2: 6 of them.
	res, err = explore(context.Background(), grid(10), true, Options{Mode: DFS, Depth: 3, Deadlock: &off})
	require.NoError(t, err)
	require.Equal(t, int64(6), res.Distinct)

	res, err = explore(context.Background(), deadlockModel(), true, Options{Mode: DFS})
	require.NoError(t, err)
	require.Equal(t, Deadlock, res.Verdict)
	require.Len(t, res.Trace, 3)
}

func TestSimulateIsSeeded(t *testing.T) {
	run := func(seed int64) string {
		res, err := explore(context.Background(), grid(50), true, Options{Mode: Simulate, Depth: 30, Traces: 5, Seed: seed})
		require.NoError(t, err)
		require.Equal(t, OK, res.Verdict)
		require.Equal(t, 30, res.Depth)
		return fmt.Sprint(res.Generated, res.Distinct)
	}
	require.Equal(t, run(7), run(7))

	res, err := explore(context.Background(), deadlockModel(), true, Options{Mode: Simulate, Depth: 10, Traces: 1})
	require.NoError(t, err)
	require.Equal(t, Deadlock, res.Verdict)
	require.Len(t, res.Trace, 3)
}

func TestDotDump(t *testing.T) {
	var dot bytes.Buffer
	res, err := explore(context.Background(), deadlockModel(), false, Options{Dot: &dot})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	out := dot.String()
	require.True(t, strings.HasPrefix(out, "strict digraph DiskGraph {\n"))
	require.Equal(t, 3, strings.Count(out, "[label=\"x = "), "one variable: TLC labels x = v, not /\\ x = v")
	require.Equal(t, 2, strings.Count(out, "[label=\"Inc\"]"))
	require.Equal(t, 1, strings.Count(out, "style = filled"))
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	off := false
	_, err := explore(ctx, grid(200), true, Options{Deadlock: &off})
	require.ErrorIs(t, err, context.Canceled)
}
