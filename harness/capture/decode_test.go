package capture

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// requireMessages checks that c's message frames are exactly msgs, in order.
func requireMessages(t *testing.T, c *Capture, msgs []raft.Message) {
	t.Helper()
	got := c.Messages()
	require.Len(t, got, len(msgs))
	for i, f := range got {
		require.Equal(t, msgs[i].Index, f.Message.Index, "frame %d", i)
		require.Equal(t, len(msgs[i].Entries), len(f.Message.Entries), "frame %d", i)
		for k := range msgs[i].Entries {
			require.True(t, bytes.Equal(msgs[i].Entries[k].Data, f.Message.Entries[k].Data))
		}
		require.Equal(t, msgs[i].Index, f.Clock.Get("1"))
	}
}

// TestDecodeFramesSplitAcrossSegments cuts a stream into segments of random sizes, down to one
// byte, so that frames start, end and sit anywhere in them.
func TestDecodeFramesSplitAcrossSegments(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		stream, msgs := testStream(t, 1, 2, 40, rng)
		f := flow(40000, 7002)
		b := newPcap(t)
		b.write(f.packet(t, 0, nil, true, false))
		for _, s := range segments(rng, stream, 1+rng.IntN(400)) {
			b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
		}
		b.write(f.packet(t, len(stream), nil, false, true))
		c := decodeBytes(t, b.bytes())
		require.NoError(t, c.Complete(), "seed %d", seed)
		requireMessages(t, c, msgs)
		require.Equal(t, 1, c.Stats.Hellos)
		require.Len(t, c.Streams, 1)
		require.True(t, c.Streams[0].Closed)
		require.Equal(t, uint64(1), c.Streams[0].From())
	}
}

// TestDecodeRetransmissionsAndReordering sends some segments twice (whole, or overlapping
// their neighbours) and swaps others: the reassembler must give back the stream exactly.
func TestDecodeRetransmissionsAndReordering(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	stream, msgs := testStream(t, 1, 2, 60, rng)
	f := flow(40001, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	segs := segments(rng, stream, 200)
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		switch {
		case i%7 == 3 && i+1 < len(segs): // out of order: the next one first
			n := segs[i+1]
			b.write(f.packet(t, n[0], stream[n[0]:n[1]], false, false))
			b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
			i++
		case i%5 == 1: // retransmitted whole
			b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
			b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
		case i%5 == 2 && s[0] >= 10: // retransmitted with 10 bytes of the previous segment
			b.write(f.packet(t, s[0]-10, stream[s[0]-10:s[1]], false, false))
		default:
			b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
		}
	}
	c := decodeBytes(t, b.bytes())
	require.NoError(t, c.Complete())
	requireMessages(t, c, msgs)
	require.Positive(t, c.Stats.RetransmittedBytes)
	require.Positive(t, c.Stats.OutOfOrder)
}

// TestDecodeStreamStartedBeforeTheCapture drops the connection's opening and the first bytes:
// the decoder resynchronises on the magic and CRC and decodes every whole frame after.
func TestDecodeStreamStartedBeforeTheCapture(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	stream, msgs := testStream(t, 1, 2, 30, rng)
	// The capture starts 5 bytes into the 8th message frame.
	start := transport.HeaderSize // the hello
	for i := 0; i < 7; i++ {
		start += len(transport.AppendMessageFrame(nil, 7, msgs[i], clockOf(t, map[string]uint64{"1": uint64(i + 1)})))
	}
	start += 5
	f := flow(40002, 7002)
	b := newPcap(t)
	for _, s := range segments(rng, stream[start:], 300) {
		b.write(f.packet(t, start+s[0], stream[start+s[0]:start+s[1]], false, false))
	}
	c := decodeBytes(t, b.bytes())
	requireMessagesFrom(t, c, msgs[8:])
	require.Equal(t, 1, c.Stats.MidStream)
	require.Positive(t, c.Stats.SkippedBytes)
	require.Error(t, c.Complete(), "a capture that missed a stream's start is not complete")
	require.Contains(t, c.Complete().Error(), "began before the capture")
}

func requireMessagesFrom(t *testing.T, c *Capture, msgs []raft.Message) {
	t.Helper()
	got := c.Messages()
	require.Len(t, got, len(msgs))
	for i, f := range got {
		require.Equal(t, msgs[i].Index, f.Message.Index)
	}
}

