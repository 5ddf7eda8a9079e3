package trace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Options configure a validation.
type Options struct {
	// Spec is the trace module (tla/TraceRaft.tla); its configuration is the .cfg of the same
	// name unless Config is set. With Modules set, both are read from there (Spec is then a
	// path inside Modules) and so are the modules they extend.
	Spec   string
	Config string
	// Modules, if not nil, holds the trace module, its configuration and the modules it needs
	// (the dsref binary embeds tla/ this way, so `dsref trace` works from any folder).
	Modules fs.FS
	// MaxFrontier bounds the number of distinct states consistent with a prefix of the trace;
	// a trace that leaves more open is refused with an error (default 1,000,000).
	MaxFrontier int
	// MaxBytes bounds the size of a trace (0: MaxTraceBytes); a larger one is refused before
	// it is read, with a *TooLargeError.
	MaxBytes int64
	// Candidates bounds how many states a failure report explains (default 4).
	Candidates int
	// Progress, if set, is called about once a second with the events done so far.
	Progress func(done, total, frontier int)
	// Steps makes the result list the definitions the explaining behaviors took steps of
	// (Result.Steps): which actions of the specification a trace exercises, for a trace module
	// whose events do not name them (tla/TraceRaftWire.tla). It costs a little per step.
	Steps bool
	// Reuse keeps the loaded trace module for later traces whose header (first line) is the
	// same but for "seed" and "t", instead of loading it for each, and steps events directly
	// (see "The trace module" in the package documentation): for callers that validate many
	// traces against modules that follow the convention there and cannot change meanwhile
	// (embedded in Modules). A module without TraceAction and TraceObserved is loaded afresh
	// for each trace, as without Reuse. A trace of another header loads the module again, but
	// the modules it extends from Modules are parsed once. Modules of a type whose values
	// cannot be compared (a map, such as fstest.MapFS) are not reused.
	Reuse bool

	// ordered says the events' order was checked already (on the whole file, for the
	// instances of a trace).
	ordered bool
}

// modules is the pool modules are reused from, nil if they are not: with Reuse, and Modules
// nil or a value that can tell module sets apart (see moduleSetID).
func (o *Options) modules() *modulePool {
	if o.Reuse && moduleSetID(o.Modules) >= 0 {
		return reuse
	}
	return nil
}

// Result is the outcome of a validation.
type Result struct {
	// Spec and Trace name what was validated.
	Spec, Trace string
	// Events is the number of events in the trace, Validated how many a behavior explains.
	Events, Validated int
	// Failure is nil when some behavior of the specification produces the whole trace.
	Failure *Failure
	// PeakFrontier is the largest number of distinct states consistent with a prefix.
	PeakFrontier int
	// States is the number of distinct states generated over the whole trace.
	States int64
	// Actions counts the validated events per action (the "action" field).
	Actions map[string]int
	// Silent counts the silent steps (TraceNext leaving l alone) that led to a state consistent
	// with the trace; SilentAction is the specification's action they take, as the trace
	// module's TraceSilentAction names it ("" if it does not).
	Silent       int
	SilentAction string
	// Steps (with Options.Steps) names, sorted, the definitions some behavior that explains the
	// whole trace took a step through: the specification's actions among them (and the trace
	// module's definitions around them). A definition is listed when a step satisfied it on its
	// way, as check.Stepper.Definitions reports; every step of a listed definition leads to a
	// state from which the rest of the trace is explained. Nil for a trace no behavior explains.
	Steps []string
	// Elapsed is the wall time the validation took.
	Elapsed time.Duration
	// EventList is the trace as read (for reports that draw it).
	EventList []Event
}

// OK reports whether the trace is a behavior of the specification.
func (r *Result) OK() bool { return r.Failure == nil }

// MaxTraceBytes is the largest trace validated by default (Options.MaxBytes). The validator
// holds a trace's decoded events in memory, about four bytes per byte of trace (a 10 MB raft
// trace of 34,000 events takes 36 MB), besides the states consistent with it.
const MaxTraceBytes = 1 << 30

// A TooLargeError is a trace larger than Options.MaxBytes.
type TooLargeError struct {
	File      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: the trace is %d bytes, more than the %d the validator takes (it holds the decoded events in memory, about 4 bytes per byte of trace)", e.File, e.Size, e.Max)
}

// CheckSize returns a *TooLargeError if size exceeds the bound of opts.
func (o *Options) CheckSize(file string, size int64) error {
	max := o.MaxBytes
	if max <= 0 {
		max = MaxTraceBytes
	}
	if size > max {
		return &TooLargeError{File: file, Size: size, Max: max}
	}
	return nil
}

