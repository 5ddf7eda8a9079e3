package eval

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/stretchr/testify/require"
)

// TestLevelAgreesWithSANY compares eval's level of every definition of the root modules of the
// corpus specs (check's testdata/corpus, tla/, eval's testdata) with the semantic package's,
// which is SANY's (OpDefNode.levelCheck: the body's level with the parameters constant-level):
// Spec.Level decides SPECIFICATION and PROPERTY conjuncts, guards and liveness formulas as TLC
// decides them with its getLevelBound and SANY's getLevel, which agree on these definitions.
// Definitions using TLCGet, TLCSet, JavaTime or RandomElement are left out: Level takes them as
// state-level on purpose (see Level). 960 definitions; before subexpression names were levelled
// by the part they name, Inv, Next and Below3 of Selectors.tla were temporal here, and before
// parameters and bound names were levelled as constants, Msg and Entry of TraceRaft.tla and Msg
// of TraceRaftWire.tla were state-level: Raft's ConfigRecord(v, o, l, n, a) names its parameter
// l, which the leveler took for TraceRaft's VARIABLE l.
func TestLevelAgreesWithSANY(t *testing.T) {
	var files []string
	for _, dir := range []string{"../check/testdata/corpus", "../../../tla", "testdata"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.tla"))
		require.NoError(t, err)
		files = append(files, m...)
	}
	sort.Strings(files)
	n := 0
	for _, f := range files {
		s, err := LoadFile(f, Options{})
		if err != nil {
			continue // a module some test loads with other modules or refuses on purpose
		}
		root := s.Semantic().Root
		for name, sym := range root.Scope {
			if sym.Module != root.Name || sym.Kind != semantic.Operator && sym.Kind != semantic.Function {
				continue
			}
			op, ok := s.Definition(name)
			if !ok || op.scope == nil {
				continue
			}
			body := op.body
			if body == nil {
				if op.funcDef == nil {
					continue
				}
				body = op.funcDef.Body
			}
			if s.DependsOnRun(body, op.scope) {
				continue
			}
			n++
			require.Equal(t, sym.Level, s.Level(body, op.scope), "%s: %s", f, name)
		}
	}
	require.Greater(t, n, 900, "definitions compared")
}
