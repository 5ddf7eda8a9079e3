package raftcores

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/raft"
)

// TestSoakMemory runs three dsref nodes through many committed entries, each node taking a
// snapshot of its state machine and compacting its MemoryStorage every SnapshotEvery applied
// entries, and checks that memory stays flat: the live heap right after a compaction, and the
// peak heap between checkpoints, must not grow with the length of the history.
//
// By default it commits 400,000 entries with a snapshot every 40,000 (a few seconds). The soak
// of issue #15 is
//
//	cd bench/raftcores && DSREF_SOAK_ENTRIES=10000000 go test -run TestSoakMemory -v -timeout 2h
//
// (snapshots every 100,000 entries; DSREF_SOAK_SNAPSHOT_EVERY overrides it), which prints one
// line per tenth of the run (and one at the end): entries committed on all nodes, the live heap
// after a forced GC, taken right after every node compacted (the last line: wherever the run
// ended), the peak of the heap's objects sampled every 10,000
// entries since the last line, the process's resident set now (VmRSS) and its peak (VmHWM).
func TestSoakMemory(t *testing.T) {
	total, every := uint64(400_000), uint64(40_000)
	if s := os.Getenv("DSREF_SOAK_ENTRIES"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			t.Fatalf("DSREF_SOAK_ENTRIES=%q: want a positive number of entries", s)
		}
		total, every = n, 100_000
	}
	if s := os.Getenv("DSREF_SOAK_SNAPSHOT_EVERY"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			t.Fatalf("DSREF_SOAK_SNAPSHOT_EVERY=%q: want a positive number of entries", s)
		}
		every = n
	}
	if total < 4*every {
		t.Fatalf("%d entries with a snapshot every %d: want at least four snapshots", total, every)
	}
	c, err := newSoakCluster(every)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sampler := newHeapSampler()
	checkpoint := total / 10
	next := checkpoint
	var rows []soakRow
	payloads := make([][]byte, 0, 256)
	for c.appliedOnAll() < total {
		// Keep 256 proposals outstanding, as the batched benchmark shape does; every payload
		// is a fresh 128-byte slice, so that any entry the nodes keep shows in the heap.
		if out := c.proposed - c.appliedOnAll(); out < 256 && c.proposed < total {
			payloads = payloads[:0]
			for range min(256-out, total-c.proposed) {
				p := make([]byte, 128)
				binary.LittleEndian.PutUint64(p, c.proposed+uint64(len(payloads)))
				payloads = append(payloads, p)
			}
			if err := c.nodes[0].rn.ProposeBatch(payloads...); err != nil {
				t.Fatalf("propose at %d: %v", c.proposed, err)
			}
			c.proposed += uint64(len(payloads))
		}
		compacted, err := c.round()
		if err != nil {
			t.Fatal(err)
		}
		if c.appliedOnAll()%10_000 < 256 {
			sampler.sample()
		}
		if (compacted && c.appliedOnAll() >= next) || c.appliedOnAll() >= total {
			sampler.sample()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			rss, hwm := procMemory(t)
			row := soakRow{final: c.appliedOnAll() >= total, entries: c.appliedOnAll(), live: ms.HeapAlloc, peak: sampler.peak, rss: rss, hwm: hwm, elapsed: time.Since(start)}
			rows = append(rows, row)
			t.Logf("%s", row)
			sampler.peak = 0
			next += checkpoint
		}
	}
	for _, n := range c.nodes {
		if n.snapshots < total/every-1 {
			t.Fatalf("node %d took %d snapshots over %d entries, want about %d", n.id, n.snapshots, total, total/every)
		}
		if first, _ := n.st.FirstIndex(); first+2*every < n.applied {
			t.Fatalf("node %d: storage starts at %d with %d applied: it was not compacted", n.id, first, n.applied)
		}
	}
	if len(rows) < 4 {
		t.Fatalf("%d checkpoints, want at least 4", len(rows))
	}
	// Flat: the second half's figures stay within a quarter (plus 4 MiB of noise) of the
	// largest of the first half's. A core or storage that kept anything per entry would
	// double from the first half to the second.
	half := len(rows) / 2
	var firstLive, firstPeak uint64
	for _, r := range rows[:half] {
		firstLive, firstPeak = max(firstLive, r.live), max(firstPeak, r.peak)
	}
	for _, r := range rows[half : len(rows)-1] {
		if r.live > firstLive+firstLive/4+4<<20 || r.peak > firstPeak+firstPeak/4+4<<20 {
			t.Errorf("memory grows with history: at %d entries live %s peak %s, first half at most live %s peak %s",
				r.entries, mib(r.live), mib(r.peak), mib(firstLive), mib(firstPeak))
		}
	}
}

type soakRow struct {
	final                bool // the end of the run, not right after a compaction
	entries              uint64
	live, peak, rss, hwm uint64
	elapsed              time.Duration
}

func (r soakRow) String() string {
	when := "after compaction"
	if r.final {
		when = "at the end      "
	}
	return fmt.Sprintf("entries %10d  live heap %s %8s  peak heap %8s  VmRSS %8s  VmHWM %8s  %6.1fs",
		r.entries, when, mib(r.live), mib(r.peak), mib(r.rss), mib(r.hwm), r.elapsed.Seconds())
}

