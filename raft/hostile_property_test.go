package raft_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
	"pgregory.net/rapid"
)

// Raft tolerates crashes and an unreliable network, not forged messages: a message that claims
// to come from a voter is believed (a forged vote grant elects a second leader; a forged
// heartbeat commits what the sender says). So cluster-wide safety cannot survive arbitrary
// input, and no Raft implementation claims it. What every node guarantees whatever it receives
// is its own half of the safety argument, which this property checks by inspecting each node's
// state after every step of a cluster that also runs a random fault schedule:
//
//   - its term never decreases, not even across a restart, and never wraps (RAFT-ROBUST-2);
//   - it votes at most once per term, across restarts (RAFT-ELECT-3);
//   - it leads a term only after voting for itself in that term (RAFT-ELECT-1);
//   - its log is well formed: consecutive indexes, non-decreasing terms, none above its term;
//   - while it leads a term, its log only grows (RAFT-LOG-1);
//   - its commit index never decreases while it runs, never passes its last index, and a
//     leader's commit index only advances onto an entry of its own term (RAFT-COMMIT-2);
//   - it hands out committed entries once, in index order, and never changes one it handed
//     out, not even after a restart (RAFT-COMMIT-4);
//   - a message it refuses (Step returns an error) changes nothing at all (RAFT-ROBUST-1).
//
// The adversary's messages are drawn from the whole value space, not only protocol-shaped
// ones: any type byte, any sender (None, voters, strangers), terms and indexes at 0, around the
// node's own values and at the top of uint64, entries with arbitrary indexes and terms.
//
// Tests RAFT-ROBUST-1, RAFT-ROBUST-2, RAFT-ROBUST-4, RAFT-ELECT-3, RAFT-LOG-1, RAFT-COMMIT-2, RAFT-COMMIT-4.
func TestArbitraryMessagesKeepEveryNodesInvariants(t *testing.T) {
	rapid.Check(t, checkArbitraryMessages)
}

// interesting draws a uint64 that is often at a boundary: 0, around one of the node's own
// values, or at the top of the range.
func interesting(t *rapid.T, label string, around ...uint64) uint64 {
	switch rapid.IntRange(0, 5).Draw(t, label+"Kind") {
	case 0:
		return rapid.Uint64Range(0, 3).Draw(t, label)
	case 1, 2:
		if len(around) > 0 {
			v := rapid.SampledFrom(around).Draw(t, label+"Base")
			return v + uint64(rapid.IntRange(-2, 2).Draw(t, label+"Delta")) // wraps at 0 on purpose
		}
		return rapid.Uint64().Draw(t, label)
	case 3:
		return math.MaxUint64 - rapid.Uint64Range(0, 3).Draw(t, label)
	default:
		return rapid.Uint64().Draw(t, label)
	}
}

func drawArbitraryMessage(t *rapid.T, to uint64, voters int, st raft.Status) raft.Message {
	// rapid leans towards small draws, so the rare cases are the largest ones.
	typ := raft.MessageType(rapid.IntRange(3, 17).Draw(t, "type"))
	if rapid.IntRange(0, 9).Draw(t, "oddType") == 9 {
		typ = raft.MessageType(rapid.IntRange(0, 255).Draw(t, "typeByte"))
	}
	from := rapid.Uint64Range(1, uint64(voters)).Draw(t, "from")
	if rapid.IntRange(0, 4).Draw(t, "stranger") == 4 {
		from = rapid.SampledFrom([]uint64{0, 6, math.MaxUint64}).Draw(t, "strangerID")
	}
	m := raft.Message{
		Type: typ, To: to, From: from,
		Term:       interesting(t, "term", st.Term, st.Term+1, raft.MaxTerm),
		LogTerm:    interesting(t, "logTerm", st.LastTerm, st.Term),
		Index:      interesting(t, "index", st.LastIndex, st.Commit, raft.MaxIndex),
		Commit:     interesting(t, "commit", st.Commit, st.LastIndex),
		Reject:     rapid.Bool().Draw(t, "reject"),
		RejectHint: interesting(t, "hint", st.LastIndex, st.Commit),
	}
	if (typ == raft.MsgProp || typ == raft.MsgReadIndex || typ == raft.MsgTransferLeader) && rapid.IntRange(0, 4).Draw(t, "termful") != 4 {
		m.Term = 0 // requests carry no term
	}
	if rapid.IntRange(0, 19).Draw(t, "wrongTo") == 19 {
		m.To = interesting(t, "to")
	}
	switch rapid.IntRange(0, 3).Draw(t, "context") {
	case 1:
		m.Context = []byte("CampaignTransfer")
	case 2:
		m.Context = rapid.SliceOfN(rapid.Byte(), 1, 8).Draw(t, "ctx")
	}
	if typ == raft.MsgSnap || rapid.IntRange(0, 19).Draw(t, "oddSnapshot") == 19 {
		data := rapid.SliceOfN(rapid.Byte(), 0, 6).Draw(t, "snapData")
		m.Snapshot = &raft.Snapshot{Data: data, Metadata: raft.SnapshotMetadata{
			Index: interesting(t, "snapIndex", st.Commit, st.LastIndex, raft.MaxIndex),
			Term:  interesting(t, "snapTerm", st.Term, st.LastTerm),
		}}
		if rapid.IntRange(0, 3).Draw(t, "snapVoters") != 0 {
			m.Snapshot.Metadata.ConfState.Voters = []uint64{1, 2, 3, 4, 5}[:voters]
		}
		m.ChunkOffset = interesting(t, "chunkOffset", 0, uint64(len(data)))
		m.SnapshotSize = interesting(t, "snapshotSize", m.ChunkOffset+uint64(len(data)), uint64(len(data)))
	}
	if typ == raft.MsgSnapResp {
		m.ChunkOffset = interesting(t, "held", 0, 4, 8)
	}
	n := 0
	if typ == raft.MsgApp || typ == raft.MsgProp || rapid.IntRange(0, 9).Draw(t, "oddEntries") == 9 {
		n = rapid.IntRange(0, 6).Draw(t, "entries")
	}
	consecutive := rapid.Bool().Draw(t, "consecutive")
	for i := 0; i < n; i++ {
		e := raft.Entry{Term: interesting(t, "entryTerm", m.LogTerm, m.Term), Index: interesting(t, "entryIndex", m.Index+1)}
		if consecutive {
			e.Index = m.Index + 1 + uint64(i)
			if m.Term < math.MaxUint64 {
				e.Term %= m.Term + 1
			}
			e.Term = max(e.Term, m.LogTerm) // often valid: between prevLogTerm and the message term
		}
		if rapid.IntRange(0, 19).Draw(t, "oddEntryType") == 19 {
			e.Type = raft.EntryType(rapid.IntRange(0, 255).Draw(t, "entryType"))
		}
		e.Data = []byte(fmt.Sprintf("x%d", i))
		m.Entries = append(m.Entries, e)
	}
	return m
}

