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
	recPromise  byte = 1 // uvarint ballot
	recAccepted byte = 2 // entries
	recDecided  byte = 3 // entries
)

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
// slot, and every decided entry. Applied is left 0 so the restarted node hands out every decided
// value again to the (fresh) state machine.
func recoverState(records [][]byte) (paxos.PersistentState, error) {
	var st paxos.PersistentState
	accepted := map[uint64]paxos.Entry{}
	decided := map[uint64]paxos.Entry{}
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
