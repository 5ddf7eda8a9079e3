package raft

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// wireVersion is the first byte of every encoded message.
const wireVersion = 1

// Wire format (all integers unsigned varints unless noted):
//
//	version(byte) type(byte) flags(byte) to from term logTerm index commit
//	rejectHint len(context) context entryCount { term index type(byte) len(data) data }
//	[chunkOffset snapshotSize]                                  if flags bit 2
//	[index term voterCount { voter } len(data) data]            if flags bit 1 (the snapshot)
//	[outgoingCount { voter } learnerCount { learner } nextCount { learner } autoLeave(byte)]
//	                                                            if flags bit 3 (more membership)
//
// flags: bit 0 Reject, bit 1 a snapshot (MsgSnap), bit 2 chunk fields (MsgSnap, MsgSnapResp),
// bit 3 the snapshot's membership has more than voters (joint, learners).
// It is compact, self-delimiting and decoded without trusting any length field.

const (
	flagReject     = 1 << 0
	flagSnapshot   = 1 << 1
	flagChunk      = 1 << 2
	flagMembership = 1 << 3
	knownFlags     = flagReject | flagSnapshot | flagChunk | flagMembership
)

// MarshalMessage encodes m in the wire format.
func MarshalMessage(m Message) []byte { return AppendMessage(nil, m) }

