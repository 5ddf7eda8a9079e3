package capture

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dsref/dsref/raft/transport"
	"github.com/stretchr/testify/require"
)

// replayFixture reads testdata/replay: a capture of three real dsref kv processes on loopback
// writing their traces (realtest's cluster, 10 ms ticks, 20-tick elections, one client for
// 300 ms, no faults; runCapturedCluster with traces) and the three traces.
func replayFixture(t *testing.T) (*Capture, map[uint64][]byte) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "replay", "cluster3.pcap"))
	require.NoError(t, err)
	defer f.Close()
	c, err := Decode(f, "cluster3.pcap", nil)
	require.NoError(t, err)
	traces := map[uint64][]byte{}
	for id := uint64(1); id <= 3; id++ {
		data, err := os.ReadFile(filepath.Join("testdata", "replay", fmt.Sprintf("node-%d.ndjson", id)))
		require.NoError(t, err)
		traces[id] = data
	}
	return c, traces
}

// TestReplayReproducesARealRun replays the fixture's capture into fresh cores: every recorded
// step of every node and every captured frame is reproduced.
//
// Tests RAFT-NET-3.
func TestReplayReproducesARealRun(t *testing.T) {
	c, traces := replayFixture(t)
	res, err := Replay(c, ReplayOptions{Traces: traces, ElectionTicks: 20, PreVote: true, CheckQuorum: true})
	require.NoError(t, err)
	var b stringsBuilder
	res.WriteReport(&b)
	require.True(t, res.OK(), "%s", b.String())
	for _, n := range res.Nodes {
		require.Equal(t, n.Recorded, n.Events, "node %d", n.Node)
		require.Positive(t, n.Steps)
		require.Positive(t, n.Sent)
	}
}

// TestReplayReportsTheFirstDivergence edits the fixture: a recorded step's state (the trace
// says node 2 committed another index), and a captured frame's content (the capture holds a
// heartbeat with another commit index than the leader's core sends). Each is reported as the
// first divergence, with the trace line or the packet.
func TestReplayReportsTheFirstDivergence(t *testing.T) {
	c, traces := replayFixture(t)
	lines := bytes.Split(traces[2], []byte{'\n'})
	edited := -1
	for i, l := range lines {
		if bytes.Contains(l, []byte(`"action":"HandleAppendEntriesRequest"`)) && bytes.Contains(l, []byte(`"commit":1,`)) {
			lines[i] = bytes.Replace(l, []byte(`"commit":1,`), []byte(`"commit":2,`), 1)
			edited = i + 1
			break
		}
	}
	require.Positive(t, edited)
	traces[2] = bytes.Join(lines, []byte{'\n'})
	res, err := Replay(c, ReplayOptions{Traces: traces, ElectionTicks: 20, PreVote: true, CheckQuorum: true})
	require.NoError(t, err)
	require.False(t, res.OK())
	require.Equal(t, uint64(2), res.Divergence.Node)
	require.Equal(t, edited, res.Divergence.Line)

	c, traces = replayFixture(t)
	var hb *Frame
	for _, f := range c.Messages() {
		if f.From == 1 && f.Message.Type.String() == "MsgHeartbeat" && f.Message.Commit > 0 {
			hb = f
			break
		}
	}
	require.NotNil(t, hb)
	hb.Message.Commit++
	res, err = Replay(c, ReplayOptions{Traces: traces, ElectionTicks: 20, PreVote: true, CheckQuorum: true})
	require.NoError(t, err)
	require.False(t, res.OK())
	require.Equal(t, uint64(1), res.Divergence.Node)
	require.Equal(t, hb.Packet, res.Divergence.Packet)
	require.Contains(t, res.Divergence.What, "differs from the message the core sent")
}

