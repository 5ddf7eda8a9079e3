package raft

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func storageWith(t testing.TB, terms ...uint64) *MemoryStorage {
	t.Helper()
	ms := NewMemoryStorage()
	var ents []Entry
	for i, tm := range terms {
		ents = append(ents, Entry{Term: tm, Index: uint64(i + 1), Data: []byte{byte('a' + i)}})
	}
	if err := ms.Append(ents); err != nil {
		t.Fatal(err)
	}
	return ms
}

// MemoryStorage answers Storage's questions by the contract: ranges, sizes, compaction,
// snapshots, and views that later writes never change.
//
// Tests RAFT-SNAP-1, RAFT-SNAP-2, RAFT-PERSIST-4.
func TestMemoryStorageSnapshotsAndCompaction(t *testing.T) {
	ms := storageWith(t, 1, 1, 2, 2, 3, 3, 3)
	if f, _ := ms.FirstIndex(); f != 1 {
		t.Fatalf("first index %d", f)
	}
	if l, _ := ms.LastIndex(); l != 7 {
		t.Fatalf("last index %d", l)
	}
	ents, err := ms.Entries(2, 6, noLimit)
	if err != nil || len(ents) != 4 || ents[0].Index != 2 {
		t.Fatalf("Entries(2, 6) = %v, %v", ents, err)
	}
	if one, _ := ms.Entries(2, 6, 1); len(one) != 1 {
		t.Fatalf("a tiny size limit still returns one entry, got %d", len(one))
	}
	if two, _ := ms.Entries(2, 6, 2*(1+entryOverhead)); len(two) != 2 {
		t.Fatalf("a two-entry size limit returned %d", len(two))
	}
	if _, err := ms.Entries(7, 9, noLimit); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Entries beyond the end: %v", err)
	}
	// A snapshot at an applied index, then compaction up to it.
	snap, err := ms.CreateSnapshot(4, nil, []byte("state@4"))
	if err != nil || snap.Metadata.Index != 4 || snap.Metadata.Term != 2 {
		t.Fatalf("CreateSnapshot(4) = %+v, %v", snap.Metadata, err)
	}
	if _, err := ms.CreateSnapshot(3, nil, nil); !errors.Is(err, ErrSnapOutOfDate) {
		t.Fatalf("an older snapshot: %v", err)
	}
	if err := ms.Compact(4); err != nil {
		t.Fatal(err)
	}
	if f, _ := ms.FirstIndex(); f != 5 {
		t.Fatalf("first index after Compact(4) = %d", f)
	}
	if tm, err := ms.Term(4); err != nil || tm != 2 {
		t.Fatalf("the last compacted entry's term: %d, %v", tm, err)
	}
	if _, err := ms.Term(3); !errors.Is(err, ErrCompacted) {
		t.Fatalf("Term(3) after compaction: %v", err)
	}
	if _, err := ms.Entries(4, 6, noLimit); !errors.Is(err, ErrCompacted) {
		t.Fatalf("Entries(4, 6) after compaction: %v", err)
	}
	if err := ms.Compact(3); !errors.Is(err, ErrCompacted) {
		t.Fatalf("compacting again below: %v", err)
	}
	// Views stay valid: a truncating append never changes entries handed out.
	view, _ := ms.Entries(5, 8, noLimit)
	before := append([]Entry(nil), view...)
	if err := ms.Append([]Entry{{Term: 4, Index: 6}}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(view, before) {
		t.Fatal("a truncating append changed entries already handed out")
	}
	if l, _ := ms.LastIndex(); l != 6 {
		t.Fatalf("last index after truncation %d", l)
	}
	// Appending entries that are partly compacted keeps the rest.
	if err := ms.Append([]Entry{{Term: 2, Index: 4}, {Term: 3, Index: 5}, {Term: 4, Index: 6}, {Term: 4, Index: 7}}); err != nil {
		t.Fatal(err)
	}
	if l, _ := ms.LastIndex(); l != 7 {
		t.Fatalf("last index %d", l)
	}
	// A received snapshot replaces everything.
	if err := ms.ApplySnapshot(Snapshot{Metadata: SnapshotMetadata{Index: 20, Term: 5}}); err != nil {
		t.Fatal(err)
	}
	if f, _ := ms.FirstIndex(); f != 21 {
		t.Fatalf("first index after ApplySnapshot(20) = %d", f)
	}
	if l, _ := ms.LastIndex(); l != 20 {
		t.Fatalf("last index after ApplySnapshot(20) = %d", l)
	}
	if err := ms.ApplySnapshot(Snapshot{Metadata: SnapshotMetadata{Index: 10, Term: 5}}); !errors.Is(err, ErrSnapOutOfDate) {
		t.Fatalf("an older snapshot applied: %v", err)
	}
	if err := ms.Append([]Entry{{Term: 5, Index: 22}}); err == nil {
		t.Fatal("a gap after the snapshot accepted")
	}
}

