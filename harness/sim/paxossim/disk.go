package paxossim

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/dsref/dsref/paxos"
)

// Record kinds on the simulated disk.
const (
	recPromise   byte = 1 // uvarint ballot
	recAccepted  byte = 2 // entries
	recDecided   byte = 3 // entries
	recSnapshot  byte = 4 // uvarint index, uvarint length, state machine snapshot
	recCompacted byte = 5 // uvarint slot: votes up to it were dropped
)

func encodeSnapshot(s paxos.Snapshot) []byte {
	b := binary.AppendUvarint([]byte{recSnapshot}, s.Index)
	b = binary.AppendUvarint(b, uint64(len(s.Data)))
	return append(b, s.Data...)
}

func encodeCompacted(slot uint64) []byte {
	return binary.AppendUvarint([]byte{recCompacted}, slot)
}

// encodeState writes st as the fewest records that recover it, for Disk.Rewrite.
func encodeState(st paxos.PersistentState) [][]byte {
	recs := [][]byte{encodePromise(st.Promised)}
	if st.Snapshot.Index > 0 {
		recs = append(recs, encodeSnapshot(st.Snapshot))
	}
	if st.Compacted > 0 {
		recs = append(recs, encodeCompacted(st.Compacted))
	}
	if len(st.Accepted) > 0 {
		recs = append(recs, encodeEntries(recAccepted, st.Accepted))
	}
	if len(st.Decided) > 0 {
		recs = append(recs, encodeEntries(recDecided, st.Decided))
	}
	return recs
}

func encodePromise(b paxos.Ballot) []byte {
	return binary.AppendUvarint([]byte{recPromise}, uint64(b))
}

// encodeEntries writes uvarint count, then per entry uvarint slot, ballot, noop, data length, data.
func encodeEntries(kind byte, ents []paxos.Entry) []byte {
	b := []byte{kind}
	b = binary.AppendUvarint(b, uint64(len(ents)))
	for _, e := range ents {
		b = binary.AppendUvarint(b, e.Slot)
		b = binary.AppendUvarint(b, uint64(e.Ballot))
		noop := uint64(0)
		if e.Noop {
			noop = 1
		}
		b = binary.AppendUvarint(b, noop)
		b = binary.AppendUvarint(b, uint64(len(e.Data)))
		b = append(b, e.Data...)
	}
	return b
}

// recoverState rebuilds the persistent state: the highest promise, the newest accepted entry per
// slot after the highest compaction point, the newest snapshot, and every decided entry after
// it. Applied is left 0 so the restarted node hands out every decided value after the snapshot
// again to the (fresh) state machine, which the adapter first restores from the snapshot.
func recoverState(records [][]byte) (paxos.PersistentState, error) {
	var st paxos.PersistentState
	accepted := map[uint64]paxos.Entry{}
	decided := map[uint64]paxos.Entry{}
	compactedBy := -1 // the record that set st.Compacted
	for n, rec := range records {
		if len(rec) == 0 {
			return st, fmt.Errorf("paxossim: disk record %d is empty", n)
		}
		off := 1
		next := func(field string) (uint64, error) {
			v, k := binary.Uvarint(rec[off:])
			if k <= 0 {
				return 0, fmt.Errorf("paxossim: disk record %d: bad %s at byte %d", n, field, off)
			}
			off += k
			return v, nil
		}
		switch rec[0] {
		case recPromise:
			b, err := next("ballot")
			if err != nil {
				return st, err
			}
			st.Promised = max(st.Promised, paxos.Ballot(b))
		case recCompacted:
			slot, err := next("slot")
			if err != nil {
				return st, err
			}
			if slot > st.Compacted {
				st.Compacted, compactedBy = slot, n
			}
		case recSnapshot:
			index, err := next("index")
			if err != nil {
				return st, err
			}
			size, err := next("length")
			if err != nil {
				return st, err
			}
			if size != uint64(len(rec)-off) {
				return st, fmt.Errorf("paxossim: disk record %d: snapshot length %d at byte %d, but %d bytes follow", n, size, off, len(rec)-off)
			}
			if index > st.Snapshot.Index {
				st.Snapshot = paxos.Snapshot{Index: index, Data: append([]byte(nil), rec[off:]...)}
			}
		case recAccepted, recDecided:
			count, err := next("entry count")
			if err != nil {
				return st, err
			}
			for i := uint64(0); i < count; i++ {
				var e paxos.Entry
				var ballot, noop, size uint64
				if e.Slot, err = next("slot"); err != nil {
					return st, err
				}
				if ballot, err = next("ballot"); err != nil {
					return st, err
				}
				if noop, err = next("noop flag"); err != nil {
					return st, err
				}
				if size, err = next("data length"); err != nil {
					return st, err
				}
				if size > uint64(len(rec)-off) {
					return st, fmt.Errorf("paxossim: disk record %d: data length %d at byte %d exceeds the record", n, size, off)
				}
				if e.Slot == 0 {
					return st, fmt.Errorf("paxossim: disk record %d: entry with slot 0", n)
				}
				e.Ballot, e.Noop = paxos.Ballot(ballot), noop == 1
				if size > 0 {
					e.Data = append([]byte(nil), rec[off:off+int(size)]...)
				}
				off += int(size)
				if rec[0] == recAccepted {
					accepted[e.Slot] = e
				} else {
					decided[e.Slot] = e
				}
			}
		default:
			return st, fmt.Errorf("paxossim: disk record %d has unknown kind %d", n, rec[0])
		}
	}
	for s := range accepted {
		if s <= st.Compacted {
			delete(accepted, s)
		}
	}
	for s := range decided {
		if s <= st.Snapshot.Index {
			delete(decided, s)
		}
	}
	if st.Compacted > st.Snapshot.Index {
		// Votes are dropped only for decided slots, which were recorded as decided before.
		top := st.Snapshot.Index
		for ; decided[top+1].Slot != 0; top++ {
		}
		if st.Compacted > top {
			return st, fmt.Errorf("paxossim: disk record %d: votes compacted up to slot %d, but only slots up to %d are recorded decided", compactedBy, st.Compacted, top)
		}
	}
	st.Accepted = sortedEntries(accepted)
	st.Decided = sortedEntries(decided)
	return st, nil
}

func sortedEntries(m map[uint64]paxos.Entry) []paxos.Entry {
	out := make([]paxos.Entry, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y paxos.Entry) int { return cmp.Compare(x.Slot, y.Slot) })
	return out
}
