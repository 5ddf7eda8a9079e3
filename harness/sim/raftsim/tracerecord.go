package raftsim

import (
	"math"
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
	msgTemplate   = template("commit", "context", "entries", "from", "hint", "index", "logTerm", "reject", "term", "to", "type")
	entryTemplate = template("term", "value")
	readTemplate  = template("ctx", "index")
	roleNames     = map[raft.StateType]value.Str{}
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
		lineTemplates[mask] = template(names...)
	}
	for _, r := range []raft.StateType{raft.StateFollower, raft.StatePreCandidate, raft.StateCandidate, raft.StateLeader} {
		roleNames[r] = value.Str(strings.TrimPrefix(r.String(), "State"))
	}
}

// template is a record with the given names, sorted (the callers list them so), whose values
// WithValues replaces.
func template(names ...string) *value.Record {
	vals := make([]value.Value, len(names))
	for i := range vals {
		vals[i] = value.Int(0)
	}
	r, err := value.NewRecord(names, vals)
	if err != nil {
		panic(err)
	}
	for i, n := range r.Names() {
		if names[i] != n {
			panic("raftsim: template names not sorted: " + strings.Join(names, ","))
		}
	}
	return r
}

// recordBuilder builds one event's record; ok turns false if a number does not fit a TLA+
// integer (the caller then takes the map path, whose recorder reports it).
type recordBuilder struct{ ok bool }

func (b *recordBuilder) int(n uint64) value.Value {
	if n > math.MaxInt32 {
		b.ok = false
		return value.Int(0)
	}
	return value.Int(n)
}

// traceLine is the line of ev for a sim.RecordSink: its shape and values, those of
// sim.TraceRecord(TraceFields(ev)) and a placeholder for the action, the node and the time; ok
// is false if some number of ev does not fit.
func traceLine(ev raft.TraceEvent) (shape *value.Record, vals []value.Value, ok bool) {
	b := recordBuilder{ok: true}
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
	vals = make([]value.Value, 0, shape.Len())
	vals = append(vals, placeholder, b.int(ev.Commit), b.int(ev.LastIndex), b.int(ev.LastTerm), b.int(ev.Lead))
	if mask&hasMsg != 0 {
		vals = append(vals, b.message(ev.Message))
	}
	vals = append(vals, placeholder)
	if mask&hasRead != 0 {
		vals = append(vals, readTemplate.WithValues([]value.Value{sim.TraceStr(string(ev.Read.RequestCtx)), b.int(ev.Read.Index)}))
	}
	role, known := roleNames[ev.Role]
	if !known {
		role = value.Str(strings.TrimPrefix(ev.Role.String(), "State"))
	}
	sent := make(value.Tuple, len(ev.Sent))
	for i := range ev.Sent {
		sent[i] = b.message(&ev.Sent[i])
	}
	vals = append(vals, role, sent)
	if mask&hasSnapshotIndex != 0 {
		vals = append(vals, b.int(ev.SnapshotIndex))
	}
	vals = append(vals, placeholder, b.int(ev.Term))
	if mask&hasValue != 0 {
		vals = append(vals, value.Int(valueOf(ev.Message.Entries[0].Data)))
	}
	vals = append(vals, b.int(ev.Vote))
	return shape, vals, b.ok
}

// placeholder stands for the action, node and time the sink sets.
var placeholder = value.Int(0)

// message is the record of appendMessage's JSON.
func (b *recordBuilder) message(m *raft.Message) value.Value {
	entries := make(value.Tuple, len(m.Entries))
	for i := range m.Entries {
		e := &m.Entries[i]
		if e.Type == raft.EntryConfChange {
			v, err := eval.DecodeJSON(appendConfEntry(nil, e)) // rare: configuration changes
			if err != nil {
				b.ok = false
				v = value.Int(0)
			}
			entries[i] = v
			continue
		}
		entries[i] = entryTemplate.WithValues([]value.Value{b.int(e.Term), value.Int(valueOf(e.Data))})
	}
	return msgTemplate.WithValues([]value.Value{
		b.int(m.Commit), sim.TraceStr(string(m.Context)), entries, b.int(m.From), b.int(m.RejectHint),
		b.int(m.Index), b.int(m.LogTerm), value.Bool(m.Reject), b.int(m.Term), b.int(m.To),
		value.Str(m.Type.String()),
	})
}
