package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// TestInstanceParameterBoundPerDefinition: the parameter z of I(z) == INSTANCE Inner WITH c <- z,
// v <- x is bounded by the substitution for c only in the definitions of Inner that use c, as
// SANY bounds it (SubstInNode.levelCheck, Subst.getSubLCSet); UseV uses v alone, so INVARIANT Ok
// with Ok == I(x)!UseV, which SANY and TLC accept, runs: x = 1 and its one successor x = 1, 2
// generated, 1 distinct, depth 1, Ok (x = 1) holding. It was refused: "argument 1 of I!UseV is a
// state-level expression, but its definition allows at most constant level".
func TestInstanceParameterBoundPerDefinition(t *testing.T) {
	const inner = "---- MODULE Inner ----\nCONSTANT c\nVARIABLE v\nUseV == v = 1\nUseC == c = 1\n===="
	const main = `---- MODULE Main ----
VARIABLE x
I(z) == INSTANCE Inner WITH c <- z, v <- x
Init == x = 1
Next == x' = x
Ok == I(x)!UseV
====`
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Inner.tla"), []byte(inner), 0o644))
	path := filepath.Join(dir, "Main.tla")
	require.NoError(t, os.WriteFile(path, []byte(main), 0o644))
	conf, err := cfg.Parse("Main.cfg", "INIT Init\nNEXT Next\nINVARIANT Ok\n")
	require.NoError(t, err)
	res, err := Check(context.Background(), path, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict, res.Violated)
	require.Equal(t, [3]int64{2, 1, 1}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}
