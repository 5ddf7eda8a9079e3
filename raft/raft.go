package raft

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// campaignTransfer marks the vote requests of an election started by MsgTimeoutNow, which
// voters must not ignore even while they still hear from the current leader.
var campaignTransfer = []byte("CampaignTransfer")

// raft is the protocol state machine. It is not safe for concurrent use; RawNode wraps it.
type raft struct {
	id    uint64
	term  uint64
	vote  uint64
	state StateType
	lead  uint64
	log   *raftLog

	// conf is the configuration in use (confInUse of confs), confIndex the index of its entry;
	// confs lists the configurations of the log's configuration entries that are not
	// committed, after the latest committed one (thesis 4.1: a node uses the latest).
	conf      config
	confIndex uint64
	confs     []confAt
	prs       map[uint64]*progress
	votes     map[uint64]bool
	// catchUps are a leader's catch-up rounds of its learners (thesis 4.2.1).
	catchUps         map[uint64]*catchUp
	maxCatchUpRounds int
	// ticks counts the node's ticks since it started: the clock catch-up rounds are timed by.
	ticks uint64

	msgs       []Message
	readStates []ReadState
	// asyncWrites is Config.AsyncStorageWrites; msgsAfterAppend are then the messages that
	// wait for the state they report to be durable: they go out with the next
	// MsgStorageAppend's Responses.
	asyncWrites     bool
	msgsAfterAppend []Message

	electionElapsed           int
	heartbeatElapsed          int
	electionTimeout           int
	heartbeatTimeout          int
	randomizedElectionTimeout int

	preVote           bool
	checkQuorum       bool
	disableForwarding bool
	maxMsgSize        uint64
	maxInflight       int
	maxInflightBytes  uint64
	maxUncommitted    uint64 // MaxUncommittedEntriesSize, 0 for none
	maxChunk          uint64 // MaxSnapshotChunkSize
	uncommittedSize   uint64 // data bytes of the leader's entries not yet handed out committed
	pendingBroadcast  bool   // proposals appended since the last MsgApp broadcast
	leadTransferee    uint64
	// leaseTicks is the lease a confirmed heartbeat round gives a leader (0: LeaseReads off);
	// leaseForfeited says the leader began a leadership transfer in its term.
	leaseTicks     uint64
	leaseForfeited bool
	// restartLock: the node started with a persisted term (it may have acknowledged a leader's
	// heartbeat before), so with lease reads it ignores votes for its first election timeout.
	restartLock        bool
	readOnly           *readOnly
	pendingReadIndexes []Message // reads waiting for the first commit of the leader's term
	// receiving is the snapshot a follower is receiving chunk by chunk, if any.
	receiving *snapshotReceipt
	// compacted is the last index of the newest snapshot the node knows its storage to hold
	// (TLA+ snapshotIndex): at start, the storage's; then those it installs, sends or is told
	// of (ReportCompacted).
	compacted uint64

	rand   *rand.Rand
	tracer Tracer
	// count is tracer when it is a TraceCounter: events are counted, not built.
	count  TraceCounter
	traced int // msgs[:traced] were reported in an earlier trace event's Sent
	// matchBuf is scratch space for advanceCommitIndex, one slot per voter.
	matchBuf []uint64

	plantedBug // empty; see rules.go
}

