package capture

import (
	"net/netip"
	"time"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// Frame is one peer wire frame found in a capture.
type Frame struct {
	// Packet is the 1-based number of the packet holding the frame's last byte (when the frame
	// was complete), FirstPacket the one holding its first byte; Time is Packet's capture time.
	Packet, FirstPacket int
	Time                time.Time
	// Stream is the TCP half-connection the frame came on (Decoder.Streams()[Stream-1]) and
	// Offset the frame's position in that stream's bytes.
	Stream int
	Offset int64
	// Src and Dst are the TCP endpoints.
	Src, Dst netip.AddrPort
	// Size is the frame's length on the wire, header included.
	Size int

	Kind      byte // transport.KindHello or transport.KindMessage
	ClusterID uint64
	From, To  uint64
	// Clock is the sender's vector clock and Message the raft message (message frames only).
	Clock   clocks.Vector
	Message raft.Message
	// Err is set for a frame whose CRC is right but whose payload is not a valid message (a
	// sender's bug or a hostile peer): the frame is reported, its content is not used.
	Err error
}

// IsMessage reports whether f is a well-formed message frame.
func (f *Frame) IsMessage() bool { return f.Kind == transport.KindMessage && f.Err == nil }

// KindName names the frame's kind.
func (f *Frame) KindName() string {
	switch f.Kind {
	case transport.KindHello:
		return "hello"
	case transport.KindMessage:
		return "message"
	}
	return "unknown"
}

// Stream is one direction of a TCP connection on which the decoder found data.
type Stream struct {
	ID       int
	Src, Dst netip.AddrPort
	// FirstPacket and LastPacket number the first and last packets with data or flags of
	// this direction; Start and End are their times.
	FirstPacket, LastPacket int
	Start, End              time.Time
	// MidStream is set when the capture did not see the connection open (no SYN): it started
	// before the capture, and the decoder found its first frame by resynchronising.
	MidStream bool
	// Closed is set when the direction ended by FIN or RST (Reset); ClosedAt is when.
	Closed, Reset bool
	ClosedAt      time.Time
	// Hello is the connection's hello frame, if the capture holds it.
	Hello *Frame
	// Frames counts the frames decoded, Bytes the stream bytes delivered, Skipped the bytes
	// that were not part of a decoded frame (resynchronisation, a corrupt frame, a truncated
	// tail, non-dsref traffic), Missing the bytes the capture lacks (sequence gaps).
	Frames         int
	Bytes, Skipped int64
	Missing        int64
	// Retransmitted counts bytes seen again (retransmissions, overlaps) and OutOfOrder the
	// packets that arrived ahead of a gap and waited for it.
	Retransmitted int64
	OutOfOrder    int
}

// From returns the sender named by the stream's hello or first frame (0 if none).
func (s *Stream) From() uint64 {
	if s.Hello != nil {
		return s.Hello.From
	}
	return 0
}

// RefusedDial is a connection attempt the capture shows refused: a SYN answered by a reset,
// with no data either way (nothing listened on Dst yet, or any more). It is not a Stream. A
// dsref transport that cannot reach its peer drops what it had queued for it, so a replay
// needs to know when that happened.
type RefusedDial struct {
	Src, Dst netip.AddrPort
	// Packet numbers the SYN and At is when it was captured.
	Packet int
	At     time.Time
}
