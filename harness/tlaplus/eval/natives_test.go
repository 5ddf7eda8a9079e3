package eval

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// TestNativesMatchSources checks that every native operator of a standard module with a TLA+
// source is defined there with the same arity: natives replace only such definitions (see
// addDefinedNatives), so one without a definition would silently never be used.
func TestNativesMatchSources(t *testing.T) {
	for name, ns := range standardModules {
		mod := standardSource(name)
		if mod == nil {
			continue
		}
		defined := map[string]int{}
		for _, u := range mod.Units {
			switch u := u.(type) {
			case *ast.OpDef:
				defined[u.Name] = len(u.Params)
			case *ast.FuncDef:
				defined[u.Name] = 0
			}
		}
		for op, n := range ns {
			arity, ok := defined[op]
			switch {
			case !ok:
				t.Errorf("%s: native %s has no definition in %s.tla", name, op, name)
			case arity != n.arity:
				t.Errorf("%s: native %s takes %d arguments, its definition %d", name, op, n.arity, arity)
			}
		}
	}
}

// TestLocalModuleKeepsItsDefinitions: a module of the spec's folder named like a standard module
// keeps a definition whose arity differs from the native one, as TLC keeps it (it binds a Java
// override only to a definition of the same arity), and gets the natives of the ones it defines
// alike.
func TestLocalModuleKeepsItsDefinitions(t *testing.T) {
	local := fstest.MapFS{"Functions.tla": {Data: []byte(`---- MODULE Functions ----
Range(a, b) == {a, b}
IsInjective(f) == \A a, b \in DOMAIN f : f[a] = f[b] => a = b
====`)}}
	s, err := LoadSource("Root.tla", []byte("---- MODULE Root ----\nEXTENDS Functions\nX == Range(1, 2)\n====\n"), Options{Modules: local})
	require.NoError(t, err)
	v, err := s.NewSession(nil).EvalDef("X")
	require.NoError(t, err)
	require.Equal(t, "{1, 2}", v.String())
	op, ok := s.Definition("IsInjective")
	require.True(t, ok)
	require.True(t, op.IsNative(), "IsInjective is defined alike, so the native replaces it")
}
