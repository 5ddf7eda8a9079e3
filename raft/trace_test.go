package raft

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// traceTypeNames are the identifiers of trace.go starting with Trace that are not actions.
var traceTypeNames = map[string]bool{"TraceAction": true, "TraceEvent": true, "Tracer": true, "TracerFunc": true, "TraceCounter": true, "Trace": true, "TraceActions": true}

// TestTraceCatalogueMatchesSource parses the core's source: every TraceAction constant is in
// TraceActions and is emitted somewhere outside trace.go, and nothing else is passed to trace.
// Together with TestTraceActionsAreRaftTLAActions (harness/sim/raftsim), which checks the
// catalogue against tla/Raft.tla, every event name the core emits is checked.
//
// Tests RAFT-TRACE-1.
func TestTraceCatalogueMatchesSource(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	declared := map[string]bool{} // constants of type TraceAction
	used := map[string]bool{}     // Trace* constants referenced outside trace.go
	var badArgs []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "TraceAction" {
					for _, name := range n.Names {
						declared[name.Name] = true
					}
				}
			case *ast.Ident:
				if f != "trace.go" && strings.HasPrefix(n.Name, "Trace") && !traceTypeNames[n.Name] {
					used[n.Name] = true
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "trace" || len(n.Args) != 2 {
					return true
				}
				// The action is a catalogued constant, or a local variable set from them
				// (whose constants the Ident case records).
				if id, ok := n.Args[0].(*ast.Ident); !ok || (!strings.HasPrefix(id.Name, "Trace") && id.Name != "action") {
					badArgs = append(badArgs, fset.Position(n.Pos()).String())
				}
			}
			return true
		})
	}
	if len(badArgs) > 0 {
		t.Fatalf("trace called with an action that is not a named constant at %v", badArgs)
	}
	catalogue := map[string]bool{}
	for _, a := range TraceActions() {
		catalogue[string(a)] = true
	}
	if len(declared) != len(catalogue) {
		t.Fatalf("%d TraceAction constants declared, %d in TraceActions()", len(declared), len(catalogue))
	}
	for name := range declared {
		if !used[name] {
			t.Errorf("%s is declared but never emitted", name)
		}
	}
	for name := range used {
		if !declared[name] {
			t.Errorf("%s is used as a trace action but not declared", name)
		}
	}
}

// TestNoTracerNoCost drives the hot paths of a follower (AppendEntries with an entry, a
// heartbeat) and of a leader (their responses) without a Tracer and with one that discards
// events: without a Tracer they allocate nothing for tracing, so the two counts differ by the
// event copies a Tracer receives and the untraced count is what the protocol itself needs.
//
// Tests RAFT-TRACE-1.
func TestNoTracerNoCost(t *testing.T) {
	discard := TracerFunc(func(TraceEvent) {})
	measure := func(tr Tracer) (follower, leader float64) {
		f := newTestRawNode(t, 2, []uint64{1, 2, 3}, func(c *Config) { c.Tracer = tr })
		hb := Message{Type: MsgHeartbeat, From: 1, To: 2, Term: 1, Commit: 0}
		app := Message{Type: MsgApp, From: 1, To: 2, Term: 1, Entries: []Entry{{Term: 1, Index: 1}}}
		if err := f.Step(app); err != nil {
			t.Fatal(err)
		}
		follower = testing.AllocsPerRun(200, func() {
			_ = f.Step(hb)
			_ = f.Step(app) // already present: the follower only answers
			f.raft.msgs = f.raft.msgs[:0]
		})
		l := newTestRawNode(t, 1, []uint64{1, 2, 3}, func(c *Config) { c.Tracer = tr })
		l.raft.becomeCandidate(nil)
		l.raft.becomeLeader()
		l.raft.prs[2].becomeReplicate()
		l.raft.prs[2].maybeUpdate(1)
		hbResp := Message{Type: MsgHeartbeatResp, From: 2, To: 1, Term: 1}
		appResp := Message{Type: MsgAppResp, From: 2, To: 1, Term: 1, Index: 1}
		leader = testing.AllocsPerRun(200, func() {
			_ = l.Step(hbResp)
			_ = l.Step(appResp)
			l.raft.msgs = l.raft.msgs[:0]
		})
		return follower, leader
	}
	f0, l0 := measure(nil)
	if f0 != 0 || l0 != 0 {
		t.Fatalf("without a Tracer: follower path allocates %.1f, leader path %.1f times per round", f0, l0)
	}
	// The same paths with a Tracer do allocate (a copy of each message), which shows the
	// measurement would see tracing cost if it leaked into the untraced path.
	if f1, l1 := measure(discard); f1 == 0 || l1 == 0 {
		t.Fatalf("with a Tracer: follower %.1f, leader %.1f allocations; expected the message copies", f1, l1)
	}
}

