package sim

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestDiskKeepsOnlySyncedRecords(t *testing.T) {
	var d Disk
	d.Append([]byte("a"))
	d.Sync()
	d.Append([]byte("b")) // never synced
	d.Crash()
	recs, discarded, err := d.Records()
	if err != nil || discarded != 0 || len(recs) != 1 || string(recs[0]) != "a" {
		t.Fatalf("got %q, discarded %d, err %v; want [a], 0, nil", recs, discarded, err)
	}
}

// TestDiskCrashDuringSync checks each kind of damage a crash in the middle of an fsync leaves:
// recovery keeps every record synced before and drops the damaged tail.
func TestDiskCrashDuringSync(t *testing.T) {
	for _, damage := range []DiskDamage{DamageLost, DamageTorn, DamageCorrupt} {
		t.Run(damage.String(), func(t *testing.T) {
			var d Disk
			d.Append([]byte("first"))
			if err := d.Sync(); err != nil {
				t.Fatal(err)
			}
			d.ArmCrash(damage)
			d.Append([]byte("second record"))
			if err := d.Sync(); !errors.Is(err, ErrDiskCrashed) {
				t.Fatalf("Sync after ArmCrash = %v, want ErrDiskCrashed", err)
			}
			if err := d.Append([]byte("x")); !errors.Is(err, ErrDiskCrashed) {
				t.Fatalf("Append on a dead disk = %v, want ErrDiskCrashed", err)
			}
			d.Crash()
			// "first" is 8+5 = 13 bytes; the damaged record's bytes (if any) follow.
			wantDiscarded := map[DiskDamage]int{DamageLost: 0, DamageTorn: 8 + 6, DamageCorrupt: 8 + 13}[damage]
			recs, discarded, err := d.Records()
			if err != nil || len(recs) != 1 || string(recs[0]) != "first" || discarded != wantDiscarded {
				t.Fatalf("got %q, discarded %d, err %v; want [first], %d, nil", recs, discarded, err, wantDiscarded)
			}
			if d.Size() != 13 {
				t.Fatalf("recovery left %d bytes, want the 13 of the first record", d.Size())
			}
		})
	}
}

func reach(l Links, from int, n int) int {
	k := 0
	for to := 1; to <= n; to++ {
		if to == from || !l.Blocked(from, to) {
			k++
		}
	}
	return k
}

// TestPartitionShapes checks the defining property of each shape on 5 nodes.
func TestPartitionShapes(t *testing.T) {
	const n = 5
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		iso := MakePartition(IsolateOne, n, rng)
		alone := 0
		for id := 1; id <= n; id++ {
			if reach(iso, id, n) == 1 {
				alone++
			} else if reach(iso, id, n) != n-1 {
				t.Fatalf("isolate: node %d reaches %d nodes: %s", id, reach(iso, id, n), iso)
			}
		}
		if alone != 1 {
			t.Fatalf("isolate: %d nodes alone: %s", alone, iso)
		}

		ring := MakePartition(MajoritiesRing, n, rng)
		for id := 1; id <= n; id++ {
			if reach(ring, id, n) != 3 {
				t.Fatalf("ring: node %d reaches %d nodes, want exactly a majority of 3: %s", id, reach(ring, id, n), ring)
			}
		}

		bridge := MakePartition(Bridge, n, rng)
		full := 0
		for id := 1; id <= n; id++ {
			if reach(bridge, id, n) == n {
				full++
			}
		}
		if full != 1 {
			t.Fatalf("bridge: %d nodes reach everyone, want 1: %s", full, bridge)
		}

		asym := MakePartition(Asymmetric, n, rng)
		oneWay := false
		for a := 1; a <= n; a++ {
			for b := 1; b <= n; b++ {
				if asym.Blocked(a, b) && !asym.Blocked(b, a) {
					oneWay = true
				}
				if asym.Blocked(a, b) && asym.Blocked(b, a) {
					t.Fatalf("asymmetric: %d and %d cut both ways: %s", a, b, asym)
				}
			}
		}
		if !oneWay {
			t.Fatalf("asymmetric partition blocks nothing: %s", asym)
		}

		split := MakePartition(MinorityMajority, n, rng)
		sizes := map[int]int{}
		for id := 1; id <= n; id++ {
			sizes[reach(split, id, n)]++
		}
		if len(sizes) != 2 || sizes[3]+sizes[4] == 0 {
			t.Fatalf("split: side sizes %v: %s", sizes, split)
		}
	}
}

