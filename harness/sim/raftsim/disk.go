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
	// recSnapshot: uvarint index, term, voter count, the voters, data length, then the data.
	// The log restarts after the snapshot: entries records that follow continue it. A node
	// writes one when it installs a leader's snapshot, and when it compacts: it then rewrites
	// its disk as the snapshot, its HardState and the entries after the snapshot.
	recSnapshot byte = 3
)

func encodeSnapshot(s raft.Snapshot) []byte {
	b := []byte{recSnapshot}
	b = binary.AppendUvarint(b, s.Metadata.Index)
	b = binary.AppendUvarint(b, s.Metadata.Term)
	cs := &s.Metadata.ConfState
	for _, ids := range [...][]uint64{cs.Voters, cs.VotersOutgoing, cs.Learners, cs.LearnersNext} {
		b = binary.AppendUvarint(b, uint64(len(ids)))
		for _, v := range ids {
			b = binary.AppendUvarint(b, v)
		}
	}
	if cs.AutoLeave {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Data)))
	return append(b, s.Data...)
}

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
	hs   raft.HardState
	snap raft.Snapshot // the zero value if the node has none
	log  []raft.Entry  // the entries after the snapshot: log[i].Index == snap index + i + 1
}

// recoverState replays the records in order: the last HardState wins, a snapshot restarts the
// log after it, and each entries record replaces the log from its first index on (as
// Ready.Entries requires).
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
				first := st.snap.Metadata.Index + 1
				if e.Index < first || e.Index-first > uint64(len(st.log)) {
					return st, fmt.Errorf("raftsim: disk record %d: entry index %d outside the log [%d, %d]", n, e.Index, first, first+uint64(len(st.log)))
				}
				st.log = append(st.log[:e.Index-first], e)
			}
		case recSnapshot:
			var s raft.Snapshot
			var err error
			if s.Metadata.Index, err = next("snapshot index"); err != nil {
				return st, err
			}
			if s.Metadata.Term, err = next("snapshot term"); err != nil {
				return st, err
			}
			if s.Metadata.Index == 0 || s.Metadata.Index > raft.MaxIndex {
				return st, fmt.Errorf("raftsim: disk record %d: snapshot index %d out of range", n, s.Metadata.Index)
			}
			cs := &s.Metadata.ConfState
			for _, part := range [...]struct {
				name string
				ids  *[]uint64
			}{{"voter", &cs.Voters}, {"outgoing voter", &cs.VotersOutgoing}, {"learner", &cs.Learners}, {"next learner", &cs.LearnersNext}} {
				count, err := next(part.name + " count")
				if err != nil {
					return st, err
				}
				if count > uint64(len(rec)-off) {
					return st, fmt.Errorf("raftsim: disk record %d: %d %ss at byte %d exceed the record", n, count, part.name, off)
				}
				for range count {
					v, err := next(part.name)
					if err != nil {
						return st, err
					}
					*part.ids = append(*part.ids, v)
				}
			}
			if off >= len(rec) || rec[off] > 1 {
				return st, fmt.Errorf("raftsim: disk record %d: bad auto-leave flag at byte %d", n, off)
			}
			cs.AutoLeave = rec[off] == 1
			off++
			size, err := next("snapshot data length")
			if err != nil {
				return st, err
			}
			if size != uint64(len(rec)-off) {
				return st, fmt.Errorf("raftsim: disk record %d: snapshot data length %d at byte %d, but %d bytes follow", n, size, off, len(rec)-off)
			}
			s.Data = append([]byte(nil), rec[off:]...)
			st.snap, st.log = s, nil
		default:
			return st, fmt.Errorf("raftsim: disk record %d has unknown kind %d", n, rec[0])
		}
	}
	return st, nil
}