// A node restarted from a compacted storage (a snapshot and the entries after it) is exactly
// the node that stopped: same term, vote, commit index and log; the snapshot counts as applied,
// and the committed entries after it are handed out again, once.
//
// Tests RAFT-SNAP-1, RAFT-PERSIST-3.
func TestRestartFromSnapshotAndTail(t *testing.T) {
	ms := storageWith(t, 1, 1, 2, 2, 3, 3)
	ms.SetHardState(HardState{Term: 3, Vote: 2, Commit: 5})
	ms.SetConfState(ConfState{Voters: []uint64{1, 2, 3}})
	if _, err := ms.CreateSnapshot(3, nil, []byte("s")); err != nil {
		t.Fatal(err)
	}
	if err := ms.Compact(3); err != nil {
		t.Fatal(err)
	}
	rn := newTestRawNode(t, 1, nil, func(c *Config) { c.Storage = ms })
	st := rn.BasicStatus()
	want := BasicStatus{ID: 1, HardState: HardState{Term: 3, Vote: 2, Commit: 5}, SoftState: SoftState{RaftState: StateFollower},
		Applied: 3, LastIndex: 6, LastTerm: 3, FirstIndex: 4}
	if st != want {
		t.Fatalf("restarted status\n got %+v\nwant %+v", st, want)
	}
	rd := rn.Ready()
	if !rd.Snapshot.IsEmpty() || len(rd.Entries) != 0 || len(rd.CommittedEntries) != 2 || rd.CommittedEntries[0].Index != 4 {
		t.Fatalf("restart ready: snapshot %v, entries %v, committed %v", rd.Snapshot.Metadata, rd.Entries, rd.CommittedEntries)
	}
	persistAndAdvance(t, rn, rd)
	if rn.HasReady() {
		t.Fatalf("committed entries handed out twice: %+v", rn.Ready())
	}
	// Its log still answers the consistency check at the snapshot's index, and refuses below.
	if !rn.raft.log.matchTerm(3, 2) || rn.raft.log.matchTerm(2, 1) {
		t.Fatal("terms at and below the snapshot")
	}
	// A commit index below the snapshot is an inconsistent storage.
	bad := storageWith(t, 1, 1, 1)
	bad.SetConfState(ConfState{Voters: []uint64{1}})
	if _, err := bad.CreateSnapshot(2, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := bad.Compact(2); err != nil {
		t.Fatal(err)
	}
	bad.SetHardState(HardState{Term: 1, Commit: 1})
	if _, err := NewRawNode(&Config{ID: 1, Storage: bad}); err == nil {
		t.Fatal("a commit index below the snapshot was accepted")
	}
}

// The follower's side of InstallSnapshot on edge cases: a snapshot at or below its commit
// index changes nothing, one whose last entry it holds only commits, a foreign membership is
// refused, and chunks out of order are not taken.
//
// Tests RAFT-SNAP-5, RAFT-SNAP-6.
func TestFollowerInstallsSnapshots(t *testing.T) {
	follower := func() *RawNode {
		ms := storageWith(t, 1, 1, 1, 1)
		ms.SetHardState(HardState{Term: 1, Commit: 2})
		return newTestRawNode(t, 2, []uint64{1, 2, 3}, func(c *Config) { c.Storage = ms })
	}
	// The snapshot chunked into three below: its data, for the checksum every chunk carries.
	const chunked = "abcde"
	snapMsg := func(index, term uint64, voters []uint64, off uint64, data string, size uint64) Message {
		whole := data
		if uint64(len(data)) < size {
			whole = chunked
		}
		return Message{Type: MsgSnap, From: 1, To: 2, Term: 1, ChunkOffset: off, SnapshotSize: size, Context: []byte(SnapshotChecksum([]byte(whole))),
			Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: index, Term: term, ConfState: ConfState{Voters: voters}}, Data: []byte(data)}}
	}
	voters := []uint64{1, 2, 3}

	// At or below the commit index: answered with the commit index, log untouched.
	rn := follower()
	if err := rn.Step(snapMsg(2, 1, voters, 0, "", 0)); err != nil {
		t.Fatal(err)
	}
	rd := rn.Ready()
	if !rd.Snapshot.IsEmpty() || len(rd.Messages) != 1 || rd.Messages[0].Type != MsgAppResp || rd.Messages[0].Index != 2 || rn.BasicStatus().LastIndex != 4 {
		t.Fatalf("old snapshot: %+v, messages %v", rd.Snapshot.Metadata, rd.Messages)
	}

	// The follower has the snapshot's last entry: it commits, keeps its log, and answers that
	// it matches the leader up to the snapshot only: its entry 4 may be of a stale term (the
	// answer "4" let a leader commit on a false quorum, which MCRaftSnapshot.cfg found).
	rn = follower()
	if err := rn.Step(snapMsg(3, 1, voters, 0, "xy", 2)); err != nil {
		t.Fatal(err)
	}
	rd = rn.Ready()
	if !rd.Snapshot.IsEmpty() || rn.BasicStatus().Commit != 3 || rn.BasicStatus().LastIndex != 4 || rd.Messages[0].Index != 3 {
		t.Fatalf("matching snapshot: %+v, status %+v, messages %v", rd.Snapshot.Metadata, rn.BasicStatus(), rd.Messages)
	}

	// A newer snapshot of another term: installed, the log now ends at its index.
	rn = follower()
	for _, m := range []Message{snapMsg(9, 1, voters, 0, "abc", 5), snapMsg(9, 1, voters, 4, "e", 5), snapMsg(9, 1, voters, 3, "d", 5)} {
		if err := rn.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	if rn.raft.receiving == nil || len(rn.raft.receiving.data) != 4 {
		t.Fatalf("out-of-order chunk taken: %+v", rn.raft.receiving)
	}
	if err := rn.Step(snapMsg(9, 1, voters, 4, "e", 5)); err != nil {
		t.Fatal(err)
	}
	rd = rn.Ready()
	if rd.Snapshot.Metadata.Index != 9 || string(rd.Snapshot.Data) != "abcde" || rd.HardState.Commit != 9 {
		t.Fatalf("installed snapshot %+v %q, hard state %+v", rd.Snapshot.Metadata, rd.Snapshot.Data, rd.HardState)
	}
	acks := []uint64{}
	for _, m := range rd.Messages {
		acks = append(acks, m.ChunkOffset)
	}
	if last := rd.Messages[len(rd.Messages)-1]; last.Type != MsgAppResp || last.Index != 9 || !reflect.DeepEqual(acks, []uint64{3, 3, 4, 0}) {
		t.Fatalf("acknowledgements %v, last %v", acks, last)
	}
	persistAndAdvance(t, rn, rd)
	if st := rn.BasicStatus(); st.Applied != 9 || st.FirstIndex != 10 || st.LastIndex != 9 {
		t.Fatalf("after installing: %+v", st)
	}

	// A snapshot that names no voters is persisted with the node's own membership, so that the
	// node can restart from it.
	rn = follower()
	if err := rn.Step(snapMsg(9, 1, nil, 0, "", 0)); err != nil {
		t.Fatal(err)
	}
	if rd := rn.Ready(); !reflect.DeepEqual(rd.Snapshot.Metadata.ConfState.Voters, voters) {
		t.Fatalf("installed a snapshot with voters %v", rd.Snapshot.Metadata.ConfState.Voters)
	}

	// A malformed membership: refused, nothing changes.
	rn = follower()
	before := rn.BasicStatus()
	if err := rn.Step(snapMsg(9, 1, []uint64{1, 2, 2}, 0, "", 0)); err == nil || rn.BasicStatus() != before {
		t.Fatalf("snapshot with a voter listed twice: %v", err)
	}
}

