package paxossim

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/paxos"
)

// FuzzRecoverState recovers an acceptor's state from arbitrary disk records (each a length byte
// and that many bytes): an error names the record, and the recovered entries are in strictly
// increasing slot order.
func FuzzRecoverState(f *testing.F) {
	frame := func(recs ...[]byte) []byte {
		var b []byte
		for _, r := range recs {
			b = append(b, byte(len(r)))
			b = append(b, r...)
		}
		return b
	}
	f.Add(frame(encodePromise(paxos.Ballot(7)), encodeEntries(recAccepted, []paxos.Entry{{Slot: 2, Ballot: 7, Data: []byte("x")}, {Slot: 1, Ballot: 7, Noop: true}}),
		encodeEntries(recDecided, []paxos.Entry{{Slot: 1, Ballot: 7, Noop: true}})))
	f.Add(frame([]byte{9}))
	f.Add(frame([]byte{recAccepted, 0xff, 0xff, 0xff, 0xff, 0x0f}))
	// Votes compacted past every slot recorded decided: the error names the compaction record
	// (found by a 30 s campaign; the error named no record before).
	f.Add([]byte("0\x050"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var recs [][]byte
		for len(b) > 0 {
			n := min(int(b[0]), len(b)-1)
			recs = append(recs, b[1:1+n])
			b = b[1+n:]
		}
		st, err := recoverState(recs)
		if err != nil {
			if !strings.Contains(err.Error(), "disk record") {
				t.Fatalf("error %q does not name the record", err)
			}
			return
		}
		for _, list := range [][]paxos.Entry{st.Accepted, st.Decided} {
			for i := 1; i < len(list); i++ {
				if list[i].Slot <= list[i-1].Slot {
					t.Fatalf("recovered slots out of order: %v", list)
				}
			}
		}
	})
}
