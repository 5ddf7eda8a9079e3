package kvcluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsref/dsref/raft/wal/vfs"
)

// Issue #17's fsync target: "a 3-node loopback cluster with fsync on sustains at least 80% of
// what the fsync rate allows with group commit at 64 concurrent clients".
//
// What the fsync rate allows. A put is acknowledged once it is durable in the leader's log
// and in one follower's. The leader sends its entries before its own fsync and counts itself
// only once that fsync returns (thesis 10.2.1), so the fsyncs of one round overlap: the
// leader's and both followers' (the third node fsyncs as well, on the same disk, though the
// commit does not wait for it). With group commit one round can carry every outstanding put:
// at 64 clients, 64. So the disk allows at most 64 puts per quorum round, where a quorum round
// is the time, on this file system, for three logs to each append one round's batch and
// fdatasync at once, until the leader's and one follower's are durable:
//
//	fsync bound = 64 / (median quorum round)
//
// On a disk that ran the three fsyncs in parallel a quorum round would cost one fsync (the
// single-file probe); on one that serializes them (one ext4 journal) it costs up to three.
// The probe measures which, rather than assuming either. A pipeline that waited for the
// leader's fsync before sending (sequential rounds) would be bound by 64 / (two single
// fsyncs); the bound above is the stricter one.

// probeResult is what probeDisk measured: medians over its samples.
type probeResult struct {
	size   int           // bytes appended per file and fsync
	single time.Duration // one file: append, fdatasync
	quorum time.Duration // three files at once: until file 0 (the leader) and one other are durable
	all    time.Duration // three files at once: until all three are durable
	// quorumMean is the mean of the quorum rounds: the fsyncs that other work on the machine
	// delays weigh on a cluster's throughput, which the median leaves out.
	quorumMean time.Duration
}

// bound is the fsync bound for clients concurrent clients by the median quorum round (the
// quiet-disk bound): puts per second.
func (p probeResult) bound(clients int) float64 { return float64(clients) / p.quorum.Seconds() }

// rateBound is the fsync bound for clients concurrent clients at the rate the probe sustained,
// one quorum round per mean quorum round: puts per second.
func (p probeResult) rateBound(clients int) float64 {
	return float64(clients) / p.quorumMean.Seconds()
}

// probeDisk measures in dir, through the WAL's own file layer (raft/wal/vfs.OS: files
// preallocated with fallocate like a segment and written with zeros as the WAL writes them
// ahead of its tail, appended with pwrite, made durable with fdatasync), samples single appends of size bytes each followed by its fsync, then samples
// quorum rounds of three files, one per node, each appending size bytes and fsyncing at once.
func probeDisk(dir string, size, samples int) (probeResult, error) {
	dir, err := os.MkdirTemp(dir, "probe")
	if err != nil {
		return probeResult{}, err
	}
	defer os.RemoveAll(dir)
	open := func(name string) (vfs.File, error) {
		f, err := vfs.OS.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		total := int64(size)*int64(samples) + 1<<20
		if err := f.Allocate(total); err != nil {
			f.Close()
			return nil, err
		}
		// Written with zeros first, as the WAL keeps the blocks ahead of its tail: an append
		// then needs no journal commit for the blocks it fills.
		if _, err := f.WriteAt(make([]byte, total), 0); err != nil {
			f.Close()
			return nil, err
		}
		return f, f.Sync()
	}
	buf := make([]byte, size)
	for i := range buf {
		buf[i] = byte(i) // not zeros: what a log writes
	}
	res := probeResult{size: size}
	one, err := open("single")
	if err != nil {
		return res, err
	}
	defer one.Close()
	single := make([]time.Duration, samples)
	for i := range samples {
		start := time.Now()
		if _, err := one.WriteAt(buf, int64(i*size)); err != nil {
			return res, err
		}
		if err := one.Sync(); err != nil {
			return res, err
		}
		single[i] = time.Since(start)
	}
	var files []vfs.File
	for n := range 3 {
		f, err := open(fmt.Sprint("node", n))
		if err != nil {
			return res, err
		}
		defer f.Close()
		files = append(files, f)
	}
	quorum, all := make([]time.Duration, samples), make([]time.Duration, samples)
	for i := range samples {
		var (
			wg   sync.WaitGroup
			done [3]time.Duration
			errs [3]error
		)
		start := time.Now()
		for n, f := range files {
			wg.Go(func() {
				if _, errs[n] = f.WriteAt(buf, int64(i*size)); errs[n] == nil {
					errs[n] = f.Sync()
				}
				done[n] = time.Since(start)
			})
		}
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			return res, err
		}
		quorum[i] = max(done[0], min(done[1], done[2]))
		all[i] = max(done[0], done[1], done[2])
	}
	res.single, res.quorum, res.all = medianDuration(single), medianDuration(quorum), medianDuration(all)
	var sum time.Duration
	for _, d := range quorum {
		sum += d
	}
	res.quorumMean = sum / time.Duration(samples)
	return res, nil
}

