package etcd

import (
	"testing"

	"github.com/dsref/dsref/bench/raftcores/driver"
)

// BenchmarkCommit is etcd's raft through the shared driver, in every shape.
func BenchmarkCommit(b *testing.B) { driver.Benchmark(b, Etcd{}) }

// TestCommit checks the adapter: every shape commits on all three nodes.
func TestCommit(t *testing.T) {
	for _, shape := range driver.Shapes {
		c, err := driver.NewCluster(Etcd{})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Commit(shape, 1000); err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		if got := c.AppliedOnAll(); got != 1000 {
			t.Fatalf("%v: %d applied on all nodes, want 1000", shape, got)
		}
	}
}
