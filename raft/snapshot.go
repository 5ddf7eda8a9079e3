package raft

import (
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
)

// A leader sends a snapshot to a follower whose next entry it has compacted away (thesis 5.3):
// the snapshot its Storage holds, in chunks of at most MaxSnapshotChunkSize bytes, pipelined up
// to MaxInflightMsgs chunks. The follower acknowledges every chunk with the number of bytes it
// holds (MsgSnapResp); an interrupted transfer (lost chunks, a partition, ReportUnreachable, a
// failed ReportSnapshot, a leader that restarted with the same snapshot) resumes from the last
// acknowledged byte instead of starting over. Once the last chunk is in, the follower installs
// the snapshot and answers with a MsgAppResp for its new last index, after which the leader
// replicates entries as usual.
//
// Two leaders may hold different bytes for the snapshot at one index and term (applications
// need not encode their state the same way twice), so a snapshot's index and term do not
// identify its data: every chunk also carries, in its Context, the checksum of the whole data
// (SnapshotChecksum). A follower resumes a receipt only with chunks of the same checksum, and
// installs a snapshot only if its bytes have it (RAFT-SNAP-7).

// snapshotReceipt is the snapshot a follower is receiving.
type snapshotReceipt struct {
	meta SnapshotMetadata
	size uint64
	sum  string // the checksum its chunks carry (SnapshotChecksum of the whole data)
	data []byte
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// SnapshotChecksum is what a MsgSnap carries in its Context: the CRC-32C of the whole snapshot
// data, in 8 lowercase hex digits. It tells snapshots of one index and term apart whose bytes
// differ.
//
// Implements RAFT-SNAP-7.
func SnapshotChecksum(data []byte) string {
	return fmt.Sprintf("%08x", crc32.Checksum(data, castagnoli))
}

// isSnapshotChecksum reports whether b is a SnapshotChecksum.
func isSnapshotChecksum(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// leaderSnapshot is the snapshot a leader sends: a received one it has not persisted yet, or
// the storage's.
func (r *raft) leaderSnapshot() (Snapshot, error) {
	if s := r.log.unstable.snapshot; s != nil {
		return *s, nil
	}
	s, err := r.log.storage.Snapshot()
	if err != nil && !errors.Is(err, ErrSnapshotTemporarilyUnavailable) {
		r.log.fail(err)
	}
	return s, err
}

// startSnapshot switches a follower whose next entry was compacted away to receiving the
// snapshot, and sends the first chunks. It reports whether it sent anything.
//
// TLA+: SendSnapshot.
//
// Implements RAFT-SNAP-3.
func (r *raft) startSnapshot(to uint64, pr *progress) bool {
	if pr.isPaused() {
		return false
	}
	s, err := r.leaderSnapshot()
	if err != nil {
		return false // temporarily unavailable: the next heartbeat response tries again
	}
	if s.IsEmpty() || s.Metadata.Index < r.log.firstIndex()-1 {
		r.log.fail(errors.New("the storage compacted entries no snapshot covers"))
		return false
	}
	r.transferSnapshot(pr, &s)
	sent := false
	for r.sendSnapshotChunk(to, pr) {
		sent = true
	}
	return sent
}

// sendSnapshotChunk sends the next chunk of the snapshot a follower is receiving, unless the
// window of unacknowledged chunks is full or everything was sent. It reports whether it sent
// one.
//
// TLA+: SendSnapshot.
//
// Implements RAFT-SNAP-3, RAFT-SNAP-4.
func (r *raft) sendSnapshotChunk(to uint64, pr *progress) bool {
	if pr.probeSent || r.log.err != nil {
		return false
	}
	s, err := r.leaderSnapshot()
	if err != nil {
		return false
	}
	if s.Metadata.Index != pr.snap.index || s.Metadata.Term != pr.snap.term {
		// A newer snapshot replaced the one being sent: send that one from the start.
		if s.Metadata.Index < pr.snap.index {
			return false
		}
		r.transferSnapshot(pr, &s)
	}
	size := uint64(len(s.Data))
	if size > 0 && pr.snap.sent >= size {
		// Everything is out: wait for the follower's answer.
		pr.probeSent = true
		return false
	}
	window := r.maxChunk * uint64(r.maxInflight)
	if pr.snap.sent-pr.snap.acked >= window && pr.snap.sent > pr.snap.acked {
		return false
	}
	end := min(size, pr.snap.sent+r.maxChunk)
	chunk := &Snapshot{Metadata: s.Metadata, Data: s.Data[pr.snap.sent:end:end]}
	m := Message{To: to, Type: MsgSnap, Index: s.Metadata.Index, LogTerm: s.Metadata.Term, Snapshot: chunk,
		ChunkOffset: pr.snap.sent, SnapshotSize: size, Commit: r.log.committed, Context: pr.snap.sum}
	pr.snap.sent = end
	if end == size {
		// Everything is out: wait for the follower's answer (or the next heartbeat response,
		// which resends from the last acknowledged byte if nothing moved).
		pr.probeSent = true
	}
	r.send(m)
	r.trace(TraceSendSnapshot, &r.msgs[len(r.msgs)-1])
	return !pr.probeSent
}

// transferSnapshot makes s the snapshot the leader sends through pr: a transfer of the same
// snapshot (index and term) goes on where it stopped, with the checksum computed when it began;
// any other starts over, and the leader checksums s's data once for all its chunks.
func (r *raft) transferSnapshot(pr *progress, s *Snapshot) {
	if pr.state != progressSnapshot || pr.snap.index != s.Metadata.Index || pr.snap.term != s.Metadata.Term || pr.snap.sum == nil {
		pr.becomeSnapshot(s.Metadata.Index, s.Metadata.Term)
		pr.snap.sum = []byte(SnapshotChecksum(s.Data))
	} else {
		pr.becomeSnapshot(s.Metadata.Index, s.Metadata.Term)
	}
	r.compacted = max(r.compacted, s.Metadata.Index)
}

// handleSnapshotResponse records how much of the snapshot the follower holds and sends what
// follows.
//
// TLA+: HandleSnapshotResponse.
//
// Implements RAFT-SNAP-4, RAFT-SNAP-7.
func (r *raft) handleSnapshotResponse(m Message, pr *progress) {
	r.trace(TraceHandleSnapshotResponse, &m)
	if pr.state != progressSnapshot || m.Index != pr.snap.index || m.LogTerm != pr.snap.term {
		return // about another snapshot, or the transfer is over
	}
	if m.Reject {
		// The bytes the follower received do not have the checksum they were sent with: the
		// storage's snapshot changed under the transfer. Start over, checksumming it again.
		pr.snap = snapshotTransfer{}
		pr.probeSent = false
		r.startSnapshot(m.From, pr)
		return
	}
	if m.ChunkOffset < pr.snap.acked {
		// The follower lost what it had (it restarted): resend from what it holds.
		pr.snap.sent = m.ChunkOffset
	}
	pr.snap.acked = m.ChunkOffset
	pr.snap.sent = max(pr.snap.sent, pr.snap.acked)
	pr.probeSent = false
	for r.sendSnapshotChunk(m.From, pr) {
	}
}

// reportSnapshot handles the caller's report on a snapshot transfer (ReportSnapshot): after a
// failure the leader resends from the last acknowledged chunk once the follower answers a
// heartbeat; after a success it waits for the follower's acknowledgement.
//
// TLA+: none (the leader's transfer bookkeeping is not modeled).
func (r *raft) reportSnapshot(m Message, pr *progress) {
	if pr.state != progressSnapshot {
		return
	}
	if m.Reject {
		pr.snap.sent = pr.snap.acked
	}
	pr.probeSent = true
}

// reportUnreachable handles the caller's report that a follower could not be reached: a
// pipelining follower falls back to probing, a snapshot transfer pauses and resumes from the
// last acknowledged chunk once the follower answers a heartbeat.
//
// TLA+: none (the leader's replication bookkeeping is not modeled).
func (r *raft) reportUnreachable(pr *progress) {
	switch pr.state {
	case progressReplicate:
		pr.becomeProbe()
		pr.next = pr.match + 1
	case progressSnapshot:
		pr.snap.sent = pr.snap.acked
		pr.probeSent = true
	}
}

// handleSnapshot is the follower side of InstallSnapshot: it collects the chunks of the
// leader's snapshot in order and acknowledges how much it holds; with the last chunk it
// installs the snapshot, unless its log already has the snapshot's last entry (then it only
// commits up to it). A snapshot never takes away a committed entry: one at or below the commit
// index is answered without touching the log.
//
// TLA+: HandleSnapshotRequest, InstallSnapshot.
//
// Implements RAFT-SNAP-5, RAFT-SNAP-6, RAFT-SNAP-7.
func (r *raft) handleSnapshot(m Message) error {
	meta := m.Snapshot.Metadata
	if r.staleSnapshot(meta.Index) {
		r.receiving = nil
		r.send(Message{To: m.From, Type: MsgAppResp, Index: r.log.committed})
		r.trace(TraceHandleSnapshotRequest, &m)
		return nil
	}
	rc := r.receiving
	if rc == nil || rc.meta.Index != meta.Index || rc.meta.Term != meta.Term || rc.size != m.SnapshotSize || rc.sum != string(m.Context) {
		if m.ChunkOffset != 0 {
			// Not the start of a transfer we know: tell the leader we hold nothing of it.
			r.send(Message{To: m.From, Type: MsgSnapResp, Index: meta.Index, LogTerm: meta.Term})
			r.trace(TraceHandleSnapshotRequest, &m)
			return nil
		}
		rc = &snapshotReceipt{meta: SnapshotMetadata{Index: meta.Index, Term: meta.Term, ConfState: meta.ConfState.clone()}, size: m.SnapshotSize, sum: string(m.Context)}
		if rc.meta.ConfState.IsEmpty() {
			// The snapshot the node persists carries the membership, which it restarts from:
			// a leader whose storage never recorded one has had no membership change.
			rc.meta.ConfState = r.confs[0].cs.clone()
		}
		r.receiving = rc
	}
	held := uint64(len(rc.data))
	if chunk := m.Snapshot.Data; m.ChunkOffset == held && uint64(len(chunk)) <= rc.size-held {
		rc.data = append(rc.data, chunk...)
		held += uint64(len(chunk))
	}
	if held < rc.size {
		r.send(Message{To: m.From, Type: MsgSnapResp, Index: meta.Index, LogTerm: meta.Term, ChunkOffset: held})
		r.trace(TraceHandleSnapshotRequest, &m)
		return nil
	}
	r.receiving = nil
	if SnapshotChecksum(rc.data) != rc.sum {
		// Not the bytes the leader checksummed: install nothing, and have it start over.
		r.send(Message{To: m.From, Type: MsgSnapResp, Index: meta.Index, LogTerm: meta.Term, Reject: true})
		r.trace(TraceHandleSnapshotRequest, &m)
		return nil
	}
	if r.log.matchTerm(meta.Index, meta.Term) {
		r.log.commitTo(meta.Index) // the log already holds what the snapshot covers
	} else {
		r.log.restore(&Snapshot{Metadata: rc.meta, Data: rc.data})
		r.compacted = meta.Index
		r.restoreConf(rc.meta)
	}
	// The log matches the leader's up to the snapshot's index, and no further: entries after
	// it may be of a stale term (found by MCRaftSnapshot.cfg; etcd-io/raft answers the same).
	r.send(Message{To: m.From, Type: MsgAppResp, Index: meta.Index})
	r.trace(TraceInstallSnapshot, &m)
	return nil
}

// reportCompacted traces the application's compaction of its storage up to index, unless the
// node already knows of a snapshot that covers it (it sent or installed one since).
//
// TLA+: CompactLog.
//
// Implements RAFT-SNAP-2.
func (r *raft) reportCompacted(index uint64) error {
	if index > r.log.applied {
		return fmt.Errorf("raft: node %d: compaction at %d reported, but the node has applied only up to %d", r.id, index, r.log.applied)
	}
	if index <= r.compacted {
		return nil
	}
	r.compacted = index
	r.emit(TraceCompactLog, nil, nil, index)
	return nil
}

func sortedCopy(ids []uint64) []uint64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// validateSnapshot rejects a MsgSnap no correct leader sends: a snapshot at index 0 or past
// MaxIndex, of a term above the message's, or a chunk that does not fit in the stated size.
//
// Implements RAFT-ROBUST-1, RAFT-ROBUST-2.
func (r *raft) validateSnapshot(m *Message) error {
	meta := m.Snapshot.Metadata
	switch {
	case len(m.Entries) > 0:
		return fmt.Errorf("raft: node %d: MsgSnap from %d carries entries", r.id, m.From)
	case meta.Index == 0 || meta.Term == 0:
		return fmt.Errorf("raft: node %d: MsgSnap from %d: snapshot index %d, term %d (both must be positive)", r.id, m.From, meta.Index, meta.Term)
	case meta.Index > MaxIndex:
		return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "index", Value: meta.Index, Count: 0}
	case meta.Term > m.Term:
		return fmt.Errorf("raft: node %d: MsgSnap from %d: snapshot term %d above message term %d", r.id, m.From, meta.Term, m.Term)
	case !fits(m.ChunkOffset, uint64(len(m.Snapshot.Data)), m.SnapshotSize):
		return fmt.Errorf("raft: node %d: MsgSnap from %d: chunk of %d bytes at %d passes the snapshot size %d", r.id, m.From, len(m.Snapshot.Data), m.ChunkOffset, m.SnapshotSize)
	case !isSnapshotChecksum(m.Context):
		return fmt.Errorf("raft: node %d: MsgSnap from %d: context %q is not the snapshot's checksum (8 hex digits)", r.id, m.From, m.Context)
	case !meta.ConfState.IsEmpty() && meta.ConfState.check() != nil:
		return fmt.Errorf("raft: node %d: MsgSnap from %d: the snapshot's configuration %s: %v", r.id, m.From, meta.ConfState, meta.ConfState.check())
	}
	return nil
}
