package sim

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/dsref/dsref/raft/session"
)

// OpKind is a client operation on the replicated key-value store.
type OpKind uint8

const (
	OpGet OpKind = iota + 1
	OpPut
	OpAppend
	// OpRegister opens a client session (thesis 6.3); its result is the session's ID. It is
	// not an operation on the store and never enters the linearizability check.
	OpRegister
)

func (k OpKind) String() string {
	switch k {
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	case OpAppend:
		return "append"
	case OpRegister:
		return "register"
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// Command is a client operation as it travels through a protocol's log. Session and Seq identify
// it so that a retried command is applied once (the store's session table, raft/session, caches
// each request's result); Client names the simulated client that issued it, for the history.
type Command struct {
	Client int
	Seq    uint64
	Kind   OpKind
	Key    string
	Value  string
	// Session is the client's session (0 for OpRegister, which opens one; Seq is then the
	// number of the operation the client registers for).
	Session uint64
	// Time is the log time of the command: the simulated time in milliseconds when the client
	// proposed it (the leader's clock, in a real system).
	Time uint64
}

const commandMagic = 'K'

// Encode serializes c: a magic byte, the kind, uvarint client, seq, session, time and key length,
// the key, then the value.
func (c Command) Encode() []byte {
	b := make([]byte, 0, 32+len(c.Key)+len(c.Value))
	b = append(b, commandMagic, byte(c.Kind))
	b = binary.AppendUvarint(b, uint64(c.Client))
	b = binary.AppendUvarint(b, c.Seq)
	b = binary.AppendUvarint(b, c.Session)
	b = binary.AppendUvarint(b, c.Time)
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
	if c.Kind < OpGet || c.Kind > OpRegister {
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
	if c.Session, err = read("session"); err != nil {
		return c, err
	}
	if c.Time, err = read("time"); err != nil {
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

// KV is the replicated state machine every node runs: a string map with get, put and append,
// whose client sessions (raft/session) apply each command exactly once.
type KV struct {
	data     map[string]string
	sessions *session.Table
}

// NewKV returns an empty store whose session table has the default bounds and never expires
// sessions by time.
func NewKV() *KV { return newKV(session.Config{}) }

func newKV(cfg session.Config) *KV {
	t, err := session.New(cfg)
	if err != nil {
		panic(err) // the cluster's own configuration; tests cover it
	}
	return &KV{data: map[string]string{}, sessions: t}
}

// Apply executes c, committed at log index index, through the session table: a command the
// table has seen returns its first result, a register opens a session (its result is the
// session's ID), and a command of an unknown or expired session is refused with an error
// without running. The result of a get is the value read; put and append return "".
//
// Implements RAFT-SESSION-2.
func (kv *KV) Apply(index uint64, c Command) (string, error) {
	if c.Kind == OpRegister {
		id, err := kv.sessions.Register(index, c.Time)
		return strconv.FormatUint(id, 10), err
	}
	req := session.Request{Session: c.Session, Seq: c.Seq, Ack: c.Seq, Time: c.Time}
	out, _, err := kv.sessions.Apply(req, func() []byte {
		switch c.Kind {
		case OpGet:
			return []byte(kv.data[c.Key])
		case OpPut:
			kv.data[c.Key] = c.Value
		case OpAppend:
			kv.data[c.Key] += c.Value
		}
		return nil
	})
	return string(out), err
}

// Get reads a key directly, for tests.
func (kv *KV) Get(key string) string { return kv.data[key] }
