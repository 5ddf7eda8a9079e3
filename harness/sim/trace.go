package sim

import (
	"encoding/json"
	"io"
)

// traceRecorder writes the cores' trace events as NDJSON, one object per line, stamped with the
// simulated time in microseconds: {"t":1200,"node":2,"action":"BecomeLeader","term":3}. The
// action names are the TLA+ action names the cores emit, so a trace can later be validated
// against the TLA+ specification.
type traceRecorder struct {
	w   io.Writer
	c   *Cluster
	err error
}

func newTraceRecorder(w io.Writer, c *Cluster) *traceRecorder { return &traceRecorder{w: w, c: c} }

// Event implements TraceSink.
func (r *traceRecorder) Event(node int, action string, fields map[string]any) {
	if r.err != nil {
		return
	}
	obj := make(map[string]any, len(fields)+3)
	for k, v := range fields {
		obj[k] = v
	}
	obj["t"] = int64(r.c.now / 1000)
	obj["node"] = node
	obj["action"] = action
	line, err := json.Marshal(obj) // map keys are sorted, so lines are deterministic
	if err != nil {
		r.err = err
		return
	}
	line = append(line, '\n')
	if _, err := r.w.Write(line); err != nil {
		r.err = err
	}
}
