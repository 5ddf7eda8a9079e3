package wal_test

import (
	"fmt"
	"os"

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
