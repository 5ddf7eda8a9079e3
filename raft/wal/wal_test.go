package wal_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

func ents(term, lo, hi uint64) []raft.Entry {
	var out []raft.Entry
	for i := lo; i <= hi; i++ {
		out = append(out, raft.Entry{Term: term, Index: i, Data: []byte(fmt.Sprintf("e%d.%d", term, i))})
	}
	return out
}

func TestSaveAndRecover(t *testing.T) {
	fsys := vfs.NewMem()
	w, st, err := wal.Open("/n1", wal.Options{FS: fsys, SegmentSize: 512})
	require.NoError(t, err)
	require.Empty(t, st.Entries)
	require.NoError(t, w.Save(raft.HardState{Term: 1, Vote: 1}, ents(1, 1, 10)))
	require.NoError(t, w.Save(raft.HardState{Term: 2, Vote: 2, Commit: 5}, ents(2, 8, 12)))
	for i := uint64(13); i <= 30; i += 3 {
		require.NoError(t, w.Save(raft.HardState{}, ents(2, i, i+2)))
	}
	require.NoError(t, w.Sync())
	require.NoError(t, w.Close())
	require.Greater(t, len(w.Segments()), 1, "small segments must have been cut")

	_, st, err = wal.Open("/n1", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: 512})
	require.NoError(t, err)
	require.Nil(t, st.TornTail)
	require.Equal(t, raft.HardState{Term: 2, Vote: 2, Commit: 5}, st.HardState)
	want := append(ents(1, 1, 7), ents(2, 8, 30)...)
	require.Equal(t, want, st.Entries)
}

// Tests RAFT-WAL-3.
func TestSnapshotAndRelease(t *testing.T) {
	fsys := vfs.NewMem()
	opts := wal.Options{FS: fsys, SegmentSize: 400}
	w, _, err := wal.Open("/n", opts)
	require.NoError(t, err)
	for i := uint64(0); i < 10; i++ {
		require.NoError(t, w.Save(raft.HardState{Term: 1, Commit: i * 10}, ents(1, i*10+1, i*10+10)))
	}
	require.NoError(t, w.Sync())
	before := len(w.Segments())
	snap := &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 60, Term: 1}, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: []byte("state@60")}
	require.NoError(t, w.SaveSnapshot(snap))
	require.NoError(t, w.Release(60))
	require.Less(t, len(w.Segments()), before)
	require.NoError(t, w.Save(raft.HardState{Term: 1, Commit: 100}, ents(1, 101, 105)))
	require.NoError(t, w.Close())

	_, st, err := wal.Open("/n", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: 400})
	require.NoError(t, err)
	require.Equal(t, snap, st.Snapshot)
	require.Equal(t, ents(1, 61, 105), st.Entries)
	require.Equal(t, uint64(100), st.HardState.Commit)
}

// A snapshot whose term does not match the log replaces the log (a follower installing the
// leader's snapshot).
func TestSnapshotReplacesConflictingLog(t *testing.T) {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys})
	require.NoError(t, err)
	require.NoError(t, w.Save(raft.HardState{Term: 1}, ents(1, 1, 20)))
	require.NoError(t, w.SaveSnapshot(&wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 10, Term: 3}}))
	require.NoError(t, w.Save(raft.HardState{Term: 3, Commit: 10}, ents(3, 11, 12)))
	require.NoError(t, w.Close())
	_, st, err := wal.Open("/n", wal.Options{FS: fsys})
	require.NoError(t, err)
	require.Equal(t, ents(3, 11, 12), st.Entries)
}

func TestSaveRejectsGaps(t *testing.T) {
	w, _, err := wal.Open("/n", wal.Options{FS: vfs.NewMem()})
	require.NoError(t, err)
	require.NoError(t, w.Save(raft.HardState{Term: 1}, ents(1, 1, 3)))
	require.ErrorContains(t, w.Save(raft.HardState{}, ents(1, 5, 6)), "does not follow")
}

// Tests RAFT-WAL-2.
func TestCorruptionInEarlierSegmentIsAnError(t *testing.T) {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	require.NoError(t, err)
	for i := uint64(0); i < 10; i++ {
		require.NoError(t, w.Save(raft.HardState{Term: 1}, ents(1, i*5+1, i*5+5)))
		require.NoError(t, w.Sync())
	}
	segs := w.Segments()
	require.NoError(t, w.Close())
	require.NoError(t, fsys.FlipBit(segs[1], 120, 3))
	_, _, err = wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	var ce *wal.CorruptionError
	require.True(t, errors.As(err, &ce), "got %v", err)
	require.Equal(t, segs[1], ce.File)
	require.LessOrEqual(t, ce.Offset, int64(120))
}

// TestOpenLocksTheDirectory refuses a second Open of a directory in use, on the real file
// system (flock, released by Close or by the process's death) and in memory.
func TestOpenLocksTheDirectory(t *testing.T) {
	for name, fsys := range map[string]vfs.FS{"os": vfs.OS, "mem": vfs.NewMem()} {
		dir := "/n"
		if name == "os" {
			dir = t.TempDir()
		}
		w, _, err := wal.Open(dir, wal.Options{FS: fsys, SegmentSize: 4096})
		require.NoError(t, err, name)
		_, _, err = wal.Open(dir, wal.Options{FS: fsys, SegmentSize: 4096})
		require.ErrorContains(t, err, "in use by another process", name)
		require.ErrorIs(t, err, vfs.ErrLocked, name)
		require.NoError(t, w.Close())
		w, _, err = wal.Open(dir, wal.Options{FS: fsys, SegmentSize: 4096})
		require.NoError(t, err, name)
		require.NoError(t, w.Close())
	}
}
