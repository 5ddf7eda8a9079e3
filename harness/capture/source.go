package capture

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// A PacketError is a capture file that cannot be read past one packet: a truncated record, a
// capture length beyond the snap length, a corrupt pcapng block. Packet is the 1-based number
// of the packet being read; Offset is the byte offset of its record in the (decompressed)
// file, exact for pcap and the end of the bytes read so far for pcapng, whose reader reads
// ahead (Exact says which).
type PacketError struct {
	File   string
	Packet int
	Offset int64
	Exact  bool
	Err    error
}

func (e *PacketError) Error() string {
	where := "at byte"
	if !e.Exact {
		where = "in the block read up to byte"
	}
	file := ""
	if e.File != "" {
		file = e.File + ": "
	}
	return fmt.Sprintf("%spacket %d (%s %d): %v", file, e.Packet, where, e.Offset, e.Err)
}

func (e *PacketError) Unwrap() error { return e.Err }

// A Reader reads the packets of a capture file: pcap (microsecond or nanosecond, either byte
// order) or pcapng, either of them gzip-compressed, as tcpdump, Wireshark and dsref capture
// write them. Every packet's CaptureInfo carries its 1-based number in AncillaryData[0] (an
// int), which the decoder uses to name packets.
type Reader struct {
	name    string
	format  string // "pcap" or "pcapng"
	link    layers.LinkType
	pcap    *pcapgo.Reader
	ng      *pcapgo.NgReader
	counter *countingReader
	offset  int64 // the next record's offset (pcap)
	packets int
	snaplen int
	failed  error
	gzipped bool
}

// Format names the file format: "pcap" or "pcapng", with " (gzip)" if it was compressed.
func (r *Reader) Format() string {
	if r.gzipped {
		return r.format + " (gzip)"
	}
	return r.format
}

// Snaplen is a pcap file's snap length (0 for pcapng, whose interfaces each have one).
func (r *Reader) Snaplen() int { return r.snaplen }

// LinkType is the link-layer type of the packets.
func (r *Reader) LinkType() layers.LinkType { return r.link }

// Packets is the number of packets read so far.
func (r *Reader) Packets() int { return r.packets }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

var (
	pcapngMagic = []byte{0x0a, 0x0d, 0x0d, 0x0a}
	pcapMagics  = [][]byte{
		{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4}, // microseconds, little and big endian
		{0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d}, // nanoseconds
	}
)

// NewReader reads a capture from r; name stands for it in errors.
func NewReader(r io.Reader, name string) (*Reader, error) {
	rd := &Reader{name: name}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil {
		return nil, fmt.Errorf("%s: not a capture file: %d bytes, too short for a pcap or pcapng header", name, len(head))
	}
	var src io.Reader = br
	if head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: gzip: %w", name, err)
		}
		rd.gzipped = true
		zb := bufio.NewReaderSize(zr, 64<<10)
		if head, err = zb.Peek(4); err != nil {
			return nil, fmt.Errorf("%s: not a capture file inside the gzip stream: %d bytes", name, len(head))
		}
		src = zb
	}
	switch {
	case bytes.Equal(head, pcapngMagic):
		rd.format = "pcapng"
		rd.counter = &countingReader{r: src}
		// Packets of other link types than the first interface's are refused with an error, not
		// skipped: a file with packets the decoder cannot see is reported, never silently read.
		ng, err := pcapgo.NewNgReader(rd.counter, pcapgo.NgReaderOptions{ErrorOnMismatchingLinkType: true})
		if err != nil {
			return nil, fmt.Errorf("%s: pcapng section header: %w", name, err)
		}
		rd.ng, rd.link = ng, ng.LinkType()
	case isPcapMagic(head):
		rd.format = "pcap"
		p, err := pcapgo.NewReader(src)
		if err != nil {
			return nil, fmt.Errorf("%s: pcap file header: %w", name, err)
		}
		rd.pcap, rd.link, rd.offset, rd.snaplen = p, p.LinkType(), 24, int(p.Snaplen())
	default:
		return nil, fmt.Errorf("%s: not a pcap or pcapng file: it starts with % x", name, head)
	}
	switch rd.link {
	case layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL, layers.LinkTypeLinuxSLL2, layers.LinkTypeNull,
		layers.LinkTypeLoop, layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6:
	default:
		return nil, fmt.Errorf("%s: link type %s (%d) is not supported (want Ethernet, Linux cooked, loopback or raw IP)", name, rd.link, int(rd.link))
	}
	return rd, nil
}

func isPcapMagic(b []byte) bool {
	for _, m := range pcapMagics {
		if bytes.Equal(b, m) {
			return true
		}
	}
	return false
}

// ReadPacketData returns the next packet, io.EOF at the end of the file, or a *PacketError.
// After an error it keeps returning that error.
func (r *Reader) ReadPacketData() ([]byte, gopacket.CaptureInfo, error) {
	if r.failed != nil {
		return nil, gopacket.CaptureInfo{}, r.failed
	}
	var (
		data []byte
		ci   gopacket.CaptureInfo
		err  error
	)
	if r.pcap != nil {
		data, ci, err = r.pcap.ReadPacketData()
	} else {
		data, ci, err = r.ng.ReadPacketData()
	}
	if err == io.EOF {
		return nil, ci, io.EOF
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("the file ends inside the packet's record (a truncated capture): %w", err)
		}
		r.failed = r.packetError(r.packets+1, err)
		return nil, ci, r.failed
	}
	r.packets++
	ci.AncillaryData = append(ci.AncillaryData[:0:0], r.packets)
	if r.pcap != nil {
		r.offset += 16 + int64(ci.CaptureLength)
	}
	return data, ci, nil
}

func (r *Reader) packetError(n int, err error) *PacketError {
	if r.pcap != nil {
		return &PacketError{File: r.name, Packet: n, Offset: r.offset, Exact: true, Err: err}
	}
	return &PacketError{File: r.name, Packet: n, Offset: r.counter.n, Err: err}
}

// packetNumber returns the packet number a CaptureInfo carries (0 if none).
func packetNumber(ci gopacket.CaptureInfo) int {
	if len(ci.AncillaryData) > 0 {
		if n, ok := ci.AncillaryData[len(ci.AncillaryData)-1].(int); ok {
			return n
		}
	}
	return 0
}
