package clocks

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"
)

// Tests LC-5.
func TestLamportStampCompare(t *testing.T) {
	cases := []struct {
		a, b LamportStamp
		want int
	}{
		{LamportStamp{1, "p"}, LamportStamp{2, "a"}, -1}, // time decides first
		{LamportStamp{2, "a"}, LamportStamp{2, "b"}, -1}, // then the process ID
		{LamportStamp{2, "b"}, LamportStamp{2, "a"}, 1},
		{LamportStamp{3, "a"}, LamportStamp{3, "a"}, 0},
		{LamportStamp{math.MaxUint64, ""}, LamportStamp{0, "z"}, 1},
	}
	for _, c := range cases {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// Tests LC-2, LC-3, LC-4.
func TestLamportTracesActions(t *testing.T) {
	var got []TraceEvent
	c := NewLamport(TracerFunc(func(e TraceEvent) { got = append(got, e) }))
	c.Tick()
	c.Send()
	c.Receive(10)
	want := []TraceEvent{
		{Action: "Tick", Wall: 1},
		{Action: "Send", Wall: 2},
		{Action: "Receive", Wall: 11, RemoteWall: 10},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Tests VC-4.
func TestOrderingString(t *testing.T) {
	for o, want := range map[Ordering]string{Equal: "equal", Before: "before", After: "after", Concurrent: "concurrent", Ordering(7): "ordering(7)", Ordering(-2): "ordering(-2)"} {
		if got := o.String(); got != want {
			t.Errorf("Ordering(%d).String() = %q, want %q", int(o), got, want)
		}
	}
}

// Tests VC-1.
func TestNewVectorRejectsEmptyNode(t *testing.T) {
	if _, err := NewVector(map[string]uint64{"": 1}); err == nil {
		t.Fatal("NewVector accepted an empty node ID")
	}
	var v Vector
	if err := v.Tick(""); err == nil {
		t.Fatal("Tick accepted an empty node ID")
	}
}

// Tests VC-10.
func TestMembers(t *testing.T) {
	if _, err := NewMembers("a", "b", "a"); err == nil || err.Error() != `clocks: node ID "a" is listed twice (members 0 and 2)` {
		t.Fatalf("duplicate member: err = %v", err)
	}
	if _, err := NewMembers("a", ""); err == nil || err.Error() != "clocks: member 1 has an empty node ID" {
		t.Fatalf("empty member: err = %v", err)
	}
	m, err := NewMembers("c", "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVector(map[string]uint64{"a": 5, "c": 2})
	d, err := m.Dense(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := (DenseVector{2, 5, 0}); d.Compare(want) != Equal || len(d) != 3 || d[0] != 2 || d[1] != 5 {
		t.Fatalf("Dense(%v) = %v, want %v", v, d, want)
	}
	stranger, _ := NewVector(map[string]uint64{"z": 1})
	if _, err := m.Dense(stranger); err == nil || err.Error() != `clocks: node "z" of clock {z:1} is not a member` {
		t.Fatalf("Dense of a non-member: err = %v", err)
	}
	if _, err := m.Sparse(DenseVector{1, 2, 3, 4}); err == nil {
		t.Fatal("Sparse accepted a dense clock longer than the membership")
	}
	if err := d.Tick(3); err == nil {
		t.Fatal("Tick(3) on a 3-member clock succeeded")
	}
	if err := d.Tick(-1); err == nil {
		t.Fatal("Tick(-1) succeeded")
	}
	d[2] = math.MaxUint64
	if err := d.Tick(2); !errors.Is(err, ErrVectorOverflow) || d[2] != math.MaxUint64 {
		t.Fatalf("Tick at max: err = %v, counter %d", err, d[2])
	}
}

// Tests VC-4, VC-10.
func TestDenseCompareAndMergeMixedLengths(t *testing.T) {
	cases := []struct {
		a, b DenseVector
		want Ordering
	}{
		{DenseVector{1, 0, 0}, DenseVector{1}, Equal},
		{DenseVector{1}, DenseVector{1, 0, 2}, Before},
		{DenseVector{1, 0, 2}, DenseVector{1}, After},
		{DenseVector{2}, DenseVector{1, 0, 2}, Concurrent},
		{nil, DenseVector{0, 0}, Equal},
		// 17 entries: two unrolled blocks of eight and a tail of one.
		{DenseVector{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, DenseVector{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}, Before},
		{DenseVector{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1}, DenseVector{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, After},
		{DenseVector{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1}, DenseVector{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Concurrent},
	}
	for _, c := range cases {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	got := DenseVector{1, 5}.Merge(DenseVector{3, 2, 7, 1, 1, 9})
	if want := (DenseVector{3, 5, 7, 1, 1, 9}); len(got) != len(want) || got.Compare(want) != Equal {
		t.Fatalf("Merge = %v, want %v", got, want)
	}
	short := DenseVector{4, 1, 0, 0, 8}
	got = short.Merge(DenseVector{2, 3})
	if want := (DenseVector{4, 3, 0, 0, 8}); got.Compare(want) != Equal || len(got) != 5 {
		t.Fatalf("Merge = %v, want %v", got, want)
	}
}

// Tests HLC-4, HLC-7.
func TestHLCMonotonicAcrossBackwardJump(t *testing.T) {
	pt := uint64(1000)
	h, err := NewHLC(func() uint64 { return pt }, nil)
	if err != nil {
		t.Fatal(err)
	}
	prev := mustNow(t, h)
	for _, step := range []int64{5, -300, 0, 0, 10, -1, 400, -399} {
		pt = uint64(int64(pt) + step)
		now := mustNow(t, h)
		if !prev.Less(now) {
			t.Fatalf("after physical step %d: %v is not after %v", step, now, prev)
		}
		if now.Wall < pt {
			t.Fatalf("l = %d below pt = %d", now.Wall, pt)
		}
		prev = now
	}
}

// Tests HLC-3.
func TestHLCUpdateCheckedTypedError(t *testing.T) {
	h, _ := NewHLC(func() uint64 { return 500 }, nil)
	before := mustNow(t, h)
	_, err := h.UpdateChecked(Timestamp{Wall: 600, Logical: 1}, 99)
	var off *ClockOffsetError
	if !errors.As(err, &off) {
		t.Fatalf("err = %v, want a *ClockOffsetError", err)
	}
	if off.Remote != (Timestamp{600, 1}) || off.Physical != 500 || off.MaxOffset != 99 {
		t.Fatalf("error fields = %+v", off)
	}
	if h.Last() != before {
		t.Fatalf("rejected update moved the clock from %v to %v", before, h.Last())
	}
	// A remote timestamp behind physical time is never rejected, whatever the offset.
	if ts, err := h.UpdateChecked(Timestamp{Wall: 1}, 0); err != nil || ts != (Timestamp{500, 1}) {
		t.Fatalf("UpdateChecked(1.0, 0) = %v, %v; want 500.1", ts, err)
	}
	if _, err := NewHLC(nil, nil); err == nil {
		t.Fatal("NewHLC(nil) succeeded")
	}
}

// Tests HLC-1, HLC-2.
func TestHLCTracesActions(t *testing.T) {
	var got []TraceEvent
	h, _ := NewHLC(func() uint64 { return 7 }, TracerFunc(func(e TraceEvent) { got = append(got, e) }))
	mustNow(t, h)
	if _, err := h.Update(Timestamp{Wall: 9, Logical: 2}); err != nil {
		t.Fatal(err)
	}
	want := []TraceEvent{
		{Action: "SendOrLocal", Wall: 7, Physical: 7},
		{Action: "Receive", Wall: 9, Logical: 3, RemoteWall: 9, RemoteLogical: 2, Physical: 7},
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("trace = %+v, want %+v", got, want)
	}
}

// Tests HLC-9, HLC-10, HLC-11.
func TestTimestampEdges(t *testing.T) {
	if n, ok := (Timestamp{Wall: 4, Logical: math.MaxUint16}).Next(); !ok || n != (Timestamp{Wall: 5}) {
		t.Fatalf("Next carries into the wall: got %v, %v", n, ok)
	}
	top := Timestamp{Wall: math.MaxUint64, Logical: math.MaxUint16}
	if n, ok := top.Next(); ok || n != top {
		t.Fatalf("Next of the largest timestamp = %v, %v; want it unchanged and false", n, ok)
	}
	if _, err := (Timestamp{Wall: MaxPackedWall + 1}).Pack(); err == nil {
		t.Fatal("Pack accepted a 49-bit wall")
	}
	p, err := Timestamp{Wall: 0x123456789abc, Logical: 0xdef0}.Pack()
	if err != nil || p != 0x123456789abcdef0 {
		t.Fatalf("Pack = %#x, %v; want 0x123456789abcdef0", p, err)
	}
	if got := UnpackTimestamp(0xffffffffffffffff); got != (Timestamp{Wall: MaxPackedWall, Logical: math.MaxUint16}) {
		t.Fatalf("UnpackTimestamp(max) = %v", got)
	}
	// With a frozen physical clock 2^16 events carry exactly once into the wall.
	h, _ := NewHLC(func() uint64 { return 10 }, nil)
	var last Timestamp
	for range 1 << 16 {
		last = mustNow(t, h)
	}
	if want := (Timestamp{Wall: 10, Logical: math.MaxUint16}); last != want {
		t.Fatalf("after 2^16 events: %v, want %v", last, want)
	}
	if got := mustNow(t, h); got != (Timestamp{Wall: 11}) {
		t.Fatalf("event 2^16+1 = %v, want 11.0", got)
	}
}

func mustNow(t testing.TB, h *HLC) Timestamp {
	t.Helper()
	ts, err := h.Now()
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Tests IC-1.
func TestIntervalClockNow(t *testing.T) {
	now := mustTime("2026-01-01T00:00:10Z")
	c, err := NewIntervalClock(func() time.Time { return now }, 7*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	iv := c.Now()
	if !iv.Earliest.Equal(mustTime("2026-01-01T00:00:09.993Z")) || !iv.Latest.Equal(mustTime("2026-01-01T00:00:10.007Z")) {
		t.Fatalf("Now = %v", iv)
	}
	if !iv.Contains(now) || iv.Contains(now.Add(8*time.Millisecond)) {
		t.Fatal("Contains is wrong at the bounds")
	}
	if _, err := NewIntervalClock(func() time.Time { return now }, -time.Nanosecond); err == nil {
		t.Fatal("negative uncertainty accepted")
	}
	if _, err := NewIntervalClock(nil, 0); err == nil {
		t.Fatal("nil physical clock accepted")
	}
}

// Tests IC-2.
func TestIntervalOrderIsDefiniteOnlyWithoutOverlap(t *testing.T) {
	at := func(a, b int) Interval {
		base := mustTime("2026-01-01T00:00:00Z")
		return Interval{Earliest: base.Add(time.Duration(a)), Latest: base.Add(time.Duration(b))}
	}
	cases := []struct {
		i, j                    Interval
		before, after, overlaps bool
	}{
		{at(0, 10), at(11, 20), true, false, false},
		{at(0, 10), at(10, 20), false, false, true}, // touching at one instant is an overlap
		{at(11, 20), at(0, 10), false, true, false},
		{at(0, 30), at(10, 20), false, false, true},
	}
	for _, c := range cases {
		if c.i.Before(c.j) != c.before || c.i.After(c.j) != c.after || c.i.Overlaps(c.j) != c.overlaps {
			t.Errorf("%v vs %v: Before %v After %v Overlaps %v", c.i, c.j, c.i.Before(c.j), c.i.After(c.j), c.i.Overlaps(c.j))
		}
	}
	now := mustTime("2026-01-01T00:00:10Z")
	clk, _ := NewIntervalClock(func() time.Time { return now }, time.Second)
	for _, c := range []struct {
		t             time.Time
		after, before bool
	}{
		{now.Add(-1001 * time.Millisecond), true, false},
		{now.Add(-time.Second), false, false}, // equal to Earliest: not definitely past
		{now, false, false},
		{now.Add(time.Second), false, false},
		{now.Add(1001 * time.Millisecond), false, true},
	} {
		if clk.After(c.t) != c.after || clk.Before(c.t) != c.before {
			t.Errorf("t = now%+v: After %v Before %v, want %v %v", c.t.Sub(now), clk.After(c.t), clk.Before(c.t), c.after, c.before)
		}
	}
}

// Tests IC-3.
func TestCommitWait(t *testing.T) {
	now := mustTime("2026-01-01T00:00:10Z")
	clk, _ := NewIntervalClock(func() time.Time { return now }, 4*time.Millisecond)
	// Commit timestamp = Latest, as Spanner picks it: wait 2u plus the smallest step.
	ts := clk.Now().Latest
	wait := clk.CommitWait(ts)
	if wait != 8*time.Millisecond+time.Nanosecond {
		t.Fatalf("CommitWait = %v, want 8.000001ms", wait)
	}
	now = now.Add(wait - time.Nanosecond)
	if clk.After(ts) {
		t.Fatal("timestamp definitely past one nanosecond before the wait is over")
	}
	now = now.Add(time.Nanosecond)
	if !clk.After(ts) {
		t.Fatal("timestamp not definitely past after the wait")
	}
	if got := clk.CommitWait(ts); got != 0 {
		t.Fatalf("CommitWait after the wait = %v, want 0", got)
	}
}

// Tests LC-6.
func TestLamportOverflowLeavesClock(t *testing.T) {
	c := Lamport{time: math.MaxUint64}
	if _, err := c.Send(); !errors.Is(err, ErrLamportOverflow) || c.Time() != math.MaxUint64 {
		t.Fatalf("Send at max: err %v, time %d", err, c.Time())
	}
}

// allocatedBytes returns how many bytes f allocates on the heap per call, averaged over many
// calls so that stray allocations by the runtime do not count.
func allocatedBytes(f func()) uint64 {
	const runs = 200
	var before, after runtime.MemStats
	f() // warm up
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// TestDecodeAllocationIsBoundedByInput checks that a claimed entry count the input cannot hold
// is refused without allocating room for it, and that a valid decode allocates in proportion
// to the input: at most one Entry (24 bytes) per 3 input bytes plus the node IDs.
//
// Tests VC-9.
func TestDecodeAllocationIsBoundedByInput(t *testing.T) {
	huge := mustHex("ffffffffffffffff7f") // claims 2^63-1 entries in 0 bytes
	var v Vector
	if got := allocatedBytes(func() { _ = v.UnmarshalBinary(huge) }); got > 1024 {
		t.Fatalf("rejecting a huge count allocated %d bytes", got)
	}
	nearly := append(mustHex("a0e9f6a10f"), make([]byte, 300)...) // claims 4e9 entries in 300 bytes
	if got := allocatedBytes(func() { _ = v.UnmarshalBinary(nearly) }); got > 1024 {
		t.Fatalf("rejecting a count larger than the input allocated %d bytes", got)
	}
	src := Vector{}
	for i := range 64 {
		src.Tick(fmt.Sprintf("n%02d", i))
	}
	data, _ := src.MarshalBinary()
	var dst Vector
	got := allocatedBytes(func() {
		if err := dst.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
	})
	if limit := uint64(9 * len(data)); got > limit {
		t.Fatalf("decoding %d bytes allocated %d bytes, more than %d", len(data), got, limit)
	}
	if len(data) != cap(data) {
		t.Fatalf("MarshalBinary sized its buffer %d for %d bytes", cap(data), len(data))
	}
}

// Tests VC-9.
func TestFailedDecodeLeavesClockUnchanged(t *testing.T) {
	v, _ := NewVector(map[string]uint64{"a": 1, "b": 2, "c": 3})
	data, _ := v.MarshalBinary()
	var w Vector
	if err := w.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	// Each input is valid up to its last entry, so a decoder that wrote entries as it went would
	// have overwritten w's first two entries with x and y.
	for _, in := range [][]byte{
		mustHex("03" + "017801" + "017901" + "017a00"), // zero counter
		mustHex("03" + "017801" + "017901" + "027a7a"), // truncated counter
		mustHex("03" + "017801" + "017901" + "017801"), // out of order
	} {
		if err := w.UnmarshalBinary(in); err == nil {
			t.Fatalf("decoding %x succeeded", in)
		}
		if w.String() != "{a:1 b:2 c:3}" {
			t.Fatalf("after a failed decode of %x the clock is %v", in, w)
		}
	}
}