// ReportCompacted traces the application's compaction once (CompactLog, with the snapshot's
// index), refuses an index the node has not applied, and ignores one a snapshot the node
// already knows of covers (a restart from a compacted storage knows its snapshot).
//
// Tests RAFT-SNAP-2.
func TestReportCompactedTracesCompactLog(t *testing.T) {
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ms := storageWith(t, 1, 1, 2, 2, 3, 3)
	ms.SetHardState(HardState{Term: 3, Commit: 5})
	ms.SetConfState(ConfState{Voters: []uint64{1, 2, 3}})
	var compactions []uint64
	tracer := TracerFunc(func(ev TraceEvent) {
		if ev.Action == TraceCompactLog {
			compactions = append(compactions, ev.SnapshotIndex)
		}
	})
	rn := newTestRawNode(t, 1, nil, func(c *Config) { c.Storage, c.Tracer = ms, tracer })
	if err := rn.ReportCompacted(3); err == nil {
		t.Fatal("a compaction beyond the applied index (0) was accepted")
	}
	persistAndAdvance(t, rn, rn.Ready()) // applies 1..5
	if _, err := ms.CreateSnapshot(3, nil, []byte("s")); err != nil {
		t.Fatal(err)
	}
	must(ms.Compact(3))
	must(rn.ReportCompacted(3))
	must(rn.ReportCompacted(3))
	must(rn.ReportCompacted(2))
	if err := rn.ReportCompacted(6); err == nil {
		t.Fatal("a compaction beyond the applied index (5) was accepted")
	}
	if !reflect.DeepEqual(compactions, []uint64{3}) {
		t.Fatalf("CompactLog events at %v, want [3]", compactions)
	}
	restarted := newTestRawNode(t, 1, nil, func(c *Config) { c.Storage, c.Tracer = ms, tracer })
	persistAndAdvance(t, restarted, restarted.Ready())
	must(restarted.ReportCompacted(3))
	if !reflect.DeepEqual(compactions, []uint64{3}) {
		t.Fatalf("a restart from the snapshot traced it again: CompactLog events at %v", compactions)
	}
}

