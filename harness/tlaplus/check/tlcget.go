package check

import (
	"context"
	"errors"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// runInfo is what TLCGet and TLCSet know of the run, as TLC's TLC.TLCGet answers them: its
// configuration and the search's live counters.
type runInfo struct {
	opts     Options
	deadlock bool
	started  time.Time
	// live holds the counters of the search in progress (see startProgress).
	live atomic.Pointer[counters]
	// final, after the search, is its result, for the POSTCONDITION.
	final *Result
	// exit stops the search, for TLCSet("exit", TRUE).
	exit func()
	// spec answers TLCGet("spec") (tlaModel.specValue).
	spec func() (value.Value, error)
}

// errExit is the cause of a search stopped by TLCSet("exit", TRUE).
var errExit = errors.New(`stopped by TLCSet("exit", TRUE)`)

// start records the run's options and returns the context the search runs in, which
// TLCSet("exit", TRUE) cancels.
func (r *runInfo) start(ctx context.Context, opts Options, deadlock bool) (context.Context, context.CancelFunc) {
	r.opts, r.deadlock, r.started = opts, deadlock, time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	r.exit = func() { cancel(errExit) }
	return ctx, func() { cancel(nil) }
}

// value answers TLCGet(key) for the keys about the run: "diameter", "generated", "distinct",
// "queue", "duration", "stats" and "config" (TLC's ModelChecker, DFIDModelChecker and Simulator
// records, with their fields; "seed", "fingerprint" and "install" describe this engine).
func (r *runInfo) value(key string) (value.Value, bool) {
	var gen, dist, queue, depth, traces int64
	if c := r.live.Load(); c != nil {
		gen, dist, queue, depth = c.generated.Load(), c.distinct.Load(), c.left.Load(), int64(c.depth.Load())
		traces = c.behaviors.Load()
	}
	if res := r.final; res != nil {
		// The result has the counts of the whole run; the behaviors drawn are the counters'.
		gen, dist, queue, depth = res.Generated, res.Distinct, res.Left, int64(res.Depth)
	}
	duration := int64(time.Since(r.started) / time.Second)
	clamp := func(n int64) value.Value { return value.Int(min(n, value.MaxInt)) }
	if name, ok := strings.CutPrefix(key, "-D"); ok {
		// A Java system property, which TLC returns or, if unset, the key itself. This engine
		// has the one specs test: action composition is enabled.
		if name == "tlc2.tool.impl.Tool.cdot" {
			return value.Str("true"), true
		}
		return value.Str(key), true
	}
	switch key {
	case eval.TLCGetCounterExample:
		// TLCExt!CounterExample: in the POSTCONDITION the finished run's counterexample (empty
		// sets when there is none), and during the search the empty graph, as TLC answers
		// outside the POSTCONDITION.
		if res := r.final; res != nil {
			return CounterExample(*res), true
		}
		return CounterExample(Result{}), true
	case "spec":
		if r.spec == nil {
			return nil, false
		}
		v, err := r.spec()
		return v, err == nil
	case "revision":
		return revision(), true
	case "diameter":
		return clamp(depth), true
	case "generated":
		return clamp(gen), true
	case "distinct":
		return clamp(dist), true
	case "queue":
		return clamp(queue), true
	case "duration":
		return clamp(duration), true
	case "stats":
		// TLC narrows the record's counters to 32 bits, a larger one reading -1
		// (TLCGetSet.narrowToIntValue).
		narrow := func(n int64) value.Value {
			if n > math.MaxInt32 {
				return value.Int(-1)
			}
			return value.Int(n)
		}
		if r.opts.Mode == Simulate {
			return record(map[string]value.Value{"traces": narrow(traces), "generated": narrow(gen),
				"distinct": narrow(dist), "duration": narrow(duration), "diameter": narrow(depth)})
		}
		return record(map[string]value.Value{"queue": narrow(queue), "distinct": narrow(dist),
			"generated": narrow(gen), "diameter": narrow(depth), "duration": narrow(duration)})
	case "config":
		workers := max(r.opts.Workers, 1)
		fields := map[string]value.Value{
			"deadlock":    value.Bool(r.deadlock),
			"worker":      value.Int(workers),
			"seed":        value.Str(strconv.FormatInt(r.opts.Seed, 10)),
			"fingerprint": value.Str("0"),
			"install":     value.Str("dsref"),
		}
		switch r.opts.Mode {
		case BFS, DFS:
			// TLC's DFIDModelChecker answers with its base class's record
			// (AbstractChecker.createConfig), whose mode is "bfs" and which has no depth.
			fields["mode"] = value.Str("bfs")
		case Simulate:
			// TLC's Simulator.createConfig: no fingerprint, but the scheduler and the seed of
			// its per-trace sources (aril), which this engine does not have.
			// A negative depth is TLC's -depth -1, unbounded, which TLC reports as -1.
			delete(fields, "fingerprint")
			fields["mode"] = value.Str(r.opts.modeName())
			fields["depth"] = clamp(max(int64(r.opts.depthOrDefault()), -1))
			fields["traces"] = clamp(max(int64(r.opts.tracesOrDefault()), -1))
			fields["aril"] = value.Str("0")
			fields["sched"] = value.Str("random")
		}
		return record(fields)
	}
	return nil, false
}

// set handles TLCSet with a string key: "exit" stops the search when given TRUE, and "pause"
// (TLC waits for a key press) and system properties ("-Dname") are accepted and ignored.
func (r *runInfo) set(key string, v value.Value) bool {
	switch {
	case key == "exit":
		if v == value.True && r.exit != nil {
			r.exit()
		}
		return true
	case key == "pause", len(key) > 2 && key[:2] == "-D":
		return true
	}
	return false
}

// revision answers TLCGet("revision") with the fields of TLC's record: the build's VCS revision as
// "tag" ("development" when the binary records none, as TLC without a manifest), its commit time as
// "timestamp" (seconds since the epoch, narrowed to 32 bits as TLC's) and "date" (TLC's
// SimpleDateFormat yyyy-MM-dd'T'HH:mm:ss.S'Z', whose S is the milliseconds, unpadded), the same
// time as TLC's "calver" (yyyy.MM.dd.HHmmss), and "count" 0: TLC's count of commits, which a Go
// build does not record (TLC answers 0 when it does not know it either). Without a recorded time,
// the time of the call, as TLC's.
func revision() value.Value {
	tag, when := "development", time.Now()
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				tag = s.Value[:min(len(s.Value), 7)]
			case "vcs.time":
				if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
					when = t
				}
			}
		}
	}
	when = when.UTC()
	return mustRecord(map[string]value.Value{
		"count":     value.Int(0),
		"timestamp": value.Int(int64(int32(when.Unix()))),
		"date":      value.Str(when.Format("2006-01-02T15:04:05.") + strconv.Itoa(when.Nanosecond()/1e6) + "Z"),
		"calver":    value.Str(when.Format("2006.01.02.150405")),
		"tag":       value.Str(tag),
	})
}

func record(fields map[string]value.Value) (value.Value, bool) {
	names := make([]string, 0, len(fields))
	vals := make([]value.Value, 0, len(fields))
	for n, v := range fields {
		names = append(names, n)
		vals = append(vals, v)
	}
	r, err := value.NewRecord(names, vals)
	if err != nil {
		return nil, false
	}
	return r, true
}