// BenchmarkFsyncProbe runs the probe alone, b.N samples of each kind, with 16 KiB appends
// (about one 64-put batch of the dsref log):
//
//	cd bench/kvcluster && go test -run XXX -bench FsyncProbe -benchtime 1000x
func BenchmarkFsyncProbe(b *testing.B) {
	p, err := probeDisk(b.TempDir(), 16<<10, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(p.single.Microseconds()), "single-fsync-µs")
	b.ReportMetric(float64(p.quorum.Microseconds()), "quorum-round-µs")
	b.ReportMetric(float64(p.quorumMean.Microseconds()), "quorum-round-mean-µs")
	b.ReportMetric(float64(p.all.Microseconds()), "three-fsyncs-µs")
	b.ReportMetric(p.bound(64), "fsync-bound-puts/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkFsyncTarget measures the target in one invocation, interleaved so that the shared
// machine's load falls on all of it alike. Each round runs 64 clients (the same client loop,
// measure) against, each fresh:
//
//	dsref       the 3-node cluster driven in-process: clients call kv.Node.Propose on the
//	            leader (no HTTP): raft, WAL, fsync and the peer transport only
//	dsref-http  the same cluster served as its clients see it: kv.Client to the leader's
//	            HTTP/JSON API (kv.Handler, what `dsref kv serve` serves)
//	http-floor  the HTTP/JSON API alone: kv.Handler over a backend that answers at once (no
//	            raft, no WAL, no fsync), kv.Client, one kept-alive connection per client
//	hashicorp   hashicorp/raft v1.7.2 + raft-boltdb v2.3.1, driven in-process (raft.Apply)
//
// and probes the disk (after the dsref run) with that run's batch size (64 x the bytes a put
// took in the leader's log; 1000 samples of each kind). It reports the medians over the rounds
// of every figure and of the per-round ratios ops/s / fsync bound ("of-fsync-bound"), with what
// explains them: the three nodes' fsyncs per second, the CPU the process used per put and in
// cores, and the ratio's three factors, whose product it is exactly (ops/s = puts per leader
// fsync x leader fsyncs/s):
//
//	batch fill  = puts per leader fsync / 64        (how many of the clients one fsync carries)
//	fsync speed = probe's quorum round / the mean leader fsync in the cluster
//	disk duty   = leader fsyncs/s x mean leader fsync (the fraction of the run it spent in fsync)
//
// The bound. "What the fsync rate allows": the rate is what the probe sustained, quorum rounds
// per second over its 1000 rounds, that is 1 / (mean quorum round), and group commit carries
// 64 puts per round: "of-fsync-bound" = ops/s / (64 / mean quorum round). The same with the
// median quorum round ("of-quiet-fsync-bound") is what the disk would allow if none of its
// rounds were slowed by the other work on the machine (on a quiet machine the two agree; on
// this shared one the mean was 1.5-3.3x the median): the stricter figure, the one quoted before
// session 6. "cpu-budget-µs/put" is the CPU a put may take for 80% of the bound, with every
// core of the machine on it: cores / (0.8 x bound).
//
// Whether 80% is reachable on this machine (2 cores shared by 8 sessions; 2026-12-07, two runs
// of 5 rounds, 01:03-01:05 UTC at load 20-38 and 01:34-01:35 at load 36-37, medians): the
// quiet-disk bound was 257k puts/s both times (80%: a budget of 9.7 µs of CPU per put on both
// cores), the rate bound 85k and 116k (29.3 and 21.5 µs). The HTTP/JSON API alone (http-floor),
// with no raft and no disk behind it, took 81 and 89 µs of CPU per put (5.5k and 3.7k puts/s on
// the 0.40 and 0.33 cores it got): with both cores on nothing else, 2 / 89 µs = 22.5k puts/s =
// 0.09 of the quiet-disk bound, 0.19 of the rate bound. So 80% of either bound is beyond this
// machine's CPU for any service that speaks kv's HTTP/JSON to its clients, whatever its
// replication costs: dsref through its HTTP API took 120-122 µs per put (4.1-4.6k puts/s). The
// in-process cluster (dsref: 27.0-27.5 µs per put for all three nodes; 20.6k and 24.4k puts/s,
// 0.185 and 0.208 of the rate bound, 0.070 and 0.095 of the quiet-disk bound) is about at the
// rate bound's budget (1.3x over it in the second run) and needs 2.8x less CPU per put for the
// quiet-disk one.
//
//	cd bench/kvcluster && go test -run XXX -bench FsyncTarget -benchtime 1x -v
func BenchmarkFsyncTarget(b *testing.B) {
	const clients, puts, rounds, samples = 64, 12800, 5, 1000
	fig := map[string][]float64{}
	add := func(name string, v float64) { fig[name] = append(fig[name], v) }
	dir := b.TempDir()
	cores := float64(runtime.NumCPU())
	for r := range rounds {
		ds := start(b, "dsref")
		m := measure(b, ds, clients, puts, func() {})
		ds.stop()
		p, err := probeDisk(dir, int(64*m.bytesPerPut), samples)
		if err != nil {
			b.Fatal(err)
		}
		dh := start(b, "dsref-http")
		mh := measure(b, dh, clients, puts, func() {})
		dh.stop()
		fl := start(b, "http-floor")
		f := measure(b, fl, clients, puts, func() {})
		fl.stop()
		hc := start(b, "hashicorp")
		h := measure(b, hc, clients, puts, func() {})
		hc.stop()
		bound, quiet := p.rateBound(clients), p.bound(clients)
		b.Logf("round %d (load %s): probe %d B: single fsync %v, quorum round %v (mean %v), all three %v -> fsync bound %.0f puts/s (quiet-disk bound %.0f); 80%% needs <= %.1f µs CPU per put (%.1f quiet) on %.0f cores",
			r+1, loadavg(), p.size, p.single, p.quorum, p.quorumMean, p.all, bound, quiet, cores/(0.8*bound)*1e6, cores/(0.8*quiet)*1e6, cores)
		add("cpu-budget-µs/put", cores/(0.8*bound)*1e6)
		add("quiet-cpu-budget-µs/put", cores/(0.8*quiet)*1e6)
		for _, x := range []struct {
			name string
			m    measurement
		}{{"dsref", m}, {"dsref-http", mh}, {"http-floor", f}, {"hashicorp", h}} {
			b.Logf("round %d %s: %.0f puts/s = %.3f of the bound (%.3f of the quiet-disk bound); p50 %v p99 %v; CPU %.1f µs/put = %.2f cores; %d retries",
				r+1, x.name, x.m.opsPerSec, x.m.opsPerSec/bound, x.m.opsPerSec/quiet, x.m.p50, x.m.p99,
				x.m.cpuPerPut.Seconds()*1e6, x.m.cores, x.m.retries)
			add(x.name+"-ops/s", x.m.opsPerSec)
			add(x.name+"-of-fsync-bound", x.m.opsPerSec/bound)
			add(x.name+"-of-quiet-fsync-bound", x.m.opsPerSec/quiet)
			add(x.name+"-cpu-µs/put", x.m.cpuPerPut.Seconds()*1e6)
			add(x.name+"-cores", x.m.cores)
			add(x.name+"-p50-µs", float64(x.m.p50.Microseconds()))
			add(x.name+"-p99-µs", float64(x.m.p99.Microseconds()))
			if x.m.fsyncsPerSec == 0 {
				continue // no disk
			}
			b.Logf("round %d %s: leader %.0f fsyncs/s of %v (%.1f puts each, disk duty %.2f), followers' fsyncs %v; all nodes %.0f fsyncs/s",
				r+1, x.name, x.m.fsyncsPerSec, x.m.syncTime, x.m.opsPerSec/x.m.fsyncsPerSec,
				x.m.fsyncsPerSec*x.m.syncTime.Seconds(), x.m.followerSyncTime, x.m.allFsyncsPerSec)
			add(x.name+"-puts/leader-fsync", x.m.opsPerSec/x.m.fsyncsPerSec)
			add(x.name+"-leader-fsync-µs", float64(x.m.syncTime.Microseconds()))
			add(x.name+"-disk-duty", x.m.fsyncsPerSec*x.m.syncTime.Seconds())
			add(x.name+"-all-fsyncs/s", x.m.allFsyncsPerSec)
			add(x.name+"-follower-fsync-µs", float64(x.m.followerSyncTime.Microseconds()))
			fill, speed, duty := x.m.opsPerSec/x.m.fsyncsPerSec/clients, p.quorum.Seconds()/x.m.syncTime.Seconds(), x.m.fsyncsPerSec*x.m.syncTime.Seconds()
			b.Logf("round %d %s: of the quiet-disk bound %.3f = batch fill %.3f x fsync speed %.3f x disk duty %.3f", r+1, x.name, fill*speed*duty, fill, speed, duty)
			add(x.name+"-batch-fill", fill)
			add(x.name+"-fsync-speed", speed)
		}
		add("probe-single-fsync-µs", float64(p.single.Microseconds()))
		add("probe-quorum-round-µs", float64(p.quorum.Microseconds()))
		add("probe-quorum-round-mean-µs", float64(p.quorumMean.Microseconds()))
		add("probe-three-fsyncs-µs", float64(p.all.Microseconds()))
		add("fsync-bound-puts/s", bound)
		add("quiet-fsync-bound-puts/s", quiet)
		add("dsref-log-bytes/put", m.bytesPerPut)
	}
	for name, v := range fig {
		b.ReportMetric(median(v), name)
	}
	b.ReportMetric(0, "ns/op")
}

// loadavg returns the machine's 1, 5 and 15 minute load averages.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func medianDuration(ds []time.Duration) time.Duration {
	s := make([]float64, len(ds))
	for i, d := range ds {
		s[i] = float64(d)
	}
	return time.Duration(median(s))
}