func mib(b uint64) string { return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20)) }

// heapSampler keeps the peak of the heap's object bytes (runtime/metrics: no stop of the
// world) over the samples taken since it was reset.
type heapSampler struct {
	s    []metrics.Sample
	peak uint64
}

func newHeapSampler() *heapSampler {
	return &heapSampler{s: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (h *heapSampler) sample() {
	metrics.Read(h.s)
	h.peak = max(h.peak, h.s[0].Value.Uint64())
}

// procMemory returns the process's resident set size and its peak, from /proc/self/status.
func procMemory(t *testing.T) (rss, hwm uint64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatalf("reading the resident set size: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[2] != "kB" {
			continue
		}
		v, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss = v << 10
		case "VmHWM:":
			hwm = v << 10
		}
	}
	if rss == 0 || hwm == 0 {
		t.Fatalf("/proc/self/status has no VmRSS or VmHWM")
	}
	return rss, hwm
}

// soakCluster is three voters driven in one goroutine, like driver.Cluster, whose state
// machines take snapshots and compact their storage.
type soakCluster struct {
	nodes    []*soakNode
	queue    []raft.Message
	proposed uint64
	every    uint64
}

type soakNode struct {
	id        uint64
	rn        *raft.RawNode
	st        *raft.MemoryStorage
	applied   uint64 // index of the last applied entry
	payloads  uint64 // entries with a payload applied
	digest    uint64 // FNV-1a over the applied payloads: the state machine
	snapshots uint64
	lastSnap  uint64
}

func newSoakCluster(every uint64) (*soakCluster, error) {
	c := &soakCluster{every: every}
	peers := []uint64{1, 2, 3}
	for _, id := range peers {
		st := raft.NewMemoryStorage()
		rn, err := raft.NewRawNode(&raft.Config{ID: id, Peers: peers, Storage: st, MaxSizePerMsg: MaxSizePerMsg, MaxInflightMsgs: MaxInflightMsgs})
		if err != nil {
			return nil, err
		}
		c.nodes = append(c.nodes, &soakNode{id: id, rn: rn, st: st})
	}
	if err := c.nodes[0].rn.Campaign(); err != nil {
		return nil, err
	}
	for range 100 {
		if _, err := c.round(); err != nil {
			return nil, err
		}
		if c.nodes[0].rn.BasicStatus().RaftState == raft.StateLeader {
			return c, nil
		}
	}
	return nil, fmt.Errorf("node 1 did not become leader")
}

func (c *soakCluster) appliedOnAll() uint64 {
	n := c.nodes[0].payloads
	for _, o := range c.nodes[1:] {
		n = min(n, o.payloads)
	}
	return n
}

// round handles every node's Ready once, then delivers the messages; compacted reports that
// every node compacted in this round or before since the last report.
func (c *soakCluster) round() (compacted bool, err error) {
	for _, n := range c.nodes {
		if !n.rn.HasReady() {
			continue
		}
		rd := n.rn.Ready()
		if err := n.st.Append(rd.Entries); err != nil {
			return false, err
		}
		if !rd.HardState.IsEmpty() {
			n.st.SetHardState(rd.HardState)
		}
		c.queue = append(c.queue, rd.Messages...)
		for i := range rd.CommittedEntries {
			e := &rd.CommittedEntries[i]
			n.applied = e.Index
			if len(e.Data) == 0 || e.Type != raft.EntryNormal {
				continue
			}
			n.digest = fnv1a(n.digest, e.Data)
			n.payloads++
		}
		n.rn.Advance(rd)
		if n.applied >= n.lastSnap+c.every {
			var data [16]byte
			binary.LittleEndian.PutUint64(data[:], n.digest)
			binary.LittleEndian.PutUint64(data[8:], n.payloads)
			if _, err := n.st.CreateSnapshot(n.applied, nil, data[:]); err != nil {
				return false, fmt.Errorf("node %d: snapshot at %d: %w", n.id, n.applied, err)
			}
			if err := n.st.Compact(n.applied); err != nil {
				return false, fmt.Errorf("node %d: compact to %d: %w", n.id, n.applied, err)
			}
			if err := n.rn.ReportCompacted(n.applied); err != nil {
				return false, fmt.Errorf("node %d: %w", n.id, err)
			}
			n.lastSnap = n.applied
			n.snapshots++
		}
	}
	msgs := c.queue
	c.queue = c.queue[len(c.queue):]
	for _, m := range msgs {
		if err := c.nodes[m.To-1].rn.Step(m); err != nil {
			return false, fmt.Errorf("step %v: %w", m, err)
		}
	}
	if len(c.queue) == 0 {
		c.queue = msgs[:0]
	}
	compacted = true
	for _, n := range c.nodes {
		compacted = compacted && n.lastSnap > 0 && n.applied-n.lastSnap < c.every/20
	}
	return compacted, nil
}

// fnv1a continues an FNV-1a hash (offset basis when h is 0) over b.
func fnv1a(h uint64, b []byte) uint64 {
	if h == 0 {
		h = 14695981039346656037
	}
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