// A snapshot is identified by its index, term and checksum (the Context of every chunk): a
// follower installs only bytes that have the checksum their chunks carried, resumes a receipt
// only with chunks of the same checksum, and refuses a chunk that carries none.
//
// Tests RAFT-SNAP-7.
func TestFollowerChecksSnapshotChecksums(t *testing.T) {
	follower := func() *RawNode {
		ms := storageWith(t, 1, 1, 1, 1)
		ms.SetHardState(HardState{Term: 1, Commit: 2})
		return newTestRawNode(t, 2, []uint64{1, 2, 3}, func(c *Config) { c.Storage = ms })
	}
	meta := SnapshotMetadata{Index: 9, Term: 1, ConfState: ConfState{Voters: []uint64{1, 2, 3}}}
	chunk := func(off uint64, data, of string) Message {
		return Message{Type: MsgSnap, From: 1, To: 2, Term: 1, ChunkOffset: off, SnapshotSize: uint64(len(of)),
			Context: []byte(SnapshotChecksum([]byte(of))), Snapshot: &Snapshot{Metadata: meta, Data: []byte(data)}}
	}
	step := func(rn *RawNode, m Message) Message {
		t.Helper()
		if err := rn.Step(m); err != nil {
			t.Fatal(err)
		}
		rd := rn.Ready()
		if !rd.Snapshot.IsEmpty() {
			t.Fatalf("installed %q", rd.Snapshot.Data)
		}
		return rd.Messages[len(rd.Messages)-1]
	}

	// Chunks that carry the checksum of "abcdef" but whose bytes are not it: nothing is
	// installed, and the answer asks the leader to start over (Reject).
	rn := follower()
	step(rn, chunk(0, "abc", "abcdef"))
	if ans := step(rn, chunk(3, "xyz", "abcdef")); ans.Type != MsgSnapResp || !ans.Reject || ans.ChunkOffset != 0 || rn.raft.receiving != nil {
		t.Fatalf("bytes of another checksum: answered %v, receiving %+v", ans, rn.raft.receiving)
	}

	// A receipt of "abcdef" and a chunk of "abcXYZ" (same index, term and size): the first
	// chunk of the other bytes starts over, a later one is not appended.
	rn = follower()
	step(rn, chunk(0, "abc", "abcdef"))
	if ans := step(rn, chunk(3, "XYZ", "abcXYZ")); ans.Type != MsgSnapResp || ans.ChunkOffset != 0 || string(rn.raft.receiving.data) != "abc" {
		t.Fatalf("a later chunk of other bytes: answered %v, holding %q", ans, rn.raft.receiving.data)
	}
	if ans := step(rn, chunk(0, "abc", "abcXYZ")); ans.ChunkOffset != 3 || rn.raft.receiving.sum != SnapshotChecksum([]byte("abcXYZ")) {
		t.Fatalf("the first chunk of other bytes: answered %v, receiving %+v", ans, rn.raft.receiving)
	}
	if err := rn.Step(chunk(3, "XYZ", "abcXYZ")); err != nil {
		t.Fatal(err)
	}
	if rd := rn.Ready(); string(rd.Snapshot.Data) != "abcXYZ" {
		t.Fatalf("installed %q", rd.Snapshot.Data)
	}

	// A chunk without a checksum is refused.
	rn = follower()
	m := chunk(0, "abcdef", "abcdef")
	m.Context = nil
	if err := rn.Step(m); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("a chunk without a checksum: %v", err)
	}
}
