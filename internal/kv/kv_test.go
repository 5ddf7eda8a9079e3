package kv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseCluster(t *testing.T) {
	got, err := ParseCluster("1=127.0.0.1:7001, 2=127.0.0.1:7002")
	require.NoError(t, err)
	require.Equal(t, map[uint64]string{1: "127.0.0.1:7001", 2: "127.0.0.1:7002"}, got)
	require.Equal(t, "1=127.0.0.1:7001,2=127.0.0.1:7002", FormatCluster(got))
	for in, want := range map[string]string{
		"":                         "empty",
		"1=a:1,x":                  `member 2 "x": want id=host:port`,
		"0=a:1":                    "positive integer",
		"1=a:1,1=b:2":              "ID 1 listed twice",
		"1=nohostport":             "address",
		"18446744073709551616=a:1": "positive integer",
	} {
		_, err := ParseCluster(in)
		require.ErrorContains(t, err, want, in)
	}
	_, err = DefaultHTTPAddr("127.0.0.1:65000")
	require.ErrorContains(t, err, "no room")
}

// inProcessCluster runs n nodes in this process, on real loopback sockets and real files.
type inProcessCluster struct {
	cfgs    []Config
	cancels []context.CancelFunc
	errs    []chan error
	clients []*Client
}

func startInProcess(t *testing.T, n int, adjust ...func(*Config)) *inProcessCluster {
	c := &inProcessCluster{}
	peers := map[uint64]string{}
	var peerLns, httpLns []net.Listener
	for i := 1; i <= n; i++ {
		pl, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		hl, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		peerLns, httpLns = append(peerLns, pl), append(httpLns, hl)
		peers[uint64(i)] = pl.Addr().String()
	}
	dir := t.TempDir()
	for i := 1; i <= n; i++ {
		cfg := Config{ID: uint64(i), ClusterID: 9, Peers: peers, HTTPAddr: httpLns[i-1].Addr().String(),
			DataDir: fmt.Sprintf("%s/n%d", dir, i), Tick: 5 * time.Millisecond, ElectionTicks: 20,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PeerListener: peerLns[i-1], HTTPListener: httpLns[i-1]}
		for _, f := range adjust {
			f(&cfg)
		}
		c.cfgs = append(c.cfgs, cfg)
		c.clients = append(c.clients, &Client{Base: "http://" + cfg.HTTPAddr})
		c.cancels = append(c.cancels, nil)
		c.errs = append(c.errs, nil)
		c.start(i)
	}
	t.Cleanup(func() {
		for i := range c.cancels {
			c.stop(i + 1)
		}
	})
	return c
}

func (c *inProcessCluster) start(id int) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	cfg := c.cfgs[id-1]
	go func() { errc <- Run(ctx, cfg) }()
	c.cancels[id-1], c.errs[id-1] = cancel, errc
	// A restart listens on the same addresses again.
	c.cfgs[id-1].PeerListener, c.cfgs[id-1].HTTPListener = nil, nil
}

func (c *inProcessCluster) stop(id int) error {
	if c.cancels[id-1] == nil {
		return nil
	}
	c.cancels[id-1]()
	c.cancels[id-1] = nil
	return <-c.errs[id-1]
}

// liveness bounds how long a test waits for the cluster to do something it must do
// eventually (elect, restart, serve). It is not a pace: under -race on a loaded 2-core
// machine a restart alone (recovery reads the 64 MiB preallocated segment) took seconds.
const liveness = time.Minute

// retry calls f until it succeeds or the deadline passes; only no-effect errors are retried.
func retry[T any](t *testing.T, f func(ctx context.Context) (T, error)) T {
	t.Helper()
	deadline := time.Now().Add(liveness)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		v, err := f(ctx)
		cancel()
		if err == nil {
			return v
		}
		if !errors.Is(err, ErrNoLeader) && !errors.Is(err, ErrUnreachable) || time.Now().After(deadline) {
			t.Fatalf("request failed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestInProcessCluster(t *testing.T) {
	c := startInProcess(t, 3)
	retry(t, func(ctx context.Context) (Result, error) { return c.clients[0].Put(ctx, "a", "1") })
	r := retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[2].Get(ctx, "a") })
	require.Equal(t, ReadResult{Key: "a", Value: "1", Found: true, Index: r.Index}, r)
	res := retry(t, func(ctx context.Context) (Result, error) { return c.clients[1].CAS(ctx, "a", "1", false, "2") })
	require.True(t, res.Swapped)
	res = retry(t, func(ctx context.Context) (Result, error) { return c.clients[1].CAS(ctx, "a", "1", false, "3") })
	require.False(t, res.Swapped)
	res = retry(t, func(ctx context.Context) (Result, error) { return c.clients[1].CAS(ctx, "b", "", true, "new") })
	require.True(t, res.Swapped)

	// Restart node 1 from its WAL: it recovers the store by replaying the log.
	require.NoError(t, c.stop(1))
	retry(t, func(ctx context.Context) (Result, error) { return c.clients[1].Put(ctx, "c", "while 1 was down") })
	c.start(1)
	for _, key := range []string{"a", "b", "c"} {
		r := retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[0].Get(ctx, key) })
		require.True(t, r.Found, key)
	}
	r = retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[0].Get(ctx, "a") })
	require.Equal(t, "2", r.Value)
	res = retry(t, func(ctx context.Context) (Result, error) { return c.clients[0].Delete(ctx, "a") })
	require.True(t, res.Found)
	r = retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[2].Get(ctx, "a") })
	require.False(t, r.Found)
}

