package raft

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// A membership change (thesis chapter 4) is a log entry of type EntryConfChange. The caller
// proposes a ConfChange (RawNode.ProposeConfChange); the leader checks it against the
// configuration its log ends with, computes the configuration it leads to, and appends an entry
// carrying both the request and that resulting ConfState. Every server uses the configuration of
// the latest configuration entry in its log, committed or not, from the moment the entry is
// appended (thesis 4.1): a leader counts votes and replicas by it, a follower that truncates the
// entry away goes back to the one before it. The application learns each change when the entry
// is committed and handed out (DecodeConfChangeEntry), and records the ConfState in its
// snapshots.
//
// The requests have the shape of etcd-io/raft's ConfChangeV2: a list of single changes (add a
// voter, add a learner, remove a node) and a transition. A change of at most one voter is a
// single-server change (thesis 4.1), applied directly; a change of several voters goes through
// a joint configuration (thesis 4.3) in which decisions need a majority of the outgoing voters
// and a majority of the incoming ones. The leader leaves the joint configuration by itself once
// it is committed (auto-leave), or when the application proposes an empty ConfChange (explicit
// leave).

// ConfChangeType is the kind of one single change.
type ConfChangeType uint8

const (
	// ConfChangeAddNode makes a node a voter: a learner is promoted, or a voter of the outgoing
	// half of a joint configuration is kept in the incoming one. A node that is not a learner
	// yet must first be added as one and catch up (thesis 4.2.1).
	ConfChangeAddNode ConfChangeType = iota
	// ConfChangeRemoveNode removes a node: voter, learner or both halves.
	ConfChangeRemoveNode
	// ConfChangeAddLearnerNode adds a learner (a non-voting member that receives the log), or
	// demotes a voter to learner (in a joint configuration it stays a voter of the outgoing half
	// until the joint configuration is left).
	ConfChangeAddLearnerNode
	confChangeTypeCount
)

var confChangeTypeNames = [...]string{"AddNode", "RemoveNode", "AddLearnerNode"}

func (t ConfChangeType) String() string {
	if t < confChangeTypeCount {
		return confChangeTypeNames[t]
	}
	return fmt.Sprintf("ConfChangeType(%d)", uint8(t))
}

// ConfChangeSingle is one change of a ConfChange.
type ConfChangeSingle struct {
	Type   ConfChangeType
	NodeID uint64
}

// ConfChangeTransition says how a ConfChange is carried out.
type ConfChangeTransition uint8

const (
	// ConfChangeTransitionAuto applies a change of at most one voter directly (a single-server
	// change), and any other change through a joint configuration that the leader leaves by
	// itself.
	ConfChangeTransitionAuto ConfChangeTransition = iota
	// ConfChangeTransitionJointImplicit always enters a joint configuration, which the leader
	// leaves by itself once it is committed.
	ConfChangeTransitionJointImplicit
	// ConfChangeTransitionJointExplicit always enters a joint configuration, which is left only
	// when the application proposes an empty ConfChange.
	ConfChangeTransitionJointExplicit
	confChangeTransitionCount
)

var confChangeTransitionNames = [...]string{"Auto", "JointImplicit", "JointExplicit"}

func (t ConfChangeTransition) String() string {
	if t < confChangeTransitionCount {
		return confChangeTransitionNames[t]
	}
	return fmt.Sprintf("ConfChangeTransition(%d)", uint8(t))
}

// ConfChange is a membership change request. An empty ConfChange (no Changes, transition Auto)
// leaves a joint configuration. Context is opaque to the core (etcd uses it for the new
// member's address); the application finds it again in the committed entry.
type ConfChange struct {
	Transition ConfChangeTransition
	Changes    []ConfChangeSingle
	Context    []byte
}

// LeaveJoint reports whether cc is the empty change that leaves a joint configuration.
func (cc ConfChange) LeaveJoint() bool {
	return len(cc.Changes) == 0 && cc.Transition == ConfChangeTransitionAuto
}

func (cc ConfChange) String() string {
	if cc.LeaveJoint() {
		return "leave-joint"
	}
	s := ""
	for i, c := range cc.Changes {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s(%d)", c.Type, c.NodeID)
	}
	if cc.Transition != ConfChangeTransitionAuto {
		s += " " + cc.Transition.String()
	}
	return s
}

