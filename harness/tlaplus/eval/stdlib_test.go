package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/stdlib"
)

// TestNativesMatchStandardSources checks every native operator against the embedded TLA+ source
// of its module: same name, same number of arguments; and that every operator the sources export
// has a native implementation or is evaluated from its TLA+ definition.
func TestNativesMatchStandardSources(t *testing.T) {
	for module, table := range standardModules {
		mod := standardSource(module)
		if mod == nil {
			if _, ok := stdlib.Source(module); ok {
				t.Errorf("module %s has a source that does not parse", module)
			}
			continue
		}
		defined := map[string]int{}
		for _, u := range mod.Units {
			switch d := u.(type) {
			case *ast.OpDef:
				if !d.Local {
					defined[d.Name] = len(d.Params)
				}
			case *ast.FuncDef:
				defined[d.Name] = 0
			}
		}
		for name, n := range table {
			arity, ok := defined[name]
			if !ok {
				t.Errorf("%s: native %s is not defined in the module's source", module, name)
				continue
			}
			if arity != n.arity {
				t.Errorf("%s: native %s takes %d argument(s), the source's definition %d", module, name, n.arity, arity)
			}
		}
	}
}
