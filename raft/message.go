package raft

import "fmt"

// MessageType is the kind of a Message. Local messages (MsgHup, MsgBeat) never travel on the
// wire; the others are exchanged between nodes.
type MessageType uint8

// Message types. The zero value is invalid, so an all-zero message is rejected by Step.
const (
	MsgHup               MessageType = iota + 1 // local: start an election (Timeout)
	MsgBeat                                     // local: leader sends heartbeats
	MsgProp                                     // a client proposal, local or forwarded to the leader
	MsgApp                                      // AppendEntries request
	MsgAppResp                                  // AppendEntries response
	MsgVote                                     // RequestVote request
	MsgVoteResp                                 // RequestVote response
	MsgPreVote                                  // PreVote request (thesis 9.6)
	MsgPreVoteResp                              // PreVote response
	MsgHeartbeat                                // empty AppendEntries carrying commit and a ReadIndex context
	MsgHeartbeatResp                            // heartbeat acknowledgement
	MsgTransferLeader                           // ask the leader to hand leadership to From
	MsgTimeoutNow                               // leader tells the transferee to start an election now
	MsgReadIndex                                // ReadIndex request, local or forwarded to the leader
	MsgReadIndexResp                            // leader's answer to a forwarded ReadIndex request
	MsgSnap                                     // InstallSnapshot request: one chunk of a snapshot
	MsgSnapResp                                 // InstallSnapshot response: how much of the snapshot the follower holds
	MsgSnapStatus                               // local: the caller reports a snapshot transfer's outcome (ReportSnapshot)
	MsgUnreachable                              // local: the caller reports a follower unreachable (ReportUnreachable)
	MsgStorageAppend                            // local, AsyncStorageWrites: persist this, then deliver Responses
	MsgStorageAppendResp                        // local, AsyncStorageWrites: the storage made a MsgStorageAppend durable
	MsgStorageApply                             // local, AsyncStorageWrites: apply these committed entries, then deliver Responses
	MsgStorageApplyResp                         // local, AsyncStorageWrites: the state machine applied a MsgStorageApply
	maxMessageType
)

var messageTypeNames = [...]string{
	"MsgInvalid", "MsgHup", "MsgBeat", "MsgProp", "MsgApp", "MsgAppResp", "MsgVote", "MsgVoteResp",
	"MsgPreVote", "MsgPreVoteResp", "MsgHeartbeat", "MsgHeartbeatResp", "MsgTransferLeader",
	"MsgTimeoutNow", "MsgReadIndex", "MsgReadIndexResp", "MsgSnap", "MsgSnapResp", "MsgSnapStatus",
	"MsgUnreachable", "MsgStorageAppend", "MsgStorageAppendResp", "MsgStorageApply", "MsgStorageApplyResp",
}

func (t MessageType) String() string {
	if int(t) < len(messageTypeNames) {
		return messageTypeNames[t]
	}
	return fmt.Sprintf("MessageType(%d)", uint8(t))
}

// IsLocal reports whether t is generated inside a node (or by its caller) and never sent over
// the network.
func (t MessageType) IsLocal() bool {
	switch t {
	case MsgHup, MsgBeat, MsgSnapStatus, MsgUnreachable,
		MsgStorageAppend, MsgStorageAppendResp, MsgStorageApply, MsgStorageApplyResp:
		return true
	}
	return false
}

// The addresses of the local storage threads of Config.AsyncStorageWrites: a node's
// MsgStorageAppend goes To LocalAppendThread and its MsgStorageApply To LocalApplyThread, and
// the responses they return come From them. No node may have these IDs.
const (
	LocalAppendThread uint64 = ^uint64(0)
	LocalApplyThread  uint64 = ^uint64(0) - 1
)

// IsResponse reports whether t answers an earlier request.
func (t MessageType) IsResponse() bool {
	switch t {
	case MsgAppResp, MsgVoteResp, MsgPreVoteResp, MsgHeartbeatResp, MsgReadIndexResp, MsgSnapResp:
		return true
	}
	return false
}

// voteResponseType maps a vote request type to the type of its response.
func voteResponseType(t MessageType) MessageType {
	if t == MsgPreVote {
		return MsgPreVoteResp
	}
	return MsgVoteResp
}

