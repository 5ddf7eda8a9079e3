package kvcluster

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/internal/kv"
)

// httpFloor is kv's HTTP/JSON client API alone: kv.Handler, the handler a node serves, on
// loopback, over a backend that answers every request at once (no raft, no WAL, no fsync), and
// kv.Client for its clients. A put costs here what it costs a kv node before and after raft:
// the client encodes the body and the HTTP request, the server parses them, decodes the JSON
// body and builds the command, encodes the JSON reply, and the client decodes it. (A
// kv.Client per client goroutine; they share one http.Client, as clientPool says.) What it
// sustains bounds any HTTP/JSON service on this machine with these clients.
type httpFloor struct {
	srv     *http.Server
	clients *clientPool
}

// clientPool holds one kv.Client per concurrent client (a kv.Client sends one write at a time),
// all on one http.Client that keeps a connection per client alive (http.DefaultClient keeps
// only 2 idle connections per host, so 64 clients would dial again and again).
type clientPool struct {
	hc   *http.Client
	idle chan *kv.Client
}

func newClientPool(base string, clients int) *clientPool {
	p := &clientPool{hc: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxIdleConns: clients}},
		idle: make(chan *kv.Client, clients)}
	for range clients {
		p.idle <- &kv.Client{Base: base, HTTP: p.hc}
	}
	return p
}

func (p *clientPool) put(ctx context.Context, key string, value []byte) error {
	c := <-p.idle
	defer func() { p.idle <- c }()
	_, err := c.Put(ctx, key, string(value))
	return err
}

func (p *clientPool) close() { p.hc.CloseIdleConnections() }

// floorBackend answers every command at once with the next index, as if it were applied.
type floorBackend struct{ index atomic.Uint64 }

func (f *floorBackend) Propose(ctx context.Context, cmd kv.Command) (kv.Result, error) {
	return kv.Result{Index: f.index.Add(1)}, nil
}
func (f *floorBackend) Read(ctx context.Context, key string) (string, bool, uint64, error) {
	return "", false, f.index.Load(), nil
}
func (f *floorBackend) LeaderRead(ctx context.Context, key string) (string, bool, uint64, error) {
	return f.Read(ctx, key)
}
func (f *floorBackend) LocalRead(ctx context.Context, key string) (string, bool, uint64, error) {
	return f.Read(ctx, key)
}
func (f *floorBackend) Status(ctx context.Context) (kv.Status, error) { return kv.Status{}, nil }

func startHTTPFloor(clients int) (*httpFloor, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// As kv's serveHTTP configures its server.
	srv := &http.Server{Handler: kv.Handler(&floorBackend{}, 5*time.Second), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return &httpFloor{srv: srv, clients: newClientPool("http://"+ln.Addr().String(), clients)}, nil
}

func (f *httpFloor) put(ctx context.Context, key string, value []byte) error {
	return f.clients.put(ctx, key, value)
}

func (f *httpFloor) disk() diskCounts { return diskCounts{} }

func (f *httpFloor) stop() {
	f.srv.Close()
	f.clients.close()
}

// dsrefHTTP is the dsref cluster served as its clients see it: each node's HTTP API
// (kv.Handler, as `dsref kv serve` serves it) on loopback, kv.Client to the leader's.
type dsrefHTTP struct {
	*dsrefCluster
	srvs    map[*kv.Node]*http.Server
	clients map[*kv.Node]*clientPool
}

func startDsrefHTTP(dir string, clients int) (*dsrefHTTP, error) {
	ds, err := startDsref(dir, false)
	if err != nil {
		return nil, err
	}
	c := &dsrefHTTP{dsrefCluster: ds, srvs: map[*kv.Node]*http.Server{}, clients: map[*kv.Node]*clientPool{}}
	for _, n := range ds.nodes {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			c.stop()
			return nil, err
		}
		srv := &http.Server{Handler: kv.Handler(n, 10*time.Second), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		c.srvs[n] = srv
		c.clients[n] = newClientPool("http://"+ln.Addr().String(), clients)
	}
	return c, nil
}

func (c *dsrefHTTP) put(ctx context.Context, key string, value []byte) error {
	n := c.leader(ctx)
	err := c.clients[n].put(ctx, key, value)
	if err != nil {
		c.lead.CompareAndSwap(n, nil)
	}
	return err
}

func (c *dsrefHTTP) stop() {
	for n, s := range c.srvs {
		s.Close()
		c.clients[n].close()
	}
	c.dsrefCluster.stop()
}
