package kv

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A store restored from its snapshot holds the same data and the same sessions: a retried
// session command is still answered from the table, not run again. A damaged snapshot is an
// error naming what is wrong, and leaves the store unchanged.
//
// Tests RAFT-SNAP-2, RAFT-SESSION-2.
func TestStoreSnapshotRestores(t *testing.T) {
	s := NewStore()
	reg, err := s.Apply(1, Command{Op: OpRegister, Time: 1000})
	require.NoError(t, err)
	cas := Command{ClientID: reg.Session, Seq: 1, Time: 1001, Op: OpCAS, Key: "k", OldAbsent: true, Value: "x"}
	_, err = s.Apply(2, cas)
	require.NoError(t, err)
	_, err = s.Apply(3, Command{Op: OpPut, Key: "other", Value: "y", Time: 1002})
	require.NoError(t, err)
	b, err := s.Snapshot()
	require.NoError(t, err)

	r := NewStore()
	require.NoError(t, r.Restore(b, 3))
	require.Equal(t, s.Keys(), r.Keys())
	require.Equal(t, uint64(3), r.Applied())
	again, err := r.Apply(4, cas)
	require.NoError(t, err)
	require.True(t, again.Duplicate, "the session table came with the snapshot")
	require.Equal(t, uint64(2), again.Index)

	for _, bad := range []struct {
		data  string
		index uint64
		want  string
	}{
		{"not json", 3, "snapshot at index 3"},
		{`{"version":9,"applied":3}`, 3, "version 9"},
		{string(b), 4, "taken at index 3"},
		{`{"version":1,"applied":3,"sessions":"AAEC"}`, 3, "session table"},
		{"\x02", 3, "applied index at byte 1"},
		{"\x02\x03\x05ab", 3, "session table at byte 2: 5 bytes, only 2 left"},
		{"\x02\x03\x00\xff\xff\xff\xff\x0f", 3, "key count at byte 3: 4294967295 keys cannot fit"},
		{"\x02\x03\x00\x01\x01k\x09v", 3, "value 1 at byte 6: 9 bytes, only 1 left"},
		{string(b) + "x", 3, "1 bytes after the last key"},
	} {
		err := r.Restore([]byte(bad.data), bad.index)
		require.ErrorContains(t, err, bad.want)
		require.Equal(t, uint64(4), r.Applied(), "unchanged after a failed restore")
	}
}

// Replicas in the same state write the same snapshot bytes, whatever order their maps hold
// the keys in: a follower may assemble a snapshot from the chunks of two leaders (the first
// killed during the transfer, the next resuming at the offset the follower holds).
// TestLeaderKilledDuringSnapshotTransfer found the unordered encoding as a garbled snapshot.
//
// Tests RAFT-SNAP-2, RAFT-SNAP-4.
func TestReplicasWriteTheSameSnapshot(t *testing.T) {
	a, b := NewStore(), NewStore()
	for i := range 200 {
		a.Apply(uint64(i+1), Command{Op: OpPut, Key: fmt.Sprintf("k%03d", i), Value: "v"})
	}
	for i := range 200 {
		b.Apply(uint64(i+1), Command{Op: OpPut, Key: fmt.Sprintf("k%03d", 199-i), Value: "v"})
	}
	sa, err := a.Snapshot()
	require.NoError(t, err)
	for range 5 { // maps iterate in a new order every time
		sb, err := b.Snapshot()
		require.NoError(t, err)
		require.Equal(t, sa, sb)
	}
}

// Version 1 snapshots (JSON) are still restored: a node's WAL may hold one from before the
// binary encoding.
//
// Tests RAFT-SNAP-2.
func TestJSONSnapshotsStillRestore(t *testing.T) {
	s := NewStore()
	_, err := s.Apply(1, Command{Op: OpPut, Key: "k", Value: "v"})
	require.NoError(t, err)
	sessions, err := s.sessions.MarshalBinary()
	require.NoError(t, err)
	v1, err := json.Marshal(storeSnapshot{Version: 1, Applied: 1, Data: s.data, Sessions: sessions})
	require.NoError(t, err)
	r := NewStore()
	require.NoError(t, r.Restore(v1, 1))
	v, ok := r.Get("k")
	require.True(t, ok)
	require.Equal(t, "v", v)
	require.Equal(t, uint64(1), r.Applied())
}

