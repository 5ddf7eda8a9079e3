package raft

import (
	"errors"
	"fmt"
	"sync"
)

// Storage is the read side of a node's persisted state, in the style of etcd-io/raft's: the
// application writes each Ready's HardState, Entries and Snapshot to its storage (before sending
// that Ready's messages), and the node reads back through this interface whatever is no longer
// in its unstable tail: the state to restart from, the entries to replicate to a follower or to
// hand out for applying, and the snapshot to send to a follower that is too far behind. The node
// keeps in memory only what it has not yet seen persisted, so its memory is bounded by
// configuration, not by the length of the log; the storage decides how much history it keeps
// (MemoryStorage.Compact).
//
// Indexes are 1-based. After a snapshot at index i is applied, the storage holds entries from
// some first index f > i onwards (f = i+1 right after compaction) and still knows the term of
// entry f-1 (the snapshot's). Methods may be called from the node's goroutine only while the
// node runs a step; an implementation shared with other goroutines must synchronize.
//
// Errors: an index below FirstIndex is ErrCompacted, one above LastIndex is ErrUnavailable;
// Snapshot may say ErrSnapshotTemporarilyUnavailable. Any other error is a failure of the
// storage: the node stops using it and reports it (RawNode.Err).
type Storage interface {
	// InitialState returns the persisted HardState and membership.
	InitialState() (HardState, ConfState, error)
	// Entries returns the entries in [lo, hi), limited to maxSize bytes of entries (as
	// EntrySize counts them) but at least one if any is in the range. The node does not modify
	// the returned entries, and reads them only until the storage changes the range.
	Entries(lo, hi, maxSize uint64) ([]Entry, error)
	// Term returns the term of entry i, which may be FirstIndex()-1 (the last entry a snapshot
	// covers).
	Term(i uint64) (uint64, error)
	// LastIndex returns the index of the last stored entry (FirstIndex()-1 when there is none).
	LastIndex() (uint64, error)
	// FirstIndex returns the index of the first entry still stored (not compacted away).
	FirstIndex() (uint64, error)
	// Snapshot returns the most recent snapshot. A storage that is still producing one returns
	// ErrSnapshotTemporarilyUnavailable, and the node asks again later.
	Snapshot() (Snapshot, error)
}

// Errors a Storage returns for indexes and snapshots it does not have.
var (
	// ErrCompacted: the entry was compacted away (its index is below FirstIndex).
	ErrCompacted = errors.New("raft: requested index is unavailable due to compaction")
	// ErrUnavailable: the entry is beyond LastIndex.
	ErrUnavailable = errors.New("raft: requested entry is not available")
	// ErrSnapOutOfDate: a snapshot older than the one the storage holds.
	ErrSnapOutOfDate = errors.New("raft: requested snapshot is older than the existing snapshot")
	// ErrSnapshotTemporarilyUnavailable: the storage is still producing the snapshot.
	ErrSnapshotTemporarilyUnavailable = errors.New("raft: snapshot is temporarily unavailable")
)

// EntrySize is the size of an entry as size limits count it (MaxSizePerMsg,
// MaxCommittedSizePerReady, MaxUncommittedEntriesSize, Storage.Entries): its data plus a fixed
// overhead for the index, term and type, so that limits also bound many empty entries.
func EntrySize(e *Entry) uint64 { return uint64(len(e.Data)) + entryOverhead }

// entryOverhead approximates the per-entry framing bytes.
const entryOverhead = 16

// limitSize returns the longest prefix of ents of at most maxSize bytes (EntrySize), but at
// least one entry.
func limitSize(ents []Entry, maxSize uint64) []Entry {
	if len(ents) == 0 {
		return ents
	}
	size := EntrySize(&ents[0])
	for i := 1; i < len(ents); i++ {
		size += EntrySize(&ents[i])
		if size > maxSize {
			return ents[:i]
		}
	}
	return ents
}

