package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// replaceSpec defines SequencesExt's ReplaceFirstSubSeq and ReplaceAllSubSeqs again under other
// names, as the module writes them, for the natives to be compared with.
const replaceSpec = `---- MODULE ReplaceAsDefined ----
EXTENDS SequencesExt, Sequences, FiniteSets, Functions, Integers
DefSubSeqs(s) == {SubSeq(s, i + 1, j) : i, j \in 0 .. Len(s)}
DefIndexFirstSubSeq(s, t) ==
    LET last == CHOOSE i \in 0 .. Len(t) :
                    /\ s \in DefSubSeqs(SubSeq(t, 1, i))
                    /\ \A j \in 0 .. i - 1 : s \notin DefSubSeqs(SubSeq(t, 1, j))
    IN  last - (Len(s) - 1)
DefReplaceSubSeqAt(i, r, s, t) ==
    LET prefix == SubSeq(t, 1, i - 1)
        suffix == SubSeq(t, i + Len(s), Len(t))
    IN  prefix \o r \o suffix
DefReplaceFirstSubSeq(r, s, t) ==
    IF s \in DefSubSeqs(t) THEN DefReplaceSubSeqAt(DefIndexFirstSubSeq(s, t), r, s, t) ELSE t
DefReplaceAllSubSeqs(r, s, t) ==
    CASE s = t -> r
      [] r = s -> t
      [] s /= t /\ Len(s) = 0 ->
            LET z == Interleave([i \in 1 .. Len(t) |-> r], [i \in 1 .. Len(t) |-> <<t[i]>>])
            IN  FlattenSeq(FlattenSeq(z))
      [] s /= t /\ Len(s) > 0 /\ s \in DefSubSeqs(t) ->
            LET match(f) == {i \in 1 .. Len(f) : s = f[i]}
                comp(p, q) == \A i \in 1 .. Len(p) : p[i] <= q[i]
                R == BoundedSeq(BoundedSeq(Range(t), Len(t)), Len(t))
                S == {f \in R : FlattenSeq(f) = t}
                T == {f \in S : \A g \in S : Cardinality(match(g)) <= Cardinality(match(f))}
                u == CHOOSE f \in T :
                        \A g \in T : comp(SetToSortSeq(match(f), <), SetToSortSeq(match(g), <))
            IN  FlattenSeq([i \in 1 .. Len(u) |-> IF s = u[i] THEN r ELSE u[i]])
      [] OTHER -> t
====`

// TestReplaceSubSeqsNativesAreTheDefinitions: ReplaceFirstSubSeq and ReplaceAllSubSeqs are
// natives, and on sequences they give what the module's definitions give (on random short
// sequences over two values, where occurrences overlap and repeat).
func TestReplaceSubSeqsNativesAreTheDefinitions(t *testing.T) {
	s, err := LoadSource("ReplaceAsDefined.tla", []byte(replaceSpec), Options{})
	require.NoError(t, err)
	for _, name := range []string{"ReplaceFirstSubSeq", "ReplaceAllSubSeqs"} {
		op, ok := s.Definition(name)
		require.True(t, ok, name)
		require.True(t, op.IsNative(), "%s is a native operator", name)
	}
	seq := func(t *rapid.T, label string, max int) string {
		xs := rapid.SliceOfN(rapid.IntRange(1, 2), 0, max).Draw(t, label)
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprint(x)
		}
		return "<<" + strings.Join(parts, ", ") + ">>"
	}
	rapid.Check(t, func(rt *rapid.T) {
		r, sub, tt := seq(rt, "r", 2), seq(rt, "s", 2), seq(rt, "t", 3)
		expr := fmt.Sprintf("<<ReplaceFirstSubSeq(%[1]s, %[2]s, %[3]s) = DefReplaceFirstSubSeq(%[1]s, %[2]s, %[3]s), "+
			"ReplaceAllSubSeqs(%[1]s, %[2]s, %[3]s) = DefReplaceAllSubSeqs(%[1]s, %[2]s, %[3]s)>>", r, sub, tt)
		x, err := syntax.ParseExpr("test", expr)
		require.NoError(rt, err, expr)
		v, err := s.NewSession(nil).Eval(x, nil)
		require.NoError(rt, err, expr)
		require.Equal(rt, "<<TRUE, TRUE>>", v.String(), expr)
	})
}