func TestParsePartitionShape(t *testing.T) {
	for s := PartitionShape(0); s < numPartitionShapes; s++ {
		got, err := ParsePartitionShape(s.String())
		if err != nil || got != s {
			t.Fatalf("ParsePartitionShape(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := ParsePartitionShape("donut"); err == nil || !strings.Contains(err.Error(), "donut") {
		t.Fatalf("ParsePartitionShape(donut) error = %v, want one naming the input", err)
	}
}

func TestCommandRoundTripAndErrors(t *testing.T) {
	c := Command{Client: 3, Seq: 300, Kind: OpAppend, Key: "k", Value: "3.300;", Session: 12, Time: 4500}
	got, err := DecodeCommand(c.Encode())
	if err != nil || got != c {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{nil, "magic"},
		{[]byte{'K', 9}, "unknown kind 9"},
		{[]byte{'K', byte(OpGet), 0x80}, "client"},
		{[]byte{'K', byte(OpGet), 1, 1, 0, 0, 5, 'a'}, "key length 5"},
		{[]byte{'K', byte(OpGet), 1, 1, 0x80}, "session"},
		{[]byte{'K', byte(OpGet), 1, 1, 0, 0x80}, "time"},
	} {
		if _, err := DecodeCommand(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeCommand(%v) error = %v, want it to mention %q", tc.in, err, tc.want)
		}
	}
}

// TestKVAppliesEachCommandOnce: a command committed twice (a retry) runs once through the
// store's session table, and a command of a session that was never opened does not run.
//
// Tests RAFT-SESSION-2.
func TestKVAppliesEachCommandOnce(t *testing.T) {
	kv := NewKV()
	res, err := kv.Apply(1, Command{Client: 1, Seq: 1, Kind: OpRegister})
	if err != nil || res != "1" {
		t.Fatalf("register = %q, %v; want session 1", res, err)
	}
	put := Command{Client: 1, Seq: 1, Session: 1, Kind: OpAppend, Key: "a", Value: "x"}
	kv.Apply(2, put)
	kv.Apply(3, put) // a retried proposal committed twice
	if got := kv.Get("a"); got != "x" {
		t.Fatalf("after a duplicate append, a = %q, want %q", got, "x")
	}
	if got, err := kv.Apply(4, Command{Client: 1, Seq: 2, Session: 1, Kind: OpGet, Key: "a"}); got != "x" || err != nil {
		t.Fatalf("get = %q, %v", got, err)
	}
	if _, err := kv.Apply(5, Command{Client: 2, Seq: 1, Session: 9, Kind: OpAppend, Key: "a", Value: "y"}); err == nil || kv.Get("a") != "x" {
		t.Fatalf("a command of an unknown session: err %v, a = %q", err, kv.Get("a"))
	}
}

// TestLinearizabilityChecker feeds the checker hand-built histories: a stale read after a
// completed write is illegal; the same read overlapping the write is fine; an append that never
// answered may or may not have happened.
func TestLinearizabilityChecker(t *testing.T) {
	ms := time.Millisecond
	put := Command{Client: 1, Seq: 1, Kind: OpPut, Key: "a", Value: "1"}
	get := Command{Client: 2, Seq: 1, Kind: OpGet, Key: "a"}
	stale := []historyOp{
		{client: 1, cmd: put, call: 0, ret: 10 * ms, done: true},
		{client: 2, cmd: get, call: 20 * ms, ret: 30 * ms, done: true, output: ""},
	}
	if err := checkLinearizable(stale, time.Second); err == nil {
		t.Fatal("a read of the old value after the write completed passed")
	}
	overlapping := []historyOp{
		{client: 1, cmd: put, call: 0, ret: 10 * ms, done: true},
		{client: 2, cmd: get, call: 5 * ms, ret: 30 * ms, done: true, output: ""},
	}
	if err := checkLinearizable(overlapping, time.Second); err != nil {
		t.Fatalf("overlapping read: %v", err)
	}
	app := Command{Client: 1, Seq: 2, Kind: OpAppend, Key: "a", Value: "2"}
	pending := []historyOp{
		{client: 1, cmd: put, call: 0, ret: 10 * ms, done: true},
		{client: 1, cmd: app, call: 20 * ms, maybeIn: true},
		{client: 2, cmd: get, call: 30 * ms, ret: 40 * ms, done: true, output: "12"},
		{client: 3, cmd: get, call: 50 * ms, ret: 60 * ms, done: true, output: "12"},
	}
	if err := checkLinearizable(pending, time.Second); err != nil {
		t.Fatalf("a pending append that took effect: %v", err)
	}
	pending[3].output = "1" // the append cannot be undone after a read saw it
	if err := checkLinearizable(pending, time.Second); err == nil {
		t.Fatal("a read that lost an append another read saw passed")
	}
}

func TestEventLogTail(t *testing.T) {
	var buf bytes.Buffer
	l := newEventLog(&buf)
	l.tail = newTailRing(2)
	for i := 0; i < 3; i++ {
		b := l.begin(time.Duration(i) * time.Microsecond)
		b = append(b, 'x')
		l.end(b)
	}
	if buf.String() != "t=0 x\nt=1 x\nt=2 x\n" {
		t.Fatalf("log = %q", buf.String())
	}
	if got := l.tail.String(); got != "t=1 x\nt=2 x\n" {
		t.Fatalf("tail = %q", got)
	}
}

func TestOptionsRejectBadValues(t *testing.T) {
	for _, o := range []Options{{Nodes: 0}, {Nodes: 10}, {Nodes: 3, ElectionTicks: 2, HeartbeatTicks: 2}, {Nodes: 3, Keys: 27}, {Nodes: 3, MaxSteps: -1}} {
		if err := o.setDefaults(); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestDiskRecordsParsesOnlyWhatIsNew checks Records across syncs, a torn write and a rewrite:
// the records found before are kept, and what was synced since is added.
func TestDiskRecordsParsesOnlyWhatIsNew(t *testing.T) {
	var d Disk
	want := func(what string, names ...string) {
		t.Helper()
		recs, _, err := d.Records()
		if err != nil || len(recs) != len(names) {
			t.Fatalf("%s: %q, %v; want %q", what, recs, err, names)
		}
		for i := range names {
			if string(recs[i]) != names[i] {
				t.Fatalf("%s: %q; want %q", what, recs, names)
			}
		}
	}
	d.Append([]byte("a"))
	d.Sync()
	want("after one sync", "a")
	d.Append([]byte("b"))
	d.Append([]byte("c"))
	d.Sync()
	want("after a second sync", "a", "b", "c")
	d.ArmCrash(DamageTorn)
	d.Append([]byte("torn away"))
	d.Sync()
	d.Crash()
	want("after a torn write", "a", "b", "c")
	d.Append([]byte("d"))
	d.Sync()
	want("after recovery and a sync", "a", "b", "c", "d")
	recs, _, _ := d.Records()
	d.Rewrite([][]byte{[]byte("x")})
	want("after a rewrite", "x")
	if string(recs[0]) != "a" {
		t.Fatalf("a rewrite changed records handed out before it: %q", recs)
	}
}

// TestReportedFaultsAreTheOnesThatStruck: the mix a report prints names only kinds of fault the
// run applied, with the counts beside it.
func TestReportedFaultsAreTheOnesThatStruck(t *testing.T) {
	mix := Faults{Delay: DelayUniform, BaseDelay: time.Millisecond, Jitter: 2 * time.Millisecond, Drop: 0.1, Duplicate: 0.2,
		Replay: 1, Partition: 1, PartitionFor: time.Second, Shapes: []PartitionShape{IsolateOne}, Crash: 1, Pause: 1, ClockSkew: time.Millisecond}
	got := mix.Struck(FaultCounts{Dropped: 3, Pauses: 1})
	if s := got.String(); s != "delay=uniform(1ms+2ms) drop=0.100 pause=1.00/s(0s)" {
		t.Fatalf("struck mix %q", s)
	}
	if s := (Faults{Delay: DelayConstant, BaseDelay: time.Millisecond, Drop: 0.5}).Struck(FaultCounts{}).String(); s != "none" {
		t.Fatalf("a mix of which nothing struck prints %q", s)
	}
	if s := (FaultCounts{Dropped: 1, Crashes: 2}).String(); s != "1 message dropped, 2 crashes" {
		t.Fatalf("counts print %q", s)
	}
}
