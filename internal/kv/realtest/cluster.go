package realtest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dsref/dsref/internal/kv"
	"github.com/dsref/dsref/raft"
)

// ChildEnv is the environment variable that turns a test binary into one kv node: its value
// is the node's NodeConfig as JSON. A test's TestMain calls ChildMain when it is set.
const ChildEnv = "DSREF_REALTEST_NODE"

// NodeConfig is what a child process needs to run one node.
type NodeConfig struct {
	ID            uint64            `json:"id"`
	ClusterID     uint64            `json:"cluster_id"`
	Peers         map[uint64]string `json:"peers"` // this node's real address, the proxies to the others
	HTTP          string            `json:"http"`
	Data          string            `json:"data"`
	Trace         string            `json:"trace,omitempty"`
	TickMS        int               `json:"tick_ms"`
	ElectionTicks int               `json:"election_ticks"`
	// SnapshotEntries and SnapshotChunk are kv.Config's (0: kv's defaults).
	SnapshotEntries int    `json:"snapshot_entries,omitempty"`
	SnapshotChunk   uint64 `json:"snapshot_chunk,omitempty"`
	// AsyncWrites is kv.Config's.
	AsyncWrites bool `json:"async_writes,omitempty"`
	// PeerCert, PeerKey and PeerCA turn on mutual TLS between peers (PEM files).
	PeerCert string `json:"peer_cert,omitempty"`
	PeerKey  string `json:"peer_key,omitempty"`
	PeerCA   string `json:"peer_ca,omitempty"`
	// Mutation names a planted bug (raft.ParseMutation) the node's core runs with; only a
	// binary built with -tags dsref_mutations can plant one.
	Mutation string `json:"mutation,omitempty"`
}

// PlantMutation returns the raft configuration change that plants the named bug. It is nil
// unless the binary was built with -tags dsref_mutations (mutation.go).
var PlantMutation func(name string) (func(*raft.Config), error)

// ChildMain runs the node described by $DSREF_REALTEST_NODE until SIGTERM (or SIGKILL) and
// returns the process exit code.
func ChildMain() int {
	var c NodeConfig
	if err := json.Unmarshal([]byte(os.Getenv(ChildEnv)), &c); err != nil {
		fmt.Fprintf(os.Stderr, "realtest child: %s: %v\n", ChildEnv, err)
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	cfg := kv.Config{ID: c.ID, ClusterID: c.ClusterID, Peers: c.Peers, HTTPAddr: c.HTTP, DataDir: c.Data,
		TracePath: c.Trace, Tick: time.Duration(c.TickMS) * time.Millisecond, ElectionTicks: c.ElectionTicks,
		SnapshotEntries: c.SnapshotEntries, SnapshotChunk: c.SnapshotChunk, AsyncWrites: c.AsyncWrites,
		RequestTimeout: time.Second, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if c.PeerCert != "" {
		var err error
		if cfg.PeerTLS, err = kv.LoadMutualTLS(c.PeerCert, c.PeerKey, c.PeerCA); err != nil {
			fmt.Fprintf(os.Stderr, "realtest child: %v\n", err)
			return 2
		}
	}
	if c.Mutation != "" {
		if PlantMutation == nil {
			fmt.Fprintf(os.Stderr, "realtest child: mutation %q: this binary was built without -tags dsref_mutations\n", c.Mutation)
			return 2
		}
		plant, err := PlantMutation(c.Mutation)
		if err != nil {
			fmt.Fprintf(os.Stderr, "realtest child: %v\n", err)
			return 2
		}
		cfg.Raft = plant
	}
	err := kv.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "realtest child: %v\n", err)
		return 1
	}
	return 0
}

func signalContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	notify(sig)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// Cluster is n real node processes on loopback with a fault proxy on every ordered pair of
// peers.
type Cluster struct {
	N       int
	Dir     string
	exe     string
	configs map[uint64]NodeConfig
	proxies map[[2]uint64]*Proxy
	procs   map[uint64]*exec.Cmd
	paused  map[uint64]bool
	Clients map[uint64]*kv.Client
}

