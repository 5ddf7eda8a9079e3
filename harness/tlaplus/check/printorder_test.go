package check

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTraceRecordsInTLCOrder: a counterexample prints records and sets of records as TLC
// prints them (see value.InternOrder): fields in the order the spec's text first names them
// (type, bal, acc, mbal), not by their bytes, even where the record was built in another
// order (acc before bal), and a set of records by number of fields first. Strings too: "zz"
// is named before "ab" in the text, so {"zz", "ab"} prints in that order. Before, this trace
// printed [acc |-> "a1", bal |-> 0, mbal |-> 1, type |-> "1b"] and {"ab", "zz"}.
func TestTraceRecordsInTLCOrder(t *testing.T) {
	const spec = `---- MODULE Rec ----
EXTENDS Naturals, FiniteSets
VARIABLE msgs, tags
Messages == [type : {"1a"}, bal : 0..1] \cup [type : {"1b"}, bal : 0..1, acc : {"a1"}, mbal : 0..1]
Init == msgs = {} /\ tags = {"zz", "ab"}
Next == /\ UNCHANGED tags
        /\ \/ msgs' = msgs \cup {[type |-> "1a", bal |-> 0]}
           \/ /\ \E m \in msgs : m.type = "1a"
              /\ msgs' = msgs \cup {[type |-> "1b", acc |-> "a1", bal |-> 0, mbal |-> 1]}
Inv == Cardinality(msgs) < 2
====`
	res := checkSource(t, "Rec", spec, "INIT Init NEXT Next INVARIANT Inv", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "\n"+
		"/\\ msgs = { [type |-> \"1a\", bal |-> 0],\n  [type |-> \"1b\", bal |-> 0, acc |-> \"a1\", mbal |-> 1] }\n"+
		"/\\ tags = {\"zz\", \"ab\"}\n")
}

// TestAliasFieldsInWrittenOrder: TLC prints an ALIAS record's fields in the order the record was
// built (RecordValue.PrintTLCState; the record is evaluated afresh and never normalized), which
// for an ALIAS written as a record constructor behind a LET is the order written: sum, a, b.
// Before, they were printed by their bytes (a, b, sum).
func TestAliasFieldsInWrittenOrder(t *testing.T) {
	const spec = `---- MODULE Al ----
EXTENDS Naturals
VARIABLES b, a
Init == a = 0 /\ b = 0
Next == a' = a + 1 /\ b' = b
Inv == a < 2
Alias == LET s == a + b IN [sum |-> s, a |-> a, b |-> b]
====`
	res := checkSource(t, "Al", spec, "INIT Init NEXT Next INVARIANT Inv ALIAS Alias", Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "State 1: <Initial predicate>\n/\\ sum = 0\n/\\ a = 0\n/\\ b = 0\n")
}
