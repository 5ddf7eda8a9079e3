package capture

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

// WireSpec is the trace module that validates captures (tla/TraceRaftWire.tla).
const WireSpec = "TraceRaftWire.tla"

// Validation is the outcome of validating a capture against tla/Raft.tla.
type Validation struct {
	Trace  *WireTrace
	Result *trace.Result
	// Packet is the packet of the first frame no behavior explains (0 if the capture is a
	// behavior of the specification).
	Packet int
	Frame  *Frame
}

// OK reports whether some behavior of the specification sends exactly the captured messages.
func (v *Validation) OK() bool { return v.Result.OK() }

// ValidateCapture asks the trace validator whether some behavior of tla/Raft.tla produces
// exactly the messages of the capture (BuildWireTrace, tla/TraceRaftWire.tla), with every
// node-local variable unobserved. opts.Progress and opts.MaxFrontier are passed on; Spec and
// Modules default to the built-in module.
func ValidateCapture(ctx context.Context, c *Capture, wopts WireOptions, opts trace.Options) (*Validation, error) {
	w, err := BuildWireTrace(c, wopts)
	if err != nil {
		return nil, err
	}
	if opts.Spec == "" {
		opts.Spec, opts.Modules = WireSpec, tla.FS
	}
	events, err := w.records()
	if err != nil {
		return nil, err
	}
	res, err := trace.ValidateEvents(ctx, c.File+".wire.ndjson", events, opts)
	if err != nil {
		return nil, err
	}
	v := &Validation{Trace: w, Result: res}
	if f := res.Failure; f != nil {
		if v.Frame = firstUnexplained(w.Batch(f.Line), f.Candidates); v.Frame != nil {
			v.Packet = v.Frame.Packet
		}
	}
	return v, nil
}

// records decodes the trace's lines into the records the validator takes. The validator's
// NDJSON reader bounds a line (eval.MaxNDJSONLine, 16 MiB), so that a file without newlines
// cannot make it buffer the whole file; the lines here are the trace's own, each an event of
// the capture (a leader's batch to many followers during a catch-up can be larger), so they
// are handed over decoded, with no bound but the capture's.
func (w *WireTrace) records() ([]*value.Record, error) {
	var d eval.JSONDecoder
	var out []*value.Record
	data := w.NDJSON
	for line := 1; len(data) > 0; line++ {
		n := bytes.IndexByte(data, '\n')
		if n < 0 {
			n = len(data)
		}
		v, err := d.Decode(data[:n])
		if err != nil {
			return nil, fmt.Errorf("%s: line %d of the wire trace: %w", w.file, line, err)
		}
		r, ok := v.(*value.Record)
		if !ok {
			return nil, fmt.Errorf("%s: line %d of the wire trace is not an object", w.file, line)
		}
		out = append(out, r)
		data = data[min(n+1, len(data)):]
	}
	return out, nil
}

var partEntry = regexp.MustCompile(`(\d+) :> (\d+)`)

// firstUnexplained returns the frame of the failing batch that no behavior explains: the next
// frame after those the candidate that got furthest explained (the variable part counts
// them per receiver), to the first receiver in the batch's order with one left.
func firstUnexplained(groups []Group, cands []trace.Candidate) *Frame {
	if len(groups) == 0 {
		return nil
	}
	best, bestSum := map[uint64]int{}, -1
	for _, c := range cands {
		for _, v := range c.State {
			if v.Name != "part" {
				continue
			}
			done, sum := map[uint64]int{}, 0
			for _, m := range partEntry.FindAllStringSubmatch(v.Value, -1) {
				node, _ := strconv.ParseUint(m[1], 10, 64)
				n, _ := strconv.Atoi(m[2])
				done[node] = n
				sum += n
			}
			if sum > bestSum {
				best, bestSum = done, sum
			}
		}
	}
	for _, g := range groups {
		if k := best[g.To]; k < len(g.Frames) {
			return g.Frames[k]
		}
	}
	return groups[0].Frames[0]
}

// WriteReport writes the outcome: the verdict and, for a failure, the packet and frame no
// behavior explains followed by the validator's report.
func (v *Validation) WriteReport(w io.Writer) {
	if v.OK() {
		fmt.Fprintf(w, "%s: the %d captured messages are a behavior of tla/Raft.tla (%d batches validated in %v, peak frontier %d states, %d silent steps)\n",
			v.Trace.captureName(), len(v.Trace.Frames), v.Result.Events-1, v.Result.Elapsed.Round(1e6), v.Result.PeakFrontier, v.Result.Silent)
		return
	}
	if f := v.Frame; f != nil {
		fmt.Fprintf(w, "packet %d: no behavior of tla/Raft.tla sends this frame (stream %d, %s -> %s, node %d -> %d, %s)\n",
			f.Packet, f.Stream, f.Src, f.Dst, f.From, f.To, f.Message.Type)
	}
	trace.WriteReport(w, v.Result)
}
