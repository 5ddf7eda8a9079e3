package transport

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/raft"
)

// Config configures a Transport.
type Config struct {
	// ClusterID is carried by every frame; frames of another cluster are rejected.
	ClusterID uint64
	// ID is this node's ID.
	ID uint64
	// Peers maps every other node's ID to its address (host:port).
	Peers map[uint64]string
	// Listener accepts the peers' connections. The transport closes it on Close.
	Listener net.Listener
	// Handler receives every message that arrives, with the sender's vector clock bytes (nil
	// if none). It is called from the connections' goroutines, concurrently, and must not
	// block for long: a slow handler stalls that peer's connection, not the others.
	Handler func(m raft.Message, clock []byte)
	// TLS, if set, secures every connection with it, on both sides. For mutual TLS set
	// Certificates, RootCAs, ClientCAs and ClientAuth = tls.RequireAndVerifyClientCert.
	TLS *tls.Config
	// MaxFrameSize bounds a frame's payload; longer frames are rejected. Default 64 MiB.
	MaxFrameSize uint32
	// QueueSize is the number of messages queued per peer; Send drops beyond it. Default 4096.
	QueueSize int
	// DialTimeout bounds a connection attempt. Default 1 s.
	DialTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait between connection attempts to a peer, which
	// doubles after each failure, with jitter. Defaults 20 ms and 1 s.
	MinBackoff, MaxBackoff time.Duration
	// WriteTimeout bounds one write to a peer. Default 5 s.
	WriteTimeout time.Duration
	// Logger receives connection events and rejected frames. Default slog.Default().
	Logger *slog.Logger
}

// Defaults for Config's zero fields.
const (
	DefaultMaxFrameSize = 64 << 20
	DefaultQueueSize    = 4096
)

// Transport carries raft messages between the nodes of one cluster over TCP: one outgoing
// connection per peer, reconnected with exponential backoff, fed by a bounded queue that drops
// rather than block the caller; incoming connections are accepted from known peers only.
type Transport struct {
	cfg    Config
	log    *slog.Logger
	peers  map[uint64]*peer
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	connMu  sync.Mutex
	conns   map[net.Conn]struct{}
	inbound map[uint64]net.Conn // the current incoming connection of each peer

	received, rejected atomic.Uint64
}

// PeerStats counts one peer's outgoing traffic.
type PeerStats struct {
	Sent, Dropped, Dials, DialFailures uint64
	Connected                          bool
}

// Stats counts a transport's traffic.
type Stats struct {
	Peers    map[uint64]PeerStats
	Received uint64 // messages handed to the Handler
	Rejected uint64 // frames or connections refused
}

type outgoing struct {
	m     raft.Message
	clock []byte
}

type peer struct {
	id                                 uint64
	addr                               string
	queue                              chan outgoing
	sent, dropped, dials, dialFailures atomic.Uint64
	connected                          atomic.Bool
}

// New starts a transport: it accepts connections on cfg.Listener and dials peers as messages
// for them arrive.
func New(cfg Config) (*Transport, error) {
	switch {
	case cfg.ID == raft.None:
		return nil, errors.New("transport: Config.ID must not be 0")
	case cfg.Listener == nil:
		return nil, errors.New("transport: Config.Listener is required")
	case cfg.Handler == nil:
		return nil, errors.New("transport: Config.Handler is required")
	}
	if cfg.MaxFrameSize == 0 {
		cfg.MaxFrameSize = DefaultMaxFrameSize
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = time.Second
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 20 * time.Millisecond
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = max(time.Second, cfg.MinBackoff)
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	t := &Transport{cfg: cfg, log: cfg.Logger.With("node", cfg.ID), peers: map[uint64]*peer{}, conns: map[net.Conn]struct{}{},
		inbound: map[uint64]net.Conn{}}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	for id, addr := range cfg.Peers {
		if id == raft.None || id == cfg.ID {
			return nil, fmt.Errorf("transport: peer ID %d is not allowed in Config.Peers", id)
		}
		p := &peer{id: id, addr: addr, queue: make(chan outgoing, cfg.QueueSize)}
		t.peers[id] = p
		t.wg.Add(1)
		go t.sendLoop(p)
	}
	ln := cfg.Listener
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS)
	}
	t.wg.Add(1)
	go t.acceptLoop(ln)
	return t, nil
}

// Send queues m for its destination and returns at once. It reports false, and drops the
// message, if the destination is unknown or its queue is full: raft recovers lost messages,
// and a core must never wait for a slow peer. clock is the sender's vector clock encoding; the
// transport keeps the slice until the message is written.
// Implements RAFT-NET-2.
func (t *Transport) Send(m raft.Message, clock []byte) bool {
	p, ok := t.peers[m.To]
	if !ok || m.From != t.cfg.ID {
		return false
	}
	select {
	case p.queue <- outgoing{m, clock}:
		return true
	default:
		p.dropped.Add(1)
		return false
	}
}

