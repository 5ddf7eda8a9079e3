package raftcores

import (
	"testing"

	"github.com/dsref/dsref/bench/raftcores/driver"
)

// BenchmarkCommit is dsref's raft through the shared driver, in every shape.
func BenchmarkCommit(b *testing.B) { driver.Benchmark(b, Dsref{}) }

// BenchmarkHashicorp is hashicorp/raft in every shape (see Hashicorp.Commit). One op is one
// proposal applied on all three nodes.
func BenchmarkHashicorp(b *testing.B) {
	for _, shape := range driver.Shapes {
		b.Run(shape.String(), func(b *testing.B) {
			h, err := NewHashicorp()
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			b.ReportAllocs()
			b.ResetTimer()
			if err := h.Commit(shape, b.N); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
		})
	}
}