// TestMalformedRequests sends what a confused client might: each gets a clear 4xx answer.
func TestMalformedRequests(t *testing.T) {
	c := startInProcess(t, 1)
	base := c.clients[0].Base
	retry(t, func(ctx context.Context) (Result, error) { return c.clients[0].Put(ctx, "k", "v") })
	cases := []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"PUT", "/v1/kv/k", `{"value": 1}`, 400, "malformed JSON"},
		{"PUT", "/v1/kv/k", `{"valu": "x"}`, 400, "malformed JSON"},
		{"PUT", "/v1/kv/k", `{}`, 400, `body must be`},
		{"PUT", "/v1/kv/k", `{"value":"a"} {"value":"b"}`, 400, "data after the object"},
		{"PUT", "/v1/kv/k", `not json`, 400, "malformed JSON"},
		{"PUT", "/v1/kv/k", `{"value":"` + strings.Repeat("x", MaxValueSize+5000) + `"}`, 413, "exceeds"},
		{"PUT", "/v1/kv/" + strings.Repeat("k", MaxKeySize+1), `{"value":"x"}`, 400, "key of 1025 bytes"},
		{"POST", "/v1/cas/k", `{"old":"v"}`, 400, `body must be`},
		{"GET", "/v1/kv/", ``, 400, "empty key"},
		{"PATCH", "/v1/kv/k", `{}`, 405, ""},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, tc.code, resp.StatusCode, "%s %s: %s", tc.method, tc.path[:min(len(tc.path), 30)], body)
		require.Contains(t, string(body), tc.want)
	}
	r := retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[0].Get(ctx, "k") })
	require.Equal(t, "v", r.Value, "bad requests changed nothing")
}

// A read with forward=false is answered by the leader and refused (503, ErrNoLeader: no
// effect) by any other node, which would otherwise forward it; a bad forward value is a 400.
//
// Tests RAFT-READ-1.
func TestReadsThatAreNotForwarded(t *testing.T) {
	c := startInProcess(t, 3)
	retry(t, func(ctx context.Context) (Result, error) { return c.clients[0].Put(ctx, "a", "1") })
	// A leader may lose its office at any moment (a loaded machine delays heartbeats past an
	// election timeout): a round that meets a new term proves nothing either way and starts
	// again. What must hold within one term: its leader answers, its followers refuse.
	deadline := time.Now().Add(liveness)
	for round := 1; ; round++ {
		require.True(t, time.Now().Before(deadline), "no round of reads within one term in %v (%d rounds)", liveness, round-1)
		leader, follower, term, ok := leaderAndFollower(c)
		if !ok {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		moved := func(cl *Client) bool { // a later term, or cl no longer the leader it was
			st, err := cl.Status(context.Background())
			return err != nil || st.Term != term || (cl == leader) != (st.Leader == st.ID)
		}
		r, err := leader.GetFromLeader(context.Background(), "a")
		if err != nil {
			require.ErrorIs(t, err, ErrNoLeader)
			require.True(t, moved(leader), "the leader of term %d refused a read and still leads in that term: %v", term, err)
			continue
		}
		require.Equal(t, "1", r.Value)
		if _, err = follower.GetFromLeader(context.Background(), "a"); err == nil {
			require.True(t, moved(follower), "a follower of term %d answered a read that must not be forwarded, and is still a follower in that term", term)
			continue
		}
		require.ErrorIs(t, err, ErrNoLeader)
		break
	}
	var follower *Client
	require.Eventually(t, func() bool { _, follower, _, _ = leaderAndFollower(c); return follower != nil }, liveness, 20*time.Millisecond)
	r := retry(t, func(ctx context.Context) (ReadResult, error) { return follower.Get(ctx, "a") })
	require.Equal(t, "1", r.Value, "forwarded by default")
	for _, q := range []string{"forward=maybe", "forward=false&consistency=serializable"} {
		resp, err := http.Get(follower.Base + "/v1/kv/a?" + q)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
	}
}

// leaderAndFollower returns the leader and a follower of one term, when every node answers
// and all agree on who leads.
func leaderAndFollower(c *inProcessCluster) (leader, follower *Client, term uint64, ok bool) {
	var lead uint64
	for i, cl := range c.clients {
		st, err := cl.Status(context.Background())
		if err != nil || st.Leader == 0 || (i > 0 && (st.Term != term || st.Leader != lead)) {
			return nil, nil, 0, false
		}
		term, lead = st.Term, st.Leader
		if st.Leader == st.ID {
			leader = cl
		} else {
			follower = cl
		}
	}
	return leader, follower, term, leader != nil && follower != nil
}