// freeAddr returns a loopback address whose port is free now and lies below the kernel's
// ephemeral range: no socket the kernel numbers itself (an outgoing connection, a listener on
// port 0, such as the shared machine's other tests open) can take it before the node binds
// it, nor while the node is down between a kill and its restart.
func freeAddr() (string, error) {
	low := 32768 // Linux's default start of the range
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if v, err := strconv.Atoi(f[0]); err == nil {
				low = v
			}
		}
	}
	const first = 10000 // above the ports services are registered on
	for range 100 {
		if low <= first {
			break
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", first+rand.IntN(low-first)))
		if err != nil {
			continue // taken
		}
		ln.Close()
		return ln.Addr().String(), nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Liveness bounds how long a test waits for what a cluster must do eventually: a node to
// start serving, a leader to be elected, a write to succeed once the faults heal. It is not a
// pace, and passing it is a failure: on a loaded 2-core machine a restart alone takes seconds.
const Liveness = time.Minute

// Options shape a cluster.
type Options struct {
	Traces bool // each node writes its trace
	// Direct connects peers to each other without fault proxies (the proxies parse frames, so
	// they cannot carry TLS).
	Direct bool
	// TLS, if set, returns the PEM files (certificate, key, CA) of node id: mutual TLS.
	TLS func(id uint64) (cert, key, ca string)
	// SnapshotEntries and SnapshotChunk set every node's snapshot interval and InstallSnapshot
	// chunk size (0: kv's defaults).
	SnapshotEntries int
	SnapshotChunk   uint64
	// AsyncWrites runs every node with kv.Config.AsyncWrites.
	AsyncWrites bool
	// Mutation, if set, is a planted bug every node runs with (NodeConfig.Mutation).
	Mutation string
	// BeforeStart, if set, is called with every node's peer address once they are chosen and
	// before any node starts (a packet capture starts there, to see the cluster from its
	// first frame). An error stops the cluster from starting.
	BeforeStart func(peers map[uint64]string) error
	// TickMS and ElectionTicks, if not zero, replace the nodes' tick (10 ms) and election
	// timeout (20 ticks; a leader sends heartbeats every tenth of it).
	TickMS, ElectionTicks int
}

// StartCluster starts n nodes, each the binary exe (a test binary whose TestMain calls
// ChildMain), with data, logs and traces in dir, behind fault proxies.
func StartCluster(exe, dir string, n int, traces bool) (*Cluster, error) {
	return StartClusterWith(exe, dir, n, Options{Traces: traces})
}

// StartClusterWith starts n nodes as opts says.
func StartClusterWith(exe, dir string, n int, opts Options) (*Cluster, error) {
	traces := opts.Traces
	c := &Cluster{N: n, Dir: dir, exe: exe, configs: map[uint64]NodeConfig{}, proxies: map[[2]uint64]*Proxy{},
		procs: map[uint64]*exec.Cmd{}, paused: map[uint64]bool{}, Clients: map[uint64]*kv.Client{}}
	real := map[uint64]string{}
	for i := uint64(1); i <= uint64(n); i++ {
		a, err := freeAddr()
		if err != nil {
			return nil, err
		}
		real[i] = a
	}
	for i := uint64(1); i <= uint64(n) && !opts.Direct; i++ {
		for j := uint64(1); j <= uint64(n); j++ {
			if i == j {
				continue
			}
			p, err := NewProxy(i, j, real[j])
			if err != nil {
				c.Stop()
				return nil, err
			}
			c.proxies[[2]uint64{i, j}] = p
		}
	}
	for i := uint64(1); i <= uint64(n); i++ {
		peers := map[uint64]string{i: real[i]}
		for j := uint64(1); j <= uint64(n); j++ {
			switch {
			case j == i:
			case opts.Direct:
				peers[j] = real[j]
			default:
				peers[j] = c.proxies[[2]uint64{i, j}].Addr()
			}
		}
		h, err := freeAddr()
		if err != nil {
			c.Stop()
			return nil, err
		}
		cfg := NodeConfig{ID: i, ClusterID: 77, Peers: peers, HTTP: h, Data: filepath.Join(dir, fmt.Sprintf("node-%d", i)),
			TickMS: cmp.Or(opts.TickMS, 10), ElectionTicks: cmp.Or(opts.ElectionTicks, 20), SnapshotEntries: opts.SnapshotEntries, SnapshotChunk: opts.SnapshotChunk,
			AsyncWrites: opts.AsyncWrites}
		if traces {
			cfg.Trace = filepath.Join(dir, fmt.Sprintf("node-%d.ndjson", i))
		}
		if opts.TLS != nil {
			cfg.PeerCert, cfg.PeerKey, cfg.PeerCA = opts.TLS(i)
		}
		cfg.Mutation = opts.Mutation
		c.configs[i] = cfg
		c.Clients[i] = &kv.Client{Base: "http://" + h}
	}
	if opts.BeforeStart != nil {
		if err := opts.BeforeStart(real); err != nil {
			c.Stop()
			return nil, err
		}
	}
	for i := uint64(1); i <= uint64(n); i++ {
		if err := c.Start(i); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

// StopInOrder terminates the nodes one after another (SIGTERM, a clean shutdown), waiting gap
// between them: the nodes still running read to the end what the stopped ones had sent.
func (c *Cluster) StopInOrder(gap time.Duration, ids ...uint64) {
	for k, id := range ids {
		if k > 0 {
			time.Sleep(gap)
		}
		c.Terminate(id)
	}
	c.Stop()
}

// SetTLS changes the TLS files node id uses from its next Start on.
func (c *Cluster) SetTLS(id uint64, cert, key, ca string) {
	cfg := c.configs[id]
	cfg.PeerCert, cfg.PeerKey, cfg.PeerCA = cert, key, ca
	c.configs[id] = cfg
}

// LogPath is node id's log file.
func (c *Cluster) LogPath(id uint64) string {
	return filepath.Join(c.Dir, fmt.Sprintf("node-%d.log", id))
}

// TracePath is node id's trace file ("" without traces).
func (c *Cluster) TracePath(id uint64) string { return c.configs[id].Trace }

// Start starts (or restarts) node id and waits until its client API answers.
func (c *Cluster) Start(id uint64) error {
	cfg, _ := json.Marshal(c.configs[id])
	logf, err := os.OpenFile(c.LogPath(id), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(c.exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), ChildEnv+"="+string(cfg))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	logf.Close()
	c.procs[id] = cmd
	c.paused[id] = false
	deadline := time.Now().Add(Liveness)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := c.Clients[id].Status(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("node %d did not start serving within %v; log:\n%s", id, Liveness, c.Tail(id, 20))
}

// Kill sends SIGKILL to node id (kill -9) and reaps it.
func (c *Cluster) Kill(id uint64) {
	p := c.procs[id]
	if p == nil {
		return
	}
	p.Process.Signal(syscall.SIGKILL)
	p.Wait()
	c.procs[id] = nil
	c.paused[id] = false
}

// Terminate stops node id with SIGTERM (a clean shutdown: it flushes its trace) and reaps it.
func (c *Cluster) Terminate(id uint64) {
	p := c.procs[id]
	if p == nil {
		return
	}
	c.Resume(id)
	p.Process.Signal(syscall.SIGTERM)
	p.Wait()
	c.procs[id] = nil
}

// Pause stops node id with SIGSTOP; Resume continues it with SIGCONT.
func (c *Cluster) Pause(id uint64) {
	if p := c.procs[id]; p != nil && !c.paused[id] {
		p.Process.Signal(syscall.SIGSTOP)
		c.paused[id] = true
	}
}

// Resume continues a paused node.
func (c *Cluster) Resume(id uint64) {
	if p := c.procs[id]; p != nil && c.paused[id] {
		p.Process.Signal(syscall.SIGCONT)
		c.paused[id] = false
	}
}

// Running reports whether node id's process exists (paused or not).
func (c *Cluster) Running(id uint64) bool { return c.procs[id] != nil }

// Partition drops every frame between nodes of different groups; nodes in no group are
// isolated.
func (c *Cluster) Partition(groups ...[]uint64) {
	group := map[uint64]int{}
	for g, ids := range groups {
		for _, id := range ids {
			group[id] = g + 1
		}
	}
	for k, p := range c.proxies {
		if gi, gj := group[k[0]], group[k[1]]; gi == 0 || gi != gj {
			p.SetLoss(1000)
		} else {
			p.SetLoss(0)
		}
	}
}

// Loss sets the loss of frames from node from to node to, in thousandths.
func (c *Cluster) Loss(from, to uint64, perMille int64) {
	c.proxies[[2]uint64{from, to}].SetLoss(perMille)
}

// Delay holds every message frame from node from to node to for d before forwarding it: a slow
// link (0 removes the delay).
func (c *Cluster) Delay(from, to uint64, d time.Duration) {
	c.proxies[[2]uint64{from, to}].SetDelay(d)
}

// Heal removes every partition, loss and delay.
func (c *Cluster) Heal() {
	for _, p := range c.proxies {
		p.SetLoss(0)
		p.SetDelay(0)
	}
}

// Status asks node id for its status.
func (c *Cluster) Status(id uint64) (kv.Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	return c.Clients[id].Status(ctx)
}

// Leader returns the leader most nodes report, 0 if none.
func (c *Cluster) Leader() uint64 {
	votes := map[uint64]int{}
	for id, cl := range c.Clients {
		if !c.Running(id) || c.paused[id] {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		st, err := cl.Status(ctx)
		cancel()
		if err == nil && st.Leader != 0 {
			votes[st.Leader]++
		}
	}
	best, n := uint64(0), 0
	for id, v := range votes {
		if v > n {
			best, n = id, v
		}
	}
	return best
}

// Stop terminates every process and proxy.
func (c *Cluster) Stop() {
	for id, p := range c.procs {
		if p == nil {
			continue
		}
		c.Resume(id)
		p.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(Liveness / 2): // a clean shutdown flushes the trace: give it time
			p.Process.Signal(syscall.SIGKILL)
			<-done
		}
		c.procs[id] = nil
	}
	for _, p := range c.proxies {
		p.Close()
	}
	c.proxies = map[[2]uint64]*Proxy{}
}

// Tail returns the last n lines of node id's log.
func (c *Cluster) Tail(id uint64, n int) string {
	f, err := os.Open(c.LogPath(id))
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
