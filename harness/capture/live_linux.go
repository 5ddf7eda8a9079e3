//go:build linux

package capture

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"golang.org/x/sys/unix"
)

// idleBeforeClose is how long a stopping capture waits for the kernel's queue to go quiet, so
// that packets already on their way are written too.
const idleBeforeClose = 50 * time.Millisecond

// flushEvery bounds how long a captured packet waits in the file's buffer once another packet
// has arrived after it.
const flushEvery = 100 * time.Millisecond

// Live captures packets on an interface into a pcap file until Duration passes or Stop is
// closed. It uses gopacket's pure-Go packet socket (pcapgo.EthernetHandle: AF_PACKET, no cgo,
// no libpcap) with the port filter of Filter, and writes with pcapgo's nanosecond writer, so
// tcpdump, tshark and Wireshark read the file unchanged, also while it is written: the file is
// flushed whenever a packet arrives flushEvery (100 ms) or more after the last flush. Opening the socket needs CAP_NET_RAW;
// without it the error wraps ErrNoPermission.
func Live(opts LiveOptions) (LiveStats, error) {
	var st LiveStats
	if opts.Interface == "" {
		return st, errors.New("capture: no interface")
	}
	if len(opts.Ports) == 0 {
		return st, errors.New("capture: no ports")
	}
	if opts.SnapLen <= 0 {
		opts.SnapLen = DefaultSnapLen
	}
	prog, err := Filter(opts.Ports, uint32(opts.SnapLen))
	if err != nil {
		return st, err
	}
	before := packetSockets()
	h, err := pcapgo.NewEthernetHandle(opts.Interface)
	if err != nil {
		if strings.Contains(err.Error(), "operation not permitted") || errors.Is(err, syscall.EPERM) {
			return st, fmt.Errorf("capture on %s: %w (%v)", opts.Interface, ErrNoPermission, err)
		}
		return st, fmt.Errorf("capture on %s: %w", opts.Interface, err)
	}
	var closeOnce sync.Once
	closeHandle := func() { closeOnce.Do(func() { h.Close() }) }
	defer closeHandle()
	if err := h.SetCaptureLength(opts.SnapLen); err != nil {
		return st, err
	}
	// The socket's default receive buffer (about 200 KiB) overflows within a millisecond of a
	// busy cluster on loopback; pcapgo does not expose the socket, so find it among the
	// process's file descriptors (the AF_PACKET socket that appeared) and enlarge its buffer.
	st.RcvBuf = growReceiveBuffer(before, receiveBuffer)
	if err := h.SetBPF(prog); err != nil {
		return st, fmt.Errorf("capture on %s: attaching the port filter: %w", opts.Interface, err)
	}
	// Packets that arrived between the socket's creation and the filter wait in its queue
	// unfiltered: below, packets of other ports are dropped by checking their headers again,
	// and in the first moments the outgoing copy of a packet by being identical to the next.
	// The first statistics call resets the kernel's counters.
	h.Stats()
	attached := time.Now()
	bw := bufio.NewWriterSize(opts.Out, 1<<20)
	w := pcapgo.NewWriterNanos(bw)
	if err := w.WriteFileHeader(uint32(opts.SnapLen), layers.LinkTypeEthernet); err != nil {
		return st, err
	}
	if opts.Ready != nil {
		opts.Ready()
	}
	start := time.Now()
	var (
		stopping                   atomic.Bool
		lastPacket                 atomic.Int64
		kernelPackets, kernelDrops atomic.Int64
		done                       = make(chan struct{})
	)
	lastPacket.Store(time.Now().UnixNano())
	// The reader blocks in the kernel; closing the handle is what ends it. Once asked to stop,
	// wait until no packet came for idleBeforeClose, then close.
	go func() {
		var timeout <-chan time.Time
		if opts.Duration > 0 {
			timeout = time.After(opts.Duration)
		}
		select {
		case <-opts.Stop:
		case <-timeout:
		case <-done:
			return
		}
		stopping.Store(true)
		tick := time.NewTicker(idleBeforeClose / 5)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if time.Since(time.Unix(0, lastPacket.Load())) >= idleBeforeClose {
				if ks, err := h.Stats(); err == nil {
					kernelPackets.Store(int64(ks.Packets))
					kernelDrops.Store(int64(ks.Drops))
				}
				closeHandle()
				return
			}
		}
	}()
	defer close(done)
	var (
		readErr   error
		prev      []byte
		lastFlush = time.Now()
	)
	for {
		data, ci, err := h.ZeroCopyReadPacketData()
		if err != nil {
			if stopping.Load() {
				break
			}
			readErr = err
			break
		}
		lastPacket.Store(time.Now().UnixNano())
		if !opts.Ports.matches(data) {
			continue
		}
		if time.Since(attached) < 100*time.Millisecond {
			if string(prev) == string(data) {
				continue // the outgoing copy, queued before the filter, and its incoming twin
			}
			prev = append(prev[:0], data...)
		}
		if ci.CaptureLength < ci.Length {
			st.Truncated++
		}
		ci.AncillaryData = nil
		if err := w.WritePacket(ci, data); err != nil {
			readErr = err
			break
		}
		st.Packets++
		st.Bytes += int64(len(data))
		// A reader following the file (Wireshark, a test waiting for a frame) sees a packet
		// at most flushEvery after the next one arrives, without a write per packet.
		if time.Since(lastFlush) >= flushEvery {
			if err := bw.Flush(); err != nil {
				readErr = err
				break
			}
			lastFlush = time.Now()
		}
	}
	st.Elapsed = time.Since(start)
	if ks, err := h.Stats(); err == nil {
		kernelPackets.Add(int64(ks.Packets))
		kernelDrops.Add(int64(ks.Drops))
	}
	st.KernelPackets, st.KernelDrops = kernelPackets.Load(), kernelDrops.Load()
	if err := bw.Flush(); err != nil && readErr == nil {
		readErr = err
	}
	if readErr != nil {
		return st, fmt.Errorf("capture on %s: %w", opts.Interface, readErr)
	}
	return st, nil
}

// receiveBuffer is the packet socket's receive buffer: 64 MiB, a second of a saturated
// three-node cluster on loopback.
const receiveBuffer = 64 << 20

// packetSockets returns the process's file descriptors that are AF_PACKET sockets.
func packetSockets() map[int]bool {
	out := map[int]bool{}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return out
	}
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if dom, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN); err == nil && dom == unix.AF_PACKET {
			out[fd] = true
		}
	}
	return out
}

// growReceiveBuffer sets the receive buffer of the packet sockets opened since before (with
// SO_RCVBUFFORCE, which root may use beyond net.core.rmem_max, else SO_RCVBUF) and returns
// the size the kernel reports, 0 if it found no socket.
func growReceiveBuffer(before map[int]bool, size int) int {
	got := 0
	for fd := range packetSockets() {
		if before[fd] {
			continue
		}
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, size); err != nil {
			unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, size)
		}
		if n, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF); err == nil {
			got = n
		}
	}
	return got
}
