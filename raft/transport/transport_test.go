package transport_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// inbox collects what a transport delivers.
type inbox struct {
	mu     sync.Mutex
	msgs   []raft.Message
	clocks [][]byte
}

func (in *inbox) handle(m raft.Message, clock []byte) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.msgs = append(in.msgs, m)
	in.clocks = append(in.clocks, clock)
}

func (in *inbox) len() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.msgs)
}

func (in *inbox) waitFor(t *testing.T, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return in.len() >= n }, 5*time.Second, 2*time.Millisecond, "want %d messages, have %d", n, in.len())
}

// logBuffer captures a transport's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type node struct {
	t   *transport.Transport
	in  *inbox
	log *logBuffer
	ln  net.Listener
}

func listen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return ln
}

// start builds node id of a cluster whose listeners are lns (index i is node i+1).
func start(t *testing.T, cluster, id uint64, lns []net.Listener, tlsCfg *tls.Config) *node {
	peers := map[uint64]string{}
	for i, ln := range lns {
		if uint64(i+1) != id {
			peers[uint64(i+1)] = ln.Addr().String()
		}
	}
	n := &node{in: &inbox{}, log: &logBuffer{}, ln: lns[id-1]}
	tr, err := transport.New(transport.Config{ClusterID: cluster, ID: id, Peers: peers, Listener: lns[id-1],
		Handler: n.in.handle, TLS: tlsCfg, Logger: slog.New(slog.NewTextHandler(n.log, nil)),
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	require.NoError(t, err)
	n.t = tr
	t.Cleanup(func() { tr.Close() })
	return n
}

func msg(from, to, index uint64) raft.Message {
	return raft.Message{Type: raft.MsgApp, From: from, To: to, Term: 2, Index: index, LogTerm: 1,
		Entries: []raft.Entry{{Term: 2, Index: index + 1, Data: []byte("payload")}}}
}

// Tests RAFT-NET-3.
func TestExchangeWithClocks(t *testing.T) {
	lns := []net.Listener{listen(t), listen(t), listen(t)}
	a, b, c := start(t, 7, 1, lns, nil), start(t, 7, 2, lns, nil), start(t, 7, 3, lns, nil)
	for i := uint64(0); i < 100; i++ {
		require.True(t, a.t.Send(msg(1, 2, i), []byte{1, 1, '1', byte(i + 1)}))
		require.True(t, a.t.Send(msg(1, 3, i), nil))
	}
	b.in.waitFor(t, 100)
	c.in.waitFor(t, 100)
	for i, m := range b.in.msgs {
		require.Equal(t, msg(1, 2, uint64(i)), m, "messages arrive in order, intact")
		require.Equal(t, []byte{1, 1, '1', byte(i + 1)}, b.in.clocks[i])
	}
	require.Nil(t, c.in.clocks[0])
	st := a.t.Stats()
	require.Equal(t, uint64(100), st.Peers[2].Sent)
	require.Equal(t, uint64(100), b.t.Stats().Received)
	require.False(t, a.t.Send(msg(1, 9, 0), nil), "unknown destination")
	require.False(t, a.t.Send(msg(2, 3, 0), nil), "a message that is not from this node")
}

// TestReconnect restarts a peer on the same address: the sender reconnects by itself.
//
// Tests RAFT-NET-2.
func TestReconnect(t *testing.T) {
	lns := []net.Listener{listen(t), listen(t)}
	a, b := start(t, 1, 1, lns, nil), start(t, 1, 2, lns, nil)
	a.t.Send(msg(1, 2, 1), nil)
	b.in.waitFor(t, 1)
	addr := lns[1].Addr().String()
	require.NoError(t, b.t.Close())
	// Messages sent while the peer is down are dropped, never block.
	for i := 0; i < 10000; i++ {
		a.t.Send(msg(1, 2, 2), nil)
	}
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	lns[1] = ln
	b2 := start(t, 1, 2, lns, nil)
	require.Eventually(t, func() bool {
		a.t.Send(msg(1, 2, 3), nil)
		return b2.in.len() > 0
	}, 5*time.Second, 10*time.Millisecond)
	require.Positive(t, a.t.Stats().Peers[2].Dropped)
}

// TestSendNeverBlocks fills the queue of an unreachable peer.
// Tests RAFT-NET-2.
func TestSendNeverBlocks(t *testing.T) {
	ln := listen(t)
	dead := listen(t)
	deadAddr := dead.Addr().String()
	dead.Close()
	tr, err := transport.New(transport.Config{ID: 1, Peers: map[uint64]string{2: deadAddr}, Listener: ln,
		Handler: func(raft.Message, []byte) {}, QueueSize: 8, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	defer tr.Close()
	start := time.Now()
	dropped := 0
	for i := 0; i < 100000; i++ {
		if !tr.Send(msg(1, 2, 1), nil) {
			dropped++
		}
	}
	// A Send that blocked on the full queue would never return; the bound only has to tell
	// that from a slow machine.
	require.Less(t, time.Since(start), 30*time.Second)
	require.Positive(t, dropped)
}

// rawHello dials addr and writes a hello frame, then the extra bytes.
func rawConn(t *testing.T, addr string, frames ...[]byte) net.Conn {
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	for _, f := range frames {
		c.Write(f)
	}
	return c
}

// TestHostileInputIsRejected sends what a confused or hostile peer might: a wrong cluster, an
// unknown peer, a frame for another node, a huge length, a bad CRC, an unknown kind, a message
// whose sender differs from the hello, garbage. Each is rejected and logged, and the node keeps
// working.
//
// Tests RAFT-NET-1.
func TestHostileInputIsRejected(t *testing.T) {
	lns := []net.Listener{listen(t), listen(t), listen(t)}
	_, b := start(t, 5, 1, lns, nil), start(t, 5, 2, lns, nil)
	addr := lns[1].Addr().String()
	hello := transport.AppendFrame(nil, transport.KindHello, 5, 1, 2, nil)
	good := transport.AppendMessageFrame(nil, 5, msg(1, 2, 1), nil)
	huge := bytes.Clone(good)
	huge[32], huge[33], huge[34], huge[35] = 0xff, 0xff, 0xff, 0xff
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-1] ^= 1
	badKind := bytes.Clone(good)
	badKind[5] = 9
	forged := transport.AppendMessageFrame(nil, 5, msg(3, 2, 1), nil)
	cases := []struct {
		name   string
		frames [][]byte
		log    string
	}{
		{"wrong cluster", [][]byte{transport.AppendFrame(nil, transport.KindHello, 6, 1, 2, nil)}, "wrong cluster ID 6"},
		{"unknown peer", [][]byte{transport.AppendFrame(nil, transport.KindHello, 5, 9, 2, nil)}, "unknown peer 9"},
		{"another node", [][]byte{transport.AppendFrame(nil, transport.KindHello, 5, 1, 4, nil)}, "addressed to node 4"},
		{"no hello", [][]byte{good}, "first frame is not a hello"},
		{"huge length", [][]byte{hello, huge}, "exceeds the limit"},
		{"bad crc", [][]byte{hello, badCRC}, "crc"},
		{"unknown kind", [][]byte{hello, badKind}, "unknown frame kind 9"},
		{"forged sender", [][]byte{hello, forged}, "does not match the connection's hello"},
		{"garbage", [][]byte{[]byte(strings.Repeat("GET / HTTP/1.1\r\n", 4))}, "magic"},
	}
	for i, tc := range cases {
		c := rawConn(t, addr, tc.frames...)
		require.Eventually(t, func() bool { return strings.Contains(b.log.String(), tc.log) }, 3*time.Second, 2*time.Millisecond,
			"%s: log lacks %q:\n%s", tc.name, tc.log, b.log.String())
		// The connection is closed by the node.
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err := c.Read(make([]byte, 1))
		require.Error(t, err, tc.name)
		c.Close()
		require.Equal(t, uint64(i+1), b.t.Stats().Rejected, tc.name)
	}
	require.Zero(t, b.in.len(), "no hostile message was delivered")
	// A well-behaved connection still works.
	c := rawConn(t, addr, hello, good)
	defer c.Close()
	b.in.waitFor(t, 1)
}

// TestMutualTLS runs the cluster over mutual TLS and checks that a client without a
// certificate signed by the cluster's CA is refused.
func TestMutualTLS(t *testing.T) {
	ca, caKey := newCA(t)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	cfg := &tls.Config{Certificates: []tls.Certificate{leaf(t, ca, caKey)}, RootCAs: pool, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert, ServerName: "dsref-node", MinVersion: tls.VersionTLS13}
	lns := []net.Listener{listen(t), listen(t)}
	a, b := start(t, 1, 1, lns, cfg), start(t, 1, 2, lns, cfg)
	a.t.Send(msg(1, 2, 1), []byte{0})
	b.in.waitFor(t, 1)

	// A client with a certificate from another CA gets no message through.
	other, otherKey := newCA(t)
	bad := &tls.Config{Certificates: []tls.Certificate{leaf(t, other, otherKey)}, RootCAs: pool, ServerName: "dsref-node"}
	c, err := tls.Dial("tcp", lns[1].Addr().String(), bad)
	if err == nil {
		c.Write(transport.AppendFrame(nil, transport.KindHello, 1, 1, 2, nil))
		c.Write(transport.AppendMessageFrame(nil, 1, msg(1, 2, 2), nil))
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err = c.Read(make([]byte, 1))
		c.Close()
	}
	require.Error(t, err)
	time.Sleep(50 * time.Millisecond)
	require.Equal(t, 1, b.in.len())
}

func newCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dsref test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return cert, key
}

func leaf(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "dsref-node"},
		DNSNames: []string{"dsref-node"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// TestOneIncomingConnectionPerPeer: a second connection claiming the same peer replaces the
// first, so connections cannot pile up frame buffers.
//
// Tests RAFT-NET-1.
func TestOneIncomingConnectionPerPeer(t *testing.T) {
	lns := []net.Listener{listen(t), listen(t)}
	b := start(t, 5, 2, lns, nil)
	addr := lns[1].Addr().String()
	hello := transport.AppendFrame(nil, transport.KindHello, 5, 1, 2, nil)
	// Each connection's message arrives only once the connection is the peer's: the second
	// is made after the first is in place, however fast or slow the machine.
	first := rawConn(t, addr, hello, transport.AppendMessageFrame(nil, 5, msg(1, 2, 1), nil))
	defer first.Close()
	b.in.waitFor(t, 1)
	second := rawConn(t, addr, hello, transport.AppendMessageFrame(nil, 5, msg(1, 2, 2), nil))
	defer second.Close()
	b.in.waitFor(t, 2)
	first.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err := first.Read(make([]byte, 1))
	require.Error(t, err, "the older connection is closed")
	require.NotErrorIs(t, err, os.ErrDeadlineExceeded)
}
