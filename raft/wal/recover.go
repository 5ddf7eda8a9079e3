package wal

import (
	"fmt"
	"path"
	"strings"
)

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
func scanSegment(file string, data []byte, seq uint64, last bool, visit batchVisitor) (scanResult, error) {
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
		rec, status, why := decodeRecord(data[off:])
		if status == recordZero {
			if !allZero(data[off:]) {
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
	end := int64(len(data))
	for end > validEnd && data[end-1] == 0 {
		end--
	}
	maxSync = max(maxSync, scanSyncedClaims(data, validEnd+1, end))
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

// scanSyncedClaims looks for valid records starting anywhere in data[from:to] and returns the
// largest synced offset they claim. Exhausting the budget returns to, which reads as "proven
// durable" and so fails safe: the damage is reported instead of truncated.
func scanSyncedClaims(data []byte, from, to int64) int64 {
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
		if status == recordOK && rec.synced <= p {
			best = max(best, rec.synced)
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
func replaySegments(read func(string) ([]byte, error), dir string, segs []segmentFile, st *replayState) ([]segmentInfo, scanResult, error) {
	var (
		infos []segmentInfo
		res   scanResult
	)
	for i, sf := range segs {
		file := path.Join(dir, sf.name)
		data, err := read(file)
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
					e, why := decodeEntry(r.payload)
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
				}
			}
			return ""
		}
		if res, err = scanSegment(file, data, sf.seq, i == len(segs)-1, visit); err != nil {
			return nil, res, err
		}
		infos = append(infos, info)
	}
	if why := st.finish(); why != "" && len(segs) > 0 {
		return nil, res, &CorruptionError{File: path.Join(dir, segs[0].name), Offset: 0, Reason: why}
	}
	return infos, res, nil
}
