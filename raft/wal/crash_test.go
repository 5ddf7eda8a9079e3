package wal_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// crashStep is one call of the scripted workload.
type crashStep struct {
	hs      raft.HardState
	ents    []raft.Entry
	sync    bool
	snap    *wal.Snapshot // the node's own snapshot (SaveSnapshot), then Release(release)
	release uint64
	install *wal.Snapshot // a snapshot installed from a leader (Batch.Snapshot)
	trace   []string      // the batch's trace records
}

// crashWorkload exercises everything recovery must survive: unsynced and synced batches, a
// follower overwriting a suffix, segment cuts (small segments), a snapshot with release of the
// older segments, an entry larger than a segment, a hard-state-only batch, batches with trace
// records (one with nothing else), and a snapshot installed from a leader that replaces the
// log, in one batch with its hard state, entries and trace.
func crashWorkload() []crashStep {
	big := raft.Entry{Term: 3, Index: 21, Data: bytes.Repeat([]byte("B"), 300)}
	return []crashStep{
		{hs: raft.HardState{Term: 1, Vote: 1}, ents: ents(1, 1, 3), sync: true},
		{ents: ents(1, 4, 6)},
		{hs: raft.HardState{Term: 1, Vote: 1, Commit: 3}, ents: ents(1, 7, 9), sync: true},
		{hs: raft.HardState{Term: 2, Vote: 2, Commit: 5}, ents: ents(2, 8, 10), sync: true},
		{ents: ents(2, 11, 14), sync: true},
		{snap: &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 6, Term: 1}, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: []byte("kv@6")}, release: 6},
		{hs: raft.HardState{Term: 3, Commit: 10}, ents: ents(3, 15, 18)},
		{ents: ents(3, 19, 20), sync: true},
		{ents: []raft.Entry{big}, sync: true},
		{hs: raft.HardState{Term: 3, Commit: 21}, sync: true},
		{ents: ents(3, 22, 23), trace: []string{`{"a":1}`, `{"a":2}`}},
		{install: &wal.Snapshot{SnapshotMeta: wal.SnapshotMeta{Index: 30, Term: 4}, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}, Data: []byte("kv@30")},
			hs: raft.HardState{Term: 4, Vote: 2, Commit: 30}, ents: ents(4, 31, 32), trace: []string{`{"install":30}`}, sync: true},
		{trace: []string{`{"only":"trace"}`}},
		{ents: ents(4, 33, 33), trace: []string{`{"c":3}`}, sync: true},
	}
}

// logState is the content of a log as recovery reports it.
type logState struct {
	hs    raft.HardState
	snap  wal.SnapshotMeta
	ents  []raft.Entry
	trace []string
}

func (s logState) String() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "hs=%+v snap=%+v ents=", s.hs, s.snap)
	for _, e := range s.ents {
		fmt.Fprintf(&b, "%d/%d ", e.Term, e.Index)
	}
	fmt.Fprintf(&b, "trace=%q", s.trace)
	return b.String()
}

func stateOf(st *wal.State) logState {
	s := logState{hs: st.HardState, ents: st.Entries}
	if st.Snapshot != nil {
		s.snap = st.Snapshot.SnapshotMeta
	}
	if len(s.ents) == 0 {
		s.ents = nil
	}
	for _, r := range st.Trace {
		s.trace = append(s.trace, string(r))
	}
	return s
}

// modelStates returns the state after each prefix of the workload's batches (index 0: empty).
func modelStates(steps []crashStep) []logState {
	cur := logState{}
	out := []logState{cur}
	for _, s := range steps {
		next := logState{hs: cur.hs, snap: cur.snap, ents: append([]raft.Entry(nil), cur.ents...),
			trace: append(cur.trace[:len(cur.trace):len(cur.trace)], s.trace...)}
		if s.install != nil {
			next.ents, next.snap = nil, s.install.SnapshotMeta
		}
		if s.snap != nil {
			m := s.snap.SnapshotMeta
			keep := next.ents[:0:0]
			for _, e := range next.ents {
				if e.Index > m.Index {
					keep = append(keep, e)
				}
			}
			next.ents, next.snap = keep, m
		} else {
			if !s.hs.IsEmpty() {
				next.hs = s.hs
			}
			for _, e := range s.ents {
				first := next.snap.Index + 1
				next.ents = append(next.ents[:e.Index-first], e)
			}
		}
		if len(next.ents) == 0 {
			next.ents = nil
		}
		out = append(out, next)
		cur = next
	}
	return out
}

// segmentSizes are the segment sizes the crash tests run with: small enough to cut a segment
// every few batches, and large enough to hold the whole workload in one.
var segmentSizes = []int64{256, 4096}

