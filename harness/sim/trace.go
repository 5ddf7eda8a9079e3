package sim

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// TraceDescriber is implemented by protocols whose runs can be traced for validation against
// their TLA+ specification: the trace then starts with a header naming the trace module and the
// configuration the run drew, and records what the network does to messages in the cores' own
// message format.
type TraceDescriber interface {
	// TraceHeader returns the fields of the trace's first line for a run of the given nodes
	// whose NodeConfig.Variant is variant: at least "spec", the trace module (TraceRaft).
	TraceHeader(nodes []int, variant uint64) map[string]any
	// TraceMessage returns a wire message as the cores' trace events show it.
	TraceMessage(payload any) any
}

// A MessageRecorder is a TraceDescriber that also gives a wire message directly as the TLA+
// value its TraceMessage decodes to (what a trace module reads for it), cheaper than through
// JSON; ok is false if it cannot (the recorder then takes TraceMessage).
type MessageRecorder interface {
	TraceMessageValue(payload any) (v value.Value, ok bool)
}

// traceRecorder writes a run's trace as NDJSON, one object per line with sorted keys, stamped
// with the simulated time in microseconds ("t"). The first line is the header ("action":
// "Header", the nodes, the seed and the protocol's TraceHeader). Then come, in the order the
// single event loop took them, the cores' events (named after TLA+ actions, with "node" and the
// node's state after the step) and the network's: "DropMessage" when the network loses a
// message (dropped on the link, lost to a partition or a crashed receiver, or held for a paused
// node that crashed) and "DuplicateMessage" when it delivers one twice. A message a replay fault
// delivers again was kept by the network since its first delivery: its DuplicateMessage stands
// just before that delivery (the recorder holds recent lines back until no replay can reach
// them). A message the receiver ignores without a step of its own is not recorded: for the
// specification it is still in flight.
//
// A node's events are held until the node has persisted what they produced (Node.Drain). If the
// node crashes during that fsync, nothing of those steps took effect and nothing was sent: the
// node restarts from what it had persisted before them. Their events are dropped, and the trace
// shows the crash where the steps would have been (the next Restart event gives the recovered
// state).
//
// Each line is held as the TLA+ record its JSON decodes to (what a trace module's
// ndJsonDeserialize reads): it is written as JSON (Options.Trace) and/or handed over as is
// (Options.TraceEvents), which spares a validator in the same process writing and reading back
// the text.
type traceRecorder struct {
	w       io.Writer
	to      func(*value.Record)
	c       *Cluster
	proto   TraceDescriber // nil if the protocol cannot describe its messages
	err     error
	pending []*value.Record // the current node's events, until it has persisted
	// lines not yet written: buf[k] is line base+k. inserts[p] are lines that go before line p.
	buf     []*value.Record
	base    int
	flushAt int // the length of buf at which add next writes what it can
	inserts map[int][]keptLine
	// kept[slot] is where the copy of the message in the network's replay slot was kept: the
	// line its delivery's events start at, and the time.
	kept    map[int]keptCopy
	scratch []byte
	shapes  lineShapes
	dec     eval.JSONDecoder // of the RawJSON fields of events given as maps
	extra   []extraField
	actions map[string]value.Value // the action names of EventLine's lines, boxed once
}

type keptCopy struct {
	line int
	at   time.Duration
}

// keptLine is a line inserted before a later one; lines inserted at the same place are written
// in the order of their times.
type keptLine struct {
	at   time.Duration
	line *value.Record
}

func newTraceRecorder(w io.Writer, to func(*value.Record), c *Cluster, p Protocol) *traceRecorder {
	r := &traceRecorder{w: w, to: to, c: c, flushAt: flushEvery, inserts: map[int][]keptLine{}, kept: map[int]keptCopy{}}
	r.proto, _ = p.(TraceDescriber)
	return r
}

