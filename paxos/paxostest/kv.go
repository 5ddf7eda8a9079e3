package paxostest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"

	"github.com/dsref/dsref/paxos"
)

// KVOp is the operation of a KVCommand.
type KVOp uint8

// Key-value operations.
const (
	OpGet    KVOp = iota + 1 // read Key
	OpPut                    // set Key to Value
	OpAppend                 // append Value to Key's value
)

func (o KVOp) String() string {
	switch o {
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	case OpAppend:
		return "append"
	}
	return fmt.Sprintf("KVOp(%d)", uint8(o))
}

// KVCommand is one client request. ClientID and Seq make it idempotent: a client numbers its
// requests 1, 2, 3, ... and retries a request with the same Seq until it sees the result, so
// the state machine executes every (ClientID, Seq) at most once even when a retry is decided
// in several slots.
type KVCommand struct {
	ClientID uint64
	Seq      uint64
	Op       KVOp
	Key      string
	Value    string
}

// KVResult is the outcome of a command: Value is the key's value after a Get (or before
// the write, for Put and Append), Found whether the key existed.
type KVResult struct {
	ClientID uint64
	Seq      uint64
	Value    string
	Found    bool
}

// Encode returns the wire form of c, to pass to paxos.Node.Propose.
func (c KVCommand) Encode() []byte {
	buf := make([]byte, 0, 1+2*binary.MaxVarintLen64+len(c.Key)+len(c.Value)+2*binary.MaxVarintLen64)
	buf = append(buf, byte(c.Op))
	buf = binary.AppendUvarint(buf, c.ClientID)
	buf = binary.AppendUvarint(buf, c.Seq)
	buf = binary.AppendUvarint(buf, uint64(len(c.Key)))
	buf = append(buf, c.Key...)
	buf = binary.AppendUvarint(buf, uint64(len(c.Value)))
	buf = append(buf, c.Value...)
	return buf
}

// DecodeKVCommand parses the wire form produced by Encode.
func DecodeKVCommand(b []byte) (KVCommand, error) {
	var c KVCommand
	if len(b) == 0 {
		return c, errors.New("paxostest: kv command: empty")
	}
	c.Op = KVOp(b[0])
	if c.Op < OpGet || c.Op > OpAppend {
		return c, fmt.Errorf("paxostest: kv command: unknown op %d at byte 0", b[0])
	}
	pos := 1
	uvarint := func(field string) (uint64, error) {
		v, n := binary.Uvarint(b[pos:])
		if n <= 0 {
			return 0, fmt.Errorf("paxostest: kv command: bad %s at byte %d", field, pos)
		}
		pos += n
		return v, nil
	}
	str := func(field string) (string, error) {
		n, err := uvarint(field + " length")
		if err != nil {
			return "", err
		}
		if n > uint64(len(b)-pos) {
			return "", fmt.Errorf("paxostest: kv command: %s length %d at byte %d exceeds the %d bytes left", field, n, pos, len(b)-pos)
		}
		s := string(b[pos : pos+int(n)])
		pos += int(n)
		return s, nil
	}
	var err error
	if c.ClientID, err = uvarint("client id"); err != nil {
		return c, err
	}
	if c.Seq, err = uvarint("sequence number"); err != nil {
		return c, err
	}
	if c.Key, err = str("key"); err != nil {
		return c, err
	}
	if c.Value, err = str("value"); err != nil {
		return c, err
	}
	if pos != len(b) {
		return c, fmt.Errorf("paxostest: kv command: %d trailing bytes at byte %d", len(b)-pos, pos)
	}
	return c, nil
}

// KV is the replicated state machine: a string map driven by decided log entries. Apply
// must be called with every decided entry in slot order; no-ops and undecodable commands
// advance the log without changing the map.
type KV struct {
	data    map[string]string
	last    map[uint64]KVResult // per client: result of its highest executed Seq
	applied uint64
	digest  uint64 // FNV-1a of every entry applied, in order
}

// NewKV returns an empty store.
func NewKV() *KV {
	return &KV{data: map[string]string{}, last: map[uint64]KVResult{}}
}

// Applied returns the last slot applied.
func (kv *KV) Applied() uint64 { return kv.applied }

// Digest returns a hash of every entry applied so far, in order: two stores that applied the
// same log to the same slot have the same digest, so checkers compare it to catch logs that
// diverged before a snapshot hid them.
func (kv *KV) Digest() uint64 { return kv.digest }

func (kv *KV) mix(e paxos.Entry) {
	h := fnv.New64a()
	var b [17]byte
	binary.BigEndian.PutUint64(b[:8], kv.digest)
	binary.BigEndian.PutUint64(b[8:16], e.Slot)
	if e.Noop {
		b[16] = 1
	}
	h.Write(b[:])
	h.Write(e.Data)
	kv.digest = h.Sum64()
}

// Get reads a key directly (not linearizable; for checks and debugging).
func (kv *KV) Get(key string) (string, bool) {
	v, ok := kv.data[key]
	return v, ok
}

