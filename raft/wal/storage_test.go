package wal_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// storageNode is a raft node persisting through a wal.Storage, with a state machine that
// appends each applied entry's data to a list; its snapshot data is that list.
type storageNode struct {
	id      uint64
	fsys    *vfs.Mem
	st      *wal.Storage
	rn      *raft.RawNode
	applied uint64
	sm      []string
	every   uint64 // take a snapshot every this many applied entries (0: never)
	snaps   int    // snapshots taken
	install int    // snapshots installed from a leader
}

func openStorageNode(t testing.TB, id uint64, fsys *vfs.Mem, every uint64) (*storageNode, error) {
	st, rec, err := wal.OpenStorage("/n", wal.Options{FS: fsys, SegmentSize: 512})
	if err != nil {
		return nil, err
	}
	n := &storageNode{id: id, fsys: fsys, st: st, every: every}
	if rec.Snapshot != nil {
		n.restore(rec.Snapshot.Data, rec.Snapshot.Index)
	}
	rn, err := raft.NewRawNode(&raft.Config{ID: id, Peers: []uint64{1, 2, 3}, Storage: st, ElectionTick: 10, HeartbeatTick: 1,
		MaxSnapshotChunkSize: 64, DisablePreVote: true})
	if err != nil {
		st.Close()
		return nil, err
	}
	n.rn = rn
	return n, nil
}

func (n *storageNode) restore(data []byte, index uint64) {
	n.sm = nil
	if len(data) > 0 {
		n.sm = strings.Split(string(data), ",")
	}
	n.applied = index
}

// handle runs the node's Readys: persist (one WAL batch, synced when the Ready must be), apply,
// snapshot every n applied entries, and return the messages to send.
func (n *storageNode) handle() ([]raft.Message, error) {
	var out []raft.Message
	for n.rn.HasReady() {
		rd := n.rn.Ready()
		if err := n.st.Save(&rd, nil); err != nil {
			return out, err
		}
		if rd.MustSync {
			if err := n.st.Sync(); err != nil {
				return out, err
			}
		}
		if !rd.Snapshot.IsEmpty() {
			n.restore(rd.Snapshot.Data, rd.Snapshot.Metadata.Index)
			n.install++
		}
		for _, e := range rd.CommittedEntries {
			if e.Index <= n.applied {
				continue
			}
			if len(e.Data) > 0 {
				n.sm = append(n.sm, string(e.Data))
			}
			n.applied = e.Index
		}
		out = append(out, rd.Messages...)
		n.rn.Advance(rd)
		if snap, _ := n.st.Snapshot(); n.every > 0 && n.applied >= snap.Metadata.Index+n.every {
			if _, err := n.st.CreateSnapshot(n.applied, nil, []byte(strings.Join(n.sm, ","))); err != nil {
				return out, err
			}
			n.snaps++
		}
	}
	return out, n.rn.Err()
}

// run delivers messages among the nodes until none is left; messages to or from a node in
// down are dropped.
func runNodes(t testing.TB, nodes map[uint64]*storageNode, down map[uint64]bool) {
	t.Helper()
	for rounds := 0; ; rounds++ {
		require.Less(t, rounds, 10000, "the cluster does not settle")
		var msgs []raft.Message
		for id := uint64(1); id <= 3; id++ {
			out, err := nodes[id].handle()
			require.NoError(t, err, "node %d", id)
			msgs = append(msgs, out...)
		}
		if len(msgs) == 0 {
			return
		}
		for _, m := range msgs {
			if down[m.From] || down[m.To] {
				continue
			}
			m = decodeCopy(t, m)
			require.NoError(t, nodes[m.To].rn.Step(m))
		}
	}
}

// decodeCopy passes m through the wire encoding, as a transport would, so that no node shares
// memory with another.
func decodeCopy(t testing.TB, m raft.Message) raft.Message {
	c, err := raft.UnmarshalMessage(raft.MarshalMessage(m))
	require.NoError(t, err)
	return c
}

