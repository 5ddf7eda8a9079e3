package raftsim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// TestSameSeedSameEventLog runs seeds twice and requires byte-identical event logs (and equal
// hashes); different seeds must give different logs.
func TestSameSeedSameEventLog(t *testing.T) {
	hashes := map[uint64]uint64{}
	for seed := uint64(1); seed <= 20; seed++ {
		var a, b bytes.Buffer
		ra, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &a}})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &b}})
		if err != nil {
			t.Fatal(err)
		}
		if ra.Hash != rb.Hash || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("seed %d: two runs differ (hashes %016x, %016x)", seed, ra.Hash, rb.Hash)
		}
		if a.Len() == 0 || ra.Steps < 100 {
			t.Fatalf("seed %d: only %d steps, %d bytes of log", seed, ra.Steps, a.Len())
		}
		if prev, dup := hashes[ra.Hash]; dup {
			t.Fatalf("seeds %d and %d produced the same event log", prev, seed)
		}
		hashes[ra.Hash] = seed
	}
}

// TestTraceIsNDJSONOfRaftActions records a run's trace and checks every line is a JSON object:
// the header, then raft.TraceActions of nodes 1 to 3 and the network's DropMessage and
// DuplicateMessage; and that recording it does not perturb the run.
//
// Tests RAFT-TRACE-1.
func TestTraceIsNDJSONOfRaftActions(t *testing.T) {
	known := map[string]bool{}
	for _, a := range raft.TraceActions() {
		known[string(a)] = true
	}
	var trace bytes.Buffer
	traced, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 5, Trace: &trace}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if traced.Hash != plain.Hash {
		t.Fatal("recording the trace changed the run")
	}
	lines, leaders := 0, 0
	sc := bufio.NewScanner(&trace)
	for sc.Scan() {
		lines++
		var ev struct {
			T      int64  `json:"t"`
			Node   int    `json:"node"`
			Action string `json:"action"`
			Term   uint64 `json:"term"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", lines, err, sc.Bytes())
		}
		switch {
		case lines == 1:
			if ev.Action != "Header" {
				t.Fatalf("line 1 is %q, not the header", ev.Action)
			}
		case ev.Action == "DropMessage" || ev.Action == "DuplicateMessage":
			if ev.Node != 0 {
				t.Fatalf("line %d: the network's %s names node %d", lines, ev.Action, ev.Node)
			}
		case !known[ev.Action] || ev.Node < 1 || ev.Node > 3:
			t.Fatalf("line %d: unexpected action %q or node %d", lines, ev.Action, ev.Node)
		}
		if ev.Action == string(raft.TraceBecomeLeader) {
			leaders++
		}
	}
	if lines < 100 || leaders == 0 {
		t.Fatalf("trace has %d lines and %d BecomeLeader events", lines, leaders)
	}
}

// TestRestartRecoversFromDisk checks the disk encoding round-trips a HardState, a log with a
// replaced suffix and a snapshot followed by the log's tail, and that a corrupt record is
// reported with its position.
//
// Tests RAFT-PERSIST-3.
func TestRestartRecoversFromDisk(t *testing.T) {
	recs := [][]byte{
		encodeHardState(raft.HardState{Term: 2, Vote: 1, Commit: 1}),
		encodeEntries([]raft.Entry{{Index: 1, Term: 1}, {Index: 2, Term: 1, Data: []byte("x")}, {Index: 3, Term: 1}}),
		encodeEntries([]raft.Entry{{Index: 2, Term: 2, Data: []byte("y")}}),
		encodeHardState(raft.HardState{Term: 3, Vote: 2, Commit: 2}),
	}
	st, err := recoverState(recs)
	if err != nil {
		t.Fatal(err)
	}
	if st.hs != (raft.HardState{Term: 3, Vote: 2, Commit: 2}) || len(st.log) != 2 || string(st.log[1].Data) != "y" || st.log[1].Term != 2 {
		t.Fatalf("recovered %+v", st)
	}
	bad := append([]byte(nil), recs[1][:len(recs[1])-3]...)
	if _, err := recoverState([][]byte{recs[0], bad}); err == nil {
		t.Fatal("a truncated entries record was accepted")
	}
	if _, err := recoverState([][]byte{{9}}); err == nil {
		t.Fatal("an unknown record kind was accepted")
	}
	// A snapshot restarts the log after it: the entries before are gone, those after continue.
	snap := raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 3, Term: 2, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}}, Data: []byte("state")}
	st, err = recoverState(append(recs[:4:4], encodeSnapshot(snap), encodeEntries([]raft.Entry{{Index: 4, Term: 3, Data: []byte("z")}})))
	if err != nil {
		t.Fatal(err)
	}
	if st.snap.Metadata.Index != 3 || st.snap.Metadata.Term != 2 || len(st.snap.Metadata.ConfState.Voters) != 3 || string(st.snap.Data) != "state" ||
		len(st.log) != 1 || st.log[0].Index != 4 || string(st.log[0].Data) != "z" {
		t.Fatalf("recovered after a snapshot: %+v", st)
	}
	if _, err := recoverState([][]byte{encodeSnapshot(snap), encodeEntries([]raft.Entry{{Index: 3, Term: 2}})}); err == nil {
		t.Fatal("an entry the snapshot covers was accepted after it")
	}
}

// TestScriptReplaysSchedule replays each run with its own recorded fault schedule as a script and
// requires the identical event log: the schedule fully describes the faults of a run.
func TestScriptReplaysSchedule(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		opts := sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed}}
		orig, err := sim.Run(Protocol{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.Script = orig.Schedule
		again, err := sim.Run(Protocol{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if again.Hash != orig.Hash {
			t.Fatalf("seed %d: replaying its %d-step fault schedule gave a different run", seed, len(orig.Schedule))
		}
	}
}
