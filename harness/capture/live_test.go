package capture

import (
	"bytes"
	"errors"
	"net"
	"net/netip"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// requireRoot fails when live capture is impossible and DSREF_REQUIRE_ROOT=1 (CI), and
// otherwise reports whether the test can capture. Without the privilege the test checks the
// error instead: a clear message naming CAP_NET_RAW.
func canCapture(t *testing.T) bool {
	t.Helper()
	_, err := Live(LiveOptions{Interface: "lo", Ports: Ports{{1, 1}}, Duration: time.Millisecond, Out: &bytes.Buffer{}})
	if err == nil {
		return true
	}
	if os.Getenv("DSREF_REQUIRE_ROOT") == "1" {
		t.Fatalf("DSREF_REQUIRE_ROOT=1 but live capture fails: %v", err)
	}
	require.ErrorIs(t, err, ErrNoPermission, "without CAP_NET_RAW the error must say so")
	require.Contains(t, err.Error(), "CAP_NET_RAW")
	return false
}

// pair is two in-process transports (nodes 1 and 2) on loopback.
type pair struct {
	t        [3]*transport.Transport
	ports    Ports
	mu       sync.Mutex
	received []raft.Message
}

func newPair(t *testing.T) *pair {
	p := &pair{}
	var lns [3]net.Listener
	for i := 1; i <= 2; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns[i] = ln
		port := uint16(ln.Addr().(*net.TCPAddr).Port)
		p.ports = append(p.ports, PortRange{port, port})
	}
	for i := uint64(1); i <= 2; i++ {
		peer := 3 - i
		tr, err := transport.New(transport.Config{ClusterID: 9, ID: i, Listener: lns[i],
			Peers: map[uint64]string{peer: lns[peer].Addr().String()},
			Handler: func(m raft.Message, _ []byte) {
				p.mu.Lock()
				p.received = append(p.received, m)
				p.mu.Unlock()
			}})
		require.NoError(t, err)
		p.t[i] = tr
	}
	return p
}

func (p *pair) close() {
	p.t[1].Close()
	p.t[2].Close()
}

func clockOf(t testing.TB, counts map[string]uint64) []byte {
	v, err := clocks.NewVector(counts)
	require.NoError(t, err)
	b, err := v.MarshalBinary()
	require.NoError(t, err)
	return b
}

// TestLiveCaptureOfTransportTraffic captures two real transports exchanging messages on
// loopback and checks that decoding the pcap gives back exactly the frames sent, once each
// (the loopback interface shows every packet twice), with their clocks and contents.
func TestLiveCaptureOfTransportTraffic(t *testing.T) {
	if !canCapture(t) {
		return
	}
	p := newPair(t)
	defer p.close()
	var out bytes.Buffer
	stop := make(chan struct{})
	ready := make(chan struct{})
	done := make(chan error, 1)
	var st LiveStats
	go func() {
		var err error
		st, err = Live(LiveOptions{Interface: "lo", Ports: p.ports, Out: &out, Stop: stop, Ready: func() { close(ready) }})
		done <- err
	}()
	<-ready
	const n = 200
	for i := 1; i <= n; i++ {
		m := raft.Message{Type: raft.MsgApp, From: 1, To: 2, Term: 3, Index: uint64(i), Commit: uint64(i - 1),
			Entries: []raft.Entry{{Term: 3, Index: uint64(i + 1), Data: bytes.Repeat([]byte{byte(i)}, i*50)}}}
		require.True(t, p.t[1].Send(m, clockOf(t, map[string]uint64{"1": uint64(i)})))
		if i%50 == 0 {
			require.True(t, p.t[2].Send(raft.Message{Type: raft.MsgAppResp, From: 2, To: 1, Term: 3, Index: uint64(i)}, nil))
		}
	}
	require.Eventually(t, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.received) == n+n/50
	}, 10*time.Second, 10*time.Millisecond)
	close(stop)
	require.NoError(t, <-done)
	t.Logf("live: %s", st)

	c, err := Decode(bytes.NewReader(out.Bytes()), "live.pcap", nil)
	require.NoError(t, err)
	require.NoError(t, c.Complete(), "%+v", c.Stats)
	msgs := c.Messages()
	require.Len(t, msgs, n+n/50)
	require.Equal(t, 2, c.Stats.Hellos, "one hello per connection")
	got := 0
	for _, f := range msgs {
		if f.From != 1 {
			require.Equal(t, raft.MsgAppResp, f.Message.Type)
			continue
		}
		got++
		require.Equal(t, uint64(got), f.Message.Index, "frames in the order sent")
		require.Equal(t, uint64(got), f.Clock.Get("1"))
		require.Len(t, f.Message.Entries[0].Data, got*50)
		require.Equal(t, netip.MustParseAddr("127.0.0.1"), f.Src.Addr())
		require.True(t, p.ports.Contains(f.Dst.Port()))
	}
	require.Equal(t, n, got)
}

func TestLiveWithoutPermissionSaysWhy(t *testing.T) {
	// The error a process without CAP_NET_RAW gets is checked in canCapture; here only that
	// bad options are refused before any socket is opened.
	_, err := Live(LiveOptions{Interface: "lo", Out: &bytes.Buffer{}})
	require.Error(t, err)
	_, err = Live(LiveOptions{Interface: "no-such-interface-x", Ports: Ports{{1, 2}}, Out: &bytes.Buffer{}})
	require.Error(t, err)
	require.False(t, errors.Is(err, ErrNoPermission) && os.Geteuid() == 0)
}
