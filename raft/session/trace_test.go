package session

import (
	"slices"
	"testing"
)

// TestTraceNamesEveryOutcome applies one entry of each kind the table decides on and checks the
// events Config.Trace receives: the action of tla/Session.tla, the entry, the outcome, the
// response, and the table's log time and open sessions after the step.
//
// Tests RAFT-SESSION-2, RAFT-SESSION-3, RAFT-SESSION-4.
func TestTraceNamesEveryOutcome(t *testing.T) {
	type seen struct {
		outcome  string
		resp     string
		now      uint64
		sessions []uint64
	}
	var got []seen
	tb, err := New(Config{Timeout: 10, MaxResponses: 1, Trace: func(ev TraceEvent) {
		if ev.Action != TraceApplyEntry {
			t.Errorf("action %q, want %q", ev.Action, TraceApplyEntry)
		}
		got = append(got, seen{ev.Outcome, string(ev.Response), ev.Now, slices.Clone(ev.Sessions)})
	}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tb.Register(3, 1)
	b, _ := tb.Register(4, 2)
	exec := func(s string) func() []byte { return func() []byte { return []byte(s) } }
	tb.Apply(Request{Session: a, Seq: 1, Ack: 1, Time: 3}, exec("x"))
	tb.Apply(Request{Session: a, Seq: 1, Ack: 1, Time: 3}, exec("y"))  // a retry
	tb.Apply(Request{Session: a, Seq: 2, Ack: 2, Time: 4}, exec("z"))  // acknowledges 1
	tb.Apply(Request{Session: a, Seq: 1, Ack: 1, Time: 5}, exec("w"))  // a late copy of 1
	tb.Apply(Request{Session: a, Seq: 3, Ack: 3, Time: 13}, exec("v")) // b (last active at 2) expires
	tb.Apply(Request{Session: b, Seq: 1, Ack: 1, Time: 13}, exec("u"))
	want := []seen{
		{OutcomeRegistered, "", 1, []uint64{3}},
		{OutcomeRegistered, "", 2, []uint64{3, 4}},
		{OutcomeRan, "x", 3, []uint64{3, 4}},
		{OutcomeDuplicate, "x", 3, []uint64{3, 4}},
		{OutcomeRan, "z", 4, []uint64{3, 4}},
		{OutcomeDiscarded, "", 5, []uint64{3, 4}},
		{OutcomeRan, "v", 13, []uint64{3}},
		{OutcomeUnknownSession, "", 13, []uint64{3}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].outcome != want[i].outcome || got[i].resp != want[i].resp || got[i].now != want[i].now || !slices.Equal(got[i].sessions, want[i].sessions) {
			t.Errorf("event %d: %+v, want %+v", i+1, got[i], want[i])
		}
	}
}
