package wal_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
)

// BenchmarkRecover measures Open on a log of 1,000,000 entries of 128 bytes with a snapshot
// at 900,000, on the real file system: "released" after Release(900000) deleted the older
// segments, as a node does after a snapshot; "kept" with every segment still there, so that
// replay reads and skips the first 900,000 entries. It reports the time per Open, the bytes
// allocated by one Open, and the live heap while the recovered state is held.
func BenchmarkRecover(b *testing.B) {
	for _, release := range []bool{true, false} {
		name := "kept"
		if release {
			name = "released"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			buildLog(b, dir, 1_000_000, 900_000, release)
			var st *wal.State
			var ms0, ms1 runtime.MemStats
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				st = nil
				runtime.GC()
				runtime.ReadMemStats(&ms0)
				w, s, err := wal.Open(dir, wal.Options{})
				if err != nil {
					b.Fatal(err)
				}
				runtime.ReadMemStats(&ms1)
				st = s
				w.Close()
			}
			elapsed := time.Since(start) / time.Duration(b.N)
			b.StopTimer()
			if len(st.Entries) != 100_000 || st.Snapshot == nil || st.Snapshot.Index != 900_000 {
				b.Fatalf("recovered %d entries after snapshot %+v", len(st.Entries), st.Snapshot)
			}
			runtime.GC()
			var live runtime.MemStats
			runtime.ReadMemStats(&live)
			b.ReportMetric(float64(elapsed.Milliseconds()), "ms/open")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/(1<<20), "MiB-allocated/open")
			b.ReportMetric(float64(live.HeapAlloc)/(1<<20), "MiB-live")
			b.ReportMetric(0, "ns/op")
			runtime.KeepAlive(st)
		})
	}
}

func buildLog(b *testing.B, dir string, n, snapAt uint64, release bool) {
	w, _, err := wal.Open(dir, wal.Options{})
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 128)
	batch := make([]raft.Entry, 0, 1000)
	for i := uint64(1); i <= n; i++ {
		batch = append(batch, raft.Entry{Term: 1, Index: i, Data: data})
		if len(batch) == cap(batch) {
			if err := w.Save(raft.HardState{Term: 1, Vote: 1, Commit: i}, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
		if i == snapAt {
			if err := w.SaveSnapshot(&wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: snapAt, Term: 1},
				ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: make([]byte, 1<<20)}); err != nil {
				b.Fatal(err)
			}
			if release {
				if err := w.Release(snapAt); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if testing.Verbose() {
		ents, _ := os.ReadDir(dir + "/wal")
		fmt.Fprintf(os.Stderr, "built %d entries, %d segments\n", n, len(ents))
	}
}

// BenchmarkRecoverFreshSegment measures Open of a log of one entry in a preallocated segment
// of the default size: what every restart of a young node pays. Recovery checks that the
// preallocated tail is all zeros (unwritten, not damaged), so this is the cost of reading and
// checking 64 MiB.
func BenchmarkRecoverFreshSegment(b *testing.B) {
	dir := b.TempDir()
	w, _, err := wal.Open(dir, wal.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := w.Save(raft.HardState{Term: 1, Vote: 1, Commit: 1}, []raft.Entry{{Term: 1, Index: 1, Data: []byte("x")}}); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w, st, err := wal.Open(dir, wal.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(st.Entries) != 1 {
			b.Fatalf("recovered %d entries", len(st.Entries))
		}
		w.Close()
	}
}
