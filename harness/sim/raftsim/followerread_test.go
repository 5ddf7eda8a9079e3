package raftsim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFollowerReadsAreServed runs seeds with every fault kind drawn and requires that followers
// forward reads to the leader and get them answered (an AnswerRead of a request from another
// node), in runs whose client histories, those reads included, porcupine finds linearizable:
// the sweep's follower reads are checked, not merely possible.
//
// Tests RAFT-READ-3.
func TestFollowerReadsAreServed(t *testing.T) {
	forwarded := 0
	for seed := uint64(1); seed <= 30 && forwarded < 10; seed++ {
		sc := bufio.NewScanner(bytes.NewReader(runTrace(t, 3, seed)))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var ev struct {
				Action string
				Node   uint64
				Msg    *struct{ From uint64 }
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &ev))
			if ev.Action == "AnswerRead" && ev.Msg != nil && ev.Msg.From != ev.Node {
				forwarded++
			}
		}
		require.NoError(t, sc.Err())
	}
	require.GreaterOrEqual(t, forwarded, 10, "reads forwarded by a follower and answered, in seeds 1..30 of 3 nodes")
}