// Validate checks the trace file tracePath against the trace module of opts.
func Validate(ctx context.Context, tracePath string, opts Options) (*Result, error) {
	if fi, err := os.Stat(tracePath); err != nil {
		return nil, err
	} else if err := opts.CheckSize(tracePath, fi.Size()); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(tracePath)
	if err != nil {
		return nil, err
	}
	return ValidateBytes(ctx, tracePath, data, opts)
}

// ValidateBytes checks a trace held in memory; name stands for it in reports and in IOEnv.JSON
// (the trace module's ndJsonDeserialize gets the events read from data, not from a file).
//
// A trace whose header has InstancesField is validated one instance at a time.
func ValidateBytes(ctx context.Context, name string, data []byte, opts Options) (*Result, error) {
	if err := opts.CheckSize(name, int64(len(data))); err != nil {
		return nil, err
	}
	events, err := decodeLines(data, name)
	return validateEvents(ctx, name, events, err, opts)
}

// ValidateEvents checks a trace given as the records its lines decode to, header first, as
// ValidateBytes checks the NDJSON text of those lines (an event's line is its position from 1):
// the simulator hands its traces over so (sim.Options.TraceEvents), which spares writing and
// reading back the text. The records must not change while they are validated.
func ValidateEvents(ctx context.Context, name string, records []*value.Record, opts Options) (*Result, error) {
	if len(records) == 0 {
		return nil, &InputError{File: name, Line: 1, Msg: "the trace holds no event"}
	}
	events := make([]Event, len(records))
	for i, r := range records {
		if r == nil {
			return nil, &InputError{File: name, Line: i + 1, Msg: "an event must be a JSON object, not nothing"}
		}
		events[i] = newEvent(i+1, r, nil)
	}
	return validateEvents(ctx, name, events, nil, opts)
}

// validateEvents validates the events decoded from a trace; derr is the error that stopped the
// decoding after them (reported unless an earlier event is at fault).
func validateEvents(ctx context.Context, name string, events []Event, derr error, opts Options) (*Result, error) {
	parts, err := splitInstances(name, events, derr)
	if err != nil {
		return nil, err
	}
	if parts != nil {
		return validateInstances(ctx, name, parts, opts)
	}
	return validateOne(ctx, name, events, derr, opts)
}

// validateOne validates one instance's trace.
func validateOne(ctx context.Context, name string, events []Event, derr error, opts Options) (*Result, error) {
	start := time.Now()
	v, err := newValidator(name, events, derr, opts)
	if err != nil {
		return nil, err
	}
	defer v.release()
	res, err := v.run(ctx)
	if res != nil {
		res.Elapsed = time.Since(start)
	}
	return res, err
}

// validator walks one trace through a trace module.
type validator struct {
	opts   Options
	path   string
	mod    *module
	st     *check.Stepper
	spec   *eval.Spec
	cursor int // index of the variable l
	events []Event
	// log is TraceLog's length, which must be the number of events read.
	log int
	// key is the reuse cache's key the module goes back under when the validation is over.
	key string
	// direct says whether events are stepped through directly (module.direct, with Reuse).
	direct bool
	// defs numbers the definitions steps went through (Options.Steps), defIndex by name.
	defs     []string
	defIndex map[string]int
}

// release gives the module back to the reuse cache.
func (v *validator) release() {
	if v.key != "" {
		v.opts.modules().put(v.key, v.mod)
		v.key = ""
	}
}

// CursorVariable is the variable a trace module keeps the position of the next event in, as in
// etcd-io/raft's Traceetcdraft.tla and the trace-validation papers.
const CursorVariable = "l"

func newValidator(tracePath string, events []Event, derr error, opts Options) (*validator, error) {
	if opts.MaxFrontier == 0 {
		opts.MaxFrontier = 1_000_000
	}
	if opts.Candidates == 0 {
		opts.Candidates = 4
	}
	if opts.Spec == "" {
		return nil, errors.New("trace: no trace module (Options.Spec)")
	}
	if len(events) == 0 {
		return nil, derr // the first line is not an event
	}
	abs, err := filepath.Abs(tracePath)
	if err != nil {
		return nil, err
	}
	var mod *module
	key := ""
	pool := opts.modules()
	if pool != nil {
		key = reuseKey(opts, events[0].Value)
		mod = pool.take(key)
	}
	fresh := mod == nil
	if fresh {
		if mod, err = loadModule(opts); err != nil {
			return nil, err
		}
		if pool != nil && !mod.direct {
			key = "" // without TraceAction, every event goes through TraceNext and TraceLog
		}
	}
	v := &validator{opts: opts, path: tracePath, mod: mod, st: mod.st, spec: mod.spec, cursor: mod.cursor, key: key, direct: pool != nil && mod.direct}
	mod.st.TrackDefinitions(opts.Steps)
	// A state-level \E inside an action (Paxos.tla's Preempted: some message of a higher ballot
	// exists) yields its successor once, not once per witness as TLC counts: the frontier would
	// only fold the copies together again.
	mod.st.OneWitness(true)
	ord := newOrderCheck()
	if opts.ordered {
		ord = nil
	}
	if err := checkEvents(events, tracePath, mod.schema, ord); err != nil {
		v.release()
		return nil, err
	}
	if derr != nil {
		v.release()
		return nil, derr
	}
	v.events = events
	v.log = len(v.events)
	if !fresh {
		return v, nil
	}
	// The module reads the trace through ndJsonDeserialize(IOEnv.JSON): it gets the events read
	// here, not the file.
	log := make(value.Tuple, len(v.events))
	for i := range v.events {
		log[i] = v.events[i].Value
	}
	mod.decoded[abs] = log
	mod.env["JSON"] = abs
	lv, err := evalDef(v.spec, "TraceLog")
	if err != nil {
		return nil, fmt.Errorf("%s: evaluating TraceLog: %w", opts.Spec, err)
	}
	seq, err := value.AsSeq(lv)
	if err != nil || len(seq) != len(v.events) {
		return nil, fmt.Errorf("%s: TraceLog must be the %d events of the trace file as ndJsonDeserialize reads them, not %s", opts.Spec, len(v.events), value.Abbrev(lv))
	}
	return v, nil
}

