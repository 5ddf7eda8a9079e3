package kv

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/raft"
)

// traceWriter writes a node's trace events as NDJSON, one object a line, in the simulator's
// field names plus "vc", the node's vector clock after the event (an object from node ID to
// event count). Merging the files of all nodes in any order consistent with the clocks gives a
// trace the validator accepts as a linearisation of happened-before.
type traceWriter struct {
	w   *bufio.Writer
	c   io.Closer
	err error
}

func newTraceWriter(w io.WriteCloser) *traceWriter {
	return &traceWriter{w: bufio.NewWriterSize(w, 64<<10), c: w}
}

func (t *traceWriter) event(node uint64, ev raft.TraceEvent, vc clocks.Vector) {
	if t.err != nil {
		return
	}
	obj := TraceFields(ev)
	obj["node"] = node
	obj["action"] = string(ev.Action)
	counts := map[string]uint64{}
	for _, e := range vc.Entries() {
		counts[e.Node] = e.Counter
	}
	obj["vc"] = counts
	line, err := json.Marshal(obj)
	if err == nil {
		line = append(line, '\n')
		_, err = t.w.Write(line)
	}
	t.err = err
}

// flush writes buffered events out; the node calls it before sending a Ready's messages, so a
// receiver's events never reach the disk before the events that caused them.
func (t *traceWriter) flush() {
	if t.err == nil {
		t.err = t.w.Flush()
	}
}

func (t *traceWriter) close() error {
	t.flush()
	if err := t.c.Close(); t.err == nil {
		t.err = err
	}
	return t.err
}

// TraceFields is the JSON form of a raft trace event's state and message, with the field names
// of the simulator's traces.
func TraceFields(ev raft.TraceEvent) map[string]any {
	f := map[string]any{
		"term": ev.Term, "vote": ev.Vote, "role": ev.Role.String(), "lead": ev.Lead,
		"lastIndex": ev.LastIndex, "lastTerm": ev.LastTerm, "commit": ev.Commit,
	}
	if m := ev.Message; m != nil {
		f["msg"] = map[string]any{
			"type": m.Type.String(), "from": m.From, "to": m.To, "term": m.Term,
			"logTerm": m.LogTerm, "index": m.Index, "commit": m.Commit, "entries": len(m.Entries),
			"reject": m.Reject,
		}
	}
	return f
}

// nodeName is a node's ID in vector clocks and traces.
func nodeName(id uint64) string { return strconv.FormatUint(id, 10) }
