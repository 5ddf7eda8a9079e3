package eval

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// randomConstSpec: Pick is a constant definition choosing at random, Later one that uses it, and
// Range a set built from Pick, such as a quantifier bound.
const randomConstSpec = `---- MODULE RC ----
EXTENDS Naturals, TLC
Pick == RandomElement(1..1000)
Later == Pick + 1
Range == 1..Pick
====`

// lastChoice is a Context.Rand always choosing the last element.
func lastChoice(n int) int { return n - 1 }

// TestUnseededRandomNotRemembered: a random choice made without Context.Rand (the first
// element) is the evaluation's own. A session without a random source (a model checker's
// load-time session laying out a PROPERTY) once fixed Pick to 1 for the run; a session with one
// now still draws it, and keeps what it drew.
func TestUnseededRandomNotRemembered(t *testing.T) {
	s, err := LoadSource("RC.tla", []byte(randomConstSpec), Options{})
	require.NoError(t, err)

	plain := s.NewSession(nil)
	defer plain.Close()
	v, err := plain.Eval(parse(t, "Pick"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(1), v, "without a source RandomElement takes the first element")
	_, err = plain.Bindings(parse(t, `\A i \in Range : TRUE`).(*ast.Quant).Bounds, nil)
	require.ErrorContains(t, err, "random choice", "bindings drawn without the run's source")

	seeded := s.NewSession(&Context{Rand: lastChoice})
	defer seeded.Close()
	v, err = seeded.Eval(parse(t, "Later"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(1001), v, "the seeded session draws Pick itself")

	// Drawn with a source, Pick keeps its value for every session, as TLC's once-per-run value.
	v, err = plain.Eval(parse(t, "Pick"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(1000), v)
	scopes, err := plain.Bindings(parse(t, `\A i \in Range : TRUE`).(*ast.Quant).Bounds, nil)
	require.NoError(t, err)
	require.Len(t, scopes, 1000)
}

// TestFixRandomConstants: the random constant definitions are drawn from the session's source
// when it asks, before any use; without a source nothing is drawn. Only a definition choosing at
// random itself is evaluated: Later uses Pick, which FixRandomConstants draws.
func TestFixRandomConstants(t *testing.T) {
	s, err := LoadSource("RC.tla", []byte(randomConstSpec), Options{})
	require.NoError(t, err)
	plain := s.NewSession(nil)
	defer plain.Close()
	plain.FixRandomConstants()
	draws := 0
	seeded := s.NewSession(&Context{Rand: func(n int) int { draws++; return n - 1 }})
	defer seeded.Close()
	seeded.FixRandomConstants()
	require.Equal(t, 1, draws, "Pick drawn once, from the seeded session")
	v, err := plain.Eval(parse(t, "Later"), nil)
	require.NoError(t, err)
	require.Equal(t, value.Int(1001), v)
	require.Equal(t, 1, draws)
}
