package kv

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
	"github.com/dsref/dsref/raft"
)

// traceWriter writes a node's trace events as NDJSON, one object a line, with the fields
// tla/TraceRaft.tla reads (raftsim.TraceFields), "t", the wall-clock time in microseconds,
// "vc", the node's vector clock after the event (an object from node ID to event count), and
// "ticks", how many ticks the node's core had taken in this run of the process when it took
// the step (a replay ticks a fresh core as often: dsref pcap replay).
// Merging the files of all nodes in any order consistent with the clocks gives a trace the
// validator accepts as a linearisation of happened-before.
//
// The events of the steps a Ready persists go into the Ready's WAL batch first (take), and to
// the file only after the batch is written (write): a node killed in between finds them in its
// WAL at restart and completes its file (completeTrace), so the file holds exactly the steps
// whose effects survived, whenever the process died.
type traceWriter struct {
	w       *bufio.Writer
	c       io.Closer
	pending [][]byte // events not yet handed to a batch
	err     error
}

func newTraceWriter(w io.WriteCloser) *traceWriter {
	return &traceWriter{w: bufio.NewWriterSize(w, 64<<10), c: w}
}

func (t *traceWriter) event(node uint64, ev raft.TraceEvent, vc clocks.Vector, ticks uint64) {
	if t.err != nil {
		return
	}
	line, err := traceLine(node, ev, vc, ticks)
	if err != nil {
		t.err = err
		return
	}
	t.pending = append(t.pending, line)
}

// traceLine is the NDJSON line of an event.
func traceLine(node uint64, ev raft.TraceEvent, vc clocks.Vector, ticks uint64) ([]byte, error) {
	obj := raftsim.TraceFields(ev)
	for k, v := range obj {
		if raw, ok := v.(sim.RawJSON); ok {
			obj[k] = json.RawMessage(raw) // already JSON: write it as it is
		}
	}
	obj["node"] = node
	obj["action"] = string(ev.Action)
	obj["t"] = time.Now().UnixMicro()
	counts := map[string]uint64{}
	for _, e := range vc.Entries() {
		counts[e.Node] = e.Counter
	}
	obj["vc"] = counts
	obj["ticks"] = ticks
	return json.Marshal(obj)
}

// take returns the events since the last take, for the WAL batch of the Ready that persists
// their steps.
func (t *traceWriter) take() [][]byte {
	out := t.pending
	t.pending = nil
	return out
}

// write appends events to the file. The node calls it after their batch is written and before
// the Ready's messages are sent: a step is in the trace only if its effects are persisted,
// and before any receiver's events that it caused.
func (t *traceWriter) write(events [][]byte) {
	for _, line := range events {
		if t.err != nil {
			return
		}
		if _, t.err = t.w.Write(line); t.err == nil {
			t.err = t.w.WriteByte('\n')
		}
	}
	if t.err == nil {
		t.err = t.w.Flush()
	}
}

// completeTrace brings a trace file up to date with the trace events its node's WAL holds
// (wal.State.Trace): the events after the file's last complete line, which a node killed
// between writing its batch and its trace file did not write. A torn last line is cut. It
// returns the vector clock to continue from.
func completeTrace(f *os.File, node uint64, logged [][]byte) (clocks.Vector, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return clocks.Vector{}, err
	}
	end := bytes.LastIndexByte(data, '\n') + 1
	if end < len(data) {
		if err := f.Truncate(int64(end)); err != nil {
			return clocks.Vector{}, err
		}
	}
	if _, err := f.Seek(int64(end), io.SeekStart); err != nil {
		return clocks.Vector{}, err
	}
	vc, err := resumeClock(data[:end])
	if err != nil {
		return clocks.Vector{}, err
	}
	name := nodeName(node)
	have := vc.Get(name)
	var missing []byte
	for i, line := range logged {
		var ev struct {
			VC map[string]uint64 `json:"vc"`
		}
		if err := json.Unmarshal(line, &ev); err != nil {
			return clocks.Vector{}, fmt.Errorf("kv: trace record %d of the WAL: %w", i+1, err)
		}
		if ev.VC[name] <= have {
			continue
		}
		missing = append(append(missing, line...), '\n')
		if vc, err = clocks.NewVector(ev.VC); err != nil {
			return clocks.Vector{}, fmt.Errorf("kv: trace record %d of the WAL: %w", i+1, err)
		}
		have = ev.VC[name]
	}
	if len(missing) > 0 {
		if _, err := f.Write(missing); err != nil {
			return clocks.Vector{}, err
		}
	}
	return vc, nil
}

// close writes the events no Ready persisted (a clean stop records every step) and closes the
// file.
func (t *traceWriter) close() error {
	t.write(t.take())
	if err := t.c.Close(); t.err == nil {
		t.err = err
	}
	return t.err
}

// nodeName is a node's ID in vector clocks and traces.
func nodeName(id uint64) string { return strconv.FormatUint(id, 10) }

// resumeClock returns the vector clock of the last complete event in an existing trace file,
// so that a restarted node's clock continues where its trace ends: the events it buffered
// but lost when it was killed were never seen by anyone (messages leave after the flush) and
// never became durable, so their counts may be reused.
func resumeClock(data []byte) (clocks.Vector, error) {
	end := bytes.LastIndexByte(data, '\n')
	if end < 0 {
		return clocks.Vector{}, nil
	}
	start := bytes.LastIndexByte(data[:end], '\n') + 1
	var ev struct {
		VC map[string]uint64 `json:"vc"`
	}
	if err := json.Unmarshal(data[start:end], &ev); err != nil {
		return clocks.Vector{}, fmt.Errorf("kv: the trace's last line: %w", err)
	}
	return clocks.NewVector(ev.VC)
}

