package capture

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gopacket/gopacket"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// LayerTypeDSRF is the gopacket layer type of one dsref peer wire frame (raft/transport's
// format: magic "DSRF", version, kind, flags, cluster, sender, receiver, length, CRC-32C,
// payload), registered with gopacket.RegisterLayerType when the package is loaded. Its
// number is in the range gopacket keeps for applications' common types.
const LayerTypeDSRF = gopacket.LayerType(1730)

func init() {
	gopacket.RegisterLayerType(int(LayerTypeDSRF), gopacket.LayerTypeMetadata{
		Name:    "DSRF",
		Decoder: gopacket.DecodeFunc(decodeDSRF),
	})
}

// DSRF is one decoded peer wire frame, as a gopacket layer. It decodes whole frames only: a
// frame split across TCP segments is the reassembler's to join (Decoder does), and decoding
// a part of one fails with ErrTruncatedFrame after marking the packet truncated.
//
// As a gopacket.DecodingLayer it decodes in place: Contents is the frame, Payload the bytes
// after it (the next frames of the same segment), and NextLayerType is LayerTypeDSRF again
// while those start with the magic. To see DSRF layers in gopacket.NewPacket's output,
// register the cluster's ports (layers.RegisterTCPPortLayerType(port, LayerTypeDSRF)) and
// decode with gopacket.DecodeOptions{DecodeStreamsAsDatagrams: true}: then each segment that
// holds whole frames decodes into one layer per frame. Message and Clock are decoded from the frame's payload
// for message frames; their slices alias the decoded bytes.
type DSRF struct {
	Contents []byte // the whole frame: header and payload
	Payload  []byte // the bytes that follow the frame

	Kind      byte // transport.KindHello or transport.KindMessage
	ClusterID uint64
	From, To  uint64
	Length    uint32 // payload length
	CRC       uint32

	// RawClock is the sender's vector clock as sent (VC-7 binary; empty for none) and Clock
	// its decoding; Message is the raft message. All three only for message frames.
	RawClock []byte
	Clock    clocks.Vector
	Message  raft.Message
}

// ErrTruncatedFrame reports bytes that hold only the beginning of a frame.
var ErrTruncatedFrame = errors.New("capture: DSRF frame truncated")

// maxFramePayload bounds a frame's payload as the transport's default does.
const maxFramePayload = transport.DefaultMaxFrameSize

// LayerType returns LayerTypeDSRF.
func (d *DSRF) LayerType() gopacket.LayerType { return LayerTypeDSRF }

// LayerContents returns the frame's bytes.
func (d *DSRF) LayerContents() []byte { return d.Contents }

// LayerPayload returns the bytes after the frame.
func (d *DSRF) LayerPayload() []byte { return d.Payload }

// CanDecode returns LayerTypeDSRF.
func (d *DSRF) CanDecode() gopacket.LayerClass { return LayerTypeDSRF }

// NextLayerType is LayerTypeDSRF if another frame follows, gopacket.LayerTypePayload if
// other bytes do, and gopacket.LayerTypeZero at the end.
func (d *DSRF) NextLayerType() gopacket.LayerType {
	switch {
	case len(d.Payload) == 0:
		return gopacket.LayerTypeZero
	case len(d.Payload) >= 4 && [4]byte(d.Payload[:4]) == transport.Magic:
		return LayerTypeDSRF
	}
	return gopacket.LayerTypePayload
}

// DecodeFromBytes decodes the frame at the start of data: the header (checked as the
// transport checks it), the CRC, and for a message frame the vector clock and the raft
// message. Errors are *transport.FrameError naming the field and its byte offset in the
// frame, a *clocks.DecodeError (wrapped with the offset), or ErrTruncatedFrame.
func (d *DSRF) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	f, n, err := transport.DecodeFrame(data, maxFramePayload)
	if errors.Is(err, transport.ErrIncomplete) {
		df.SetTruncated()
		return ErrTruncatedFrame
	}
	if err != nil {
		return err
	}
	*d = DSRF{
		Contents: data[:n], Payload: data[n:], Kind: f.Kind, ClusterID: f.ClusterID, From: f.From, To: f.To,
		Length: uint32(len(f.Payload)), CRC: binary.BigEndian.Uint32(data[36:40]),
	}
	if f.Kind != transport.KindMessage {
		return nil
	}
	m, clock, err := transport.DecodeMessage(f)
	if err != nil {
		return err
	}
	if m.Type.IsLocal() {
		return &transport.FrameError{Offset: transport.HeaderSize, Field: "message type",
			Reason: fmt.Sprintf("%s never travels between nodes", m.Type)}
	}
	d.Message, d.RawClock = m, clock
	if len(clock) > 0 {
		if err := d.Clock.UnmarshalBinary(clock); err != nil {
			return &transport.FrameError{Offset: transport.HeaderSize + uvarintLen(uint64(len(clock))), Field: "vector clock", Reason: err.Error()}
		}
	}
	return nil
}

// SerializeTo writes the frame: the header from the layer's fields and, for a message frame,
// the payload encoded from RawClock and Message (Length and CRC are computed). It makes DSRF
// usable with gopacket.SerializeLayers, to build packets of dsref traffic.
func (d *DSRF) SerializeTo(b gopacket.SerializeBuffer, _ gopacket.SerializeOptions) error {
	var frame []byte
	switch d.Kind {
	case transport.KindHello:
		frame = transport.AppendFrame(nil, transport.KindHello, d.ClusterID, d.From, d.To, nil)
	case transport.KindMessage:
		m := d.Message
		m.From, m.To = d.From, d.To
		frame = transport.AppendMessageFrame(nil, d.ClusterID, m, d.RawClock)
	default:
		return fmt.Errorf("capture: cannot serialize a DSRF frame of kind %d", d.Kind)
	}
	out, err := b.PrependBytes(len(frame))
	if err != nil {
		return err
	}
	copy(out, frame)
	return nil
}

func decodeDSRF(data []byte, p gopacket.PacketBuilder) error {
	d := &DSRF{}
	if err := d.DecodeFromBytes(data, p); err != nil {
		return err
	}
	p.AddLayer(d)
	if next := d.NextLayerType(); next != gopacket.LayerTypeZero {
		return p.NextDecoder(next)
	}
	return nil
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
