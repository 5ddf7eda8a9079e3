package raftsim

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/dsref/dsref/internal/tlaactions"
	"github.com/dsref/dsref/raft"
)

// raftTLAActions parses tla/Raft.tla and returns its definitions and its actions: the
// definitions Next applies, plus those applied by a dispatcher among them whose body is a
// disjunction of actions (Receive). Helpers such as Send or UpToDate are definitions but not
// actions.
func raftTLAActions(t *testing.T) (defs, actions map[string]bool) {
	t.Helper()
	defs, actions, err := tlaactions.Of(filepath.Join("..", "..", "..", "tla", "Raft.tla"))
	if err != nil {
		t.Fatal(err)
	}
	return defs, actions
}

// TestTraceActionsAreRaftTLAActions checks the core's trace vocabulary against tla/Raft.tla:
// every event the core marks as modeled is named after an action of the specification's Next,
// every server action of the specification has an event, and the one unmodeled event (Persist)
// names nothing the specification defines.
//
// Tests RAFT-TRACE-1.
func TestTraceActionsAreRaftTLAActions(t *testing.T) {
	defs, actions := raftTLAActions(t)
	// Sanity: the parse found the actions the issue names, and no helper.
	for _, want := range []string{"Timeout", "RequestVote", "BecomeLeader", "ClientRequest", "AdvanceCommitIndex",
		"AppendEntries", "Receive", "Restart", "HandleRequestVoteRequest", "DropStaleMessage", "LoseElection",
		"CheckQuorumStepDown", "TransferLeader", "TimeoutNow", "HandleTimeoutNow", "ReadIndex", "AnswerRead",
		"ProposeConfChange", "StepDownRemoved"} {
		if !actions[want] {
			t.Fatalf("action %s of tla/Raft.tla not found; found %v", want, actions)
		}
	}
	for _, helper := range []string{"Send", "Reply", "UpToDate", "Quorum", "LastTerm", "StepDownToLeader", "ForgetRole", "NextConfigs"} {
		if actions[helper] {
			t.Fatalf("helper %s taken for an action", helper)
		}
	}
	emitted := map[string]bool{}
	for _, a := range raft.TraceActions() {
		name := string(a)
		emitted[name] = true
		switch {
		case a.Modeled() && !actions[name]:
			t.Errorf("trace action %q is marked modeled but is not an action of tla/Raft.tla's Next", name)
		case !a.Modeled() && defs[name]:
			t.Errorf("trace action %q is marked not modeled but tla/Raft.tla defines it", name)
		}
	}
	// Receive only dispatches to the handlers; the network, not a server, duplicates and drops.
	notServerSteps := []string{"Receive", "DuplicateMessage", "DropMessage"}
	for name := range actions {
		if !emitted[name] && !slices.Contains(notServerSteps, name) {
			t.Errorf("tla/Raft.tla action %s has no trace event in the core", name)
		}
	}
}
