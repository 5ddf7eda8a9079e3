package wal

import (
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/dsref/dsref/raft/wal/vfs"
)

// readChunk is how much a segmentReader reads at a time (a variable so that tests can make
// every record straddle reads).
var readChunk = 1 << 20

// segmentReader reads a segment forward through a window, so that recovery holds about one
// chunk and the current batch in memory, not the segment. Slices it returned stay valid: the
// window moves by allocating a new buffer, never by copying over the old one.
type segmentReader struct {
	f    vfs.File
	size int64
	base int64 // segment offset of buf[0]
	buf  []byte
	keep int64 // bytes before keep will not be asked for again (the start of the current batch)
	err  error
}

func openSegmentReader(fsys vfs.FS, file string) (*segmentReader, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	size, err := f.Size()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &segmentReader{f: f, size: size}, nil
}

// at returns the n bytes at off, or fewer at the end of the segment (or after a read error,
// kept in r.err). off is never before r.keep.
func (r *segmentReader) at(off int64, n int) []byte {
	end := min(off+int64(n), r.size)
	if off >= end || r.err != nil {
		return nil
	}
	if end > r.base+int64(len(r.buf)) {
		from := max(min(r.keep, off), r.base)
		to := max(end, min(r.size, from+int64(readChunk)))
		nb := make([]byte, to-from)
		have := 0
		if from < r.base+int64(len(r.buf)) {
			have = copy(nb, r.buf[from-r.base:])
		}
		if _, err := r.f.ReadAt(nb[have:], from+int64(have)); err != nil && err != io.EOF {
			r.err = err
			return nil
		}
		r.buf, r.base = nb, from
	}
	return r.buf[off-r.base : end-r.base]
}

// zeroFrom reports whether every byte from off to the end of the segment is zero.
func (r *segmentReader) zeroFrom(off int64) (bool, error) {
	b := make([]byte, min(int64(readChunk), max(r.size-off, 0)))
	for p := off; p < r.size; p += int64(len(b)) {
		n := min(int64(len(b)), r.size-p)
		if _, err := r.f.ReadAt(b[:n], p); err != nil && err != io.EOF {
			return false, err
		}
		if !allZero(b[:n]) {
			return false, nil
		}
	}
	return true, nil
}

// tail returns the bytes from off to the end of the segment (recovery's rare path: damage).
func (r *segmentReader) tail(off int64) ([]byte, error) {
	b := make([]byte, r.size-off)
	if _, err := r.f.ReadAt(b, off); err != nil && err != io.EOF {
		return nil, err
	}
	return b, nil
}

// batchVisitor receives each complete batch of a segment in order (the header batch with its
// decoded segment header); off is the offset of its first record. An error string stops the
// scan and is reported as corruption at off.
type batchVisitor func(hdr *segmentHeader, recs []record, off int64) string

// scanResult is what scanSegment found.
type scanResult struct {
	end       int64 // where the complete batches end
	headerEnd int64 // where the first (header) batch ends
	torn      *TornTail
}

// scanSegment reads a segment's records and hands complete batches to visit. Damage in the last segment that a crash can explain
// (it follows every complete batch and no record proves it was synced) is returned as a
// TornTail; any other damage is a *CorruptionError.
// Implements RAFT-WAL-2.
func scanSegment(file string, data *segmentReader, seq uint64, last bool, visit batchVisitor) (scanResult, error) {
	corrupt := func(off int64, format string, args ...any) (scanResult, error) {
		return scanResult{}, &CorruptionError{File: file, Offset: off, Reason: fmt.Sprintf(format, args...)}
	}
	var (
		res      scanResult
		off      int64
		validEnd int64 // end of the last complete batch
		batch    []record
		maxSync  int64
		reason   string
		hdr      segmentHeader
	)
	for {
		hdrBytes := data.at(off, headerSize)
		need := headerSize
		if len(hdrBytes) == headerSize {
			need += int(min(binary.LittleEndian.Uint32(hdrBytes[4:]), MaxRecordSize+1))
		}
		rec, status, why := decodeRecord(data.at(off, need))
		if data.err != nil {
			return scanResult{}, data.err
		}
		if status == recordZero {
			zero, err := data.zeroFrom(off)
			if err != nil {
				return scanResult{}, err
			}
			if !zero {
				status, why = recordBad, "zero header followed by data"
			} else if len(batch) > 0 {
				why = fmt.Sprintf("batch starting at offset %d has no end record", validEnd)
			}
		}
		if status != recordOK {
			reason = why
			break
		}
		if rec.synced > off {
			// A record never claims that data after its own start was durable.
			reason = fmt.Sprintf("record claims the segment was durable up to %d, past its own offset", rec.synced)
			break
		}
		maxSync = max(maxSync, rec.synced)
		if off == 0 {
			if rec.typ != recSegment {
				return corrupt(0, "segment does not start with a header record (found %s)", recName(rec.typ))
			}
			h, why := decodeSegmentHeader(rec.payload)
			if why != "" {
				return corrupt(0, "%s", why)
			}
			if h.seq != seq {
				return corrupt(0, "header says sequence number %d, file name says %d", h.seq, seq)
			}
			hdr = h
		} else if rec.typ == recSegment {
			return corrupt(off, "segment header record in the middle of the segment")
		}
		batch = append(batch, rec)
		off += int64(rec.size)
		if rec.end {
			start := validEnd
			h := &hdr
			if start != 0 {
				h = nil
			}
			if why := visit(h, batch, start); why != "" {
				return corrupt(start, "%s", why)
			}
			batch = batch[:0]
			validEnd = off
			data.keep = off
			if res.headerEnd == 0 {
				res.headerEnd = off
			}
		}
	}
	res.end = validEnd
	if reason == "" {
		return res, nil
	}
	// Everything from validEnd on is damaged or incomplete. Find how far the damage reaches
	// (the start of the trailing zeros) and whether any record in the file proves that the
	// segment was durable past validEnd.
	tail, err := data.tail(validEnd)
	if err != nil {
		return scanResult{}, err
	}
	end := int64(len(tail))
	for end > 0 && tail[end-1] == 0 {
		end--
	}
	maxSync = max(maxSync, validEnd+scanSyncedClaims(tail, 1, end, validEnd))
	end += validEnd
	if validEnd == 0 {
		return corrupt(0, "segment header: %s", reason)
	}
	if !last {
		return corrupt(validEnd, "%s (not the last segment, so not a torn write)", reason)
	}
	if maxSync > validEnd {
		return corrupt(validEnd, "%s, but a record shows the segment was durable up to offset %d", reason, maxSync)
	}
	if validEnd < end {
		res.torn = &TornTail{File: file, Offset: validEnd, Dropped: end - validEnd, Reason: reason}
	}
	return res, nil
}

