// Package realtest runs clusters of real `dsref kv` processes on loopback and attacks them
// with nemeses (kill -9 and restart, SIGSTOP/SIGCONT, partitions and one-way loss through a
// fault proxy between every ordered pair of peers), while concurrent clients record a history
// that porcupine checks for linearizability.
package realtest

import (
	"bufio"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/raft/transport"
)

// Proxy forwards one direction of peer traffic (from node From to node To) and can drop it:
// it parses the transport's frames and drops whole message frames, so the receiver sees
// loss, never a corrupted stream. Since the transport's connections carry one direction
// only, a proxy per ordered pair gives partitions and one-way loss.
type Proxy struct {
	From, To uint64
	ln       net.Listener
	target   string
	// lossPerMille is the probability, in thousandths, that a message frame is dropped.
	lossPerMille atomic.Int64
	// delay is how long each message frame is held before it is forwarded, in nanoseconds.
	delay     atomic.Int64
	forwarded atomic.Uint64
	dropped   atomic.Uint64
	mu        sync.Mutex
	conns     map[net.Conn]struct{}
	wg        sync.WaitGroup
}

// NewProxy listens on a free loopback port and forwards to target.
func NewProxy(from, to uint64, target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{From: from, To: to, ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is where the sender should connect.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetLoss sets the fraction of message frames dropped: 0 forwards all, 1000 drops all.
func (p *Proxy) SetLoss(perMille int64) { p.lossPerMille.Store(perMille) }

// SetDelay holds each message frame for d before forwarding it (frames stay in order): a slow
// link. 0 forwards at once.
func (p *Proxy) SetDelay(d time.Duration) { p.delay.Store(int64(d)) }

// Counts returns the frames forwarded and dropped.
func (p *Proxy) Counts() (forwarded, dropped uint64) { return p.forwarded.Load(), p.dropped.Load() }

// Close stops the proxy and its connections.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Proxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		p.track(in)
		p.track(out)
		p.wg.Add(2)
		go func() {
			defer p.wg.Done()
			io.Copy(io.Discard, out) // nothing flows back; notice the receiver closing
			in.Close()
		}()
		go func() {
			defer p.wg.Done()
			p.forward(in, out)
			out.Close()
			in.Close()
		}()
	}
}

// forward copies frames from in to out, dropping message frames as configured. A stream that
// does not parse is cut: the receiver would reject it anyway.
func (p *Proxy) forward(in, out net.Conn) {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	hdr := make([]byte, transport.HeaderSize)
	for {
		if _, err := io.ReadFull(r, hdr); err != nil {
			return
		}
		f, n, err := transport.DecodeHeader(hdr, transport.DefaultMaxFrameSize)
		if err != nil {
			return
		}
		frame := make([]byte, transport.HeaderSize+int(n))
		copy(frame, hdr)
		if _, err := io.ReadFull(r, frame[transport.HeaderSize:]); err != nil {
			return
		}
		if loss := p.lossPerMille.Load(); f.Kind == transport.KindMessage && loss > 0 && rand.Int64N(1000) < loss {
			p.dropped.Add(1)
			continue
		}
		if d := time.Duration(p.delay.Load()); d > 0 && f.Kind == transport.KindMessage {
			if err := w.Flush(); err != nil {
				return
			}
			time.Sleep(d)
		}
		p.forwarded.Add(1)
		if _, err := w.Write(frame); err != nil {
			return
		}
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil && !errors.Is(err, net.ErrClosed) {
				return
			}
		}
	}
}
