// Package kvcluster measures a 3-node replicated key-value cluster on loopback with fsync on:
// dsref's (internal/kv: raft/wal, raft/transport) beside hashicorp/raft v1.7.2 with
// raft-boltdb v2.3.1 and its TCP transport, same machine, same disk, same workload: clients
// each putting 128-byte values, one outstanding request per client, at the leader. It is a
// separate module so that the root module does not depend on the comparators.
//
//	cd bench/kvcluster && go test -run XXX -bench . -benchtime 3000x -count 3
package kvcluster

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	raftboltdb "github.com/hashicorp/raft-boltdb/v2"

	"github.com/dsref/dsref/internal/kv"
)

// cluster is one implementation under test.
type cluster interface {
	put(ctx context.Context, key string, value []byte) error
	disk() diskCounts
	stop()
}

// diskCounts is what a cluster's logs did so far.
type diskCounts struct {
	leaderSyncs  uint64        // fsyncs of the leader's log
	leaderTime   time.Duration // time in them (hashicorp: in its log store's write transactions)
	leaderBytes  uint64        // bytes the leader's log wrote (0 where not known)
	leaderReadys uint64        // Readys the leader handled (0 where there is no such thing)
	allSyncs     uint64        // fsyncs of all three nodes' logs: what the one disk serves
	allTime      time.Duration // time in them
}

var clientCounts = []int{1, 16, 64}

func BenchmarkCluster(b *testing.B) {
	for _, clients := range clientCounts {
		for _, impl := range []string{"dsref", "dsref-async", "hashicorp"} {
			b.Run(fmt.Sprintf("clients=%d/impl=%s", clients, impl), func(b *testing.B) {
				c := start(b, impl)
				defer c.stop()
				run(b, c, clients)
			})
		}
	}
}

// start starts a fresh cluster of impl ("dsref", "dsref-async": kv.Config.AsyncWrites,
// "dsref-http": dsref's clients through the nodes' HTTP API, "hashicorp", or "http-floor":
// kv's HTTP API with no cluster behind it) in a new directory.
func start(b *testing.B, impl string) cluster {
	dir := b.TempDir()
	var c cluster
	var err error
	switch impl {
	case "dsref", "dsref-async":
		c, err = startDsref(dir, impl == "dsref-async")
	case "dsref-http":
		c, err = startDsrefHTTP(dir, 64)
	case "http-floor":
		c, err = startHTTPFloor(64)
	default:
		c, err = startHashicorp(dir)
	}
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func run(b *testing.B, c cluster, clients int) {
	b.StopTimer()
	m := measure(b, c, clients, b.N, b.StartTimer)
	b.StopTimer()
	if m.ops == 0 {
		return
	}
	b.ReportMetric(m.opsPerSec, "ops/s")
	b.ReportMetric(float64(m.p50.Microseconds()), "p50-µs")
	b.ReportMetric(float64(m.p99.Microseconds()), "p99-µs")
	b.ReportMetric(m.fsyncsPerSec, "leader-fsyncs/s")
	if m.fsyncsPerReady > 0 {
		b.ReportMetric(m.fsyncsPerReady, "leader-fsyncs/Ready")
	}
	b.ReportMetric(float64(m.syncTime.Microseconds()), "leader-fsync-µs")
	b.ReportMetric(float64(m.retries), "retries")
	b.ReportMetric(m.cpuPerPut.Seconds()*1e6, "cpu-µs/put")
	b.ReportMetric(0, "ns/op")
}

// measurement is what one run of puts found.
type measurement struct {
	ops                                     int
	opsPerSec, fsyncsPerSec, fsyncsPerReady float64
	allFsyncsPerSec                         float64       // fsyncs/s of the three nodes together
	syncTime                                time.Duration // mean time of one leader fsync
	followerSyncTime                        time.Duration // mean time of one follower fsync
	bytesPerPut                             float64       // leader log bytes per put (0: not known)
	cpuPerPut                               time.Duration // this process's CPU (user+system) per put
	cores                                   float64       // this process's CPU per second of the run
	p50, p99                                time.Duration
	retries                                 int64
}

// measure runs total puts from clients concurrent clients (one outstanding put each) after a
// warm-up; started is called when the measured part begins.
func measure(b *testing.B, c cluster, clients, total int, started func()) measurement {
	value := make([]byte, 128)
	// Warm up: the leader is elected and serving.
	for i := 0; i < 20; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := c.put(ctx, "warm", value); err != nil {
			b.Fatal(err)
		}
		cancel()
	}
	per := max(1, total/clients)
	lat := make([][]time.Duration, clients)
	var retries atomic.Int64
	d0 := c.disk()
	cpu0 := cpuTime()
	started()
	start := time.Now()
	var wg sync.WaitGroup
	for cl := 0; cl < clients; cl++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				// A put that fails (a leader change on this loaded machine) is retried until
				// it succeeds; its latency includes the retries.
				t0 := time.Now()
				for {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					err := c.put(ctx, fmt.Sprintf("k%d-%d", cl, i), value)
					cancel()
					if err == nil {
						break
					}
					if time.Since(t0) > time.Minute {
						b.Error(err)
						return
					}
					retries.Add(1)
					time.Sleep(5 * time.Millisecond)
				}
				lat[cl] = append(lat[cl], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return measurement{}
	}
	d := c.disk()
	syncs := d.leaderSyncs - d0.leaderSyncs
	m := measurement{ops: len(all), opsPerSec: float64(len(all)) / elapsed.Seconds(),
		p50: all[len(all)/2], p99: all[len(all)*99/100],
		fsyncsPerSec:    float64(syncs) / elapsed.Seconds(),
		allFsyncsPerSec: float64(d.allSyncs-d0.allSyncs) / elapsed.Seconds(),
		bytesPerPut:     float64(d.leaderBytes-d0.leaderBytes) / float64(len(all)),
		retries:         retries.Load(),
		cpuPerPut:       cpu / time.Duration(len(all)),
		cores:           cpu.Seconds() / elapsed.Seconds()}
	if syncs > 0 {
		m.syncTime = (d.leaderTime - d0.leaderTime) / time.Duration(syncs)
	}
	if fs := (d.allSyncs - d0.allSyncs) - syncs; fs > 0 {
		m.followerSyncTime = ((d.allTime - d0.allTime) - (d.leaderTime - d0.leaderTime)) / time.Duration(fs)
	}
	if r := d.leaderReadys - d0.leaderReadys; r > 0 {
		m.fsyncsPerReady = float64(syncs) / float64(r)
	}
	return m
}

