package kv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
)

// Tests RAFT-NET-3.
func TestMergeTraces(t *testing.T) {
	// Node 1 sends after its second event; node 2 receives at its second event.
	a := `{"node":1,"action":"A1","vc":{"1":1}}
{"node":1,"action":"A2","vc":{"1":2}}
{"node":1,"action":"A3","vc":{"1":3,"2":2}}
`
	b := `{"node":2,"action":"B1","vc":{"2":1}}
{"node":2,"action":"B2","vc":{"1":2,"2":2}}
`
	out, err := MergeTraces(NewTraceHeader([]uint64{1, 2}), [][]byte{[]byte(b), []byte(a)})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Equal(t, `{"action":"Header","spec":"TraceRaft","protocol":"raft","nodes":[1,2],"preVote":true,"checkQuorum":true,"t":0}`, lines[0])
	var order []string
	for _, l := range lines[1:] {
		order = append(order, l[strings.Index(l, `"action":"`)+10:][:2])
	}
	require.Equal(t, []string{"B1", "A1", "A2", "B2", "A3"}, order)

	// Wall-clock times that disagree with happened-before are raised, never lowered.
	a2 := `{"node":1,"action":"A1","t":1050000,"vc":{"1":1}}
{"node":1,"action":"A2","t":1060000,"vc":{"1":2,"2":1}}
`
	b2 := `{"node":2,"action":"B1","t":1100000,"vc":{"2":1}}
`
	out, err = MergeTraces(NewTraceHeader([]uint64{1, 2}), [][]byte{[]byte(a2), []byte(b2)})
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Contains(t, lines[1], `"t":0`) // milliseconds since the first event
	require.Contains(t, lines[2], `"action":"B1","node":2,"t":50`)
	require.Contains(t, lines[3], `"action":"A2","node":1,"t":50`)

	// An event that needs an event no trace holds (a truncated trace) cannot be merged.
	_, err = MergeTraces(NewTraceHeader([]uint64{1, 2}), [][]byte{[]byte(b), []byte(a[:strings.Index(a, "\n")+1])})
	require.ErrorContains(t, err, "needs event 2 of node 1")
	_, err = MergeTraces(NewTraceHeader([]uint64{1}), [][]byte{[]byte("not json\n")})
	require.ErrorContains(t, err, "trace 1 line 1")
}

func TestResumeClock(t *testing.T) {
	v, err := resumeClock([]byte("{\"vc\":{\"1\":3}}\n{\"vc\":{\"1\":4,\"2\":9}}\n{\"vc\":{\"1\":5"))
	require.NoError(t, err)
	want, _ := clocks.NewVector(map[string]uint64{"1": 4, "2": 9})
	require.Equal(t, clocks.Equal, v.Compare(want), "the torn last line is ignored")
	v, err = resumeClock(nil)
	require.NoError(t, err)
	require.Zero(t, v.Len())
}

// TestTraceLinesCarryTheClock checks the trace writer's line format.
func TestTraceLinesCarryTheClock(t *testing.T) {
	var sb strings.Builder
	tw := newTraceWriter(nopCloser{&sb})
	vc, _ := clocks.NewVector(map[string]uint64{"1": 7, "3": 2})
	tw.event(1, raft.TraceEvent{Action: raft.TraceBecomeLeader, Node: 1, Term: 2, Role: raft.StateLeader, Lead: 1}, vc, 0)
	require.NoError(t, tw.close())
	line := sb.String()
	for _, want := range []string{`"action":"BecomeLeader"`, `"node":1`, `"role":"Leader"`, `"term":2`, `"vc":{"1":7,"3":2}`, `"sent":[]`, `"t":`} {
		require.Contains(t, line, want)
	}
}

type nopCloser struct{ *strings.Builder }

func (nopCloser) Close() error { return nil }

// FuzzDecodeCommand decodes arbitrary log entries (binary or, as older logs hold, JSON): an
// error or a command with a known op that encodes back to a log entry decoding to the same
// command, never a panic.
func FuzzDecodeCommand(f *testing.F) {
	f.Add([]byte(`{"id":1,"op":"put","key":"k","value":"v"}`))
	f.Add([]byte(`{"op":"cas","key":"k","old_absent":true}`))
	f.Add([]byte(`{"op":"frob"}`))
	for _, c := range []Command{{ID: 1, Op: OpPut, Key: "k", Value: "v"}, {ID: 2, ClientID: 3, Seq: 4, Time: 5, Op: OpCAS, Key: "k", Old: "o", OldAbsent: true}, {Op: OpRegister}} {
		b, err := EncodeCommand(c)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeCommand(b)
		if err != nil {
			return
		}
		if c.Op != OpPut && c.Op != OpDelete && c.Op != OpCAS && c.Op != OpRegister {
			t.Fatalf("accepted op %q", c.Op)
		}
		again, err := EncodeCommand(c)
		require.NoError(t, err)
		back, err := DecodeCommand(again)
		require.NoError(t, err)
		require.Equal(t, c, back)
		NewStore().Apply(1, c)
	})
}
