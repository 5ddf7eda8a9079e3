package wal

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// Options configures a log. The zero value is a real log on the OS file system with 64 MiB
// segments.
type Options struct {
	// FS is the file system; nil means vfs.OS.
	FS vfs.FS
	// SegmentSize is the size segments are preallocated to and cut at. Default 64 MiB.
	SegmentSize int64
	// NoSync skips every fsync. Only for measuring what fsync costs: a crash loses data.
	NoSync bool
	// ReadTrace makes Open return the trace records of the batches it recovers (State.Trace).
	// They are held in memory together: those of every segment not yet released.
	ReadTrace bool
}

// DefaultSegmentSize is the default Options.SegmentSize.
const DefaultSegmentSize = 64 << 20

// flushThreshold is how many buffered bytes Save writes out (without syncing) before a Sync
// asks for them, so that a long run of unsynced Saves does not grow the buffer without bound.
const flushThreshold = 4 << 20

// SnapshotMeta identifies a snapshot: the index and term of the last entry it covers.
type SnapshotMeta struct {
	Index uint64
	Term  uint64
}

// State is what Open recovered.
type State struct {
	HardState raft.HardState
	// Snapshot is the newest snapshot whose marker is in the log, nil if there is none.
	Snapshot *Snapshot
	// Entries are the entries after the snapshot, contiguous.
	Entries []raft.Entry
	// TornTail describes the half-written end of the last segment that Open truncated, nil if
	// the log ended cleanly.
	TornTail *TornTail
	// Trace holds the trace records (Batch.Trace) of the recovered batches, oldest first, if
	// Options.ReadTrace asked for them.
	Trace [][]byte
}

// WAL is a write-ahead log of raft hard states, entries and snapshot markers in a directory:
// segment files in dir/wal and snapshot files in dir/snap. Save and Sync may be called from
// many goroutines; concurrent Syncs share fsyncs (group commit).
type WAL struct {
	fsys    vfs.FS
	walDir  string
	snapDir string
	opts    Options

	mu      sync.Mutex
	cond    sync.Cond
	buf     []byte      // encoded batches not written yet
	spare   []byte      // the other buffer, reused
	batches []batchInfo // one per batch in buf
	state   replayState // hard state, snapshot marker and last index as of the last Save
	saved   uint64      // batches saved
	written uint64      // batches written to their segment (not necessarily durable)
	synced  uint64      // batches durable
	// syncedSnap is the newest snapshot whose marker is durable: snapshot files older than it
	// may go, and Release may delete the segments it covers.
	syncedSnap SnapshotMeta
	busy       bool  // a goroutine is writing batches out
	err        error // sticky: after a failed write or fsync nothing more is accepted
	closed     bool
	lock       io.Closer // the directory lock, held while open

	// Owned by the goroutine that set busy.
	seg  *segment
	tail batchInfo // the state after the last batch written

	segMu sync.Mutex
	segs  []segmentInfo // every segment, the last one being written

	stats struct {
		syncs, bytes, segments, syncNanos atomic.Uint64
		shared                            uint64 // under mu
	}
}

// batchInfo remembers, for a buffered batch, where it ends and the state after it, which a
// new segment's header repeats.
type batchInfo struct {
	end      int
	hs       raft.HardState
	snap     SnapshotMeta
	last     uint64
	lastTerm uint64
	maxIndex uint64
}

// Stats counts a log's work since Open.
type Stats struct {
	Batches     uint64 // batches saved (one per Save or SaveSnapshot)
	Syncs       uint64 // fsyncs of segment data
	Bytes       uint64 // bytes written to segments
	Segments    uint64 // segments created
	SharedSyncs uint64 // Sync calls that found their batches made durable by another caller's fsync
	// SyncTime is the time spent in the fsyncs that Syncs counts: SyncTime/Syncs is what one
	// fsync of this log costs on its disk, with whatever else the disk is doing.
	SyncTime time.Duration
}

