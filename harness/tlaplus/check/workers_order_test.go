package check

import (
	"context"
	"testing"
	"time"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// sharedFingerprint is a model in which two states that are not interchangeable share a
// fingerprint, as states do under a VIEW: x = 0 leads to x = 1..64 (level 2, taken by two
// workers in chunks of 4, see chunkFor); each x = k of them leads to 100 + k; the view makes 133 look like 101, but 101 leads
// to 1000 while 133 leads to 2000 and then 2001. One worker finds 101 first (its parent x = 1 comes first), so it stores 101 and
// reaches 1000: 130 generated (1 + 64 + 64 + 1), 129 distinct (1 + 64 + 63 + 1), depth 4.
// Storing 133 instead would give 131 generated, 130 distinct and depth 5. With handshake set
// (for two workers), expanding x = 1 waits until x = 33, in another chunk and so expanded by
// the other worker, has generated 133: the other worker reaches the shared fingerprint first.
func sharedFingerprint(handshake bool) *goModel {
	m := &goModel{names: []string{"x"}, actions: []string{"Next"}, inits: []State{st(0)}}
	generated133 := make(chan struct{})
	m.nextFn = func(s State, emit func(State, int) error) error {
		x := ints(s)[0]
		switch {
		case x == 0:
			for k := int64(1); k <= 64; k++ {
				if err := emit(st(k), 0); err != nil {
					return err
				}
			}
		case x == 1:
			if handshake {
				<-generated133
			}
			return emit(st(101), 0)
		case x == 33:
			err := emit(st(133), 0)
			if handshake {
				close(generated133)
			}
			return err
		case x <= 64:
			return emit(st(100+x), 0)
		case x == 101:
			return emit(st(1000), 0)
		case x == 133:
			return emit(st(2000), 0)
		case x == 2000:
			return emit(st(2001), 0)
		}
		return nil
	}
	m.view = func(s State) value.Value {
		if x := ints(s)[0]; x == 133 {
			return value.Int(101)
		}
		return s[0]
	}
	return m
}

// TestWorkersStoreWhatOneWorkerStores: with several workers, the state stored for a fingerprint
// is the one a single worker stores, even when another worker reaches the fingerprint first, so
// the counts do not depend on the worker count or on timing.
func TestWorkersStoreWhatOneWorkerStores(t *testing.T) {
	off := false
	for _, workers := range []int{1, 2, 2, 2} {
		res, err := explore(context.Background(), sharedFingerprint(workers > 1), true, Options{Workers: workers, Deadlock: &off})
		require.NoError(t, err)
		require.Equal(t, OK, res.Verdict)
		require.Equal(t, [3]int64{130, 129, 4}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)}, "%d workers: generated, distinct, depth", workers)
		require.Zero(t, res.Left)
	}
}

// TestChunkFor: one worker takes a level 32 states at a time; several take chunks that give
// each about eight of the level, and a level smaller than that state by state.
func TestChunkFor(t *testing.T) {
	for _, c := range []struct{ n, workers, want int }{
		{10000, 1, 32}, {3, 1, 32}, {10000, 2, 32}, {512, 2, 32}, {256, 2, 16}, {64, 2, 4}, {15, 2, 1}, {1, 2, 1}, {64, 4, 2},
	} {
		require.Equal(t, c.want, chunkFor(c.n, c.workers), "chunkFor(%d, %d)", c.n, c.workers)
	}
}

// TestSearchTimingIdleAtLevelEnd: the time a breadth-first search's workers wait at the end of
// a level for the last chunk is measured (searchTiming, reported by BenchmarkScaling). x = 0
// leads to x = 1..64, the second level, which two workers take in chunks of 4 (chunkFor); those
// have no successors, and expanding x = 64, the level's last state, takes 50 ms, which the
// other worker spends waiting. Two levels are expanded (depth 2).
func TestSearchTimingIdleAtLevelEnd(t *testing.T) {
	const slow = 50 * time.Millisecond
	m := &goModel{names: []string{"x"}, actions: []string{"Next"}, inits: []State{st(0)}}
	m.nextFn = func(s State, emit func(State, int) error) error {
		switch x := ints(s)[0]; {
		case x == 0:
			for k := int64(1); k <= 64; k++ {
				if err := emit(st(k), 0); err != nil {
					return err
				}
			}
		case x == 64:
			time.Sleep(slow)
		}
		return nil
	}
	off := false
	var timing searchTiming
	res, err := explore(context.Background(), m, true, Options{Workers: 2, Deadlock: &off, timing: &timing})
	require.NoError(t, err)
	require.Equal(t, [3]int64{65, 65, 2}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	require.Equal(t, 2, timing.levels)
	require.GreaterOrEqual(t, timing.wall, slow, "the levels' parallel phases include the slow expansion")
	require.GreaterOrEqual(t, timing.total, timing.wall)
	// The worker not expanding x = 64 waits for it, but for its own share of the level
	// (microseconds: states without successors).
	require.GreaterOrEqual(t, timing.idle, slow/2)
	require.LessOrEqual(t, timing.idle, 2*timing.wall)
}

// workerSink keeps the workers TestWorkersOwnTheirCacheLines makes on the heap.
var workerSink []*bfsWorker

// TestWorkersOwnTheirCacheLines: breadth-first workers made one after the other do not share a
// cache line (see bfsWorker's padding): each begins on a 64-byte boundary and is a whole number
// of lines long.
func TestWorkersOwnTheirCacheLines(t *testing.T) {
	require.Zero(t, unsafe.Sizeof(bfsWorker{})%64, "size of bfsWorker")
	workerSink = nil
	for range 8 {
		workerSink = append(workerSink, newBFSWorker(nil, nil, nil))
	}
	for i, b := range workerSink {
		require.Zero(t, uintptr(unsafe.Pointer(b))%64, "worker %d at %p", i, b)
	}
	workerSink = nil
}
