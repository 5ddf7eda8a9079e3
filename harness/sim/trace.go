package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
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
type traceRecorder struct {
	w       io.Writer
	c       *Cluster
	proto   TraceDescriber // nil if the protocol cannot describe its messages
	err     error
	pending [][]byte // the current node's events, until it has persisted
	// lines not yet written: buf[k] is line base+k. inserts[p] are lines that go before line p.
	buf     [][]byte
	base    int
	inserts map[int][]keptLine
	// kept[slot] is where the copy of the message in the network's replay slot was kept: the
	// line its delivery's events start at, and the time.
	kept    map[int]keptCopy
	scratch []byte
}

type keptCopy struct {
	line int
	at   time.Duration
}

// keptLine is a line inserted before a later one; lines inserted at the same place are written
// in the order of their times.
type keptLine struct {
	at   time.Duration
	line []byte
}

func newTraceRecorder(w io.Writer, c *Cluster, p Protocol) *traceRecorder {
	r := &traceRecorder{w: w, c: c, inserts: map[int][]keptLine{}, kept: map[int]keptCopy{}}
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
	r.add(r.line(0, "Header", fields, r.c.now))
}

// Event implements TraceSink: a core's event, held until the node has persisted.
func (r *traceRecorder) Event(node int, action string, fields map[string]any) {
	if r.err != nil {
		return
	}
	r.pending = append(r.pending, r.line(node, action, fields, r.c.now))
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
	r.add(r.line(0, action, map[string]any{"msg": r.proto.TraceMessage(m.Payload)}, r.c.now))
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
	line := r.line(0, "DuplicateMessage", map[string]any{"msg": r.proto.TraceMessage(m.Payload)}, k.at)
	ins := append(r.inserts[k.line], keptLine{at: k.at, line: line})
	sort.SliceStable(ins, func(a, b int) bool { return ins[a].at < ins[b].at })
	r.inserts[k.line] = ins
}

// flushEvery is how many lines the recorder gathers before it writes those no replay can reach.
const flushEvery = 256

func (r *traceRecorder) add(line []byte) {
	if r.err != nil {
		return
	}
	r.buf = append(r.buf, line)
	if len(r.buf) >= flushEvery {
		limit := r.base + len(r.buf)
		for _, k := range r.kept {
			limit = min(limit, k.line)
		}
		r.flush(limit)
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

func (r *traceRecorder) write(line []byte) {
	if r.err != nil {
		return
	}
	if _, err := r.w.Write(line); err != nil {
		r.err = err
	}
}

func (r *traceRecorder) line(node int, action string, fields map[string]any, at time.Duration) []byte {
	b := r.scratch[:0]
	b = append(b, `{"action":`...)
	b = AppendJSONString(b, action)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if k != "action" && k != "node" && k != "t" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b = append(b, ',')
		b = AppendJSONString(b, k)
		b = append(b, ':')
		b = appendJSON(b, fields[k])
	}
	if node != 0 {
		b = append(b, `,"node":`...)
		b = strconv.AppendInt(b, int64(node), 10)
	}
	b = append(b, `,"t":`...)
	b = strconv.AppendInt(b, int64(at/time.Microsecond), 10)
	b = append(b, "}\n"...)
	r.scratch = b
	return append([]byte(nil), b...)
}

// RawJSON is a trace field value already encoded as JSON, written as is: adapters encode the
// messages of every event that way, which is much cheaper than maps of fields.
type RawJSON []byte

// appendJSON writes the values trace fields hold: integers, booleans, strings, RawJSON, and
// slices and maps (keys sorted) of them directly; any other value (a named integer type, a
// slice of maps, a struct) as encoding/json writes it, and a value encoding/json cannot write
// as a string naming the problem, which no trace module's schema accepts.
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case RawJSON:
		return append(b, x...)
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case uint64:
		return strconv.AppendUint(b, x, 10)
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e18 {
			return strconv.AppendInt(b, int64(x), 10)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case string:
		return AppendJSONString(b, x)
	case []int:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(e), 10)
		}
		return append(b, ']')
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = appendJSON(b, x[k])
		}
		return append(b, '}')
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return AppendJSONString(b, fmt.Sprintf("unsupported trace value of type %T: %v", v, err))
	}
	return append(b, enc...)
}

// AppendJSONString writes s as a JSON string, escaping what JSON requires (and invalid UTF-8 as
// the replacement character).
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
