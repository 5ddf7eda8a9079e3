package wal_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal"
)

// Example persists a Ready's hard state and entries, then recovers them as a restarted node
// would.
func Example() {
	dir, _ := os.MkdirTemp("", "wal-example")
	defer os.RemoveAll(dir)

	w, _, err := wal.Open(dir, wal.Options{SegmentSize: 1 << 20})
	if err != nil {
		panic(err)
	}
	w.Save(raft.HardState{Term: 1, Vote: 1, Commit: 1}, []raft.Entry{{Term: 1, Index: 1, Data: []byte("x=1")}})
	if err := w.Sync(); err != nil { // durable: now the Ready's messages may be sent
		panic(err)
	}
	w.Close()

	_, st, err := wal.Open(dir, wal.Options{SegmentSize: 1 << 20})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+v %d entries, first %q\n", st.HardState, len(st.Entries), st.Entries[0].Data)
	// Output: {Term:1 Vote:1 Commit:1} 1 entries, first "x=1"
}

// ExampleStorage runs a single-node raft cluster on a WAL-backed Storage: each Ready is one
// batch, synced before its messages would be sent; after a snapshot the log is compacted, and
// a restart reads the snapshot and the entries after it.
func ExampleStorage() {
	dir, _ := os.MkdirTemp("", "wal-storage-example")
	defer os.RemoveAll(dir)

	st, _, err := wal.OpenStorage(dir, wal.Options{SegmentSize: 1 << 20})
	if err != nil {
		panic(err)
	}
	rn, _ := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
	var applied []string
	handle := func() {
		for rn.HasReady() {
			rd := rn.Ready()
			if err := st.Save(&rd, nil); err != nil {
				panic(err)
			}
			if rd.MustSync {
				if err := st.Sync(); err != nil {
					panic(err)
				}
			}
			for _, e := range rd.CommittedEntries {
				if len(e.Data) > 0 {
					applied = append(applied, string(e.Data))
				}
			}
			rn.Advance(rd)
		}
	}
	_ = rn.Campaign()
	handle()
	for _, v := range []string{"a", "b", "c"} {
		_ = rn.Propose([]byte(v))
		handle()
	}
	snap, err := st.CreateSnapshot(rn.BasicStatus().Applied, nil, []byte(strings.Join(applied, ",")))
	if err != nil {
		panic(err)
	}
	_ = rn.Propose([]byte("d"))
	handle()
	st.Close()

	st, rec, err := wal.OpenStorage(dir, wal.Options{SegmentSize: 1 << 20})
	if err != nil {
		panic(err)
	}
	defer st.Close()
	first, _ := st.FirstIndex()
	last, _ := st.LastIndex()
	fmt.Printf("snapshot at %d (%q), entries %d..%d\n", snap.Metadata.Index, rec.Snapshot.Data, first, last)
	// Output: snapshot at 4 ("a,b,c"), entries 5..5
}