// newRaft builds a node from its config and the state found in Config.Storage.
//
// TLA+: Restart.
//
// Implements RAFT-PERSIST-3.
func newRaft(c *Config) (*raft, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	hs, cs, err := c.Storage.InitialState()
	if err != nil {
		return nil, fmt.Errorf("raft: reading initial state: %w", err)
	}
	cs, err = c.initialConf(cs)
	if err != nil {
		return nil, err
	}
	log, err := newLog(c.Storage, c.MaxCommittedSizePerReady)
	if err != nil {
		return nil, err
	}
	last := log.lastIndex()
	if lastTerm, err := log.termErr(last); err != nil {
		return nil, fmt.Errorf("raft: reading the term of the last stored entry %d: %w", last, err)
	} else if lastTerm > hs.Term {
		return nil, fmt.Errorf("raft: stored entry %d has term %d above the stored term %d", last, lastTerm, hs.Term)
	}
	switch {
	case hs.Commit > last:
		return nil, fmt.Errorf("raft: stored commit index %d is beyond the last stored index %d", hs.Commit, last)
	case hs.Commit < log.committed && !hs.IsEmpty() && !c.AsyncStorageWrites:
		// With asynchronous writes the application may snapshot entries applied before the
		// write carrying their commit index was durable: the snapshot's index counts as
		// committed (RAFT-PERSIST-5).
		return nil, fmt.Errorf("raft: stored commit index %d is below the stored snapshot's index %d", hs.Commit, log.committed)
	case c.Applied > hs.Commit && c.Applied > log.committed:
		return nil, fmt.Errorf("raft: Config.Applied %d is beyond the stored commit index %d", c.Applied, hs.Commit)
	}
	log.committed = max(log.committed, hs.Commit)
	log.appliedTo(c.Applied)
	log.async = c.AsyncStorageWrites
	r := &raft{
		id:                c.ID,
		term:              hs.Term,
		vote:              hs.Vote,
		log:               log,
		electionTimeout:   c.ElectionTick,
		heartbeatTimeout:  c.HeartbeatTick,
		preVote:           !c.DisablePreVote,
		checkQuorum:       !c.DisableCheckQuorum,
		disableForwarding: c.DisableProposalForwarding,
		maxMsgSize:        c.MaxSizePerMsg,
		maxInflight:       c.MaxInflightMsgs,
		maxInflightBytes:  c.MaxInflightBytes,
		maxUncommitted:    c.MaxUncommittedEntriesSize,
		maxChunk:          c.MaxSnapshotChunkSize,
		rand:              rand.New(c.Rand),
		tracer:            c.Tracer,
		compacted:         log.firstIndex() - 1,
		maxCatchUpRounds:  c.MaxCatchUpRounds,
		asyncWrites:       c.AsyncStorageWrites,
		leaseTicks:        leaseTicksOf(c),
		plantedBug:        c.plantedBug,
	}
	r.count, _ = c.Tracer.(TraceCounter)
	if err := r.initConfs(cs, c.MaxSizePerMsg); err != nil {
		return nil, err
	}
	r.becomeFollower(r.term, None, "", nil)
	r.restartLock = r.leaseTicks > 0 && r.term > 0
	r.trace(TraceRestart, nil)
	return r, nil
}

// send queues m for the next Ready. With asynchronous writes, an answer that reports the
// node's log or vote (MsgAppResp, MsgVoteResp) waits for the next MsgStorageAppend instead: it
// may be sent only once what it reports is durable.
//
// Implements RAFT-PERSIST-5.
func (r *raft) send(m Message) {
	m.From = r.id
	if m.Term == 0 && m.Type != MsgProp && m.Type != MsgReadIndex && m.Type != MsgTransferLeader {
		m.Term = r.term
	}
	if r.asyncWrites && (m.Type == MsgAppResp || m.Type == MsgVoteResp) {
		r.msgsAfterAppend = append(r.msgsAfterAppend, m)
		return
	}
	r.msgs = append(r.msgs, m)
}

// forward queues m, a request the node passes on to its leader (a proposal, a ReadIndex or a
// transfer request from a follower), for the next Ready. Forwarding is not a step of
// tla/Raft.tla, so no trace event reports m as sent: it goes before the messages still
// waiting for their event (msgs[traced:]) and counts as reported, so that the next traced
// step is not credited with it.
func (r *raft) forward(m Message) {
	m.From = r.id
	if r.tracer == nil || r.traced >= len(r.msgs) {
		r.msgs = append(r.msgs, m)
		r.traced = len(r.msgs)
		return
	}
	r.msgs = slices.Insert(r.msgs, r.traced, m)
	r.traced++
}

