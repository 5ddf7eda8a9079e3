package raftsim

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/simtest"
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
// the peak frontier and the states generated per event; cpu-ns/event is the process's CPU time
// over the validations per event (robust to a loaded machine, where the platform reports it).
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
			cpu := simtest.CPUTime()
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
			if cpu := simtest.CPUTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*n), "cpu-ns/event")
			}
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

// BenchmarkSweepValidation: see simtest.BenchmarkSweepValidation.
func BenchmarkSweepValidation(b *testing.B) {
	simtest.BenchmarkSweepValidation(b, Protocol{})
}
