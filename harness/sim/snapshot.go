package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
)

// Compactor is implemented by nodes whose core compacts its log into snapshots of the state
// machine. After every drain the cluster asks SnapshotDue with the index the node's state
// machine has applied, and if it says yes hands the node that state machine's snapshot
// (KV.Snapshot) with Compact. The node persists and uses it as its core requires; when it
// later restarts from it, or installs a peer's, it hands it back in Output.Restore. A Compact
// that fails with ErrDiskCrashed is the node dying while it persisted the snapshot.
type Compactor interface {
	SnapshotDue(applied uint64) bool
	Compact(index uint64, state []byte) error
}

// Restore replaces a node's state machine with a snapshot: the state (KV.Snapshot's encoding)
// after applying every index up to Index. The cluster applies it before the drain's Applied,
// which continue at Index+1.
type Restore struct {
	Index uint64
	State []byte
}

// snapshots remembers a digest of every snapshot the cluster handed a node (Compact), by index:
// a snapshot a node restores must be one of them (a core cannot make up state machine state),
// and two nodes snapshotting at the same index must agree (State Machine Safety: they applied
// the same commands up to there).
type snapshots map[uint64]uint64

func digest(state []byte) uint64 {
	h := fnv.New64a()
	h.Write(state)
	return h.Sum64()
}

// restore installs r on s: its state machine becomes the snapshot's, which must be one the
// cluster handed some node at that index, and must not take the node back before what it
// applied.
func (c *Cluster) restore(s *slot, r *Restore) {
	c.logf("restore n%d i=%d", s.id, r.Index)
	if r.Index < s.applied {
		c.fail(FailInvariant, fmt.Errorf("StateMachineSafety: node %d restored a snapshot at index %d, below the index %d its state machine had applied", s.id, r.Index, s.applied))
		return
	}
	if d, ok := c.snaps[r.Index]; !ok || d != digest(r.State) {
		c.fail(FailInvariant, fmt.Errorf("StateMachineSafety: node %d restored a snapshot at index %d that is not the state of any node after applying index %d", s.id, r.Index, r.Index))
		return
	}
	kv := newKV(c.sessions.tableConfig(c.nodes.sessions, s.id))
	if err := kv.restore(r.State); err != nil {
		c.fail(FailError, fmt.Errorf("node %d: restoring its state machine at index %d: %w", s.id, r.Index, err))
		return
	}
	s.kv, s.applied = kv, r.Index
	c.sessions.event(s.id, "Restore", map[string]any{"index": r.Index})
}

// compact hands s its state machine's snapshot if the node wants one; the node's trace events
// of the compaction are recorded once it has persisted the snapshot.
func (c *Cluster) compact(s *slot) {
	cp, ok := s.node.(Compactor)
	if !ok || s.applied == 0 || !cp.SnapshotDue(s.applied) {
		return
	}
	state := s.kv.Snapshot()
	d := digest(state)
	if prev, ok := c.snaps[s.applied]; ok && prev != d {
		c.fail(FailInvariant, fmt.Errorf("StateMachineSafety: node %d's state after applying index %d differs from another node's there", s.id, s.applied))
		return
	}
	if err := cp.Compact(s.applied, state); err != nil {
		if errors.Is(err, ErrDiskCrashed) {
			c.counts.Crashes++
			c.trace.crashed()
			c.logf("crash n%d during fsync", s.id)
			c.nodes.kill(s)
			return
		}
		c.fail(FailError, fmt.Errorf("node %d: compacting at index %d: %w", s.id, s.applied, err))
		return
	}
	if c.snaps == nil {
		c.snaps = snapshots{}
	}
	c.snaps[s.applied] = d
	c.sessions.event(s.id, "TakeSnapshot", map[string]any{"index": s.applied})
	c.trace.persisted()
	c.logf("compact n%d i=%d", s.id, s.applied)
}

// Snapshot encodes the store: its keys and values in sorted order, then its session table
// (raft/session's encoding), so equal stores encode equally.
func (kv *KV) Snapshot() []byte {
	b := binary.AppendUvarint(nil, uint64(len(kv.data)))
	for _, k := range slices.Sorted(maps.Keys(kv.data)) {
		b = appendString(b, k)
		b = appendString(b, kv.data[k])
	}
	table, err := kv.sessions.MarshalBinary()
	if err != nil {
		panic(err) // MarshalBinary never fails; its signature is encoding.BinaryMarshaler's
	}
	return append(b, table...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// restore replaces the store's contents with a snapshot (Snapshot's encoding), keeping its
// session table's configuration; malformed input is an error naming the field and the byte.
func (kv *KV) restore(b []byte) error {
	off := 0
	num := func(field string) (uint64, error) {
		v, n := binary.Uvarint(b[off:])
		if n <= 0 {
			return 0, fmt.Errorf("sim: kv snapshot: bad %s at byte %d", field, off)
		}
		off += n
		return v, nil
	}
	str := func(field string) (string, error) {
		n, err := num(field + " length")
		if err != nil {
			return "", err
		}
		if n > uint64(len(b)-off) {
			return "", fmt.Errorf("sim: kv snapshot: %s length %d at byte %d exceeds the %d bytes left", field, n, off, len(b)-off)
		}
		s := string(b[off : off+int(n)])
		off += int(n)
		return s, nil
	}
	keys, err := num("key count")
	if err != nil {
		return err
	}
	if keys > uint64(len(b)-off)/2 {
		return fmt.Errorf("sim: kv snapshot: %d keys cannot fit in the %d bytes left", keys, len(b)-off)
	}
	data := make(map[string]string, keys)
	for range keys {
		k, err := str("key")
		if err != nil {
			return err
		}
		if data[k], err = str("value"); err != nil {
			return err
		}
	}
	if err := kv.sessions.UnmarshalBinary(b[off:]); err != nil {
		return fmt.Errorf("sim: kv snapshot: session table at byte %d: %w", off, err)
	}
	kv.data = data
	return nil
}
