package wal_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// segmentBytes returns the content of the only segment of a log holding a few batches.
func segmentBytes(tb testing.TB) []byte {
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
	if err != nil {
		tb.Fatal(err)
	}
	w.Save(raft.HardState{Term: 1, Vote: 1}, ents(1, 1, 2))
	w.Sync()
	w.Save(raft.HardState{Term: 1, Vote: 1, Commit: 2}, ents(1, 3, 3))
	w.Close()
	b, err := fsys.ReadFile(w.Segments()[0])
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// FuzzOpenSegment opens a log whose only segment holds arbitrary bytes: Open never panics,
// fails only with a *CorruptionError naming the segment and an offset inside it, and whatever
// it recovers it recovers again, identically, after reopening (the truncation is durable).
//
// Tests RAFT-WAL-2.
func FuzzOpenSegment(f *testing.F) {
	good := segmentBytes(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(append(bytes.Clone(good[:100]), 0xff, 0xff, 0xff, 0xff))
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 40))
	const name = "/n/wal/0000000000000001-0000000000000001.wal"
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := vfs.NewMem()
		fsys.MkdirAll("/n/wal")
		fsys.WriteFile(name, b)
		w, st, err := wal.Open("/n", wal.Options{FS: fsys, SegmentSize: 300})
		if err != nil {
			var ce *wal.CorruptionError
			if !errors.As(err, &ce) || ce.File != name || ce.Offset > int64(len(b)) {
				t.Fatalf("error %v does not locate the damage", err)
			}
			return
		}
		w.Close()
		_, st2, err := wal.Open("/n", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: 300})
		if err != nil {
			t.Fatalf("reopening a recovered log: %v", err)
		}
		if st2.TornTail != nil || !equalStates(st, st2) {
			t.Fatalf("reopening changed the state:\n%+v\n%+v", st, st2)
		}
	})
}

func equalStates(a, b *wal.State) bool {
	if a.HardState != b.HardState || len(a.Entries) != len(b.Entries) || (a.Snapshot == nil) != (b.Snapshot == nil) {
		return false
	}
	for i := range a.Entries {
		x, y := a.Entries[i], b.Entries[i]
		if x.Term != y.Term || x.Index != y.Index || x.Type != y.Type || !bytes.Equal(x.Data, y.Data) {
			return false
		}
	}
	return true
}

// FuzzDecodeSnapshot decodes arbitrary snapshot files: never a panic, errors locate the
// problem, and what decodes re-encodes to the same bytes.
func FuzzDecodeSnapshot(f *testing.F) {
	f.Add(wal.EncodeSnapshot(&wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 7, Term: 2}, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: []byte("data")}))
	f.Add([]byte("dsrefsnp"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := wal.DecodeSnapshot("f.snap", b)
		if err != nil {
			var ce *wal.CorruptionError
			if !errors.As(err, &ce) || ce.File != "f.snap" || ce.Offset > int64(len(b)) {
				t.Fatalf("error %v does not locate the damage", err)
			}
			return
		}
		got := wal.EncodeSnapshot(s)
		if b[8] == 1 {
			// Version 1 files are read, and written again as version 2.
			again, err := wal.DecodeSnapshot("f.snap", got)
			if err != nil || !reflect.DeepEqual(again, s) {
				t.Fatalf("a version 1 snapshot re-encoded as version 2 decodes to %+v, %v; want %+v", again, err, s)
			}
			return
		}
		if !bytes.Equal(got, b) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", b, got)
		}
	})
}