// Open opens the log in dir, creating it if needed, and recovers its state. A torn tail of
// the last segment is truncated and reported in State.TornTail; any other damage is a
// *CorruptionError naming the file and offset.
func Open(dir string, opts Options) (*WAL, *State, error) {
	if opts.FS == nil {
		opts.FS = vfs.OS
	}
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = DefaultSegmentSize
	}
	fsys := opts.FS
	w := &WAL{fsys: fsys, walDir: path.Join(dir, "wal"), snapDir: path.Join(dir, "snap"), opts: opts}
	w.cond.L = &w.mu
	for _, d := range []string{w.walDir, w.snapDir} {
		if err := fsys.MkdirAll(d); err != nil {
			return nil, nil, err
		}
	}
	// Make the directories' own names durable: dir in its parent, wal and snap in dir.
	for _, d := range []string{path.Dir(path.Clean(dir)), dir} {
		if err := fsys.SyncDir(d); err != nil {
			return nil, nil, err
		}
	}
	lock, err := fsys.Lock(path.Join(dir, "LOCK"))
	if err != nil {
		return nil, nil, fmt.Errorf("wal: %s is in use by another process: %w", dir, err)
	}
	w.lock = lock
	opened := false
	defer func() {
		if !opened {
			lock.Close()
		}
	}()
	names, err := fsys.List(w.walDir)
	if err != nil {
		return nil, nil, err
	}
	segs, tmps, err := listSegments(names)
	if err != nil {
		err.(*CorruptionError).File = path.Join(w.walDir, err.(*CorruptionError).File)
		return nil, nil, err
	}
	for _, t := range tmps {
		if err := fsys.Remove(path.Join(w.walDir, t)); err != nil {
			return nil, nil, err
		}
	}
	if len(tmps) > 0 {
		if err := fsys.SyncDir(w.walDir); err != nil {
			return nil, nil, err
		}
	}
	snaps, err := listSnapshots(fsys, w.snapDir)
	if err != nil {
		return nil, nil, err
	}
	st := replayState{keepTrace: opts.ReadTrace}
	if len(snaps) > 0 {
		st.skipBelow = snaps[len(snaps)-1].Index
	}
	infos, res, err := replaySegments(fsys, w.walDir, segs, &st)
	if err == nil && st.skipBelow != 0 {
		// The newest snapshot file has no marker in the log (a crash came between writing
		// it and logging it), so the skipped entries are needed: replay keeping them all.
		st = replayState{keepTrace: opts.ReadTrace}
		infos, res, err = replaySegments(fsys, w.walDir, segs, &st)
	}
	if err != nil {
		return nil, nil, err
	}
	out := &State{HardState: st.hs, Entries: st.ents, TornTail: res.torn, Trace: st.trace}
	if st.hs.Commit > st.last {
		// A commit index beyond the log can only be an older node's bug; the commit index is
		// volatile in Raft, so forgetting the excess is safe.
		out.HardState.Commit = st.last
	}
	if st.snap.Index != 0 {
		snap, err := readSnapshot(fsys, path.Join(w.snapDir, snapshotName(st.snap)))
		if err != nil {
			return nil, nil, err
		}
		if snap.SnapshotMeta != st.snap {
			return nil, nil, &CorruptionError{File: path.Join(w.snapDir, snapshotName(st.snap)), Offset: -1,
				Reason: fmt.Sprintf("snapshot file holds index %d term %d, the log's marker says index %d term %d", snap.Index, snap.Term, st.snap.Index, st.snap.Term)}
		}
		out.Snapshot = snap
	}
	st.ents, st.terms, st.trace = nil, nil, nil
	w.state = st
	w.syncedSnap = st.snap
	w.tail = batchInfo{hs: st.hs, snap: st.snap, last: st.last, lastTerm: st.lastTerm}
	w.segs = infos
	if len(segs) == 0 {
		seg, err := createSegment(fsys, w.walDir, 1, 1, 0, opts.SegmentSize, raft.HardState{}, SnapshotMeta{})
		if err != nil {
			return nil, nil, err
		}
		w.seg = seg
		w.segs = []segmentInfo{{path: seg.path, seq: 1}}
		w.stats.segments.Add(1)
		opened = true
		return w, out, nil
	}
	lastSeg := segs[len(segs)-1]
	f, err := fsys.Open(path.Join(w.walDir, lastSeg.name))
	if err != nil {
		return nil, nil, err
	}
	if res.torn != nil {
		// Cut the damage off and zero the space again, durably, before writing after it.
		if err := f.Truncate(res.end); err != nil {
			return nil, nil, err
		}
		if err := f.Allocate(opts.SegmentSize); err != nil {
			return nil, nil, err
		}
		if err := f.Sync(); err != nil {
			return nil, nil, err
		}
	}
	w.seg = &segment{f: f, path: path.Join(w.walDir, lastSeg.name), seq: lastSeg.seq, off: res.end, durable: res.end, headerEnd: res.headerEnd, zeroed: res.end}
	opened = true
	return w, out, nil
}

