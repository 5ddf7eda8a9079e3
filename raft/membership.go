package raft

import (
	"errors"
	"fmt"
)

// confAt is a configuration and the index of the log entry that set it (the snapshot's index,
// or 0, for the configuration the log starts with).
type confAt struct {
	index uint64
	cs    ConfState
}

// DefaultMaxCatchUpRounds is Config.MaxCatchUpRounds' default (thesis 4.2.1 suggests 10).
const DefaultMaxCatchUpRounds = 10

// catchUp is a leader's record of a learner's catch-up rounds (thesis 4.2.1): each round
// replicates the entries the leader's log held when it started; a learner that finishes a round
// within an election timeout has caught up and may be promoted. After MaxCatchUpRounds slower
// rounds the leader gives up until a promotion is asked for again.
type catchUp struct {
	round     int
	target    uint64 // the leader's last index when the round started
	start     uint64 // the leader's tick count when the round started
	done      bool   // the last round took at most an election timeout
	exhausted bool
}

// initConfs finds the configuration the node's log ends with: the stored one (snapshot or
// bootstrap), then every configuration entry after it. It reads the stored entries once, a
// page of MaxSizePerMsg at a time.
//
// Implements RAFT-CONF-1, RAFT-PERSIST-3.
func (r *raft) initConfs(cs ConfState, maxSize uint64) error {
	r.confs = []confAt{{index: r.log.firstIndex() - 1, cs: newConfig(cs).cs}}
	for lo, last := r.log.firstIndex(), r.log.lastIndex(); lo <= last; {
		ents, err := r.log.slice(lo, last+1, maxSize)
		if err != nil {
			return fmt.Errorf("raft: reading stored entries from %d for configuration changes: %w", lo, err)
		}
		for i := range ents {
			if ents[i].Type != EntryConfChange {
				continue
			}
			_, next, ok, err := DecodeConfChangeEntry(ents[i].Data)
			if err != nil || !ok {
				return fmt.Errorf("raft: stored configuration entry %d is malformed: %v", ents[i].Index, err)
			}
			r.addConf(ents[i].Index, next)
		}
		lo += uint64(len(ents))
	}
	r.useConf()
	return nil
}

// restoreConf makes the configuration of an installed snapshot the one the log starts with.
//
// Implements RAFT-CONF-1.
func (r *raft) restoreConf(meta SnapshotMetadata) {
	cs := newConfig(meta.ConfState).cs // sorted
	clear(r.confs)
	r.confs = append(r.confs[:0], confAt{index: meta.Index, cs: cs})
	r.useConf()
}

// addConf records the configuration entry at index, forgetting those it makes irrelevant: every
// one above index (truncated away) and all but the latest at or below the commit index.
func (r *raft) addConf(index uint64, cs ConfState) {
	r.truncateConfs(index)
	r.confs = append(r.confs, confAt{index: index, cs: newConfig(cs).cs}) // ID lists sorted
	keep := 0
	for i := 1; i < len(r.confs); i++ {
		if r.confs[i].index <= r.log.committed {
			keep = i
		}
	}
	r.confs = r.confs[keep:]
}

// truncateConfs forgets the configurations of entries at or after index; the one the log
// starts with stays.
func (r *raft) truncateConfs(index uint64) {
	n := len(r.confs)
	for n > 1 && r.confs[n-1].index >= index {
		n--
	}
	clear(r.confs[n:])
	r.confs = r.confs[:n]
}

// followConfs updates the configurations after a follower appended the entries of m (which now
// occupy m.Index+1 .. lastNew of its log): configurations of entries it replaced or truncated
// away go, those m carries come.
//
// Implements RAFT-CONF-1.
func (r *raft) followConfs(m *Message, lastNew uint64) {
	if last := r.log.lastIndex(); last < lastNew {
		return // nothing was appended (a planted bug may get here)
	}
	r.truncateConfs(r.log.lastIndex() + 1)
	if n := len(r.confs); n > 1 && r.confs[n-1].index > m.Index && r.confs[n-1].index <= lastNew {
		r.truncateConfs(m.Index + 1)
	}
	for i := range m.Entries {
		if e := &m.Entries[i]; e.Type == EntryConfChange {
			_, cs, _, _ := DecodeConfChangeEntry(e.Data) // validate checked it
			r.addConf(e.Index, cs)
		}
	}
	r.useConf()
}

