package clocks

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The tests in this file drive the clocks with values at the edges of their types: counters and
// wall times at and next to 2^64-1, logical counters at 2^16-1, physical clocks that jump to
// either end. Nothing may wrap: an operation either returns a strictly later reading or fails
// with a typed error and leaves the clock as it was.

var top = Timestamp{Wall: math.MaxUint64, Logical: math.MaxUint16}

// Before the fix, Now after importing the largest timestamp returned it again, so two events
// carried equal timestamps (HLC-4 broken): bump ignored Next's ok flag.
//
// Tests HLC-4, HLC-11.
func TestHLCRefusesToRepeatTheLargestTimestamp(t *testing.T) {
	var events []TraceEvent
	h, err := NewHLC(func() uint64 { return 7 }, TracerFunc(func(e TraceEvent) { events = append(events, e) }))
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.Update(Timestamp{Wall: math.MaxUint64, Logical: math.MaxUint16 - 1})
	if err != nil || got != top {
		t.Fatalf("Update to one below the largest = %v, %v; want %v", got, err, top)
	}
	for i := 0; i < 3; i++ {
		ts, err := h.Now()
		var ovf *TimestampOverflowError
		if !errors.As(err, &ovf) || !errors.Is(err, ErrHLCOverflow) {
			t.Fatalf("Now at the largest timestamp = %v, %v; want a *TimestampOverflowError", ts, err)
		}
		if ovf.Last != top || ovf.Physical != 7 || ts != top || h.Last() != top {
			t.Fatalf("error %+v, returned %v, clock %v", ovf, ts, h.Last())
		}
	}
	for _, remote := range []Timestamp{{}, {Wall: 5}, top} {
		if _, err := h.Update(remote); !errors.Is(err, ErrHLCOverflow) {
			t.Fatalf("Update(%v) at the largest timestamp: err = %v", remote, err)
		}
		if _, err := h.UpdateChecked(remote, math.MaxUint64); !errors.Is(err, ErrHLCOverflow) {
			t.Fatalf("UpdateChecked(%v) at the largest timestamp: err = %v", remote, err)
		}
	}
	if len(events) != 1 {
		t.Fatalf("refused events were traced: %+v", events)
	}
	// A fresh clock refuses to import the largest timestamp itself: its receive event would
	// need a later one.
	h2, _ := NewHLC(func() uint64 { return 7 }, nil)
	if _, err := h2.Update(top); !errors.Is(err, ErrHLCOverflow) || h2.Last() != (Timestamp{}) {
		t.Fatalf("Update(largest) on a fresh clock: err = %v, clock %v", err, h2.Last())
	}
	// The physical clock itself at 2^64-1: l = pt, then c counts up, then the carry has
	// nowhere to go.
	h3, _ := NewHLC(func() uint64 { return math.MaxUint64 }, nil)
	for i := 0; i <= math.MaxUint16; i++ {
		if _, err := h3.Now(); err != nil {
			t.Fatalf("event %d at pt = 2^64-1: %v", i, err)
		}
	}
	if _, err := h3.Now(); !errors.Is(err, ErrHLCOverflow) || h3.Last() != top {
		t.Fatalf("event 2^16+1 at pt = 2^64-1: err = %v, clock %v", err, h3.Last())
	}
}

