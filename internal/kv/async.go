package kv

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// handleReadyAsync does what each Ready asks when the core runs with AsyncStorageWrites
// (Config.AsyncWrites): the messages to peers leave at once, before the node's own write is
// durable (a leader's entries reach its followers while its disk works: thesis 10.2.1); the
// MsgStorageAppend is saved and synced, then its response is stepped back into the core
// (which then counts the leader's own log, or the candidate's own vote) and the answers it
// held (acknowledgements, votes) leave; the MsgStorageApply's entries, which the core hands
// out only once persisted, are applied and acknowledged.
//
// A traced node writes the steps' events to its trace file before anything they sent leaves.
// tla/Raft.tla's Restart restores the last write whose completion the node stepped
// (HandleStorageAppendResponse), while a node killed after its write reached the WAL and
// before it stepped the completion restarts with that write: so each write's batch carries
// the completion's event, computed in advance (nothing happens in between), and a restarted
// node completes its trace file from the WAL (completeTrace) with the completions it wrote
// but did not step.
func (n *Node) handleReadyAsync() error {
	for n.rn.HasReady() {
		rd := n.rn.Ready()
		n.readys++
		n.leading(rd)
		var write, apply *raft.Message
		peers := make([]raft.Message, 0, len(rd.Messages))
		for i := range rd.Messages {
			switch m := &rd.Messages[i]; m.To {
			case raft.LocalAppendThread:
				write = m
			case raft.LocalApplyThread:
				apply = m
			default:
				peers = append(peers, *m)
			}
		}
		if n.trace != nil {
			n.trace.write(n.trace.take())
		}
		n.send(peers)
		if write != nil {
			if err := n.persist(write); err != nil {
				return err
			}
		}
		if apply != nil {
			n.applyEntries(apply.Entries)
			for _, resp := range apply.Responses {
				if err := n.rn.Step(resp); err != nil {
					return fmt.Errorf("kv: node %d: stepping %s: %w", n.id, resp.Type, err)
				}
			}
		}
		for _, rs := range rd.ReadStates {
			if r, ok := n.reads[string(rs.RequestCtx)]; ok {
				delete(n.reads, string(rs.RequestCtx))
				r.index = rs.Index
				n.ready = append(n.ready, r)
			}
		}
		if write != nil {
			// The write is durable: the core takes it in (HandleStorageAppendResponse), then
			// the answers it held leave, after the step's event.
			var held []raft.Message
			for _, resp := range write.Responses {
				if resp.To != n.id {
					held = append(held, resp)
					continue
				}
				if err := n.rn.Step(resp); err != nil {
					return fmt.Errorf("kv: node %d: stepping %s: %w", n.id, resp.Type, err)
				}
			}
			if n.trace != nil {
				n.trace.write(n.trace.take())
			}
			n.send(held)
		}
		n.serveReads()
		if err := n.maybeSnapshot(); err != nil {
			return err
		}
	}
	return nil
}

// persist saves a MsgStorageAppend (with the event of its completion, for a traced node),
// syncs it unless it only moves the commit index (as a synchronous Ready's MustSync: a commit
// index lost in a crash is learnt again, and tla/Raft.tla's Restart allows any commit index
// down to the snapshot's), and installs the snapshot it carries.
func (n *Node) persist(m *raft.Message) error {
	rd := raft.Ready{HardState: raft.HardState{Term: m.Term, Vote: m.Vote, Commit: m.Commit}, Entries: m.Entries}
	if m.Snapshot != nil {
		rd.Snapshot = *m.Snapshot
	}
	mustSync := len(m.Entries) > 0 || m.Snapshot != nil || len(m.Responses) > 1 ||
		(!rd.HardState.IsEmpty() && (m.Term != n.persisted.Term || m.Vote != n.persisted.Vote))
	var events [][]byte
	if n.trace != nil {
		line, err := n.completionEvent(m)
		if err != nil {
			return err
		}
		events = [][]byte{line}
	}
	if err := n.storage.Save(&rd, events); err != nil {
		return err
	}
	if mustSync {
		if err := n.storage.Sync(); err != nil {
			return err
		}
	} else if err := n.storage.Flush(); err != nil {
		// Not durable, but out of the process: a kill -9 keeps it.
		return err
	}
	if !rd.HardState.IsEmpty() {
		n.persisted = rd.HardState
	}
	if !rd.Snapshot.IsEmpty() {
		// The leader's snapshot replaces the store; clients waiting for entries it covers
		// time out (their outcome is unknown to this node).
		if err := n.store.Restore(rd.Snapshot.Data, rd.Snapshot.Metadata.Index); err != nil {
			return err
		}
		n.snapIndex = rd.Snapshot.Metadata.Index
		n.installed++
	}
	return nil
}

// completionEvent is the trace line of the HandleStorageAppendResponse that stepping m's
// response will produce: the node's state as of its last event (the write's StorageAppend,
// which the completion does not change), the answers the write held as sent, the next count
// of the node's clock.
func (n *Node) completionEvent(m *raft.Message) ([]byte, error) {
	ev := n.lastEvent
	if ev.Action != raft.TraceStorageAppend {
		return nil, fmt.Errorf("kv: node %d: a write follows a %s event, not its StorageAppend", n.id, ev.Action)
	}
	ev.Action = raft.TraceHandleStorageAppendResp
	for _, resp := range m.Responses {
		if resp.To != n.id {
			ev.Sent = append(ev.Sent, resp)
		}
	}
	vc := n.vc.Clone()
	if err := vc.Tick(n.name); err != nil {
		return nil, err
	}
	return traceLine(n.id, ev, vc, n.ticks)
}
