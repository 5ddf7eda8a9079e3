package kv

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
	"github.com/dsref/dsref/raft/wal"
)

// Config configures one node of the replicated store.
type Config struct {
	ID        uint64
	ClusterID uint64
	// Peers maps every member (this node included) to its peer address.
	Peers map[uint64]string
	// HTTPAddr is the client API's address.
	HTTPAddr string
	// DataDir holds the WAL and snapshots.
	DataDir string
	// Tick is the raft tick; ElectionTicks the election timeout in ticks.
	Tick          time.Duration
	ElectionTicks int
	// RequestTimeout bounds a client request.
	RequestTimeout time.Duration
	// TracePath, if set, receives the node's trace events as NDJSON with vector clocks.
	TracePath string
	// PeerTLS, if set, secures peer traffic (mutual TLS if it requires client certificates).
	PeerTLS *tls.Config
	// NoSync disables fsync (measuring only: a crash loses acknowledged writes).
	NoSync bool
	// SnapshotEntries is how many applied entries make the node snapshot its store and
	// compact its log; 0 means DefaultSnapshotEntries, a negative value never.
	SnapshotEntries int
	// SnapshotChunk bounds the bytes of snapshot data in one InstallSnapshot message (0:
	// raft's default, 1 MiB).
	SnapshotChunk uint64
	// AsyncWrites runs the core with raft's AsyncStorageWrites: messages to peers leave
	// before the node's own write is durable, and the node steps each write's completion back
	// into the core (see handleReadyAsync). Traced nodes' traces are then validated against
	// tla/Raft.tla's AsyncWrites (StorageAppend, HandleStorageAppendResponse).
	AsyncWrites bool
	Logger      *slog.Logger
	// PeerListener and HTTPListener, if set, are used instead of listening on the addresses
	// (tests pass listeners on port 0).
	PeerListener, HTTPListener net.Listener
	// Raft, if set, adjusts the raft configuration before the core starts (tests plant
	// known bugs with it).
	Raft func(*raft.Config)
}

// DefaultSnapshotEntries is Config.SnapshotEntries' default.
const DefaultSnapshotEntries = 10000

// ParseCluster parses "1=127.0.0.1:7001,2=127.0.0.1:7002,..." into a member map.
func ParseCluster(s string) (map[uint64]string, error) {
	out := map[uint64]string{}
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("-cluster is empty: want id=host:port,... for every member")
	}
	for i, part := range strings.Split(s, ",") {
		idStr, addr, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("-cluster member %d %q: want id=host:port", i+1, part)
		}
		id, err := strconv.ParseUint(idStr, 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("-cluster member %d %q: ID must be a positive integer", i+1, part)
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("-cluster member %d %q: address: %v", i+1, part, err)
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("-cluster member %d %q: ID %d listed twice", i+1, part, id)
		}
		out[id] = addr
	}
	return out, nil
}

// FormatCluster is the inverse of ParseCluster.
func FormatCluster(peers map[uint64]string) string {
	ids := make([]uint64, 0, len(peers))
	for id := range peers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%d=%s", id, peers[id])
	}
	return strings.Join(parts, ",")
}

// DefaultHTTPAddr is the client address a node uses unless told otherwise: its peer host with
// the peer port plus 1000.
func DefaultHTTPAddr(peerAddr string) (string, error) {
	host, port, err := net.SplitHostPort(peerAddr)
	if err != nil {
		return "", err
	}
	p, err := strconv.Atoi(port)
	if err != nil || p+1000 > 65535 {
		return "", fmt.Errorf("peer port %q leaves no room for the default HTTP port (peer port + 1000)", port)
	}
	return net.JoinHostPort(host, strconv.Itoa(p+1000)), nil
}