// dsref: three kv nodes in this process, each with its WAL in dir, on loopback TCP.
type dsrefCluster struct {
	nodes  []*kv.Node
	cancel context.CancelFunc
	// lead is the node last found leading: clients propose there until a put fails, as
	// hashicorp's clients call the raft.Raft whose State is Leader, without asking each node.
	lead atomic.Pointer[kv.Node]
}

func startDsref(dir string, async bool) (*dsrefCluster, error) {
	peers := map[uint64]string{}
	var lns []net.Listener
	for i := uint64(1); i <= 3; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		peers[i] = ln.Addr().String()
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &dsrefCluster{cancel: cancel}
	for i := uint64(1); i <= 3; i++ {
		n, err := kv.Start(ctx, kv.Config{ID: i, ClusterID: 1, Peers: peers, DataDir: filepath.Join(dir, fmt.Sprint(i)),
			Tick: 10 * time.Millisecond, ElectionTicks: 100, PeerListener: lns[i-1], AsyncWrites: async,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			cancel()
			return nil, err
		}
		c.nodes = append(c.nodes, n)
	}
	return c, nil
}

func (c *dsrefCluster) leader(ctx context.Context) *kv.Node {
	if n := c.lead.Load(); n != nil {
		return n
	}
	for {
		for _, n := range c.nodes {
			if st, err := n.Status(ctx); err == nil && st.Leader == st.ID {
				c.lead.Store(n)
				return n
			}
		}
		if ctx.Err() != nil {
			return c.nodes[0]
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (c *dsrefCluster) put(ctx context.Context, key string, value []byte) error {
	n := c.leader(ctx)
	_, err := n.Propose(ctx, kv.Command{Op: kv.OpPut, Key: key, Value: string(value)})
	if err != nil {
		c.lead.CompareAndSwap(n, nil) // ask every node again
	}
	return err
}

func (c *dsrefCluster) disk() diskCounts {
	ctx := context.Background()
	lead := c.leader(ctx)
	var d diskCounts
	for _, n := range c.nodes {
		st, _ := n.Status(ctx)
		d.allSyncs += st.WALSyncs
		d.allTime += time.Duration(st.WALSyncNanos)
		if n == lead {
			d.leaderSyncs, d.leaderTime, d.leaderBytes, d.leaderReadys = st.WALSyncs, time.Duration(st.WALSyncNanos), st.WALBytes, st.Readys
		}
	}
	return d
}

func (c *dsrefCluster) stop() {
	c.cancel()
	for _, n := range c.nodes {
		n.Wait()
	}
}

// hashicorp: three raft.Raft in this process with BoltDB log stores (fsync on) and TCP.
type hcFSM struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (f *hcFSM) Apply(l *raft.Log) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := int(l.Data[0])
	f.data[string(l.Data[1:1+n])] = l.Data[1+n:]
	return nil
}
func (f *hcFSM) Snapshot() (raft.FSMSnapshot, error) { return nil, fmt.Errorf("not used") }
func (f *hcFSM) Restore(io.ReadCloser) error         { return fmt.Errorf("not used") }

type countingStore struct {
	*raftboltdb.BoltStore
	mu      sync.Mutex
	batches uint64        // StoreLogs calls: one bolt transaction, one fsync each
	time    time.Duration // spent in them
}

func (s *countingStore) StoreLogs(logs []*raft.Log) error {
	start := time.Now()
	err := s.BoltStore.StoreLogs(logs)
	s.mu.Lock()
	s.batches++
	s.time += time.Since(start)
	s.mu.Unlock()
	return err
}

func (s *countingStore) StoreLog(l *raft.Log) error { return s.StoreLogs([]*raft.Log{l}) }

type hcCluster struct {
	rafts  []*raft.Raft
	stores []*countingStore
	trans  []*raft.NetworkTransport
}

func startHashicorp(dir string) (*hcCluster, error) {
	c := &hcCluster{}
	var servers []raft.Server
	logger := hclog.New(&hclog.LoggerOptions{Output: io.Discard, Level: hclog.Error})
	for i := 1; i <= 3; i++ {
		t, err := raft.NewTCPTransportWithLogger("127.0.0.1:0", nil, 3, 10*time.Second, logger)
		if err != nil {
			return nil, err
		}
		c.trans = append(c.trans, t)
		servers = append(servers, raft.Server{ID: raft.ServerID(fmt.Sprint(i)), Address: t.LocalAddr()})
	}
	for i := 1; i <= 3; i++ {
		d := filepath.Join(dir, fmt.Sprint(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
		bs, err := raftboltdb.NewBoltStore(filepath.Join(d, "raft.db"))
		if err != nil {
			return nil, err
		}
		store := &countingStore{BoltStore: bs}
		c.stores = append(c.stores, store)
		snaps, err := raft.NewFileSnapshotStoreWithLogger(d, 1, logger)
		if err != nil {
			return nil, err
		}
		cfg := raft.DefaultConfig()
		cfg.LocalID = raft.ServerID(fmt.Sprint(i))
		cfg.Logger = logger
		// Election timeouts of 1 s on both sides: the shared machine is loaded.
		cfg.HeartbeatTimeout = time.Second
		cfg.ElectionTimeout = time.Second
		cfg.LeaderLeaseTimeout = 500 * time.Millisecond
		r, err := raft.NewRaft(cfg, &hcFSM{data: map[string][]byte{}}, store, store, snaps, c.trans[i-1])
		if err != nil {
			return nil, err
		}
		c.rafts = append(c.rafts, r)
	}
	if err := c.rafts[0].BootstrapCluster(raft.Configuration{Servers: servers}).Error(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *hcCluster) leader() (*raft.Raft, int) {
	for {
		for i, r := range c.rafts {
			if r.State() == raft.Leader {
				return r, i
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (c *hcCluster) put(ctx context.Context, key string, value []byte) error {
	r, _ := c.leader()
	data := append(append([]byte{byte(len(key))}, key...), value...)
	timeout := 10 * time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	return r.Apply(data, timeout).Error()
}

func (c *hcCluster) disk() diskCounts {
	_, lead := c.leader()
	var d diskCounts
	for i, s := range c.stores {
		s.mu.Lock()
		d.allSyncs += s.batches
		d.allTime += s.time
		if i == lead {
			d.leaderSyncs, d.leaderTime = s.batches, s.time
		}
		s.mu.Unlock()
	}
	return d
}

func (c *hcCluster) stop() {
	for _, r := range c.rafts {
		r.Shutdown().Error()
	}
	for _, t := range c.trans {
		t.Close()
	}
	for _, s := range c.stores {
		s.Close()
	}
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
