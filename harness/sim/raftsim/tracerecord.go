package raftsim

import (
	"strings"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/raft"
)

// A core's events go to the simulator's trace as TLA+ records built here directly when the
// sink takes them (sim.RecordSink): the whole line, with the slots for the action, the node and
// the time the sink fills, so that each event's record is built once; the same values
// sim.TraceRecord(TraceFields(ev)) gives (TestTraceRecordIsTraceFields), without a map per event
// or the JSON of its messages.

// tracer is the raft.Tracer of node id writing to sink.
func tracer(sink sim.TraceSink, id int) raft.Tracer {
	if rs, ok := sink.(sim.RecordSink); ok {
		return raft.TracerFunc(func(ev raft.TraceEvent) {
			if shape, vals, ok := traceLine(ev); ok {
				rs.EventLine(id, string(ev.Action), shape, vals)
				return
			}
			sink.Event(id, string(ev.Action), TraceFields(ev)) // the recorder names what does not fit
		})
	}
	return raft.TracerFunc(func(ev raft.TraceEvent) { sink.Event(id, string(ev.Action), TraceFields(ev)) })
}

// Field positions of an event record: the fields of TraceFields, sorted, the optional ones
// (msg, read, snapshotIndex, value) present or not as the event has them.
const (
	hasMsg = 1 << iota
	hasRead
	hasSnapshotIndex
	hasValue
)

var (
	// lineTemplates[mask] has the names of a line: the event's fields and the sink's action,
	// node and t.
	lineTemplates [16]*value.Record
	msgTemplate   = sim.LineTemplate("commit", "context", "entries", "from", "hint", "index", "logTerm", "reject", "term", "to", "type")
	entryTemplate = sim.LineTemplate("term", "value")
	readTemplate  = sim.LineTemplate("ctx", "index")
	// Values an event's line holds again and again, boxed once (boxing a string or a slice
	// allocates): the roles, the message types, the empty tuple and string.
	roleNames  = map[raft.StateType]value.Value{}
	typeNames  [64]value.Value
	emptyTuple value.Value = value.Tuple{}
	emptyStr   value.Value = value.Str("")
)

func init() {
	for mask := range lineTemplates {
		names := []string{"action", "commit", "lastIndex", "lastTerm", "lead"}
		if mask&hasMsg != 0 {
			names = append(names, "msg")
		}
		names = append(names, "node")
		if mask&hasRead != 0 {
			names = append(names, "read")
		}
		names = append(names, "role", "sent")
		if mask&hasSnapshotIndex != 0 {
			names = append(names, "snapshotIndex")
		}
		names = append(names, "t", "term")
		if mask&hasValue != 0 {
			names = append(names, "value")
		}
		names = append(names, "vote")
		lineTemplates[mask] = sim.LineTemplate(names...)
	}
	for _, r := range []raft.StateType{raft.StateFollower, raft.StatePreCandidate, raft.StateCandidate, raft.StateLeader} {
		roleNames[r] = value.Str(strings.TrimPrefix(r.String(), "State"))
	}
	for t := range typeNames {
		typeNames[t] = value.Str(raft.MessageType(t).String())
	}
}

// recordBuilder builds one event's record (sim.LineInts: OK turns false if a number does not
// fit a TLA+ integer, and the caller then takes the map path, whose recorder reports it).
type recordBuilder struct {
	sim.LineInts
	slab []value.Value // values not yet taken (take)
}

// traceLine is the line of ev for a sim.RecordSink: its shape and values, those of
// sim.TraceRecord(TraceFields(ev)) and a placeholder for the action, the node and the time; ok
// is false if some number of ev does not fit.
func traceLine(ev raft.TraceEvent) (shape *value.Record, vals []value.Value, ok bool) {
	b := recordBuilder{LineInts: sim.LineInts{OK: true}}
	mask := 0
	if ev.Message != nil {
		mask |= hasMsg
		if ev.Action == raft.TraceClientRequest && len(ev.Message.Entries) == 1 {
			mask |= hasValue
		}
	}
	if ev.Read != nil {
		mask |= hasRead
	}
	if ev.Action == raft.TraceCompactLog {
		mask |= hasSnapshotIndex
	}
	shape = lineTemplates[mask]
	// One slab holds the values of the line and of its messages' records.
	n := shape.Len() + msgTemplate.Len()*len(ev.Sent)
	if ev.Message != nil {
		n += msgTemplate.Len()
	}
	b.slab = make([]value.Value, n)
	vals = b.take(shape.Len())[:0]
	vals = append(vals, placeholder, b.Int(ev.Commit), b.Int(ev.LastIndex), b.Int(ev.LastTerm), b.Int(ev.Lead))
	if mask&hasMsg != 0 {
		vals = append(vals, b.message(ev.Message))
	}
	vals = append(vals, placeholder)
	if mask&hasRead != 0 {
		vals = append(vals, readTemplate.WithValues([]value.Value{sim.TraceStr(string(ev.Read.RequestCtx)), b.Int(ev.Read.Index)}))
	}
	role, known := roleNames[ev.Role]
	if !known {
		role = value.Str(strings.TrimPrefix(ev.Role.String(), "State"))
	}
	sent := emptyTuple
	if len(ev.Sent) > 0 {
		msgs := make(value.Tuple, len(ev.Sent))
		for i := range ev.Sent {
			msgs[i] = b.message(&ev.Sent[i])
		}
		sent = msgs
	}
	vals = append(vals, role, sent)
	if mask&hasSnapshotIndex != 0 {
		vals = append(vals, b.Int(ev.SnapshotIndex))
	}
	vals = append(vals, placeholder, b.Int(ev.Term))
	if mask&hasValue != 0 {
		vals = append(vals, value.Int(valueOf(ev.Message.Entries[0].Data)))
	}
	vals = append(vals, b.Int(ev.Vote))
	return shape, vals, b.OK
}

// take returns the next n values of the slab (new ones once it is used up).
func (b *recordBuilder) take(n int) []value.Value {
	if len(b.slab) < n {
		return make([]value.Value, n)
	}
	v := b.slab[:n:n]
	b.slab = b.slab[n:]
	return v
}

// placeholder stands for the action, node and time the sink sets.
var placeholder = value.Int(0)

// message is the record of appendMessage's JSON.
func (b *recordBuilder) message(m *raft.Message) value.Value {
	entries := emptyTuple
	if len(m.Entries) > 0 {
		ents := make(value.Tuple, len(m.Entries))
		for i := range m.Entries {
			e := &m.Entries[i]
			if e.Type == raft.EntryConfChange {
				v, err := eval.DecodeJSON(appendConfEntry(nil, e)) // rare: configuration changes
				if err != nil {
					b.OK = false
					v = value.Int(0)
				}
				ents[i] = v
				continue
			}
			ents[i] = entryTemplate.WithValues([]value.Value{b.Int(e.Term), value.Int(valueOf(e.Data))})
		}
		entries = ents
	}
	ctx := emptyStr
	if len(m.Context) > 0 {
		ctx = sim.TraceStr(string(m.Context))
	}
	typ := value.Value(nil)
	if int(m.Type) < len(typeNames) {
		typ = typeNames[m.Type]
	} else {
		typ = value.Str(m.Type.String())
	}
	vals := append(b.take(msgTemplate.Len())[:0],
		b.Int(m.Commit), ctx, entries, b.Int(m.From), b.Int(m.RejectHint),
		b.Int(m.Index), b.Int(m.LogTerm), value.Bool(m.Reject), b.Int(m.Term), b.Int(m.To), typ)
	return msgTemplate.WithValues(vals)
}
