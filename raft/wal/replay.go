package wal

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// replayState is the log's content as records are applied in order: the last hard state, the
// newest snapshot marker, and the entries after it.
//
// After Release deleted the oldest segments, the log starts at base: the entry before the
// first segment's first index, whose term that segment's header records. Of the entries at or
// below skipBelow (the index of the newest snapshot file, whose marker is expected later in
// the log) only the terms are kept, so that replaying a long log before its snapshot marker
// holds 8 bytes per entry instead of the entries.
type replayState struct {
	hs        raft.HardState
	snap      SnapshotMeta
	base      SnapshotMeta
	last      uint64
	lastTerm  uint64
	terms     []uint64     // terms of the entries (lo, last]
	ents      []raft.Entry // entries (max(lo, skipBelow), last]
	skipBelow uint64
	keepTrace bool     // collect the trace records (Options.ReadTrace)
	trace     [][]byte // the trace records, oldest first
}

// lo is the index before the first entry held: the snapshot's or the base's.
func (s *replayState) lo() SnapshotMeta {
	if s.base.Index > s.snap.Index {
		return s.base
	}
	return s.snap
}

// entsFrom is the index of ents[0].
func (s *replayState) entsFrom() uint64 { return max(s.lo().Index, s.skipBelow) + 1 }

func (s *replayState) term(i uint64) (uint64, bool) {
	lo := s.lo()
	switch {
	case i == lo.Index:
		return lo.Term, true
	case i < lo.Index || i > s.last:
		return 0, false
	}
	return s.terms[i-lo.Index-1], true
}

// appendEntry applies an entry record: an entry at or before the last one replaces the suffix
// from its index on, as Ready.Entries requires after a follower truncated a conflict.
func (s *replayState) appendEntry(e raft.Entry) string {
	lo := s.lo().Index
	if e.Index > s.last+1 {
		return fmt.Sprintf("entry %d leaves a gap after entry %d", e.Index, s.last)
	}
	if e.Index <= lo {
		return fmt.Sprintf("entry %d rewrites the compacted log (it starts after %d)", e.Index, lo)
	}
	s.terms = append(s.terms[:e.Index-lo-1], e.Term)
	s.last, s.lastTerm = e.Index, e.Term
	if from := s.entsFrom(); e.Index >= from {
		s.ents = append(s.ents[:e.Index-from], e)
	} else {
		s.ents = s.ents[:0]
	}
	return ""
}

// applySnapshot applies a snapshot marker. As in the thesis (section 5.3), the entries after
// the snapshot survive only if the log holds the snapshot's last entry with its term;
// otherwise the snapshot replaces the whole log.
func (s *replayState) applySnapshot(m SnapshotMeta) {
	if m.Index <= s.snap.Index {
		return
	}
	lo := s.lo()
	if m.Index < lo.Index {
		// Older than the base of a released log: a newer marker must follow (checked at the
		// end of the replay).
		s.snap = m
		return
	}
	if t, ok := s.term(m.Index); ok && t == m.Term {
		from, newFrom := s.entsFrom(), max(m.Index, s.skipBelow)+1
		s.terms = append([]uint64(nil), s.terms[m.Index-lo.Index:]...)
		if newFrom > from {
			s.ents = s.ents[min(uint64(len(s.ents)), newFrom-from):]
		}
		s.ents = append([]raft.Entry(nil), s.ents...)
	} else {
		s.terms, s.ents, s.last, s.lastTerm = nil, nil, m.Index, m.Term
	}
	s.snap = m
	s.base = SnapshotMeta{}
	if m.Index >= s.skipBelow {
		s.skipBelow = 0
	}
}

// installSnapshot applies an installed snapshot's marker: the snapshot replaces the whole log,
// whatever the log holds (the node restored it because its log did not match).
func (s *replayState) installSnapshot(m SnapshotMeta) {
	s.terms, s.ents, s.last, s.lastTerm = nil, nil, m.Index, m.Term
	s.snap, s.base = m, SnapshotMeta{}
	if m.Index >= s.skipBelow {
		s.skipBelow = 0
	}
}

// finish checks what only the end of the replay can tell.
func (s *replayState) finish() string {
	if s.base.Index > s.snap.Index {
		return fmt.Sprintf("the log starts after entry %d (older segments were released) but no snapshot covers it (newest snapshot marker: index %d)", s.base.Index, s.snap.Index)
	}
	return ""
}
