package tlaactions

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/clocks"
)

// emitted returns the clocks trace actions named (as Trace* constants) in one clocks source
// file, failing the test for a Trace* name that is not in clocks.TraceActions.
func emitted(t *testing.T, file string) map[string]bool {
	t.Helper()
	known := map[string]string{}
	for _, a := range clocks.TraceActions() {
		known["Trace"+string(a)] = string(a)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join("..", "..", "clocks", file), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || !strings.HasPrefix(id.Name, "Trace") {
			return true
		}
		switch id.Name {
		case "TraceEvent", "TraceAction", "Tracer", "TracerFunc", "Trace":
			return true
		}
		a, ok := known[id.Name]
		if !ok {
			t.Errorf("%s: %s is not one of clocks.TraceActions", fset.Position(id.Pos()), id.Name)
		}
		out[a] = true
		return true
	})
	return out
}

// TestClockTraceActionsAreTLAActions checks the stateful clocks' trace vocabulary against
// their TLA+ modules: every action the Lamport clock emits is an action of
// tla/LamportClock.tla's Next and every action the HLC emits one of tla/HLC.tla's, and every
// action of either module is emitted, except HLC.tla's AdvancePhysical (physical time passing,
// which the clock reads but does not do).
//
// Tests LC-2, LC-3, LC-4, HLC-1, HLC-2.
func TestClockTraceActionsAreTLAActions(t *testing.T) {
	all := map[string]bool{}
	for _, c := range []struct {
		file, module string
		environment  []string
	}{
		{"lamport.go", "LamportClock.tla", nil},
		{"hlc.go", "HLC.tla", []string{"AdvancePhysical"}},
	} {
		got := emitted(t, c.file)
		if len(got) == 0 {
			t.Fatalf("%s emits no trace action", c.file)
		}
		_, actions, err := Of(filepath.Join("..", "..", "tla", c.module))
		if err != nil {
			t.Fatal(err)
		}
		for a := range got {
			all[a] = true
			if !actions[a] {
				t.Errorf("%s emits %s, which is not an action of %s", c.file, a, c.module)
			}
		}
		for a := range actions {
			if !got[a] && !contains(c.environment, a) {
				t.Errorf("%s action %s is emitted by no step of %s", c.module, a, c.file)
			}
		}
	}
	for _, a := range clocks.TraceActions() {
		if !a.Modeled() || !all[string(a)] {
			t.Errorf("trace action %s: modeled %v, emitted %v", a, a.Modeled(), all[string(a)])
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