// frontier is a set of states in insertion order, told apart by comparing them while there are
// at most smallFrontier, then by fingerprint.
type frontier struct {
	states []check.State
	fps    map[uint64]int // index in states; nil while there are at most smallFrontier states
	// steps[i], with Options.Steps, is the set of definitions the steps to states[i] went through
	// (on any of the ways the trace so far reaches it).
	steps []stepSet
}

// smallFrontier is the size up to which a frontier's states are compared instead of
// fingerprinted. A simulated trace's frontier is one state, or two around a silent step (the
// state before and after it), which differ in the variables the step changed: comparing them
// stops there (and at values they share), while a fingerprint hashes every variable of both.
const smallFrontier = 4

// reset empties f for another event's states, keeping its storage.
func (f *frontier) reset() {
	clear(f.states)
	f.states = f.states[:0]
	f.fps = nil
	f.steps = f.steps[:0]
}

// A stepSet is a set of definitions, by their numbers in validator.defs.
type stepSet []uint64

func (s stepSet) with(t stepSet) stepSet {
	out := make(stepSet, max(len(s), len(t)))
	copy(out, s)
	for i, w := range t {
		out[i] |= w
	}
	return out
}

// add adds s to f, reached by steps through the definitions in steps (Options.Steps); a state
// already in f gains those.
func (v *validator) add(f *frontier, s check.State, steps stepSet) (bool, error) {
	if f.fps == nil {
		for i, t := range f.states {
			same, err := sameState(s, t)
			if err != nil {
				return false, err
			}
			if same {
				if v.opts.Steps {
					f.steps[i] = f.steps[i].with(steps)
				}
				return false, nil
			}
		}
		if len(f.states) < smallFrontier {
			return v.append(f, s, steps)
		}
		f.fps = map[uint64]int{}
		for i, t := range f.states {
			fp, err := v.st.Fingerprint(t)
			if err != nil {
				return false, err
			}
			f.fps[fp] = i
		}
	}
	fp, err := v.st.Fingerprint(s)
	if err != nil {
		return false, err
	}
	if i, found := f.fps[fp]; found {
		if v.opts.Steps {
			f.steps[i] = f.steps[i].with(steps)
		}
		return false, nil
	}
	f.fps[fp] = len(f.states)
	return v.append(f, s, steps)
}

// append adds s, a state f does not hold, to f.
func (v *validator) append(f *frontier, s check.State, steps stepSet) (bool, error) {
	f.states = append(f.states, s)
	if v.opts.Steps {
		f.steps = append(f.steps, steps)
	}
	if len(f.states) > v.opts.MaxFrontier {
		return false, fmt.Errorf("more than %d states are consistent with the trace up to here: the trace leaves too much unobserved", v.opts.MaxFrontier)
	}
	return true, nil
}

