package session

import (
	"encoding/binary"
	"fmt"
)

// codecVersion is the first byte of an encoded table.
const codecVersion = 1

// Encoding (integers are unsigned varints):
//
//	version(byte) now count { id lastActive floor responses { seq len(data) data } }
//
// Sessions are listed from the least to the most recently active, so that decoding rebuilds
// the same eviction order.

// MarshalBinary encodes the table for a state machine snapshot.
//
// Implements RAFT-SESSION-5.
func (t *Table) MarshalBinary() ([]byte, error) {
	b := []byte{codecVersion}
	b = binary.AppendUvarint(b, t.now)
	b = binary.AppendUvarint(b, uint64(len(t.sessions)))
	for s := t.lru.front(); s != nil; s = s.next {
		b = binary.AppendUvarint(b, s.id)
		b = binary.AppendUvarint(b, s.lastActive)
		b = binary.AppendUvarint(b, s.floor)
		b = binary.AppendUvarint(b, uint64(len(s.responses)))
		for _, r := range s.responses {
			b = binary.AppendUvarint(b, r.seq)
			b = binary.AppendUvarint(b, uint64(len(r.data)))
			b = append(b, r.data...)
		}
	}
	return b, nil
}

// DecodeError reports where and why decoding a table failed.
type DecodeError struct {
	Offset int
	Field  string
	Reason string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("session: decoding table: %s at byte %d: %s", e.Field, e.Offset, e.Reason)
}

// UnmarshalBinary replaces the table's contents with an encoded table (MarshalBinary), keeping
// its Config. Input that a table could not have produced, or that breaks the table's bounds,
// is refused with a *DecodeError naming the field and offset, and leaves the table unchanged.
// What it allocates is bounded by the length of b.
//
// Implements RAFT-SESSION-5.
func (t *Table) UnmarshalBinary(b []byte) error {
	d := decoder{b: b}
	if v, err := d.byte("version"); err != nil {
		return err
	} else if v != codecVersion {
		return d.fail(0, "version", "unknown version %d (want %d)", v, codecVersion)
	}
	now, err := d.uvarint("now")
	if err != nil {
		return err
	}
	at := d.off
	count, err := d.uvarint("session count")
	if err != nil {
		return err
	}
	if count > uint64(t.cfg.MaxSessions) {
		return d.fail(at, "session count", "%d sessions exceed MaxSessions %d", count, t.cfg.MaxSessions)
	}
	if count > uint64(len(b)-d.off)/4 {
		return d.fail(at, "session count", "%d sessions cannot fit in the %d remaining bytes", count, len(b)-d.off)
	}
	sessions := make(map[uint64]*session, count)
	var lru list
	var last uint64
	for i := uint64(0); i < count; i++ {
		s, err := t.decodeSession(&d, i, now, last)
		if err != nil {
			return err
		}
		if sessions[s.id] != nil {
			return d.fail(d.off, fmt.Sprintf("sessions[%d].id", i), "session %d listed twice", s.id)
		}
		sessions[s.id] = s
		lru.pushBack(s)
		last = s.lastActive
	}
	if d.off != len(b) {
		return d.fail(d.off, "end", "%d bytes after the last session", len(b)-d.off)
	}
	t.now, t.sessions, t.lru = now, sessions, lru
	return nil
}

func (t *Table) decodeSession(d *decoder, i, now, prevActive uint64) (*session, error) {
	field := func(name string) string { return fmt.Sprintf("sessions[%d].%s", i, name) }
	at := d.off
	id, err := d.uvarint(field("id"))
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, d.fail(at, field("id"), "session ID 0 (IDs are log indexes, from 1)")
	}
	at = d.off
	active, err := d.uvarint(field("lastActive"))
	if err != nil {
		return nil, err
	}
	if active > now || active < prevActive {
		return nil, d.fail(at, field("lastActive"), "%d is not in [%d, %d]: sessions are listed by last activity, up to the table's time", active, prevActive, now)
	}
	floor, err := d.uvarint(field("floor"))
	if err != nil {
		return nil, err
	}
	at = d.off
	n, err := d.uvarint(field("responses"))
	if err != nil {
		return nil, err
	}
	if n > uint64(t.cfg.MaxResponses) {
		return nil, d.fail(at, field("responses"), "%d responses exceed MaxResponses %d", n, t.cfg.MaxResponses)
	}
	if n > uint64(len(d.b)-d.off)/2 {
		return nil, d.fail(at, field("responses"), "%d responses cannot fit in the %d remaining bytes", n, len(d.b)-d.off)
	}
	s := &session{id: id, lastActive: active, floor: floor, responses: make([]response, 0, n)}
	for k := uint64(0); k < n; k++ {
		rf := func(name string) string { return field(fmt.Sprintf("responses[%d].%s", k, name)) }
		at = d.off
		seq, err := d.uvarint(rf("seq"))
		if err != nil {
			return nil, err
		}
		if seq <= floor {
			return nil, d.fail(at, rf("seq"), "request %d is at or below the session's floor %d", seq, floor)
		}
		if _, dup := s.find(seq); dup {
			return nil, d.fail(at, rf("seq"), "request %d cached twice", seq)
		}
		at = d.off
		size, err := d.uvarint(rf("length"))
		if err != nil {
			return nil, err
		}
		if size > uint64(len(d.b)-d.off) {
			return nil, d.fail(at, rf("length"), "%d bytes exceed the %d remaining", size, len(d.b)-d.off)
		}
		data := append([]byte(nil), d.b[d.off:d.off+int(size)]...)
		d.off += int(size)
		s.responses = append(s.responses, response{seq: seq, data: data})
	}
	return s, nil
}

type decoder struct {
	b   []byte
	off int
}

func (d *decoder) fail(at int, field, format string, args ...any) error {
	return &DecodeError{Offset: at, Field: field, Reason: fmt.Sprintf(format, args...)}
}

func (d *decoder) byte(field string) (byte, error) {
	if d.off >= len(d.b) {
		return 0, d.fail(d.off, field, "unexpected end of input")
	}
	c := d.b[d.off]
	d.off++
	return c, nil
}

func (d *decoder) uvarint(field string) (uint64, error) {
	v, n := binary.Uvarint(d.b[d.off:])
	switch {
	case n == 0:
		return 0, d.fail(d.off, field, "unexpected end of input")
	case n < 0:
		return 0, d.fail(d.off, field, "varint overflows 64 bits")
	case n > 1 && d.b[d.off+n-1] == 0:
		return 0, d.fail(d.off, field, "varint is not minimally encoded")
	}
	d.off += n
	return v, nil
}
