package clockstest

import (
	"math/rand/v2"
	"testing"
)

// TestHappenedBeforeByHand checks the relation on a three-process history worked out by hand:
//
//	0: p0 local
//	1: p0 send m1
//	2: p1 local
//	3: p1 receive m1
//	4: p2 send m4
//	5: p1 send m5
//	6: p0 receive m4
//	7: p2 receive m5
//
// Tests LC-7, VC-5.
func TestHappenedBeforeByHand(t *testing.T) {
	h := History{Processes: 3, Events: []Event{
		{Process: 0, Kind: Local},
		{Process: 0, Kind: Send, Message: 1},
		{Process: 1, Kind: Local},
		{Process: 1, Kind: Receive, Message: 1},
		{Process: 2, Kind: Send, Message: 4},
		{Process: 1, Kind: Send, Message: 5},
		{Process: 0, Kind: Receive, Message: 4},
		{Process: 2, Kind: Receive, Message: 5},
	}}
	// want[e] lists every f with e hb f.
	want := map[int][]int{
		0: {1, 3, 5, 6, 7},
		1: {3, 5, 6, 7},
		2: {3, 5, 7},
		3: {5, 7},
		4: {6, 7},
		5: {7},
	}
	hb := h.HappenedBefore()
	for e := range hb {
		for f := range hb[e] {
			expected := false
			for _, g := range want[e] {
				expected = expected || g == f
			}
			if hb[e][f] != expected {
				t.Errorf("hb[%d][%d] = %v, want %v", e, f, hb[e][f], expected)
			}
		}
	}
	if err := CheckLamport(h); err != nil {
		t.Error(err)
	}
	if err := CheckVector(h); err != nil {
		t.Error(err)
	}
}

// TestRandomHistoryIsWellFormed checks that every receive names an earlier send of another
// process and that no message is received twice.
func TestRandomHistoryIsWellFormed(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		h := RandomHistory(rng, 1+rng.IntN(4), rng.IntN(50))
		received := map[int]bool{}
		for i, ev := range h.Events {
			if ev.Kind != Receive {
				continue
			}
			if ev.Message >= i || h.Events[ev.Message].Kind != Send || h.Events[ev.Message].Process == ev.Process {
				t.Fatalf("event %d receives %d: %+v", i, ev.Message, h.Events[ev.Message])
			}
			if received[ev.Message] {
				t.Fatalf("message %d received twice", ev.Message)
			}
			received[ev.Message] = true
		}
	}
}

// TestCheckHLCRejectsBadPhysicalTimes makes sure the checker reports a violated bound rather
// than passing everything: physical clocks further apart than epsilon break l - pt <= epsilon.
//
// Tests HLC-7.
func TestCheckHLCRejectsBadPhysicalTimes(t *testing.T) {
	h := History{Processes: 2, Events: []Event{
		{Process: 0, Kind: Send, Message: 0},
		{Process: 1, Kind: Receive, Message: 0},
	}}
	// p0's clock reads 100, p1's 50: they differ by 50, but epsilon claims 10.
	if err := CheckHLC(h, []uint64{100, 50}, 10); err == nil {
		t.Fatal("CheckHLC accepted l - pt = 50 with epsilon 10")
	}
	if err := CheckHLC(h, []uint64{100, 95}, 10); err != nil {
		t.Fatalf("CheckHLC rejected a valid run: %v", err)
	}
}