// useConf switches to the configuration confInUse picks, if it changed: progress is kept for
// members that stay, created for new ones and dropped for those that left.
//
// Implements RAFT-CONF-1.
func (r *raft) useConf() {
	c := r.confInUse()
	if c.index == r.confIndex && r.prs != nil && len(r.conf.voters)+len(r.conf.members) > 0 {
		return
	}
	r.confIndex = c.index
	r.conf = newConfig(c.cs)
	if n := len(r.conf.voters); cap(r.matchBuf) < n {
		r.matchBuf = make([]uint64, 0, n)
	}
	if r.prs == nil {
		return // reset builds them
	}
	for id := range r.prs {
		if id != r.id && !r.conf.isMember(id) {
			delete(r.prs, id)
			delete(r.catchUps, id)
		}
	}
	for _, id := range r.conf.members {
		if r.prs[id] == nil {
			// A new member is probed from the configuration entry that added it: it has
			// nothing else to be told about yet, and a rejection hints where its log ends.
			r.prs[id] = newProgress(max(r.log.lastIndex(), 1), r.maxInflight, r.maxInflightBytes)
			if r.state == StateLeader {
				r.prs[id].recentActive = true
			}
		}
	}
	if r.state == StateLeader {
		r.startCatchUps()
	}
}

// validateEntries checks the entries of a message: normal ones, and configuration changes that
// decode, proposed alone without a configuration (MsgProp), or carrying the configuration they
// lead to (MsgApp).
//
// Implements RAFT-ROBUST-1.
func (r *raft) validateEntries(m *Message) error {
	for i := range m.Entries {
		e := &m.Entries[i]
		switch e.Type {
		case EntryNormal:
		case EntryConfChange:
			_, cs, hasState, err := DecodeConfChangeEntry(e.Data)
			switch {
			case err != nil:
				return fmt.Errorf("raft: node %d: %s from %d: entry %d: %w", r.id, m.Type, m.From, i, err)
			case m.Type == MsgProp && (hasState || len(m.Entries) != 1):
				return fmt.Errorf("raft: node %d: MsgProp from %d: a proposed configuration change comes alone and carries no configuration", r.id, m.From)
			case m.Type != MsgProp && !hasState:
				return fmt.Errorf("raft: node %d: %s from %d: configuration entry %d carries no configuration", r.id, m.Type, m.From, e.Index)
			case hasState && cs.check() != nil:
				return fmt.Errorf("raft: node %d: %s from %d: configuration entry %d: %s: %v", r.id, m.Type, m.From, e.Index, cs, cs.check())
			}
		default:
			return fmt.Errorf("raft: node %d: %s from %d: entry %d has unknown type %d", r.id, m.Type, m.From, i, e.Type)
		}
	}
	return nil
}

// promotable reports whether the node may campaign: it is a voter of its configuration, or of
// the one before it while the latest, which removes it, is not committed: until then the
// cluster may still need it to commit that very entry (thesis 4.2.2). Such a candidate counts
// the votes of its latest configuration, which does not include its own.
//
// Implements RAFT-CONF-6.
func (r *raft) promotable() bool {
	if r.conf.isVoter(r.id) {
		return true
	}
	n := len(r.confs)
	if n < 2 || r.confs[n-1].index <= r.log.committed {
		return false
	}
	prev := r.confs[n-2].cs
	return contains(prev.Voters, r.id) || contains(prev.VotersOutgoing, r.id)
}

// proposeConfChange is the leader side of a membership change: it checks the request against
// the configuration its log ends with and appends the entry that carries the configuration it
// leads to, which the leader uses at once.
//
// TLA+: ProposeConfChange.
//
// Implements RAFT-CONF-1, RAFT-CONF-3, RAFT-CONF-4.
func (r *raft) proposeConfChange(m Message) error {
	cc, _, _, err := DecodeConfChangeEntry(m.Entries[0].Data)
	if err != nil {
		return fmt.Errorf("raft: node %d: configuration change from %d: %w", r.id, m.From, err)
	}
	refuse := func(cause error, format string, args ...any) error {
		return &ConfChangeError{Node: r.id, Change: cc, Err: cause, Reason: fmt.Sprintf(format, args...)}
	}
	if r.leadTransferee != None {
		return ErrProposalDropped
	}
	if !r.committedInCurrentTerm() {
		return refuse(ErrConfChangeTooEarly, "no entry of term %d is committed yet (commit index %d)", r.term, r.log.committed)
	}
	if index, pending := r.confChangePending(); pending {
		return refuse(ErrConfChangePending, "the change at index %d is not committed yet (commit index %d)", index, r.log.committed)
	}
	next, err := applyConfChange(r.conf.cs, cc)
	if err != nil {
		return refuse(ErrInvalidConfChange, "%s: %v", r.conf.cs, err)
	}
	for _, id := range sortedUnion(next.Voters, next.VotersOutgoing) {
		if r.conf.isVoter(id) {
			continue
		}
		if !r.conf.isLearner(id) {
			return refuse(ErrNotCaughtUp, "node %d is not a learner: add it as one first, so that it catches up before it votes", id)
		}
		if err := r.caughtUp(id); err != nil {
			return refuse(ErrNotCaughtUp, "learner %d: %v", id, err)
		}
	}
	if !fits(r.log.lastIndex(), 1, MaxIndex) {
		return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "index", Value: r.log.lastIndex(), Count: 1}
	}
	r.appendConf(cc, next)
	return nil
}

