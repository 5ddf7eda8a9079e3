package capture

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dsref/dsref/raft"
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

// TestReplayTakesARefusedDialAsADroppedMessage: node 1's first PreVote to node 2 met a
// refused dial (node 2 was not listening yet; the transport dropped what it had queued), and
// its second round sent the same PreVote, which went out on the connection that opened next.
// The first PreVote is unsent and the frame is the second one's. (A kept capture of
// TestCaptureOfARealCluster on a loaded machine diverged three rounds later, at the MsgVote,
// after each round had taken the next round's frame.) Without the refused dial, without a
// later identical message, or with a refused dial to another node's listener, the frame is
// the first PreVote's.
func TestReplayTakesARefusedDialAsADroppedMessage(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(1_000_000, int64(ms)*int64(time.Millisecond)) }
	listener2 := netip.MustParseAddrPort("127.0.0.1:7002")
	listener3 := netip.MustParseAddrPort("127.0.0.1:7003")
	preVote := raft.Message{Type: raft.MsgPreVote, From: 1, To: 2, Term: 2}
	vote := raft.Message{Type: raft.MsgVote, From: 1, To: 2, Term: 2}
	conn := &Stream{ID: 1, Start: at(1200), Dst: listener2, Hello: &Frame{Kind: transport.KindHello, From: 1, To: 2}}
	frames := []*Frame{{Stream: 1, Time: at(1201), Message: preVote}, {Stream: 1, Time: at(1500), Message: vote}}
	step := func(line, ms int, sent ...raft.Message) recEvent {
		var list []any
		for k := range sent {
			list = append(list, traceMessage(&sent[k]))
		}
		return recEvent{line: line, t: at(ms), action: "Timeout", obj: map[string]any{"sent": list}}
	}
	replay := func(refused []RefusedDial, rec []recEvent) *replayer {
		return &replayer{id: 1, streams: []*Stream{conn}, refused: refused, rec: rec,
			out: map[uint64][]*Frame{2: frames}, outPos: map[uint64]int{}}
	}
	rounds := []recEvent{step(1, 100, preVote), step(2, 1199, preVote), step(3, 1400, vote)}
	refusedAt := func(ms int, to netip.AddrPort) []RefusedDial {
		return []RefusedDial{{Src: netip.MustParseAddrPort("127.0.0.1:40000"), Dst: to, Packet: 1, At: at(ms)}}
	}

	r := replay(refusedAt(101, listener2), rounds)
	require.Nil(t, r.sent(&r.rec[0], &preVote))
	require.Equal(t, 0, r.outPos[2], "round 1's PreVote takes no frame")
	require.Equal(t, 1, r.stats.Unsent)
	require.Nil(t, r.sent(&r.rec[1], &preVote))
	require.Nil(t, r.sent(&r.rec[2], &vote))
	require.Equal(t, 2, r.outPos[2])
	require.Equal(t, 2, r.stats.Sent)

	for name, r := range map[string]*replayer{
		"no refused dial":               replay(nil, rounds),
		"refused before the step":       replay(refusedAt(99, listener2), rounds),
		"refused after the connection":  replay(refusedAt(1300, listener2), rounds),
		"refused dial to node 3":        replay(refusedAt(101, listener3), rounds),
		"no later identical message":    replay(refusedAt(101, listener2), []recEvent{rounds[0], rounds[2]}),
		"the later one after the frame": replay(refusedAt(101, listener2), []recEvent{rounds[0], step(2, 1202, preVote)}),
	} {
		require.Nil(t, r.sent(&r.rec[0], &preVote), name)
		require.Equal(t, 1, r.outPos[2], "%s: round 1's PreVote is the frame", name)
		require.Equal(t, 1, r.stats.Sent, name)
	}
}

// TestReplayPassesOverFramesToADeadIncarnation: node 2's old connection to node 1 holds an
// empty heartbeat that node 1's first incarnation never read (it was killed); after its
// restart node 1 handles the same heartbeat from node 2's new connection. The old frame is
// passed over, whatever its time, because its connection opened while the old incarnation ran.
func TestReplayPassesOverFramesToADeadIncarnation(t *testing.T) {
	at := func(sec int) time.Time { return time.Unix(1_000_000+int64(sec), 0) }
	hello := &Frame{Kind: transport.KindHello, From: 2, To: 1}
	old := &Stream{ID: 1, Start: at(0), Hello: hello}
	renewed := &Stream{ID: 2, Start: at(50), Hello: hello}
	heartbeat := raft.Message{Type: raft.MsgHeartbeat, From: 2, To: 1, Term: 2}
	unread := &Frame{Stream: 1, Time: at(30), Message: heartbeat}
	handled := &Frame{Stream: 2, Time: at(51), Message: heartbeat}
	step := recEvent{line: 9, t: at(52), action: "HandleHeartbeatRequest", obj: map[string]any{"msg": traceMessage(&heartbeat)}}
	step.msg = &struct {
		Type     string `json:"type"`
		From, To uint64
		Context  string `json:"context"`
	}{Type: "MsgHeartbeat", From: 2, To: 1}
	r := &replayer{id: 1, streams: []*Stream{old, renewed}, in: map[uint64][]*Frame{2: {unread, handled}}, inPos: map[uint64]int{},
		restarted: at(45), lastAlive: at(35)}
	f, d := r.nextFrom(&step)
	require.Nil(t, d)
	require.Same(t, handled, f)
	require.Equal(t, 1, r.stats.Unhandled)
}