// Errors of a membership change the leader refuses. Each is wrapped in a *ConfChangeError, which
// is ErrProposalDropped too: nothing was appended, and the caller may retry.
var (
	// ErrConfChangePending: an earlier change is not committed yet (one at a time).
	ErrConfChangePending = errors.New("raft: a configuration change is pending")
	// ErrConfChangeTooEarly: the leader has not committed an entry of its term yet, so it does
	// not know whether an earlier leader left an uncommitted change (the 2015 fix of thesis 4.1).
	ErrConfChangeTooEarly = errors.New("raft: the leader has not committed an entry of its term yet")
	// ErrNotCaughtUp: a node to promote is not a learner that caught up with the leader's log
	// (thesis 4.2.1).
	ErrNotCaughtUp = errors.New("raft: the node to promote has not caught up")
	// ErrInvalidConfChange: the change does not apply to the current configuration.
	ErrInvalidConfChange = errors.New("raft: invalid configuration change")
)

// ConfChangeError refuses a membership change: Err is one of the ErrConfChange... errors and
// Reason says why in words.
type ConfChangeError struct {
	Node   uint64
	Change ConfChange
	Err    error
	Reason string
}

func (e *ConfChangeError) Error() string {
	return fmt.Sprintf("raft: node %d: configuration change %v refused: %s", e.Node, e.Change, e.Reason)
}

// Unwrap returns Err.
func (e *ConfChangeError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrProposalDropped) true.
func (e *ConfChangeError) Is(target error) bool { return target == ErrProposalDropped }

// applyConfChange returns the configuration cc leads to from cs, checking what etcd-io/raft's
// confchange.Changer checks: a simple change alters at most one voter and never a joint
// configuration, a joint configuration is not entered twice and left only when joint, and the
// result has a voter and no node in two roles.
//
// Implements RAFT-CONF-1, RAFT-CONF-3.
func applyConfChange(cs ConfState, cc ConfChange) (ConfState, error) {
	joint := len(cs.VotersOutgoing) > 0
	out := cs.clone()
	switch {
	case cc.LeaveJoint():
		if !joint {
			return cs, errors.New("not in a joint configuration, nothing to leave")
		}
		out.Learners = sortedUnion(out.Learners, out.LearnersNext)
		out.LearnersNext, out.VotersOutgoing, out.AutoLeave = nil, nil, false
	case joint:
		return cs, errors.New("in a joint configuration: leave it first")
	case cc.Transition >= confChangeTransitionCount:
		return cs, fmt.Errorf("unknown transition %d", cc.Transition)
	default:
		simple := cc.Transition == ConfChangeTransitionAuto
		if simple {
			// Entering a joint configuration is what lets several voters change at once.
			trial := out.clone()
			if err := trial.applySingles(cc.Changes, nil); err != nil {
				return cs, err
			}
			simple = symmetricDiff(cs.Voters, trial.Voters) <= 1
		}
		if simple {
			if err := out.applySingles(cc.Changes, nil); err != nil {
				return cs, err
			}
			break
		}
		out.VotersOutgoing = slices.Clone(cs.Voters)
		out.AutoLeave = cc.Transition != ConfChangeTransitionJointExplicit
		if err := out.applySingles(cc.Changes, cs.Voters); err != nil {
			return cs, err
		}
	}
	if err := out.check(); err != nil {
		return cs, err
	}
	return out, nil
}

// applySingles applies each change in turn; outgoing are the outgoing voters of the joint
// configuration being entered (nil for a simple change).
func (cs *ConfState) applySingles(changes []ConfChangeSingle, outgoing []uint64) error {
	for _, c := range changes {
		if c.NodeID == None {
			return errors.New("node ID 0 is reserved for None")
		}
		id := c.NodeID
		switch c.Type {
		case ConfChangeAddNode:
			cs.Learners = without(cs.Learners, id)
			cs.LearnersNext = without(cs.LearnersNext, id)
			cs.Voters = with(cs.Voters, id)
		case ConfChangeAddLearnerNode:
			cs.Voters = without(cs.Voters, id)
			if contains(outgoing, id) {
				// Still a voter of the outgoing half: a learner once the joint configuration
				// is left.
				cs.LearnersNext = with(cs.LearnersNext, id)
			} else {
				cs.Learners = with(cs.Learners, id)
			}
		case ConfChangeRemoveNode:
			cs.Voters = without(cs.Voters, id)
			cs.Learners = without(cs.Learners, id)
			cs.LearnersNext = without(cs.LearnersNext, id)
		default:
			return fmt.Errorf("unknown change type %d", c.Type)
		}
	}
	return nil
}

