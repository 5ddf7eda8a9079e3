package raft

import (
	"errors"
	"fmt"
)

// raftLog is a node's view of the replicated log: what its Storage holds (a snapshot and the
// entries after it, read on demand), followed by the unstable tail the caller has not yet
// persisted, plus the commit and apply watermarks of the Ready/Advance cycle. The node keeps
// only the unstable tail in memory.
//
// Implements RAFT-SNAP-1.
type raftLog struct {
	storage  Storage
	unstable unstable
	// committed is the highest index known to be committed; applied the highest index whose
	// entry (or snapshot) the caller has applied, as reported by Advance.
	committed uint64
	applied   uint64
	// With asynchronous writes (async): applying is the last index handed out in a
	// MsgStorageApply, and only entries persisted locally are handed out.
	async    bool
	applying uint64
	// maxApplyingSize bounds the bytes of committed entries handed out in one Ready.
	maxApplyingSize uint64
	// err is the first unexpected error the storage returned; the node stops using the
	// storage once it is set (see RawNode.Err).
	err error
}

// newLog opens the log over storage, which holds everything persisted before a restart.
func newLog(storage Storage, maxApplyingSize uint64) (*raftLog, error) {
	first, err := storage.FirstIndex()
	if err != nil {
		return nil, fmt.Errorf("raft: reading the first index: %w", err)
	}
	last, err := storage.LastIndex()
	if err != nil {
		return nil, fmt.Errorf("raft: reading the last index: %w", err)
	}
	switch {
	case first == 0:
		return nil, errors.New("raft: storage first index is 0; indexes start at 1")
	case last > MaxIndex:
		return nil, fmt.Errorf("raft: storage last index %d is beyond the last usable index %d", last, MaxIndex)
	case last+1 < first:
		return nil, fmt.Errorf("raft: storage last index %d is below its first index %d minus one", last, first)
	}
	l := &raftLog{storage: storage, unstable: unstable{offset: last + 1}, maxApplyingSize: maxApplyingSize}
	// Everything up to the snapshot is committed and applied: the caller restored its state
	// machine from the snapshot.
	l.committed, l.applied = first-1, first-1
	return l, nil
}

// fail records an unexpected storage error; the first one sticks.
func (l *raftLog) fail(err error) {
	if l.err == nil {
		l.err = fmt.Errorf("raft: storage failed: %w", err)
	}
}

// firstIndex is the index of the first entry the log still has.
func (l *raftLog) firstIndex() uint64 {
	if s := l.unstable.snapshot; s != nil {
		return s.Metadata.Index + 1
	}
	i, err := l.storage.FirstIndex()
	if err != nil {
		l.fail(err)
		return l.unstable.offset
	}
	return i
}

func (l *raftLog) lastIndex() uint64 {
	if n := len(l.unstable.entries); n > 0 {
		return l.unstable.offset + uint64(n) - 1
	}
	if s := l.unstable.snapshot; s != nil {
		return s.Metadata.Index
	}
	i, err := l.storage.LastIndex()
	if err != nil {
		l.fail(err)
		return l.unstable.offset - 1
	}
	return i
}

func (l *raftLog) lastTerm() uint64 {
	t, _ := l.term(l.lastIndex())
	return t
}

// term returns the term of entry i, which may be the last entry a snapshot covers; ok is false
// if i is outside the log (compacted, or beyond its end).
func (l *raftLog) term(i uint64) (t uint64, ok bool) {
	t, err := l.termErr(i)
	return t, err == nil
}

// termErr is term with the reason: ErrCompacted or ErrUnavailable.
func (l *raftLog) termErr(i uint64) (uint64, error) {
	if t, ok := l.unstable.maybeTerm(i); ok {
		return t, nil
	}
	if i >= l.unstable.offset {
		// Not in the unstable tail, and the storage holds nothing at or after its offset.
		if i == 0 {
			return 0, nil
		}
		return 0, ErrUnavailable
	}
	if l.unstable.snapshot != nil {
		return 0, ErrCompacted // below the snapshot being installed
	}
	if i == 0 {
		return 0, nil
	}
	t, err := l.storage.Term(i)
	switch {
	case err == nil:
		return t, nil
	case errors.Is(err, ErrCompacted), errors.Is(err, ErrUnavailable):
		return 0, err
	}
	l.fail(err)
	return 0, err
}

