package capture

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// readCapture decodes a pcap of testdata.
func readCapture(tb testing.TB, path string) *Capture {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	c, err := Decode(f, filepath.Base(path), nil)
	require.NoError(tb, err)
	return c
}

// TestWireValidationOfASplitVote validates testdata/split-vote.pcap: three real kv processes
// (PreVote, CheckQuorum) whose first election splits: nodes 1 and 3 both campaign in term
// 1, and node 3, in one Ready, refuses node 1's vote request and then handles node 1's
// refusal of its own, which sends nothing: the batch's clock counts a message handled after
// the step that sent its last frame. Node 3 wins in term 1 once node 2's vote arrives.
//
// Tests RAFT-ELECT-3, RAFT-ELECT-5.
func TestWireValidationOfASplitVote(t *testing.T) {
	c := readCapture(t, filepath.Join("testdata", "split-vote.pcap"))
	v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
	require.NoError(t, err)
	var b stringsBuilder
	v.WriteReport(&b)
	require.True(t, v.OK(), "%s", b.String())
	require.Equal(t, 52, len(v.Trace.Frames))
}

// BenchmarkWireValidation validates the replay fixture's capture (168 frames of a real
// three-node cluster: election, one client's writes, heartbeats) from the wire alone and
// reports frames/s.
func BenchmarkWireValidation(b *testing.B) {
	c := readCapture(b, filepath.Join("testdata", "replay", "cluster3.pcap"))
	frames := 0
	for b.Loop() {
		v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
		require.NoError(b, err)
		require.True(b, v.OK())
		frames += len(v.Trace.Frames)
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

// TestWireValidationOfARealCluster captures three real processes on loopback (PreVote,
// CheckQuorum, 10 ms ticks, heartbeats every 100 ms): an election and three writes through
// the leader, then the nodes stop one by one. The messages alone, without any trace of the
// nodes, are a behavior of tla/Raft.tla.
//
// Tests RAFT-ELECT-5, RAFT-LOG-1, RAFT-COMMIT-1.
func TestWireValidationOfARealCluster(t *testing.T) {
	if !canCapture(t) {
		return
	}
	o := smallRun("")
	o.seen = []raft.MessageType{raft.MsgHeartbeat, raft.MsgHeartbeatResp}
	r := runCapturedCluster(t, o)
	v := validateRun(t, r, true)
	types := map[string]int{}
	for _, f := range v.Trace.Frames {
		types[f.Message.Type.String()]++
	}
	for _, want := range []string{"MsgVote", "MsgVoteResp", "MsgApp", "MsgAppResp", "MsgHeartbeat", "MsgHeartbeatResp"} {
		require.Positive(t, types[want], "no %s frame in the capture: %v", want, types)
	}
}

// TestWireValidationRejectsEditedFrames plants bugs in real captures by editing one frame, each
// a message no behavior of tla/Raft.tla sends there, and checks that validation from the wire
// rejects the capture and names the edited frame's packet: the frontier's reductions (eager
// requests, the log view, losses only at broken connections) must not let any of them through.
// The captures unedited validate (TestWireValidationOfASplitVote, BenchmarkWireValidation).
//
// Tests RAFT-ELECT-3, RAFT-LOG-1, RAFT-COMMIT-1.
func TestWireValidationRejectsEditedFrames(t *testing.T) {
	replay := filepath.Join("testdata", "replay", "cluster3.pcap")
	split := filepath.Join("testdata", "split-vote.pcap")
	for _, tc := range []struct {
		name, pcap string
		// edit changes the frame it picks and reports whether it took it.
		edit func(f *Frame) bool
	}{
		{"a commit index beyond every entry", replay, func(f *Frame) bool {
			if f.Message.Type != raft.MsgApp || len(f.Message.Entries) == 0 {
				return false
			}
			f.Message.Commit = 1000
			return true
		}},
		{"an entry its leader never appended", replay, func(f *Frame) bool {
			if f.Message.Type != raft.MsgApp || len(f.Message.Entries) == 0 || len(f.Message.Entries[0].Data) == 0 {
				return false
			}
			f.Message.Entries = slices.Clone(f.Message.Entries)
			f.Message.Entries[0].Data = []byte("planted")
			return true
		}},
		{"an append acknowledged beyond what was sent", replay, func(f *Frame) bool {
			if f.Message.Type != raft.MsgAppResp || f.Message.Reject || f.Message.Index == 0 {
				return false
			}
			f.Message.Index += 50
			return true
		}},
		{"a second vote in one term", split, func(f *Frame) bool {
			if f.Message.Type != raft.MsgVoteResp || !f.Message.Reject {
				return false
			}
			f.Message.Reject = false
			return true
		}},
		{"a heartbeat of a term nobody won", replay, func(f *Frame) bool {
			if f.Message.Type != raft.MsgHeartbeat {
				return false
			}
			f.Message.Term += 3
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readCapture(t, tc.pcap)
			var edited *Frame
			for _, f := range c.Messages() {
				if tc.edit(f) {
					edited = f
					break
				}
			}
			require.NotNil(t, edited, "no frame to edit in %s", tc.pcap)
			v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
			require.NoError(t, err)
			var b stringsBuilder
			v.WriteReport(&b)
			require.False(t, v.OK(), "the edited capture validated:\n%s", b.String())
			require.Equal(t, edited.Packet, v.Packet, "%s", b.String())
		})
	}
}

// TestWireValidationOfALongCapture captures three real processes (PreVote, CheckQuorum) while
// one client writes through the leader, one value after another, and validates the capture
// from the wire alone. Each write is at least four frames (an append to each follower and
// their answers), so writing a quarter of DSREF_CAPTURE_VALIDATE values captures at least that
// many frames however fast the machine is (default 200, go test's size; DSREF_CAPTURE_VALIDATE
// =100000 is the soak). The log gives frames, batches, time, frames/s and peak memory.
func TestWireValidationOfALongCapture(t *testing.T) {
	if !canCapture(t) {
		return
	}
	want := 200
	if s := os.Getenv("DSREF_CAPTURE_VALIDATE"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "DSREF_CAPTURE_VALIDATE=%q: want a number of frames", s)
		require.Positive(t, n, "DSREF_CAPTURE_VALIDATE")
		want = n
	}
	r := runCapturedCluster(t, runOptions{nodes: 3, writes: (want + 3) / 4, tickMS: 10, electionTicks: 100})
	require.GreaterOrEqual(t, r.ops, (want+3)/4, "writes acknowledged")
	v := validateRun(t, r, true)
	require.GreaterOrEqual(t, len(v.Trace.Frames), want)
	t.Logf("%d frames, %d batches: %.0f frames/s, peak memory %s", len(v.Trace.Frames), len(v.Trace.Batches),
		float64(len(v.Trace.Frames))/v.Result.Elapsed.Seconds(), peakMemory())
}

// peakMemory is the process's peak resident set size, as Linux reports it ("" elsewhere).
func peakMemory() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestFramesAreLostOnlyAtBrokenConnections checks which frames the wire trace lets a receiver
// never read (lossEnd): those of a connection that closed and that a later connection on the
// same channel follows, together with the rest of that connection's frames; never a frame of
// the last connection on its channel, which may simply stay unhandled to the end.
func TestFramesAreLostOnlyAtBrokenConnections(t *testing.T) {
	hb := func(to, count uint64) []byte {
		m := raft.Message{Type: raft.MsgHeartbeat, From: 1, To: to, Term: 1}
		return transport.AppendMessageFrame(nil, 7, m, clockOf(t, map[string]uint64{"1": count}))
	}
	hello := func(to uint64) []byte { return transport.AppendFrame(nil, transport.KindHello, 7, 1, to, nil) }
	p := newPcap(t)
	toThree := append(hello(3), hb(3, 1)...)
	a := append(append(hello(2), hb(2, 2)...), hb(2, 3)...) // broken, then a new connection
	b := append(hello(2), hb(2, 4)...)
	f3, fa, fb := flow(40003, 7003), flow(40001, 7002), flow(40002, 7002)
	p.write(f3.packet(t, 0, nil, true, false))
	p.write(f3.packet(t, 0, toThree, false, false))
	p.write(fa.packet(t, 0, nil, true, false))
	p.write(fa.packet(t, 0, a, false, false))
	p.write(fa.packet(t, len(a), nil, false, true))
	p.write(fb.packet(t, 0, nil, true, false))
	p.write(fb.packet(t, 0, b, false, false))
	p.write(fb.packet(t, len(b), nil, false, true))
	p.write(f3.packet(t, len(toThree), nil, false, true))
	c := decodeBytes(t, p.bytes())
	w, err := BuildWireTrace(c, WireOptions{PreVote: true, CheckQuorum: true})
	require.NoError(t, err)
	got := map[string]int{} // "to/pos" -> lossEnd
	for _, line := range bytes.Split(bytes.TrimSpace(w.NDJSON), []byte("\n"))[1:] {
		var ev struct {
			Out []struct {
				To     uint64
				Frames []struct{ Pos, LossEnd int }
			}
		}
		require.NoError(t, json.Unmarshal(line, &ev))
		for _, g := range ev.Out {
			for _, f := range g.Frames {
				got[fmt.Sprintf("%d/%d", g.To, f.Pos)] = f.LossEnd
			}
		}
	}
	require.Equal(t, map[string]int{"3/1": 0, "2/1": 2, "2/2": 2, "2/3": 0}, got)
}

// TestWireValidationOfACaptureThatCutsABatch validates testdata/cut-batch.pcap, a capture of
// three real kv processes (TestWireValidationOfALongCapture's run) that ends inside a batch:
// node 3 handled node 1's appends up to index 51 in one Ready, and the capture shows only that
// batch's first reply (MsgAppResp index 47, packet 553); the other replies were never captured.
// Every peer to which the capture shows no later frame of a node's is lossy for that node's
// batch, so those replies may be lost; a peer with a later frame is not (the channel delivers in
// order), unless it had no open connection (lossyPeers).
//
// Tests RAFT-LOG-1.
func TestWireValidationOfACaptureThatCutsABatch(t *testing.T) {
	path := filepath.Join("testdata", "cut-batch.pcap")
	c := readCapture(t, path)
	v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
	require.NoError(t, err)
	var b stringsBuilder
	v.WriteReport(&b)
	require.True(t, v.OK(), "%s", b.String())

	// The lossy peers of node 3's batches: 1 only from its last batch with a frame to 1.
	lines := strings.Split(strings.TrimSpace(string(v.Trace.NDJSON)), "\n")
	lastTo1, lossyAt := -1, map[int]bool{}
	for k, line := range lines[1:] {
		var ev struct {
			Node  uint64   `json:"node"`
			Lossy []uint64 `json:"lossy"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &ev))
		if ev.Node != 3 {
			continue
		}
		for _, g := range v.Trace.Batches[k] {
			if g.To == 1 {
				lastTo1 = k
			}
		}
		lossyAt[k] = slices.Contains(ev.Lossy, 1)
	}
	require.Positive(t, lastTo1)
	kept := 0
	for k, lossy := range lossyAt {
		if k >= lastTo1 {
			require.True(t, lossy, "node 3's batch on line %d, at or after its last frame to 1: peer 1 not lossy", k+2)
		} else if !lossy {
			kept++
		}
	}
	require.Positive(t, kept, "peer 1 is lossy for all of node 3's batches")
}

// TestWireTraceOfAnEntryTheCaptureNeverShows: node 1's append shows the entry at index 2 of
// term 2, node 2's vote request says its log reaches index 3 of term 2, and no frame carries
// entry 3. The wire trace names its value Unknown, which must be a number the validator
// reads (TLC's integers): it was 2^31, and a real capture with such an entry failed with
// "field terms[1].values[1]: 2147483648 is outside TLC's integer range".
func TestWireTraceOfAnEntryTheCaptureNeverShows(t *testing.T) {
	p := newPcap(t)
	send := func(f tcpFlow, from, to uint64, m raft.Message) {
		b := transport.AppendFrame(nil, transport.KindHello, 7, from, to, nil)
		b = transport.AppendMessageFrame(b, 7, m, clockOf(t, map[string]uint64{strconv.FormatUint(from, 10): 1}))
		p.write(f.packet(t, 0, nil, true, false))
		p.write(f.packet(t, 0, b, false, false))
	}
	send(flow(40001, 9002), 1, 2, raft.Message{Type: raft.MsgApp, From: 1, To: 2, Term: 2, LogTerm: 2, Index: 1,
		Entries: []raft.Entry{{Term: 2, Index: 2, Data: []byte("x")}}})
	send(flow(40002, 9001), 2, 1, raft.Message{Type: raft.MsgVote, From: 2, To: 1, Term: 3, LogTerm: 2, Index: 3})
	c := decodeBytes(t, p.bytes())
	w, err := BuildWireTrace(c, WireOptions{})
	require.NoError(t, err)
	header := string(w.NDJSON[:bytes.IndexByte(w.NDJSON, '\n')])
	require.Contains(t, header, fmt.Sprintf(`"values":[%d,%d]`, EntryValue([]byte("x")), unknownValue), header)
	_, err = w.records()
	require.NoError(t, err)
	// The trace module's schema takes the header, Unknown included. (This capture shows no
	// election: too much is unobserved for the frontier to stay small past the header.)
	_, err = ValidateCapture(context.Background(), c, WireOptions{}, trace.Options{MaxFrontier: 16})
	if err != nil {
		require.NotContains(t, err.Error(), ".wire.ndjson:1:", "the header must pass TraceRaftWire's schema")
	}
}
