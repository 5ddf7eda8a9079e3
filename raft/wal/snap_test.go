package wal_test

import (
	"encoding/binary"
	"hash/crc32"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
)

// A snapshot file keeps the snapshot's membership in raft's wire encoding (version 2); files
// of version 1 (voters in the file's own encoding) are still read; metadata that disagrees
// with the file's index and term, or carries more than the metadata, is corruption at its
// offset.
func TestSnapshotFileVersions(t *testing.T) {
	s := &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 7, Term: 2}, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: []byte("data")}
	got, err := wal.DecodeSnapshot("v2.snap", wal.EncodeSnapshot(s))
	require.NoError(t, err)
	require.Equal(t, s, got)

	file := func(version byte, body []byte) []byte {
		out := append([]byte("dsrefsnp"), version, 0, 0, 0)
		out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)))
		out = binary.LittleEndian.AppendUint64(out, uint64(len(body)))
		return append(out, body...)
	}
	uv := func(vs ...uint64) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.AppendUvarint(b, v)
		}
		return b
	}
	got, err = wal.DecodeSnapshot("v1.snap", file(1, append(uv(7, 2, 3, 1, 2, 3), "data"...)))
	require.NoError(t, err)
	require.Equal(t, s, got)

	meta := func(m raft.Message) []byte { b := raft.MarshalMessage(m); return append(uv(uint64(len(b))), b...) }
	snapMsg := func(index, term uint64) raft.Message {
		return raft.Message{Type: raft.MsgSnap, Snapshot: &raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: index, Term: term}}}
	}
	withTerm := snapMsg(7, 2)
	withTerm.Term = 9
	for _, bad := range []struct {
		body []byte
		want string
	}{
		{append(uv(7, 2), meta(snapMsg(8, 2))...), "disagree with the file's 7, 2"},
		{append(uv(7, 2), meta(raft.Message{Type: raft.MsgApp})...), "not a MsgSnap"},
		{append(uv(7, 2), meta(withTerm)...), "more than the snapshot's metadata"},
		{append(uv(7, 2, 100), 1, 2), "metadata length 100 exceeds"},
		{append(uv(7, 2, 2), 9, 9), "metadata: raft: decoding message"},
	} {
		_, err := wal.DecodeSnapshot("bad.snap", file(2, bad.body))
		var ce *wal.CorruptionError
		require.ErrorAs(t, err, &ce)
		require.Contains(t, err.Error(), bad.want)
		require.Equal(t, int64(24+3), ce.Offset, "the metadata starts after the header and three one-byte uvarints (index, term, length)")
	}
}
