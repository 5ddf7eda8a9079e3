package kv

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// snapshotVersion is the version of the store's snapshot encoding: 2 is binary (below); 1,
// JSON (storeSnapshot), is still read.
const snapshotVersion = 2

// storeSnapshot is the JSON form of a version 1 snapshot: the data, the session table
// (session.Table's binary encoding) and the index of the last entry applied.
type storeSnapshot struct {
	Version  int               `json:"version"`
	Applied  uint64            `json:"applied"`
	Data     map[string]string `json:"data"`
	Sessions []byte            `json:"sessions"`
	// keys are Data's keys in the order a version 2 snapshot lists them.
	keys []string
}

// Snapshot encodes the whole store, sessions included, as of the last applied entry:
//
//	version byte 2 | uvarint applied | uvarint len | session table (session.Table's encoding)
//	| uvarint count | count x (uvarint len | key | uvarint len | value)
//
// in one buffer, keys in order: replicas in the same state write the same bytes, as a
// follower may assemble a snapshot from the chunks of two leaders (one killed during the
// transfer; the next resumes at the offset the follower holds). The order is kept from one
// snapshot to the next (sorted): a snapshot sorts only the keys added since the last one and
// merges them in. (Version 1 was JSON, whose reflection cost as much CPU as the rest of a node's
// work put together at 64 clients: BenchmarkStoreSnapshot.)
//
// Implements RAFT-SNAP-2.
func (s *Store) Snapshot() ([]byte, error) {
	sessions, err := s.sessions.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("kv: snapshot of the session table: %w", err)
	}
	if s.resort {
		s.sorted, s.added, s.resort = slices.Sorted(maps.Keys(s.data)), s.added[:0], false
	}
	slices.Sort(s.added)
	added := slices.Compact(s.added)
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+len(sessions)+binary.MaxVarintLen64+
		len(s.data)*2*binary.MaxVarintLen64+s.bytes)
	b = append(b, snapshotVersion)
	b = binary.AppendUvarint(b, s.applied)
	b = binary.AppendUvarint(b, uint64(len(sessions)))
	b = append(b, sessions...)
	b = binary.AppendUvarint(b, uint64(len(s.data)))
	keys := make([]string, 0, len(s.data))
	old := s.sorted
	for len(old) > 0 || len(added) > 0 {
		var k string
		switch {
		case len(added) == 0 || (len(old) > 0 && old[0] < added[0]):
			k, old = old[0], old[1:]
		case len(old) == 0 || added[0] < old[0]:
			k, added = added[0], added[1:]
		default: // deleted and put again since the last snapshot
			k, old, added = old[0], old[1:], added[1:]
		}
		v, ok := s.data[k]
		if !ok {
			continue // deleted since
		}
		keys = append(keys, k)
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	clear(s.added)
	s.added, s.sorted = s.added[:0], keys
	if len(keys) != len(s.data) {
		s.resort = true // the next snapshot sorts every key
		return nil, fmt.Errorf("kv: snapshot wrote %d keys of %d (the store's key order is out of step: a bug)", len(keys), len(s.data))
	}
	return b, nil
}

// Restore replaces the store's contents with a snapshot taken at index (Snapshot's output,
// from this node's storage or installed from the leader; version 1 snapshots, JSON, too). On
// error the store is unchanged.
func (s *Store) Restore(b []byte, index uint64) error {
	var (
		snap storeSnapshot
		err  error
	)
	if len(b) > 0 && b[0] == snapshotVersion {
		snap, err = decodeSnapshot(b)
	} else if err = json.Unmarshal(b, &snap); err == nil && snap.Version != 1 {
		err = fmt.Errorf("version %d, want %d (binary) or 1 (JSON)", snap.Version, snapshotVersion)
	}
	if err != nil {
		return fmt.Errorf("kv: snapshot at index %d: %w", index, err)
	}
	if snap.Applied != index {
		return fmt.Errorf("kv: snapshot at index %d says it was taken at index %d", index, snap.Applied)
	}
	fresh := NewStore()
	if err := fresh.sessions.UnmarshalBinary(snap.Sessions); err != nil {
		return fmt.Errorf("kv: snapshot at index %d: session table: %w", index, err)
	}
	if snap.Data != nil {
		fresh.data = snap.Data
	}
	for k, v := range fresh.data {
		fresh.bytes += len(k) + len(v)
	}
	// The keys in order: a version 2 snapshot lists them so (unless someone else wrote it).
	fresh.sorted = snap.keys
	if len(fresh.sorted) != len(fresh.data) || !slices.IsSorted(fresh.sorted) { // repeated keys, or out of order
		fresh.sorted = slices.Sorted(maps.Keys(fresh.data))
	}
	fresh.applied = index
	*s = *fresh
	return nil
}

// decodeSnapshot decodes a version 2 snapshot; an error names the field and its byte offset.
func decodeSnapshot(b []byte) (storeSnapshot, error) {
	snap := storeSnapshot{Version: int(b[0])}
	off := 1
	uvarint := func(what string) (uint64, error) {
		v, n := binary.Uvarint(b[off:])
		if n <= 0 {
			return 0, fmt.Errorf("%s at byte %d: not a valid uvarint", what, off)
		}
		off += n
		return v, nil
	}
	// bytesOf reads a length-prefixed field: what, numbered i if i > 0.
	bytesOf := func(what string, i uint64) ([]byte, error) {
		at := off
		n, m := binary.Uvarint(b[off:])
		if m > 0 {
			off += m
		}
		if m <= 0 || n > uint64(len(b)-off) {
			if i > 0 {
				what = fmt.Sprintf("%s %d", what, i)
			}
			if m <= 0 {
				return nil, fmt.Errorf("%s at byte %d: its length is not a valid uvarint", what, at)
			}
			return nil, fmt.Errorf("%s at byte %d: %d bytes, only %d left", what, at, n, len(b)-off)
		}
		out := b[off : off+int(n)]
		off += int(n)
		return out, nil
	}
	var err error
	if snap.Applied, err = uvarint("applied index"); err != nil {
		return snap, err
	}
	if snap.Sessions, err = bytesOf("session table", 0); err != nil {
		return snap, err
	}
	at := off
	count, err := uvarint("key count")
	if err != nil {
		return snap, err
	}
	if count > uint64(len(b)-off)/2 { // each key and value takes at least its length byte
		return snap, fmt.Errorf("key count at byte %d: %d keys cannot fit in the %d bytes left", at, count, len(b)-off)
	}
	snap.Data, snap.keys = make(map[string]string, count), make([]string, 0, count)
	for i := uint64(0); i < count; i++ {
		k, err := bytesOf("key", i+1)
		if err != nil {
			return snap, err
		}
		v, err := bytesOf("value", i+1)
		if err != nil {
			return snap, err
		}
		key := string(k)
		snap.Data[key] = string(v)
		snap.keys = append(snap.keys, key)
	}
	if off != len(b) {
		return snap, fmt.Errorf("%d bytes after the last key at byte %d", len(b)-off, off)
	}
	return snap, nil
}
