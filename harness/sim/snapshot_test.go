package sim

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/raft/session"
)

// A snapshot restores the store and its session table: a retried command is answered from
// the restored table, not applied twice.
func TestKVSnapshotRestoresDataAndSessions(t *testing.T) {
	kv := NewKV()
	id, err := kv.Apply(1, Command{Client: 1, Seq: 1, Kind: OpRegister, Time: 1})
	if err != nil {
		t.Fatal(err)
	}
	if id != "1" {
		t.Fatalf("session ID %q, want 1 (the register's index)", id)
	}
	if _, err := kv.Apply(2, Command{Client: 1, Seq: 2, Kind: OpAppend, Key: "k", Value: "x", Session: 1, Time: 2}); err != nil {
		t.Fatal(err)
	}
	snap := kv.Snapshot()

	got := NewKV()
	if err := got.restore(snap); err != nil {
		t.Fatal(err)
	}
	if string(got.Snapshot()) != string(snap) {
		t.Fatal("a restored store encodes differently from the one it came from")
	}
	// The retry of seq 2 must not append again.
	if _, err := got.Apply(3, Command{Client: 1, Seq: 2, Kind: OpAppend, Key: "k", Value: "x", Session: 1, Time: 3}); err != nil {
		t.Fatal(err)
	}
	if v := got.Get("k"); v != "x" {
		t.Fatalf("k = %q after a retried append on the restored store, want x", v)
	}
}

// Malformed snapshots are refused with the field and byte, and leave the store as it was.
func TestKVRestoreRefusesMalformedSnapshots(t *testing.T) {
	good := NewKV()
	good.data["k"] = "v"
	snap := good.Snapshot()
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "bad key count at byte 0"},
		{"too many keys", []byte{0x7f}, "127 keys cannot fit"},
		{"key beyond the end", []byte{1, 9, 'k'}, "key length 9 at byte 2 exceeds"},
		{"no session table", snap[:5], "session table at byte 5"},
		{"trailing byte", append(append([]byte{}, snap...), 0), "session table"},
	} {
		kv := NewKV()
		kv.data["old"] = "kept"
		err := kv.restore(tc.b)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Restore = %v, want an error containing %q", tc.name, err, tc.want)
		}
		if kv.Get("old") != "kept" || len(kv.data) != 1 {
			t.Errorf("%s: a refused snapshot changed the store: %v", tc.name, kv.data)
		}
	}
	// The session table keeps the restoring store's bounds.
	small := newKV(session.Config{MaxSessions: 1})
	two := NewKV()
	for i := uint64(1); i <= 2; i++ {
		if _, err := two.Apply(i, Command{Client: int(i), Seq: 1, Kind: OpRegister}); err != nil {
			t.Fatal(err)
		}
	}
	if err := small.restore(two.Snapshot()); err == nil || !strings.Contains(err.Error(), "exceed MaxSessions") {
		t.Fatalf("restoring 2 sessions into a table bounded to 1: %v", err)
	}
}