// Message is the single envelope for every protocol message. Field meanings per type:
//
//   - MsgApp: Index/LogTerm are prevLogIndex/prevLogTerm, Entries follow them, Commit is the
//     leader's commit index.
//   - MsgAppResp: on success Index is the last index the follower now matches; on rejection
//     Index echoes the rejected prevLogIndex and RejectHint/LogTerm carry the conflict hint
//     (the first index the follower holds of term LogTerm, or its last index + 1 with LogTerm 0).
//   - MsgVote/MsgPreVote: Index/LogTerm describe the candidate's last entry; Context is
//     "CampaignTransfer" for an election started by MsgTimeoutNow.
//   - MsgHeartbeat/MsgHeartbeatResp: Commit is min(follower match, leader commit); Context
//     identifies the newest pending ReadIndex request.
//   - MsgReadIndex/MsgReadIndexResp: Context is the caller's request ID, Index the read index.
//   - MsgSnap: Snapshot holds the snapshot's metadata and the chunk of its data that starts at
//     byte ChunkOffset; SnapshotSize is the length of the whole data (the last chunk ends there).
//     Index/LogTerm repeat the snapshot's index and term.
//   - MsgSnapResp: Index/LogTerm name the snapshot, ChunkOffset is how many bytes of its data the
//     follower holds; the leader continues from there. Once installed, the follower answers with
//     a MsgAppResp instead.
//   - MsgSnapStatus (local): From is the follower, Reject reports a failed transfer.
//   - MsgUnreachable (local): From is the follower the caller could not reach.
//   - MsgStorageAppend (local, AsyncStorageWrites): To is LocalAppendThread. Entries, Snapshot
//     (if not nil) and the HardState in Term, Vote and Commit (all three zero when it did not
//     change) are to be persisted, after every earlier MsgStorageAppend; once durable, every
//     message of Responses is delivered: its To names a peer (send it) or the node itself
//     (step it).
//   - MsgStorageAppendResp (local): the node's acknowledgement of its own write, From
//     LocalAppendThread. Term, Vote are the node's term and vote the write made durable,
//     Index/LogTerm its last entry (0 if the write left none unstable), Snapshot the snapshot
//     it persisted, if any, and Responses the other messages delivered with it (trace only).
//   - MsgStorageApply (local): To is LocalApplyThread; apply Entries (committed, in order), then
//     step Responses (a MsgStorageApplyResp carrying the same Entries).
//
// With AsyncStorageWrites the node's answers that report durable state (MsgAppResp,
// MsgVoteResp, its own vote and its own log as leader) travel in MsgStorageAppend.Responses
// instead of Ready.Messages (RAFT-PERSIST-5).
//
// Step takes ownership of a message's slices (Entries and their Data, Context, Snapshot.Data):
// the caller must not modify them afterwards. The messages of a Ready share memory with the
// node's log: send or copy them before the next Advance.
type Message struct {
	Type       MessageType
	To         uint64
	From       uint64
	Term       uint64
	LogTerm    uint64
	Index      uint64
	Entries    []Entry
	Commit     uint64
	Reject     bool
	RejectHint uint64
	Context    []byte

	Snapshot     *Snapshot
	ChunkOffset  uint64
	SnapshotSize uint64

	// Vote is the HardState's vote of a MsgStorageAppend and a MsgStorageAppendResp.
	Vote uint64
	// Responses are the messages to deliver once a MsgStorageAppend or MsgStorageApply is done.
	Responses []Message
}

func (m Message) String() string {
	s := fmt.Sprintf("%s->%s %s Term:%d Log:%d/%d", nodeName(m.From), nodeName(m.To), m.Type, m.Term, m.LogTerm, m.Index)
	if m.Type == MsgStorageAppend || m.Type == MsgStorageAppendResp {
		s += fmt.Sprintf(" Vote:%d", m.Vote)
	}
	if m.Reject {
		s += fmt.Sprintf(" Rejected (Hint: %d)", m.RejectHint)
	}
	if m.Commit != 0 {
		s += fmt.Sprintf(" Commit:%d", m.Commit)
	}
	if len(m.Entries) > 0 {
		s += " Entries:["
		for i, e := range m.Entries {
			if i > 0 {
				s += ", "
			}
			s += fmt.Sprintf("%d/%d", e.Term, e.Index)
			if e.Type == EntryConfChange {
				if cc, _, _, err := DecodeConfChangeEntry(e.Data); err == nil {
					s += fmt.Sprintf(" conf %v", cc)
				} else {
					s += " conf malformed"
				}
			} else if len(e.Data) > 0 {
				s += fmt.Sprintf(" %q", e.Data)
			}
		}
		s += "]"
	}
	if len(m.Context) > 0 && m.Type != MsgSnap { // a MsgSnap's is its snapshot's checksum
		s += fmt.Sprintf(" Context:%q", m.Context)
	}
	if sn := m.Snapshot; sn != nil {
		s += fmt.Sprintf(" Snapshot: Index:%d Term:%d Voters:%v Chunk:%d+%d/%d",
			sn.Metadata.Index, sn.Metadata.Term, sn.Metadata.ConfState.Voters, m.ChunkOffset, len(sn.Data), m.SnapshotSize)
	} else if m.Type == MsgSnapResp {
		s += fmt.Sprintf(" Held:%d", m.ChunkOffset)
	}
	if len(m.Responses) > 0 && m.Type != MsgStorageAppendResp { // its copy is the write's (trace only)
		s += " Responses:["
		for i, r := range m.Responses {
			if i > 0 {
				s += ", "
			}
			s += r.String()
		}
		s += "]"
	}
	return s
}

// nodeName is a node ID as messages print it: the local storage threads by name.
func nodeName(id uint64) string {
	switch id {
	case LocalAppendThread:
		return "AppendThread"
	case LocalApplyThread:
		return "ApplyThread"
	}
	return fmt.Sprint(id)
}