// Save appends one batch: the hard state (if not empty) and the entries of one Ready. The
// batch is atomic: after a crash, recovery finds all of it or none of it. It is durable once
// Sync returns.
// Implements RAFT-WAL-1.
func (w *WAL) Save(hs raft.HardState, ents []raft.Entry) error {
	return w.SaveBatch(Batch{HardState: hs, Entries: ents})
}

// Batch is what one Ready persists, saved atomically by SaveBatch.
type Batch struct {
	// Snapshot, if not nil, is a snapshot the node installed (Ready.Snapshot): it replaces the
	// whole log, and Entries continue after it. Its file is written and synced before the
	// batch; the batch holds its marker.
	Snapshot *Snapshot
	// HardState is saved unless empty.
	HardState raft.HardState
	// Entries are appended; an entry at or before the log's last index replaces the log's
	// suffix from its index on.
	Entries []raft.Entry
	// Trace holds opaque records that become durable exactly when the batch does, and that
	// Open returns (Options.ReadTrace): a node's trace events of the steps the batch persists,
	// so that a crash never leaves a durable step out of the trace, nor the reverse.
	Trace [][]byte
}

// SaveBatch appends one batch. The batch is atomic: after a crash, recovery finds all of it or
// none of it. It is durable once Sync returns (and survives the process, though not the
// machine, once Flush returns).
// Implements RAFT-WAL-1, RAFT-WAL-3.
func (w *WAL) SaveBatch(b Batch) error {
	if b.Snapshot == nil && b.HardState.IsEmpty() && len(b.Entries) == 0 && len(b.Trace) == 0 {
		return nil
	}
	if b.Snapshot != nil {
		if err := w.writeSnapshotFile(b.Snapshot); err != nil {
			return err
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return err
	}
	last, snap := w.state.last, w.state.snap
	if s := b.Snapshot; s != nil {
		if s.Index <= snap.Index {
			return fmt.Errorf("wal: installed snapshot at index %d is not newer than the logged snapshot at %d", s.Index, snap.Index)
		}
		last, snap = s.Index, s.SnapshotMeta
	}
	for i, e := range b.Entries {
		if len(e.Data) > MaxRecordSize-3*10 {
			return fmt.Errorf("wal: entry %d has %d bytes of data, more than a record holds", e.Index, len(e.Data))
		}
		if e.Index == 0 || (i == 0 && e.Index > last+1) || (i > 0 && e.Index != b.Entries[i-1].Index+1) {
			return fmt.Errorf("wal: entry %d does not follow the log's last index %d", e.Index, last)
		}
		if e.Index <= snap.Index {
			return fmt.Errorf("wal: entry %d is covered by the snapshot at %d", e.Index, snap.Index)
		}
	}
	for _, t := range b.Trace {
		if len(t) > MaxRecordSize {
			return fmt.Errorf("wal: a trace record of %d bytes is more than a record holds", len(t))
		}
	}
	lastRec := len(w.buf)
	if s := b.Snapshot; s != nil {
		w.buf = appendSnapshotRecord(w.buf, s.SnapshotMeta, recInstall)
		w.state.snap = s.SnapshotMeta
		w.state.last, w.state.lastTerm = s.Index, s.Term
	}
	if !b.HardState.IsEmpty() {
		lastRec = len(w.buf)
		w.buf = appendHardStateRecord(w.buf, b.HardState, recHardState)
		w.state.hs = b.HardState
	}
	var maxIndex uint64
	for _, e := range b.Entries {
		lastRec = len(w.buf)
		w.buf = appendEntryRecord(w.buf, e, recEntry)
		w.state.last, w.state.lastTerm = e.Index, e.Term
		maxIndex = e.Index
	}
	for _, t := range b.Trace {
		lastRec = len(w.buf)
		w.buf = appendRecord(w.buf, recTrace, t)
	}
	w.buf[lastRec+16] |= batchEnd
	w.endBatch(maxIndex)
	return nil
}

// endBatch records the batch just appended to buf.
func (w *WAL) endBatch(maxIndex uint64) {
	w.batches = append(w.batches, batchInfo{end: len(w.buf), hs: w.state.hs, snap: w.state.snap, last: w.state.last, lastTerm: w.state.lastTerm, maxIndex: maxIndex})
	w.saved++
	if len(w.buf) >= flushThreshold && !w.busy {
		w.writeOut(false)
	}
}

func (w *WAL) usable() error {
	if w.closed {
		return ErrClosed
	}
	return w.err
}

// Sync makes every batch saved before the call durable. Concurrent callers share fsyncs: a
// caller that finds another goroutine writing waits for it, and the next writer writes and
// syncs every batch saved meanwhile in one go.
// Implements RAFT-WAL-1.
func (w *WAL) Sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	target := w.saved
	joined := false
	for w.synced < target {
		if err := w.usable(); err != nil {
			return err
		}
		if w.busy {
			joined = true
			w.cond.Wait()
			continue
		}
		w.writeOut(true)
	}
	if joined {
		w.stats.shared++
	}
	return w.usable()
}

