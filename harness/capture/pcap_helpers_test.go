package capture

import (
	"bytes"
	"math/rand/v2"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// pcapBuilder writes synthetic captures: TCP segments between loopback endpoints, as the
// kernel would show them, so that tests control splits, losses, duplicates and order.
type pcapBuilder struct {
	t    testing.TB
	buf  bytes.Buffer
	w    *pcapgo.Writer
	now  time.Time
	snap uint32
}

func newPcap(t testing.TB) *pcapBuilder {
	b := &pcapBuilder{t: t, now: time.Unix(1_800_000_000, 0), snap: DefaultSnapLen}
	b.w = pcapgo.NewWriterNanos(&b.buf)
	require.NoError(t, b.w.WriteFileHeader(b.snap, layers.LinkTypeEthernet))
	return b
}

// tcpFlow is one direction of a synthetic connection.
type tcpFlow struct {
	src, dst netip.AddrPort
	isn      uint32
}

func flow(srcPort, dstPort uint16) tcpFlow {
	lo := netip.MustParseAddr("127.0.0.1")
	return tcpFlow{src: netip.AddrPortFrom(lo, srcPort), dst: netip.AddrPortFrom(lo, dstPort), isn: 1000}
}

// packet returns the bytes of one segment: offset is the position of payload in the stream
// (0 = first byte after the SYN).
func (f tcpFlow) packet(t testing.TB, offset int, payload []byte, syn, fin bool) []byte {
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, DstMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: f.src.Addr().AsSlice(), DstIP: f.dst.Addr().AsSlice()}
	seq := f.isn + 1 + uint32(offset)
	if syn {
		seq = f.isn
	}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(f.src.Port()), DstPort: layers.TCPPort(f.dst.Port()), Seq: seq, SYN: syn, FIN: fin, ACK: !syn, Window: 65535}
	return serialize(t, eth, ip, tcp, payload)
}

// answer returns the listener's answer to f's SYN: a SYN-ACK if accept, else the reset a
// closed port answers with (sequence 0, acknowledging the SYN).
func (f tcpFlow) answer(t testing.TB, accept bool) []byte {
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, DstMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: f.dst.Addr().AsSlice(), DstIP: f.src.Addr().AsSlice()}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(f.dst.Port()), DstPort: layers.TCPPort(f.src.Port()), Ack: f.isn + 1, ACK: true, Window: 65535}
	if accept {
		tcp.SYN, tcp.Seq = true, 5000
	} else {
		tcp.RST = true
	}
	return serialize(t, eth, ip, tcp, nil)
}

func serialize(t testing.TB, eth *layers.Ethernet, ip *layers.IPv4, tcp *layers.TCP, payload []byte) []byte {
	require.NoError(t, tcp.SetNetworkLayerForChecksum(ip))
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, tcp, gopacket.Payload(payload)))
	return append([]byte(nil), buf.Bytes()...)
}

func (b *pcapBuilder) write(data []byte) {
	b.writeCut(data, len(data))
}

// writeCut writes a packet of which only the first caplen bytes were captured.
func (b *pcapBuilder) writeCut(data []byte, caplen int) {
	b.now = b.now.Add(10 * time.Microsecond)
	ci := gopacket.CaptureInfo{Timestamp: b.now, CaptureLength: caplen, Length: len(data)}
	require.NoError(b.t, b.w.WritePacket(ci, data[:caplen]))
}

func (b *pcapBuilder) bytes() []byte { return b.buf.Bytes() }

// segments cuts stream into consecutive pieces of random sizes between 1 and max.
func segments(rng *rand.Rand, stream []byte, max int) [][2]int {
	var out [][2]int
	for off := 0; off < len(stream); {
		n := min(1+rng.IntN(max), len(stream)-off)
		out = append(out, [2]int{off, off + n})
		off += n
	}
	return out
}

// testStream returns the bytes node from sends to node to: a hello and n message frames with
// vector clocks, and the messages.
func testStream(t testing.TB, from, to uint64, n int, rng *rand.Rand) ([]byte, []raft.Message) {
	b := transport.AppendFrame(nil, transport.KindHello, 7, from, to, nil)
	var msgs []raft.Message
	for i := 1; i <= n; i++ {
		m := raft.Message{Type: raft.MsgApp, From: from, To: to, Term: 2, LogTerm: 2, Index: uint64(i), Commit: uint64(i / 2)}
		for k := 0; k < rng.IntN(4); k++ {
			data := make([]byte, rng.IntN(300))
			for j := range data {
				data[j] = byte(rng.IntN(256))
			}
			m.Entries = append(m.Entries, raft.Entry{Term: 2, Index: uint64(i + k + 1), Data: data})
		}
		msgs = append(msgs, m)
		b = transport.AppendMessageFrame(b, 7, m, clockOf(t, map[string]uint64{strconv.FormatUint(from, 10): uint64(i)}))
	}
	return b, msgs
}

func decodeBytes(t testing.TB, data []byte) *Capture {
	c, err := Decode(bytes.NewReader(data), "test.pcap", nil)
	require.NoError(t, err)
	return c
}

// reverse is the other direction of f's connection (the listener's, with answer's ISN).
func (f tcpFlow) reverse() tcpFlow { return tcpFlow{src: f.dst, dst: f.src, isn: 5000} }

// reset returns a reset sent in f's direction after the handshake.
func (f tcpFlow) reset(t testing.TB) []byte {
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, DstMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: f.src.Addr().AsSlice(), DstIP: f.dst.Addr().AsSlice()}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(f.src.Port()), DstPort: layers.TCPPort(f.dst.Port()), Seq: f.isn + 1, RST: true, Window: 65535}
	return serialize(t, eth, ip, tcp, nil)
}