func (c *Config) check() error {
	if c.ID == 0 {
		return errors.New("-id must be a positive integer")
	}
	if _, ok := c.Peers[c.ID]; !ok {
		return fmt.Errorf("-id %d is not a member of -cluster %s", c.ID, FormatCluster(c.Peers))
	}
	if c.DataDir == "" {
		return errors.New("-data is required")
	}
	if c.Tick <= 0 {
		c.Tick = 10 * time.Millisecond
	}
	if c.ElectionTicks <= 0 {
		c.ElectionTicks = 30
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 3 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.SnapshotEntries == 0 {
		c.SnapshotEntries = DefaultSnapshotEntries
	}
	return nil
}

// Run serves one node until ctx is cancelled: it recovers the WAL, joins the cluster and
// serves the client API.
func Run(ctx context.Context, c Config) error {
	if err := c.check(); err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	n, err := Start(ctx, c)
	if err != nil {
		return err
	}
	return n.serveHTTP(ctx, c, stop)
}

// Start recovers the node's WAL and starts its raft goroutine and transport, without the
// client API (Run adds it): for programs and benchmarks that call Propose and Read directly.
// The node stops when ctx is cancelled; Wait waits for it to release its files and sockets.
func Start(ctx context.Context, c Config) (*Node, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	log := c.Logger.With("node", c.ID)
	storage, st, err := wal.OpenStorage(c.DataDir, wal.Options{NoSync: c.NoSync, ReadTrace: c.TracePath != ""})
	if err != nil {
		return nil, err
	}
	var closers []func() error
	fail := func(err error) (*Node, error) {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		return nil, err
	}
	closers = append(closers, storage.Close)
	if st.TornTail != nil {
		log.Warn("recovered from a torn write", "tail", st.TornTail.String())
	}
	var snapIndex uint64
	if st.Snapshot != nil {
		snapIndex = st.Snapshot.Index
	}
	log.Info("recovered", "term", st.HardState.Term, "commit", st.HardState.Commit, "snapshot", snapIndex, "entries", len(st.Entries))
	var (
		tw      *traceWriter
		resumed clocks.Vector
	)
	if c.TracePath != "" {
		f, err := os.OpenFile(c.TracePath, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
		if err != nil {
			return fail(err)
		}
		// The WAL holds the events of every step it persisted; the file may lack the last
		// ones (kill -9 between the two writes).
		if resumed, err = completeTrace(f, c.ID, st.Trace); err != nil {
			f.Close()
			return fail(fmt.Errorf("completing the trace %s from the WAL: %w", c.TracePath, err))
		}
		st.Trace = nil
		tw = newTraceWriter(f)
		closers = append(closers, tw.close)
	}
	peerLn := c.PeerListener
	if peerLn == nil {
		if peerLn, err = net.Listen("tcp", c.Peers[c.ID]); err != nil {
			return fail(fmt.Errorf("listening for peers: %w", err))
		}
	}
	snapEvery := uint64(max(c.SnapshotEntries, 0))
	n, err := newNode(nodeConfig{id: c.ID, clusterID: c.ClusterID, peers: c.Peers, listener: peerLn, storage: storage, state: st,
		snapEvery: snapEvery, snapChunk: c.SnapshotChunk, asyncWrites: c.AsyncWrites,
		tick: c.Tick, electionTicks: c.ElectionTicks, log: log, trace: tw, clock: resumed, raft: c.Raft,
		transport: func(tc transport.Config) transport.Config { tc.TLS = c.PeerTLS; return tc }})
	if err != nil {
		peerLn.Close()
		return fail(err)
	}
	closers = append(closers, n.tr.Close)
	n.stopped = make(chan struct{})
	go func() {
		n.run(ctx)
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		// The final counts, for tests that hold a capture of the peer traffic against them.
		st := n.tr.Stats()
		var sent, dropped uint64
		for _, p := range st.Peers {
			sent += p.Sent
			dropped += p.Dropped
		}
		log.Info("stopped", "msgs_sent", sent, "msgs_dropped", dropped, "msgs_received", st.Received,
			"msgs_received_dropped", n.recvDrops.Load(), "frames_rejected", st.Rejected)
		close(n.stopped)
	}()
	return n, nil
}

// Wait waits until a stopped node released its files and sockets.
func (n *Node) Wait() { <-n.stopped }

// serveHTTP serves the client API until ctx is cancelled or the node stops, then stops the
// node (stop cancels its context) and waits for it.
func (n *Node) serveHTTP(ctx context.Context, c Config, stop func()) error {
	log := c.Logger.With("node", c.ID)
	httpLn := c.HTTPListener
	if httpLn == nil {
		var err error
		if httpLn, err = net.Listen("tcp", c.HTTPAddr); err != nil {
			stop()
			<-n.stopped
			return fmt.Errorf("listening for clients: %w", err)
		}
	}
	var err error
	srv := &http.Server{Handler: n.handler(c.RequestTimeout), ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(httpLn) }()
	log.Info("serving", "peer", c.Peers[c.ID], "http", httpLn.Addr().String(), "cluster", FormatCluster(c.Peers))
	select {
	case <-ctx.Done():
	case <-n.done:
		if ctx.Err() == nil { // else the node stopped because ctx was cancelled, as asked
			err = errors.New("the node stopped: see the log")
		}
	case err = <-errc:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	stop()
	<-n.stopped
	return err
}

// LoadMutualTLS builds the peer TLS configuration of a node from PEM files: its certificate and
// key, and the CA that signs every member's certificate. Both sides present and verify
// certificates (mutual TLS).
func LoadMutualTLS(certFile, keyFile, caFile string) (*tls.Config, error) {
	if certFile == "" || keyFile == "" || caFile == "" {
		return nil, errors.New("peer TLS needs all of -peer-cert, -peer-key and -peer-ca")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("-peer-cert/-peer-key: %w", err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("-peer-ca: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("-peer-ca %s: no PEM certificate found", caFile)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS13}, nil
}
