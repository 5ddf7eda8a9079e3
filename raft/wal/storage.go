package wal

import (
	"fmt"
	"sync"

	"github.com/dsref/dsref/raft"
)

// Storage is a raft.Storage whose contents are a WAL's: what the node reads back (entries to
// replicate or apply, terms, the snapshot to send a follower) comes from memory, and every
// write goes to the log first. Its memory holds the newest snapshot and the entries after the
// point the application compacted to (CreateSnapshot), so it is bounded by how often the
// application takes snapshots, not by the length of the log; a restarted node reads the
// snapshot and the entries after it, never the released history.
//
// The node's goroutine calls Save for each Ready, Sync (or Flush) before sending the Ready's
// messages, and CreateSnapshot once its state machine has applied an index it wants to
// compact to. The read methods are safe to call from any goroutine.
type Storage struct {
	w  *WAL
	ms *raft.MemoryStorage // what the log holds after its compaction point

	mu       sync.Mutex
	released uint64 // the log's segments are released up to this index
}

// OpenStorage opens the log in dir (Open) and returns the storage of what it recovered,
// together with the recovered state (for its snapshot data, torn tail and trace records).
func OpenStorage(dir string, opts Options) (*Storage, *State, error) {
	w, st, err := Open(dir, opts)
	if err != nil {
		return nil, nil, err
	}
	s, err := NewStorage(w, st)
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return s, st, nil
}

// NewStorage returns the storage of the log w, whose recovered state is st: the snapshot, the
// hard state and the entries after the snapshot.
//
// Implements RAFT-PERSIST-3.
func NewStorage(w *WAL, st *State) (*Storage, error) {
	ms := raft.NewMemoryStorage()
	if st.Snapshot != nil {
		if err := ms.ApplySnapshot(st.Snapshot.raft()); err != nil {
			return nil, fmt.Errorf("wal: restoring the snapshot at %d: %w", st.Snapshot.Index, err)
		}
	}
	if err := ms.Append(st.Entries); err != nil {
		return nil, fmt.Errorf("wal: restoring the entries: %w", err)
	}
	ms.SetHardState(st.HardState)
	s := &Storage{w: w, ms: ms}
	if st.Snapshot != nil {
		s.released = st.Snapshot.Index
	}
	return s, nil
}

// raft returns s as the raft package's snapshot (sharing its data).
func (s *Snapshot) raft() raft.Snapshot {
	return raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: s.Index, Term: s.Term, ConfState: s.ConfState}, Data: s.Data}
}

func fromRaft(s *raft.Snapshot) *Snapshot {
	return &Snapshot{SnapshotMeta: SnapshotMeta{Index: s.Metadata.Index, Term: s.Metadata.Term}, ConfState: s.Metadata.ConfState, Data: s.Data}
}

// InitialState implements raft.Storage.
func (s *Storage) InitialState() (raft.HardState, raft.ConfState, error) { return s.ms.InitialState() }

// Entries implements raft.Storage.
func (s *Storage) Entries(lo, hi, maxSize uint64) ([]raft.Entry, error) {
	return s.ms.Entries(lo, hi, maxSize)
}

// Term implements raft.Storage.
func (s *Storage) Term(i uint64) (uint64, error) { return s.ms.Term(i) }

// LastIndex implements raft.Storage.
func (s *Storage) LastIndex() (uint64, error) { return s.ms.LastIndex() }

// FirstIndex implements raft.Storage.
func (s *Storage) FirstIndex() (uint64, error) { return s.ms.FirstIndex() }

// Snapshot implements raft.Storage: the newest snapshot, the node's own or one it installed.
func (s *Storage) Snapshot() (raft.Snapshot, error) { return s.ms.Snapshot() }

// SetConfState records the membership of a brand-new cluster (before any snapshot), which a
// restarted node takes from its snapshot instead.
func (s *Storage) SetConfState(cs raft.ConfState) { s.ms.SetConfState(cs) }

// Save appends what rd asks to persist (its snapshot, hard state and entries) to the log as one
// batch, with the trace records of the steps that produced it, and makes it readable through
// the storage. It does not wait for the disk: when rd.MustSync, call Sync before sending rd's
// messages (a node that traces its steps calls Flush otherwise, so that the steps its messages
// depend on are in the log).
//
// Implements RAFT-PERSIST-1, RAFT-WAL-1.
func (s *Storage) Save(rd *raft.Ready, trace [][]byte) error {
	b := Batch{HardState: rd.HardState, Entries: rd.Entries, Trace: trace}
	if !rd.Snapshot.IsEmpty() {
		b.Snapshot = fromRaft(&rd.Snapshot)
	}
	if err := s.w.SaveBatch(b); err != nil {
		return err
	}
	if b.Snapshot != nil {
		if err := s.ms.ApplySnapshot(rd.Snapshot); err != nil {
			return err
		}
	}
	if err := s.ms.Append(rd.Entries); err != nil {
		return err
	}
	if !rd.HardState.IsEmpty() {
		s.ms.SetHardState(rd.HardState)
	}
	return nil
}

// Sync makes everything saved durable (group commit: concurrent callers share fsyncs), then
// releases the log's segments that a durable snapshot made unnecessary.
func (s *Storage) Sync() error {
	if err := s.w.Sync(); err != nil {
		return err
	}
	return s.release()
}

// Flush writes everything saved to the log's files without waiting for the disk (WAL.Flush).
func (s *Storage) Flush() error { return s.w.Flush() }

// release deletes the segments the newest durable snapshot covers.
func (s *Storage) release() error {
	s.w.mu.Lock()
	durable := s.w.syncedSnap.Index
	s.w.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if durable <= s.released {
		return nil
	}
	if err := s.w.Release(durable); err != nil {
		return err
	}
	s.released = durable
	return nil
}

// CreateSnapshot records a snapshot of the application's state machine as of index i, which it
// has applied, with the membership cs (nil keeps the current one) and the application's data:
// the snapshot file and its marker are made durable (WAL.SaveSnapshot), the entries up to i are
// dropped from memory, and the log's segments up to i are released. A follower that needs an
// entry up to i is then sent this snapshot. The data is kept, not copied.
//
// Implements RAFT-SNAP-2, RAFT-WAL-3.
func (s *Storage) CreateSnapshot(i uint64, cs *raft.ConfState, data []byte) (raft.Snapshot, error) {
	if prev, _ := s.ms.Snapshot(); !prev.IsEmpty() && i <= prev.Metadata.Index {
		return raft.Snapshot{}, raft.ErrSnapOutOfDate
	}
	// The memory storage checks i and works out the snapshot's term and membership; the log
	// makes it durable before the entries it covers are dropped.
	snap, err := s.ms.CreateSnapshot(i, cs, data)
	if err != nil {
		return raft.Snapshot{}, err
	}
	if err := s.w.SaveSnapshot(fromRaft(&snap)); err != nil {
		return raft.Snapshot{}, err
	}
	if first, _ := s.ms.FirstIndex(); i >= first {
		if err := s.ms.Compact(i); err != nil {
			return raft.Snapshot{}, err
		}
	}
	return snap, s.release()
}

// WAL returns the log behind the storage.
func (s *Storage) WAL() *WAL { return s.w }

// Close syncs and closes the log.
func (s *Storage) Close() error { return s.w.Close() }
