package check

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAssumptionEvaluationError: an ASSUME whose evaluation fails stops the run as a false one
// does (TLC's checkAssumptions: EC.TLC_ASSUMPTION_EVALUATION_ERROR, exit status
// VIOLATION_ASSUMPTION, 10), reported with TLC's "Evaluating assumption ... failed." and the
// error. The first module is shaped after TLC's test Github1109: the domain of a function of two
// arguments compared with {} is enumerated, which fails on the range Seq({"a"}) of its first
// component, as in TLC (SetOfTuplesValue.equals converts the set; we answered TRUE).
func TestAssumptionEvaluationError(t *testing.T) {
	for _, c := range []struct {
		module, src, conf, where, msg string
	}{{
		module: "AssumeEnum",
		src: `---- MODULE AssumeEnum ----
EXTENDS Sequences
CONSTANT F
ASSUME DOMAIN F # {}
Fcn == [g \in [{1} -> Seq({"a"})], b \in {TRUE} |-> 0]
====`,
		conf:  "CONSTANT F <- Fcn",
		where: "line 4, col 8 to line 4, col 20 of module AssumeEnum",
		msg:   "Attempted to enumerate a set of the form [D -> R],but the range R:\nSeq({\"a\"})\ncannot be enumerated.",
	}, {
		module: "AssumeEq",
		src: `---- MODULE AssumeEq ----
ASSUME 0 = "a"
====`,
		where: "line 2, col 8 to line 2, col 14 of module AssumeEq",
		msg:   "Attempted to check equality of integer 0 with non-integer:\n\"a\"",
	}} {
		res := checkSource(t, c.module, c.src, c.conf, Options{})
		require.Equal(t, AssumptionFailed, res.Verdict)
		require.Equal(t, c.where, res.Violated)
		require.Equal(t, c.msg, res.AssumptionError)
		require.Equal(t, ExitAssumption, res.Verdict.ExitCode())
		var out bytes.Buffer
		WriteReport(&out, res)
		require.Contains(t, out.String(), "Error: Evaluating assumption "+c.where+" failed.\n"+c.msg+"\n")
	}
}

// TestChooseModelValueFirst: TLC orders a model value before the values of other kinds
// (ModelValue.compareTo), so CHOOSE over {1, 2, m} picks m: the initial state violates Inv with
// x = m, and the trace shows s with m first, as TLC prints it. We chose 1 (no violation) and
// printed {1, 2, m}.
func TestChooseModelValueFirst(t *testing.T) {
	res := checkSource(t, "ChooseMV", `---- MODULE ChooseMV ----
CONSTANT m
VARIABLE x, s
Init == x = (CHOOSE v \in {1, 2, m} : TRUE) /\ s = {1, 2, m}
Next == UNCHANGED <<x, s>>
Inv == x = 1
====`, "CONSTANT m = m\nINIT Init\nNEXT Next\nINVARIANT Inv", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "/\\ x = m\n")
	require.Contains(t, out.String(), "/\\ s = {m, 1, 2}\n")
}
