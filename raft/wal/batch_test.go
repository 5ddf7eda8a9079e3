package wal_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// An installed snapshot replaces the whole log, even where the log holds its last entry with
// its term, and a segment cut right after it starts where the new log ends: a follower that
// installs a snapshot below its stale last index and then fills a segment must recover (the
// live state must not keep the stale last index for the next segment's header).
//
// Tests RAFT-WAL-3.
func TestInstalledSnapshotReplacesTheLog(t *testing.T) {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	require.NoError(t, err)
	require.NoError(t, w.Save(raft.HardState{Term: 2}, ents(2, 1, 20)))
	snap := &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 10, Term: 2}, ConfState: raft.ConfState{Voters: []uint64{1, 2}}, Data: []byte("at 10")}
	require.NoError(t, w.SaveBatch(wal.Batch{Snapshot: snap, HardState: raft.HardState{Term: 3, Commit: 10}}))
	require.NoError(t, w.Sync())
	require.ErrorContains(t, w.Save(raft.HardState{}, ents(3, 21, 21)), "does not follow")
	require.NoError(t, w.Close())
	w, st, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	require.NoError(t, err)
	require.Empty(t, st.Entries, "the installed snapshot replaced entries 11..20")
	// Entries 11.. of term 3 fill several segments.
	for i := uint64(11); i <= 40; i += 2 {
		require.NoError(t, w.Save(raft.HardState{}, ents(3, i, i+1)))
		require.NoError(t, w.Sync())
	}
	require.Greater(t, len(w.Segments()), 2)
	require.NoError(t, w.Close())
	w, st, err = wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	require.NoError(t, err)
	require.Equal(t, snap, st.Snapshot)
	require.Equal(t, ents(3, 11, 40), st.Entries)
	require.Equal(t, raft.HardState{Term: 3, Commit: 10}, st.HardState)
	require.ErrorContains(t, w.Save(raft.HardState{}, ents(3, 43, 43)), "does not follow")
	require.ErrorContains(t, w.SaveBatch(wal.Batch{Snapshot: snap}), "not newer")
}

// Trace records are recovered exactly with their batches: a batch that was flushed survives
// the process, one only saved does not, and a trace-only batch is a batch too.
func TestTraceRecordsFollowTheirBatches(t *testing.T) {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 4096})
	require.NoError(t, err)
	tr := func(s ...string) [][]byte {
		var out [][]byte
		for _, x := range s {
			out = append(out, []byte(x))
		}
		return out
	}
	require.NoError(t, w.SaveBatch(wal.Batch{HardState: raft.HardState{Term: 1}, Entries: ents(1, 1, 2), Trace: tr("a", "b")}))
	require.NoError(t, w.Sync())
	require.NoError(t, w.SaveBatch(wal.Batch{Trace: tr("c")}))
	require.NoError(t, w.Flush())
	require.NoError(t, w.SaveBatch(wal.Batch{Entries: ents(1, 3, 3), Trace: tr("d")}))
	// A killed process: what was written (synced or flushed) is in the kernel, the rest is not.
	killed := fsys.RebootPrefix(len(fsys.Pending()), 0)
	_, st, err := wal.Open("/n", wal.Options{FS: killed, SegmentSize: 4096, ReadTrace: true})
	require.NoError(t, err)
	require.Equal(t, tr("a", "b", "c"), st.Trace)
	require.Equal(t, ents(1, 1, 2), st.Entries)
	// Without ReadTrace nothing is kept.
	_, st, err = wal.Open("/n", wal.Options{FS: killed.RebootDropUnsynced(), SegmentSize: 4096})
	require.NoError(t, err)
	require.Nil(t, st.Trace)
	require.Equal(t, ents(1, 1, 2), st.Entries)
	// A machine failure keeps only what was synced.
	_, st, err = wal.Open("/n", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: 4096, ReadTrace: true})
	require.NoError(t, err)
	require.Equal(t, tr("a", "b"), st.Trace)
}

// Release refuses to delete segments that only an unsynced snapshot marker covers: a crash
// would leave a log that starts after entries no durable snapshot holds.
func TestReleaseWaitsForADurableMarker(t *testing.T) {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	require.NoError(t, err)
	for i := uint64(1); i <= 30; i += 5 {
		require.NoError(t, w.Save(raft.HardState{Term: 1}, ents(1, i, i+4)))
	}
	snap := &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 40, Term: 2}, Data: []byte("s")}
	require.NoError(t, w.SaveBatch(wal.Batch{Snapshot: snap, HardState: raft.HardState{Term: 2, Commit: 40}}))
	require.ErrorContains(t, w.Release(40), "beyond the durable snapshot")
	require.NoError(t, w.Sync())
	n := len(w.Segments())
	require.NoError(t, w.Release(40))
	require.Less(t, len(w.Segments()), n)
	require.NoError(t, w.Close())
	_, st, err := wal.Open("/n", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: 300})
	require.NoError(t, err)
	require.Equal(t, snap, st.Snapshot)
	require.Empty(t, st.Entries)
}