// TraceHeader is the first line of a merged trace: what the trace validator needs to know of
// the cluster (tla/TraceRaft.tla's Header event).
type TraceHeader struct {
	Action      string   `json:"action"` // "Header"
	Spec        string   `json:"spec"`   // the trace module: "TraceRaft"
	Protocol    string   `json:"protocol"`
	Nodes       []uint64 `json:"nodes"`
	PreVote     bool     `json:"preVote"`
	CheckQuorum bool     `json:"checkQuorum"`
	// AsyncWrites says the nodes persisted asynchronously (Config.AsyncWrites); MergeTraces
	// sets it when a trace holds a StorageAppend.
	AsyncWrites bool `json:"asyncWrites,omitempty"`
	T           int  `json:"t"`
}

// NewTraceHeader is the header of a cluster of the given members running kv's configuration
// (PreVote and CheckQuorum on).
func NewTraceHeader(nodes []uint64) TraceHeader {
	return TraceHeader{Action: "Header", Spec: "TraceRaft", Protocol: "raft", Nodes: nodes, PreVote: true, CheckQuorum: true}
}

// MergeTraces merges per-node NDJSON traces (each in its node's order, with "vc" clocks)
// into one trace that starts with header and then lists every event after every event it
// happened after: a linearisation of happened-before. Of the events that are ready together,
// the earlier trace's go first. Times ("t", wall-clock microseconds in the nodes' traces)
// become milliseconds since the first event, which TLC's integers hold for 24 days; and
// since the clocks of different machines need not agree with happened-before, each event's t
// is raised to the largest t before it. If any event is a StorageAppend, the nodes persisted
// asynchronously and the header says so (asyncWrites).
func MergeTraces(header TraceHeader, traces [][]byte) ([]byte, error) {
	type event struct {
		line []byte
		node string
		vc   map[string]uint64
	}
	queues := make([][]event, len(traces))
	t0 := int64(-1) // the earliest time
	for i, data := range traces {
		for n, line := range bytes.Split(data, []byte{'\n'}) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var ev struct {
				Node   uint64            `json:"node"`
				Action string            `json:"action"`
				VC     map[string]uint64 `json:"vc"`
				T      *int64            `json:"t"`
			}
			if err := json.Unmarshal(line, &ev); err != nil {
				return nil, fmt.Errorf("kv: trace %d line %d: %w", i+1, n+1, err)
			}
			header.AsyncWrites = header.AsyncWrites || ev.Action == string(raft.TraceStorageAppend)
			queues[i] = append(queues[i], event{line: line, node: nodeName(ev.Node), vc: ev.VC})
			if ev.T != nil && (t0 < 0 || *ev.T < t0) {
				t0 = *ev.T
			}
		}
	}
	emitted := map[string]uint64{}
	var lastT int64
	out, err := json.Marshal(header)
	if err != nil {
		return nil, err
	}
	out = append(out, '\n')
	for {
		progress, left := false, false
		for i := range queues {
			for len(queues[i]) > 0 {
				e := queues[i][0]
				ready := true
				for node, c := range e.vc {
					if node != e.node && c > emitted[node] {
						ready = false
						break
					}
				}
				if !ready {
					break
				}
				line, err := withTime(e.line, max(t0, 0), &lastT)
				if err != nil {
					return nil, err
				}
				out = append(append(out, line...), '\n')
				emitted[e.node] = e.vc[e.node]
				queues[i] = queues[i][1:]
				progress = true
			}
			left = left || len(queues[i]) > 0
		}
		if !left {
			return out, nil
		}
		if !progress {
			var why []string
			for i := range queues {
				if len(queues[i]) == 0 {
					continue
				}
				e := queues[i][0]
				for node, c := range e.vc {
					if node != e.node && c > emitted[node] {
						why = append(why, fmt.Sprintf("trace %d's next event (node %s, clock %d) needs event %d of node %s, which is after node %s's next unmerged event (merged up to %d)",
							i+1, e.node, e.vc[e.node], c, node, node, emitted[node]))
						break
					}
				}
			}
			return nil, fmt.Errorf("kv: traces cannot be merged, their clocks form a cycle or miss events: %s", strings.Join(why, "; "))
		}
	}
}

// TraceNodes returns the nodes whose events a trace holds, in order of first appearance.
func TraceNodes(trace []byte) ([]uint64, error) {
	var out []uint64
	seen := map[uint64]bool{}
	for n, line := range bytes.Split(trace, []byte{'\n'}) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var ev struct {
			Node *uint64 `json:"node"`
		}
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		if ev.Node == nil {
			return nil, fmt.Errorf("line %d: no \"node\" field", n+1)
		}
		if !seen[*ev.Node] {
			seen[*ev.Node] = true
			out = append(out, *ev.Node)
		}
	}
	return out, nil
}

// withTime returns line with its "t" made milliseconds since t0 and raised to at least *last,
// and records it in *last.
func withTime(line []byte, t0 int64, last *int64) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return nil, err
	}
	var t int64
	if raw, ok := obj["t"]; ok {
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, fmt.Errorf("kv: trace line %s: t: %w", line, err)
		}
		t = (t - t0) / 1000
	}
	*last = max(*last, t)
	obj["t"] = json.RawMessage(fmt.Sprint(*last))
	return json.Marshal(obj)
}
