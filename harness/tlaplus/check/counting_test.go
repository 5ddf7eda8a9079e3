package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// countingCorpus holds one hand-counted model per rule by which TLC counts states generated
// (issue #19): inside an action (and the initial predicate), the right side of P => Q and the
// body of \A are enumerated, so each way of satisfying them is a successor; a zero-arity
// definition of constant level is one guard, not expanded; conjuncts left once every variable
// is assigned are evaluated, not enumerated; a disjunct indented under an item of a junction
// list belongs to that item (once per binding of its \E). Each spec's comment works the counts out, and what
// evaluating the construct as a boolean (or expanding it) would have given instead.
var countingCorpus = []corpusCase{
	{config: "CountImplies.cfg", spec: "CountImplies.tla", generated: 5, distinct: 2, depth: 2},
	{config: "CountForall.cfg", spec: "CountForall.tla", generated: 13, distinct: 2, depth: 2},
	{config: "CountConstant.cfg", spec: "CountConstant.tla", generated: 3, distinct: 2, depth: 2},
	{config: "CountConstantState.cfg", spec: "CountConstant.tla", generated: 6, distinct: 2, depth: 2},
	{config: "CountAssigned.cfg", spec: "CountAssigned.tla", generated: 3, distinct: 2, depth: 2},
	{config: "CountAssignedBefore.cfg", spec: "CountAssigned.tla", generated: 7, distinct: 2, depth: 2},
	{config: "CountAssignedPartly.cfg", spec: "CountAssigned.tla", generated: 5, distinct: 2, depth: 2},
	{config: "CountInit.cfg", spec: "CountInit.tla", generated: 8, distinct: 4, depth: 1},
	{config: "CountNestedDisjunct.cfg", spec: "CountNestedDisjunct.tla", generated: 5, distinct: 4, depth: 2},
	{config: "CountFuncApp.cfg", spec: "CountFuncApp.tla", generated: 22, distinct: 8, depth: 4},
	{config: "CountSplitConstant.cfg", spec: "CountSplitConstant.tla", generated: 3, distinct: 2, depth: 2},
}

func TestCountsAsTLC(t *testing.T) {
	for _, c := range countingCorpus {
		t.Run(c.config, func(t *testing.T) {
			for _, opts := range []Options{{}, {Workers: 2}, {Mode: DFS, Depth: 10}} {
				res := runCorpus(t, c, opts)
				require.Equal(t, OK, res.Verdict)
				got := [3]int64{res.Generated, res.Distinct, int64(res.Depth)}
				require.Equal(t, [3]int64{c.generated, c.distinct, int64(c.depth)}, got, "generated, distinct, depth (mode %d, %d workers)", opts.Mode, opts.Workers)
			}
		})
	}
}
