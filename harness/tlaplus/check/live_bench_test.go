package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// ringCounts are the hand-worked counts of testdata/bench/Ring.tla for n processes: n token
// positions times 3 states of the holder times 2 of every other process; every state has one
// Request per idle process plus one action of the holder, which sums, for one token position,
// to 2^(n-1) (idle holder) + 3(n-1)2^(n-2) (idle others) + 3 * 2^(n-1) (the holder's action):
// 2^(n-2)(3n+5); plus the initial state.
func ringCounts(n int64) (generated, distinct int64) {
	return n*(1<<(n-2))*(3*n+5) + 1, n * 3 * (1 << (n - 1))
}

// checkRing checks testdata/bench/Ring.tla with n processes, with the temporal property Served
// (under spec Fair or Unfair) or without it, and fails unless the hand-worked counts are found.
func checkRing(tb testing.TB, n int64, spec string, live bool, workers int) Result {
	tb.Helper()
	if !live {
		return checkRingConfig(tb, n, spec, "", Options{Workers: workers})
	}
	return checkRingOpts(tb, n, spec, Options{Workers: workers})
}

// checkRingOpts checks Ring.tla with the property Served with opts.
func checkRingOpts(tb testing.TB, n int64, spec string, opts Options) Result {
	tb.Helper()
	return checkRingConfig(tb, n, spec, "PROPERTY Served\n", opts)
}

// checkRingProp checks Ring.tla with property prop (Served or Visits) with opts.
func checkRingProp(tb testing.TB, n int64, spec, prop string, opts Options) Result {
	tb.Helper()
	return checkRingConfig(tb, n, spec, "PROPERTY "+prop+"\n", opts)
}

func checkRingConfig(tb testing.TB, n int64, spec, extra string, opts Options) Result {
	tb.Helper()
	src := fmt.Sprintf("CONSTANT N = %d\nSPECIFICATION %s\nINVARIANT Mutex\n", n, spec) + extra
	conf, err := cfg.Parse("Ring.cfg", src)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := Check(context.Background(), filepath.Join("testdata", "bench", "Ring.tla"), conf, opts)
	if err != nil {
		tb.Fatal(err)
	}
	gen, dist := ringCounts(n)
	if res.Verdict == OK && (res.Generated != gen || res.Distinct != dist) {
		tb.Fatalf("Ring N = %d: %d generated, %d distinct; want %d, %d", n, res.Generated, res.Distinct, gen, dist)
	}
	return res
}

// TestRingHandCount keeps BenchmarkLiveness's spec honest: its counts for small N, the verdict
// of Served under fairness and without the fairness of Enter (a planted bug the check must
// catch), with one and two workers.
//
// Visits, the same verdicts without a tableau, likewise, and Served0 and Visits0 (one branch).
func TestRingHandCount(t *testing.T) {
	for _, workers := range []int{1, 2} {
		for _, n := range []int64{2, 3, 4} {
			for _, prop := range []string{"Served", "Visits", "Served0", "Visits0"} {
				res := checkRingProp(t, n, "Fair", prop, Options{Workers: workers})
				if res.Verdict != OK {
					t.Fatalf("Ring N = %d, %s: %v %s", n, prop, res.Verdict, res.Violated)
				}
				res = checkRingProp(t, n, "Unfair", prop, Options{Workers: workers})
				if res.Verdict != LivenessViolated || res.Violated != prop {
					t.Fatalf("Ring N = %d without fairness of Enter: %v %q, want %s violated", n, res.Verdict, res.Violated, prop)
				}
			}
		}
	}
}

// BenchmarkLiveness measures checking a temporal property against checking safety alone, on
// testdata/bench/Ring.tla (N = 10 by default, DSREF_BENCH_RING=n for another size: 15,360
// distinct states for 10, 73,728 for 12, 344,064 for 14), with 1 and 2 workers. Sub-benchmarks
// safety/workers=W run without the property, liveness/workers=W with it; liveness reports the
// seconds spent after the search on the temporal properties (temporal-s, wall clock;
// temporal-cpu-s, the process's CPU time meanwhile) besides the run's total. The property is
// Served (N branches, each with a tableau), or Visits with DSREF_BENCH_PROP=Visits (N branches
// without one), or Served0 or Visits0 (one branch of each). Run them interleaved and quote medians:
//
//	go test -run XXX -bench Liveness -benchtime=1x -count=5 ./harness/tlaplus/check
func BenchmarkLiveness(b *testing.B) {
	n := int64(10)
	prop := "Served"
	if p := os.Getenv("DSREF_BENCH_PROP"); p != "" {
		if !slices.Contains([]string{"Served", "Visits", "Served0", "Visits0"}, p) {
			b.Fatalf("DSREF_BENCH_PROP=%q: want Served, Visits, Served0 or Visits0", p)
		}
		prop = p
	}
	if s := os.Getenv("DSREF_BENCH_RING"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 2 || v > 20 {
			b.Fatalf("DSREF_BENCH_RING=%q: want a number of processes from 2 to 20", s)
		}
		n = v
	}
	for _, workers := range []int{1, 2} {
		for _, live := range []bool{false, true} {
			name := fmt.Sprintf("safety/workers=%d", workers)
			if live {
				name = fmt.Sprintf("liveness/workers=%d", workers)
			}
			b.Run(name, func(b *testing.B) {
				var total, temporal, temporalCPU float64
				for i := 0; i < b.N; i++ {
					var res Result
					if live {
						res = checkRingProp(b, n, "Fair", prop, Options{Workers: workers})
					} else {
						res = checkRing(b, n, "Fair", false, workers)
					}
					if res.Verdict != OK {
						b.Fatalf("%v %s", res.Verdict, res.Violated)
					}
					total += res.Elapsed.Seconds()
					if res.Temporal != nil {
						temporal += res.Temporal.Elapsed.Seconds()
						temporalCPU += res.Temporal.CPU.Seconds()
					}
				}
				b.ReportMetric(total/float64(b.N), "run-s")
				if live {
					b.ReportMetric(temporal/float64(b.N), "temporal-s")
					b.ReportMetric(temporalCPU/float64(b.N), "temporal-cpu-s")
				}
			})
		}
	}
}

// BenchmarkLivePrefix measures the finite-prefix tracker (liveprefix.go) on
// testdata/bench/TwoCounters.tla, whose property Prop it runs on each of the 63,001 states;
// PROPERTY Prop and without, so the difference is the property's cost (the behavior graph, the
// tracker and the final check). Counts as worked out in the spec's comment.
//
//	go test -run XXX -bench LivePrefix -benchtime=1x -count=5 -benchmem ./harness/tlaplus/check
func BenchmarkLivePrefix(b *testing.B) {
	for _, prop := range []bool{false, true} {
		name := "safety"
		src := "SPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n"
		if prop {
			name, src = "property", src+"PROPERTY Prop\n"
		}
		b.Run(name, func(b *testing.B) {
			conf, err := cfg.Parse("TwoCounters.cfg", src)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				res, err := Check(context.Background(), filepath.Join("testdata", "bench", "TwoCounters.tla"), conf, Options{Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				if res.Verdict != OK || res.Generated != 125501 || res.Distinct != 63001 || res.Depth != 501 {
					b.Fatalf("%v %s: %d generated, %d distinct, depth %d", res.Verdict, res.Violated, res.Generated, res.Distinct, res.Depth)
				}
			}
		})
	}
}
