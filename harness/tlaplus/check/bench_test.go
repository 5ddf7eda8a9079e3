package check

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// countersCounts are the hand-worked counts of testdata/bench/Counters.tla with counters modulo
// n (see the module's comment): n^3 distinct states, each with three successors, plus the
// initial state counted as generated; depth 3(n-1)+1, the initial state being depth 1.
func countersCounts(n int64) (generated, distinct int64, depth int) {
	return 3*n*n*n + 1, n * n * n, int(3*(n-1) + 1)
}

// checkCounters checks testdata/bench/Counters.tla with the configuration src and fails unless
// the run completes with the hand-worked counts for n.
func checkCounters(tb testing.TB, src string, n int64, workers int) Result {
	tb.Helper()
	conf, err := cfg.Parse("Counters.cfg", src)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := Check(context.Background(), filepath.Join("testdata", "bench", "Counters.tla"), conf, Options{Workers: workers})
	if err != nil {
		tb.Fatal(err)
	}
	gen, dist, depth := countersCounts(n)
	if res.Verdict != OK || res.Generated != gen || res.Distinct != dist || res.Depth != depth || res.Left != 0 {
		tb.Fatalf("N = %d, %d workers: %s, %d generated, %d distinct, depth %d, %d left; want ok, %d generated, %d distinct, depth %d, 0 left",
			n, workers, res.Verdict, res.Generated, res.Distinct, res.Depth, res.Left, gen, dist, depth)
	}
	return res
}

// TestCountersHandCount keeps BenchmarkSimpleSpec's spec honest in every go test run: small
// instances of it have the hand-worked counts (N = 2: 8 distinct, 25 generated, depth 4; N = 5:
// 125 distinct, 376 generated, depth 13), and Counters.cfg is the N = 100 the benchmark expects.
func TestCountersHandCount(t *testing.T) {
	for _, tc := range []struct {
		n         int64
		gen, dist int64
		depth     int
	}{{2, 25, 8, 4}, {5, 376, 125, 13}, {100, 3_000_001, 1_000_000, 298}} {
		gen, dist, depth := countersCounts(tc.n)
		if gen != tc.gen || dist != tc.dist || depth != tc.depth {
			t.Fatalf("countersCounts(%d) = %d, %d, %d; want %d, %d, %d", tc.n, gen, dist, depth, tc.gen, tc.dist, tc.depth)
		}
	}
	for _, workers := range []int{1, 2} {
		checkCounters(t, "CONSTANT N = 2\nSPECIFICATION Spec\nINVARIANT Inv\n", 2, workers)
		checkCounters(t, "CONSTANT N = 5\nSPECIFICATION Spec\nINVARIANT Inv\n", 5, workers)
	}
	conf, err := cfg.ParseFile(filepath.Join("testdata", "bench", "Counters.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	if len(conf.Constants) != 1 || conf.Constants[0].Name.Name != "N" || conf.Constants[0].Kind != cfg.Assign || conf.Constants[0].Value.String() != "100" {
		t.Fatalf("testdata/bench/Counters.cfg should set N = 100, the instance BenchmarkSimpleSpec expects: %+v", conf.Constants)
	}
}

// BenchmarkSimpleSpec measures the checker's throughput on a simple spec, three counters modulo
// 100 (testdata/bench/Counters.tla: 1,000,000 distinct states, 3,000,001 generated, depth 298,
// levels up to 7,500 states wide), run to completion with 1 and 2 workers. It reports generated
// and distinct states per second, comparable to TLC's figure for a simple spec, and fails unless
// the hand-worked counts are found. A run takes a few seconds per worker count:
//
//	go test -run XXX -bench SimpleSpec -benchtime=1x ./harness/tlaplus/check
func BenchmarkSimpleSpec(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "bench", "Counters.cfg"))
	if err != nil {
		b.Fatal(err)
	}
	throughput(b, func(workers int) Result { return checkCounters(b, string(src), 100, workers) })
}

// benchModels are the models BenchmarkModels runs by default: the ones issue #19 compares with
// TLC (single-worker distinct states per second, and how two workers scale).
var benchModels = []string{"MCRaft.cfg", "MCPaxos.cfg", "MCMultiPaxos.cfg"}