// resyncBudget bounds the bytes scanSyncedClaims checksums, in multiples of the region size, so
// that a region crafted to hold many plausible headers cannot make recovery quadratic.
const resyncBudget = 8

// scanSyncedClaims looks for valid records starting anywhere in data[from:to], where data
// starts at segment offset base, and returns the largest synced offset they claim, minus base
// (0 if none claims more than base). Exhausting the budget returns to, which reads as "proven
// durable" and so fails safe: the damage is reported instead of truncated.
func scanSyncedClaims(data []byte, from, to, base int64) int64 {
	var best int64
	budget := resyncBudget * (to - from + headerSize)
	for p := from; p+headerSize <= to; p++ {
		b := data[p:to]
		if b[16]&^batchEnd == 0 || b[16]&^batchEnd >= recMax {
			continue
		}
		n := int64(b[4]) | int64(b[5])<<8 | int64(b[6])<<16 | int64(b[7])<<24
		if n > int64(len(b)-headerSize) {
			continue
		}
		if budget -= headerSize + n; budget < 0 {
			return to
		}
		rec, status, _ := decodeRecord(b)
		if status == recordOK && rec.synced <= base+p {
			best = max(best, rec.synced-base)
		}
	}
	return best
}

// segmentFile is a segment found in the log directory.
type segmentFile struct {
	name       string
	seq, first uint64
}

// listSegments returns the segments in dir in sequence order and the leftover temporary
// files of interrupted segment creations.
func listSegments(names []string) (segs []segmentFile, tmps []string, err error) {
	for _, n := range names {
		if strings.HasSuffix(n, ".tmp") {
			tmps = append(tmps, n)
			continue
		}
		seq, first, ok := parseSegmentName(n)
		if !ok {
			continue
		}
		segs = append(segs, segmentFile{name: n, seq: seq, first: first})
	}
	for i := 1; i < len(segs); i++ {
		if segs[i].seq != segs[i-1].seq+1 {
			return nil, nil, &CorruptionError{File: segs[i].name, Offset: -1,
				Reason: fmt.Sprintf("segment sequence jumps from %d to %d: a segment is missing", segs[i-1].seq, segs[i].seq)}
		}
	}
	return segs, tmps, nil
}

// replaySegments applies every segment to st and returns the per-segment bookkeeping and
// what the scan of the last segment found.
func replaySegments(fsys vfs.FS, dir string, segs []segmentFile, st *replayState) ([]segmentInfo, scanResult, error) {
	var (
		infos []segmentInfo
		res   scanResult
	)
	for i, sf := range segs {
		file := path.Join(dir, sf.name)
		data, err := openSegmentReader(fsys, file)
		if err != nil {
			return nil, res, err
		}
		info := segmentInfo{path: file, seq: sf.seq}
		visit := func(hdr *segmentHeader, recs []record, _ int64) string {
			if hdr != nil && i == 0 && hdr.firstIndex > 1 {
				// The first segment of a released log: the log starts after its base.
				st.base = SnapshotMeta{Index: hdr.firstIndex - 1, Term: hdr.prevTerm}
				st.last, st.lastTerm = st.base.Index, st.base.Term
			}
			if hdr != nil && hdr.firstIndex > st.last+1 {
				return fmt.Sprintf("segment starts at entry %d, the log before it ends at %d", hdr.firstIndex, st.last)
			}
			for _, r := range recs {
				switch r.typ {
				case recHardState:
					hs, why := decodeHardState(r.payload)
					if why != "" {
						return "hard state: " + why
					}
					st.hs = hs
				case recEntry:
					e, why := decodeEntry(r.payload, st.skipBelow)
					if why != "" {
						return "entry: " + why
					}
					if why := st.appendEntry(e); why != "" {
						return why
					}
					info.maxIndex = max(info.maxIndex, e.Index)
				case recSnapshot:
					m, why := decodeSnapshot(r.payload)
					if why != "" {
						return "snapshot marker: " + why
					}
					st.applySnapshot(m)
				case recInstall:
					m, why := decodeSnapshot(r.payload)
					if why != "" {
						return "installed snapshot marker: " + why
					}
					st.installSnapshot(m)
				case recTrace:
					if st.keepTrace {
						st.trace = append(st.trace, append([]byte(nil), r.payload...))
					}
				}
			}
			return ""
		}
		res, err = scanSegment(file, data, sf.seq, i == len(segs)-1, visit)
		data.f.Close()
		if err != nil {
			return nil, res, err
		}
		infos = append(infos, info)
	}
	if why := st.finish(); why != "" && len(segs) > 0 {
		return nil, res, &CorruptionError{File: path.Join(dir, segs[0].name), Offset: 0, Reason: why}
	}
	return infos, res, nil
}
