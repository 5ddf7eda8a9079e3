package paxossim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dsref/dsref/internal/tlaactions"
	"github.com/dsref/dsref/paxos"
)

// emittedByCore parses the paxos package's source and returns, per core, the trace actions
// its files pass to trace: synod.go is Synod, every other file is Node. It fails the test if a
// Trace* constant is not in paxos.TraceActions.
func emittedByCore(t *testing.T) (synod, node map[string]bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "paxos", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("paxos sources: %v", err)
	}
	known := map[string]string{} // constant name -> action
	for _, a := range paxos.TraceActions() {
		known["Trace"+string(a)] = string(a)
	}
	synod, node = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(base, "_test.go") || base == "trace.go" {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || !strings.HasPrefix(id.Name, "Trace") || slices.Contains([]string{"TraceEvent", "TraceAction", "Tracer", "Trace"}, id.Name) {
				return true
			}
			action, ok := known[id.Name]
			if !ok {
				t.Errorf("%s: %s is not one of paxos.TraceActions", fset.Position(id.Pos()), id.Name)
				return true
			}
			if base == "synod.go" {
				synod[action] = true
			} else {
				node[action] = true
			}
			return true
		})
	}
	return synod, node
}

// TestTraceActionsAreTLAActions checks the cores' trace vocabulary against their TLA+ modules:
// every action Synod emits is an action of tla/Paxos.tla's Next, every action Node emits is
// one of tla/MultiPaxos.tla's, every action of either module is emitted by its core, and
// every action in paxos.TraceActions is modeled and emitted by some core.
//
// Tests PAXOS-11.
func TestTraceActionsAreTLAActions(t *testing.T) {
	synod, node := emittedByCore(t)
	for _, c := range []struct {
		module  string
		emitted map[string]bool
	}{{"Paxos.tla", synod}, {"MultiPaxos.tla", node}} {
		_, actions, err := tlaactions.Of(filepath.Join("..", "..", "..", "tla", c.module))
		if err != nil {
			t.Fatal(err)
		}
		for _, helper := range []string{"Send", "chosen", "ChosenIn", "Applied", "vars"} {
			if actions[helper] {
				t.Fatalf("%s: helper %s taken for an action", c.module, helper)
			}
		}
		for a := range c.emitted {
			if !actions[a] {
				t.Errorf("the core checked against %s emits %s, which is not an action of its Next", c.module, a)
			}
		}
		for a := range actions {
			if !c.emitted[a] {
				t.Errorf("%s action %s is emitted by no step of its core", c.module, a)
			}
		}
	}
	for _, a := range paxos.TraceActions() {
		if !a.Modeled() || !synod[string(a)] && !node[string(a)] {
			t.Errorf("trace action %s: modeled %v, emitted by Synod %v, by Node %v", a, a.Modeled(), synod[string(a)], node[string(a)])
		}
	}
	if paxos.TraceAction("Nonsense").Modeled() || slices.Contains(paxos.TraceActions(), "Nonsense") {
		t.Error("an unknown action is modeled")
	}
}