// MemoryStorage is a Storage kept in memory, with snapshots and compaction: the reference
// storage for tests, simulators and applications that persist elsewhere (a WAL) and restore
// into it on restart. Writing every Ready to it (ApplySnapshot, Append, SetHardState) and then
// building a new node from it models a crash and restart exactly. It is safe for concurrent
// use, so an application may compact it from another goroutine.
//
// Slices it returns stay valid and unchanged after later writes: a write never modifies
// entries in place; it replaces the backing array when it truncates or compacts.
type MemoryStorage struct {
	mu        sync.Mutex
	hardState HardState
	snapshot  Snapshot
	// ents[0] is a dummy entry holding the index and term of the last entry the snapshot (or
	// compaction) covers; ents[i] has index ents[0].Index+i.
	ents []Entry
}

// NewMemoryStorage returns an empty MemoryStorage.
func NewMemoryStorage() *MemoryStorage {
	return &MemoryStorage{ents: make([]Entry, 1)}
}

// InitialState implements Storage.
func (ms *MemoryStorage) InitialState() (HardState, ConfState, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.hardState, ms.snapshot.Metadata.ConfState.clone(), nil
}

// SetHardState records the persisted HardState.
func (ms *MemoryStorage) SetHardState(hs HardState) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.hardState = hs
}

// SetConfState records the membership of a new cluster, before any snapshot exists; a snapshot
// carries its own.
func (ms *MemoryStorage) SetConfState(cs ConfState) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.snapshot.Metadata.ConfState = cs.clone()
}

func (ms *MemoryStorage) offset() uint64 { return ms.ents[0].Index }

func (ms *MemoryStorage) lastIndex() uint64 { return ms.ents[0].Index + uint64(len(ms.ents)) - 1 }

// Entries implements Storage. The returned slice shares the storage's memory (see
// MemoryStorage).
func (ms *MemoryStorage) Entries(lo, hi, maxSize uint64) ([]Entry, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	offset := ms.offset()
	switch {
	case lo <= offset:
		return nil, ErrCompacted
	case hi > ms.lastIndex()+1:
		return nil, fmt.Errorf("%w: entries [%d, %d) beyond the last index %d", ErrUnavailable, lo, hi, ms.lastIndex())
	case hi < lo:
		return nil, fmt.Errorf("raft: MemoryStorage.Entries: range [%d, %d) is reversed", lo, hi)
	}
	ents := ms.ents[lo-offset : hi-offset]
	return limitSize(ents[:len(ents):len(ents)], maxSize), nil
}

// Term implements Storage.
func (ms *MemoryStorage) Term(i uint64) (uint64, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	offset := ms.offset()
	switch {
	case i < offset:
		return 0, ErrCompacted
	case i > ms.lastIndex():
		return 0, ErrUnavailable
	}
	return ms.ents[i-offset].Term, nil
}

// LastIndex implements Storage.
func (ms *MemoryStorage) LastIndex() (uint64, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.lastIndex(), nil
}

// FirstIndex implements Storage.
func (ms *MemoryStorage) FirstIndex() (uint64, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.offset() + 1, nil
}

// Snapshot implements Storage.
func (ms *MemoryStorage) Snapshot() (Snapshot, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.snapshot, nil
}

// ApplySnapshot replaces the storage's contents with snap (Ready.Snapshot): every entry goes,
// and the log continues after snap's index. A snapshot older than the one held is refused with
// ErrSnapOutOfDate.
func (ms *MemoryStorage) ApplySnapshot(snap Snapshot) error {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if snap.Metadata.Index <= ms.snapshot.Metadata.Index && !ms.snapshot.IsEmpty() {
		return ErrSnapOutOfDate
	}
	if snap.Metadata.Index > MaxIndex {
		return fmt.Errorf("raft: MemoryStorage.ApplySnapshot: index %d is beyond the last usable index %d", snap.Metadata.Index, MaxIndex)
	}
	snap.Metadata.ConfState = snap.Metadata.ConfState.clone()
	ms.snapshot = snap
	ms.ents = []Entry{{Term: snap.Metadata.Term, Index: snap.Metadata.Index}}
	return nil
}

