package kv

import (
	"encoding/json"
	"fmt"
)

// snapshotVersion is the version of the store's snapshot encoding.
const snapshotVersion = 1

// storeSnapshot is the JSON form of a store's snapshot: the data, the session table
// (session.Table's binary encoding) and the index of the last entry applied.
type storeSnapshot struct {
	Version  int               `json:"version"`
	Applied  uint64            `json:"applied"`
	Data     map[string]string `json:"data"`
	Sessions []byte            `json:"sessions"`
}

// Snapshot encodes the whole store, sessions included, as of the last applied entry.
//
// Implements RAFT-SNAP-2.
func (s *Store) Snapshot() ([]byte, error) {
	sessions, err := s.sessions.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("kv: snapshot of the session table: %w", err)
	}
	return json.Marshal(storeSnapshot{Version: snapshotVersion, Applied: s.applied, Data: s.data, Sessions: sessions})
}

// Restore replaces the store's contents with a snapshot taken at index (Snapshot's output,
// from this node's storage or installed from the leader). On error the store is unchanged.
func (s *Store) Restore(b []byte, index uint64) error {
	var snap storeSnapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return fmt.Errorf("kv: snapshot at index %d: %w", index, err)
	}
	switch {
	case snap.Version != snapshotVersion:
		return fmt.Errorf("kv: snapshot at index %d: version %d, want %d", index, snap.Version, snapshotVersion)
	case snap.Applied != index:
		return fmt.Errorf("kv: snapshot at index %d says it was taken at index %d", index, snap.Applied)
	}
	fresh := NewStore()
	if err := fresh.sessions.UnmarshalBinary(snap.Sessions); err != nil {
		return fmt.Errorf("kv: snapshot at index %d: session table: %w", index, err)
	}
	if snap.Data != nil {
		fresh.data = snap.Data
	}
	fresh.applied = index
	*s = *fresh
	return nil
}