func (r *raft) softState() SoftState { return SoftState{Lead: r.lead, RaftState: r.state} }

func (r *raft) trace(action TraceAction, m *Message) {
	if r.tracer == nil {
		return
	}
	r.traceRead(action, m, nil)
}

// traceRead is trace with the read an AnswerRead event answered.
func (r *raft) traceRead(action TraceAction, m *Message, read *ReadState) {
	r.emit(action, m, read, 0)
}

// emit reports an event with the node's state to the tracer: the message handled or sent, the
// read answered (AnswerRead) and the snapshot's index (CompactLog).
func (r *raft) emit(action TraceAction, m *Message, read *ReadState, snapshotIndex uint64) {
	if r.tracer == nil {
		return
	}
	if r.count != nil {
		r.traced = len(r.msgs)
		r.count()
		return
	}
	ev := r.event(action)
	ev.Read, ev.SnapshotIndex = read, snapshotIndex
	if m != nil {
		c := *m
		ev.Message = &c
	}
	if r.traced <= len(r.msgs) {
		ev.Sent = r.msgs[r.traced:]
	}
	r.traced = len(r.msgs)
	r.tracer.Trace(ev)
}

// traceSent reports an event whose sent messages are not the node's own (those a write's
// completion released: HandleStorageAppendResponse).
func (r *raft) traceSent(action TraceAction, sent []Message) {
	if r.tracer == nil {
		return
	}
	if r.count != nil {
		r.count()
		return
	}
	ev := r.event(action)
	ev.Sent = sent
	r.tracer.Trace(ev)
}

// event is a trace event of action with the node's state.
func (r *raft) event(action TraceAction) TraceEvent {
	return TraceEvent{
		Action: action, Node: r.id, Term: r.term, Vote: r.vote, Role: r.state, Lead: r.lead,
		LastIndex: r.log.lastIndex(), LastTerm: r.log.lastTerm(), Commit: r.log.committed,
	}
}

// reset moves to term (forgetting the vote only when the term changes) and clears every piece
// of per-role volatile state.
func (r *raft) reset(term uint64) {
	if r.term != term {
		r.term = term
		r.vote = None
	}
	r.lead = None
	r.electionElapsed = 0
	r.heartbeatElapsed = 0
	r.randomizedElectionTimeout = r.electionTimeout + r.rand.IntN(r.electionTimeout)
	r.leadTransferee = None
	r.leaseForfeited = false
	r.votes = map[uint64]bool{}
	r.pendingBroadcast = false
	r.readOnly = newReadOnly()
	r.pendingReadIndexes = nil
	r.uncommittedSize = 0
	r.catchUps = map[uint64]*catchUp{}
	r.prs = make(map[uint64]*progress, len(r.conf.members)+1)
	for _, id := range r.conf.members {
		r.prs[id] = newProgress(r.log.lastIndex()+1, r.maxInflight, r.maxInflightBytes)
	}
	if r.prs[r.id] == nil {
		// The node's own progress, kept even when it is not a member (a leader removing itself).
		r.prs[r.id] = newProgress(r.log.lastIndex()+1, r.maxInflight, r.maxInflightBytes)
	}
	r.prs[r.id].match = r.log.stable()
}

// becomeFollower moves to term as a follower of lead (None if unknown) and traces action with
// m, the message that caused the change; an empty action traces nothing (the constructor,
// which traces Restart instead).
//
// TLA+: UpdateTerm, HandleAppendEntriesRequest and HandleHeartbeatRequest (a candidate stepping
// down), LoseElection and CheckQuorumStepDown: the caller names the action.
//
// Implements RAFT-ELECT-2.
func (r *raft) becomeFollower(term, lead uint64, action TraceAction, m *Message) {
	r.reset(term)
	r.state = StateFollower
	r.lead = lead
	if action != "" {
		r.trace(action, m)
	}
}

