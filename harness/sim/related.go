package sim

import (
	"strconv"
	"strings"
	"time"
)

// relatedEvents replays a run whose linearizability check failed and keeps the event log lines
// that name one of the given operations (invoke, propose, apply, read, return), and those of the
// faults that struck between the first operation's call and the last one's return: what a
// reader needs to see why the operations cannot be ordered, without the heartbeats around them.
// A run is a pure function of its options, so the replay logs the same events.
func relatedEvents(p Protocol, o RunOptions, ops []Op) string {
	f := &opFilter{ids: map[string]bool{}, to: time.Duration(1<<63 - 1), limit: 200}
	if len(ops) > 0 {
		f.from, f.to = ops[0].Call, 0
	}
	for _, op := range ops {
		f.ids[op.ID] = true
		f.from = min(f.from, op.Call)
		if !op.Returned {
			f.to = time.Duration(1<<63 - 1)
		} else {
			f.to = max(f.to, op.Return)
		}
	}
	o.Log, o.Trace, o.TailLines, o.Progress = f, nil, 0, nil
	o.TraceEvents, o.SessionTrace, o.SessionTraceEvents = nil, nil, nil // the run recorded them
	if _, err := run(p, o, false); err != nil {
		return ""
	}
	if f.dropped > 0 {
		f.out.WriteString("... " + strconv.Itoa(f.dropped) + " more\n")
	}
	return f.out.String()
}

// faultEvents are the first words of the event log lines of faults.
var faultEvents = map[string]bool{"partition": true, "links": true, "crash": true, "arm-crash": true,
	"restart": true, "pause": true, "resume": true, "heal": true}

// opFilter is an event log writer that keeps the lines relatedEvents wants. The event log writes
// one line per call.
type opFilter struct {
	ids      map[string]bool
	from, to time.Duration
	out      strings.Builder
	kept     int
	limit    int
	dropped  int
}

func (f *opFilter) Write(line []byte) (int, error) {
	text := string(line)
	stamp, rest, ok := strings.Cut(text, " ")
	if !ok {
		return len(line), nil
	}
	keep := false
	words := strings.Fields(rest)
	if len(words) > 0 && faultEvents[words[0]] {
		if us, err := strconv.ParseInt(strings.TrimPrefix(stamp, "t="), 10, 64); err == nil {
			at := time.Duration(us) * time.Microsecond
			keep = at >= f.from-time.Microsecond && at <= f.to
		}
	}
	for _, w := range words {
		if f.ids[strings.TrimSuffix(w, ":")] {
			keep = true
		}
	}
	if keep {
		if f.kept < f.limit {
			f.out.WriteString(text)
			f.kept++
		} else {
			f.dropped++
		}
	}
	return len(line), nil
}