func (l *raftLog) matchTerm(i, t uint64) bool {
	got, ok := l.term(i)
	return ok && got == t
}

// isUpToDate reports whether a log ending at (lastIndex, lastTerm) is at least as up to date as
// this one: a later last term wins, equal last terms compare by length.
//
// Implements RAFT-ELECT-4.
func (l *raftLog) isUpToDate(lastIndex, lastTerm uint64) bool {
	return lastTerm > l.lastTerm() || (lastTerm == l.lastTerm() && lastIndex >= l.lastIndex())
}

// slice returns entries [lo, hi) limited to maxSize bytes (EntrySize), but at least one entry.
// Entries still in the storage come from it, the rest from the unstable tail; the result is a
// view (copied only when it spans both). ErrCompacted says lo was compacted away.
func (l *raftLog) slice(lo, hi, maxSize uint64) ([]Entry, error) {
	if lo >= hi {
		return nil, nil
	}
	if lo < l.firstIndex() {
		return nil, ErrCompacted
	}
	if hi > l.lastIndex()+1 {
		return nil, fmt.Errorf("%w: [%d, %d) beyond the last index %d", ErrUnavailable, lo, hi, l.lastIndex())
	}
	var ents []Entry
	if lo < l.unstable.offset {
		stored, err := l.storage.Entries(lo, min(hi, l.unstable.offset), maxSize)
		switch {
		case errors.Is(err, ErrCompacted):
			return nil, err
		case err != nil:
			l.fail(err)
			return nil, err
		case len(stored) == 0:
			l.fail(fmt.Errorf("Entries(%d, %d) returned nothing", lo, min(hi, l.unstable.offset)))
			return nil, l.err
		}
		if uint64(len(stored)) < min(hi, l.unstable.offset)-lo {
			return stored, nil // the size limit stopped it
		}
		ents = stored
	}
	if hi > l.unstable.offset {
		tail := l.unstable.slice(max(lo, l.unstable.offset), hi)
		if len(ents) == 0 {
			ents = tail
		} else {
			combined := make([]Entry, len(ents), len(ents)+len(tail))
			copy(combined, ents)
			ents = append(combined, tail...)
		}
	}
	return limitSize(ents, maxSize), nil
}

// append adds entries right after the last one (the leader path).
func (l *raftLog) append(ents ...Entry) {
	if len(ents) > 0 {
		l.unstable.truncateAndAppend(ents)
	}
}

// appendProposals appends copies of ents stamped with term and the next indexes (the leader's
// proposals; the caller's entries are left as they are).
func (l *raftLog) appendProposals(ents []Entry, term uint64) {
	u := &l.unstable
	n := len(u.entries)
	u.entries = appendGrowing(u.entries, ents)
	for i := n; i < len(u.entries); i++ {
		u.entries[i].Term, u.entries[i].Index = term, u.offset+uint64(i)
	}
}

// findConflict returns the index of the first entry of ents whose term differs from ours, or
// of the first entry we do not have yet; 0 if ents is already fully contained in the log.
func (l *raftLog) findConflict(ents []Entry) uint64 {
	last := l.lastIndex()
	for i := range ents {
		if ents[i].Index > last || !l.matchTerm(ents[i].Index, ents[i].Term) {
			return ents[i].Index
		}
	}
	return 0
}

// maybeAppend is the follower side of AppendEntries: if the log matches (prevIndex, prevTerm)
// it keeps the matching prefix, deletes only from the first conflicting entry, appends the
// rest, and returns the index of the last entry the message covers.
//
// Implements RAFT-LOG-2, RAFT-LOG-3.
func (l *raftLog) maybeAppend(prevIndex, prevTerm uint64, ents []Entry) (lastNew uint64, ok bool, err error) {
	if !l.matchTerm(prevIndex, prevTerm) {
		return 0, false, nil
	}
	lastNew = prevIndex + uint64(len(ents))
	ci := l.findConflict(ents)
	if ci == 0 {
		return lastNew, true, nil
	}
	if ci <= l.committed {
		return 0, false, fmt.Errorf("raft: entry %d conflicts with committed entry (commit %d)", ci, l.committed)
	}
	l.append(ents[ci-prevIndex-1:]...)
	return lastNew, true, nil
}

