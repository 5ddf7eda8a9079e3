package transport

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/dsref/dsref/raft"
)

// Frame layout (integers big-endian, as network protocols and Wireshark expect):
//
//	offset size field
//	0      4    magic: 0x44 0x53 0x52 0x46 ("DSRF")
//	4      1    version: 1
//	5      1    kind: 1 hello, 2 message
//	6      2    flags: 0 (reserved; a frame with other flags is rejected)
//	8      8    cluster ID
//	16     8    sender node ID
//	24     8    receiver node ID
//	32     4    payload length n, at most the receiver's frame limit
//	36     4    CRC-32C (Castagnoli) of bytes 0-35 and the payload
//	40     n    payload
//
// A hello frame opens every connection: the dialer names itself and the node it wants, and
// its payload is empty. A message frame's payload is
//
//	uvarint c | c bytes: the sender's vector clock | raft.MarshalMessage bytes (the rest)
//
// The vector clock is opaque here: dsref's runtime puts the binary encoding of a clocks.Vector
// (VC-7 in spec/clocks.md: uvarint count, then per node uvarint length, node ID bytes,
// uvarint counter) with decimal node IDs; c = 0 means no clock. The package does not import
// clocks, so that raft/ stays vendorable alone.
//
// Every frame is self-describing, so a capture that starts in the middle of a stream can
// resynchronise: search for the magic, then check the version, kind, flags and CRC (Resync).
const (
	HeaderSize = 40
	Version    = 1

	KindHello   = 1
	KindMessage = 2
)

// Magic opens every frame.
var Magic = [4]byte{'D', 'S', 'R', 'F'}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Frame is one decoded frame.
type Frame struct {
	Kind      byte
	ClusterID uint64
	From      uint64
	To        uint64
	Payload   []byte // aliases the decoded bytes
}

// AppendFrame appends the encoding of a frame to b.
func AppendFrame(b []byte, kind byte, cluster, from, to uint64, payload []byte) []byte {
	start := len(b)
	b = append(b, Magic[:]...)
	b = append(b, Version, kind, 0, 0)
	b = binary.BigEndian.AppendUint64(b, cluster)
	b = binary.BigEndian.AppendUint64(b, from)
	b = binary.BigEndian.AppendUint64(b, to)
	b = binary.BigEndian.AppendUint32(b, uint32(len(payload)))
	crc := crc32.Update(crc32.Checksum(b[start:start+36], crcTable), crcTable, payload)
	b = binary.BigEndian.AppendUint32(b, crc)
	return append(b, payload...)
}

// AppendMessageFrame appends a message frame carrying m and the sender's vector clock.
// Implements RAFT-NET-3.
// The payload is encoded in place after the header, which is then completed (the same bytes as
// AppendFrame of the payload, without building the payload apart).
func AppendMessageFrame(b []byte, cluster uint64, m raft.Message, clock []byte) []byte {
	start := len(b)
	b = AppendFrame(b, KindMessage, cluster, m.From, m.To, nil)
	body := len(b)
	b = binary.AppendUvarint(b, uint64(len(clock)))
	b = append(b, clock...)
	b = raft.AppendMessage(b, m)
	binary.BigEndian.PutUint32(b[start+32:], uint32(len(b)-body))
	crc := crc32.Update(crc32.Checksum(b[start:start+36], crcTable), crcTable, b[body:])
	binary.BigEndian.PutUint32(b[start+36:], crc)
	return b
}

// ErrIncomplete is returned by DecodeFrame when b holds only the beginning of a frame.
var ErrIncomplete = errors.New("transport: incomplete frame")

// FrameError reports a malformed frame: which field, at which byte offset of the frame.
type FrameError struct {
	Offset int
	Field  string
	Reason string
}

func (e *FrameError) Error() string {
	return fmt.Sprintf("transport: bad frame: %s at byte %d: %s", e.Field, e.Offset, e.Reason)
}

