package capture

import (
	"math/rand/v2"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// TestLayerInGopacketPackets registers DSRF on a TCP port, as a user of gopacket would, and
// decodes a segment holding a hello and three frames with DecodeStreamsAsDatagrams: gopacket's
// packet decoder yields one DSRF layer per frame.
func TestLayerInGopacketPackets(t *testing.T) {
	layers.RegisterTCPPortLayerType(7444, LayerTypeDSRF)
	rng := rand.New(rand.NewPCG(1, 2))
	stream, msgs := testStream(t, 1, 2, 3, rng)
	pkt := flow(45000, 7444).packet(t, 0, stream, false, false)
	p := gopacket.NewPacket(pkt, layers.LayerTypeEthernet, gopacket.DecodeOptions{DecodeStreamsAsDatagrams: true})
	require.Nil(t, p.ErrorLayer())
	var frames []*DSRF
	for _, l := range p.Layers() {
		if d, ok := l.(*DSRF); ok {
			frames = append(frames, d)
		}
	}
	require.Len(t, frames, 4)
	require.Equal(t, byte(transport.KindHello), frames[0].Kind)
	for i, d := range frames[1:] {
		require.Equal(t, msgs[i].Index, d.Message.Index)
		require.Equal(t, uint64(i+1), d.Clock.Get("1"))
		require.Equal(t, uint64(7), d.ClusterID)
	}
	require.Equal(t, "DSRF", LayerTypeDSRF.String())

	// A segment that ends inside a frame: the packet is marked truncated.
	p = gopacket.NewPacket(flow(45000, 7444).packet(t, 0, stream[:len(stream)-3], false, false), layers.LayerTypeEthernet, gopacket.DecodeOptions{DecodeStreamsAsDatagrams: true})
	require.True(t, p.Metadata().Truncated)
	require.NotNil(t, p.ErrorLayer())
	require.ErrorIs(t, p.ErrorLayer().Error(), ErrTruncatedFrame)
}

// TestLayerAsDecodingLayer uses DSRF with a DecodingLayerParser, and builds frames with
// gopacket.SerializeLayers.
func TestLayerAsDecodingLayer(t *testing.T) {
	m := raft.Message{Type: raft.MsgVote, Term: 9, LogTerm: 8, Index: 40}
	out := &DSRF{Kind: transport.KindMessage, ClusterID: 3, From: 4, To: 5, Message: m,
		RawClock: clockOf(t, map[string]uint64{"4": 12, "5": 3})}
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, out))

	var in DSRF
	parser := gopacket.NewDecodingLayerParser(LayerTypeDSRF, &in)
	var decoded []gopacket.LayerType
	require.NoError(t, parser.DecodeLayers(buf.Bytes(), &decoded))
	require.Equal(t, []gopacket.LayerType{LayerTypeDSRF}, decoded)
	require.Equal(t, uint64(4), in.From)
	require.Equal(t, uint64(5), in.Message.To)
	require.Equal(t, raft.MsgVote, in.Message.Type)
	require.Equal(t, uint64(12), in.Clock.Get("4"))
	require.Equal(t, uint32(len(buf.Bytes())-transport.HeaderSize), in.Length)
	require.Equal(t, gopacket.LayerTypeZero, in.NextLayerType())

	// Every field the decoder refuses is named, with its offset.
	bad := append([]byte(nil), buf.Bytes()...)
	bad[6] = 1 // flags
	err := in.DecodeFromBytes(bad, gopacket.NilDecodeFeedback)
	var fe *transport.FrameError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "flags", fe.Field)
	require.Equal(t, 6, fe.Offset)

	local := transport.AppendMessageFrame(nil, 3, raft.Message{Type: raft.MsgHup, From: 4, To: 5}, nil)
	require.ErrorContains(t, in.DecodeFromBytes(local, gopacket.NilDecodeFeedback), "never travels")
	require.Error(t, (&DSRF{Kind: 9}).SerializeTo(gopacket.NewSerializeBuffer(), gopacket.SerializeOptions{}))
}
