package kv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// sortedSnapshot is Snapshot as it was before the store kept its key order between snapshots:
// every key collected and sorted. TestSnapshotKeepsTheKeyOrder compares the two.
func sortedSnapshot(s *Store) []byte {
	sessions, err := s.sessions.MarshalBinary()
	if err != nil {
		panic(err)
	}
	b := []byte{snapshotVersion}
	b = binary.AppendUvarint(b, s.applied)
	b = binary.AppendUvarint(b, uint64(len(sessions)))
	b = append(b, sessions...)
	b = binary.AppendUvarint(b, uint64(len(s.data)))
	for _, k := range slices.Sorted(maps.Keys(s.data)) {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(s.data[k])))
		b = append(b, s.data[k]...)
	}
	return b
}

// Whatever the commands (puts, deletes, compare-and-swaps of a few keys, keys deleted and put
// again), snapshots taken between them, restores from them and many re-puts between two
// snapshots, Snapshot writes the bytes of a snapshot that sorts every key, and a store restored
// from it writes them again.
//
// Tests RAFT-SNAP-2.
func TestSnapshotKeepsTheKeyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := NewStore()
		keys := rapid.IntRange(1, 40).Draw(t, "keys")
		key := func(t *rapid.T) string { return fmt.Sprintf("k%d", rapid.IntRange(0, keys-1).Draw(t, "key")) }
		index := uint64(0)
		for range rapid.IntRange(1, 300).Draw(t, "steps") {
			index++
			switch rapid.IntRange(0, 9).Draw(t, "op") {
			case 0, 1, 2:
				s.Apply(index, Command{Op: OpPut, Key: key(t), Value: rapid.StringN(0, 4, -1).Draw(t, "value")})
			case 3, 4:
				s.Apply(index, Command{Op: OpDelete, Key: key(t)})
			case 5:
				s.Apply(index, Command{Op: OpCAS, Key: key(t), OldAbsent: rapid.Bool().Draw(t, "absent"), Value: "c"})
			case 6:
				// Deleted and put again many times without a snapshot: added outgrows the store.
				k := key(t)
				for range rapid.IntRange(0, 1200).Draw(t, "churn") {
					s.Apply(index, Command{Op: OpDelete, Key: k})
					s.Apply(index, Command{Op: OpPut, Key: k, Value: "x"})
				}
			case 7, 8:
				b, err := s.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				if want := sortedSnapshot(s); !bytes.Equal(b, want) {
					t.Fatalf("snapshot at %d:\n got %q\nwant %q", index, b, want)
				}
			case 9:
				b, err := s.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				r := NewStore()
				if err := r.Restore(b, s.Applied()); err != nil {
					t.Fatal(err)
				}
				s = r
			}
		}
		b, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if want := sortedSnapshot(s); !bytes.Equal(b, want) {
			t.Fatalf("last snapshot:\n got %q\nwant %q", b, want)
		}
	})
}

// BenchmarkStoreSnapshotNewKeys is the snapshot of a store restored from 20,000 keys with
// 128-byte values that then took 10,000 puts of new keys, as a node snapshotting every 10,000
// entries does under bench/kvcluster (every put a new key): the keys added since the last
// snapshot are sorted and merged in. (BenchmarkStoreSnapshot's binary case is the other end: no
// key added since.)
func BenchmarkStoreSnapshotNewKeys(b *testing.B) {
	value := strings.Repeat("v", 128)
	base := NewStore()
	for i := range 20000 {
		base.Apply(uint64(i+1), Command{Op: OpPut, Key: fmt.Sprintf("k%d-%d", i%64, i), Value: value})
	}
	snap, err := base.Snapshot()
	require.NoError(b, err)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r := NewStore()
		require.NoError(b, r.Restore(snap, 20000))
		for j := 20000; j < 30000; j++ {
			r.Apply(uint64(j+1), Command{Op: OpPut, Key: fmt.Sprintf("k%d-%d", j%64, j), Value: value})
		}
		b.StartTimer()
		if _, err := r.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}
