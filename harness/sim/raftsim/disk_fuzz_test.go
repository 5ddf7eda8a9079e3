package raftsim

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/raft"
)

// splitRecords cuts fuzz input into disk records: a length byte, then that many bytes.
func splitRecords(b []byte) [][]byte {
	var recs [][]byte
	for len(b) > 0 {
		n := min(int(b[0]), len(b)-1)
		recs = append(recs, b[1:1+n])
		b = b[1+n:]
	}
	return recs
}

// FuzzRecoverState recovers a node's state from arbitrary disk records: an error names the
// record, and a recovered log has no gaps (log[i] holds the index i+1 after the snapshot's).
func FuzzRecoverState(f *testing.F) {
	frame := func(recs ...[]byte) []byte {
		var b []byte
		for _, r := range recs {
			b = append(b, byte(len(r)))
			b = append(b, r...)
		}
		return b
	}
	f.Add(frame(encodeHardState(raft.HardState{Term: 2, Vote: 1, Commit: 1}),
		encodeEntries([]raft.Entry{{Index: 1, Term: 1}, {Index: 2, Term: 1, Data: []byte("x")}}),
		encodeEntries([]raft.Entry{{Index: 2, Term: 2, Data: []byte("y")}})))
	f.Add(frame(encodeHardState(raft.HardState{Term: 2, Commit: 3}),
		encodeSnapshot(raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 3, Term: 2, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}}, Data: []byte("state")}),
		encodeEntries([]raft.Entry{{Index: 4, Term: 2}})))
	f.Add(frame([]byte{9}))
	f.Add(frame([]byte{2, 0xff, 0xff, 0xff, 0xff, 0x0f}))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := recoverState(splitRecords(b))
		if err != nil {
			if !strings.Contains(err.Error(), "disk record") {
				t.Fatalf("error %q does not name the record", err)
			}
			return
		}
		for i, e := range st.log {
			if e.Index != st.snap.Metadata.Index+uint64(i)+1 {
				t.Fatalf("recovered log has index %d at position %d after a snapshot at %d", e.Index, i, st.snap.Metadata.Index)
			}
		}
	})
}
