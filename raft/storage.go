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
	// ErrSnapshotTemporarilyUnavailable, and the node asks again later (at the follower's next
	// heartbeat response). A leader asks for every chunk it sends (MaxSnapshotChunkSize), so
	// Snapshot should return the snapshot it holds, not produce one per call; the node neither
	// modifies nor keeps the Data it is given beyond the chunk it sends.
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
// entries in place. The log is kept in fixed-size chunks, so that appending never copies what
// is stored (a single array would be copied into a larger one as it grows) and compaction drops
// whole chunks; Entries returns a view of a chunk, or a copy when the range spans two.
type MemoryStorage struct {
	mu        sync.Mutex
	hardState HardState
	snapshot  Snapshot
	// base holds the index and term of the last entry the snapshot (or compaction) covers;
	// entry base.Index+1+i is at position first+i of the chunks, and n entries are stored.
	base   Entry
	chunks [][]Entry // each storageChunkLen long
	first  int
	n      int
}

// storageChunkLen is how many entries one chunk of a MemoryStorage holds (48 KiB). The first
// chunk starts with minStorageChunkLen and doubles up to it, so that a short log stays small.
const (
	storageChunkLen    = 1024
	minStorageChunkLen = 64
)

// NewMemoryStorage returns an empty MemoryStorage.
func NewMemoryStorage() *MemoryStorage {
	return &MemoryStorage{}
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

func (ms *MemoryStorage) offset() uint64 { return ms.base.Index }

func (ms *MemoryStorage) lastIndex() uint64 { return ms.base.Index + uint64(ms.n) }

// at returns the stored entry with index i (offset < i <= lastIndex).
func (ms *MemoryStorage) at(i uint64) *Entry {
	p := ms.first + int(i-ms.base.Index-1)
	return &ms.chunks[p/storageChunkLen][p%storageChunkLen]
}

// term returns the term of entry i (offset <= i <= lastIndex).
func (ms *MemoryStorage) term(i uint64) uint64 {
	if i == ms.base.Index {
		return ms.base.Term
	}
	return ms.at(i).Term
}

// push appends entries after the last stored one, into fresh positions only.
func (ms *MemoryStorage) push(entries []Entry) {
	for len(entries) > 0 {
		p := ms.first + ms.n
		c, off := p/storageChunkLen, p%storageChunkLen
		switch {
		case c == len(ms.chunks) && c > 0:
			ms.chunks = append(ms.chunks, make([]Entry, storageChunkLen))
		case c == len(ms.chunks):
			// A small log starts with a small chunk.
			ms.chunks = append(ms.chunks, make([]Entry, min(storageChunkLen, max(minStorageChunkLen, len(entries)))))
		case off == len(ms.chunks[c]):
			// A full chunk shorter than storageChunkLen (the first one) moves to a larger
			// array; entries handed out keep the old one.
			grown := make([]Entry, min(storageChunkLen, max(2*off, off+len(entries))))
			copy(grown, ms.chunks[c][:off])
			ms.chunks[c] = grown
		}
		k := copy(ms.chunks[c][off:], entries)
		entries = entries[k:]
		ms.n += k
	}
}

// truncate keeps the first keep entries (keep < n). The chunk holding entry keep+1 may hold
// entries already handed out, which must not change: its kept part moves to a fresh chunk
// that the next append continues.
func (ms *MemoryStorage) truncate(keep int) {
	p := ms.first + keep
	c := p / storageChunkLen
	if off := p % storageChunkLen; off > 0 {
		fresh := make([]Entry, len(ms.chunks[c]))
		copy(fresh, ms.chunks[c][:off])
		ms.chunks[c] = fresh
		c++
	}
	clear(ms.chunks[c:])
	ms.chunks = ms.chunks[:c]
	ms.n = keep
}

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
	if lo == hi {
		return nil, nil
	}
	// The longest prefix within maxSize, at least one entry (limitSize), chunk by chunk.
	n := 1
	for size := EntrySize(ms.at(lo)); lo+uint64(n) < hi; n++ {
		if size += EntrySize(ms.at(lo + uint64(n))); size > maxSize {
			break
		}
	}
	p := ms.first + int(lo-offset-1)
	if c, off := p/storageChunkLen, p%storageChunkLen; off+n <= storageChunkLen {
		return ms.chunks[c][off : off+n : off+n], nil
	}
	ents := make([]Entry, n)
	for i := range ents {
		ents[i] = *ms.at(lo + uint64(i))
	}
	return ents, nil
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
	return ms.term(i), nil
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
	ms.base = Entry{Term: snap.Metadata.Term, Index: snap.Metadata.Index}
	clear(ms.chunks)
	ms.chunks, ms.first, ms.n = ms.chunks[:0], 0, 0
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
	meta := SnapshotMetadata{Index: i, Term: ms.term(i), ConfState: ms.snapshot.Metadata.ConfState}
	if cs != nil {
		meta.ConfState = cs.clone()
	} else {
		for k := i; k > offset; k-- {
			if e := ms.at(k); e.Type == EntryConfChange {
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
	// Chunks left entirely behind are released; the compacted entries at the front of the
	// first chunk stay until the chunk is (slices handed out may still refer to them).
	drop := int(compactIndex - offset)
	ms.base = Entry{Index: compactIndex, Term: ms.at(compactIndex).Term}
	ms.first += drop
	ms.n -= drop
	c := ms.first / storageChunkLen
	clear(ms.chunks[:c])
	ms.chunks = ms.chunks[c:]
	ms.first -= c * storageChunkLen
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
	case first <= ms.lastIndex():
		ms.truncate(int(first - offset - 1))
	}
	ms.push(entries)
	return nil
}