// Before the fix, CommitWait for a time more than 292 years past the clock's earliest bound
// returned t.Sub(earliest) + 1ns, which wrapped the saturated Duration to a negative wait.
//
// Tests IC-3.
func TestCommitWaitSaturates(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := NewIntervalClock(func() time.Time { return now }, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := c.CommitWait(far); got != time.Duration(math.MaxInt64) {
		t.Fatalf("CommitWait(%v) = %v, want the largest Duration", far, got)
	}
	// An uncertainty of the largest Duration saturates the interval instead of wrapping it.
	wide, err := NewIntervalClock(func() time.Time { return now }, time.Duration(math.MaxInt64))
	if err != nil {
		t.Fatal(err)
	}
	iv := wide.Now()
	if !iv.Earliest.Before(now) || !iv.Latest.After(now) || !iv.Contains(now) {
		t.Fatalf("interval %v around %v", iv, now)
	}
	if w := wide.CommitWait(now); w <= 0 {
		t.Fatalf("CommitWait(now) with the widest uncertainty = %v", w)
	}
}

var edgeCounters = []uint64{0, 1, 2, math.MaxUint64 - 2, math.MaxUint64 - 1, math.MaxUint64}

func drawCounter(t *rapid.T, label string) uint64 {
	if rapid.Bool().Draw(t, label+"-edge") {
		return rapid.SampledFrom(edgeCounters).Draw(t, label)
	}
	return rapid.Uint64().Draw(t, label)
}

func drawTimestamp(t *rapid.T, label string) Timestamp {
	ts := Timestamp{Wall: drawCounter(t, label+"-wall")}
	if rapid.Bool().Draw(t, label+"-logical-edge") {
		ts.Logical = rapid.SampledFrom([]uint16{0, 1, math.MaxUint16 - 1, math.MaxUint16}).Draw(t, label+"-logical")
	} else {
		ts.Logical = uint16(rapid.Uint32Range(0, math.MaxUint16).Draw(t, label+"-logical"))
	}
	return ts
}

// TestPropertyHLCSurvivesExtremeValues runs an HLC against a physical clock that jumps
// anywhere, including to 2^64-1 and back to 0, and absorbs arbitrary remote timestamps. Every
// event either returns a timestamp above the previous one, above the remote one and at least
// the physical reading, or fails with a typed error and leaves the clock as it was.
//
// Tests HLC-2, HLC-3, HLC-4, HLC-6, HLC-11.
func TestPropertyHLCSurvivesExtremeValues(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var pt uint64
		h, _ := NewHLC(func() uint64 { return pt }, nil)
		for i := 0; i < 40; i++ {
			if rapid.Bool().Draw(t, "jump") {
				pt = drawCounter(t, "pt")
			}
			prev := h.Last()
			remote := drawTimestamp(t, "remote")
			var ts Timestamp
			var err error
			action := rapid.IntRange(0, 2).Draw(t, "action")
			switch action {
			case 0:
				ts, err = h.Now()
			case 1:
				ts, err = h.Update(remote)
			default:
				ts, err = h.UpdateChecked(remote, drawCounter(t, "max-offset"))
			}
			if err != nil {
				var ovf *TimestampOverflowError
				var off *ClockOffsetError
				if !errors.As(err, &ovf) && !errors.As(err, &off) {
					t.Fatalf("untyped error %v", err)
				}
				if ovf != nil && !errors.Is(err, ErrHLCOverflow) {
					t.Fatalf("%v does not match ErrHLCOverflow", err)
				}
				if ts != prev || h.Last() != prev {
					t.Fatalf("refused event (%v) moved the clock from %v to %v", err, prev, h.Last())
				}
				continue
			}
			if !prev.Less(ts) || ts != h.Last() {
				t.Fatalf("event went from %v to %v", prev, ts)
			}
			if ts.Wall < pt {
				t.Fatalf("l = %d below pt = %d", ts.Wall, pt)
			}
			if action > 0 && !remote.Less(ts) {
				t.Fatalf("receive of %v stamped %v", remote, ts)
			}
		}
	})
}

