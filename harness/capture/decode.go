package capture

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/reassembly"
)

// Stats counts what the decoder saw and what it could not use.
type Stats struct {
	Packets int   // packets read
	Bytes   int64 // their captured bytes
	// NonTCP counts packets that are not TCP over IPv4 or IPv6 (ARP, UDP, ...); Fragments
	// the IP fragments (not reassembled: loopback never fragments TCP); Undecodable the
	// packets whose headers do not parse.
	NonTCP, Fragments, Undecodable int
	// Truncated counts packets captured shorter than they were on the wire (a capture length
	// below the packet size), TruncatedBytes the bytes they lack.
	Truncated      int
	TruncatedBytes int64
	// Streams counts TCP directions that carried data, MidStream those that started before
	// the capture.
	Streams, MidStream int
	// Frames counts the frames decoded: Hellos, Messages, and BadFrames whose CRC is right but
	// whose payload is not a valid message.
	Frames, Hellos, Messages, BadFrames int
	// Corrupt counts places where a frame was expected and the bytes were not one (bad
	// header or CRC): the decoder then resynchronises on the magic. Foreign counts streams
	// that do not start with a frame: other traffic on a cluster port.
	Corrupt, Foreign int
	// SkippedBytes are stream bytes that were not part of a decoded frame; MissingBytes are
	// bytes the capture never saw (sequence gaps: lost or truncated packets).
	SkippedBytes, MissingBytes int64
	// RetransmittedBytes were seen more than once; OutOfOrder packets arrived ahead of a gap.
	RetransmittedBytes int64
	OutOfOrder         int
	// Problems describes the first problems (up to 20), each naming its packet.
	Problems []string
}

