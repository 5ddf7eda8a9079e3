package sim

import (
	"encoding/binary"
	"fmt"
)

// OpKind is a client operation on the replicated key-value store.
type OpKind uint8

const (
	OpGet OpKind = iota + 1
	OpPut
	OpAppend
)

func (k OpKind) String() string {
	switch k {
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	case OpAppend:
		return "append"
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// Command is a client operation as it travels through a protocol's log. Client and Seq identify it
// so that a retried command is applied once (the state machine remembers each client's last
// sequence number and result).
type Command struct {
	Client int
	Seq    uint64
	Kind   OpKind
	Key    string
	Value  string
}

const commandMagic = 'K'

// Encode serializes c: a magic byte, the kind, uvarint client, seq and key length, the key, then the
// value.
func (c Command) Encode() []byte {
	b := make([]byte, 0, 16+len(c.Key)+len(c.Value))
	b = append(b, commandMagic, byte(c.Kind))
	b = binary.AppendUvarint(b, uint64(c.Client))
	b = binary.AppendUvarint(b, c.Seq)
	b = binary.AppendUvarint(b, uint64(len(c.Key)))
	b = append(b, c.Key...)
	return append(b, c.Value...)
}

// DecodeCommand is the inverse of Encode; it reports which field of b is malformed.
func DecodeCommand(b []byte) (Command, error) {
	var c Command
	if len(b) < 2 || b[0] != commandMagic {
		return c, fmt.Errorf("command: missing magic byte %q at offset 0", commandMagic)
	}
	c.Kind = OpKind(b[1])
	if c.Kind < OpGet || c.Kind > OpAppend {
		return c, fmt.Errorf("command: unknown kind %d at offset 1", b[1])
	}
	off := 2
	read := func(field string) (uint64, error) {
		v, n := binary.Uvarint(b[off:])
		if n <= 0 {
			return 0, fmt.Errorf("command: bad uvarint %s at offset %d", field, off)
		}
		off += n
		return v, nil
	}
	client, err := read("client")
	if err != nil {
		return c, err
	}
	if client > 1<<20 {
		return c, fmt.Errorf("command: client %d out of range at offset 2", client)
	}
	c.Client = int(client)
	if c.Seq, err = read("seq"); err != nil {
		return c, err
	}
	keyLen, err := read("key length")
	if err != nil {
		return c, err
	}
	if keyLen > uint64(len(b)-off) {
		return c, fmt.Errorf("command: key length %d at offset %d exceeds the %d remaining bytes", keyLen, off, len(b)-off)
	}
	c.Key = string(b[off : off+int(keyLen)])
	c.Value = string(b[off+int(keyLen):])
	return c, nil
}

// KV is the replicated state machine every node runs: a string map with get, put and append, and
// at-most-once application of each client's commands.
type KV struct {
	data     map[string]string
	lastSeq  map[int]uint64
	lastResp map[int]string
}

// NewKV returns an empty store.
func NewKV() *KV {
	return &KV{data: map[string]string{}, lastSeq: map[int]uint64{}, lastResp: map[int]string{}}
}

// Apply executes c unless the client's command with that sequence number was already applied, in
// which case it returns the remembered result. The result of a get is the value read; put and
// append return "".
func (kv *KV) Apply(c Command) string {
	if last, ok := kv.lastSeq[c.Client]; ok && c.Seq <= last {
		if c.Seq == last {
			return kv.lastResp[c.Client]
		}
		return "" // an older command of a client that has moved on: nobody waits for it
	}
	var out string
	switch c.Kind {
	case OpGet:
		out = kv.data[c.Key]
	case OpPut:
		kv.data[c.Key] = c.Value
	case OpAppend:
		kv.data[c.Key] += c.Value
	}
	kv.lastSeq[c.Client] = c.Seq
	kv.lastResp[c.Client] = out
	return out
}

// Get reads a key directly, for tests.
func (kv *KV) Get(key string) string { return kv.data[key] }
