package check

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestLiveGraphOnDisk: with a memory bound of one byte and chunks of four words, every record
// of the behavior graph goes to its own page of the file; the whole live corpus and the Ring
// benchmark's spec (fair and unfair) then get the verdicts, counts, traces and lassos they get
// with the graph in memory, with one worker and two, checked once at the end; checked during
// the search too (two workers), the same verdicts.
func TestLiveGraphOnDisk(t *testing.T) {
	if !canSpill {
		t.Skip("no mmap on this system: the behavior graph stays in memory")
	}
	type run struct {
		name string
		do   func(opts Options) Result
	}
	var runs []run
	for _, c := range liveCorpus {
		runs = append(runs, run{c.config, func(opts Options) Result { return runLive(t, c, opts) }})
	}
	for _, spec := range []string{"Fair", "Unfair"} {
		runs = append(runs, run{"Ring " + spec, func(opts Options) Result { return checkRingOpts(t, 5, spec, opts) }})
	}
	for _, r := range runs {
		for _, workers := range []int{1, 2} {
			// Checked during the search with two workers only (the graph is resolved in parts).
			everies := []time.Duration{-1}
			if workers == 2 {
				everies = append(everies, time.Nanosecond)
			}
			for _, every := range everies {
				name := fmt.Sprintf("%s workers=%d every=%v", r.name, workers, every)
				mem := r.do(Options{Workers: workers, LiveCheckEvery: every, LiveMemory: -1})
				disk := r.do(Options{Workers: workers, LiveCheckEvery: every, LiveMemory: 1, liveChunkWords: 4})
				require.NotNil(t, mem.Temporal, name)
				require.Zero(t, mem.Temporal.Spilled, name)
				require.Positive(t, disk.Temporal.Spilled, name)
				require.Equal(t, mem.Verdict, disk.Verdict, name)
				require.Equal(t, mem.Violated, disk.Violated, name)
				if every > 0 {
					// Whether a check during the search is made at a level depends on how long
					// the earlier checks took (at most a fifth of the run): only the verdict is
					// the same whatever the pace.
					continue
				}
				require.Equal(t, [4]int64{mem.Generated, mem.Distinct, int64(mem.Depth), mem.Left}, [4]int64{disk.Generated, disk.Distinct, int64(disk.Depth), disk.Left}, name)
				require.Equal(t, traceLines(mem), traceLines(disk), name)
				require.Equal(t, mem.Lasso, disk.Lasso, name)
			}
		}
	}
}

// TestFPIndex: the behavior graph's index finds every fingerprint added, with its number, and
// no other, as a map does; fingerprints are drawn from a small range too, so that they collide
// in the table.
func TestFPIndex(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var x fpIndex
		defer x.release()
		want := map[uint64]int32{}
		gen := rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 64), rapid.Uint64Range(1<<63, 1<<63+64))
		for _, fp := range rapid.SliceOfNDistinct(gen, 0, 3000, rapid.ID).Draw(t, "fps") {
			id := int32(len(want))
			require.NoError(t, x.add(fp, id))
			want[fp] = id
		}
		for fp, id := range want {
			got, ok := x.get(fp)
			if !ok || got != id {
				t.Fatalf("fingerprint %d: got %d, %v; want %d", fp, got, ok, id)
			}
		}
		for _, fp := range rapid.SliceOf(gen).Draw(t, "probes") {
			if _, in := want[fp]; !in {
				if got, ok := x.get(fp); ok {
					t.Fatalf("fingerprint %d was never added, found as %d", fp, got)
				}
			}
		}
	})
}
