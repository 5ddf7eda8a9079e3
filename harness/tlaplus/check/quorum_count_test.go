package check

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestQuorumCountIndependently recomputes the counts of tla/MCQuorum.cfg (MaxN = 5,
// MaxGridN = 6, MaxWeightedN = 3, MaxVotes = 2, MaxJointN = 4) from the definition of Configs and
// InRange, without the TLA+ engine: every configuration is an initial state, and Next is
// UNCHANGED cfg, so each has exactly one successor (itself).
func TestQuorumCountIndependently(t *testing.T) {
	const maxN, maxGridN, maxWeightedN, maxVotes, maxJointN = 5, 6, 3, 2, 4
	count := int64(maxN + 1) // majority over 0..MaxN members
	for n := 1; n <= maxN; n++ {
		count += int64(n)       // threshold k <= n
		count += 2 * int64(n*n) // flexible (q1, q2) and read/write (r, w), both <= n
	}
	for rows := 1; rows <= maxGridN; rows++ {
		for cols := 1; cols <= maxGridN; cols++ {
			if rows*cols <= maxGridN {
				count++
			}
		}
	}
	// weighted: every vote vector in [1..n -> 1..MaxVotes], and r, w <= the total of the votes.
	var weigh func(n, total int) int64
	weigh = func(left, total int) int64 {
		if left == 0 {
			return int64(total * total)
		}
		var c int64
		for v := 1; v <= maxVotes; v++ {
			c += weigh(left-1, total+v)
		}
		return c
	}
	for n := 1; n <= maxWeightedN; n++ {
		count += weigh(n, 0)
	}
	subsets := int64(1) << maxJointN
	count += subsets * subsets // joint: any old and new halves

	m, err := ReadManifest(filepath.Join("..", "..", "..", "tla", "models.json"))
	require.NoError(t, err)
	for _, e := range m.Models {
		if e.Config == "MCQuorum.cfg" {
			require.Equal(t, count, e.Distinct, "distinct states")
			require.Equal(t, 2*count, e.Generated, "states generated: each initial state and its one successor")
			require.Equal(t, 1, e.Depth)
			return
		}
	}
	t.Fatal("MCQuorum.cfg is not in tla/models.json")
}
