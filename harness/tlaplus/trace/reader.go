package trace

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// An InputError is a trace file the validator refuses before validating anything: a line that is
// not JSON, an event whose action the trace module does not know, a field missing or of the
// wrong type, or events out of order. Line is the 1-based line of the file, Field the field at
// fault (a dotted path, empty for the line as a whole).
type InputError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *InputError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// An Event is one line of a trace: its TLA+ value (a record), its line in the file and its text.
type Event struct {
	Line   int
	Value  *value.Record
	Action string // the "action" field, if the event has one
	raw    []byte // nil for an event handed over as a value (ValidateEvents)
}

// Text is the event's line as written in the trace (for an event handed over as a value, its
// value written as JSON).
func (e *Event) Text() string {
	if e.raw == nil && e.Value != nil {
		return string(appendEventJSON(nil, e.Value))
	}
	return string(bytes.TrimSpace(e.raw))
}

// appendEventJSON writes an event handed over as a value the way the simulator's recorder
// writes its line: "action" first, the other fields sorted, "node" and "t" last.
func appendEventJSON(b []byte, rec *value.Record) []byte {
	b = append(b, '{')
	n := 0
	field := func(i int) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = AppendJSONString(b, rec.Names()[i])
		b = append(b, ':')
		b = AppendValueJSON(b, rec.ValueAt(i))
	}
	last := []string{"node", "t"}
	for i, name := range rec.Names() {
		if name == "action" {
			field(i)
		}
	}
	for _, i := range byteOrder(rec.Names()) {
		if name := rec.Names()[i]; name != "action" && name != last[0] && name != last[1] {
			field(i)
		}
	}
	for _, l := range last {
		for i, name := range rec.Names() {
			if name == l {
				field(i)
			}
		}
	}
	return append(b, '}')
}

// Field returns the event's field at the dotted path ("msg.term"), if present.
func (e *Event) Field(path string) (value.Value, bool) {
	var v value.Value = e.Value
	for _, name := range strings.Split(path, ".") {
		r, ok := v.(*value.Record)
		if !ok {
			return nil, false
		}
		f, found, err := r.Field(name)
		if err != nil || !found {
			return nil, false
		}
		v = f
	}
	return v, true
}

// Read reads a trace from data: newline-delimited JSON objects, one event a line (blank lines are skipped,
// as ndJsonDeserialize skips them). Every event is checked against schema (nil: anything goes)
// and for order: a field "t" (a time) must never decrease, and a field "vc" (a vector clock,
// an object from node to count, as package clocks writes it) must place each event after every
// event it happened after. file names the trace in errors.
func Read(data []byte, file string, schema *Schema) ([]Event, error) {
	return read(data, file, schema, newOrderCheck())
}

// read is Read, with the order checked by ord (nil: not checked).
func read(data []byte, file string, schema *Schema, ord *orderCheck) ([]Event, error) {
	events, derr := decodeLines(data, file)
	if err := checkEvents(events, file, schema, ord); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	return events, nil
}

// decodeLines decodes the events of data without checking them, up to the first line that is
// not a JSON object (the error), or the end; a trace without events is an error too.
func decodeLines(data []byte, file string) ([]Event, error) {
	var events []Event
	start := 0 // of the next line in data
	next := 1  // its number
	err := eval.ReadNDJSON(bytes.NewReader(data), func(line int, v value.Value) error {
		for ; next < line; next++ {
			start += bytes.IndexByte(data[start:], '\n') + 1
		}
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data) - start
		}
		rec, ok := v.(*value.Record)
		if !ok {
			return &InputError{File: file, Line: line, Msg: fmt.Sprintf("an event must be a JSON object, not %s", value.Abbrev(v))}
		}
		events = append(events, newEvent(line, rec, data[start:start+end]))
		return nil
	})
	if err != nil {
		if le, ok := err.(*eval.LineError); ok {
			ie := &InputError{File: file, Line: le.Line, Msg: le.Err.Error()}
			if je, ok := le.Err.(*eval.JSONError); ok {
				ie.Field, ie.Msg = je.Path, je.Msg
			}
			return events, ie
		}
		return events, err
	}
	if len(events) == 0 {
		return nil, &InputError{File: file, Line: 1, Msg: "the trace holds no event"}
	}
	return events, nil
}

// newEvent is the event of a line.
func newEvent(line int, rec *value.Record, raw []byte) Event {
	ev := Event{Line: line, Value: rec, raw: raw}
	if a, found, _ := rec.Field("action"); found {
		if s, ok := a.(value.Str); ok {
			ev.Action = string(s)
		}
	}
	return ev
}

// checkEvents checks events against schema (nil: anything goes) and for order (ord nil: not
// checked), and returns the first event at fault.
func checkEvents(events []Event, file string, schema *Schema, ord *orderCheck) error {
	for i := range events {
		ev := &events[i]
		if schema != nil {
			if field, msg := schema.check(ev.Value, ev.Action); msg != "" {
				return &InputError{File: file, Line: ev.Line, Field: field, Msg: msg}
			}
		}
		if ord != nil {
			if field, msg := ord.next(ev); msg != "" {
				return &InputError{File: file, Line: ev.Line, Field: field, Msg: msg}
			}
		}
	}
	return nil
}

// orderCheck checks that events come in an order the run could have produced them in.
type orderCheck struct {
	lastT     int64
	lastTLine int
	// seen counts, per node of a vector clock, the events of that node read so far.
	seen map[string]int64
}

func newOrderCheck() *orderCheck { return &orderCheck{lastTLine: -1, seen: map[string]int64{}} }

func (o *orderCheck) next(ev *Event) (field, msg string) {
	if t, ok := ev.Field("t"); ok {
		n, isInt := t.(value.Int)
		if !isInt {
			return "t", fmt.Sprintf("must be an integer time, not %s", value.Abbrev(t))
		}
		if o.lastTLine >= 0 && int64(n) < o.lastT {
			return "t", fmt.Sprintf("%d is earlier than %d on line %d: events out of order", n, o.lastT, o.lastTLine)
		}
		o.lastT, o.lastTLine = int64(n), ev.Line
	}
	vcv, ok := ev.Field("vc")
	if !ok {
		return "", ""
	}
	vc, isRec := vcv.(*value.Record)
	node, hasNode := ev.Field("node")
	if !isRec || !hasNode {
		if !isRec {
			return "vc", fmt.Sprintf("must be an object from node to event count, not %s", value.Abbrev(vcv))
		}
		return "node", "an event with a vector clock must name its node"
	}
	self := nodeKey(node)
	counts := map[string]int64{}
	for i, name := range vc.Names() {
		c, isInt := vc.ValueAt(i).(value.Int)
		if !isInt || c < 0 {
			return "vc." + name, fmt.Sprintf("must be a natural number, not %s", value.Abbrev(vc.ValueAt(i)))
		}
		counts[name] = int64(c)
	}
	if counts[self] != o.seen[self]+1 {
		return "vc." + self, fmt.Sprintf("is %d, but this is event %d of node %s: events out of order or missing", counts[self], o.seen[self]+1, self)
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if n != self && counts[n] > o.seen[n] {
			return "vc." + n, fmt.Sprintf("is %d: the event happened after event %d of node %s, which comes later in the trace (events out of order)", counts[n], counts[n], n)
		}
	}
	o.seen[self]++
	return "", ""
}

// nodeKey is how a node is named in a vector clock's keys: its JSON text without quotes.
func nodeKey(v value.Value) string {
	if s, ok := v.(value.Str); ok {
		return string(s)
	}
	return v.String()
}
