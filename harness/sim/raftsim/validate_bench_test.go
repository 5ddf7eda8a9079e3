package raftsim

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/tla"
)

// longTrace returns the first events lines (after the header) of the trace of a 5-node run with
// a fault phase long enough to produce them: a prefix of a behavior is a behavior.
func longTrace(b testing.TB, nodes, events int) []byte {
	b.Helper()
	var buf bytes.Buffer
	phase := time.Duration(events/150+5) * time.Second
	res, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: 1, Trace: &buf}, FaultPhase: phase})
	if err != nil {
		b.Fatal(err)
	}
	if res.Failure != nil {
		b.Fatal(res.Report())
	}
	data := buf.Bytes()
	end := 0
	for k := 0; k <= events; k++ {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			b.Fatalf("the run wrote %d events, not %d", k-1, events)
		}
		end += i + 1
	}
	return data[:end]
}

// BenchmarkValidateRaftTrace validates prefixes of 1,000 to 10,000 events of a 5-node raft run
// with faults against tla/TraceRaft.tla and reports the cost per event (which must not grow
// with the length: the validator's work per event depends on the frontier, not on the prefix),
// the peak frontier and the states generated per event.
func BenchmarkValidateRaftTrace(b *testing.B) {
	full := longTrace(b, 5, 10000)
	for _, n := range []int{1000, 2500, 5000, 10000} {
		data := full
		if n < 10000 {
			data = prefix(full, n)
		}
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			var res *trace.Result
			var err error
			for i := 0; i < b.N; i++ {
				res, err = trace.ValidateBytes(context.Background(), "raft.ndjson", data, trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS, Reuse: true})
				if err != nil {
					b.Fatal(err)
				}
				if !res.OK() {
					b.Fatalf("not a behavior: line %d: %s", res.Failure.Line, res.Failure.Reason)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
			b.ReportMetric(float64(res.PeakFrontier), "peak-frontier")
			b.ReportMetric(float64(res.States)/float64(n), "states/event")
		})
	}
}

func prefix(data []byte, events int) []byte {
	end := 0
	for k := 0; k <= events; k++ {
		end += bytes.IndexByte(data[end:], '\n') + 1
	}
	return data[:end]
}

// BenchmarkSweepValidation measures what validating every seed's trace adds to the go test
// sweep (simtest.RequireSeedsPass with DSREF_SIM_VALIDATE=all against the default sweep, which
// records no trace): each iteration takes the next seed and, interleaved on 3 and 5 nodes, runs
// it without a trace, then with its trace recorded, then validates that trace. It reports the
// median per seed of each and the ratio of a validated seed's time (run with trace plus
// validation) to the plain run's, which issue #14 wants at most 2.
func BenchmarkSweepValidation(b *testing.B) {
	var plain, traced, valid []time.Duration
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		seed := uint64(i + 1)
		for _, nodes := range []int{3, 5} {
			opts := sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 30}
			start := time.Now()
			if _, err := sim.Run(Protocol{}, opts); err != nil {
				b.Fatal(err)
			}
			plain = append(plain, time.Since(start))

			buf.Reset()
			opts.Trace = &buf
			start = time.Now()
			if _, err := sim.Run(Protocol{}, opts); err != nil {
				b.Fatal(err)
			}
			traced = append(traced, time.Since(start))

			start = time.Now()
			res, err := trace.ValidateBytes(context.Background(), "seed.ndjson", buf.Bytes(), trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS, Reuse: true})
			if err != nil {
				b.Fatal(err)
			}
			if !res.OK() {
				b.Fatalf("seed %d, %d nodes: line %d: %s", seed, nodes, res.Failure.Line, res.Failure.Reason)
			}
			valid = append(valid, time.Since(start))
		}
	}
	mp, mt, mv := median(plain), median(traced), median(valid)
	b.ReportMetric(float64(mp.Microseconds()), "µs/plain-run")
	b.ReportMetric(float64(mt.Microseconds()), "µs/traced-run")
	b.ReportMetric(float64(mv.Microseconds()), "µs/validation")
	b.ReportMetric(float64(mt+mv)/float64(mp), "validated/plain")
	var sp, st time.Duration
	for k := range plain {
		sp += plain[k]
		st += traced[k] + valid[k]
	}
	b.ReportMetric(float64(st)/float64(sp), "sum-validated/sum-plain")
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