// becomePreCandidate starts the PreVote phase without touching the term or the vote.
//
// TLA+: Timeout (with PreVote).
//
// Implements RAFT-ELECT-7.
func (r *raft) becomePreCandidate() {
	r.state = StatePreCandidate
	r.votes = map[uint64]bool{}
	r.lead = None
	r.trace(TraceTimeout, nil)
}

// becomeCandidate increments the term and votes for oneself: the TLA+ BecomeCandidate action
// for a pre-candidate that won its PreVote, Timeout for a node that skips PreVote, and
// HandleTimeoutNow for a transferee acting on timeoutNow (a MsgTimeoutNow; nil otherwise).
//
// TLA+: BecomeCandidate, Timeout (without PreVote), HandleTimeoutNow.
//
// Implements RAFT-ELECT-1.
func (r *raft) becomeCandidate(timeoutNow *Message) {
	action := TraceTimeout
	switch {
	case timeoutNow != nil:
		action = TraceHandleTimeoutNow
	case r.state == StatePreCandidate:
		action = TraceBecomeCandidate
	}
	r.reset(r.term + 1)
	r.vote = r.id
	r.state = StateCandidate
	r.trace(action, timeoutNow)
}

// becomeLeader takes the leadership with the no-op entry a new leader appends so that entries
// of earlier terms get committed.
//
// TLA+: BecomeLeader.
//
// Implements RAFT-COMMIT-3.
func (r *raft) becomeLeader() {
	r.reset(r.term)
	r.state = StateLeader
	r.lead = r.id
	for _, pr := range r.prs {
		pr.recentActive = true
	}
	r.log.append(Entry{Term: r.term, Index: r.log.lastIndex() + 1, Type: EntryNormal})
	r.startCatchUps()
	r.trace(TraceBecomeLeader, nil)
}

// poll records a vote response and reports the tally.
//
// TLA+: HandleRequestVoteResponse, HandlePreVoteResponse (votesResponded, votesGranted).
//
// With asynchronous writes a candidate wins only once its own vote is durable and counted: a
// leader whose term were lost in a crash could win the same term again and append different
// entries at the indexes it had sent before (RAFT-PERSIST-5).
func (r *raft) poll(id uint64, granted bool) (won, lost bool) {
	if _, ok := r.votes[id]; !ok {
		r.votes[id] = granted
	}
	won, lost = r.voteResult(r.votes)
	if won && r.asyncWrites && r.state == StateCandidate && !r.votes[r.id] {
		won = false
	}
	return won, lost
}

// campaign starts a pre-election (PreVote) or a real election; timeoutNow is the MsgTimeoutNow
// of a leadership transfer that started it, if any.
//
// TLA+: Timeout, BecomeCandidate, RequestVote (and BecomeLeader for a single voter).
//
// Implements RAFT-ELECT-1, RAFT-ELECT-7.
func (r *raft) campaign(pre bool, timeoutNow *Message) {
	var voteMsg MessageType
	var term uint64
	if pre {
		r.becomePreCandidate()
		voteMsg, term = MsgPreVote, r.term+1
	} else {
		r.becomeCandidate(timeoutNow)
		voteMsg, term = MsgVote, r.term
	}
	// With asynchronous writes a candidate counts its own vote once it is durable
	// (handleStorageAppendResponse); a PreVote promises nothing and counts at once.
	if pre || !r.asyncWrites {
		if won, _ := r.poll(r.id, true); won {
			if pre {
				r.campaign(false, timeoutNow)
			} else {
				r.becomeLeader()
				r.bcastAppend()
			}
			return
		}
	}
	for _, id := range r.conf.voters {
		if id == r.id {
			continue
		}
		m := Message{Type: voteMsg, To: id, Term: term, Index: r.log.lastIndex(), LogTerm: r.log.lastTerm()}
		if timeoutNow != nil {
			m.Context = campaignTransfer
		}
		r.send(m)
		r.trace(TraceSendRequestVote, &r.msgs[len(r.msgs)-1])
	}
}