// CreateSnapshot records a snapshot of the application's state machine as of index i, which
// must have been applied, with the membership cs (nil: the configuration as of i, which the
// storage finds in its configuration entries up to i, or the previous snapshot's) and the
// application's data. It does not compact: call Compact when the entries up to i are no longer
// needed for followers that lag. The data is kept, not copied.
//
// Implements RAFT-SNAP-2.
func (ms *MemoryStorage) CreateSnapshot(i uint64, cs *ConfState, data []byte) (Snapshot, error) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if i <= ms.snapshot.Metadata.Index && !ms.snapshot.IsEmpty() {
		return Snapshot{}, ErrSnapOutOfDate
	}
	offset := ms.offset()
	if i < offset || i > ms.lastIndex() {
		return Snapshot{}, fmt.Errorf("raft: MemoryStorage.CreateSnapshot: index %d outside the stored entries [%d, %d]", i, offset, ms.lastIndex())
	}
	meta := SnapshotMetadata{Index: i, Term: ms.ents[i-offset].Term, ConfState: ms.snapshot.Metadata.ConfState}
	if cs != nil {
		meta.ConfState = cs.clone()
	} else {
		for k := i - offset; k > 0; k-- {
			if e := &ms.ents[k]; e.Type == EntryConfChange {
				if _, c, ok, err := DecodeConfChangeEntry(e.Data); err == nil && ok {
					meta.ConfState = c
					break
				}
			}
		}
	}
	ms.snapshot = Snapshot{Metadata: meta, Data: data}
	return ms.snapshot, nil
}

// Compact discards every entry up to and including compactIndex; the storage then starts at
// compactIndex+1 and still knows compactIndex's term. The application compacts only entries it
// has applied and, usually, covered by a snapshot (CreateSnapshot), since a follower that needs
// a compacted entry is sent the snapshot instead.
//
// Implements RAFT-SNAP-2.
func (ms *MemoryStorage) Compact(compactIndex uint64) error {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	offset := ms.offset()
	switch {
	case compactIndex <= offset:
		return ErrCompacted
	case compactIndex > ms.lastIndex():
		return fmt.Errorf("raft: MemoryStorage.Compact: index %d is beyond the last index %d", compactIndex, ms.lastIndex())
	}
	i := compactIndex - offset
	// A new array: the old one may still be referenced by slices handed out, and the
	// compacted entries' memory is released.
	ents := make([]Entry, 1, uint64(len(ms.ents))-i)
	ents[0] = Entry{Index: ms.ents[i].Index, Term: ms.ents[i].Term}
	ms.ents = append(ents, ms.ents[i+1:]...)
	return nil
}

// Append persists entries (Ready.Entries), which must be contiguous and start at most one past
// the last stored index. Stored entries at and after the first new index are replaced, as
// Ready.Entries requires after a follower truncated a conflicting suffix; entries already
// compacted away are skipped.
func (ms *MemoryStorage) Append(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	first := entries[0].Index
	for i := range entries {
		if entries[i].Index != first+uint64(i) {
			return fmt.Errorf("raft: MemoryStorage.Append: entry %d has index %d, want %d", i, entries[i].Index, first+uint64(i))
		}
	}
	last := entries[len(entries)-1].Index
	offset := ms.offset()
	if last <= offset {
		return nil // all compacted away
	}
	if first <= offset {
		entries = entries[offset+1-first:]
		first = offset + 1
	}
	switch {
	case first > ms.lastIndex()+1:
		return fmt.Errorf("raft: MemoryStorage.Append: first index %d leaves a gap after last index %d", first, ms.lastIndex())
	case first == ms.lastIndex()+1:
		// Doubling, not append's 1.25x for large slices: a log that is not compacted would
		// otherwise be copied (and its new array cleared) about four times per entry, which
		// dominated the batched commit path (bench/README.md).
		ms.ents = appendGrowing(ms.ents, entries)
	default:
		// Truncate and append into a new array: never overwrite entries in place.
		keep := first - offset
		ents := make([]Entry, keep, keep+uint64(len(entries)))
		copy(ents, ms.ents[:keep])
		ms.ents = append(ents, entries...)
	}
	return nil
}