// sameState reports whether s and t give every variable the same value.
func sameState(s, t check.State) (bool, error) {
	if len(s) != len(t) {
		return false, nil
	}
	for i := range s {
		if eq, err := value.Equal(s[i], t[i]); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

func (v *validator) position(s check.State) (int, error) {
	n, ok := s[v.cursor].(value.Int)
	if !ok {
		return 0, fmt.Errorf("the cursor %s is %s, not an integer", CursorVariable, value.Abbrev(s[v.cursor]))
	}
	return int(n), nil
}

func (v *validator) run(ctx context.Context) (*Result, error) {
	res := &Result{Spec: v.opts.Spec, Trace: v.path, Events: len(v.events), Actions: map[string]int{}, EventList: v.events}
	if _, ok := v.spec.Definition("TraceSilentAction"); ok {
		if a, err := evalDef(v.spec, "TraceSilentAction"); err == nil {
			if s, ok := a.(value.Str); ok {
				res.SilentAction = string(s)
			}
		}
	}
	cur := &frontier{}
	pos := -1
	err := v.st.Initial(func(s check.State) error {
		p, err := v.position(s)
		if err != nil {
			return err
		}
		if pos >= 0 && p != pos {
			return fmt.Errorf("initial states start at different positions of the trace (%d and %d)", pos, p)
		}
		pos = p
		_, err = v.add(cur, s, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: TraceInit: %w", v.opts.Spec, err)
	}
	if len(cur.states) == 0 {
		res.Failure = &Failure{Index: 1, Line: v.events[0].Line, Event: &v.events[0], Reason: "no initial state of the specification agrees with the trace"}
		return res, nil
	}
	if pos < 1 || pos > v.log+1 {
		return nil, fmt.Errorf("%s: TraceInit sets %s to %d, outside 1..%d", v.opts.Spec, CursorVariable, pos, v.log+1)
	}
	res.Validated = pos - 1
	lastReport := time.Now()
	// The frontiers of consecutive events are two sets used in turn, and the successors of each
	// state go through one function: nothing is allocated per event here (a simulated trace's
	// frontier is one state, which its lone successor replaces).
	next := &frontier{}
	var from int // the index in cur of the state whose successors emit takes
	emit := func(t check.State) error {
		res.States++
		p, err := v.position(t)
		if err != nil {
			return err
		}
		var steps stepSet
		if v.opts.Steps {
			steps = cur.steps[from].with(v.stepsOf(v.st.Definitions()))
		}
		switch p {
		case pos + 1:
			_, err = v.add(next, t, steps)
		case pos:
			var added bool
			if added, err = v.add(cur, t, steps); added {
				res.Silent++
			}
		default:
			err = fmt.Errorf("TraceNext moved %s from %d to %d; a step consumes one event or none", CursorVariable, pos, p)
		}
		return err
	}
	for pos <= v.log {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		next.reset()
		// Successors of the states at pos; silent steps (l unchanged) join the current set,
		// whose states are expanded in turn.
		for from = 0; from < len(cur.states); from++ {
			v.st.SetLevel(pos)
			if err := v.successors(cur.states[from], pos, emit); err != nil {
				return res, v.wrapErr(pos, err)
			}
		}
		res.PeakFrontier = max(res.PeakFrontier, len(cur.states))
		if len(next.states) == 0 {
			res.Failure = v.explain(pos, cur.states)
			return res, nil
		}
		if a := v.events[pos-1].Action; a != "" {
			res.Actions[a]++
		}
		cur, next = next, cur
		pos++
		res.Validated = pos - 1
		if v.opts.Progress != nil && time.Since(lastReport) >= time.Second {
			lastReport = time.Now()
			v.opts.Progress(pos-1, v.log, len(cur.states))
		}
	}
	res.PeakFrontier = max(res.PeakFrontier, len(cur.states))
	if v.opts.Progress != nil {
		v.opts.Progress(v.log, v.log, len(cur.states))
	}
	if v.opts.Steps {
		var all stepSet
		for _, st := range cur.steps {
			all = all.with(st)
		}
		res.Steps = []string{}
		for i, name := range v.defs {
			if all.has(i) {
				res.Steps = append(res.Steps, name)
			}
		}
		sort.Strings(res.Steps)
	}
	return res, nil
}

func (s stepSet) has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }

// stepsOf is the set of the definitions names.
func (v *validator) stepsOf(names []string) stepSet {
	var set stepSet
	for _, name := range names {
		i, ok := v.defIndex[name]
		if !ok {
			i = len(v.defs)
			v.defs = append(v.defs, name)
			if v.defIndex == nil {
				v.defIndex = map[string]int{}
			}
			v.defIndex[name] = i
		}
		for len(set) <= i/64 {
			set = append(set, 0)
		}
		set[i/64] |= 1 << (i % 64)
	}
	return set
}

// wrapErr names the trace line an evaluation error happened on.
func (v *validator) wrapErr(pos int, err error) error {
	if pos < 1 || pos > len(v.events) {
		return err
	}
	return &EvalError{File: v.path, Line: v.events[pos-1].Line, Err: err}
}

// An EvalError is an error evaluating the trace module on one event: typically a field the
// module reads that the event lacks (when the module declares no TraceSchema), or a field of
// the wrong kind.
type EvalError struct {
	File string
	Line int
	Err  error
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("%s:%d: evaluating the event: %v", e.File, e.Line, e.Err)
}

func (e *EvalError) Unwrap() error { return e.Err }