// A cluster on wal.Storage: the leader and a follower snapshot every 10 applied entries and
// release their log segments, a partitioned follower catches up by InstallSnapshot, which it
// persists in one batch with its hard state, and after a machine failure (unsynced writes
// lost) every node restarts from its snapshot and tail with the same log and state machine.
//
// Tests RAFT-SNAP-2, RAFT-SNAP-3, RAFT-WAL-3, RAFT-PERSIST-3.
func TestStorageSnapshotsCatchUpAndRestart(t *testing.T) {
	nodes := map[uint64]*storageNode{}
	for id := uint64(1); id <= 3; id++ {
		n, err := openStorageNode(t, id, vfs.NewMem(), 10)
		require.NoError(t, err)
		nodes[id] = n
	}
	require.NoError(t, nodes[1].rn.Campaign())
	runNodes(t, nodes, nil)
	require.Equal(t, raft.StateLeader, nodes[1].rn.Status().RaftState)

	down := map[uint64]bool{3: true}
	var want []string
	for i := 0; i < 95; i++ {
		v := fmt.Sprintf("v%d", i)
		want = append(want, v)
		require.NoError(t, nodes[1].rn.Propose([]byte(v)))
		runNodes(t, nodes, down)
	}
	require.Equal(t, want, nodes[1].sm)
	require.Greater(t, nodes[1].snaps, 5)
	first, _ := nodes[1].st.FirstIndex()
	require.Greater(t, first, uint64(80), "the leader compacted its log")
	require.LessOrEqual(t, len(nodes[1].st.WAL().Segments()), 3, "the leader released its old segments")

	// The follower comes back: it needs entries the leader no longer has.
	delete(down, 3)
	for i := 0; i < 5 && !equalStrings(nodes[3].sm, want); i++ {
		nodes[1].rn.Tick()
		runNodes(t, nodes, down)
	}
	require.Equal(t, want, nodes[3].sm)
	require.Equal(t, 1, nodes[3].install, "the follower installed a snapshot")

	// A machine failure of every node, then a restart from the WAL.
	for id := uint64(1); id <= 3; id++ {
		before := nodes[id]
		bs := before.rn.BasicStatus()
		n, err := openStorageNode(t, id, before.fsys.RebootDropUnsynced(), 10)
		require.NoError(t, err)
		after := n.rn.BasicStatus()
		require.Equal(t, bs.HardState.Term, after.HardState.Term, "node %d", id)
		require.Equal(t, bs.HardState.Vote, after.HardState.Vote, "node %d", id)
		require.Equal(t, bs.LastIndex, after.LastIndex, "node %d", id)
		_, err = n.handle() // apply the committed tail after the snapshot
		require.NoError(t, err)
		// The commit index is not synced: the node knows at least its snapshot committed.
		require.Equal(t, want[:len(n.sm)], n.sm, "node %d restarted", id)
		snap, err := n.st.Snapshot()
		require.NoError(t, err)
		require.GreaterOrEqual(t, n.applied, snap.Metadata.Index, "node %d", id)
		require.Greater(t, snap.Metadata.Index, uint64(80), "node %d restarted from its snapshot", id)
		nodes[id] = n
	}
	require.NoError(t, nodes[2].rn.Campaign())
	runNodes(t, nodes, nil)
	require.NoError(t, nodes[2].rn.Propose([]byte("after")))
	runNodes(t, nodes, nil)
	for id := uint64(1); id <= 3; id++ {
		require.Equal(t, append(want[:len(want):len(want)], "after"), nodes[id].sm, "node %d", id)
	}
}

func equalStrings(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// A single node on wal.Storage that snapshots every 4 entries, crashed at every file-system
// call and rebooted with unsynced writes lost, kept, or kept up to a torn write: recovery always
// succeeds, the restarted node's state machine (snapshot plus committed tail) is a prefix of
// the proposals that holds every acknowledged one, and it keeps working.
//
// Tests RAFT-WAL-1, RAFT-WAL-3, RAFT-PERSIST-3.
func TestStorageCrashAtEveryStep(t *testing.T) {
	const proposals = 24
	single := func(fsys *vfs.Mem) (*storageNode, error) {
		st, rec, err := wal.OpenStorage("/n", wal.Options{FS: fsys, SegmentSize: 256})
		if err != nil {
			return nil, err
		}
		n := &storageNode{id: 1, fsys: fsys, st: st, every: 4}
		if rec.Snapshot != nil {
			n.restore(rec.Snapshot.Data, rec.Snapshot.Index)
		}
		n.rn, err = raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
		if err != nil {
			return nil, err
		}
		return n, nil
	}
	// workload runs the proposals and returns how many were applied (acknowledged).
	workload := func(n *storageNode) (acked int, err error) {
		if err := n.rn.Campaign(); err != nil {
			return 0, err
		}
		if _, err := n.handle(); err != nil {
			return 0, err
		}
		for i := 0; i < proposals; i++ {
			if err := n.rn.Propose([]byte(fmt.Sprintf("p%d", i))); err != nil {
				return acked, err
			}
			if _, err := n.handle(); err != nil {
				return acked, err
			}
			acked = len(n.sm)
		}
		return acked, nil
	}
	clean := vfs.NewMem()
	n, err := single(clean)
	require.NoError(t, err)
	acked, err := workload(n)
	require.NoError(t, err)
	require.Equal(t, proposals, acked)
	require.Greater(t, n.snaps, 3)
	total := clean.Steps()

	for crashAt := 1; crashAt <= total; crashAt++ {
		fsys := vfs.NewMem()
		fsys.SetCrashAt(crashAt)
		n, err := single(fsys)
		acked := 0
		if err == nil {
			acked, err = workload(n)
		}
		require.True(t, errors.Is(err, vfs.ErrCrashed) || fsys.Crashed(), "crash at %d: %v", crashAt, err)
		for _, reboot := range []struct {
			name string
			fs   *vfs.Mem
		}{
			{"drop unsynced", fsys.RebootDropUnsynced()},
			{"keep written", fsys.RebootPrefix(len(fsys.Pending()), 0)},
			{"torn half", fsys.RebootPrefix(len(fsys.Pending())/2, 7)},
		} {
			desc := fmt.Sprintf("crash at step %d/%d, reboot %s", crashAt, total, reboot.name)
			r, err := single(reboot.fs)
			require.NoError(t, err, desc)
			// The commit index is not synced (Raft need not), so what was applied is known
			// committed again once the node commits an entry of its new term.
			require.NoError(t, r.rn.Campaign(), desc)
			_, err = r.handle()
			require.NoError(t, err, desc)
			require.NoError(t, r.rn.Propose([]byte("again")), desc)
			_, err = r.handle()
			require.NoError(t, err, desc)
			require.Equal(t, "again", r.sm[len(r.sm)-1], desc)
			got := r.sm[:len(r.sm)-1]
			require.GreaterOrEqual(t, len(got), acked, "%s: acknowledged proposals lost", desc)
			for i, v := range got {
				require.Equal(t, fmt.Sprintf("p%d", i), v, desc)
			}
		}
	}
}
