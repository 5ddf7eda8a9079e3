package capture

import (
	"errors"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/reassembly"

	"github.com/dsref/dsref/raft/transport"
)

type streamFactory struct{ d *Decoder }

// New makes the reassembly.Stream of one TCP connection; its two directions become Streams
// (numbered when they first carry data).
func (f *streamFactory) New(netFlow, tcpFlow gopacket.Flow, tcp *layers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	src := addrPort(netFlow.Src(), uint16(tcp.SrcPort))
	dst := addrPort(netFlow.Dst(), uint16(tcp.DstPort))
	c := &conn{d: f.d}
	c.halves[0] = &half{d: f.d, Stream: Stream{Src: src, Dst: dst}}
	c.halves[1] = &half{d: f.d, Stream: Stream{Src: dst, Dst: src}}
	return c
}

// conn is one TCP connection; halves[0] is the direction of its first packet.
type conn struct {
	d       *Decoder
	halves  [2]*half
	refused bool // recorded as a RefusedDial
}

func (c *conn) half(dir reassembly.TCPFlowDirection) *half {
	if dir == reassembly.TCPDirClientToServer {
		return c.halves[0]
	}
	return c.halves[1]
}

// Accept takes every packet. It notes SYN, FIN and RST, and starts a direction whose opening
// the capture missed at its first packet (the bytes are then resynchronised).
func (c *conn) Accept(tcp *layers.TCP, ci gopacket.CaptureInfo, dir reassembly.TCPFlowDirection, nextSeq reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	h := c.half(dir)
	n := packetNumber(ci)
	if h.FirstPacket == 0 {
		h.FirstPacket, h.Start = n, ci.Timestamp
	}
	h.LastPacket, h.End = n, ci.Timestamp
	if tcp.SYN {
		h.sawSYN = true
	}
	if (tcp.FIN || tcp.RST) && !h.Closed {
		h.Closed, h.Reset, h.ClosedAt = true, tcp.RST, ci.Timestamp
	}
	if nextSeq == -1 && !tcp.SYN && !h.sawSYN && len(tcp.Payload) > 0 {
		*start = true
		h.MidStream = true
	}
	if tcp.RST && dir == reassembly.TCPDirServerToClient {
		c.noteRefused(h)
	}
	return true
}

// noteRefused records the connection as a RefusedDial when the reset that reached its
// client answered a SYN without a SYN-ACK and no data went either way.
func (c *conn) noteRefused(server *half) {
	client := c.halves[0]
	if c.refused || server.sawSYN || server.numbered || !client.sawSYN || client.numbered {
		return
	}
	c.refused = true
	c.d.refused = append(c.d.refused, RefusedDial{Src: client.Src, Dst: client.Dst, Packet: client.FirstPacket, At: client.Start})
}

// ReassembledSG receives a direction's bytes in order.
func (c *conn) ReassembledSG(sg reassembly.ScatterGather, _ reassembly.AssemblerContext) {
	dir, _, _, skip := sg.Info()
	h := c.half(dir)
	st := sg.Stats()
	h.Retransmitted += int64(st.OverlapBytes)
	h.OutOfOrder += st.QueuedPackets
	c.d.stats.RetransmittedBytes += int64(st.OverlapBytes)
	c.d.stats.OutOfOrder += st.QueuedPackets
	length, _ := sg.Lengths()
	if length == 0 {
		return
	}
	h.register()
	if skip > 0 {
		h.Missing += int64(skip)
		c.d.stats.MissingBytes += int64(skip)
		c.d.stats.problem("packet %d: stream %d (%s -> %s) lacks %d byte(s) before this packet (lost or truncated packets)",
			packetNumber(sg.CaptureInfo(0)), h.ID, h.Src, h.Dst, skip)
		h.lose()
	}
	if skip < 0 && !h.sawSYN {
		h.synced = false // the stream began before the capture
	}
	h.consume(sg.Fetch(length), sg.CaptureInfo, false)
}

// ReassemblyComplete is called when both directions are done.
func (c *conn) ReassemblyComplete(reassembly.AssemblerContext) bool { return true }

// half is one direction of a connection and its frame cutter.
type half struct {
	Stream
	d         *Decoder
	sawSYN    bool
	numbered  bool
	synced    bool // a frame starts at buf[0] (or at the next byte)
	started   bool
	done      bool
	buf       []byte               // bytes of an incomplete frame, or not yet resynchronised
	bufCI     gopacket.CaptureInfo // the packet of buf[0]
	bufOffset int64                // buf[0]'s offset in the stream
	rescanAt  int                  // buffer length at which to look past an incomplete candidate again
	delivered time.Time            // when the last frame was complete
}

// register numbers the direction when it first carries data.
func (h *half) register() {
	if h.numbered {
		return
	}
	h.numbered = true
	h.ID = len(h.d.streams) + 1
	h.d.streams = append(h.d.streams, h)
	h.d.stats.Streams++
	if h.MidStream {
		h.d.stats.MidStream++
		h.d.stats.problem("packet %d: stream %d (%s -> %s) began before the capture; decoding from the first frame found",
			h.FirstPacket, h.ID, h.Src, h.Dst)
	}
	h.synced = !h.MidStream
	h.started = true
}

// lose drops the buffered bytes after a gap: the frame they begin cannot be completed.
func (h *half) lose() {
	h.skip(int64(len(h.buf)))
	h.bufOffset += int64(len(h.buf))
	h.buf = h.buf[:0]
	h.synced = false
}

func (h *half) skip(n int64) {
	h.Skipped += n
	h.d.stats.SkippedBytes += n
}

