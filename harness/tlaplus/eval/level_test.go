package eval

import (
	"testing"
	"testing/fstest"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// TestLevel checks Spec.Level and Spec.DependsOnRun through definitions, arguments, ENABLED,
// primes, temporal operators, instance substitutions and the run-dependent standard operators.
// (Spec.Substitution is exercised by the checker's LiveRefines models.)
func TestLevel(t *testing.T) {
	modules := fstest.MapFS{"M.tla": {Data: []byte(`---- MODULE M ----
EXTENDS Naturals
VARIABLES y, z
Up == y' = y + 1
Big == y > 3
ZSub == z
====`)}}
	spec, err := LoadSource("L.tla", []byte(`---- MODULE L ----
EXTENDS Naturals, TLC
CONSTANT C
VARIABLE x
Double(a) == a + a
Moves == x' > x
Live == <>(x = 1)
Queue == TLCGet("level") > 0
Inner == INSTANCE M WITH y <- x + 1, z <- x
T1 == C + 1
T2 == Double(C)
T3 == Double(x)
T4 == Moves
T5 == ENABLED Moves
T6 == UNCHANGED x
T7 == []<>(x = 2)
T8 == Live /\ x = 1
T9 == Queue
T10 == Inner!Big
T11 == Inner!Up
T12 == \A i \in 1..2 : i > C
====`), Options{Modules: modules, Constants: []Constant{{Name: "C", Value: value.Int(1)}}})
	require.NoError(t, err)
	for name, want := range map[string]semantic.Level{
		"T1": semantic.ConstantLevel, "T2": semantic.ConstantLevel, "T3": semantic.StateLevel,
		"T4": semantic.ActionLevel, "T5": semantic.StateLevel, "T6": semantic.ActionLevel,
		"T7": semantic.TemporalLevel, "T8": semantic.TemporalLevel, "T9": semantic.StateLevel,
		"T10": semantic.StateLevel, "T11": semantic.ActionLevel, "T12": semantic.ConstantLevel,
	} {
		op, ok := spec.Definition(name)
		require.True(t, ok, name)
		require.Equal(t, want, spec.Level(op.Body(), nil), name)
	}
	queue, _ := spec.Definition("T9")
	double, _ := spec.Definition("T3")
	require.True(t, spec.DependsOnRun(queue.Body(), nil))
	require.False(t, spec.DependsOnRun(double.Body(), nil))
}
