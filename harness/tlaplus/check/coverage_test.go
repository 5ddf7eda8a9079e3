package check

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// coverageSpec's -coverage report, counted by hand. Init assigns x = 0, 1 and 2 and its second
// conjunct rejects x = 2: 2 initial states of 3 complete assignments, "2:3". From 0 and 1 (level
// 1), 2 and 3 (level 2), Inc(1) and Inc(2) generate 8 states, of which 2, 3, 4 and 5 are new: the
// two bindings of the \E are one action, Inc's whole body, "4:8". From 4 (level 3) Inc is
// disabled and Reset's first disjunct goes back to 0, seen: "0:1"; its second disjunct is never
// enabled: "0:0". Each disjunct is an action located by its line and columns after Reset's
// left-hand side. 2 + 8 + 1 = 11 generated, 6 distinct, depth 3.
const coverageSpec = `---- MODULE Cov ----
EXTENDS Naturals
VARIABLE x
Init == x \in 0..2 /\ x < 2
Inc(n) == x < 4 /\ x' = x + n
Reset == \/ x = 4 /\ x' = 0
         \/ x > 9 /\ x' = 9
Next == \/ \E n \in {1, 2} : Inc(n)
        \/ Reset
====`

func TestCoverageReport(t *testing.T) {
	want := []string{
		"<Init line 4, col 1 to line 4, col 4 of module Cov>: 2:3",
		"<Inc line 5, col 1 to line 5, col 6 of module Cov>: 4:8",
		"<Reset line 6, col 1 to line 6, col 5 of module Cov (6 13 6 27)>: 0:1",
		"<Reset line 6, col 1 to line 6, col 5 of module Cov (7 13 7 27)>: 0:0",
	}
	for _, workers := range []int{1, 2} {
		res := checkSource(t, "Cov", coverageSpec, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", Options{Coverage: true, Workers: workers})
		require.Equal(t, [3]int64{11, 6, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
		require.Equal(t, want, res.Coverage, "workers %d", workers)
	}
	// The same with SPECIFICATION, whose Init conjunct is the initial predicate.
	spec := strings.Replace(coverageSpec, "====", "Spec == Init /\\ [][Next]_x\n====", 1)
	res := checkSource(t, "Cov", spec, "SPECIFICATION Spec CHECK_DEADLOCK FALSE", Options{Coverage: true})
	require.Equal(t, want, res.Coverage)
	// Without -coverage there is no report.
	res = checkSource(t, "Cov", coverageSpec, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", Options{})
	require.Nil(t, res.Coverage)
}

// TestCoverageReportPrinted: the report is printed as TLC's CostModelCreator.report prints it,
// before the closing statistics.
func TestCoverageReportPrinted(t *testing.T) {
	res := checkSource(t, "Cov", coverageSpec, "INIT Init NEXT Next CHECK_DEADLOCK FALSE", Options{Coverage: true})
	var b strings.Builder
	WriteReport(&b, res)
	out := b.String()
	head := "The coverage statistics at "
	i := strings.Index(out, head)
	require.GreaterOrEqual(t, i, 0, out)
	rest := out[i+len(head)+len("2006-01-02 15:04:05"):]
	require.True(t, strings.HasPrefix(rest, " (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).\n"+
		"<Init line 4, col 1 to line 4, col 4 of module Cov>: 2:3\n"), out)
	require.Contains(t, out, "<Reset line 6, col 1 to line 6, col 5 of module Cov (7 13 7 27)>: 0:0\nEnd of statistics.\n11 states generated, 6 distinct states found, 0 states left on queue.\n")

	var long strings.Builder
	WriteCoverage(&long, []string{"<A>: 0:0"}, time.Date(2026, 12, 7, 20, 0, 0, 0, time.Local), 6*time.Minute)
	require.Equal(t, "The coverage statistics at 2026-12-07 20:00:00 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).\n"+
		"<A>: 0:0\nEnd of statistics (please note that for performance reasons large models\nare best checked with coverage and cost statistics disabled).\n", long.String())
}
