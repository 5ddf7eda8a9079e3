package raftsim

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/raft"
)

// raftTLAActions parses tla/Raft.tla and returns its definitions and its actions: the
// definitions Next applies, plus those applied by a dispatcher among them whose body is a
// disjunction of actions (Receive). Helpers such as Send or UpToDate are definitions but not
// actions.
func raftTLAActions(t *testing.T) (defs, actions map[string]bool) {
	t.Helper()
	path := filepath.Join("..", "..", "..", "tla", "Raft.tla")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := syntax.ParseModule(path, src)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]ast.Expr{}
	for _, u := range mod.Units {
		if d, ok := u.(*ast.OpDef); ok {
			bodies[d.Name] = d.Body
		}
	}
	// The sets a quantifier ranges over (NextConfigs in \E c \in NextConfigs(...)) are not
	// actions: only the quantifier's body is looked into.
	var applied func(x ast.Expr) []string
	applied = func(x ast.Expr) []string {
		var names []string
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Quant:
				names = append(names, applied(n.Body)...)
				return false
			case *ast.OpApp:
				if _, ok := bodies[n.Name]; ok && len(n.Prefix) == 0 {
					names = append(names, n.Name)
				}
			case *ast.Ident:
				if _, ok := bodies[n.Name]; ok {
					names = append(names, n.Name)
				}
			}
			return true
		})
		return names
	}
	next, ok := bodies["Next"]
	if !ok {
		t.Fatal("tla/Raft.tla defines no Next")
	}
	actions = map[string]bool{}
	for _, name := range applied(next) {
		actions[name] = true
		body := bodies[name]
		for {
			let, ok := body.(*ast.Let)
			if !ok {
				break
			}
			body = let.Body
		}
		if j, ok := body.(*ast.Junction); ok && j.Kind == ast.Or {
			for _, sub := range applied(j) {
				actions[sub] = true
			}
		}
	}
	defs = map[string]bool{}
	for name := range bodies {
		defs[name] = true
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
