package raftsim

import (
	"encoding/binary"
	"fmt"

	"github.com/dsref/dsref/raft"
)

// Record kinds on the simulated disk.
const (
	recHardState byte = 1 // uvarint term, vote, commit
	recEntries   byte = 2 // uvarint count, then per entry uvarint index, term, type, data length, data
)

func encodeHardState(hs raft.HardState) []byte {
	b := []byte{recHardState}
	b = binary.AppendUvarint(b, hs.Term)
	b = binary.AppendUvarint(b, hs.Vote)
	return binary.AppendUvarint(b, hs.Commit)
}

func encodeEntries(ents []raft.Entry) []byte {
	b := []byte{recEntries}
	b = binary.AppendUvarint(b, uint64(len(ents)))
	for _, e := range ents {
		b = binary.AppendUvarint(b, e.Index)
		b = binary.AppendUvarint(b, e.Term)
		b = binary.AppendUvarint(b, uint64(e.Type))
		b = binary.AppendUvarint(b, uint64(len(e.Data)))
		b = append(b, e.Data...)
	}
	return b
}

// recovered is the persistent state rebuilt from a disk.
type recovered struct {
	hs  raft.HardState
	log []raft.Entry // log[i].Index == i+1
}

// recoverState replays the records in order: the last HardState wins, and each entries record
// replaces the log from its first index on (as Ready.Entries requires).
func recoverState(records [][]byte) (recovered, error) {
	var st recovered
	for n, rec := range records {
		if len(rec) == 0 {
			return st, fmt.Errorf("raftsim: disk record %d is empty", n)
		}
		off := 1
		next := func(field string) (uint64, error) {
			v, k := binary.Uvarint(rec[off:])
			if k <= 0 {
				return 0, fmt.Errorf("raftsim: disk record %d: bad %s at byte %d", n, field, off)
			}
			off += k
			return v, nil
		}
		switch rec[0] {
		case recHardState:
			var err error
			if st.hs.Term, err = next("term"); err != nil {
				return st, err
			}
			if st.hs.Vote, err = next("vote"); err != nil {
				return st, err
			}
			if st.hs.Commit, err = next("commit"); err != nil {
				return st, err
			}
		case recEntries:
			count, err := next("entry count")
			if err != nil {
				return st, err
			}
			for i := uint64(0); i < count; i++ {
				var e raft.Entry
				var typ, size uint64
				if e.Index, err = next("index"); err != nil {
					return st, err
				}
				if e.Term, err = next("term"); err != nil {
					return st, err
				}
				if typ, err = next("type"); err != nil {
					return st, err
				}
				if size, err = next("data length"); err != nil {
					return st, err
				}
				if size > uint64(len(rec)-off) {
					return st, fmt.Errorf("raftsim: disk record %d: data length %d at byte %d exceeds the record", n, size, off)
				}
				e.Type = raft.EntryType(typ)
				if size > 0 {
					e.Data = append([]byte(nil), rec[off:off+int(size)]...)
				}
				off += int(size)
				if e.Index < 1 || e.Index > uint64(len(st.log))+1 {
					return st, fmt.Errorf("raftsim: disk record %d: entry index %d leaves a gap after %d", n, e.Index, len(st.log))
				}
				st.log = append(st.log[:e.Index-1], e)
			}
		default:
			return st, fmt.Errorf("raftsim: disk record %d has unknown kind %d", n, rec[0])
		}
	}
	return st, nil
}