// runWorkload runs steps against fsys until an error; it returns how many batches were saved
// and how many were acknowledged (made durable by a Sync that returned nil).
func runWorkload(fsys vfs.FS, segSize int64, steps []crashStep) (saved, acked int, err error) {
	w, _, err := wal.Open("/node", wal.Options{FS: fsys, SegmentSize: segSize})
	if err != nil {
		return 0, 0, err
	}
	for _, s := range steps {
		if s.install != nil || len(s.trace) > 0 {
			b := wal.Batch{Snapshot: s.install, HardState: s.hs, Entries: s.ents}
			for _, r := range s.trace {
				b.Trace = append(b.Trace, []byte(r))
			}
			if err := w.SaveBatch(b); err != nil {
				return saved, acked, err
			}
			saved++
			if s.sync {
				if err := w.Sync(); err != nil {
					return saved, acked, err
				}
				acked = saved
			}
			continue
		}
		if s.snap != nil {
			saved++
			if err := w.SaveSnapshot(s.snap); err != nil {
				return saved, acked, err
			}
			acked = saved
			if err := w.Release(s.release); err != nil {
				return saved, acked, err
			}
			continue
		}
		if err := w.Save(s.hs, s.ents); err != nil {
			return saved, acked, err
		}
		saved++
		if s.sync {
			if err := w.Sync(); err != nil {
				return saved, acked, err
			}
			acked = saved
		}
	}
	return saved, acked, w.Close()
}

// checkRecovery opens the rebooted file system and checks that what it finds is the state
// after some prefix of the batches, at least as long as the acknowledged ones (nothing
// acknowledged lost, nothing invented, nothing half-applied); then that the recovered log is
// writable and that a second crash and recovery keeps what the first one found plus a new
// acknowledged batch.
func checkRecovery(t *testing.T, desc string, fsys *vfs.Mem, segSize int64, models []logState, saved, acked int) {
	t.Helper()
	w, st, err := wal.Open("/node", wal.Options{FS: fsys, SegmentSize: segSize, ReadTrace: true})
	if err != nil {
		t.Fatalf("%s: recovery failed: %v\nreproduce: go test ./raft/wal -run TestCrashAtEveryStep -v", desc, err)
	}
	got := stateOf(st)
	match := -1
	for j := acked; j <= saved && j < len(models); j++ {
		if reflect.DeepEqual(got, models[j]) {
			match = j
		}
	}
	if match < 0 {
		t.Fatalf("%s: recovered state matches no batch prefix in [%d, %d] (acknowledged %d)\n got: %v\nacked: %v",
			desc, acked, saved, acked, got, models[acked])
	}
	last := got.snap.Index
	if n := len(got.ents); n > 0 {
		last = got.ents[n-1].Index
	}
	extra := raft.Entry{Term: max(got.hs.Term, 1), Index: last + 1, Data: []byte("after")}
	hs := got.hs
	hs.Term = max(hs.Term, 1)
	if err := w.Save(hs, []raft.Entry{extra}); err != nil {
		t.Fatalf("%s: save after recovery: %v", desc, err)
	}
	if err := w.Sync(); err != nil {
		t.Fatalf("%s: sync after recovery: %v", desc, err)
	}
	_, st2, err := wal.Open("/node", wal.Options{FS: fsys.RebootDropUnsynced(), SegmentSize: segSize, ReadTrace: true})
	if err != nil {
		t.Fatalf("%s: second recovery failed: %v", desc, err)
	}
	want := got
	want.hs = hs
	want.ents = append(append([]raft.Entry(nil), got.ents...), extra)
	if g := stateOf(st2); !reflect.DeepEqual(g, want) {
		t.Fatalf("%s: second recovery lost data\n got: %v\nwant: %v", desc, g, want)
	}
}

// TestCrashAtEveryStep crashes the scripted workload at every mutating file-system call, and
// for each crash recovers from every disk the crash model allows: no unsynced operation
// persisted, every prefix of the pending operations with the next write torn at every byte
// offset, and random subsets of 16-byte sectors (unsynced writes persisted out of order).
//
// Tests RAFT-PERSIST-1, RAFT-WAL-1.
func TestCrashAtEveryStep(t *testing.T) {
	for _, size := range segmentSizes {
		t.Run(fmt.Sprintf("segment=%d", size), func(t *testing.T) { crashAtEveryStep(t, size) })
	}
	// Recovery reads segments through a window: with 7-byte reads every record straddles them.
	defer wal.SetReadChunk(7)()
	t.Run("segment=4096/read=7", func(t *testing.T) { crashAtEveryStep(t, 4096) })
}