// Apply executes a decided entry. It returns the command's result and true when the entry
// is a client command, or a zero result and false for no-ops and undecodable data. A
// command already executed (same ClientID and Seq or older) is not executed again; its
// original result is returned when it is the client's latest.
//
// Entries must arrive in slot order without gaps.
func (kv *KV) Apply(e paxos.Entry) (KVResult, bool, error) {
	if e.Slot != kv.applied+1 {
		return KVResult{}, false, fmt.Errorf("paxostest: kv: slot %d applied after slot %d", e.Slot, kv.applied)
	}
	kv.applied = e.Slot
	kv.mix(e)
	if e.Noop {
		return KVResult{}, false, nil
	}
	c, err := DecodeKVCommand(e.Data)
	if err != nil {
		return KVResult{}, false, nil
	}
	if prev, ok := kv.last[c.ClientID]; ok && c.Seq <= prev.Seq {
		if c.Seq == prev.Seq {
			return prev, true, nil
		}
		return KVResult{ClientID: c.ClientID, Seq: c.Seq}, false, nil
	}
	res := KVStep(kv.data, c)
	kv.last[c.ClientID] = res
	return res, true, nil
}

// KVStep executes c on data (a sequential specification usable by linearizability
// checkers) and returns its result.
func KVStep(data map[string]string, c KVCommand) KVResult {
	old, found := data[c.Key]
	switch c.Op {
	case OpPut:
		data[c.Key] = c.Value
	case OpAppend:
		data[c.Key] = old + c.Value
	}
	return KVResult{ClientID: c.ClientID, Seq: c.Seq, Value: old, Found: found}
}

// Snapshot encodes the store's state after its last applied slot, for paxos.Node.Compact:
// applied slot, digest, the key-value pairs and each client's last result, sorted, so equal
// states encode equally.
//
// Implements MPAXOS-12.
func (kv *KV) Snapshot() []byte {
	b := binary.AppendUvarint(nil, kv.applied)
	b = binary.AppendUvarint(b, kv.digest)
	b = binary.AppendUvarint(b, uint64(len(kv.data)))
	for _, k := range slices.Sorted(maps.Keys(kv.data)) {
		b = appendString(b, k)
		b = appendString(b, kv.data[k])
	}
	b = binary.AppendUvarint(b, uint64(len(kv.last)))
	for _, c := range slices.Sorted(maps.Keys(kv.last)) {
		r := kv.last[c]
		b = binary.AppendUvarint(b, c)
		b = binary.AppendUvarint(b, r.Seq)
		b = appendString(b, r.Value)
		found := byte(0)
		if r.Found {
			found = 1
		}
		b = append(b, found)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// RestoreKV rebuilds a store from Snapshot's encoding, for a node that installs a snapshot.
// Malformed input is an error naming the field and byte.
//
// Implements MPAXOS-13.
func RestoreKV(b []byte) (*KV, error) {
	kv := NewKV()
	pos := 0
	num := func(field string) (uint64, error) {
		v, n := binary.Uvarint(b[pos:])
		if n <= 0 {
			return 0, fmt.Errorf("paxostest: kv snapshot: bad %s at byte %d", field, pos)
		}
		pos += n
		return v, nil
	}
	str := func(field string) (string, error) {
		n, err := num(field + " length")
		if err != nil {
			return "", err
		}
		if n > uint64(len(b)-pos) {
			return "", fmt.Errorf("paxostest: kv snapshot: %s length %d at byte %d exceeds the %d bytes left", field, n, pos, len(b)-pos)
		}
		s := string(b[pos : pos+int(n)])
		pos += int(n)
		return s, nil
	}
	var err error
	if kv.applied, err = num("applied slot"); err != nil {
		return nil, err
	}
	if kv.digest, err = num("digest"); err != nil {
		return nil, err
	}
	pairs, err := num("pair count")
	if err != nil {
		return nil, err
	}
	if pairs > uint64(len(b)-pos)/2 {
		return nil, fmt.Errorf("paxostest: kv snapshot: %d pairs cannot fit in %d bytes", pairs, len(b)-pos)
	}
	for i := uint64(0); i < pairs; i++ {
		k, err := str("key")
		if err != nil {
			return nil, err
		}
		if kv.data[k], err = str("value"); err != nil {
			return nil, err
		}
	}
	clients, err := num("client count")
	if err != nil {
		return nil, err
	}
	if clients > uint64(len(b)-pos)/4 {
		return nil, fmt.Errorf("paxostest: kv snapshot: %d clients cannot fit in %d bytes", clients, len(b)-pos)
	}
	for i := uint64(0); i < clients; i++ {
		var r KVResult
		if r.ClientID, err = num("client id"); err != nil {
			return nil, err
		}
		if r.Seq, err = num("sequence number"); err != nil {
			return nil, err
		}
		if r.Value, err = str("result"); err != nil {
			return nil, err
		}
		if pos >= len(b) || b[pos] > 1 {
			return nil, fmt.Errorf("paxostest: kv snapshot: bad found flag at byte %d", pos)
		}
		r.Found = b[pos] == 1
		pos++
		kv.last[r.ClientID] = r
	}
	if pos != len(b) {
		return nil, fmt.Errorf("paxostest: kv snapshot: %d trailing bytes at byte %d", len(b)-pos, pos)
	}
	return kv, nil
}
