package wal

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/dsref/dsref/raft"
)

// Record layout (all integers little-endian):
//
//	offset size field
//	0      4    CRC-32C (Castagnoli) of bytes 4 to 17+n
//	4      4    n, the payload length
//	8      8    synced: the offset of this segment below which the segment was durable when
//	            the record was written
//	16     1    type: bits 0-6 the record type, bit 7 set on the last record of a batch
//	17     n    payload
//
// A batch is the records of one Save call; recovery keeps whole batches only. The synced
// field is how recovery tells a torn tail from corruption: a record claiming that the segment
// was durable beyond a damaged offset proves that the damage hit data that had been synced.
const headerSize = 17

// MaxRecordSize bounds a record's payload (and so one entry's data) to 256 MiB.
const MaxRecordSize = 256 << 20

// Record types.
const (
	recSegment   = 1 // segment header: magic, version, sequence number, first index
	recEntry     = 2 // one raft.Entry
	recHardState = 3 // a raft.HardState
	recSnapshot  = 4 // a snapshot marker: index and term of a snapshot file that is durable
	recTrace     = 5 // an opaque trace record of the batch (Batch.Trace)
	recInstall   = 6 // an installed snapshot's marker (Batch.Snapshot): it replaces the whole log
	recMax       = 7

	batchEnd = 0x80
)

var recNames = [...]string{"invalid", "segment header", "entry", "hard state", "snapshot marker", "trace record", "installed snapshot marker"}