func crashAtEveryStep(t *testing.T, segSize int64) {
	steps := crashWorkload()
	models := modelStates(steps)
	clean := vfs.NewMem()
	saved, acked, err := runWorkload(clean, segSize, steps)
	if err != nil || acked != len(steps) {
		t.Fatalf("workload without a crash: saved %d acked %d: %v", saved, acked, err)
	}
	total := clean.Steps()
	recoveries := 0
	for k := 1; k <= total; k++ {
		fsys := vfs.NewMem()
		fsys.SetCrashAt(k)
		saved, acked, err := runWorkload(fsys, segSize, steps)
		if !errors.Is(err, vfs.ErrCrashed) {
			t.Fatalf("crash at step %d: workload ended with %v, want the crash", k, err)
		}
		pending := fsys.Pending()
		check := func(desc string, rebooted *vfs.Mem) {
			recoveries++
			checkRecovery(t, fmt.Sprintf("segment size %d, crash at step %d, %s", segSize, k, desc), rebooted, segSize, models, saved, acked)
		}
		check("no unsynced operation persisted", fsys.RebootDropUnsynced())
		for n := 0; n <= len(pending); n++ {
			check(fmt.Sprintf("first %d of %d pending operations persisted", n, len(pending)), fsys.RebootPrefix(n, 0))
			if n < len(pending) && pending[n].Kind == "write" {
				for tear := 1; tear < pending[n].Len; tear++ {
					check(fmt.Sprintf("first %d pending operations persisted, then %d of the %d bytes of %v", n, tear, pending[n].Len, pending[n]),
						fsys.RebootPrefix(n, tear))
				}
			}
		}
		for seed := uint64(0); seed < 8; seed++ {
			check(fmt.Sprintf("random sectors persisted (seed %d)", seed), fsys.RebootRandom(rand.New(rand.NewPCG(uint64(k), seed)), 16))
		}
	}
	t.Logf("%d crash points, %d recoveries checked", total, recoveries)
}

// TestBitFlipsAreDetected flips every bit position (one bit per byte, rotating) of every
// segment of a cleanly closed log in which every batch was synced on its own. Recovery must
// report corruption naming the file, or, only for damage that a torn write could also explain
// (in the last segment, after everything a record proves durable), truncate and report a torn
// tail; it never returns data that differs from what was written.
//
// Tests RAFT-WAL-2.
func TestBitFlipsAreDetected(t *testing.T) {
	for _, size := range segmentSizes {
		t.Run(fmt.Sprintf("segment=%d", size), func(t *testing.T) { bitFlipsAreDetected(t, size) })
	}
	defer wal.SetReadChunk(7)()
	t.Run("segment=4096/read=7", func(t *testing.T) { bitFlipsAreDetected(t, 4096) })
}

func bitFlipsAreDetected(t *testing.T, segSize int64) {
	var steps []crashStep
	for _, s := range crashWorkload() {
		if s.snap == nil {
			s.sync = true
		}
		steps = append(steps, s)
	}
	models := modelStates(steps)
	base := vfs.NewMem()
	if _, _, err := runWorkload(base, segSize, steps); err != nil {
		t.Fatal(err)
	}
	names, _ := base.List("/node/wal")
	flips, errs, torn := 0, 0, 0
	for i, name := range names {
		file := "/node/wal/" + name
		data, _ := base.ReadFile(file)
		lastSeg := i == len(names)-1
		// The preallocated zeros after the data all behave alike: flip a few of them.
		end := len(data)
		for end > 0 && data[end-1] == 0 {
			end--
		}
		for off := range min(len(data), end+64) {
			fsys := base.RebootDropUnsynced()
			if err := fsys.FlipBit(file, int64(off), uint(off)); err != nil {
				t.Fatal(err)
			}
			flips++
			_, st, err := wal.Open("/node", wal.Options{FS: fsys, SegmentSize: segSize, ReadTrace: true})
			if err != nil {
				var ce *wal.CorruptionError
				if !errors.As(err, &ce) || ce.File != file || ce.Offset > int64(off) {
					t.Fatalf("flip at %s:%d: error %v does not name the file and an offset at or before the flip", file, off, err)
				}
				errs++
				continue
			}
			got := stateOf(st)
			if reflect.DeepEqual(got, models[len(models)-1]) {
				if st.TornTail != nil {
					torn++ // the flip hit unwritten space at the end of the last segment
				}
				continue
			}
			if !lastSeg || st.TornTail == nil {
				t.Fatalf("flip at %s:%d: recovery silently returned other data: %v", file, off, got)
			}
			if !reflect.DeepEqual(got, models[len(models)-2]) {
				t.Fatalf("flip at %s:%d: torn-tail recovery lost more than the last batch: %v", file, off, got)
			}
			torn++
		}
	}
	if errs == 0 || torn == 0 {
		t.Fatalf("%d flips: %d errors, %d torn tails; expected both kinds", flips, errs, torn)
	}
	t.Logf("%d bit flips: %d reported as corruption, %d as a torn tail of the last segment", flips, errs, torn)
}