// appendConf appends the configuration entry of cc, leading to next, and uses next.
//
// TLA+: ProposeConfChange.
func (r *raft) appendConf(cc ConfChange, next ConfState) {
	e := Entry{Term: r.term, Index: r.log.lastIndex() + 1, Type: EntryConfChange, Data: appendConfEntry(nil, cc, &next)}
	r.log.append(e)
	r.addConf(e.Index, next)
	r.useConf()
	r.pendingBroadcast = true
	if r.tracer != nil {
		u := r.log.unstable.entries
		r.trace(TraceProposeConfChange, &Message{Type: MsgProp, From: r.id, To: r.id, Entries: u[len(u)-1:]})
	}
	r.releaseConfirmedReads() // the new configuration may count the acknowledgements differently
}

// afterCommit is what a leader does once its commit index moved: leave a committed joint
// configuration that asks for it (auto-leave), and step down once a configuration that
// removed it is committed (thesis 4.2.2).
//
// TLA+: ProposeConfChange (auto-leave), StepDownRemoved.
//
// Implements RAFT-CONF-5, RAFT-CONF-6.
func (r *raft) afterCommit() {
	r.useConf()
	if r.state != StateLeader {
		return
	}
	if _, pending := r.confChangePending(); pending {
		return
	}
	if r.conf.cs.AutoLeave && r.conf.joint() && r.committedInCurrentTerm() && r.leadTransferee == None && fits(r.log.lastIndex(), 1, MaxIndex) {
		next, err := applyConfChange(r.conf.cs, ConfChange{})
		if err == nil {
			r.appendConf(ConfChange{}, next)
			return
		}
	}
	if !r.conf.isVoter(r.id) {
		r.bcastAppend() // the others learn that the change is committed
		r.becomeFollower(r.term, None, TraceStepDownRemoved, nil)
	}
}

// startCatchUps starts catch-up rounds for the learners that have none.
func (r *raft) startCatchUps() {
	for _, id := range r.conf.cs.Learners {
		if r.catchUps[id] == nil {
			r.catchUps[id] = &catchUp{round: 1, target: r.log.lastIndex(), start: r.ticks}
		}
	}
}

// catchUpProgress records that learner id now holds the log up to match: a round ends when
// it holds what the leader held at the round's start. A round that took longer than an election
// timeout starts the next one (the learner may already hold all of it: it then ends at once);
// one that did not makes the learner caught up, and measuring goes on from there.
//
// Implements RAFT-CONF-4.
func (r *raft) catchUpProgress(id, match uint64) {
	c := r.catchUps[id]
	if c == nil || c.exhausted || match < c.target {
		return
	}
	if r.ticks-c.start > uint64(r.electionTimeout) {
		c.done = false
		if c.round >= r.maxCatchUpRounds {
			c.exhausted = true
			return
		}
		c.round++
		c.target, c.start = r.log.lastIndex(), r.ticks
		if match < c.target {
			return
		}
	}
	c.done = true
	c.round, c.target, c.start = 1, r.log.lastIndex(), r.ticks
}

// caughtUp reports why learner id may not be promoted yet, nil if it may: its last round took
// at most an election timeout, and it is still replicating.
//
// Implements RAFT-CONF-4.
func (r *raft) caughtUp(id uint64) error {
	c, pr := r.catchUps[id], r.prs[id]
	switch {
	case c == nil || pr == nil:
		r.startCatchUps()
		return errors.New("no catch-up round has run yet")
	case c.exhausted:
		rounds := c.round
		*c = catchUp{round: 1, target: r.log.lastIndex(), start: r.ticks}
		return fmt.Errorf("it did not finish a round within an election timeout in %d rounds; starting over", rounds)
	case !c.done:
		return fmt.Errorf("catch-up round %d of at most %d is running for %d ticks (an election timeout is %d): it holds the log up to %d, the round needs up to %d",
			c.round, r.maxCatchUpRounds, r.ticks-c.start, r.electionTimeout, pr.match, c.target)
	case pr.state != progressReplicate:
		return fmt.Errorf("it is not replicating (%s)", pr.state)
	}
	return nil
}