// Stats returns the transport's counters.
func (t *Transport) Stats() Stats {
	s := Stats{Peers: map[uint64]PeerStats{}, Received: t.received.Load(), Rejected: t.rejected.Load()}
	for id, p := range t.peers {
		s.Peers[id] = PeerStats{Sent: p.sent.Load(), Dropped: p.dropped.Load(), Dials: p.dials.Load(),
			DialFailures: p.dialFailures.Load(), Connected: p.connected.Load()}
	}
	return s
}

// Close stops the transport: the listener, every connection and every goroutine.
func (t *Transport) Close() error {
	t.cancel()
	err := t.cfg.Listener.Close()
	t.connMu.Lock()
	for c := range t.conns {
		c.Close()
	}
	t.connMu.Unlock()
	t.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func (t *Transport) track(c net.Conn) bool {
	t.connMu.Lock()
	defer t.connMu.Unlock()
	if t.ctx.Err() != nil {
		c.Close()
		return false
	}
	t.conns[c] = struct{}{}
	return true
}

func (t *Transport) untrack(c net.Conn) {
	t.connMu.Lock()
	delete(t.conns, c)
	t.connMu.Unlock()
	c.Close()
}

// sendLoop owns the connection to one peer: it dials (with backoff), writes the hello, then
// writes queued messages, batching whatever is queued into one write.
func (t *Transport) sendLoop(p *peer) {
	defer t.wg.Done()
	backoff := t.cfg.MinBackoff
	var (
		conn        net.Conn
		w           *bufio.Writer
		pending     outgoing // valid if queued
		queued      bool
		lastDialErr string
	)
	closeConn := func() {
		if conn != nil {
			t.untrack(conn)
			conn = nil
			p.connected.Store(false)
		}
	}
	defer closeConn()
	for {
		if !queued {
			select {
			case <-t.ctx.Done():
				return
			case pending = <-p.queue:
				queued = true
			}
		}
		if conn == nil {
			p.dials.Add(1)
			c, err := t.dial(p)
			if err != nil {
				// Log the first failure, every change of reason, and every 50th repeat.
				n := p.dialFailures.Add(1)
				if why := err.Error(); why != lastDialErr || n%50 == 1 {
					t.log.Info("transport: cannot reach peer", "peer", p.id, "addr", p.addr, "err", err, "failures", n)
					lastDialErr = why
				}
				// Messages queued while the peer is down are stale by the time it is back: drop
				// them (raft retransmits) so the queue does not replay old traffic.
				p.dropped.Add(1 + uint64(drain(p.queue)))
				pending, queued = outgoing{}, false
				if !sleepCtx(t.ctx, jitter(backoff)) {
					return
				}
				backoff = min(2*backoff, t.cfg.MaxBackoff)
				continue
			}
			if !t.track(c) {
				return
			}
			conn, w = c, bufio.NewWriterSize(c, 64<<10)
			backoff = t.cfg.MinBackoff
			lastDialErr = ""
			p.connected.Store(true)
		}
		// Batch whatever is queued into one write.
		buf := w.AvailableBuffer()
		n := 0
		for queued && len(buf) < 64<<10 {
			buf = AppendMessageFrame(buf, t.cfg.ClusterID, pending.m, pending.clock)
			n++
			pending, queued = outgoing{}, false
			select {
			case pending = <-p.queue:
				queued = true
			default:
			}
		}
		conn.SetWriteDeadline(time.Now().Add(t.cfg.WriteTimeout))
		_, err := w.Write(buf)
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			t.log.Info("transport: connection to peer lost", "peer", p.id, "err", err)
			p.dropped.Add(uint64(n))
			closeConn()
			continue
		}
		p.sent.Add(uint64(n))
	}
}

func drain(q chan outgoing) int {
	n := 0
	for {
		select {
		case <-q:
			n++
		default:
			return n
		}
	}
}

func jitter(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }

func sleepCtx(ctx context.Context, d time.Duration) bool {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

// dial connects to p and sends the hello frame.
func (t *Transport) dial(p *peer) (net.Conn, error) {
	d := &net.Dialer{Timeout: t.cfg.DialTimeout}
	var (
		c   net.Conn
		err error
	)
	if t.cfg.TLS != nil {
		c, err = (&tls.Dialer{NetDialer: d, Config: t.cfg.TLS}).DialContext(t.ctx, "tcp", p.addr)
	} else {
		c, err = d.DialContext(t.ctx, "tcp", p.addr)
	}
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
	}
	c.SetWriteDeadline(time.Now().Add(t.cfg.WriteTimeout))
	if _, err := c.Write(AppendFrame(nil, KindHello, t.cfg.ClusterID, t.cfg.ID, p.id, nil)); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (t *Transport) acceptLoop(ln net.Listener) {
	defer t.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			if t.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			t.log.Warn("transport: accept failed", "err", err)
			if !sleepCtx(t.ctx, 10*time.Millisecond) {
				return
			}
			continue
		}
		if !t.track(c) {
			return
		}
		t.wg.Add(1)
		go t.receive(c)
	}
}

