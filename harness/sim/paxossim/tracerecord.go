package paxossim

import (
	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/paxos"
)

// A core's events go to the simulator's trace as TLA+ records built here directly when the
// sink takes them (sim.RecordSink): the whole line, with the slots for the action, the node and
// the time the sink fills, the same values sim.TraceRecord(traceFields(ev, slot)) gives
// (TestTraceRecordIsTraceFields), without a map per event or the JSON of its messages written
// and decoded again; and so do the messages the network drops or duplicates
// (sim.MessageRecorder).

// Field positions of an event's line: the fields of traceFields and the sink's action, node
// and time, sorted, the optional ones (entries, msg) present or not as the event has them.
const (
	hasEntries = 1 << iota
	hasMsg
)

var (
	eventTemplates [4]*value.Record
	msgTemplate    = sim.LineTemplate("ballot", "commit", "entries", "from", "last", "round", "slot", "snapshot", "to", "type")
	entryTemplate  = sim.LineTemplate("ballot", "noop", "slot", "value")
	typeNames      [256]value.Str // MsgType.String() of every message type
	noEntries      = value.Tuple{}
)

func init() {
	for mask := range eventTemplates {
		names := []string{"action", "ballot", "commit"}
		if mask&hasEntries != 0 {
			names = append(names, "entries")
		}
		names = append(names, "last")
		if mask&hasMsg != 0 {
			names = append(names, "msg")
		}
		eventTemplates[mask] = sim.LineTemplate(append(names, "node", "noop", "peer", "promised", "round", "sent", "slot", "t", "value")...)
	}
	for t := range typeNames {
		typeNames[t] = value.Str(paxos.MsgType(t).String())
	}
}

// recordBuilder builds one event's record (sim.LineInts: OK turns false if a number does not
// fit a TLA+ integer, and the caller then takes the map path, whose recorder reports it).
type recordBuilder struct{ sim.LineInts }

// placeholder stands for the action, node and time in a line's values: the sink sets them.
var placeholder = value.Int(0)

// traceLine is the line of ev: its names, and its values, those of
// sim.TraceRecord(traceFields(ev, slot)) and a placeholder for the action, the node and the
// time; ok is false if some number of ev does not fit.
func traceLine(ev *paxos.TraceEvent, slot uint64) (shape *value.Record, vals []value.Value, ok bool) {
	b := recordBuilder{sim.LineInts{OK: true}}
	evSlot := slot
	if slot == 0 {
		evSlot = ev.Slot
	}
	mask := 0
	if ev.Entries != nil || ev.Action == paxos.TraceBecomeLeader {
		mask |= hasEntries
	}
	if ev.Message != nil {
		mask |= hasMsg
	}
	shape = eventTemplates[mask]
	vals = make([]value.Value, 0, shape.Len())
	vals = append(vals, placeholder, b.Int(uint64(ev.Ballot)), b.Int(ev.Commit))
	if mask&hasEntries != 0 {
		vals = append(vals, b.entries(ev.Entries))
	}
	vals = append(vals, b.Int(ev.Last))
	if mask&hasMsg != 0 {
		vals = append(vals, b.message(ev.Message, slot))
	}
	sent := make(value.Tuple, len(ev.Sent))
	for i := range ev.Sent {
		sent[i] = b.message(&ev.Sent[i], slot)
	}
	vals = append(vals, placeholder, value.Bool(ev.Noop), b.Int(uint64(ev.Peer)), b.Int(uint64(ev.Promised)),
		b.Int(ev.Ballot.Round()), sent, b.Int(evSlot), placeholder, value.Int(valueOf(ev.Data)))
	return shape, vals, b.OK
}

// message is the record of appendMessage's JSON for m in the instance of slot (0: a Node's).
func (b *recordBuilder) message(m *paxos.Message, slot uint64) value.Value {
	if slot == 0 {
		slot = m.Slot
	}
	var snap uint64
	if m.Snapshot != nil {
		snap = m.Snapshot.Index
	}
	typ := typeNames[m.Type]
	return msgTemplate.WithValues([]value.Value{
		b.Int(uint64(m.Ballot)), b.Int(m.Commit), b.entries(m.Entries), b.Int(uint64(m.From)), b.Int(m.Last),
		b.Int(m.Ballot.Round()), b.Int(slot), b.Int(snap), b.Int(uint64(m.To)), typ,
	})
}

// entries is the record of appendEntries's JSON.
func (b *recordBuilder) entries(entries []paxos.Entry) value.Value {
	if len(entries) == 0 {
		return noEntries // [] decodes to the empty sequence
	}
	t := make(value.Tuple, len(entries))
	for i := range entries {
		e := &entries[i]
		t[i] = entryTemplate.WithValues([]value.Value{
			b.Int(uint64(e.Ballot)), value.Bool(e.Noop), b.Int(e.Slot), value.Int(valueOf(e.Data)),
		})
	}
	return t
}

// recordSink is sim.RecordSink, when the simulator's sink takes records.
func (t tracer) recordSink() (sim.RecordSink, bool) {
	rs, ok := t.sink.(sim.RecordSink)
	return rs, ok
}

// TraceMessageValue implements sim.MessageRecorder: the record of TraceMessage's JSON, or false
// if a number does not fit a TLA+ integer.
func (Protocol) TraceMessageValue(payload any) (value.Value, bool) {
	m, ok := payload.(paxos.Message)
	if !ok {
		return nil, false
	}
	b := recordBuilder{sim.LineInts{OK: true}}
	v := b.message(&m, 0)
	return v, b.OK
}

// TraceMessageValue implements sim.MessageRecorder.
func (SynodLog) TraceMessageValue(payload any) (value.Value, bool) {
	m, ok := payload.(SlotMessage)
	if !ok {
		return nil, false
	}
	b := recordBuilder{sim.LineInts{OK: true}}
	v := b.message(&m.Msg, m.Slot)
	return v, b.OK
}

var (
	_ sim.MessageRecorder = Protocol{}
	_ sim.MessageRecorder = SynodLog{}
)