// The trace of the transitions whose TLA+ name depends on how they happen: a higher term
// (UpdateTerm), a candidate meeting the leader of its term (HandleHeartbeatRequest, then the
// same action for handling the message), a lost election (LoseElection) and a transferee
// acting on MsgTimeoutNow (HandleTimeoutNow); and the messages each event reports as sent.
//
// Tests RAFT-TRACE-1.
func TestTraceNamesDependOnTheCause(t *testing.T) {
	var evs []TraceEvent
	record := func(c *Config) { c.Tracer = TracerFunc(func(ev TraceEvent) { evs = append(evs, ev) }) }
	step := func(rn *RawNode, m Message) string {
		t.Helper()
		evs = nil
		if err := rn.Step(m); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, ev := range evs {
			names = append(names, string(ev.Action))
		}
		return strings.Join(names, " ")
	}
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3}, record, func(c *Config) { c.DisablePreVote = true })
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	if got := string(evs[len(evs)-3].Action); got != "Timeout" {
		t.Fatalf("campaign without PreVote traced %q, want Timeout", got)
	}
	// Candidate of term 1 meets the leader of term 1.
	if got := step(rn, Message{Type: MsgHeartbeat, From: 2, To: 1, Term: 1}); got != "HandleHeartbeatRequest HandleHeartbeatRequest" {
		t.Fatalf("candidate meets leader: %q", got)
	}
	// A message of term 3 moves the follower to term 3 before it is handled.
	if got := step(rn, Message{Type: MsgHeartbeat, From: 3, To: 1, Term: 3}); got != "UpdateTerm HandleHeartbeatRequest" {
		t.Fatalf("higher term: %q", got)
	}
	if evs[0].Term != 3 || evs[0].Role != StateFollower || evs[0].Message == nil || evs[0].Message.Term != 3 || len(evs[0].Sent) != 0 {
		t.Fatalf("UpdateTerm event %+v", evs[0])
	}
	if s := evs[1].Sent; len(s) != 1 || s[0].Type != MsgHeartbeatResp || s[0].To != 3 || s[0].Term != 3 {
		t.Fatalf("the heartbeat's handling sent %+v, want the one response", s)
	}
	// The transferee becomes candidate of term 4 at once.
	if got := step(rn, Message{Type: MsgTimeoutNow, From: 3, To: 1, Term: 3}); got != "HandleTimeoutNow RequestVote RequestVote" {
		t.Fatalf("MsgTimeoutNow: %q", got)
	}
	if ev := evs[0]; ev.Term != 4 || ev.Vote != 1 || ev.Role != StateCandidate || ev.Message == nil || ev.Message.Type != MsgTimeoutNow {
		t.Fatalf("HandleTimeoutNow event %+v", ev)
	}
	for _, ev := range evs[1:] {
		if len(ev.Sent) != 1 || ev.Sent[0].Type != MsgVote || ev.Message.To != ev.Sent[0].To {
			t.Fatalf("RequestVote event sent %+v, message %+v", ev.Sent, ev.Message)
		}
	}
	// Two rejections out of three voters lose the election.
	step(rn, Message{Type: MsgVoteResp, From: 2, To: 1, Term: 4, Reject: true})
	if got := step(rn, Message{Type: MsgVoteResp, From: 3, To: 1, Term: 4, Reject: true}); got != "HandleRequestVoteResponse LoseElection" {
		t.Fatalf("lost election: %q", got)
	}
	if ev := evs[1]; ev.Term != 4 || ev.Vote != 1 || ev.Role != StateFollower {
		t.Fatalf("LoseElection event %+v", ev)
	}
}

func isPointerTo(e ast.Expr, name string) bool {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == name
}