// TestReplayRefusesWhatItCannotReplay: without traces, with a trace that is not a node's,
// and with an incomplete capture, Replay fails with an error saying why.
func TestReplayRefusesWhatItCannotReplay(t *testing.T) {
	c, traces := replayFixture(t)
	_, err := Replay(c, ReplayOptions{})
	require.ErrorContains(t, err, "replay needs the nodes' traces")
	_, err = Replay(c, ReplayOptions{Traces: map[uint64][]byte{2: traces[1]}})
	require.ErrorContains(t, err, "node 2's trace: line 1: not an event of node 2")
	_, err = Replay(c, ReplayOptions{Traces: map[uint64][]byte{1: []byte("{\"node\":1,\"action\":\"Restart\"}\n{not json\n")}})
	require.ErrorContains(t, err, "node 1's trace: line 2:")
	c.Stats.MissingBytes = 10
	_, err = Replay(c, ReplayOptions{Traces: traces})
	require.ErrorContains(t, err, "cannot be replayed")
}

// TestReplayTakesARedialAsTheEndOfTheOldConnection: node 2's first connection to node 3 never
// shows a close (node 3 was killed: its kernel reset the connection in the direction that
// carries no data), node 2 dialed again once node 3 restarted, and that second connection
// closed when node 2 stopped. A message node 3's core sends to node 2 afterwards is not on the
// wire because node 2 is gone, not because the replay lost it: the first connection ended
// when node 2 dialed again. (A kept capture of TestCaptureOfARealCluster diverged here, "the
// core sent a MsgPreVote to node 2 that the capture does not hold".)
func TestReplayTakesARedialAsTheEndOfTheOldConnection(t *testing.T) {
	at := func(sec int) time.Time { return time.Unix(1_000_000+int64(sec), 0) }
	hello := func(from, to uint64) *Frame { return &Frame{Kind: transport.KindHello, From: from, To: to} }
	first := &Stream{ID: 1, Start: at(0), Hello: hello(2, 3)}
	second := &Stream{ID: 2, Start: at(20), Hello: hello(2, 3), Closed: true, ClosedAt: at(30)}
	mine := &Stream{ID: 3, Start: at(21), Hello: hello(3, 2)} // node 3's own, never closed in the capture
	r := &replayer{id: 3, streams: []*Stream{first, second, mine}}

	end, ok := r.endOf(first)
	require.True(t, ok)
	require.Equal(t, at(20), end, "the first connection ends when node 2 dials again")
	end, ok = r.endOf(second)
	require.True(t, ok)
	require.Equal(t, at(30), end)
	_, ok = r.endOf(mine)
	require.False(t, ok)

	require.False(t, r.peerGone(2, at(25)), "node 2's second connection is open at 25")
	require.True(t, r.connected(2, at(25)))
	require.True(t, r.peerGone(2, at(31)), "both of node 2's connections ended by 31")
	require.False(t, r.connected(2, at(31)))

	// Without the second connection nothing says the first ended: node 2 counts as running.
	r.streams = []*Stream{first, mine}
	require.False(t, r.peerGone(2, at(31)))
	require.True(t, r.connected(2, at(31)))

	// Unless node 3 restarted since: node 2 never dialed its new incarnation (it stopped
	// first), but the process the first connection reached is gone once node 3's next
	// incarnation opened a connection (mine, incarnation 2; old, incarnation 1).
	old := &Stream{ID: 4, Start: at(1), Hello: hello(3, 2), Closed: true, ClosedAt: at(15)}
	r.streams = []*Stream{first, old, mine}
	r.inc = map[int]int{first.ID: 1, old.ID: 1, mine.ID: 2}
	end, ok = r.endOf(first)
	require.True(t, ok)
	require.Equal(t, at(21), end, "the first connection ends when node 3's next incarnation shows")
	require.True(t, r.peerGone(2, at(31)))
	require.False(t, r.connected(2, at(31)))
	_, ok = r.endOf(old)
	require.True(t, ok)
	r.inc[mine.ID] = 1 // one incarnation of node 3 throughout: the connection stays open
	_, ok = r.endOf(first)
	require.False(t, ok)
}