// TestPropertyCountersNeverWrap drives Lamport clocks, sparse and dense vector clocks and DVV
// sets with counters at the top of uint64: every operation either moves the counters as
// specified or fails with the clock's overflow error and changes nothing.
//
// Tests LC-4, LC-6, VC-2, VC-3, VC-10, DVV-2.
func TestPropertyCountersNeverWrap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var lc Lamport
		nodes := []string{"a", "b", "c"}
		var v Vector
		members, _ := NewMembers(nodes...)
		d := members.NewDense()
		var set DVVSet[int]
		for i := 0; i < 30; i++ {
			switch rapid.IntRange(0, 4).Draw(t, "action") {
			case 0:
				before, remote := lc.Time(), drawCounter(t, "remote")
				got, err := lc.Receive(remote)
				if err != nil {
					if !errors.Is(err, ErrLamportOverflow) || lc.Time() != before || max(before, remote) != math.MaxUint64 {
						t.Fatalf("Receive(%d) at %d: %v, clock %d", remote, before, err, lc.Time())
					}
				} else if got != max(before, remote)+1 || got <= before {
					t.Fatalf("Receive(%d) at %d = %d", remote, before, got)
				}
			case 1:
				other, err := NewVector(map[string]uint64{rapid.SampledFrom(nodes).Draw(t, "merge-node"): drawCounter(t, "merge-counter")})
				if err != nil {
					t.Fatal(err)
				}
				before := v.Clone()
				v.Merge(other)
				for _, n := range nodes {
					if v.Get(n) != max(before.Get(n), other.Get(n)) {
						t.Fatalf("Merge(%v, %v) = %v", before, other, v)
					}
				}
			case 2:
				n := rapid.SampledFrom(nodes).Draw(t, "tick-node")
				before := v.Clone()
				if err := v.Tick(n); err != nil {
					if !errors.Is(err, ErrVectorOverflow) || v.Compare(before) != Equal || before.Get(n) != math.MaxUint64 {
						t.Fatalf("Tick(%s) on %v: %v, now %v", n, before, err, v)
					}
				} else if v.Get(n) <= before.Get(n) || v.Get(n) != before.Get(n)+1 {
					t.Fatalf("Tick(%s) on %v = %v", n, before, v)
				}
			case 3:
				i := rapid.IntRange(0, len(nodes)-1).Draw(t, "dense-index")
				other := members.NewDense()
				other[rapid.IntRange(0, len(nodes)-1).Draw(t, "dense-merge")] = drawCounter(t, "dense-counter")
				d = d.Merge(other)
				before := d.Clone()
				if err := d.Tick(i); err != nil {
					if !errors.Is(err, ErrVectorOverflow) || d.Compare(before) != Equal || before[i] != math.MaxUint64 {
						t.Fatalf("dense Tick(%d) on %v: %v", i, before, err)
					}
				} else if d[i] <= before[i] || d[i] != before[i]+1 {
					t.Fatalf("dense Tick(%d) on %v = %v", i, before, d)
				}
			default:
				node := rapid.SampledFrom(nodes).Draw(t, "dvv-node")
				ctx, _ := NewVector(map[string]uint64{node: drawCounter(t, "dvv-context")})
				before := set.Clone()
				err := set.Update(ctx, node, i)
				if err != nil {
					if !errors.Is(err, ErrDVVOverflow) || set.Join().Compare(before.Join()) != Equal || set.Len() != before.Len() {
						t.Fatalf("DVV Update(%v, %s) on %v: %v", ctx, node, before.Join(), err)
					}
					continue
				}
				// The new value's dot is above everything the context and the set had seen.
				seen := max(ctx.Get(node), before.Join().Get(node))
				if got := set.Join().Get(node); got <= seen || got != seen+1 {
					t.Fatalf("DVV Update(%v, %s) on %v: counter %d, want %d+1", ctx, node, before.Join(), got, seen)
				}
			}
		}
	})
}

// Tests HLC-11.
func TestTimestampOverflowErrorText(t *testing.T) {
	err := (&TimestampOverflowError{Last: top, Remote: Timestamp{Wall: 3}, Physical: 9}).Error()
	for _, want := range []string{"HLC at 18446744073709551615.65535 cannot advance", "remote 3.0", "physical 9"} {
		if !strings.Contains(err, want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}