// Flush writes every batch saved before the call to its segment file without waiting for the
// disk: the batches then survive the process being killed (the kernel holds them), though not
// the machine failing. A node that traces its steps flushes a Ready that need not be durable
// before sending its messages, so that every step a message depends on is in the trace.
func (w *WAL) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	target := w.saved
	for w.written < target {
		if err := w.usable(); err != nil {
			return err
		}
		if w.busy {
			w.cond.Wait()
			continue
		}
		w.writeOut(false)
	}
	return w.usable()
}

// writeOut writes every buffered batch, and syncs if sync is set. Called with mu held; it
// releases mu during I/O and marks the log busy meanwhile.
func (w *WAL) writeOut(sync bool) {
	w.busy = true
	buf, batches, upto := w.buf, w.batches, w.saved
	w.buf, w.spare, w.batches = w.spare[:0], nil, nil
	w.mu.Unlock()
	err := w.write(buf, batches, sync)
	w.mu.Lock()
	w.spare = buf[:0]
	w.busy = false
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("wal: write failed, the log accepts nothing more: %w", err)
	}
	if err == nil {
		w.written = upto
	}
	if err == nil && (sync || w.opts.NoSync) {
		w.synced = upto
		if len(batches) > 0 {
			w.syncedSnap = batches[len(batches)-1].snap
		}
	}
	w.cond.Broadcast()
}

