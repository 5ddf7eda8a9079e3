package raft

import "fmt"

// raftLog is a node's copy of the replicated log together with the three watermarks the
// Ready/Advance cycle needs: stable (persisted by the caller), committed, and applied.
//
// The whole log is kept in memory. offset is the index just before entries[0] (0 today; log
// compaction will set it to the snapshot index, with offsetTerm its term).
type raftLog struct {
	entries    []Entry
	offset     uint64
	offsetTerm uint64
	stable     uint64
	committed  uint64
	applied    uint64
}

func (l *raftLog) lastIndex() uint64 { return l.offset + uint64(len(l.entries)) }

func (l *raftLog) lastTerm() uint64 {
	t, _ := l.term(l.lastIndex())
	return t
}

// term returns the term of entry i; ok is false if i is outside the log.
func (l *raftLog) term(i uint64) (t uint64, ok bool) {
	if i == l.offset {
		return l.offsetTerm, true
	}
	if i < l.offset || i > l.lastIndex() {
		return 0, false
	}
	return l.entries[i-l.offset-1].Term, true
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

// slice returns entries [lo, hi) limited to maxSize data bytes, but at least one entry.
func (l *raftLog) slice(lo, hi, maxSize uint64) []Entry {
	if lo <= l.offset || lo >= hi || hi > l.lastIndex()+1 {
		return nil
	}
	ents := l.entries[lo-l.offset-1 : hi-l.offset-1]
	var size uint64
	for i, e := range ents {
		size += uint64(len(e.Data)) + entryOverhead
		if i > 0 && size > maxSize {
			ents = ents[:i]
			break
		}
	}
	return ents[:len(ents):len(ents)]
}

// entryOverhead approximates the per-entry framing bytes, so that MaxSizePerMsg also bounds
// messages of many empty entries.
const entryOverhead = 16

// append adds entries right after the last one (leader path).
func (l *raftLog) append(ents ...Entry) {
	l.entries = append(l.entries, ents...)
}

// truncateAfter drops every entry after index i and lowers stable accordingly.
func (l *raftLog) truncateAfter(i uint64) {
	if i >= l.lastIndex() {
		return
	}
	// Clip the capacity so later appends copy instead of overwriting entries that messages
	// produced before the truncation still reference.
	l.entries = l.entries[: i-l.offset : i-l.offset]
	if l.stable > i {
		l.stable = i
	}
}

// findConflict returns the index of the first entry of ents whose term differs from ours, or
// of the first entry we do not have yet; 0 if ents is already fully contained in the log.
func (l *raftLog) findConflict(ents []Entry) uint64 {
	for _, e := range ents {
		if !l.matchTerm(e.Index, e.Term) {
			return e.Index
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
	l.truncateAfter(ci - 1)
	l.append(ents[ci-prevIndex-1:]...)
	return lastNew, true, nil
}

// conflictHint computes the fast-backtracking hint for a rejected MsgApp whose prevLogIndex is
// index: the first index of the conflicting term, or lastIndex+1 (term 0) if the log is short.
//
// Implements RAFT-LOG-4.
func (l *raftLog) conflictHint(index uint64) (hintIndex, hintTerm uint64) {
	if index > l.lastIndex() {
		return l.lastIndex() + 1, 0
	}
	t, _ := l.term(index)
	i := index
	for i > l.offset+1 {
		if pt, _ := l.term(i - 1); pt != t {
			break
		}
		i--
	}
	return i, t
}

// lastIndexOfTerm returns the last index holding term t, 0 if none.
func (l *raftLog) lastIndexOfTerm(t uint64) uint64 {
	for i := len(l.entries) - 1; i >= 0; i-- {
		if l.entries[i].Term == t {
			return l.entries[i].Index
		}
		if l.entries[i].Term < t {
			break
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

// unstableEntries are the entries the caller must persist in the next Ready.
func (l *raftLog) unstableEntries() []Entry {
	if l.stable >= l.lastIndex() {
		return nil
	}
	return append([]Entry(nil), l.entries[l.stable-l.offset:]...)
}

// stableTo records that the caller persisted entries up to (i, t); it is ignored if the entry
// was replaced since the Ready was produced.
func (l *raftLog) stableTo(i, t uint64) {
	if l.matchTerm(i, t) && i > l.stable {
		l.stable = i
	}
}

// nextCommittedEntries are the committed entries not yet handed out for applying.
func (l *raftLog) nextCommittedEntries() []Entry {
	hi := min(l.committed, l.lastIndex())
	if hi <= l.applied {
		return nil
	}
	return append([]Entry(nil), l.entries[l.applied-l.offset:hi-l.offset]...)
}