// DecodeHeader checks the fixed header in b (at least HeaderSize bytes) and returns the
// frame without its payload and the payload length. maxPayload bounds the length.
// Implements RAFT-NET-1.
func DecodeHeader(b []byte, maxPayload uint32) (Frame, uint32, error) {
	bad := func(off int, field, format string, args ...any) (Frame, uint32, error) {
		return Frame{}, 0, &FrameError{Offset: off, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if len(b) < HeaderSize {
		return Frame{}, 0, ErrIncomplete
	}
	if [4]byte(b[:4]) != Magic {
		return bad(0, "magic", "%x is not %x", b[:4], Magic[:])
	}
	if b[4] != Version {
		return bad(4, "version", "unsupported version %d (want %d)", b[4], Version)
	}
	if b[5] != KindHello && b[5] != KindMessage {
		return bad(5, "kind", "unknown frame kind %d", b[5])
	}
	if b[6] != 0 || b[7] != 0 {
		return bad(6, "flags", "unknown flags %#04x", binary.BigEndian.Uint16(b[6:]))
	}
	f := Frame{Kind: b[5], ClusterID: binary.BigEndian.Uint64(b[8:]), From: binary.BigEndian.Uint64(b[16:]), To: binary.BigEndian.Uint64(b[24:])}
	n := binary.BigEndian.Uint32(b[32:])
	if n > maxPayload {
		return bad(32, "length", "payload of %d bytes exceeds the limit of %d", n, maxPayload)
	}
	if f.Kind == KindHello && n != 0 {
		return bad(32, "length", "hello frame with a %d-byte payload", n)
	}
	return f, n, nil
}

// DecodeFrame decodes the frame at the start of b and returns it with the number of bytes it
// takes. It returns ErrIncomplete if b is a strict prefix of a well-formed header-and-length,
// and a *FrameError for anything malformed.
func DecodeFrame(b []byte, maxPayload uint32) (Frame, int, error) {
	f, n, err := DecodeHeader(b, maxPayload)
	if err != nil {
		return f, 0, err
	}
	end := HeaderSize + int(n)
	if len(b) < end {
		return Frame{}, 0, ErrIncomplete
	}
	if err := checkCRC(b[:HeaderSize], b[HeaderSize:end]); err != nil {
		return Frame{}, 0, err
	}
	f.Payload = b[HeaderSize:end]
	return f, end, nil
}

func checkCRC(hdr, payload []byte) error {
	want := binary.BigEndian.Uint32(hdr[36:])
	got := crc32.Update(crc32.Checksum(hdr[:36], crcTable), crcTable, payload)
	if want != got {
		return &FrameError{Offset: 36, Field: "crc", Reason: fmt.Sprintf("stored %#08x, computed %#08x", want, got)}
	}
	return nil
}

// DecodeMessage splits a message frame's payload into the vector clock bytes and the raft
// message, checking that the message's endpoints are the frame's.
func DecodeMessage(f Frame) (raft.Message, []byte, error) {
	if f.Kind != KindMessage {
		return raft.Message{}, nil, &FrameError{Offset: 5, Field: "kind", Reason: fmt.Sprintf("frame kind %d carries no message", f.Kind)}
	}
	c, k := binary.Uvarint(f.Payload)
	if k <= 0 || c > uint64(len(f.Payload)-k) {
		return raft.Message{}, nil, &FrameError{Offset: HeaderSize, Field: "clock length", Reason: "malformed or longer than the payload"}
	}
	var clock []byte
	if c > 0 {
		clock = f.Payload[k : k+int(c)]
	}
	m, err := raft.UnmarshalMessage(f.Payload[k+int(c):])
	if err != nil {
		var de *raft.DecodeError
		if errors.As(err, &de) {
			return raft.Message{}, nil, &FrameError{Offset: HeaderSize + k + int(c) + de.Offset, Field: "message " + de.Field, Reason: de.Reason}
		}
		return raft.Message{}, nil, err
	}
	if m.From != f.From || m.To != f.To {
		return raft.Message{}, nil, &FrameError{Offset: 16, Field: "sender",
			Reason: fmt.Sprintf("frame says %d->%d, the message says %d->%d", f.From, f.To, m.From, m.To)}
	}
	return m, clock, nil
}

// Resync returns the offset of the first position in b at or after from where a frame may
// start: the magic followed by a valid version, kind and zero flags. It returns len(b) if
// there is none, or the offset of a trailing partial magic that more bytes may complete. A
// reader that lost its place (a capture that starts mid-stream, or bytes it skipped) calls it
// and then DecodeFrame, which confirms a candidate by its CRC.
func Resync(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		if b[i] != Magic[0] {
			continue
		}
		rest := b[i:]
		k := min(len(rest), 8)
		want := [8]byte{Magic[0], Magic[1], Magic[2], Magic[3], Version, 0, 0, 0}
		ok := true
		for j := 1; j < k; j++ {
			switch {
			case j == 5:
				ok = rest[5] == KindHello || rest[5] == KindMessage
			default:
				ok = rest[j] == want[j]
			}
			if !ok {
				break
			}
		}
		if ok {
			return i
		}
	}
	return len(b)
}