// TestStepsNameTheirTLAActions parses the core's source: every step (a method whose name
// starts with step, handle, become, campaign or tick, or one that emits a trace event) has a
// doc-comment line "TLA+: ..." naming the actions of tla/Raft.tla it implements, all of them
// from the trace catalogue, so that searching for an action's name finds the Go code.
//
// Tests RAFT-TRACE-1.
func TestStepsNameTheirTLAActions(t *testing.T) {
	known := map[string]bool{"Receive": true} // the TLA+ dispatch of a received message
	for _, a := range TraceActions() {
		known[string(a)] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	steps := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil {
				continue
			}
			if recv := fn.Recv.List[0].Type; !isPointerTo(recv, "raft") && !isPointerTo(recv, "RawNode") {
				continue
			}
			traces := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "trace" {
						traces = true
					}
				}
				return true
			})
			name := fn.Name.Name
			isStep := traces || name == "campaign" || name == "tick"
			for _, p := range []string{"step", "handle", "become", "tick"} {
				isStep = isStep || strings.HasPrefix(name, p)
			}
			if !isStep {
				continue
			}
			steps++
			var line string
			if fn.Doc != nil {
				for _, l := range strings.Split(fn.Doc.Text(), "\n") {
					if strings.HasPrefix(l, "TLA+: ") {
						line = l
						// The list may wrap onto the following lines of the paragraph.
					} else if line != "" && l != "" && !strings.HasPrefix(l, "Implements") {
						line += " " + l
					} else if line != "" {
						break
					}
				}
			}
			pos := fset.Position(fn.Pos())
			if line == "" {
				t.Errorf("%s: %s has no \"TLA+: ...\" line in its doc comment", pos, name)
				continue
			}
			named := 0
			for _, w := range strings.FieldsFunc(strings.TrimPrefix(line, "TLA+: "), func(r rune) bool {
				return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '+')
			}) {
				if w[0] >= 'A' && w[0] <= 'Z' && len(w) > 1 && w != "TLA+" && w != "PreVote" && w != "MsgTimeoutNow" {
					if !known[w] {
						t.Errorf("%s: %s names %q, which is not a traced action", pos, name, w)
					}
					named++
				}
			}
			if named == 0 {
				t.Errorf("%s: %s's TLA+ line names no action", pos, name)
			}
		}
	}
	if steps < 20 {
		t.Fatalf("found only %d steps", steps)
	}
}

// TestForwardedRequestsAreNotCreditedToTheNextStep: a follower forwards a proposal, a
// ReadIndex request and a transfer request to its leader (not steps of tla/Raft.tla, so not
// traced), then handles a heartbeat in the same Ready. The heartbeat's event reports only its
// response as sent; the Ready still sends everything, the forwarded requests first.
//
// Tests RAFT-TRACE-1, RAFT-LOG-7.
func TestForwardedRequestsAreNotCreditedToTheNextStep(t *testing.T) {
	for _, async := range []bool{false, true} {
		var evs []TraceEvent
		rn := newTestRawNode(t, 2, []uint64{1, 2, 3}, func(c *Config) {
			c.Tracer = TracerFunc(func(ev TraceEvent) { evs = append(evs, ev) })
			c.AsyncStorageWrites = async
		})
		hb := Message{Type: MsgHeartbeat, From: 1, To: 2, Term: 1}
		if err := rn.Step(hb); err != nil {
			t.Fatal(err)
		}
		if rn.HasReady() {
			rd := rn.Ready()
			rn.Advance(rd)
		}
		evs = nil
		if err := rn.Propose([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if err := rn.ReadIndex([]byte("read")); err != nil {
			t.Fatal(err)
		}
		if err := rn.TransferLeader(3); err != nil {
			t.Fatal(err)
		}
		if err := rn.Step(hb); err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Action != TraceHandleHeartbeatRequest {
			t.Fatalf("async=%v: events %+v, want one HandleHeartbeatRequest", async, evs)
		}
		if s := evs[0].Sent; len(s) != 1 || s[0].Type != MsgHeartbeatResp || s[0].To != 1 {
			t.Fatalf("async=%v: the heartbeat's event reports %+v as sent, want only its response", async, s)
		}
		var types []MessageType
		for _, m := range rn.Ready().Messages {
			if m.To == 1 {
				types = append(types, m.Type)
			}
		}
		if want := []MessageType{MsgProp, MsgReadIndex, MsgTransferLeader, MsgHeartbeatResp}; !slices.Equal(types, want) {
			t.Fatalf("async=%v: the Ready sends %v to the leader, want %v", async, types, want)
		}
	}
}
