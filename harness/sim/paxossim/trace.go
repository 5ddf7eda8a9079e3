package paxossim

import (
	"hash/fnv"
	"strconv"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/paxos"
)

// The traces these adapters write are what tla/TraceMultiPaxos.tla (Protocol, whose events
// are actions of tla/MultiPaxos.tla) and tla/TracePaxos.tla (SynodLog, one tla/Paxos.tla
// instance per slot) read. Every event carries its parameters (peer, ballot, slot, value), the
// node's promise ("promised") and decided prefix ("commit") after the step, the message it
// handled ("msg", if any) and the messages it sent ("sent"), in the shape of appendMessage.
// A ballot is written raw (round<<16 | proposer, so ballots compare as numbers) and as its
// "round"; a value as valueOf its data, with "noop" telling a gap filler apart.

// TraceHeader implements sim.TraceDescriber: the trace module and what the run drew.
func (Protocol) TraceHeader(nodes []int, variant uint64) map[string]any {
	return map[string]any{"spec": "TraceMultiPaxos", "protocol": "paxos", "snapshotEvery": snapshotEvery(variant)}
}

// ValidateEvery implements simtest.ValidationPacer: the sweep validates every 16th seed's
// trace against TraceMultiPaxos.tla, the densest pace within issue #14's 2x. A validated seed
// (its traced run and the validation of its trace and its session trace) costs about 16 plain
// runs in CPU (BenchmarkSweepValidation's validated/plain-cpu: 15.9 and 16.2 at 06:25-06:27 UTC
// 2026-12-07, load 43; 23.5 and 18.6 before, with the collector at GOGC=100 and DecidedUpTo a
// condition per slot), so every 16th adds about (15 + 16)/16 = 1.94x to the Multi-Paxos sweep;
// every seed would be 16x. (16.8 and 17.6 at load 49 at 07:08, with the decided logs indexed:
// no cheaper in this benchmark, whose traces are short; a 22,031-event trace validates in
// 6.7-7.2 s of CPU instead of 10.9-11.9 s.) The package's tests take less CPU than before all the same
// (SynodLog.ValidateEvery). DSREF_SIM_VALIDATE=all validates them all; dsref conform's
// validate-traces stage validates every seed it runs.
func (Protocol) ValidateEvery() int { return 16 }

// TraceMessage implements sim.TraceDescriber.
func (Protocol) TraceMessage(payload any) any {
	m, ok := payload.(paxos.Message)
	if !ok {
		return map[string]any{"type": "unknown"}
	}
	return sim.RawJSON(appendMessage(nil, 0, &m))
}

// TraceHeader implements sim.TraceDescriber: the trace module. A SynodLog's events and
// messages name the slot whose instance took or carries them, and the header says so
// ("instances": "slot", trace.InstancesField): each slot's events are a trace of Paxos.tla.
func (SynodLog) TraceHeader(nodes []int, variant uint64) map[string]any {
	return map[string]any{"spec": "TracePaxos", "protocol": "synod", "instances": "slot"}
}

// ValidateEvery implements simtest.ValidationPacer: the sweep validates every 6th SynodLog
// seed's trace (each slot an instance of Paxos.tla), the densest pace within issue #14's 2x. A
// validated seed costs about 6.5 plain runs in CPU with its session trace
// (BenchmarkSynodSweepValidation's validated/plain-cpu: 6.9 and 6.2 at 06:25-06:27 UTC
// 2026-12-07, load 43), so every 6th adds (5 + 6.5)/6 = 1.92x; every seed is 6.5x. With the
// collector at GOGC=400 (TestMain) this package's tests take less CPU than they did validating
// every 25th Multi-Paxos and every 50th SynodLog seed at GOGC=100: 34.6 s against 51.0 s
// (user+sys of the whole package, both binaries run side by side at 06:46-07:00, load 41-58,
// every 16th and every 10th), and every 6th adds about 8 s to that. DSREF_SIM_VALIDATE=all
// validates them all.
func (SynodLog) ValidateEvery() int { return 6 }

// TraceMessage implements sim.TraceDescriber.
func (SynodLog) TraceMessage(payload any) any {
	m, ok := payload.(SlotMessage)
	if !ok {
		return map[string]any{"type": "unknown"}
	}
	return sim.RawJSON(appendMessage(nil, m.Slot, &m.Msg))
}

// tracer writes a core's events to the simulator's trace. slot is the instance's slot for a
// SynodLog node (its Synods trace slot 0 and send messages without one), 0 for a Node.
type tracer struct {
	sink sim.TraceSink
	id   int
	slot uint64
}