// BenchmarkModels measures the checker's throughput on models of the repository's manifest
// (tla/models.json), each run to completion with 1 and 2 workers as sub-benchmarks named after
// the model: MCRaft (781,826 generated), MCPaxos (6,261,852) and MCMultiPaxos (20,712,202,
// under its SYMMETRY group). It reports generated and distinct states per second of the runs'
// own elapsed time and fails unless the manifest's counts are found. DSREF_BENCH_CONFIG names
// other models of the manifest instead (comma-separated; MCRaftFaults.cfg is the largest),
// DSREF_BENCH_SECONDS stops each run after that many seconds instead of at completion (the
// counts are then not compared), and DSREF_BENCH_DIR points at another copy of the tla/ folder.
// MCPaxos and MCMultiPaxos take minutes; to compare two builds, run them interleaved and quote
// medians:
//
//	go test -run XXX -bench 'Models/MCRaft' -benchtime=1x -count=5 ./harness/tlaplus/check
func BenchmarkModels(b *testing.B) {
	bm := benchManifest(b)
	for _, config := range bm.configs {
		b.Run(strings.TrimSuffix(config, ".cfg"), func(b *testing.B) {
			throughput(b, func(workers int) Result { return bm.run(b, config, workers) })
		})
	}
}

// BenchmarkScaling measures how the search scales from 1 to 2 workers on the models of
// BenchmarkModels (and its environment variables): each iteration runs a model to completion
// with 1 worker and with 2, and the benchmark reports both runs' distinct states per second of
// elapsed time and the median over the iterations of their ratio. It needs a quiet machine: 2
// workers only run faster when both cores are free. One command runs it all, about a quarter of
// an hour on 2 idle cores:
//
//	go test -run XXX -bench Scaling -benchtime=1x -timeout 2h ./harness/tlaplus/check
//
// The runs are made as `dsref check -workers n` makes them (see asDsrefCheck): the collector's
// GOGC is 400 and 2 workers on 2 processors get a third, for the collector (GOMAXPROCS set in
// the environment, or GOGC, is kept instead). Before the measured runs of a model, one run of it
// with 2 workers is made and not measured (DSREF_BENCH_WARMUP=0: none): the first run in the
// process grows the heap from nothing, which the runs after it find mapped already, so the
// 1-worker run, made first, was the slower for it (MCRaft: a 2.79x "speedup" on one machine).
// The iterations alternate the order of the two runs (1 then 2 workers, then 2 then 1), so an
// even -benchtime counts each order as often.
func BenchmarkScaling(b *testing.B) {
	bm := benchManifest(b)
	defer asDsrefCheck()()
	warmed := map[string]bool{}
	for _, config := range bm.configs {
		b.Run(strings.TrimSuffix(config, ".cfg"), func(b *testing.B) {
			if !warmed[config] && os.Getenv("DSREF_BENCH_WARMUP") != "0" {
				warmed[config] = true
				restore := workerProcs(2)
				res := bm.run(b, config, 2)
				restore()
				b.Logf("%s: warm-up run with 2 workers, not measured: %s", config, res.Elapsed.Round(time.Millisecond))
			}
			var rate, cpu, gc, procs, idle, serial [3]float64
			var ratios []float64
			for i := range b.N {
				var r [3]float64
				order := []int{1, 2}
				if i%2 == 1 {
					order = []int{2, 1}
				}
				for _, workers := range order {
					restore := workerProcs(workers)
					procs[workers] = float64(runtime.GOMAXPROCS(0))
					runtime.GC()
					c0 := cpuTime()
					p0, g0 := procTime()
					var t searchTiming
					res := bm.runTimed(b, config, workers, &t)
					c1 := cpuTime()
					p1, g1 := procTime()
					restore()
					r[workers] = float64(res.Distinct) / res.Elapsed.Seconds()
					rate[workers] += r[workers] / float64(b.N)
					cpu[workers] += (c1 - c0).Seconds() / float64(max(res.Distinct, 1)) / float64(b.N)
					gc[workers] += (g1 - g0) / max(p1-p0, 1e-9) / float64(b.N)
					if t.total > 0 {
						idle[workers] += t.idle.Seconds() / (float64(workers) * t.total.Seconds()) / float64(b.N)
						serial[workers] += (t.total - t.wall).Seconds() / t.total.Seconds() / float64(b.N)
					}
				}
				ratios = append(ratios, r[2]/r[1])
			}
			slices.Sort(ratios)
			b.ReportMetric(rate[1], "distinct/s-1w")
			b.ReportMetric(rate[2], "distinct/s-2w")
			b.ReportMetric(ratios[len(ratios)/2], "speedup-2w")
			b.ReportMetric(procs[2], "gomaxprocs-2w")
			// What limits the speedup when both cores are free: the CPU (user and system) two
			// workers spend per distinct state more than one (cpu-2w/1w), and the garbage
			// collector's share of the runtime's processor time (gc-%), which one worker gets from
			// the idle second core and two workers take from each other.
			if cpu[1] > 0 {
				b.ReportMetric(cpu[2]/cpu[1], "cpu-2w/1w")
				b.ReportMetric(100*gc[1], "gc-%-1w")
				b.ReportMetric(100*gc[2], "gc-%-2w")
			}
			// Where the two workers' elapsed time went besides expanding states: waiting at the
			// end of a level for the other worker's last chunk (idle-%-2w, of both workers'
			// time), and merging a level's new states, one goroutine working (serial-%-2w, of
			// the search's time; see searchTiming).
			b.ReportMetric(100*idle[2], "idle-%-2w")
			b.ReportMetric(100*serial[2], "serial-%-2w")
		})
	}
}

