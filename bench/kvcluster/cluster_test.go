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
	fsyncs() uint64 // fsyncs of the leader's log so far
	readys() uint64 // Readys the leader handled so far (0 where there is no such thing)
	stop()
}

var clientCounts = []int{1, 16, 64}

func BenchmarkCluster(b *testing.B) {
	for _, clients := range clientCounts {
		for _, impl := range []string{"dsref", "hashicorp"} {
			b.Run(fmt.Sprintf("clients=%d/impl=%s", clients, impl), func(b *testing.B) {
				c := start(b, impl)
				defer c.stop()
				run(b, c, clients)
			})
		}
	}
}

// start starts a fresh cluster of impl ("dsref" or "hashicorp") in a new directory.
func start(b *testing.B, impl string) cluster {
	dir := b.TempDir()
	var c cluster
	var err error
	if impl == "dsref" {
		c, err = startDsref(dir)
	} else {
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
	b.ReportMetric(float64(m.retries), "retries")
	b.ReportMetric(0, "ns/op")
}

// measurement is what one run of puts found.
type measurement struct {
	ops                                     int
	opsPerSec, fsyncsPerSec, fsyncsPerReady float64
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
	syncs0, readys0 := c.fsyncs(), c.readys()
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
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return measurement{}
	}
	m := measurement{ops: len(all), opsPerSec: float64(len(all)) / elapsed.Seconds(),
		p50: all[len(all)/2], p99: all[len(all)*99/100],
		fsyncsPerSec: float64(c.fsyncs()-syncs0) / elapsed.Seconds(), retries: retries.Load()}
	if r := c.readys() - readys0; r > 0 {
		m.fsyncsPerReady = float64(c.fsyncs()-syncs0) / float64(r)
	}
	return m
}

// dsref: three kv nodes in this process, each with its WAL in dir, on loopback TCP.
type dsrefCluster struct {
	nodes  []*kv.Node
	cancel context.CancelFunc
}

func startDsref(dir string) (*dsrefCluster, error) {
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
			Tick: 10 * time.Millisecond, ElectionTicks: 100, PeerListener: lns[i-1],
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
	for {
		for _, n := range c.nodes {
			if st, err := n.Status(ctx); err == nil && st.Leader == st.ID {
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
	_, err := c.leader(ctx).Propose(ctx, kv.Command{Op: kv.OpPut, Key: key, Value: string(value)})
	return err
}

func (c *dsrefCluster) fsyncs() uint64 {
	st, _ := c.leader(context.Background()).Status(context.Background())
	return st.WALSyncs
}

func (c *dsrefCluster) readys() uint64 {
	st, _ := c.leader(context.Background()).Status(context.Background())
	return st.Readys
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
	batches uint64 // StoreLogs calls: one bolt transaction, one fsync each
}

func (s *countingStore) StoreLogs(logs []*raft.Log) error {
	s.mu.Lock()
	s.batches++
	s.mu.Unlock()
	return s.BoltStore.StoreLogs(logs)
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

func (c *hcCluster) fsyncs() uint64 {
	_, i := c.leader()
	s := c.stores[i]
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.batches
}

func (c *hcCluster) readys() uint64 { return 0 }

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

// BenchmarkFsyncProbe measures the disk's synced-write rate: 4 KiB written in place into a
// preallocated file, then fdatasync, one at a time: what one fsync costs here.
func BenchmarkFsyncProbe(b *testing.B) {
	b.ReportMetric(probeFsync(b, b.N, b.ResetTimer), "fsyncs/s")
}

// probeFsync does n synced 4 KiB writes and returns their rate; started is called when the
// measured part begins.
func probeFsync(b *testing.B, n int, started func()) float64 {
	f, err := os.Create(filepath.Join(b.TempDir(), "probe"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(1 << 20); err != nil {
		b.Fatal(err)
	}
	f.Sync()
	buf := make([]byte, 4096)
	started()
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := f.WriteAt(buf, int64(i%256)*4096); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// BenchmarkFsyncTarget measures issue #17's target in one invocation, interleaved so that the
// shared machine's load falls on all of them alike: per round, the fsync probe, then a fresh
// dsref cluster and a fresh hashicorp cluster at 64 clients (fsync on). A put is acknowledged
// once the leader and one follower have fsynced it, and the leader writes while the followers
// do (it sends before its own fsync), so with group commit every fsync round can acknowledge
// all 64 outstanding puts: what the fsync rate allows is 64 puts per fsync time, 64 x the
// probe's rate, as long as the three nodes' fsyncs do not queue behind each other on the one
// disk. It reports the medians over the rounds of each figure and of the ratios
// ops/s / (64 x probe fsyncs/s) ("of-fsync-bound"), leader fsyncs/s / probe fsyncs/s
// ("disk-busy"), puts per leader fsync (what group commit batches) and puts per probe fsync
// (ops/s / probe fsyncs/s: above 1 only with group commit).
//
//	cd bench/kvcluster && go test -run XXX -bench FsyncTarget -benchtime 1x
func BenchmarkFsyncTarget(b *testing.B) {
	const clients, puts, rounds = 64, 6400, 3
	var probe, dsOps, hcOps, dsBound, hcBound, dsBusy, dsBatch, dsPerProbe, dsP50, dsP99, hcP50, hcP99 []float64
	for r := 0; r < rounds; r++ {
		p := probeFsync(b, 300, func() {})
		probe = append(probe, p)
		for _, impl := range []string{"dsref", "hashicorp"} {
			c := start(b, impl)
			m := measure(b, c, clients, puts, func() {})
			c.stop()
			b.Logf("round %d %s: probe %.0f fsyncs/s, %.0f ops/s, p50 %v, p99 %v, leader %.0f fsyncs/s, %d retries",
				r+1, impl, p, m.opsPerSec, m.p50, m.p99, m.fsyncsPerSec, m.retries)
			if impl == "dsref" {
				dsOps, dsBound, dsBusy = append(dsOps, m.opsPerSec), append(dsBound, m.opsPerSec/(clients*p)), append(dsBusy, m.fsyncsPerSec/p)
				dsBatch, dsPerProbe = append(dsBatch, m.opsPerSec/m.fsyncsPerSec), append(dsPerProbe, m.opsPerSec/p)
				dsP50, dsP99 = append(dsP50, float64(m.p50.Microseconds())), append(dsP99, float64(m.p99.Microseconds()))
			} else {
				hcOps, hcBound = append(hcOps, m.opsPerSec), append(hcBound, m.opsPerSec/(clients*p))
				hcP50, hcP99 = append(hcP50, float64(m.p50.Microseconds())), append(hcP99, float64(m.p99.Microseconds()))
			}
		}
	}
	b.ReportMetric(median(probe), "probe-fsyncs/s")
	b.ReportMetric(median(dsOps), "dsref-ops/s")
	b.ReportMetric(median(hcOps), "hashicorp-ops/s")
	b.ReportMetric(median(dsBound), "dsref-of-fsync-bound")
	b.ReportMetric(median(hcBound), "hashicorp-of-fsync-bound")
	b.ReportMetric(median(dsBusy), "dsref-disk-busy")
	b.ReportMetric(median(dsBatch), "dsref-puts/leader-fsync")
	b.ReportMetric(median(dsPerProbe), "dsref-puts/probe-fsync")
	b.ReportMetric(median(dsP50), "dsref-p50-µs")
	b.ReportMetric(median(dsP99), "dsref-p99-µs")
	b.ReportMetric(median(hcP50), "hashicorp-p50-µs")
	b.ReportMetric(median(hcP99), "hashicorp-p99-µs")
	b.ReportMetric(0, "ns/op")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
