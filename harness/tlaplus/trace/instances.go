package trace

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

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

// part is one instance's trace: the header, then its events (which keep their lines in the file).
type part struct {
	key    string
	events []Event
}

// splitInstances returns the instances of a trace whose header has InstancesField, in the
// order of their first events, or nil for a trace without it. derr is the error that stopped
// decoding the trace after events (reported unless an earlier event is at fault). The order of
// the events is checked on the whole trace: an instance alone misses other nodes' events.
func splitInstances(name string, events []Event, derr error) ([]*part, error) {
	if len(events) == 0 {
		return nil, nil
	}
	f, found, _ := events[0].Value.Field(InstancesField)
	if !found {
		return nil, nil
	}
	s, ok := f.(value.Str)
	if !ok || s == "" {
		return nil, &InputError{File: name, Line: events[0].Line, Field: InstancesField, Msg: "must name the field that tells instances apart, not " + describe(f)}
	}
	field := string(s)
	ord := newOrderCheck()
	if field, msg := ord.next(&events[0]); msg != "" {
		return nil, &InputError{File: name, Line: events[0].Line, Field: field, Msg: msg}
	}
	byKey := map[string]*part{}
	var parts []*part
	for i := 1; i < len(events); i++ {
		ev := &events[i]
		if field, msg := ord.next(ev); msg != "" {
			return nil, &InputError{File: name, Line: ev.Line, Field: field, Msg: msg}
		}
		key, ok := instanceKey(ev.Value, field)
		if !ok {
			return nil, &InputError{File: name, Line: ev.Line, Field: field, Msg: fmt.Sprintf("missing: the header says the trace holds instances told apart by %q (in the event or its msg)", field)}
		}
		p := byKey[key]
		if p == nil {
			p = &part{key: key, events: []Event{events[0]}}
			byKey[key] = p
			parts = append(parts, p)
		}
		p.events = append(p.events, *ev)
	}
	if derr != nil {
		return nil, derr
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
		total += len(p.events) - 1
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
		res, err := validateOne(ctx, fmt.Sprintf("%s (instance %s)", name, p.key), p.events, nil, sub)
		if err != nil {
			if ie, ok := err.(*InputError); ok {
				ie.File = name
			}
			if ee, ok := err.(*EvalError); ok {
				ee.File = name
			}
			return nil, err
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
		done += len(p.events) - 1
		for a, n := range res.Actions {
			merged.Actions[a] += n
		}
		if opts.Steps && res.Steps != nil {
			merged.Steps = append(merged.Steps, res.Steps...)
		}
		if f := res.Failure; f != nil {
			if merged.Failure == nil || f.Line < merged.Failure.Line {
				merged.Failure = f
			}
		}
	}
	sort.SliceStable(merged.EventList, func(i, j int) bool { return merged.EventList[i].Line < merged.EventList[j].Line })
	if merged.Steps != nil {
		sort.Strings(merged.Steps)
		merged.Steps = slices.Compact(merged.Steps)
	}
	if f := merged.Failure; f != nil {
		merged.Steps = nil
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