// header writes the first line, once the run's variant is drawn.
func (r *traceRecorder) header(seed uint64, variant uint64) {
	nodes := make([]int, r.c.n)
	for i := range nodes {
		nodes[i] = i + 1
	}
	fields := map[string]any{"nodes": nodes, "seed": seed}
	if r.proto != nil {
		for k, v := range r.proto.TraceHeader(nodes, variant) {
			fields[k] = v
		}
	}
	r.add(r.mapLine(0, "Header", fields, r.c.now))
}

// Event implements TraceSink: a core's event, held until the node has persisted.
func (r *traceRecorder) Event(node int, action string, fields map[string]any) {
	if r.err != nil {
		return
	}
	r.pending = append(r.pending, r.mapLine(node, action, fields, r.c.now))
}

// EventLine implements RecordSink.
func (r *traceRecorder) EventLine(node int, action string, shape *value.Record, vals []value.Value) {
	if r.err != nil {
		return
	}
	names := shape.Names()
	s, ok := r.shapes.slots(names)
	if !ok || len(vals) != len(names) || node == 0 {
		r.fail(fmt.Errorf("sim: trace event %s of node %d: a line's shape must name action, node and t, sorted, with a value for each name", action, node))
		return
	}
	t, err := traceTime(action, r.c.now)
	if err != nil {
		r.fail(err)
		return
	}
	a, ok := r.actions[action]
	if !ok {
		if r.actions == nil {
			r.actions = map[string]value.Value{}
		}
		a = value.Str(action)
		r.actions[action] = a
	}
	vals[s.action], vals[s.node], vals[s.t] = a, value.Int(node), t
	r.pending = append(r.pending, shape.WithValues(vals))
}

// persisted records the events held for the node that just persisted its output.
func (r *traceRecorder) persisted() {
	if r == nil {
		return
	}
	for _, l := range r.pending {
		r.add(l)
	}
	r.pending = r.pending[:0]
}

// crashed drops the events of the node that crashed while persisting their output.
func (r *traceRecorder) crashed() {
	if r != nil {
		r.pending = r.pending[:0]
	}
}

// network records what the network did to a message: "DropMessage" or "DuplicateMessage".
func (r *traceRecorder) network(action string, m Envelope) {
	if r == nil || r.err != nil || r.proto == nil {
		return
	}
	r.persisted() // never put the network's reaction before the steps that sent the message
	r.add(r.networkLine(action, m, r.c.now))
}

// networkShape is the shape of the network's lines: the action, the message and the time.
var networkShape = func() *value.Record {
	r, err := value.NewRecord([]string{"action", "msg", "t"}, []value.Value{value.Int(0), value.Int(0), value.Int(0)})
	if err != nil {
		panic(err)
	}
	return r
}()

// networkLine is the record of the network's event action on m at time at.
func (r *traceRecorder) networkLine(action string, m Envelope, at time.Duration) *value.Record {
	if mr, ok := r.proto.(MessageRecorder); ok {
		if msg, ok := mr.TraceMessageValue(m.Payload); ok {
			t, err := traceTime(action, at)
			if err != nil {
				r.fail(err)
				return nil
			}
			return networkShape.WithValues([]value.Value{value.Str(action), msg, t})
		}
	}
	return r.mapLine(0, action, map[string]any{"msg": r.proto.TraceMessage(m.Payload)}, at)
}

// heldDropped records the messages a paused node held when it crashed: lost with it.
func (r *traceRecorder) heldDropped(held []Envelope) {
	if r == nil {
		return
	}
	for _, m := range held {
		r.network("DropMessage", m)
	}
}

// remembered notes that the network keeps a copy of the message being delivered now in its
// replay slot.
func (r *traceRecorder) remembered(slot int) {
	if r == nil {
		return
	}
	r.persisted()
	r.kept[slot] = keptCopy{line: r.base + len(r.buf), at: r.c.now}
}

