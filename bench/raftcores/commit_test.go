package raftcores

import (
	"bytes"
	"os"
	"testing"

	"github.com/dsref/dsref/bench/raftcores/driver"
)

// TestCommit checks the dsref and hashicorp drivers: every shape commits on all three nodes.
func TestCommit(t *testing.T) {
	for _, shape := range driver.Shapes {
		c, err := driver.NewCluster(Dsref{})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Commit(shape, 1000); err != nil {
			t.Fatalf("dsref %v: %v", shape, err)
		}
		if got := c.AppliedOnAll(); got != 1000 {
			t.Fatalf("dsref %v: %d applied on all nodes, want 1000", shape, got)
		}
		h, err := NewHashicorp()
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Commit(shape, 300); err != nil {
			t.Fatalf("hashicorp %v: %v", shape, err)
		}
		h.mu.Lock()
		got := h.appliedOnAll()
		h.mu.Unlock()
		h.Close()
		if got != 300 {
			t.Fatalf("hashicorp %v: %d applied on all nodes, want 300", shape, got)
		}
	}
}

// TestEtcdBenchmarksAreIdentical keeps the two etcd modules' benchmark files the same: they differ only in
// the version of go.etcd.io/raft/v3 their go.mod requires.
func TestEtcdBenchmarksAreIdentical(t *testing.T) {
	for _, f := range []string{"bench_test.go", "quorum_test.go"} {
		a, err := os.ReadFile("../etcd36/" + f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile("../etcd37/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("bench/etcd36/%s and bench/etcd37/%s differ", f, f)
		}
	}
}
