package raft

import (
	"errors"
	"fmt"
)

// Storage is the read side of a node's persisted state, consulted once when the node starts.
// The caller writes to its storage itself, from each Ready, before sending that Ready's
// messages. Indexes are 1-based; FirstIndex is 1 until log compaction (a later feature) exists.
type Storage interface {
	// InitialState returns the persisted HardState and membership.
	InitialState() (HardState, ConfState, error)
	// FirstIndex returns the index of the first stored entry.
	FirstIndex() (uint64, error)
	// LastIndex returns the index of the last stored entry (FirstIndex-1 when empty).
	LastIndex() (uint64, error)
	// Entries returns the entries in [lo, hi).
	Entries(lo, hi uint64) ([]Entry, error)
}

// ErrUnavailable is returned by Storage when a requested index is outside the stored range.
var ErrUnavailable = errors.New("raft: requested entry is not available")

// MemoryStorage is an in-memory Storage, used by tests and simulators. Writing to it from each
// Ready and then building a new node from it models a crash and restart exactly.
type MemoryStorage struct {
	hardState HardState
	confState ConfState
	entries   []Entry // entries[i].Index == i+1
}

// NewMemoryStorage returns an empty MemoryStorage.
func NewMemoryStorage() *MemoryStorage { return &MemoryStorage{} }

// InitialState implements Storage.
func (ms *MemoryStorage) InitialState() (HardState, ConfState, error) {
	return ms.hardState, ConfState{Voters: append([]uint64(nil), ms.confState.Voters...)}, nil
}

// SetHardState records the persisted HardState.
func (ms *MemoryStorage) SetHardState(hs HardState) { ms.hardState = hs }

// SetConfState records the membership.
func (ms *MemoryStorage) SetConfState(cs ConfState) {
	ms.confState = ConfState{Voters: append([]uint64(nil), cs.Voters...)}
}

// FirstIndex implements Storage.
func (ms *MemoryStorage) FirstIndex() (uint64, error) { return 1, nil }

// LastIndex implements Storage.
func (ms *MemoryStorage) LastIndex() (uint64, error) { return uint64(len(ms.entries)), nil }

// Entries implements Storage.
func (ms *MemoryStorage) Entries(lo, hi uint64) ([]Entry, error) {
	if lo < 1 || hi < lo || hi > uint64(len(ms.entries))+1 {
		return nil, fmt.Errorf("%w: [%d, %d) outside [1, %d)", ErrUnavailable, lo, hi, len(ms.entries)+1)
	}
	return append([]Entry(nil), ms.entries[lo-1:hi-1]...), nil
}

// Append persists entries, which must be contiguous and start at most one past the last stored
// index. Stored entries at and after the first new index are replaced, as Ready.Entries
// requires after a follower truncated a conflicting suffix.
func (ms *MemoryStorage) Append(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	first := entries[0].Index
	if first < 1 || first > uint64(len(ms.entries))+1 {
		return fmt.Errorf("raft: MemoryStorage.Append: first index %d leaves a gap after last index %d", first, len(ms.entries))
	}
	for i, e := range entries {
		if e.Index != first+uint64(i) {
			return fmt.Errorf("raft: MemoryStorage.Append: entry %d has index %d, want %d", i, e.Index, first+uint64(i))
		}
	}
	ms.entries = append(ms.entries[:first-1], entries...)
	return nil
}