// TestDecodeLostSegment loses a segment in the middle: the frames it cut are lost, the
// decoder resynchronises after it, and the loss is reported with its packet.
func TestDecodeLostSegment(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	stream, msgs := testStream(t, 1, 2, 30, rng)
	f := flow(40003, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	segs := segments(rng, stream, 150)
	lost := len(segs) / 2
	for i, s := range segs {
		if i == lost {
			continue
		}
		b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
	}
	c := decodeBytes(t, b.bytes())
	require.Equal(t, int64(segs[lost][1]-segs[lost][0]), c.Stats.MissingBytes)
	require.Less(t, len(c.Messages()), len(msgs))
	require.Greater(t, len(c.Messages()), len(msgs)/2)
	// Every frame decoded is one that was sent, in order.
	k := 0
	for _, fr := range c.Messages() {
		for k < len(msgs) && msgs[k].Index != fr.Message.Index {
			k++
		}
		require.Less(t, k, len(msgs), "frame %d was never sent", fr.Message.Index)
	}
	require.Error(t, c.Complete())
	require.Contains(t, c.Complete().Error(), "missing")
	require.Contains(t, c.Complete().Error(), "packet ")
}

// TestDecodeTruncatedPackets captures packets with a snap length shorter than they are.
func TestDecodeTruncatedPackets(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	stream, _ := testStream(t, 1, 2, 20, rng)
	f := flow(40004, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	for _, s := range segments(rng, stream, 400) {
		p := f.packet(t, s[0], stream[s[0]:s[1]], false, false)
		b.writeCut(p, min(len(p), 54+100))
	}
	c := decodeBytes(t, b.bytes())
	require.Positive(t, c.Stats.Truncated)
	require.Positive(t, c.Stats.TruncatedBytes)
	require.Error(t, c.Complete())
	require.Contains(t, c.Complete().Error(), "truncated")
}

// TestDecodeCorruptFrameAndForeignTraffic flips a byte of one frame (its CRC no longer holds)
// and puts a stream of other traffic on a cluster port.
func TestDecodeCorruptFrameAndForeignTraffic(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	stream, msgs := testStream(t, 1, 2, 10, rng)
	// Corrupt the 4th message's last byte.
	end := transport.HeaderSize
	for i := 0; i < 4; i++ {
		end += len(transport.AppendMessageFrame(nil, 7, msgs[i], clockOf(t, map[string]uint64{"1": uint64(i + 1)})))
	}
	stream = bytes.Clone(stream)
	stream[end-1] ^= 0xff
	f := flow(40005, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	b.write(f.packet(t, 0, stream, false, false))
	http := flow(40006, 7002)
	b.write(http.packet(t, 0, nil, true, false))
	b.write(http.packet(t, 0, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\nDSRF but not a frame"), false, false))
	c := decodeBytes(t, b.bytes())
	require.Equal(t, 1, c.Stats.Corrupt)
	require.Equal(t, 1, c.Stats.Foreign)
	var idx []uint64
	for _, fr := range c.Messages() {
		idx = append(idx, fr.Message.Index)
	}
	require.Equal(t, []uint64{1, 2, 3, 5, 6, 7, 8, 9, 10}, idx)
	require.Len(t, c.Streams, 2)
	require.Zero(t, c.Streams[1].Frames)
	require.Equal(t, c.Streams[1].Bytes, c.Streams[1].Skipped, "foreign bytes are skipped")
	require.Error(t, c.Complete())
}

// TestDecodeFrameWithBadPayload sends a frame whose CRC is right but whose message is not:
// it is reported as a bad frame, with the packet, and the stream stays in sync.
func TestDecodeFrameWithBadPayload(t *testing.T) {
	stream := transport.AppendFrame(nil, transport.KindHello, 7, 1, 2, nil)
	stream = transport.AppendFrame(stream, transport.KindMessage, 7, 1, 2, []byte{0, 1, 99, 0}) // raft version 99
	good := raft.Message{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 4}
	stream = transport.AppendMessageFrame(stream, 7, good, nil)
	f := flow(40007, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	b.write(f.packet(t, 0, stream, false, false))
	c := decodeBytes(t, b.bytes())
	require.Equal(t, 1, c.Stats.BadFrames)
	require.Len(t, c.Messages(), 1)
	require.Equal(t, raft.MsgHeartbeat, c.Messages()[0].Message.Type)
	require.Contains(t, c.Stats.Problems[0], "packet 2")
	var bad *Frame
	for _, fr := range c.Frames {
		if fr.Err != nil {
			bad = fr
		}
	}
	require.NotNil(t, bad)
	require.Contains(t, string(AppendJSON(nil, bad)), `"error":`)
}

// TestDecodeDamagedFiles: a file cut inside a record, a record longer than the snap length,
// a file that is not a capture, an unsupported link type.
func TestDecodeDamagedFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	stream, _ := testStream(t, 1, 2, 10, rng)
	f := flow(40008, 7002)
	b := newPcap(t)
	b.write(f.packet(t, 0, nil, true, false))
	segs := segments(rng, stream, 100)
	for _, s := range segs {
		b.write(f.packet(t, s[0], stream[s[0]:s[1]], false, false))
	}
	full := b.bytes()

	cut := full[:len(full)-7]
	c := decodeBytes(t, cut)
	require.Error(t, c.ReadErr)
	var pe *PacketError
	require.ErrorAs(t, c.ReadErr, &pe)
	require.Equal(t, len(segs)+1, pe.Packet, "the last packet is the one cut")
	require.True(t, pe.Exact)
	require.Contains(t, pe.Error(), "truncated capture")
	require.Error(t, c.Complete())
	require.NotEmpty(t, c.Messages(), "what precedes the damage is decoded")

	// A record claiming more than the snap length.
	bad := bytes.Clone(full)
	// The first record header is at 24; its capture length at 24+8 (little endian).
	bad[24+8], bad[24+9], bad[24+10], bad[24+11] = 0xff, 0xff, 0xff, 0x7f
	c = decodeBytes(t, bad)
	require.ErrorAs(t, c.ReadErr, &pe)
	require.Equal(t, 1, pe.Packet)
	require.Equal(t, int64(24), pe.Offset)

	_, err := Decode(bytes.NewReader([]byte("not a capture at all")), "x.txt", nil)
	require.ErrorContains(t, err, "not a pcap or pcapng file")
	_, err = Decode(bytes.NewReader([]byte{1, 2}), "x.txt", nil)
	require.ErrorContains(t, err, "too short")

	var other bytes.Buffer
	w := pcapgo.NewWriter(&other)
	require.NoError(t, w.WriteFileHeader(65535, layers.LinkTypeIEEE802_11))
	_, err = Decode(bytes.NewReader(other.Bytes()), "wifi.pcap", nil)
	require.ErrorContains(t, err, "not supported")
}

// TestDecodePcapngAndGzip reads the same packets written as pcapng and as gzip-compressed
// pcap.
func TestDecodePcapngAndGzip(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	stream, msgs := testStream(t, 1, 2, 15, rng)
	f := flow(40009, 7002)
	var pkts [][]byte
	pkts = append(pkts, f.packet(t, 0, nil, true, false))
	for _, s := range segments(rng, stream, 120) {
		pkts = append(pkts, f.packet(t, s[0], stream[s[0]:s[1]], false, false))
	}
	var ng bytes.Buffer
	w, err := pcapgo.NewNgWriter(&ng, layers.LinkTypeEthernet)
	require.NoError(t, err)
	b := newPcap(t)
	for i, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: b.now.Add(0), CaptureLength: len(p), Length: len(p), InterfaceIndex: 0}
		require.NoError(t, w.WritePacket(ci, p), "packet %d", i)
		b.write(p)
	}
	require.NoError(t, w.Flush())
	c := decodeBytes(t, ng.Bytes())
	require.Equal(t, "pcapng", c.Format)
	require.NoError(t, c.Complete())
	requireMessages(t, c, msgs)

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b.bytes())
	zw.Close()
	c = decodeBytes(t, gz.Bytes())
	require.Equal(t, "pcap (gzip)", c.Format)
	require.NoError(t, c.Complete())
	requireMessages(t, c, msgs)

	// A pcapng file cut short is reported with its packet.
	c = decodeBytes(t, ng.Bytes()[:ng.Len()-9])
	var pe *PacketError
	require.ErrorAs(t, c.ReadErr, &pe)
	require.Equal(t, len(pkts), pe.Packet)
}

// TestDecodeRefusedDials: a SYN answered by a reset is a refused dial; a connection that was
// accepted (SYN-ACK) and then reset, or that carried data, is not, and none of them is a
// Stream unless it carried data.
func TestDecodeRefusedDials(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	stream, msgs := testStream(t, 1, 2, 3, rng)
	refused, accepted, used := flow(40010, 7002), flow(40011, 7002), flow(40012, 7002)
	b := newPcap(t)
	b.write(refused.packet(t, 0, nil, true, false))
	synAt := b.now
	b.write(refused.answer(t, false))
	b.write(accepted.packet(t, 0, nil, true, false))
	b.write(accepted.answer(t, true))
	b.write(accepted.reverse().reset(t))
	b.write(used.packet(t, 0, nil, true, false))
	b.write(used.answer(t, true))
	b.write(used.packet(t, 0, stream, false, false))
	b.write(used.packet(t, len(stream), nil, false, true))
	c := decodeBytes(t, b.bytes())
	require.NoError(t, c.Complete())
	requireMessages(t, c, msgs)
	require.Len(t, c.Streams, 1)
	require.Len(t, c.Refused, 1)
	d := c.Refused[0]
	require.Equal(t, refused.src, d.Src)
	require.Equal(t, refused.dst, d.Dst)
	require.Equal(t, 1, d.Packet)
	require.True(t, d.At.Equal(synAt), "the SYN's time %v, not %v", synAt, d.At)
}