// FuzzRestoreSnapshot restores arbitrary bytes: an error, or a store whose own snapshot
// restores to the same keys and values; never a panic.
func FuzzRestoreSnapshot(f *testing.F) {
	s := NewStore()
	s.Apply(1, Command{Op: OpRegister, Time: 5})
	s.Apply(2, Command{Op: OpPut, Key: "k", Value: "v"})
	b, _ := s.Snapshot()
	f.Add(b, uint64(2))
	f.Add([]byte(`{"version":1,"applied":0,"data":{"a":"b"}}`), uint64(0))
	f.Add([]byte{2, 0, 0, 1, 1, 'k', 0}, uint64(0))
	f.Fuzz(func(t *testing.T, b []byte, index uint64) {
		r := NewStore()
		if r.Restore(b, index) != nil {
			return
		}
		again, err := r.Snapshot()
		require.NoError(t, err)
		back := NewStore()
		require.NoError(t, back.Restore(again, index))
		require.Equal(t, r.data, back.data)
	})
}

// BenchmarkStoreSnapshot encodes a store of 30,000 keys with 128-byte values, as
// bench/kvcluster's puts leave it, in the binary encoding and in the JSON of version 1.
func BenchmarkStoreSnapshot(b *testing.B) {
	s := NewStore()
	value := strings.Repeat("v", 128)
	for i := range 30000 {
		s.Apply(uint64(i+1), Command{Op: OpPut, Key: fmt.Sprintf("k%d-%d", i%64, i), Value: value})
	}
	sessions, err := s.sessions.MarshalBinary()
	require.NoError(b, err)
	for _, enc := range []string{"binary", "json"} {
		b.Run("encoding="+enc, func(b *testing.B) {
			for b.Loop() {
				var err error
				if enc == "binary" {
					_, err = s.Snapshot()
				} else {
					_, err = json.Marshal(storeSnapshot{Version: 1, Applied: s.applied, Data: s.data, Sessions: sessions})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A follower that was down while the others snapshotted and compacted their logs catches up
// by InstallSnapshot over the transport (in many chunks), and restarts from its own snapshot.
//
// Tests RAFT-SNAP-2, RAFT-SNAP-3, RAFT-SNAP-5.
func TestLaggingFollowerCatchesUpBySnapshot(t *testing.T) {
	c := startInProcess(t, 3, func(cfg *Config) { cfg.SnapshotEntries, cfg.SnapshotChunk = 20, 512 })
	require.NoError(t, c.stop(3))
	value := strings.Repeat("v", 100)
	for i := 0; i < 120; i++ {
		retry(t, func(ctx context.Context) (Result, error) {
			return c.clients[0].Put(ctx, fmt.Sprintf("k%03d", i), value)
		})
	}
	st := retry(t, func(ctx context.Context) (Status, error) { return c.clients[0].Status(ctx) })
	require.Greater(t, st.First, uint64(100), "node 1 compacted its log: %+v", st)
	c.start(3)
	var s3 Status
	require.Eventually(t, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		var err error
		s3, err = c.clients[2].Status(ctx)
		return err == nil && s3.Applied >= st.Applied
	}, liveness, 20*time.Millisecond)
	require.Equal(t, uint64(1), s3.Installed, "node 3 installed a snapshot: %+v", s3)
	require.Greater(t, s3.SnapChunksReceived, uint64(10), "the snapshot came in chunks of 512 bytes: %+v", s3)
	r := retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[2].GetSerializable(ctx, "k007") })
	require.Equal(t, value, r.Value)

	// Node 3 restarts from the snapshot it installed (and any it took since), then applies the
	// rest once it learns the commit index again (the commit index is not synced).
	require.NoError(t, c.stop(3))
	c.start(3)
	s3 = retry(t, func(ctx context.Context) (Status, error) { return c.clients[2].Status(ctx) })
	require.NotZero(t, s3.Snapshot, "restarted from a snapshot: %+v", s3)
	require.Zero(t, s3.Installed)
	r = retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[2].Get(ctx, "k119") })
	require.Equal(t, value, r.Value)
}

// completeTrace appends the WAL's trace records that a killed node had not written to its
// trace file, cutting a torn last line first, and resumes the clock from the last of them.
//
// Tests RAFT-WAL-1.
func TestCompleteTraceFromTheWAL(t *testing.T) {
	line := func(c uint64) string { return fmt.Sprintf(`{"action":"Persist","node":2,"vc":{"1":4,"2":%d}}`, c) }
	path := filepath.Join(t.TempDir(), "trace.ndjson")
	require.NoError(t, os.WriteFile(path, []byte(line(1)+"\n"+line(2)+"\n"+`{"action":"Pers`), 0o644))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	require.NoError(t, err)
	var logged [][]byte
	for c := uint64(1); c <= 4; c++ { // the WAL still holds events the file has
		logged = append(logged, []byte(line(c)))
	}
	vc, err := completeTrace(f, 2, logged)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Equal(t, uint64(4), vc.Get("2"))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, line(1)+"\n"+line(2)+"\n"+line(3)+"\n"+line(4)+"\n", string(got))

	f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	require.NoError(t, err)
	defer f.Close()
	_, err = completeTrace(f, 2, [][]byte{[]byte("{broken")})
	require.ErrorContains(t, err, "trace record 1 of the WAL")
}
