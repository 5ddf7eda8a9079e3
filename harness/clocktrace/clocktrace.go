// Package clocktrace runs the clocks of package clocks over seeded random histories and writes
// their traces, one JSON event a line, for validation against the TLA+ specifications of the
// clocks: Lamport clocks against tla/TraceLamportClock.tla, vector clocks against
// tla/TraceVectorClock.tla and hybrid logical clocks against tla/TraceHLC.tla, each over a
// message history of clockstest.RandomHistory (local events, sends, and receipts in any order,
// some messages never received); and dotted version vector sets against tla/TraceDVV.tla, over
// random reads, writes and anti-entropy between replicas.
//
// Every event names the specification's action, the process (or replica) taking it, and the
// state of the Go clock after it, as the clock reports it (Lamport and HLC through their
// Tracer, vector clocks and DVV sets through their accessors). Processes and replicas are
// numbered from 1; a receipt names the send it receives by the send's event number (1 for the
// trace's first event after the header).
package clocktrace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/clocks/clockstest"
)

// writer collects the lines of a trace.
type writer struct{ buf bytes.Buffer }

func (w *writer) event(fields map[string]any) error {
	line, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	w.buf.Write(line)
	w.buf.WriteByte('\n')
	return nil
}

func procs(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func node(p int) string { return strconv.Itoa(p + 1) }

// Lamport replays h on one clocks.Lamport per process, each reporting its actions to a Tracer,
// and returns the trace.
func Lamport(h clockstest.History) ([]byte, error) {
	var w writer
	if err := w.event(map[string]any{"action": "Header", "spec": "TraceLamportClock", "procs": procs(h.Processes)}); err != nil {
		return nil, err
	}
	var last clocks.TraceEvent
	cs := make([]*clocks.Lamport, h.Processes)
	for p := range cs {
		cs[p] = clocks.NewLamport(clocks.TracerFunc(func(e clocks.TraceEvent) { last = e }))
	}
	stamp := make([]uint64, len(h.Events))
	for i, ev := range h.Events {
		var err error
		c := cs[ev.Process]
		switch ev.Kind {
		case clockstest.Local:
			stamp[i], err = c.Tick()
		case clockstest.Send:
			stamp[i], err = c.Send()
		case clockstest.Receive:
			stamp[i], err = c.Receive(stamp[ev.Message])
		}
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		f := map[string]any{"action": last.Action, "proc": ev.Process + 1, "clock": last.Wall}
		if ev.Kind == clockstest.Receive {
			f["msg"], f["mts"] = ev.Message+1, last.RemoteWall
		}
		if err := w.event(f); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}

// Vector replays h on one clocks.Vector per process (node IDs "1", "2", ...) and returns the
// trace; each event carries the process's clock after it as an array indexed by process.
func Vector(h clockstest.History) ([]byte, error) {
	var w writer
	if err := w.event(map[string]any{"action": "Header", "spec": "TraceVectorClock", "procs": procs(h.Processes)}); err != nil {
		return nil, err
	}
	vs := make([]clocks.Vector, h.Processes)
	sent := make([]clocks.Vector, len(h.Events))
	dense := func(v clocks.Vector) []uint64 {
		out := make([]uint64, h.Processes)
		for p := range out {
			out[p] = v.Get(node(p))
		}
		return out
	}
	for i, ev := range h.Events {
		v := &vs[ev.Process]
		action := map[clockstest.Kind]string{clockstest.Local: "Tick", clockstest.Send: "Send", clockstest.Receive: "Receive"}[ev.Kind]
		if ev.Kind == clockstest.Receive {
			v.Merge(sent[ev.Message])
		}
		if err := v.Tick(node(ev.Process)); err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		f := map[string]any{"action": action, "proc": ev.Process + 1, "clock": dense(*v)}
		switch ev.Kind {
		case clockstest.Send:
			sent[i] = v.Clone()
		case clockstest.Receive:
			f["msg"], f["mclock"] = ev.Message+1, dense(sent[ev.Message])
		}
		if err := w.event(f); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}

// HLC replays h on one clocks.HLC per process, the physical clock of event i reading pt[i] (as
// from clockstest.PhysicalTimes with epsilon, which must be at least 1: HLC.tla's physical
// clocks advance one unit at a time within epsilon of each other), and returns the trace. The
// readings are shifted so that the earliest is 1, where HLC.tla's physical clocks start.
func HLC(h clockstest.History, pt []uint64, epsilon uint64) ([]byte, error) {
	if len(pt) != len(h.Events) {
		return nil, fmt.Errorf("%d physical times for %d events", len(pt), len(h.Events))
	}
	if epsilon == 0 {
		return nil, fmt.Errorf("epsilon is 0: HLC.tla's physical clocks could never advance")
	}
	if len(pt) > 0 {
		base := slices.Min(pt) - 1
		shifted := make([]uint64, len(pt))
		for i, t := range pt {
			shifted[i] = t - base
		}
		pt = shifted
	}
	var w writer
	if err := w.event(map[string]any{"action": "Header", "spec": "TraceHLC", "procs": procs(h.Processes), "epsilon": epsilon}); err != nil {
		return nil, err
	}
	var now uint64
	var last clocks.TraceEvent
	hs := make([]*clocks.HLC, h.Processes)
	for p := range hs {
		var err error
		hs[p], err = clocks.NewHLC(func() uint64 { return now }, clocks.TracerFunc(func(e clocks.TraceEvent) { last = e }))
		if err != nil {
			return nil, err
		}
	}
	ts := make([]clocks.Timestamp, len(h.Events))
	for i, ev := range h.Events {
		now = pt[i]
		var err error
		if ev.Kind == clockstest.Receive {
			ts[i], err = hs[ev.Process].Update(ts[ev.Message])
		} else {
			ts[i], err = hs[ev.Process].Now()
		}
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		f := map[string]any{"action": last.Action, "proc": ev.Process + 1, "l": last.Wall, "c": last.Logical, "pt": last.Physical}
		switch ev.Kind {
		case clockstest.Send:
			f["send"] = true
		case clockstest.Local:
			f["send"] = false
		case clockstest.Receive:
			f["msg"], f["ml"], f["mc"] = ev.Message+1, last.RemoteWall, last.RemoteLogical
		}
		if err := w.event(f); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}

// DVV draws ops random operations on one clocks.DVVSet per replica (node IDs "1", "2", ...): a
// client reads a replica (its values and causal context), a client writes through a replica with
// a context it read earlier or none (a blind write; write w stores the value w), or a replica
// absorbs another (anti-entropy). It returns the trace: each event carries the replica's causal
// context (Join) and values after it.
func DVV(rng *rand.Rand, replicas, ops int) ([]byte, error) {
	var w writer
	if err := w.event(map[string]any{"action": "Header", "spec": "TraceDVV", "replicas": procs(replicas)}); err != nil {
		return nil, err
	}
	sets := make([]*clocks.DVVSet[int], replicas)
	for r := range sets {
		sets[r] = &clocks.DVVSet[int]{}
	}
	dense := func(v clocks.Vector) []uint64 {
		out := make([]uint64, replicas)
		for r := range out {
			out[r] = v.Get(node(r))
		}
		return out
	}
	var reads []clocks.Vector // contexts clients read
	writes := 0
	for range ops {
		r := rng.IntN(replicas)
		f := map[string]any{"replica": r + 1}
		switch k := rng.IntN(3); {
		case k == 0:
			ctx := sets[r].Join()
			reads = append(reads, ctx)
			f["action"], f["ctx"] = "Read", dense(ctx)
		case k == 1:
			var ctx clocks.Vector
			if len(reads) > 0 && rng.IntN(4) != 0 {
				ctx = reads[rng.IntN(len(reads))]
			}
			writes++
			if err := sets[r].Update(ctx, node(r), writes); err != nil {
				return nil, err
			}
			f["action"], f["ctx"], f["value"] = "Write", dense(ctx), writes
		default:
			b := rng.IntN(replicas)
			if b == r {
				b = (b + 1) % replicas
			}
			if b == r {
				continue
			}
			sets[r].Sync(sets[b])
			f["action"], f["from"] = "AntiEntropy", b+1
		}
		values := sets[r].Values()
		if values == nil {
			values = []int{}
		}
		f["join"], f["values"] = dense(sets[r].Join()), values
		if err := w.event(f); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}