// write appends batches to the current segment, cutting a new segment between batches when
// the current one would grow past SegmentSize. Only the goroutine that set busy calls it.
func (w *WAL) write(buf []byte, batches []batchInfo, sync bool) error {
	start, prev := 0, 0
	for _, b := range batches {
		chunk := int64(prev - start)
		if w.seg.off+chunk > w.seg.headerEnd && w.seg.off+chunk+int64(b.end-prev) > w.opts.SegmentSize {
			if err := w.writeChunk(buf[start:prev], true); err != nil {
				return err
			}
			if err := w.cut(); err != nil {
				return err
			}
			start = prev
		}
		prev = b.end
		w.tail = b
		if b.maxIndex != 0 {
			w.segMu.Lock()
			s := &w.segs[len(w.segs)-1]
			s.maxIndex = max(s.maxIndex, b.maxIndex)
			w.segMu.Unlock()
		}
	}
	return w.writeChunk(buf[start:prev], sync)
}

// writeChunk writes whole batches at the end of the current segment and syncs if asked.
func (w *WAL) writeChunk(b []byte, sync bool) error {
	if len(b) > 0 {
		sealRecords(b, w.seg.durable)
		if _, err := w.seg.f.WriteAt(b, w.seg.off); err != nil {
			return err
		}
		w.seg.off += int64(len(b))
		w.stats.bytes.Add(uint64(len(b)))
		if err := w.zeroAhead(); err != nil {
			return err
		}
	}
	if sync && !w.opts.NoSync && w.seg.off > w.seg.durable {
		start := time.Now()
		if err := w.seg.f.Sync(); err != nil {
			return err
		}
		w.stats.syncNanos.Add(uint64(time.Since(start)))
		w.seg.durable = w.seg.off
		w.stats.syncs.Add(1)
	}
	return nil
}

// zeroAheadSize is how far ahead of the last record the log keeps its segment written with
// zeros.
const zeroAheadSize = 4 << 20

// zeros is what zeroAhead writes, one buffer for every log of the process.
var zeros = sync.OnceValue(func() []byte { return make([]byte, 1<<20) })

// zeroAhead writes zeros ahead of the current segment's last record, zeroAheadSize bytes at a
// time (within the preallocated size), once the records come within half of that of the end of
// the zeros. Allocate reserves blocks (fallocate) without writing them: an fdatasync after an
// append into such a block must also make its change to a written block durable (a journal
// commit on ext4), and the three logs of a cluster on one disk queue for the journal; after an
// append into written blocks it flushes the data alone. The zeros become durable with the next
// Sync, like the records before them; recovery reads them as the end of the log, as it reads a
// preallocated block.
func (w *WAL) zeroAhead() error {
	s := w.seg
	if s.off+zeroAheadSize/2 <= s.zeroed || s.zeroed >= w.opts.SegmentSize {
		return nil
	}
	from := max(s.zeroed, s.off)
	to := min(from+zeroAheadSize, w.opts.SegmentSize)
	for off := from; off < to; {
		n, err := s.f.WriteAt(zeros()[:min(int64(len(zeros())), to-off)], off)
		if err != nil {
			return err
		}
		off += int64(n)
	}
	s.zeroed = to
	return nil
}

// cut closes the current (synced) segment and starts the next one, whose header repeats the
// hard state and snapshot marker as of the last batch written, so that older segments can be
// deleted without losing them.
func (w *WAL) cut() error {
	next, err := createSegment(w.fsys, w.walDir, w.seg.seq+1, w.tail.last+1, w.tail.lastTerm, w.opts.SegmentSize, w.tail.hs, w.tail.snap)
	if err != nil {
		return err
	}
	if err := w.seg.f.Close(); err != nil {
		next.f.Close()
		return err
	}
	w.seg = next
	w.segMu.Lock()
	w.segs = append(w.segs, segmentInfo{path: next.path, seq: next.seq})
	w.segMu.Unlock()
	w.stats.segments.Add(1)
	return nil
}

