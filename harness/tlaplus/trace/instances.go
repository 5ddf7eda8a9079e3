package trace

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// InstancesField is the header field that says a trace holds several independent instances of
// the specification (a replicated log run as one single-decree Paxos per slot): its value F is
// the event field naming each event's instance, or, for an event without F (the network's
// DropMessage and DuplicateMessage), its message's ("msg.F"). Each instance's events, after the
// header, form a trace of their own, which is validated alone; lines keep their numbers in the
// file. With TLC, split the file first, one instance at a time (for F = "slot" and slot 3):
//
//	jq -c 'select(.action == "Header" or .slot == 3 or .msg.slot == 3)' run.ndjson
const InstancesField = "instances"

// part is one instance's trace: its text (the header, then its events) and the file line of
// each of its lines.
type part struct {
	key   string
	data  []byte
	lines []int
}

// splitInstances returns the instances of a trace whose header has InstancesField, in the
// order of their first events, or nil for a trace without it.
func splitInstances(name string, data []byte) ([]*part, error) {
	first, _, _ := bytes.Cut(data, []byte{'\n'})
	if !bytes.Contains(first, []byte(`"`+InstancesField+`"`)) {
		return nil, nil
	}
	var field string
	var header []byte
	byKey := map[string]*part{}
	ord := newOrderCheck() // on the whole file: an instance alone misses other nodes' events
	var parts []*part
	n := 0 // 1-based line number
	for rest := data; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte{'\n'})
		rest = after
		n++
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := eval.DecodeJSON(line)
		if err != nil {
			return nil, &InputError{File: name, Line: n, Msg: err.Error()}
		}
		rec, ok := v.(*value.Record)
		if !ok {
			return nil, &InputError{File: name, Line: n, Msg: fmt.Sprintf("an event must be a JSON object, not %s", value.Abbrev(v))}
		}
		ev := Event{Line: n, Value: rec}
		if field, msg := ord.next(&ev); msg != "" {
			return nil, &InputError{File: name, Line: n, Field: field, Msg: msg}
		}
		if header == nil {
			f, found, _ := rec.Field(InstancesField)
			if !found {
				return nil, nil // "instances" was some other field's value
			}
			s, ok := f.(value.Str)
			if !ok || s == "" {
				return nil, &InputError{File: name, Line: n, Field: InstancesField, Msg: "must name the field that tells instances apart, not " + describe(f)}
			}
			field, header = string(s), line
			continue
		}
		key, ok := instanceKey(rec, field)
		if !ok {
			return nil, &InputError{File: name, Line: n, Field: field, Msg: fmt.Sprintf("missing: the header says the trace holds instances told apart by %q (in the event or its msg)", field)}
		}
		p := byKey[key]
		if p == nil {
			p = &part{key: key, data: append(append([]byte(nil), header...), '\n'), lines: []int{1}}
			byKey[key] = p
			parts = append(parts, p)
		}
		p.data = append(append(p.data, line...), '\n')
		p.lines = append(p.lines, n)
	}
	if header == nil {
		return nil, &InputError{File: name, Line: 1, Msg: "the trace holds no event"}
	}
	return parts, nil
}

// instanceKey is the value of the event's field, or of its message's.
func instanceKey(rec *value.Record, field string) (string, bool) {
	if f, found, _ := rec.Field(field); found {
		return f.String(), true
	}
	if m, found, _ := rec.Field("msg"); found {
		if mr, ok := m.(*value.Record); ok {
			if f, found, _ := mr.Field(field); found {
				return f.String(), true
			}
		}
	}
	return "", false
}

// validateInstances validates each instance of a split trace and merges the results: counts
// add up, the peak frontier is the largest, the events are listed in file order, and the
// failure is the one on the earliest line (each instance is validated to its end or its first
// failure), before which every event is validated. An input error names the file's line.
func validateInstances(ctx context.Context, name string, parts []*part, opts Options) (*Result, error) {
	start := time.Now()
	merged := &Result{Spec: opts.Spec, Trace: name, Actions: map[string]int{}}
	// With Options.Reuse the instances, which share their header, share one loaded module.
	sub := opts
	sub.ordered = true
	total, done := 1, 1 // the header
	for _, p := range parts {
		total += len(p.lines) - 1
	}
	var last time.Time
	if opts.Progress != nil {
		sub.Progress = func(d, _, frontier int) {
			if time.Since(last) >= time.Second {
				last = time.Now()
				opts.Progress(done+d, total, frontier)
			}
		}
	}
	for i, p := range parts {
		res, err := validateOne(ctx, fmt.Sprintf("%s (instance %s)", name, p.key), p.data, sub)
		if err != nil {
			if ie, ok := err.(*InputError); ok && ie.Line >= 1 && ie.Line <= len(p.lines) {
				ie.File, ie.Line = name, p.lines[ie.Line-1]
			}
			if ee, ok := err.(*EvalError); ok && ee.Line >= 1 && ee.Line <= len(p.lines) {
				ee.File, ee.Line = name, p.lines[ee.Line-1]
			}
			return nil, err
		}
		for k := range res.EventList {
			res.EventList[k].Line = p.lines[res.EventList[k].Line-1]
		}
		events := res.EventList
		if i > 0 {
			events = events[1:] // the header once
		}
		merged.EventList = append(merged.EventList, events...)
		merged.Events += len(events)
		merged.Validated += res.Validated
		if i > 0 && res.Validated > 0 {
			merged.Validated-- // the header once
		}
		merged.States += res.States
		merged.PeakFrontier = max(merged.PeakFrontier, res.PeakFrontier)
		merged.Silent += res.Silent
		merged.SilentAction = res.SilentAction
		done += len(p.lines) - 1
		for a, n := range res.Actions {
			merged.Actions[a] += n
		}
		if f := res.Failure; f != nil {
			f.Line = p.lines[f.Line-1]
			if merged.Failure == nil || f.Line < merged.Failure.Line {
				merged.Failure = f
			}
		}
	}
	sort.SliceStable(merged.EventList, func(i, j int) bool { return merged.EventList[i].Line < merged.EventList[j].Line })
	if f := merged.Failure; f != nil {
		for k := range merged.EventList {
			if merged.EventList[k].Line == f.Line {
				f.Index, f.Event = k+1, &merged.EventList[k]
				break
			}
		}
		// Every event before the failing one is validated: those of its instance, and those of
		// the others, whose failures (if any) come later.
		merged.Validated = f.Index - 1
	}
	if opts.Progress != nil {
		opts.Progress(merged.Validated, merged.Events, merged.PeakFrontier)
	}
	merged.Elapsed = time.Since(start)
	return merged, nil
}