// receive reads one incoming connection: a hello from a known peer of this cluster addressed
// to this node, then message frames from that peer only. Anything else is logged and closes
// the connection; nothing a peer sends can crash the node.
// Implements RAFT-NET-1.
func (t *Transport) receive(c net.Conn) {
	defer t.wg.Done()
	defer t.untrack(c)
	r := bufio.NewReaderSize(c, 64<<10)
	reject := func(reason string, args ...any) {
		t.rejected.Add(1)
		t.log.Warn("transport: rejected connection", append([]any{"remote", c.RemoteAddr().String(), "reason", reason}, args...)...)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	hello, err := t.readFrame(r)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			reject("bad hello", "err", err)
		}
		return
	}
	if why := t.checkFrame(hello); why != "" {
		reject(why)
		return
	}
	if hello.Kind != KindHello {
		reject("first frame is not a hello")
		return
	}
	from := hello.From
	// One incoming connection per peer: a newer one (the peer reconnected) replaces the old,
	// so that a peer, or someone claiming to be one, holds at most one frame buffer here.
	t.connMu.Lock()
	if old := t.inbound[from]; old != nil {
		old.Close()
	}
	t.inbound[from] = c
	t.connMu.Unlock()
	defer func() {
		t.connMu.Lock()
		if t.inbound[from] == c {
			delete(t.inbound, from)
		}
		t.connMu.Unlock()
	}()
	c.SetReadDeadline(time.Time{})
	for {
		f, err := t.readFrame(r)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && t.ctx.Err() == nil {
				reject("bad frame", "peer", from, "err", err)
			}
			return
		}
		if why := t.checkFrame(f); why != "" {
			reject(why, "peer", from)
			return
		}
		if f.From != from || f.Kind != KindMessage {
			reject("frame does not match the connection's hello", "peer", from, "frame_from", f.From, "kind", f.Kind)
			return
		}
		m, clock, err := DecodeMessage(f)
		if err != nil {
			reject("bad message", "peer", from, "err", err)
			return
		}
		if m.Type.IsLocal() {
			reject("local message type on the wire", "peer", from, "type", m.Type.String())
			return
		}
		if len(clock) > 0 {
			clock = append([]byte(nil), clock...)
		}
		t.received.Add(1)
		t.cfg.Handler(m, clock)
	}
}

// checkFrame checks a frame's cluster and endpoints against the configuration.
func (t *Transport) checkFrame(f Frame) string {
	switch {
	case f.ClusterID != t.cfg.ClusterID:
		return fmt.Sprintf("wrong cluster ID %d (this is cluster %d)", f.ClusterID, t.cfg.ClusterID)
	case f.To != t.cfg.ID:
		return fmt.Sprintf("frame addressed to node %d, this is node %d", f.To, t.cfg.ID)
	case t.peers[f.From] == nil:
		return fmt.Sprintf("unknown peer %d", f.From)
	}
	return ""
}

// readPayload reads n bytes from r, doubling its buffer from 64 KiB as they arrive instead of
// allocating n at once on the word of a header. On error it returns what it read.
func readPayload(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, 0, min(n, 64<<10))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(cap(buf), n-len(buf)))
		}
		k, err := io.ReadFull(r, buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// readFrame reads one frame from r into a fresh buffer. The buffer grows with the bytes that
// arrive (readPayload), so a peer cannot make the node allocate more than four times what it
// sent plus 128 KiB, whatever length its header claims, nor more than the frame limit.
func (t *Transport) readFrame(r *bufio.Reader) (Frame, error) {
	var hdr [HeaderSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("connection closed inside a frame header: %w", err)
		}
		return Frame{}, err
	}
	f, n, err := DecodeHeader(hdr[:], t.cfg.MaxFrameSize)
	if err != nil {
		return Frame{}, err
	}
	buf, err := readPayload(r, int(n))
	if err != nil {
		return Frame{}, fmt.Errorf("connection closed inside a %d-byte payload after %d bytes: %w", n, len(buf), err)
	}
	if err := checkCRC(hdr[:], buf); err != nil {
		return Frame{}, err
	}
	f.Payload = buf
	return f, nil
}