// consume cuts frames from the buffered bytes followed by data; ciAt gives the CaptureInfo of
// data's byte at an offset. final means no more bytes will come.
func (h *half) consume(data []byte, ciAt func(int) gopacket.CaptureInfo, final bool) {
	h.Bytes += int64(len(data))
	b, base := data, 0
	if len(h.buf) > 0 {
		h.buf = append(h.buf, data...)
		b, base = h.buf, len(h.buf)-len(data)
	}
	ci := func(p int) gopacket.CaptureInfo {
		if p < base {
			return h.bufCI
		}
		return ciAt(p - base)
	}
	pos := 0
	for pos < len(b) {
		if !h.synced {
			next := transport.Resync(b, pos)
			h.skip(int64(next - pos))
			pos = next
			if pos >= len(b) {
				break
			}
		}
		var l DSRF
		err := l.DecodeFromBytes(b[pos:], gopacket.NilDecodeFeedback)
		if errors.Is(err, ErrTruncatedFrame) {
			// A frame that is not complete yet. Found by resynchronising (or at the end of the
			// stream), it may be payload that looks like a header: a complete frame further on
			// says so. The search is repeated only once the buffer has doubled, so that a
			// hostile stream cannot make it quadratic.
			if (!h.synced && len(b) >= h.rescanAt) || final {
				h.rescanAt = 2 * len(b)
				if q := h.nextWholeFrame(b, pos+1); q >= 0 {
					if h.synced {
						h.d.stats.Corrupt++
						h.d.stats.problem("packet %d: stream %d (%s -> %s) byte %d: a frame header whose frame never completes",
							packetNumber(ci(pos)), h.ID, h.Src, h.Dst, h.bufOffset+int64(pos))
					}
					h.synced = false
					h.skip(int64(q - pos))
					pos = q
					continue
				}
			}
			if final {
				h.skip(int64(len(b) - pos))
				h.d.stats.problem("packet %d: stream %d (%s -> %s) ends inside a frame (%d byte(s) left)",
					packetNumber(ci(len(b)-1)), h.ID, h.Src, h.Dst, len(b)-pos)
				pos = len(b)
			}
			break
		}
		n := len(l.Contents)
		if n == 0 {
			// Not a frame here: a bad header or CRC. In sync after a frame, that is a corrupt
			// frame; at the start of a stream, traffic that is not dsref's.
			if h.synced && h.Frames > 0 {
				h.d.stats.Corrupt++
				h.d.stats.problem("packet %d: stream %d (%s -> %s) byte %d: not a frame: %v",
					packetNumber(ci(pos)), h.ID, h.Src, h.Dst, h.bufOffset+int64(pos), err)
			} else if h.synced {
				h.d.stats.Foreign++
				h.d.stats.problem("packet %d: stream %d (%s -> %s) does not start with a dsref frame: %v",
					packetNumber(ci(pos)), h.ID, h.Src, h.Dst, err)
			}
			h.synced = false
			h.skip(1)
			pos++
			continue
		}
		// n > 0: the header and CRC are right; err, if any, is about the payload's content.
		h.synced = true
		// A frame reaches the receiver once its last byte and every byte before it have come.
		at := ci(pos + n - 1).Timestamp
		if at.Before(h.delivered) {
			at = h.delivered
		}
		h.delivered = at
		f := &Frame{Packet: packetNumber(ci(pos + n - 1)), FirstPacket: packetNumber(ci(pos)), Time: at,
			Stream: h.ID, Offset: h.bufOffset + int64(pos), Src: h.Src, Dst: h.Dst, Size: n,
			Kind: l.Kind, ClusterID: l.ClusterID, From: l.From, To: l.To, Clock: l.Clock, Message: l.Message, Err: err}
		if err != nil {
			h.d.stats.BadFrames++
			h.d.stats.problem("packet %d: stream %d (%s -> %s): bad frame: %v", f.Packet, h.ID, h.Src, h.Dst, err)
		} else if f.Kind == transport.KindHello {
			h.d.stats.Hellos++
			if h.Hello == nil {
				h.Hello = f
			}
		} else {
			h.d.stats.Messages++
		}
		h.Frames++
		pos += n
		h.d.emit(f)
	}
	rest := b[pos:]
	if len(rest) > 0 {
		h.bufCI = ci(pos)
	}
	h.bufOffset += int64(pos)
	switch {
	case base > 0 && pos == 0:
		// b is h.buf and nothing was used: it stays as it is (copying it onto itself would
		// make a long incomplete frame quadratic).
	case base > 0:
		h.buf = h.buf[:copy(h.buf, rest)]
	default:
		h.buf = append(h.buf[:0], rest...)
	}
}

// nextWholeFrame returns the offset of the first frame at or after from in b that decodes
// completely with a good CRC, or -1.
func (h *half) nextWholeFrame(b []byte, from int) int {
	for p := transport.Resync(b, from); p < len(b); p = transport.Resync(b, p+1) {
		if _, _, err := transport.DecodeFrame(b[p:], maxFramePayload); err == nil {
			return p
		}
	}
	return -1
}

// finish is called once no more bytes will come: a buffered remainder is a truncated frame or
// bytes that never resynchronised.
func (h *half) finish(d *Decoder) {
	if h.done {
		return
	}
	h.done = true
	if len(h.buf) == 0 {
		return
	}
	end := h.bufCI
	rest := h.buf
	h.buf = nil
	h.consume(rest, func(int) gopacket.CaptureInfo { return end }, true)
	h.Bytes -= int64(len(rest)) // consume counted them again
}