// AppendMessage appends the wire encoding of m to b (MarshalMessage into a caller's buffer).
func AppendMessage(b []byte, m Message) []byte {
	size := 3 + 7*binary.MaxVarintLen64 + len(m.Context) + 2*binary.MaxVarintLen64
	for _, e := range m.Entries {
		size += 1 + 3*binary.MaxVarintLen64 + len(e.Data)
	}
	var flags byte
	if m.Reject {
		flags |= flagReject
	}
	if m.ChunkOffset != 0 || m.SnapshotSize != 0 {
		flags |= flagChunk
		size += 2 * binary.MaxVarintLen64
	}
	if s := m.Snapshot; s != nil {
		flags |= flagSnapshot
		cs := &s.Metadata.ConfState
		size += (4+len(cs.Voters))*binary.MaxVarintLen64 + len(s.Data)
		if len(cs.VotersOutgoing) > 0 || len(cs.Learners) > 0 || len(cs.LearnersNext) > 0 || cs.AutoLeave {
			flags |= flagMembership
			size += (4+len(cs.VotersOutgoing)+len(cs.Learners)+len(cs.LearnersNext))*binary.MaxVarintLen64 + 1
		}
	}
	b = slices.Grow(b, size)
	b = append(b, wireVersion, byte(m.Type), flags)
	for _, v := range [...]uint64{m.To, m.From, m.Term, m.LogTerm, m.Index, m.Commit, m.RejectHint} {
		b = binary.AppendUvarint(b, v)
	}
	b = binary.AppendUvarint(b, uint64(len(m.Context)))
	b = append(b, m.Context...)
	b = binary.AppendUvarint(b, uint64(len(m.Entries)))
	for _, e := range m.Entries {
		b = binary.AppendUvarint(b, e.Term)
		b = binary.AppendUvarint(b, e.Index)
		b = append(b, byte(e.Type))
		b = binary.AppendUvarint(b, uint64(len(e.Data)))
		b = append(b, e.Data...)
	}
	if flags&flagChunk != 0 {
		b = binary.AppendUvarint(b, m.ChunkOffset)
		b = binary.AppendUvarint(b, m.SnapshotSize)
	}
	if s := m.Snapshot; s != nil {
		b = binary.AppendUvarint(b, s.Metadata.Index)
		b = binary.AppendUvarint(b, s.Metadata.Term)
		b = binary.AppendUvarint(b, uint64(len(s.Metadata.ConfState.Voters)))
		for _, v := range s.Metadata.ConfState.Voters {
			b = binary.AppendUvarint(b, v)
		}
		b = binary.AppendUvarint(b, uint64(len(s.Data)))
		b = append(b, s.Data...)
		if flags&flagMembership != 0 {
			cs := &s.Metadata.ConfState
			for _, ids := range [][]uint64{cs.VotersOutgoing, cs.Learners, cs.LearnersNext} {
				b = binary.AppendUvarint(b, uint64(len(ids)))
				for _, id := range ids {
					b = binary.AppendUvarint(b, id)
				}
			}
			if cs.AutoLeave {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	}
	return b
}

// DecodeError reports where and why decoding failed.
type DecodeError struct {
	Offset int
	Field  string
	Reason string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("raft: decoding message: field %s at byte %d: %s", e.Field, e.Offset, e.Reason)
}

// decoder reads the wire format. Field names are built only when decoding fails, so a
// successful decode allocates nothing but the message's own slices.
type decoder struct {
	b     []byte
	off   int
	entry int // index of the entry being decoded, -1 outside the entries
}

func (d *decoder) fail(field, format string, args ...any) error {
	if d.entry >= 0 {
		field = fmt.Sprintf("entries[%d].%s", d.entry, field)
	}
	return &DecodeError{Offset: d.off, Field: field, Reason: fmt.Sprintf(format, args...)}
}

func (d *decoder) byte(field string) (byte, error) {
	if d.off >= len(d.b) {
		return 0, d.fail(field, "unexpected end of input")
	}
	c := d.b[d.off]
	d.off++
	return c, nil
}

func (d *decoder) uvarint(field string) (uint64, error) {
	v, n := binary.Uvarint(d.b[d.off:])
	switch {
	case n == 0:
		return 0, d.fail(field, "unexpected end of input")
	case n < 0:
		return 0, d.fail(field, "varint overflows 64 bits")
	case n > 1 && d.b[d.off+n-1] == 0:
		// An overlong encoding would give one message two encodings.
		return 0, d.fail(field, "varint is not minimally encoded")
	}
	d.off += n
	return v, nil
}

// span reads a length-prefixed byte string and returns where it lies in the input, without
// copying it.
func (d *decoder) span(field string) (lo, hi int, err error) {
	n, err := d.uvarint(field)
	if err != nil {
		err.(*DecodeError).Field += " length"
		return 0, 0, err
	}
	if n > uint64(len(d.b)-d.off) {
		return 0, 0, d.fail(field, "length %d exceeds the %d remaining bytes", n, len(d.b)-d.off)
	}
	lo = d.off
	d.off += int(n)
	return lo, d.off, nil
}

// entryFields decodes one entry's fields into e, all but its data, whose place in the input it
// returns.
func (d *decoder) entryFields(e *Entry) (lo, hi int, err error) {
	if e.Term, err = d.uvarint("term"); err != nil {
		return 0, 0, err
	}
	if e.Index, err = d.uvarint("index"); err != nil {
		return 0, 0, err
	}
	typ, err := d.byte("type")
	if err != nil {
		return 0, 0, err
	}
	if EntryType(typ) != EntryNormal && EntryType(typ) != EntryConfChange {
		d.off--
		return 0, 0, d.fail("type", "unknown entry type %d", typ)
	}
	e.Type = EntryType(typ)
	return d.span("data")
}

// Limits of the wire format. UnmarshalMessage refuses input longer than MaxMessageSize unread (a
// transport should refuse such a frame before reading it) and messages of more than
// MaxMessageEntries entries or snapshot voters; a sender must stay within them.
const (
	MaxMessageSize    = 64 << 20
	MaxMessageEntries = 1 << 16
)

// minEncodedEntry is the fewest bytes an entry takes: one-byte term, index, type and length.
const minEncodedEntry = 4

// UnmarshalMessage decodes a message produced by MarshalMessage. Any malformed input yields a
// *DecodeError naming the field and byte offset; the message is not validated semantically
// (Step does that).
//
// Memory is bounded by the input. Input longer than MaxMessageSize is refused unread. The whole
// input is checked before anything is allocated, so malformed input allocates nothing but its
// error, however large the lengths it claims. A valid message then takes at most four
// allocations: the entries, one buffer holding the context, every entry's data and the
// snapshot's data (each a slice of it, capped so that appending to one cannot overwrite the
// next), and for a MsgSnap the snapshot and the IDs of its membership (every list a slice of one
// allocation). The entries dominate small messages: a 48-byte Entry per entry of at least 4
// encoded bytes (an 8-byte ID per ID of at least one). Decoding n bytes therefore allocates at most n + 48*min(n/4, MaxMessageEntries) + 8*
// min(n, MaxMessageEntries) + 64 bytes: never more than 21 times the input, and never more than
// the input plus 3.6 MiB.
//
// Implements RAFT-ROBUST-1.
func UnmarshalMessage(b []byte) (Message, error) {
	var m Message
	if len(b) > MaxMessageSize {
		return m, &DecodeError{Offset: 0, Field: "message", Reason: fmt.Sprintf("%d bytes exceed MaxMessageSize (%d)", len(b), MaxMessageSize)}
	}
	d := &decoder{b: b, entry: -1}
	v, err := d.byte("version")
	if err != nil {
		return m, err
	}
	if v != wireVersion {
		d.off--
		return m, d.fail("version", "unsupported version %d (want %d)", v, wireVersion)
	}
	t, err := d.byte("type")
	if err != nil {
		return m, err
	}
	if t == 0 || MessageType(t) >= maxMessageType {
		d.off--
		return m, d.fail("type", "unknown message type %d", t)
	}
	if MessageType(t) >= MsgStorageAppend {
		// A peer must not speak for a node's own storage (AsyncStorageWrites).
		d.off--
		return m, d.fail("type", "%s is local to a node and never travels between nodes", MessageType(t))
	}
	m.Type = MessageType(t)
	flags, err := d.byte("flags")
	if err != nil {
		return m, err
	}
	if flags&^knownFlags != 0 {
		d.off--
		return m, d.fail("flags", "unknown flag bits %#x", flags&^knownFlags)
	}
	m.Reject = flags&flagReject != 0
	// Decoded into an array rather than through pointers into m, which would move m to the heap.
	var hdr [7]uint64
	for i, name := range [...]string{"to", "from", "term", "logTerm", "index", "commit", "rejectHint"} {
		if hdr[i], err = d.uvarint(name); err != nil {
			return m, err
		}
	}
	m.To, m.From, m.Term, m.LogTerm, m.Index, m.Commit, m.RejectHint = hdr[0], hdr[1], hdr[2], hdr[3], hdr[4], hdr[5], hdr[6]
	ctxLo, ctxHi, err := d.span("context")
	if err != nil {
		return m, err
	}
	count, err := d.uvarint("entry count")
	if err != nil {
		return m, err
	}
	if count > uint64(len(d.b)-d.off)/minEncodedEntry {
		return m, d.fail("entry count", "%d entries cannot fit in the %d remaining bytes", count, len(d.b)-d.off)
	}
	if count > MaxMessageEntries {
		return m, d.fail("entry count", "%d entries exceed MaxMessageEntries (%d)", count, MaxMessageEntries)
	}
	// First pass: check every entry and add up their data, allocating nothing.
	entriesAt, data := d.off, ctxHi-ctxLo
	var scratch Entry
	for i := range int(count) {
		d.entry = i
		lo, hi, err := d.entryFields(&scratch)
		if err != nil {
			return m, err
		}
		data += hi - lo
	}
	d.entry = -1
	if flags&flagChunk != 0 {
		if m.ChunkOffset, err = d.uvarint("chunkOffset"); err != nil {
			return m, err
		}
		if m.SnapshotSize, err = d.uvarint("snapshotSize"); err != nil {
			return m, err
		}
		if m.ChunkOffset == 0 && m.SnapshotSize == 0 {
			// MarshalMessage leaves out zero chunk fields: one message, one encoding.
			return m, d.fail("flags", "chunk fields present but both zero")
		}
	}
	var snap SnapshotMetadata
	var voters uint64 // the snapshot's IDs: voters, and with flagMembership the other lists too
	votersAt, membersAt, snapLo, snapHi := 0, 0, 0, 0
	if flags&flagSnapshot != 0 {
		if snap.Index, err = d.uvarint("snapshot.index"); err != nil {
			return m, err
		}
		if snap.Term, err = d.uvarint("snapshot.term"); err != nil {
			return m, err
		}
		votersAt = d.off
		if voters, err = d.uvarint("snapshot.voter count"); err != nil {
			return m, err
		}
		if voters > uint64(len(d.b)-d.off) || voters > MaxMessageEntries {
			return m, d.fail("snapshot.voter count", "%d voters cannot fit in the %d remaining bytes (at most %d)", voters, len(d.b)-d.off, MaxMessageEntries)
		}
		for range voters {
			if _, err := d.uvarint("snapshot.voter"); err != nil {
				return m, err
			}
		}
		if snapLo, snapHi, err = d.span("snapshot.data"); err != nil {
			return m, err
		}
		data += snapHi - snapLo
		if flags&flagMembership != 0 {
			membersAt = d.off
			for _, part := range [...]string{"outgoing", "learners", "learnersNext"} {
				n, err := d.uvarint("snapshot." + part + " count")
				if err != nil {
					return m, err
				}
				if n > uint64(len(d.b)-d.off) || voters+n > MaxMessageEntries {
					return m, d.fail("snapshot."+part+" count", "%d IDs cannot fit in the %d remaining bytes (at most %d in all)", n, len(d.b)-d.off, MaxMessageEntries)
				}
				for range n {
					if _, err := d.uvarint("snapshot." + part); err != nil {
						return m, err
					}
				}
				voters += n
			}
			auto, err := d.byte("snapshot.autoLeave")
			if err != nil {
				return m, err
			}
			if auto > 1 {
				d.off--
				return m, d.fail("snapshot.autoLeave", "want 0 or 1, got %d", auto)
			}
			snap.ConfState.AutoLeave = auto == 1
		}
	} else if flags&flagMembership != 0 {
		d.off = 2
		return m, d.fail("flags", "membership without a snapshot")
	}
	if d.off != len(d.b) {
		return m, d.fail("end", "%d trailing bytes", len(d.b)-d.off)
	}
	// Second pass: the input is valid; copy it out in two allocations.
	var buf []byte
	if data > 0 {
		buf = make([]byte, 0, data)
	}
	take := func(lo, hi int) []byte {
		if lo == hi {
			return nil
		}
		start := len(buf)
		buf = append(buf, b[lo:hi]...)
		return buf[start:len(buf):len(buf)]
	}
	m.Context = take(ctxLo, ctxHi)
	if count > 0 {
		m.Entries = make([]Entry, count)
	}
	d.off = entriesAt
	for i := range m.Entries {
		lo, hi, _ := d.entryFields(&m.Entries[i]) // checked by the first pass
		m.Entries[i].Data = take(lo, hi)
	}
	if flags&flagSnapshot != 0 {
		// Every ID list is a sub-slice of one allocation (checked above).
		var ids []uint64
		if voters > 0 {
			ids = make([]uint64, 0, voters)
		}
		list := func(n uint64) []uint64 {
			if n == 0 {
				return nil
			}
			from := len(ids)
			for range n {
				id, _ := d.uvarint("")
				ids = append(ids, id)
			}
			return ids[from:len(ids):len(ids)]
		}
		d.off = votersAt
		n, _ := d.uvarint("")
		snap.ConfState.Voters = list(n)
		if flags&flagMembership != 0 {
			d.off = membersAt
			for _, l := range [...]*[]uint64{&snap.ConfState.VotersOutgoing, &snap.ConfState.Learners, &snap.ConfState.LearnersNext} {
				n, _ := d.uvarint("")
				*l = list(n)
			}
		}
		m.Snapshot = &Snapshot{Metadata: snap, Data: take(snapLo, snapHi)}
	}
	return m, nil
}