// replayed records that the copy in slot is on its way again: the network duplicated the
// message when it kept the copy.
func (r *traceRecorder) replayed(slot int, m Envelope) {
	if r == nil || r.err != nil || r.proto == nil {
		return
	}
	k, ok := r.kept[slot]
	if !ok || k.line < r.base {
		return // cannot happen: a kept copy's line is held back while the slot is live
	}
	line := r.networkLine("DuplicateMessage", m, k.at)
	ins := append(r.inserts[k.line], keptLine{at: k.at, line: line})
	sort.SliceStable(ins, func(a, b int) bool { return ins[a].at < ins[b].at })
	r.inserts[k.line] = ins
}

// flushEvery is how many lines the recorder gathers before it writes those no replay can reach.
const flushEvery = 256

func (r *traceRecorder) add(line *value.Record) {
	if r.err != nil || line == nil {
		return
	}
	r.buf = append(r.buf, line)
	if len(r.buf) >= r.flushAt {
		limit := r.base + len(r.buf)
		for _, k := range r.kept {
			limit = min(limit, k.line)
		}
		r.flush(limit)
		// The network keeps copies of its last deliveries, whose lines stay held back: the
		// buffer does not empty, and is looked at again once it has gathered flushEvery more
		// (not at every line, which cost a look at every kept copy per line).
		r.flushAt = len(r.buf) + flushEvery
	}
}

// flush writes the lines before line limit, each after what was inserted before it.
func (r *traceRecorder) flush(limit int) {
	n := limit - r.base
	for k := 0; k < n && r.err == nil; k++ {
		p := r.base + k
		for _, ins := range r.inserts[p] {
			r.write(ins.line)
		}
		delete(r.inserts, p)
		r.write(r.buf[k])
	}
	if n > 0 {
		r.buf = append(r.buf[:0], r.buf[n:]...)
		r.base = limit
	}
}

// close writes every line still held back; the run is over.
func (r *traceRecorder) close() error {
	if r == nil {
		return nil
	}
	r.persisted()
	r.flush(r.base + len(r.buf))
	return r.err
}

func (r *traceRecorder) write(line *value.Record) {
	if r.err != nil {
		return
	}
	if r.to != nil {
		r.to(line)
	}
	if r.w != nil {
		b := appendLine(r.scratch[:0], line)
		r.scratch = b
		if _, err := r.w.Write(b); err != nil {
			r.err = err
		}
	}
}

// mapLine is the record of one line, for fields given as a map (TraceRecord), plus the action,
// the node (0: none, for the header and the network's events) and the time in microseconds; nil
// if it cannot be built (r.err says why). Fields named "action", "node" or "t" are ignored,
// the recorder writes them.
func (r *traceRecorder) mapLine(node int, action string, fields map[string]any, at time.Duration) *value.Record {
	t, err := traceTime(action, at)
	if err != nil {
		r.fail(err)
		return nil
	}
	extra := append(r.extra[:0], extraField{"action", value.Str(action)}, extraField{"t", t})
	if node != 0 {
		extra = append(extra, extraField{"node", value.Int(node)})
	}
	r.extra = extra
	rec, err := traceRecord(fields, extra, &r.dec)
	if err != nil {
		r.fail(fmt.Errorf("%s event: %w", action, err))
		return nil
	}
	return rec
}

func traceTime(action string, at time.Duration) (value.Int, error) {
	t := int64(at / time.Microsecond)
	if t > value.MaxInt {
		return 0, fmt.Errorf("sim: trace event %s at %v: times beyond %d µs do not fit a TLA+ integer", action, at, value.MaxInt)
	}
	return value.Int(t), nil
}

func (r *traceRecorder) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// RawJSON is a trace field value already encoded as JSON, written as is: adapters encode the
// messages of every event that way, which is much cheaper than maps of fields.
type RawJSON []byte

// AppendJSONString writes s as a JSON string, escaping what JSON requires (and invalid UTF-8 as
// the replacement character): trace.AppendJSONString, for adapters that encode their messages
// (RawJSON).
func AppendJSONString(b []byte, s string) []byte { return trace.AppendJSONString(b, s) }
