package wal_test

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// slowSyncFS makes every file Sync take a while, as a disk does, so that concurrent Syncs
// overlap.
type slowSyncFS struct {
	vfs.FS
	delay time.Duration
}

type slowSyncFile struct {
	vfs.File
	delay time.Duration
}

func (s slowSyncFS) Create(name string) (vfs.File, error) {
	f, err := s.FS.Create(name)
	if err != nil {
		return nil, err
	}
	return slowSyncFile{f, s.delay}, nil
}

func (s slowSyncFS) Open(name string) (vfs.File, error) {
	f, err := s.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return slowSyncFile{f, s.delay}, nil
}

func (f slowSyncFile) Sync() error {
	time.Sleep(f.delay)
	return f.File.Sync()
}

// TestGroupCommit has many goroutines save and sync at once: they share fsyncs, and every
// batch whose Sync returned is recovered.
//
// Tests RAFT-WAL-1.
func TestGroupCommit(t *testing.T) {
	mem := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: slowSyncFS{mem, 2 * time.Millisecond}, SegmentSize: 1 << 16})
	require.NoError(t, err)
	const writers, each = 16, 20
	var mu sync.Mutex // Save needs contiguous indexes: the index is taken under mu
	next := uint64(1)
	var wg sync.WaitGroup
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				mu.Lock()
				e := raft.Entry{Term: 1, Index: next, Data: []byte(fmt.Sprint(next))}
				next++
				err := w.Save(raft.HardState{Term: 1}, []raft.Entry{e})
				mu.Unlock()
				if err == nil {
					err = w.Sync()
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	st := w.Stats()
	require.Equal(t, uint64(writers*each), st.Batches)
	require.Less(t, st.Syncs, st.Batches/2, "concurrent Syncs must share fsyncs: %+v", st)
	require.Positive(t, st.SharedSyncs)
	_, rec, err := wal.Open("/n", wal.Options{FS: mem.RebootDropUnsynced(), SegmentSize: 1 << 16})
	require.NoError(t, err)
	require.Len(t, rec.Entries, writers*each)
}

// BenchmarkAppend measures synced appends of one 128-byte entry on the real file system in
// $DSREF_WAL_BENCH_DIR (default: the test's temporary directory), from several concurrent
// clients: with group commit (each client saves and syncs; concurrent syncs share an fsync)
// and without (an fsync per append, appends serialized). Run them interleaved with -count.
func BenchmarkAppend(b *testing.B) {
	for _, clients := range []int{1, 16, 64} {
		for _, mode := range []string{"group", "serial"} {
			b.Run(fmt.Sprintf("clients=%d/%s", clients, mode), func(b *testing.B) {
				dir := os.Getenv("DSREF_WAL_BENCH_DIR")
				if dir == "" {
					dir = b.TempDir()
				} else {
					var err error
					if dir, err = os.MkdirTemp(dir, "walbench"); err != nil {
						b.Fatal(err)
					}
					defer os.RemoveAll(dir)
				}
				w, _, err := wal.Open(dir, wal.Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer w.Close()
				var mu, serial sync.Mutex
				next := uint64(1)
				data := make([]byte, 128)
				per := b.N/clients + 1
				b.ResetTimer()
				var wg sync.WaitGroup
				for c := 0; c < clients; c++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := 0; i < per; i++ {
							if mode == "serial" {
								serial.Lock()
							}
							mu.Lock()
							err := w.Save(raft.HardState{Term: 1}, []raft.Entry{{Term: 1, Index: next, Data: data}})
							next++
							mu.Unlock()
							if err == nil {
								err = w.Sync()
							}
							if mode == "serial" {
								serial.Unlock()
							}
							if err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				b.StopTimer()
				st := w.Stats()
				b.ReportMetric(float64(st.Batches)/b.Elapsed().Seconds(), "appends/s")
				b.ReportMetric(float64(st.Batches)/float64(max(st.Syncs, 1)), "appends/fsync")
			})
		}
	}
}
