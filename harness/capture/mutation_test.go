//go:build dsref_mutations

package capture

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/raft"
)

// TestMutationWireValidationCatchesMinorityQuorum captures three real processes whose raft
// cores count a quorum as N/2 (raft.MutationMinorityQuorum: a candidate wins with its own
// vote) and checks that the captured messages alone are no behavior of tla/Raft.tla, and
// that the report names the first frame no behavior explains.
func TestMutationWireValidationCatchesMinorityQuorum(t *testing.T) {
	if !canCapture(t) {
		return
	}
	r := runCapturedCluster(t, smallRun("minority-quorum"))
	v := validateRun(t, r, false)
	require.NotNil(t, v.Frame, "the report names no frame")
	require.Positive(t, v.Packet)
	var b stringsBuilder
	v.WriteReport(&b)
	t.Logf("%s", b.String())
	require.Contains(t, b.String(), "no behavior of tla/Raft.tla sends this frame")
}

// TestMutationReplayCatchesMinorityQuorum replays a capture of a correct cluster (with its
// nodes' traces) into cores that count a quorum as N/2: the replay reports a divergence,
// naming the node and its trace line.
func TestMutationReplayCatchesMinorityQuorum(t *testing.T) {
	c, traces := replayFixture(t)
	res, err := Replay(c, ReplayOptions{Traces: traces, ElectionTicks: 20, PreVote: true, CheckQuorum: true,
		Config: func(cfg *raft.Config) { cfg.Mutation = raft.MutationMinorityQuorum }})
	require.NoError(t, err)
	var b stringsBuilder
	res.WriteReport(&b)
	t.Logf("%s", b.String())
	require.False(t, res.OK())
	require.Positive(t, res.Divergence.Line)
	require.Contains(t, b.String(), "first divergence")
}

// TestMutationScheduleReproducesMinorityQuorum captures three real processes whose cores
// count a quorum as N/2, with the leader killed and restarted under a client workload, turns
// the capture into a simulator schedule (the crash and the restart) and runs it in the
// simulator with the same planted bug: every seed fails, as the field run did (its capture
// is no behavior of tla/Raft.tla); the same schedule without the bug passes.
func TestMutationScheduleReproducesMinorityQuorum(t *testing.T) {
	if !canCapture(t) {
		return
	}
	r := runCapturedCluster(t, runOptions{nodes: 3, clients: 2, duration: 2 * time.Second, killLeader: true, mutation: "minority-quorum"})
	c := r.capture.decode(t)
	require.NoError(t, c.Complete(), "%+v", c.Stats)
	v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{MaxFrontier: 100_000})
	require.NoError(t, err)
	require.False(t, v.OK(), "the capture of the planted bug validated")
	s := simulateCapture(t, c, r, "minority-quorum", true)
	require.NotEmpty(t, s.Steps, "the capture shows no crash")
	simulateCapture(t, c, r, "", false)
}
