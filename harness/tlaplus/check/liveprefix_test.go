package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFinitePrefixViolation: a temporal property violated by a finite behavior is reported as
// TLC reports it when found while searching (TLC's Github710a, Github710b and Github1389Counting
// tests; the corpus's Flip and Climb are their models): no loop, the search stopped, exit status
// 12. Several workers find the same behavior. With fairness every branch of the negated property
// has a condition on the loop, so the violation is a lasso, exit 13 (TLC's Github710c and
// Github710dFair tests).
func TestFinitePrefixViolation(t *testing.T) {
	for _, workers := range []int{1, 2} {
		res := runCorpus(t, corpusCase{config: "Flip.cfg", spec: "Flip.tla"}, Options{Workers: workers})
		require.Equal(t, TemporalSafetyViolated, res.Verdict, "workers %d", workers)
		require.Nil(t, res.Lasso)
		require.Equal(t, ExitSafety, res.ExitCode())
		require.Equal(t, []string{"Initial predicate: b = FALSE", "Next: b = TRUE", "Next: b = FALSE", "Next: b = TRUE"}, traceLines(res))
		require.Equal(t, [3]int64{5, 2, 0}, [3]int64{res.Generated, res.Distinct, res.Left})
	}
	res := runCorpus(t, corpusCase{config: "FlipFair.cfg", spec: "Flip.tla"}, Options{})
	require.Equal(t, LivenessViolated, res.Verdict)
	require.NotNil(t, res.Lasso)
	require.Equal(t, ExitLiveness, res.ExitCode())
}