func (t tracer) Trace(ev paxos.TraceEvent) {
	if rs, ok := t.recordSink(); ok {
		if shape, vals, ok := traceLine(&ev, t.slot); ok {
			rs.EventLine(t.id, string(ev.Action), shape, vals)
			return
		}
	}
	t.sink.Event(t.id, string(ev.Action), traceFields(&ev, t.slot)) // the recorder names what does not fit
}

// traceFields are the fields of ev's line (besides "action", "node" and the time, which the
// recorder adds), for a SynodLog instance's slot (0: a Node's event).
func traceFields(ev *paxos.TraceEvent, slot uint64) map[string]any {
	msgSlot := slot
	if slot == 0 {
		slot = ev.Slot
	}
	fields := map[string]any{
		"peer": uint64(ev.Peer), "ballot": uint64(ev.Ballot), "round": ev.Ballot.Round(), "slot": slot,
		"last": ev.Last, "noop": ev.Noop, "value": valueOf(ev.Data), "promised": uint64(ev.Promised),
		"commit": ev.Commit,
	}
	if ev.Entries != nil || ev.Action == paxos.TraceBecomeLeader {
		// BecomeLeader's recovered slots; a Node's Phase2b or Learn of a run of slots.
		fields["entries"] = sim.RawJSON(appendEntries(nil, ev.Entries))
	}
	if ev.Message != nil {
		fields["msg"] = sim.RawJSON(appendMessage(nil, msgSlot, ev.Message))
	}
	sent := []byte{'['}
	for i := range ev.Sent {
		if i > 0 {
			sent = append(sent, ',')
		}
		sent = appendMessage(sent, msgSlot, &ev.Sent[i])
	}
	fields["sent"] = sim.RawJSON(append(sent, ']'))
	return fields
}

// appendMessage writes a paxos message as a trace shows it, every field, keys sorted: the
// ballot (raw, and its round), the commit index, the entries (appendEntries), the nodes, the
// last slot of a range vote (0: none), the slot (slot if not 0: the SynodLog instance the
// message belongs to), the snapshot's index (0: none) and the type's name.
func appendMessage(b []byte, slot uint64, m *paxos.Message) []byte {
	if slot == 0 {
		slot = m.Slot
	}
	var snap uint64
	if m.Snapshot != nil {
		snap = m.Snapshot.Index
	}
	b = append(b, `{"ballot":`...)
	b = strconv.AppendUint(b, uint64(m.Ballot), 10)
	b = append(b, `,"commit":`...)
	b = strconv.AppendUint(b, m.Commit, 10)
	b = append(b, `,"entries":`...)
	b = appendEntries(b, m.Entries)
	b = append(b, `,"from":`...)
	b = strconv.AppendUint(b, uint64(m.From), 10)
	b = append(b, `,"last":`...)
	b = strconv.AppendUint(b, m.Last, 10)
	b = append(b, `,"round":`...)
	b = strconv.AppendUint(b, m.Ballot.Round(), 10)
	b = append(b, `,"slot":`...)
	b = strconv.AppendUint(b, slot, 10)
	b = append(b, `,"snapshot":`...)
	b = strconv.AppendUint(b, snap, 10)
	b = append(b, `,"to":`...)
	b = strconv.AppendUint(b, uint64(m.To), 10)
	b = append(b, `,"type":`...)
	b = sim.AppendJSONString(b, m.Type.String())
	return append(b, '}')
}

// appendEntries writes entries as a JSON array of {ballot, noop, slot, value}.
func appendEntries(b []byte, entries []paxos.Entry) []byte {
	b = append(b, '[')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"ballot":`...)
		b = strconv.AppendUint(b, uint64(e.Ballot), 10)
		b = append(b, `,"noop":`...)
		b = strconv.AppendBool(b, e.Noop)
		b = append(b, `,"slot":`...)
		b = strconv.AppendUint(b, e.Slot, 10)
		b = append(b, `,"value":`...)
		b = strconv.AppendUint(b, uint64(valueOf(e.Data)), 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// valueOf names a command for the specification, which only compares values: 0 for empty
// data, otherwise a 31-bit FNV-1a digest in 1..2^31-1 (TLC's integers), as raftsim names its
// entries. The simulator's commands are binary, so their bytes are not written as a string.
func valueOf(data []byte) uint32 {
	if len(data) == 0 {
		return 0
	}
	h := fnv.New32a()
	h.Write(data)
	if v := h.Sum32() & 0x7fffffff; v != 0 {
		return v
	}
	return 1
}