// nodeWatch is what the property remembers about one node. A crash loses what the node did
// not persist, which it never revealed, so the in-memory term and vote restart from the
// persisted ones; persisted votes must agree across restarts.
type nodeWatch struct {
	term      uint64            // highest term of this incarnation
	votes     map[uint64]uint64 // term -> vote, this incarnation
	persisted map[uint64]uint64 // term -> vote found in storage, across restarts
	commit    uint64            // commit index at the previous check, while running
	leadTerm  uint64            // term it led at the previous check, 0 if not leading
	leadLog   []raft.Entry      // its log then
	applied   map[uint64]raft.Entry
	seenApply int
	snapshot  uint64 // index of the snapshot the state machine was last restored from
}

func checkArbitraryMessages(t *rapid.T) {
	n := rapid.SampledFrom([]int{3, 5}).Draw(t, "nodes")
	seed := rapid.Uint64().Draw(t, "seed")
	c, err := rafttest.NewCluster(n, func(cfg *raft.Config) {
		cfg.ElectionTick = 4
		cfg.DisablePreVote = seed&1 != 0
		cfg.DisableCheckQuorum = seed&2 != 0
		cfg.MaxSizePerMsg = 64
		cfg.MaxInflightMsgs = 4
		cfg.Rand = pcg(seed, cfg.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	watch := map[uint64]*nodeWatch{}
	for _, id := range c.IDs {
		watch[id] = &nodeWatch{votes: map[uint64]uint64{}, persisted: map[uint64]uint64{}, applied: map[uint64]raft.Entry{}}
	}
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	check := func(id uint64) {
		node, w := c.Nodes[id], watch[id]
		hs, _, _ := node.Storage.InitialState()
		if hs.Vote != raft.None {
			if v, ok := w.persisted[hs.Term]; ok && v != hs.Vote {
				t.Fatalf("node %d: persisted votes for %d and %d in term %d", id, v, hs.Vote, hs.Term)
			}
			w.persisted[hs.Term] = hs.Vote
		}
		if node.Raw == nil {
			w.term, w.commit, w.leadTerm, w.seenApply, w.snapshot = hs.Term, 0, 0, 0, node.Snapshot.Index
			clear(w.votes)
			return
		}
		st := node.Raw.Status()
		if st.Term < w.term {
			t.Fatalf("node %d: term went back from %d to %d", id, w.term, st.Term)
		}
		w.term = st.Term
		if st.Vote != raft.None {
			if v, ok := w.votes[st.Term]; ok && v != st.Vote {
				t.Fatalf("node %d: voted for %d and then %d in term %d", id, v, st.Vote, st.Term)
			}
			w.votes[st.Term] = st.Vote
		}
		if st.RaftState == raft.StateLeader && st.Vote != id {
			t.Fatalf("node %d leads term %d having voted for %d", id, st.Term, st.Vote)
		}
		if st.Commit < w.commit || st.Commit > st.LastIndex {
			t.Fatalf("node %d: commit index %d (was %d, last index %d)", id, st.Commit, w.commit, st.LastIndex)
		}
		first := node.Raw.BasicStatus().FirstIndex
		log := node.Raw.Entries(first, st.LastIndex+1)
		if uint64(len(log)) != st.LastIndex+1-first {
			t.Fatalf("node %d: log [%d, %d] holds %d entries", id, first, st.LastIndex, len(log))
		}
		for i, e := range log {
			if e.Index != first+uint64(i) || e.Term > st.Term || (i > 0 && e.Term < log[i-1].Term) {
				t.Fatalf("node %d: malformed log at position %d: %d/%d (term %d)", id, i, e.Term, e.Index, st.Term)
			}
		}
		if st.RaftState == raft.StateLeader && st.Term == w.leadTerm {
			// The leader's log only grows: every entry it had is still there, unchanged.
			for _, e := range w.leadLog {
				if e.Index < first || e.Index > st.LastIndex || !reflect.DeepEqual(log[e.Index-first], e) {
					t.Fatalf("node %d: leader of term %d changed its own entry %d", id, st.Term, e.Index)
				}
			}
			if st.Commit > w.commit && st.Commit >= first && log[st.Commit-first].Term != st.Term {
				t.Fatalf("node %d: leader of term %d committed up to an entry of term %d", id, st.Term, log[st.Commit-first].Term)
			}
		}
		w.leadTerm, w.leadLog = 0, nil
		if st.RaftState == raft.StateLeader {
			w.leadTerm, w.leadLog = st.Term, log
		}
		w.commit = st.Commit
		if node.Snapshot.Index != w.snapshot || len(node.Applied) < w.seenApply {
			w.snapshot, w.seenApply = node.Snapshot.Index, 0 // restored from a snapshot
		}
		for i, e := range node.Applied[w.seenApply:] {
			idx := w.snapshot + uint64(w.seenApply+i+1)
			if e.Index != idx {
				t.Fatalf("node %d applied index %d in position %d", id, e.Index, idx)
			}
			if prev, ok := w.applied[idx]; ok && (prev.Term != e.Term || string(prev.Data) != string(e.Data)) {
				t.Fatalf("node %d applied %d/%q at index %d, and %d/%q before", id, e.Term, e.Data, idx, prev.Term, prev.Data)
			}
			w.applied[idx] = e
		}
		w.seenApply = len(node.Applied)
	}
	steps := rapid.IntRange(50, 300).Draw(t, "steps")
	for step := 0; step < steps; step++ {
		id := uint64(rng.IntN(n) + 1)
		node := c.Nodes[id]
		switch roll := rng.IntN(100); {
		case roll < 30 && node.Raw != nil:
			// The adversary: an arbitrary message, refused without a trace or taken in.
			m := drawArbitraryMessage(t, id, n, node.Raw.Status())
			before, hadReady := node.Raw.Status(), node.Raw.HasReady()
			if err := node.Raw.Step(m); err != nil {
				if !reflect.DeepEqual(node.Raw.Status(), before) || node.Raw.HasReady() != hadReady {
					t.Fatalf("node %d refused %v (%v) but changed", id, m, err)
				}
				var oe *raft.OverflowError
				if errors.As(err, &oe) && oe.Node != id {
					t.Fatalf("overflow error names node %d", oe.Node)
				}
			}
		case roll < 55:
			for _, id := range c.IDs {
				if c.Nodes[id].Raw != nil {
					if _, err := c.ProcessReady(id); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, _, err := c.Deliver(0); err != nil {
				// A node refusing a genuine message would be a bug; but the adversary's
				// messages may have led a node to send things its peers refuse (a term
				// beyond their range, say), so only panics are fatal here: drop the rest.
				c.Queue = nil
			}
		case roll < 75:
			for _, id := range c.IDs {
				if c.Nodes[id].Raw != nil {
					c.Nodes[id].Raw.Tick()
				}
			}
		case roll < 88 && node.Raw != nil:
			_ = node.Raw.Propose([]byte(fmt.Sprintf("p%d", step)))
		case roll < 94:
			if node.Raw != nil {
				_ = c.Crash(id)
			} else if err := c.Restart(id); err != nil {
				t.Fatal(err)
			}
		default:
			if node.Raw != nil {
				_ = node.Raw.Campaign()
			}
		}
		for _, id := range c.IDs {
			check(id)
		}
	}
}

// FuzzArbitraryMessages is TestArbitraryMessagesKeepEveryNodesInvariants as a coverage-guided
// fuzz target (the fuzzer's bytes feed rapid's draws), for long campaigns in fuzz/.
//
// Tests RAFT-ROBUST-1, RAFT-ROBUST-2, RAFT-ROBUST-4.
func FuzzArbitraryMessages(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkArbitraryMessages))
}