// check rejects a configuration no sequence of valid changes produces (in any order of IDs).
func (cs ConfState) check() error {
	if len(cs.Voters) == 0 {
		return errors.New("no voters left")
	}
	seen := map[uint64]string{}
	for _, part := range []struct {
		name string
		ids  []uint64
	}{{"voter", cs.Voters}, {"learner", cs.Learners}, {"next learner", cs.LearnersNext}} {
		for _, id := range part.ids {
			if id == None {
				return fmt.Errorf("%s ID 0 is reserved for None", part.name)
			}
			if other, ok := seen[id]; ok {
				if other == part.name {
					return fmt.Errorf("%s %d listed twice", other, id)
				}
				return fmt.Errorf("node %d is both %s and %s", id, other, part.name)
			}
			seen[id] = part.name
		}
	}
	outgoing := map[uint64]bool{}
	for _, id := range cs.VotersOutgoing {
		switch {
		case id == None:
			return errors.New("outgoing voter ID 0 is reserved for None")
		case outgoing[id]:
			return fmt.Errorf("outgoing voter %d listed twice", id)
		case seen[id] == "learner":
			return fmt.Errorf("node %d is an outgoing voter and a learner", id)
		}
		outgoing[id] = true
	}
	for _, id := range cs.LearnersNext {
		if !outgoing[id] {
			return fmt.Errorf("next learner %d is not an outgoing voter", id)
		}
	}
	if len(cs.VotersOutgoing) == 0 && (cs.AutoLeave || len(cs.LearnersNext) > 0) {
		return errors.New("auto-leave or next learners outside a joint configuration")
	}
	return nil
}

func contains(ids []uint64, id uint64) bool {
	_, ok := slices.BinarySearch(ids, id)
	return ok
}

func with(ids []uint64, id uint64) []uint64 {
	i, ok := slices.BinarySearch(ids, id)
	if ok {
		return ids
	}
	return slices.Insert(ids, i, id)
}

func without(ids []uint64, id uint64) []uint64 {
	i, ok := slices.BinarySearch(ids, id)
	if !ok {
		return ids
	}
	return slices.Delete(ids, i, i+1)
}

func sortedUnion(a, b []uint64) []uint64 {
	out := slices.Clone(a)
	for _, id := range b {
		out = with(out, id)
	}
	return out
}

// symmetricDiff counts the IDs in exactly one of two sorted sets.
func symmetricDiff(a, b []uint64) int {
	n := 0
	for _, id := range a {
		if !contains(b, id) {
			n++
		}
	}
	for _, id := range b {
		if !contains(a, id) {
			n++
		}
	}
	return n
}

// The payload of an EntryConfChange entry (integers are unsigned varints):
//
//	version(byte) transition(byte) changeCount { type(byte) nodeID } len(context) context
//	hasState(byte) [confState]
//
// A proposal carries no state (hasState 0); the entry the leader appends carries the
// configuration the change leads to. confState is voterCount {voter} outgoingCount {voter}
// learnerCount {learner} nextCount {learner} autoLeave(byte).
const confChangeVersion = 1

// MarshalConfChange encodes cc as the data of a proposed EntryConfChange entry.
func MarshalConfChange(cc ConfChange) []byte { return appendConfEntry(nil, cc, nil) }

func appendConfEntry(b []byte, cc ConfChange, cs *ConfState) []byte {
	b = append(b, confChangeVersion, byte(cc.Transition))
	b = binary.AppendUvarint(b, uint64(len(cc.Changes)))
	for _, c := range cc.Changes {
		b = append(b, byte(c.Type))
		b = binary.AppendUvarint(b, c.NodeID)
	}
	b = binary.AppendUvarint(b, uint64(len(cc.Context)))
	b = append(b, cc.Context...)
	if cs == nil {
		return append(b, 0)
	}
	return appendConfState(append(b, 1), cs)
}

func appendConfState(b []byte, cs *ConfState) []byte {
	for _, ids := range [][]uint64{cs.Voters, cs.VotersOutgoing, cs.Learners, cs.LearnersNext} {
		b = binary.AppendUvarint(b, uint64(len(ids)))
		for _, id := range ids {
			b = binary.AppendUvarint(b, id)
		}
	}
	if cs.AutoLeave {
		return append(b, 1)
	}
	return append(b, 0)
}

