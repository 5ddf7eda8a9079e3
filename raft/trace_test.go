package raft

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// traceTypeNames are the identifiers of trace.go starting with Trace that are not actions.
var traceTypeNames = map[string]bool{"TraceAction": true, "TraceEvent": true, "Tracer": true, "TracerFunc": true, "Trace": true, "TraceActions": true}

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
		l.raft.becomeCandidate()
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