// asDsrefCheck sets the collector's GOGC to dsref check's 400 (cmd/dsref's collectLessOften)
// unless GOGC is set, and returns the function restoring it.
func asDsrefCheck() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// workerProcs sets GOMAXPROCS for a run with workers as dsref check does (CollectorProcs), and
// returns the function restoring it.
func workerProcs(workers int) (restore func()) {
	old := runtime.GOMAXPROCS(0)
	if n := CollectorProcs(workers, old, os.Getenv("GOMAXPROCS")); n != old {
		runtime.GOMAXPROCS(n)
	}
	return func() { runtime.GOMAXPROCS(old) }
}

// benchModelSet is the manifest and the models the throughput benchmarks run (see
// BenchmarkModels for the environment variables choosing them).
type benchModelSet struct {
	dir      string
	manifest *Manifest
	configs  []string
	timeout  time.Duration
}

func benchManifest(b *testing.B) *benchModelSet {
	bm := &benchModelSet{dir: filepath.Join("..", "..", "..", "tla"), configs: benchModels}
	if d := os.Getenv("DSREF_BENCH_DIR"); d != "" {
		bm.dir = d
	}
	if c := os.Getenv("DSREF_BENCH_CONFIG"); c != "" {
		bm.configs = strings.Split(c, ",")
	}
	m, err := ReadManifest(filepath.Join(bm.dir, "models.json"))
	if err != nil {
		b.Fatal(err)
	}
	bm.manifest = m
	if s := os.Getenv("DSREF_BENCH_SECONDS"); s != "" {
		secs, err := strconv.Atoi(s)
		if err != nil || secs <= 0 {
			b.Fatalf("DSREF_BENCH_SECONDS=%q: want a positive number of seconds", s)
		}
		bm.timeout = time.Duration(secs) * time.Second
	}
	for _, config := range bm.configs {
		if bm.entry(config) == nil {
			b.Fatalf("%s is not in %s", config, filepath.Join(bm.dir, "models.json"))
		}
	}
	return bm
}

func (bm *benchModelSet) entry(config string) *ManifestEntry {
	for i := range bm.manifest.Models {
		if bm.manifest.Models[i].Config == config {
			return &bm.manifest.Models[i]
		}
	}
	return nil
}

// run checks config with workers, to completion (and then with the manifest's counts) unless
// the set has a timeout.
func (bm *benchModelSet) run(b *testing.B, config string, workers int) Result {
	return bm.runTimed(b, config, workers, nil)
}

