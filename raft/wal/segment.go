package wal

import (
	"fmt"
	"path"
	"strings"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// segmentName is the file name of segment seq whose first new entry is firstIndex:
// 16 hex digits each, so that names sort in log order.
func segmentName(seq, firstIndex uint64) string {
	return fmt.Sprintf("%016x-%016x.wal", seq, firstIndex)
}

// parseSegmentName is the inverse of segmentName.
func parseSegmentName(name string) (seq, firstIndex uint64, ok bool) {
	if len(name) != 16+1+16+4 || !strings.HasSuffix(name, ".wal") || name[16] != '-' {
		return 0, 0, false
	}
	if _, err := fmt.Sscanf(name, "%016x-%016x.wal", &seq, &firstIndex); err != nil {
		return 0, 0, false
	}
	return seq, firstIndex, segmentName(seq, firstIndex) == name
}

// segment is the segment being written.
type segment struct {
	f         vfs.File
	path      string
	seq       uint64
	off       int64 // end of the written records
	durable   int64 // end of the synced records
	headerEnd int64 // end of the header batch
	zeroed    int64 // end of the zeros written ahead of off (see WAL.zeroAhead)
}

// segmentInfo is what the log remembers about every segment for Release.
type segmentInfo struct {
	path     string
	seq      uint64
	maxIndex uint64 // the largest entry index written to the segment (0 if none)
}

// createSegment creates segment seq durably: a temporary file, preallocated, holding the
// header batch (segment record, the current hard state and snapshot marker), synced, renamed
// into place, and the directory synced, so that a crash never leaves a segment name without
// its header or a header without its name.
func createSegment(fsys vfs.FS, dir string, seq, firstIndex, prevTerm uint64, size int64, hs raft.HardState, snap SnapshotMeta) (*segment, error) {
	name := path.Join(dir, segmentName(seq, firstIndex))
	tmp := name + ".tmp"
	f, err := fsys.Create(tmp)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*segment, error) {
		f.Close()
		fsys.Remove(tmp)
		return nil, err
	}
	if err := f.Allocate(size); err != nil {
		return fail(err)
	}
	b := appendSegmentRecord(nil, seq, firstIndex, prevTerm, 0)
	last := 0
	if !hs.IsEmpty() {
		last = len(b)
		b = appendHardStateRecord(b, hs, recHardState)
	}
	if snap.Index != 0 {
		last = len(b)
		b = appendSnapshotRecord(b, snap, recSnapshot)
	}
	if last == 0 {
		b[16] = recSegment | batchEnd
	} else {
		b[16] = recSegment
		b[last+16] |= batchEnd
	}
	sealRecords(b, 0)
	if _, err := f.WriteAt(b, 0); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := fsys.Rename(tmp, name); err != nil {
		return fail(err)
	}
	if err := fsys.SyncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	n := int64(len(b))
	return &segment{f: f, path: name, seq: seq, off: n, durable: n, headerEnd: n, zeroed: n}, nil
}
