package check

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// stutterModel is a ring of ten counters 1000..1009 (values Go boxes apart: equal values built
// anew are not the same) with three actions from every state: Inc, to the next counter; Stay,
// the state itself (the very values: a step leaving every variable unchanged); and Copy, an
// equal state built anew. It counts the states it fingerprints, and says whether its
// fingerprints depend on the values alone (see valueFingerprinter).
type stutterModel struct {
	*goModel
	byValue bool
	fps     atomic.Int64
}

func (m *stutterModel) worker() modelWorker      { return m }
func (m *stutterModel) fingerprintsValues() bool { return m.byValue }
func (m *stutterModel) fingerprint(s State) (uint64, error) {
	m.fps.Add(1)
	return m.goModel.fingerprint(s)
}

func newStutterModel(byValue bool) *stutterModel {
	m := &goModel{names: []string{"x"}, actions: []string{"Inc", "Stay", "Copy"}, inits: []State{st(1000)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		x := ints(s)[0]
		if err := emit(st(1000+(x-1000+1)%10), 0); err != nil {
			return err
		}
		if err := emit(s, 1); err != nil {
			return err
		}
		return emit(st(x), 2)
	}
	return &stutterModel{goModel: m, byValue: byValue}
}

// TestStutteringSuccessorsAreNotFingerprinted: a breadth-first search finds a successor made of
// the values of the state it expands seen without fingerprinting it (stutterStore), with the
// counts of a search that fingerprints every successor: 31 generated (the initial state and
// three successors of each of ten states), 10 distinct, depth 10. Ten of the 31 are not
// fingerprinted (Stay's), with one worker and two; every one is when the fingerprint may depend
// on more than the values (a VIEW), and an equal successor built anew (Copy's) always is.
func TestStutteringSuccessorsAreNotFingerprinted(t *testing.T) {
	off := false
	for _, workers := range []int{1, 2} {
		for _, c := range []struct {
			byValue bool
			fps     int64
		}{{true, 21}, {false, 31}} {
			m := newStutterModel(c.byValue)
			res, err := explore(context.Background(), m, true, Options{Workers: workers, Deadlock: &off})
			require.NoError(t, err)
			require.Equal(t, Result{Verdict: OK, Generated: 31, Distinct: 10, Depth: 10}, Result{Verdict: res.Verdict, Generated: res.Generated, Distinct: res.Distinct, Depth: res.Depth, Left: res.Left})
			require.Equal(t, c.fps, m.fps.Load(), "workers=%d, fingerprints by value %v", workers, c.byValue)
		}
	}
}