// SaveSnapshot makes a snapshot of the node's own state machine durable: the snapshot file
// first (written to a temporary name, synced, renamed, directory synced), then its marker in
// the log, synced. The log keeps the entries after the snapshot. Only then may the caller
// compact its log and call Release. Snapshot files older than the newest durable one are
// deleted.
// Implements RAFT-WAL-3.
func (w *WAL) SaveSnapshot(s *Snapshot) error {
	if err := w.writeSnapshotFile(s); err != nil {
		return err
	}
	w.mu.Lock()
	if err := w.usable(); err != nil {
		w.mu.Unlock()
		return err
	}
	w.state.snap = s.SnapshotMeta
	if s.Index >= w.state.last {
		w.state.last, w.state.lastTerm = s.Index, s.Term
	}
	w.buf = appendSnapshotRecord(w.buf, s.SnapshotMeta, recSnapshot|batchEnd)
	w.endBatch(0)
	w.mu.Unlock()
	if err := w.Sync(); err != nil {
		return err
	}
	return w.pruneSnapshots()
}

// writeSnapshotFile writes s's file durably, after checking that s is newer than the logged
// snapshot and deleting the files older than the newest durable one.
func (w *WAL) writeSnapshotFile(s *Snapshot) error {
	if s == nil || s.Index == 0 {
		return errors.New("wal: a snapshot needs a positive index")
	}
	w.mu.Lock()
	err := w.usable()
	cur := w.state.snap
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if s.Index <= cur.Index {
		return fmt.Errorf("wal: snapshot at index %d is not newer than the logged snapshot at %d", s.Index, cur.Index)
	}
	if err := w.pruneSnapshots(); err != nil {
		return err
	}
	return writeSnapshot(w.fsys, w.snapDir, s)
}

// pruneSnapshots deletes the snapshot files older than the newest snapshot whose marker is
// durable (a file newer than it may still be waiting for its marker).
func (w *WAL) pruneSnapshots() error {
	w.mu.Lock()
	keep := w.syncedSnap.Index
	w.mu.Unlock()
	return pruneSnapshotsBelow(w.fsys, w.snapDir, keep)
}

// Release deletes the segments that hold no entry after index, except the last segment. index
// must be covered by a snapshot whose marker is durable (SaveSnapshot, or a synced
// Batch.Snapshot): the segments left start with that marker or a later one.
// Implements RAFT-WAL-3.
func (w *WAL) Release(index uint64) error {
	w.mu.Lock()
	err := w.usable()
	snap := w.syncedSnap
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if index > snap.Index {
		return fmt.Errorf("wal: Release(%d) beyond the durable snapshot at %d", index, snap.Index)
	}
	w.segMu.Lock()
	n := 0
	for n < len(w.segs)-1 && w.segs[n].maxIndex <= index {
		n++
	}
	victims := append([]segmentInfo(nil), w.segs[:n]...)
	w.segMu.Unlock()
	for _, s := range victims {
		if err := w.fsys.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(victims) > 0 {
		if err := w.fsys.SyncDir(w.walDir); err != nil {
			return err
		}
		w.segMu.Lock()
		w.segs = w.segs[len(victims):]
		w.segMu.Unlock()
	}
	return nil
}

// Segments returns the paths of the log's segment files, oldest first.
func (w *WAL) Segments() []string {
	w.segMu.Lock()
	defer w.segMu.Unlock()
	out := make([]string, len(w.segs))
	for i, s := range w.segs {
		out[i] = s.path
	}
	return out
}

// Stats returns the log's counters.
func (w *WAL) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return Stats{Batches: w.saved, Syncs: w.stats.syncs.Load(), Bytes: w.stats.bytes.Load(),
		Segments: w.stats.segments.Load(), SharedSyncs: w.stats.shared, SyncTime: time.Duration(w.stats.syncNanos.Load())}
}

// Close syncs what was saved and closes the current segment.
func (w *WAL) Close() error {
	err := w.Sync()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	w.closed = true
	if cerr := w.seg.f.Close(); err == nil {
		err = cerr
	}
	if cerr := w.lock.Close(); err == nil {
		err = cerr
	}
	return err
}
