package capture

import (
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// hostileCapture builds a capture from arbitrary bytes: up to 8 message frames between nodes
// 1..3 (one connection per sender and receiver), each with a type, term, index, commit and
// clock the bytes choose, extreme values included (a term of 2^64-1, clocks that cannot be
// ordered).
func hostileCapture(t testing.TB, in []byte) []byte {
	types := []raft.MessageType{raft.MsgApp, raft.MsgAppResp, raft.MsgVote, raft.MsgVoteResp, raft.MsgPreVote,
		raft.MsgPreVoteResp, raft.MsgHeartbeat, raft.MsgHeartbeatResp, raft.MsgTimeoutNow, raft.MsgProp, raft.MsgSnap}
	val := func(b byte) uint64 {
		switch b % 5 {
		case 4:
			return math.MaxUint64
		case 3:
			return 1 << 53
		}
		return uint64(b % 4)
	}
	streams := map[[2]uint64][]byte{}
	sentBy := map[uint64]uint64{} // per node, the clock count of its last frame
	var order [][2]uint64
	for n := 0; len(in) >= 6 && n < 8; n++ {
		b := in[:6]
		in = in[6:]
		from := uint64(b[0]%3) + 1
		to := from%3 + 1
		if b[0]&0x80 != 0 {
			to = to%3 + 1
		}
		if to == from {
			to = from%3 + 1
		}
		m := raft.Message{Type: types[int(b[1])%len(types)], From: from, To: to, Term: val(b[2]), Index: val(b[3]),
			LogTerm: val(b[3] >> 3), Commit: val(b[4]), Reject: b[4]&0x80 != 0}
		if m.Type == raft.MsgApp && b[5]&1 != 0 {
			m.Entries = []raft.Entry{{Term: m.Term, Index: m.Index + 1, Data: []byte{b[5]}}}
		}
		clock := map[string]uint64{strconv.FormatUint(from, 10): uint64(n + 1)}
		if b[5]&2 != 0 { // heard of everything the receiver sent so far, or (b[5]&4) more
			clock[strconv.FormatUint(to, 10)] = sentBy[to] + uint64(b[5]>>2&1)
		}
		sentBy[from] = uint64(n + 1)
		ch := [2]uint64{from, to}
		if streams[ch] == nil {
			order = append(order, ch)
			streams[ch] = transport.AppendFrame(nil, transport.KindHello, 7, from, to, nil)
		}
		streams[ch] = transport.AppendMessageFrame(streams[ch], 7, m, clockOf(t, clock))
	}
	p := newPcap(t)
	for k, ch := range order {
		f := flow(uint16(40000+k), uint16(7000+ch[1]))
		p.write(f.packet(t, 0, nil, true, false))
		p.write(f.packet(t, 0, streams[ch], false, false))
		p.write(f.packet(t, len(streams[ch]), nil, false, true))
	}
	return p.bytes()
}

// FuzzValidateCapture validates hostile captures from the wire alone: never a panic or a
// hang; a capture that cannot be validated is an error naming why, and one that fails names
// a packet of the capture.
func FuzzValidateCapture(f *testing.F) {
	f.Add([]byte{0, 4, 2, 0, 2, 0, 1, 5, 2, 0, 2, 1})                      // a PreVote and its answer
	f.Add([]byte{0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0})                      // 2^64-1 everywhere
	f.Add([]byte{0, 6, 2, 2, 2, 3, 0x81, 6, 2, 2, 2, 3, 2, 0, 1, 1, 1, 1}) // heartbeats from nowhere
	f.Add([]byte{0, 9, 3, 3, 3, 3})                                        // a forwarded proposal only
	f.Fuzz(func(t *testing.T, in []byte) {
		data := hostileCapture(t, in)
		c := decodeBytes(t, data)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		v, err := ValidateCapture(ctx, c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{MaxFrontier: 10_000})
		if err != nil {
			require.NotEmpty(t, err.Error())
			require.NoError(t, ctx.Err(), "validation of %d frames did not end", len(c.Messages()))
			return
		}
		if !v.OK() {
			require.NotNil(t, v.Frame, "a failed validation names the frame")
			require.Positive(t, v.Packet)
			require.LessOrEqual(t, v.Packet, c.Stats.Packets)
		}
	})
}

// TestValidateHostileValues: a MsgApp of term 2^64-1 cannot be validated (the specification's
// integers are TLC's), and the error names its packet; a MsgApp of term 1 from a node that
// never won an election is no behavior of the specification, and the report names its packet.
func TestValidateHostileValues(t *testing.T) {
	c := decodeBytes(t, hostileCapture(t, []byte{0, 0, 4, 2, 2, 0}))
	require.Len(t, c.Messages(), 1)
	_, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
	require.EqualError(t, err, "packet 2: MsgApp from node 1: term 18446744073709551615 is beyond the integers the specification's checker holds (2^31-1)")

	c = decodeBytes(t, hostileCapture(t, []byte{0, 0, 1, 2, 2, 0}))
	v, err := ValidateCapture(context.Background(), c, WireOptions{PreVote: true, CheckQuorum: true}, trace.Options{})
	require.NoError(t, err)
	require.False(t, v.OK())
	require.Equal(t, c.Messages()[0].Packet, v.Packet)
}
