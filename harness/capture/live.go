package capture

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// DefaultSnapLen is the capture length: 256 KiB, libpcap's largest, enough for the merged
// segments (up to 64 KiB and more with offloads) the loopback interface carries whole.
const DefaultSnapLen = 256 << 10

// LiveOptions configure a live capture.
type LiveOptions struct {
	// Interface to capture on ("lo").
	Interface string
	// Ports are the cluster's peer ports; only TCP segments from or to them are kept.
	Ports Ports
	// SnapLen is the capture length (default DefaultSnapLen).
	SnapLen int
	// Duration, if positive, stops the capture after that long.
	Duration time.Duration
	// Stop, if not nil, stops the capture when closed (or when it receives).
	Stop <-chan struct{}
	// Out receives the pcap file (nanosecond timestamps, Ethernet link type).
	Out io.Writer
	// Ready, if set, is called once the socket is open and filtered: packets from then on are
	// captured.
	Ready func()
}

// LiveStats counts a live capture.
type LiveStats struct {
	// Packets and Bytes are what was written to the pcap file.
	Packets int64
	Bytes   int64
	// Truncated counts packets longer than the capture length.
	Truncated int64
	// KernelPackets and KernelDrops are the socket's counts (PACKET_STATISTICS): packets that
	// passed the filter, and those dropped because the reader did not keep up.
	KernelPackets, KernelDrops int64
	// RcvBuf is the socket's receive buffer as the kernel reports it (0 if unknown).
	RcvBuf  int
	Elapsed time.Duration
}

// ErrNoPermission is returned (wrapped) when the process may not open a packet socket.
var ErrNoPermission = errors.New("capturing packets needs CAP_NET_RAW: run as root, or grant the binary the capability with `sudo setcap cap_net_raw+ep BINARY`")

func (s LiveStats) String() string {
	return fmt.Sprintf("%d packets (%d bytes) in %v, %d truncated; kernel: %d passed the filter, %d dropped (receive buffer %d KiB)",
		s.Packets, s.Bytes, s.Elapsed.Round(time.Millisecond), s.Truncated, s.KernelPackets, s.KernelDrops, s.RcvBuf>>10)
}
