package raft

import (
	"encoding/binary"
	"fmt"
)

// wireVersion is the first byte of every encoded message.
const wireVersion = 1

// Wire format (all integers unsigned varints unless noted):
//
//	version(byte) type(byte) flags(byte: bit0 Reject) to from term logTerm index commit
//	rejectHint len(context) context entryCount { term index type(byte) len(data) data }
//
// It is compact, self-delimiting and decoded without trusting any length field.

// MarshalMessage encodes m in the wire format.
func MarshalMessage(m Message) []byte {
	size := 3 + 7*binary.MaxVarintLen64 + len(m.Context) + 2*binary.MaxVarintLen64
	for _, e := range m.Entries {
		size += 1 + 3*binary.MaxVarintLen64 + len(e.Data)
	}
	b := make([]byte, 0, size)
	var flags byte
	if m.Reject {
		flags |= 1
	}
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

func (d *decoder) bytes(field string) ([]byte, error) {
	n, err := d.uvarint(field)
	if err != nil {
		err.(*DecodeError).Field += " length"
		return nil, err
	}
	if n > uint64(len(d.b)-d.off) {
		return nil, d.fail(field, "length %d exceeds the %d remaining bytes", n, len(d.b)-d.off)
	}
	if n == 0 {
		return nil, nil
	}
	out := append([]byte(nil), d.b[d.off:d.off+int(n)]...)
	d.off += int(n)
	return out, nil
}

// UnmarshalMessage decodes a message produced by MarshalMessage. Any malformed input yields a
// *DecodeError naming the field and byte offset; the message is not validated semantically
// (Step does that).
//
// Implements RAFT-ROBUST-1.
func UnmarshalMessage(b []byte) (Message, error) {
	d := &decoder{b: b, entry: -1}
	var m Message
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
	m.Type = MessageType(t)
	flags, err := d.byte("flags")
	if err != nil {
		return m, err
	}
	if flags&^1 != 0 {
		d.off--
		return m, d.fail("flags", "unknown flag bits %#x", flags&^1)
	}
	m.Reject = flags&1 != 0
	// Decoded into an array rather than through pointers into m, which would move m to the heap.
	var hdr [7]uint64
	for i, name := range [...]string{"to", "from", "term", "logTerm", "index", "commit", "rejectHint"} {
		if hdr[i], err = d.uvarint(name); err != nil {
			return m, err
		}
	}
	m.To, m.From, m.Term, m.LogTerm, m.Index, m.Commit, m.RejectHint = hdr[0], hdr[1], hdr[2], hdr[3], hdr[4], hdr[5], hdr[6]
	if m.Context, err = d.bytes("context"); err != nil {
		return m, err
	}
	count, err := d.uvarint("entry count")
	if err != nil {
		return m, err
	}
	// Every entry takes at least 4 bytes, which bounds the allocation by the input size.
	if count > uint64(len(d.b)-d.off)/4 {
		return m, d.fail("entry count", "%d entries cannot fit in the %d remaining bytes", count, len(d.b)-d.off)
	}
	if count > 0 {
		m.Entries = make([]Entry, count)
	}
	for i := range m.Entries {
		d.entry = i
		e := &m.Entries[i]
		if e.Term, err = d.uvarint("term"); err != nil {
			return m, err
		}
		if e.Index, err = d.uvarint("index"); err != nil {
			return m, err
		}
		typ, err := d.byte("type")
		if err != nil {
			return m, err
		}
		if EntryType(typ) != EntryNormal {
			d.off--
			return m, d.fail("type", "unknown entry type %d", typ)
		}
		if e.Data, err = d.bytes("data"); err != nil {
			return m, err
		}
	}
	d.entry = -1
	if d.off != len(d.b) {
		return m, d.fail("end", "%d trailing bytes", len(d.b)-d.off)
	}
	return m, nil
}
