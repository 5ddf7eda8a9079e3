package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCollectorProcs: a processor beyond the workers when they would take every one, unless
// GOMAXPROCS is set.
func TestCollectorProcs(t *testing.T) {
	for _, c := range []struct {
		workers, procs int
		env            string
		want           int
	}{
		{1, 2, "", 2},
		{2, 2, "", 3},
		{8, 8, "", 9},
		{4, 2, "", 5},
		{1, 1, "", 2},
		{2, 2, "2", 2},
		{3, 8, "", 8},
	} {
		require.Equal(t, c.want, CollectorProcs(c.workers, c.procs, c.env), "%+v", c)
	}
}