// conflictHint computes the fast-backtracking hint for a rejected MsgApp whose prevLogIndex is
// index: the first index of the run of entries of the conflicting term, but no lower than the
// entry after the commit index (which the leader's log is known to match, and which
// compaction never reaches), or lastIndex+1 (term 0) if the log is short.
//
// Implements RAFT-LOG-4.
func (l *raftLog) conflictHint(index uint64) (hintIndex, hintTerm uint64) {
	if index > l.lastIndex() {
		return l.lastIndex() + 1, 0
	}
	t, ok := l.term(index)
	if !ok {
		return l.firstIndex(), 0 // compacted: the leader probes from where we have entries
	}
	first := max(l.committed+1, l.firstIndex())
	i := index
	for i > first {
		if pt, ok := l.term(i - 1); !ok || pt != t {
			break
		}
		i--
	}
	return i, t
}

// lastIndexOfTerm returns the last index holding term t, 0 if none (or if the entries that
// could hold it were compacted away).
func (l *raftLog) lastIndexOfTerm(t uint64) uint64 {
	first := l.firstIndex()
	for i := l.lastIndex(); i >= first && i > 0; i-- {
		et, ok := l.term(i)
		if !ok || et < t {
			return 0
		}
		if et == t {
			return i
		}
	}
	return 0
}

func (l *raftLog) commitTo(i uint64) bool {
	if i > l.lastIndex() {
		i = l.lastIndex()
	}
	if i <= l.committed {
		return false
	}
	l.committed = i
	return true
}

// restore replaces the log with a snapshot the leader sent: the log then ends at its index,
// which is committed.
func (l *raftLog) restore(s *Snapshot) {
	l.unstable.restore(s)
	l.committed = s.Metadata.Index
}

// stableTo records that the caller persisted entries up to (i, t); it is ignored if the entry
// was replaced since the Ready was produced.
func (l *raftLog) stableTo(i, t uint64) { l.unstable.stableTo(i, t) }

// stableSnapTo records that the caller persisted the snapshot at index i.
func (l *raftLog) stableSnapTo(i uint64) { l.unstable.stableSnapTo(i) }

// stable is the index up to which the log is persisted: what the storage holds and the
// unstable tail does not override.
func (l *raftLog) stable() uint64 {
	if l.unstable.snapshot != nil {
		return 0 // nothing counts as persisted until the snapshot is
	}
	return l.unstable.offset - 1
}

// hasPendingSnapshot reports whether a received snapshot waits to be handed out and applied.
func (l *raftLog) hasPendingSnapshot() bool { return l.unstable.snapshot != nil }

// hasNextCommittedEntries reports whether committed entries wait to be handed out.
func (l *raftLog) hasNextCommittedEntries() bool {
	return !l.hasPendingSnapshot() && l.applyLimit() >= l.applyFrom() && l.err == nil
}

// applyFrom is the first committed index not yet handed out for applying.
func (l *raftLog) applyFrom() uint64 { return max(l.applied, l.applying) + 1 }

// applyLimit is the last index that may be handed out for applying: the commit index, and with
// asynchronous writes no further than what is persisted locally (an entry applied and then lost
// in a crash would be applied twice, or a different one in its place).
//
// Implements RAFT-PERSIST-5.
func (l *raftLog) applyLimit() uint64 {
	if l.async {
		return min(l.committed, l.stable())
	}
	return l.committed
}

// nextCommittedEntries are the committed entries not yet handed out for applying, at most
// maxApplyingSize bytes of them (but at least one). A view: see Ready.CommittedEntries.
//
// Implements RAFT-FLOW-4.
func (l *raftLog) nextCommittedEntries() []Entry {
	if !l.hasNextCommittedEntries() {
		return nil
	}
	ents, err := l.slice(max(l.applyFrom(), l.firstIndex()), l.applyLimit()+1, l.maxApplyingSize)
	if err != nil {
		return nil
	}
	return ents
}

// appliedTo records that the caller applied everything up to i.
func (l *raftLog) appliedTo(i uint64) {
	if i > l.applied {
		l.applied = i
	}
}

// noLimit is a size limit that never binds.
const noLimit = ^uint64(0)