// runTimed is run, accumulating in t (if not nil) where the search's time went.
func (bm *benchModelSet) runTimed(b *testing.B, config string, workers int, t *searchTiming) Result {
	entry := bm.entry(config)
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if bm.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, bm.timeout)
	}
	defer cancel()
	res, err := entry.Run(ctx, bm.dir, Options{Workers: workers, timing: t})
	switch {
	case bm.timeout > 0 && errors.Is(err, context.DeadlineExceeded):
	case err != nil:
		b.Fatal(err)
	case entry.Distinct > 0:
		if err := entry.Compare(res); err != nil {
			b.Fatalf("%s: %v", config, err)
		}
	}
	return res
}

// BenchmarkEngine measures the search engine alone, on a model written in Go (a 300x300 grid:
// 90,000 states, 179,401 generated), with 1 and 2 workers: the checker's own overhead per state
// without the TLA+ evaluator.
func BenchmarkEngine(b *testing.B) {
	off := false
	throughput(b, func(workers int) Result {
		res, err := explore(context.Background(), grid(300), true, Options{Workers: workers, Deadlock: &off})
		if err != nil {
			b.Fatal(err)
		}
		return res
	})
}

// throughput runs check b.N times with 1 and then 2 workers, as sub-benchmarks, and reports the
// states generated and distinct states found per second of the runs' own elapsed time, and per
// second of CPU time the process used meanwhile (user and system, all goroutines): on a shared,
// loaded machine elapsed time says little, while CPU time per state still compares two builds.
// It also reports the memory a run needs per distinct state: the largest heap of live and
// not yet collected objects seen during the run (sampled every 20 ms, see sampleHeap), less
// the heap before it, divided by the distinct states. It includes garbage awaiting collection,
// as the process's footprint does (GOGC sets how much). And it reports the heap objects and
// bytes allocated per generated state (allocs/generated, B/generated; see allocated).
func throughput(b *testing.B, check func(workers int) Result) {
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			var gen, dist int64
			var elapsed, cpu time.Duration
			var peak, objs, bytes uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				base := heapBytes()
				stop := sampleHeap()
				o0, b0 := allocated()
				before := cpuTime()
				res := check(workers)
				cpu += cpuTime() - before
				o1, b1 := allocated()
				objs, bytes = objs+o1-o0, bytes+b1-b0
				if p := stop(); p > base {
					peak = max(peak, p-base)
				}
				gen += res.Generated
				dist += res.Distinct
				elapsed += res.Elapsed
			}
			b.ReportMetric(float64(gen)/elapsed.Seconds(), "generated/s")
			b.ReportMetric(float64(dist)/elapsed.Seconds(), "distinct/s")
			b.ReportMetric(float64(dist)/cpu.Seconds(), "distinct/cpu-s")
			if dist > 0 {
				b.ReportMetric(float64(peak)/(float64(dist)/float64(b.N)), "peak-heap-B/distinct")
			}
			if gen > 0 {
				b.ReportMetric(float64(objs)/float64(gen), "allocs/generated")
				b.ReportMetric(float64(bytes)/float64(gen), "B/generated")
			}
		})
	}
}

// procTime returns the processor time the runtime has accounted so far to Go code and the
// garbage collector together, and to the collector alone (runtime/metrics /cpu/classes/user and
// /cpu/classes/gc/total, which counts marking on otherwise idle processors), in seconds: the
// collector's share of a run is the ratio of the differences, which a loaded machine, stretching
// both alike, leaves about right.
func procTime() (busy, gc float64) {
	s := []metrics.Sample{{Name: "/cpu/classes/user:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64() + s[1].Value.Float64(), s[1].Value.Float64()
}

// allocated returns the objects and bytes the process has allocated on the heap so far
// (runtime/metrics /gc/heap/allocs), the run's own allocation being the difference: the
// allocations per generated state are what the collector has to keep up with, and on a loaded
// machine they compare two builds where elapsed time cannot.
func allocated() (objects, bytes uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// heapBytes returns the bytes of heap objects, live or awaiting collection.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap samples heapBytes every 20 ms until the returned function is called, which returns
// the largest sample.
func sampleHeap() (stop func() uint64) {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		p := heapBytes()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p = max(p, heapBytes())
			case <-done:
				peak <- max(p, heapBytes())
				return
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-peak
	}
}
