package raft

// unstable is the tail of the log the caller has not yet persisted: entries appended since the
// last Advance, or a snapshot received from the leader and not yet applied to the storage.
// Entries never change in place: a truncation copies what it keeps into a new array, so slices
// handed out in a Ready (or shared with a follower's MsgApp) stay valid.
type unstable struct {
	// snapshot is a received snapshot not yet persisted; the entries follow it.
	snapshot *Snapshot
	// entries[i] has index offset+i.
	entries []Entry
	offset  uint64
	// With asynchronous writes, entries[:inProgress] and the snapshot (snapshotInProgress) have
	// been handed to the storage in a MsgStorageAppend that has not come back yet: the next
	// Ready hands out only what follows.
	inProgress         int
	snapshotInProgress bool
}

// maybeTerm returns the term of entry i if the unstable tail knows it.
func (u *unstable) maybeTerm(i uint64) (uint64, bool) {
	if i < u.offset {
		if s := u.snapshot; s != nil && s.Metadata.Index == i {
			return s.Metadata.Term, true
		}
		return 0, false
	}
	if i-u.offset < uint64(len(u.entries)) {
		return u.entries[i-u.offset].Term, true
	}
	return 0, false
}

// slice returns the entries [lo, hi), which the tail holds, as a view.
func (u *unstable) slice(lo, hi uint64) []Entry {
	return u.entries[lo-u.offset : hi-u.offset : hi-u.offset]
}

// truncateAndAppend appends ents, first dropping every entry at or after ents[0].Index.
func (u *unstable) truncateAndAppend(ents []Entry) {
	from := ents[0].Index
	switch {
	case from == u.offset+uint64(len(u.entries)):
		u.entries = appendGrowing(u.entries, ents)
	case from <= u.offset:
		// Replaces the whole tail (and, once persisted, the storage's entries from from on).
		u.offset = from
		u.entries = appendGrowing(nil, ents)
		u.inProgress = 0
	default:
		keep := from - u.offset
		u.entries = appendGrowing(appendGrowing(nil, u.entries[:keep]), ents)
		u.inProgress = min(u.inProgress, int(keep))
	}
}

// minTailCapacity is the capacity of a new array for the unstable tail. stableTo consumes the
// tail from its front, so without a floor every append after a few Ready cycles would allocate
// an array of one or two entries.
const minTailCapacity = 256

// appendGrowing appends src to dst, writing only beyond len(dst); when dst is full it moves to
// a new array of twice the entries needed, and at least minTailCapacity.
func appendGrowing(dst, src []Entry) []Entry {
	if n := len(dst) + len(src); n > cap(dst) {
		grown := make([]Entry, len(dst), max(2*n, minTailCapacity))
		copy(grown, dst)
		dst = grown
	}
	return append(dst, src...)
}

// stableTo drops the entries up to (i, t) once persisted, unless entry i has been replaced
// since (its term differs).
func (u *unstable) stableTo(i, t uint64) {
	if u.snapshot != nil || i < u.offset {
		return
	}
	gt, ok := u.maybeTerm(i)
	if !ok || gt != t {
		return
	}
	// Slicing from the front keeps the array's remaining capacity for the next appends, which
	// write beyond every entry handed out so far.
	n := i + 1 - u.offset
	u.entries = u.entries[n:]
	u.offset = i + 1
	u.inProgress = max(0, u.inProgress-int(n))
}

// stableSnapTo drops the snapshot at index i once persisted.
func (u *unstable) stableSnapTo(i uint64) {
	if u.snapshot != nil && u.snapshot.Metadata.Index == i {
		u.snapshot = nil
		u.snapshotInProgress = false
	}
}

// restore replaces the tail with a snapshot: the log ends at the snapshot's index.
func (u *unstable) restore(s *Snapshot) {
	u.offset = s.Metadata.Index + 1
	u.entries = nil
	u.snapshot = s
	u.inProgress = 0
	u.snapshotInProgress = false
}

// toHandOut are the entries not yet handed to the storage (all of them with synchronous
// writes, where inProgress stays 0), as a view.
func (u *unstable) toHandOut() []Entry {
	ents := u.entries[u.inProgress:len(u.entries):len(u.entries)]
	if len(ents) == 0 {
		return nil
	}
	return ents
}

// snapshotToHandOut is the received snapshot not yet handed to the storage, if any.
func (u *unstable) snapshotToHandOut() *Snapshot {
	if u.snapshotInProgress {
		return nil
	}
	return u.snapshot
}