// DecodeConfChangeEntry decodes the data of an EntryConfChange entry: the change requested and,
// for an entry of the log (not a proposal), the configuration it leads to (ok false for a
// proposal). Malformed data is a *DecodeError.
func DecodeConfChangeEntry(data []byte) (cc ConfChange, cs ConfState, ok bool, err error) {
	d := &decoder{b: data, entry: -1}
	v, err := d.byte("confChange.version")
	if err != nil {
		return cc, cs, false, err
	}
	if v != confChangeVersion {
		d.off--
		return cc, cs, false, d.fail("confChange.version", "unsupported version %d (want %d)", v, confChangeVersion)
	}
	t, err := d.byte("confChange.transition")
	if err != nil {
		return cc, cs, false, err
	}
	if ConfChangeTransition(t) >= confChangeTransitionCount {
		d.off--
		return cc, cs, false, d.fail("confChange.transition", "unknown transition %d", t)
	}
	cc.Transition = ConfChangeTransition(t)
	n, err := d.uvarint("confChange.changes")
	if err != nil {
		return cc, cs, false, err
	}
	if n > uint64(len(d.b)-d.off)/2 {
		return cc, cs, false, d.fail("confChange.changes", "%d changes cannot fit in the %d remaining bytes", n, len(d.b)-d.off)
	}
	if n > 0 {
		cc.Changes = make([]ConfChangeSingle, n)
	}
	for i := range cc.Changes {
		ty, err := d.byte("confChange.type")
		if err != nil {
			return cc, cs, false, err
		}
		if ConfChangeType(ty) >= confChangeTypeCount {
			d.off--
			return cc, cs, false, d.fail("confChange.type", "unknown change type %d", ty)
		}
		cc.Changes[i].Type = ConfChangeType(ty)
		if cc.Changes[i].NodeID, err = d.uvarint("confChange.nodeID"); err != nil {
			return cc, cs, false, err
		}
	}
	lo, hi, err := d.span("confChange.context")
	if err != nil {
		return cc, cs, false, err
	}
	if hi > lo {
		cc.Context = append([]byte(nil), data[lo:hi]...)
	}
	has, err := d.byte("confChange.hasState")
	if err != nil {
		return cc, cs, false, err
	}
	switch has {
	case 0:
	case 1:
		if cs, err = d.confState("confChange.state"); err != nil {
			return cc, cs, false, err
		}
	default:
		d.off--
		return cc, cs, false, d.fail("confChange.hasState", "want 0 or 1, got %d", has)
	}
	if d.off != len(data) {
		return cc, cs, false, d.fail("confChange.end", "%d trailing bytes", len(data)-d.off)
	}
	return cc, cs, has == 1, nil
}

// confState decodes a ConfState (appendConfState); its ID lists are sub-slices of one
// allocation.
func (d *decoder) confState(field string) (ConfState, error) {
	var cs ConfState
	start := d.off
	total := 0
	for _, part := range [...]string{"voters", "outgoing", "learners", "learnersNext"} {
		n, err := d.uvarint(field + "." + part + " count")
		if err != nil {
			return cs, err
		}
		if n > uint64(len(d.b)-d.off) || n > MaxMessageEntries {
			return cs, d.fail(field+"."+part+" count", "%d IDs cannot fit in the %d remaining bytes (at most %d)", n, len(d.b)-d.off, MaxMessageEntries)
		}
		for range n {
			if _, err := d.uvarint(field + "." + part); err != nil {
				return cs, err
			}
		}
		total += int(n)
	}
	auto, err := d.byte(field + ".autoLeave")
	if err != nil {
		return cs, err
	}
	if auto > 1 {
		d.off--
		return cs, d.fail(field+".autoLeave", "want 0 or 1, got %d", auto)
	}
	end := d.off
	var ids []uint64
	if total > 0 {
		ids = make([]uint64, 0, total)
	}
	d.off = start
	lists := [4]*[]uint64{&cs.Voters, &cs.VotersOutgoing, &cs.Learners, &cs.LearnersNext}
	for _, list := range lists {
		n, _ := d.uvarint("") // checked above
		from := len(ids)
		for range n {
			id, _ := d.uvarint("")
			ids = append(ids, id)
		}
		if n > 0 {
			*list = ids[from:len(ids):len(ids)]
		}
	}
	d.off = end
	cs.AutoLeave = auto == 1
	return cs, nil
}
