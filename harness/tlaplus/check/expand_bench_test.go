package check

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// BenchmarkExpand measures the work per state of a search without the search: for each model
// BenchmarkModels runs, the first 500 states it reaches breadth first are expanded, each successor checked as BFS checks
// it (constraints, fingerprint, step properties; the invariants only on the first iteration, as
// every later one finds the successors stored), once per iteration. It isolates successor generation and checking from queueing, and its iterations
// are short enough to run many times and keep the least, which is what compares two builds on a
// machine too loaded for whole-model timings:
//
//	go test -run XXX -bench Expand -count 10 ./harness/tlaplus/check
func BenchmarkExpand(b *testing.B) {
	for _, config := range benchModels {
		b.Run(strings.TrimSuffix(config, ".cfg"), func(b *testing.B) { benchExpand(b, config) })
	}
}

func benchExpand(b *testing.B, config string) {
	dir := filepath.Join("..", "..", "..", "tla")
	conf, err := cfg.ParseFile(filepath.Join(dir, config))
	if err != nil {
		b.Fatal(err)
	}
	m, err := loadModel(filepath.Join(dir, strings.TrimSuffix(config, ".cfg")+".tla"), conf)
	if err != nil {
		b.Fatal(err)
	}
	w := m.worker()
	var states []State
	seen := map[uint64]bool{}
	add := func(s State) error {
		fp, err := w.fingerprint(s)
		if err != nil {
			return err
		}
		if !seen[fp] && len(states) < 500 {
			seen[fp] = true
			states = append(states, s)
		}
		return nil
	}
	if err := w.initial(add); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(states) && len(states) < 500; i++ {
		if err := w.next(states[i], func(t State, _ int) error { return add(t) }); err != nil {
			b.Fatal(err)
		}
	}
	c := checks{w: w}
	st := seenSet{}
	b.ResetTimer()
	var generated int64
	cpu := cpuTime()
	for range b.N {
		for _, s := range states {
			var ord uint32
			err := w.next(s, func(t State, action int) error {
				ord++
				_, v, err := c.successor(s, t, int32(action), ord, st)
				if err == nil && v.found() {
					b.Fatalf("%s violated", v.name)
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		generated += c.take()
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(generated), "cpu-ns/successor")
	b.ReportMetric(float64(generated)/float64(b.N), "successors/op")
}

// seenSet is a store that keeps fingerprints only.
type seenSet map[uint64]bool

func (s seenSet) add(fp uint64, _ State, _ int32, _ uint32) bool {
	seen := s[fp]
	s[fp] = true
	return seen
}