// Clean reports whether the capture holds every byte of every stream it saw from its start:
// nothing truncated, missing, skipped or corrupt, no stream started before the capture. A
// capture must be clean to be validated or replayed.
func (s *Stats) Clean() error {
	var why []string
	if s.Truncated > 0 {
		why = append(why, fmt.Sprintf("%d truncated packet(s) (%d bytes not captured)", s.Truncated, s.TruncatedBytes))
	}
	if s.MissingBytes > 0 {
		why = append(why, fmt.Sprintf("%d stream byte(s) missing", s.MissingBytes))
	}
	if s.SkippedBytes > 0 {
		why = append(why, fmt.Sprintf("%d stream byte(s) skipped", s.SkippedBytes))
	}
	if s.Corrupt > 0 || s.BadFrames > 0 {
		why = append(why, fmt.Sprintf("%d corrupt and %d bad frame(s)", s.Corrupt, s.BadFrames))
	}
	if s.Foreign > 0 {
		why = append(why, fmt.Sprintf("%d stream(s) of other traffic than dsref's", s.Foreign))
	}
	if s.MidStream > 0 {
		why = append(why, fmt.Sprintf("%d stream(s) began before the capture", s.MidStream))
	}
	if len(why) == 0 {
		return nil
	}
	msg := fmt.Sprintf("the capture is incomplete: %s", joinComma(why))
	if len(s.Problems) > 0 {
		msg += "; first: " + s.Problems[0]
	}
	return errors.New(msg)
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

const maxProblems = 20

func (s *Stats) problem(format string, args ...any) {
	if len(s.Problems) < maxProblems {
		s.Problems = append(s.Problems, fmt.Sprintf(format, args...))
	}
}

// Decoder turns captured packets into dsref frames: it decodes the link, IP and TCP layers
// with a gopacket.DecodingLayerParser, reassembles each TCP direction with gopacket's
// reassembly package (retransmissions and overlaps dropped, out-of-order segments put back
// in order), and cuts each direction's bytes into frames (DSRF layers). A direction that
// starts in the middle of the capture, or loses bytes, is resynchronised on the frame magic
// and the frame's CRC; what is skipped, missing or truncated is counted in Stats.
//
// Feed it packets with Packet, then call Close; Frames and Streams hold the result.
type Decoder struct {
	stats   Stats
	frames  []*Frame
	streams []*half
	refused []RefusedDial
	onFrame func(*Frame)

	link      layers.LinkType
	parser    *gopacket.DecodingLayerParser
	decoded   []gopacket.LayerType
	eth       layers.Ethernet
	sll       layers.LinuxSLL
	sll2      layers.LinuxSLL2
	loop      layers.Loopback
	ip4       layers.IPv4
	ip6       layers.IPv6
	tcp       layers.TCP
	pool      *reassembly.StreamPool
	assembler *reassembly.Assembler
	closed    bool
	lastTime  time.Time
}

// NewDecoder returns a decoder for packets of the given link type. onFrame, if not nil, is
// called with each frame as it is decoded (in the order frames complete); Frames returns
// them all in that order.
func NewDecoder(link layers.LinkType, onFrame func(*Frame)) (*Decoder, error) {
	d := &Decoder{link: link, onFrame: onFrame}
	var first gopacket.LayerType
	switch link {
	case layers.LinkTypeEthernet:
		first = layers.LayerTypeEthernet
	case layers.LinkTypeLinuxSLL:
		first = layers.LayerTypeLinuxSLL
	case layers.LinkTypeLinuxSLL2:
		first = layers.LayerTypeLinuxSLL2
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		first = layers.LayerTypeLoopback
	case layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6:
		first = layers.LayerTypeIPv4 // unused: decodeLayers decodes raw IP by its version
	default:
		return nil, fmt.Errorf("capture: link type %s is not supported", link)
	}
	d.parser = gopacket.NewDecodingLayerParser(first, &d.eth, &d.sll, &d.sll2, &d.loop, &d.ip4, &d.ip6, &d.tcp)
	d.parser.IgnoreUnsupported = true
	d.pool = reassembly.NewStreamPool(&streamFactory{d: d})
	d.assembler = reassembly.NewAssembler(d.pool)
	// Out-of-order data waits for its gap at most this many 1900-byte pages per connection,
	// in all 64 MiB, so that a capture with a gap that never fills cannot take all memory.
	d.assembler.MaxBufferedPagesPerConnection = 4096
	d.assembler.MaxBufferedPagesTotal = 35000
	return d, nil
}

// assemblerContext carries a packet's CaptureInfo (its number in AncillaryData) into the
// reassembler, which keeps it with the bytes it queues.
type assemblerContext struct{ ci gopacket.CaptureInfo }

func (c *assemblerContext) GetCaptureInfo() gopacket.CaptureInfo { return c.ci }

// Packet decodes one packet. ci.AncillaryData's last element, if an int, is the packet's
// number (Reader puts it there); otherwise packets are numbered in the order given.
func (d *Decoder) Packet(data []byte, ci gopacket.CaptureInfo) {
	d.stats.Packets++
	d.stats.Bytes += int64(len(data))
	if packetNumber(ci) == 0 {
		ci.AncillaryData = append(ci.AncillaryData[:len(ci.AncillaryData):len(ci.AncillaryData)], d.stats.Packets)
	}
	n := packetNumber(ci)
	if ci.Timestamp.After(d.lastTime) {
		d.lastTime = ci.Timestamp
	}
	if ci.Length > ci.CaptureLength {
		d.stats.Truncated++
		d.stats.TruncatedBytes += int64(ci.Length - ci.CaptureLength)
		if d.stats.Truncated == 1 {
			d.stats.problem("packet %d: captured %d of its %d bytes (the capture length is too short)", n, ci.CaptureLength, ci.Length)
		}
	}
	if err := d.decodeLayers(data); err != nil {
		d.stats.Undecodable++
		d.stats.problem("packet %d: %v", n, err)
		return
	}
	var netFlow gopacket.Flow
	sawTCP, fragment := false, false
	for _, lt := range d.decoded {
		switch lt {
		case layers.LayerTypeIPv4:
			netFlow = d.ip4.NetworkFlow()
			fragment = d.ip4.Flags&layers.IPv4MoreFragments != 0 || d.ip4.FragOffset != 0
		case layers.LayerTypeIPv6:
			netFlow = d.ip6.NetworkFlow()
		case layers.LayerTypeTCP:
			sawTCP = true
		}
	}
	switch {
	case fragment:
		d.stats.Fragments++
		return
	case !sawTCP:
		d.stats.NonTCP++
		return
	}
	d.assembler.AssembleWithContext(netFlow, &d.tcp, &assemblerContext{ci: ci})
}

func (d *Decoder) decodeLayers(data []byte) (err error) {
	defer func() {
		// The layer decoders check their input; this is a last line against a panic in one.
		if r := recover(); r != nil {
			err = fmt.Errorf("decoding the packet's headers panicked: %v", r)
		}
	}()
	if d.link == layers.LinkTypeRaw || d.link == layers.LinkTypeIPv4 || d.link == layers.LinkTypeIPv6 {
		d.decoded = d.decoded[:0]
		if len(data) == 0 {
			return errors.New("empty packet")
		}
		switch data[0] >> 4 {
		case 4:
			if err := d.ip4.DecodeFromBytes(data, gopacket.NilDecodeFeedback); err != nil {
				return err
			}
			d.decoded = append(d.decoded, layers.LayerTypeIPv4)
			return d.decodeTCP(d.ip4.Protocol, d.ip4.Payload)
		case 6:
			if err := d.ip6.DecodeFromBytes(data, gopacket.NilDecodeFeedback); err != nil {
				return err
			}
			d.decoded = append(d.decoded, layers.LayerTypeIPv6)
			return d.decodeTCP(d.ip6.NextHeader, d.ip6.Payload)
		}
		return nil // not IP: counted as non-TCP
	}
	return d.parser.DecodeLayers(data, &d.decoded)
}

func (d *Decoder) decodeTCP(proto layers.IPProtocol, payload []byte) error {
	if proto != layers.IPProtocolTCP {
		return nil
	}
	if err := d.tcp.DecodeFromBytes(payload, gopacket.NilDecodeFeedback); err != nil {
		return err
	}
	d.decoded = append(d.decoded, layers.LayerTypeTCP)
	return nil
}

// Close flushes what the reassembler still holds (data waiting behind gaps that never
// filled, streams the capture did not see close) and sorts nothing: Frames stay in the order
// they completed.
func (d *Decoder) Close() {
	if d.closed {
		return
	}
	d.closed = true
	d.assembler.FlushAll()
	for _, s := range d.streams {
		s.finish(d)
	}
}

// Stats returns the counts so far.
func (d *Decoder) Stats() Stats {
	s := d.stats
	s.Problems = append([]string(nil), d.stats.Problems...)
	return s
}

// Frames returns the frames decoded, in the order they completed.
func (d *Decoder) Frames() []*Frame { return d.frames }

// Streams returns the TCP directions that carried data, by ID.
func (d *Decoder) Streams() []*Stream {
	out := make([]*Stream, len(d.streams))
	for i, s := range d.streams {
		out[i] = &s.Stream
	}
	return out
}

// Refused returns the connection attempts answered by a reset, in the order the resets came.
func (d *Decoder) Refused() []RefusedDial { return d.refused }

func (d *Decoder) emit(f *Frame) {
	d.stats.Frames++
	d.frames = append(d.frames, f)
	if d.onFrame != nil {
		d.onFrame(f)
	}
}

// Capture is a decoded capture file.
type Capture struct {
	File    string
	Format  string
	Link    layers.LinkType
	Frames  []*Frame
	Streams []*Stream
	Refused []RefusedDial
	Stats   Stats
	// ReadErr is the error that stopped reading the file early (a *PacketError), if any:
	// everything before it is decoded.
	ReadErr error
}

// Decode reads a whole capture from r and decodes it; name stands for it in errors. A file
// that is not a capture is an error; a file that breaks off or goes bad part way is decoded
// up to there, with the reason in ReadErr. onFrame is as for NewDecoder.
func Decode(r io.Reader, name string, onFrame func(*Frame)) (*Capture, error) {
	rd, err := NewReader(r, name)
	if err != nil {
		return nil, err
	}
	d, err := NewDecoder(rd.LinkType(), onFrame)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Capture{File: name, Format: rd.Format(), Link: rd.LinkType()}
	for {
		data, ci, err := rd.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.ReadErr = err
			d.stats.problem("%v", err)
			break
		}
		d.Packet(data, ci)
	}
	d.Close()
	c.Frames, c.Streams, c.Refused, c.Stats = d.Frames(), d.Streams(), d.Refused(), d.Stats()
	return c, nil
}

// Messages returns the well-formed message frames in the order they reached their receivers:
// by the time the frame and every byte before it in its stream had been captured, ties in the
// order they were decoded (a stream's frames in stream order).
func (c *Capture) Messages() []*Frame {
	var out []*Frame
	for _, f := range c.Frames {
		if f.IsMessage() {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}

// Complete reports whether the capture can be trusted to hold every frame of the streams it
// saw: it was read to the end and Stats.Clean.
func (c *Capture) Complete() error {
	if c.ReadErr != nil {
		return fmt.Errorf("the capture file is damaged: %w", c.ReadErr)
	}
	return c.Stats.Clean()
}

func addrPort(ep gopacket.Endpoint, port uint16) netip.AddrPort {
	a, _ := netip.AddrFromSlice(ep.Raw())
	return netip.AddrPortFrom(a.Unmap(), port)
}
