package kv

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// A log entry holds one command in a compact binary form, which every replica decodes when it
// applies the entry (three decodes per put in a 3-node cluster): a version byte, the op, a
// flags byte, the four numbers as uvarints, then the key, the value and the expected old value,
// each a uvarint length and its bytes. Entries written as JSON (the form before this one) are
// still read.
const commandV1 = 0x01

var opCodes = map[Op]byte{OpPut: 1, OpDelete: 2, OpCAS: 3, OpRegister: 4}
var opsByCode = [...]Op{1: OpPut, 2: OpDelete, 3: OpCAS, 4: OpRegister}

const flagOldAbsent = 1

// EncodeCommand returns c's log entry. c.Op must be one of the known ops.
func EncodeCommand(c Command) ([]byte, error) {
	op, ok := opCodes[c.Op]
	if !ok {
		return nil, fmt.Errorf("kv: command %d: unknown op %q", c.ID, c.Op)
	}
	var flags byte
	if c.OldAbsent {
		flags |= flagOldAbsent
	}
	b := make([]byte, 0, 3+4*binary.MaxVarintLen64+3*binary.MaxVarintLen32+len(c.Key)+len(c.Value)+len(c.Old))
	b = append(b, commandV1, op, flags)
	for _, v := range [...]uint64{c.ID, c.ClientID, c.Seq, c.Time} {
		b = binary.AppendUvarint(b, v)
	}
	for _, s := range [...]string{c.Key, c.Value, c.Old} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b, nil
}

// DecodeCommand parses a log entry; errors name what was wrong.
func DecodeCommand(b []byte) (Command, error) {
	var c Command
	switch {
	case len(b) == 0:
		return c, fmt.Errorf("kv: malformed command: empty entry")
	case b[0] == commandV1:
		if err := decodeV1(b, &c); err != nil {
			return c, fmt.Errorf("kv: malformed command: %w", err)
		}
	default:
		var err error
		if c, err = decodeJSON(b); err != nil {
			return c, fmt.Errorf("kv: malformed command: %w", err)
		}
	}
	switch c.Op {
	case OpPut, OpDelete, OpCAS, OpRegister:
	default:
		return c, fmt.Errorf("kv: command %d: unknown op %q", c.ID, c.Op)
	}
	if c.ClientID != 0 && c.Seq == 0 {
		return c, fmt.Errorf("kv: command %d: session %d without a request number (seq)", c.ID, c.ClientID)
	}
	return c, nil
}

// uvarintAt reads the varint field name at b[off:] and returns it with the offset after it.
func uvarintAt(b []byte, off int, name string) (uint64, int, error) {
	v, n := binary.Uvarint(b[off:])
	if n <= 0 {
		return 0, off, fmt.Errorf("bad %s at byte %d", name, off)
	}
	return v, off + n, nil
}

// stringAt reads the length-prefixed string field name at b[off:] and returns it with the
// offset after it.
func stringAt(b []byte, off int, name string) (string, int, error) {
	l, n := binary.Uvarint(b[off:])
	if n <= 0 {
		return "", off, fmt.Errorf("bad %s length at byte %d", name, off)
	}
	off += n
	if l > uint64(len(b)-off) {
		return "", off, fmt.Errorf("%s of %d bytes at byte %d, beyond the entry's %d bytes", name, l, off, len(b))
	}
	return string(b[off : off+int(l)]), off + int(l), nil
}

// decodeJSON parses the JSON form. It is apart from DecodeCommand so that DecodeCommand's
// command, which json.Unmarshal would move to the heap, stays on the stack.
func decodeJSON(b []byte) (Command, error) {
	var c Command
	err := json.Unmarshal(b, &c)
	return c, err
}

// decodeV1 parses the binary form.
func decodeV1(b []byte, c *Command) error {
	if len(b) < 3 {
		return fmt.Errorf("%d bytes, shorter than the 3-byte header", len(b))
	}
	if int(b[1]) >= len(opsByCode) || opsByCode[b[1]] == "" {
		return fmt.Errorf("unknown op code %d at byte 1", b[1])
	}
	c.Op = opsByCode[b[1]]
	if b[2]&^flagOldAbsent != 0 {
		return fmt.Errorf("unknown flags %#x at byte 2", b[2])
	}
	c.OldAbsent = b[2]&flagOldAbsent != 0
	off := 3
	var err error
	if c.ID, off, err = uvarintAt(b, off, "id"); err != nil {
		return err
	}
	if c.ClientID, off, err = uvarintAt(b, off, "client"); err != nil {
		return err
	}
	if c.Seq, off, err = uvarintAt(b, off, "seq"); err != nil {
		return err
	}
	if c.Time, off, err = uvarintAt(b, off, "time"); err != nil {
		return err
	}
	if c.Key, off, err = stringAt(b, off, "key"); err != nil {
		return err
	}
	if c.Value, off, err = stringAt(b, off, "value"); err != nil {
		return err
	}
	if c.Old, off, err = stringAt(b, off, "old"); err != nil {
		return err
	}
	if off != len(b) {
		return fmt.Errorf("%d bytes after the command, at byte %d", len(b)-off, off)
	}
	return nil
}