func recName(t byte) string {
	if int(t) < len(recNames) {
		return recNames[t]
	}
	return fmt.Sprintf("type %d", t)
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// segmentMagic opens every segment's header record.
const segmentMagic = "dsrefwal"

// formatVersion is the version byte of the segment header.
const formatVersion = 1

// appendHeader appends a record header with the CRC and synced fields left zero; sealRecords
// fills them in when the batch is written.
func appendHeader(b []byte, typ byte, n int) []byte {
	var h [headerSize]byte
	binary.LittleEndian.PutUint32(h[4:], uint32(n))
	h[16] = typ
	return append(b, h[:]...)
}

// sealRecords fills in the synced field and the CRC of every record in b, which holds whole
// records.
func sealRecords(b []byte, synced int64) {
	for off := 0; off < len(b); {
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		binary.LittleEndian.PutUint64(b[off+8:], uint64(synced))
		end := off + headerSize + n
		binary.LittleEndian.PutUint32(b[off:], crc32.Checksum(b[off+4:end], crcTable))
		off = end
	}
}

// appendRecord appends a record of typ with the given payload (CRC unset).
func appendRecord(b []byte, typ byte, payload []byte) []byte {
	b = appendHeader(b, typ, len(payload))
	return append(b, payload...)
}

// appendEntryRecord appends the record of one entry without building its payload separately.
func appendEntryRecord(b []byte, e raft.Entry, typ byte) []byte {
	n := uvarintLen(e.Term) + uvarintLen(e.Index) + 1 + len(e.Data)
	b = appendHeader(b, typ, n)
	b = binary.AppendUvarint(b, e.Term)
	b = binary.AppendUvarint(b, e.Index)
	b = append(b, byte(e.Type))
	return append(b, e.Data...)
}

func appendHardStateRecord(b []byte, hs raft.HardState, typ byte) []byte {
	n := uvarintLen(hs.Term) + uvarintLen(hs.Vote) + uvarintLen(hs.Commit)
	b = appendHeader(b, typ, n)
	b = binary.AppendUvarint(b, hs.Term)
	b = binary.AppendUvarint(b, hs.Vote)
	return binary.AppendUvarint(b, hs.Commit)
}

func appendSnapshotRecord(b []byte, m SnapshotMeta, typ byte) []byte {
	n := uvarintLen(m.Index) + uvarintLen(m.Term)
	b = appendHeader(b, typ, n)
	b = binary.AppendUvarint(b, m.Index)
	return binary.AppendUvarint(b, m.Term)
}

// appendSegmentRecord appends a segment header: the segment's sequence number, the index of
// the first entry it may hold, and the term of the entry before that (so that a log whose
// older segments were released knows where it starts).
func appendSegmentRecord(b []byte, seq, firstIndex, prevTerm uint64, typ byte) []byte {
	n := len(segmentMagic) + 1 + uvarintLen(seq) + uvarintLen(firstIndex) + uvarintLen(prevTerm)
	b = appendHeader(b, typ, n)
	b = append(b, segmentMagic...)
	b = append(b, formatVersion)
	b = binary.AppendUvarint(b, seq)
	b = binary.AppendUvarint(b, firstIndex)
	return binary.AppendUvarint(b, prevTerm)
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// A record is one decoded record.
type record struct {
	typ     byte // without the batch-end bit
	end     bool // last record of its batch
	synced  int64
	payload []byte // aliases the segment's bytes
	size    int    // header plus payload
}

// recordStatus says why a position does not hold a record.
type recordStatus int

const (
	recordOK        recordStatus = iota
	recordZero                   // the header is all zeros: unwritten (preallocated) space
	recordTruncated              // the header or payload runs past the end of the data
	recordBad                    // a checksum, length or type is wrong
)

// decodeRecord reads the record at the start of b. It never allocates and never trusts a
// length before checking it against len(b).
func decodeRecord(b []byte) (record, recordStatus, string) {
	if len(b) < headerSize {
		if allZero(b) {
			return record{}, recordZero, ""
		}
		return record{}, recordTruncated, fmt.Sprintf("%d bytes left, a record header takes %d", len(b), headerSize)
	}
	if allZero(b[:headerSize]) {
		return record{}, recordZero, ""
	}
	n := binary.LittleEndian.Uint32(b[4:])
	if n > MaxRecordSize {
		return record{}, recordBad, fmt.Sprintf("payload length %d exceeds the limit %d", n, MaxRecordSize)
	}
	if int64(n) > int64(len(b)-headerSize) {
		return record{}, recordTruncated, fmt.Sprintf("payload length %d exceeds the %d bytes left", n, len(b)-headerSize)
	}
	end := headerSize + int(n)
	if want, got := binary.LittleEndian.Uint32(b), crc32.Checksum(b[4:end], crcTable); want != got {
		return record{}, recordBad, fmt.Sprintf("checksum mismatch: stored %#08x, computed %#08x", want, got)
	}
	typ := b[16] &^ batchEnd
	if typ == 0 || typ >= recMax {
		return record{}, recordBad, fmt.Sprintf("unknown record type %d", typ)
	}
	synced := binary.LittleEndian.Uint64(b[8:])
	if synced > 1<<62 {
		return record{}, recordBad, fmt.Sprintf("synced offset %d is impossible", synced)
	}
	return record{typ: typ, end: b[16]&batchEnd != 0, synced: int64(synced), payload: b[headerSize:end], size: end}, recordOK, ""
}

func allZero(b []byte) bool {
	// Recovery checks a segment's whole preallocated tail (64 MiB by default) at every
	// restart: compared a block at a time (memequal), not a byte at a time, it takes
	// milliseconds instead of a large fraction of a second (seconds under -race).
	for len(b) > 0 {
		n := min(len(b), len(zeroBlock))
		if !bytes.Equal(b[:n], zeroBlock[:n]) {
			return false
		}
		b = b[n:]
	}
	return true
}

// zeroBlock is what allZero compares against.
var zeroBlock [64 << 10]byte

// payloadReader decodes the fields of a payload, remembering the first failure.
type payloadReader struct {
	b   []byte
	off int
	err string
}

func (r *payloadReader) uvarint(field string) uint64 {
	if r.err != "" {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = fmt.Sprintf("malformed %s at payload byte %d", field, r.off)
		return 0
	}
	r.off += n
	return v
}

func (r *payloadReader) byte(field string) byte {
	if r.err != "" {
		return 0
	}
	if r.off >= len(r.b) {
		r.err = fmt.Sprintf("missing %s at payload byte %d", field, r.off)
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *payloadReader) done() string {
	if r.err == "" && r.off != len(r.b) {
		r.err = fmt.Sprintf("%d trailing payload bytes", len(r.b)-r.off)
	}
	return r.err
}

// decodeEntry decodes an entry record; the data of an entry at or below skipBelow (which
// replay keeps only the term of) is not copied.
func decodeEntry(p []byte, skipBelow uint64) (raft.Entry, string) {
	r := payloadReader{b: p}
	e := raft.Entry{Term: r.uvarint("term"), Index: r.uvarint("index")}
	t := r.byte("entry type")
	if r.err != "" {
		return e, r.err
	}
	e.Type = raft.EntryType(t)
	if e.Index == 0 {
		return e, "entry index 0"
	}
	if len(p) > r.off && e.Index > skipBelow {
		e.Data = append([]byte(nil), p[r.off:]...)
	}
	return e, ""
}

func decodeHardState(p []byte) (raft.HardState, string) {
	r := payloadReader{b: p}
	hs := raft.HardState{Term: r.uvarint("term"), Vote: r.uvarint("vote"), Commit: r.uvarint("commit")}
	return hs, r.done()
}

func decodeSnapshot(p []byte) (SnapshotMeta, string) {
	r := payloadReader{b: p}
	m := SnapshotMeta{Index: r.uvarint("index"), Term: r.uvarint("term")}
	return m, r.done()
}

type segmentHeader struct {
	seq, firstIndex, prevTerm uint64
}

func decodeSegmentHeader(p []byte) (segmentHeader, string) {
	if len(p) < len(segmentMagic)+1 || string(p[:len(segmentMagic)]) != segmentMagic {
		return segmentHeader{}, "segment header has no magic"
	}
	if p[len(segmentMagic)] != formatVersion {
		return segmentHeader{}, fmt.Sprintf("unsupported format version %d (want %d)", p[len(segmentMagic)], formatVersion)
	}
	r := payloadReader{b: p, off: len(segmentMagic) + 1}
	h := segmentHeader{seq: r.uvarint("sequence number"), firstIndex: r.uvarint("first index"), prevTerm: r.uvarint("previous term")}
	if r.err == "" && h.firstIndex == 0 {
		r.err = "first index 0"
	}
	return h, r.done()
}
