package trace

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// eventName is the identifier the event is bound to in the expressions the validator builds
// (TraceAction(e) and so on); it shadows any definition of the same name, which a trace module
// has no reason to have.
const eventName = "dsref_trace_event"

// A module is a loaded trace module, ready to step through traces.
type module struct {
	st     *check.Stepper
	spec   *eval.Spec
	cursor int // index of the variable l
	schema *Schema
	// hasAction and hasObserved say whether the module defines TraceAction and TraceObserved,
	// hasSilent whether it defines TraceSilent (its silent steps, as an action on the event).
	hasAction, hasObserved, hasSilent bool
	// direct is set when the validator can take each event's step itself, as TraceAction(e) /\
	// TraceObserved(e) /\ l' = l + 1 plus TraceSilent(e) /\ l' = l (the package documentation's
	// convention), without going through TraceNext and TraceLog: then the module serves any trace
	// whose header is the one it was loaded with.
	direct bool
	// The expressions of the event bound to eventName: step and silent (direct mode),
	// action (TraceAction(e) /\ l' = l, for explanations), actionOnly and observed.
	step, silent, action, actionOnly, observed ast.Expr
	// decoded and env are what the module's ndJsonDeserialize and IOEnv see (the first trace).
	decoded map[string]value.Tuple
	env     map[string]string
}

// loads counts the modules loaded (for the tests: a sweep loads each header's module once).
var loads atomic.Int64

// loadModule loads the trace module of opts and its configuration.
func loadModule(opts Options) (*module, error) {
	loads.Add(1)
	cfgPath := opts.Config
	if cfgPath == "" {
		cfgPath = strings.TrimSuffix(opts.Spec, ".tla") + ".cfg"
	}
	readFile := os.ReadFile
	if opts.Modules != nil {
		readFile = func(name string) ([]byte, error) { return fs.ReadFile(opts.Modules, filepath.ToSlash(name)) }
	}
	cfgSrc, err := readFile(cfgPath)
	if err != nil {
		return nil, fmt.Errorf("trace: reading the configuration: %w", err)
	}
	conf, err := cfg.Parse(cfgPath, string(cfgSrc))
	if err != nil {
		return nil, err
	}
	if conf.Init == nil || conf.Next == nil {
		return nil, fmt.Errorf("%s: a trace module's configuration names INIT and NEXT (TraceInit and TraceNext)", cfgPath)
	}
	// The module reads the trace through ndJsonDeserialize(IOEnv.JSON): it gets the events the
	// validator read (newValidator fills decoded once the schema the module defines has checked
	// them), not the file.
	mod := &module{decoded: map[string]value.Tuple{}, env: map[string]string{}}
	// Validations run beside simulations building events and beside other validations (of
	// other modules): a load must not reorder their values (eval.Options.KeepOrder).
	base := eval.Options{Env: mod.env, NDJSON: mod.decoded, KeepOrder: true}
	var src []byte
	if opts.Modules != nil {
		if src, err = readFile(opts.Spec); err != nil {
			return nil, fmt.Errorf("trace: reading the trace module: %w", err)
		}
		base.Modules = opts.Modules // and no folder: LoadSource searches only Modules
		if set := moduleSetID(opts.Modules); opts.Reuse && set > 0 {
			base.OtherModules = dependencies(set, opts.Spec, opts.Modules, src)
			base.Checked = checkedModule(set, opts.Spec, src, base)
		}
	}
	if mod.st, err = check.NewStepper(opts.Spec, src, conf, base); err != nil {
		return nil, err
	}
	mod.spec = mod.st.Spec()
	ix, ok := mod.spec.VariableIndex(CursorVariable)
	if !ok {
		return nil, fmt.Errorf("%s: a trace module declares the variable %s, the position of the next event in TraceLog", opts.Spec, CursorVariable)
	}
	mod.cursor = ix
	if _, ok := mod.spec.Definition("TraceLog"); !ok {
		return nil, fmt.Errorf("%s: a trace module defines TraceLog, the events of ndJsonDeserialize(IOEnv.JSON)", opts.Spec)
	}
	if _, ok := mod.spec.Definition("TraceSchema"); ok {
		sv, err := evalDef(mod.spec, "TraceSchema")
		if err != nil {
			return nil, fmt.Errorf("%s: evaluating TraceSchema: %w", opts.Spec, err)
		}
		if mod.schema, err = NewSchema(sv); err != nil {
			return nil, fmt.Errorf("%s: %w", opts.Spec, err)
		}
	}
	_, mod.hasAction = mod.spec.Definition("TraceAction")
	_, mod.hasObserved = mod.spec.Definition("TraceObserved")
	_, mod.hasSilent = mod.spec.Definition("TraceSilent")
	_, silentSteps := mod.spec.Definition("TraceSilentAction")
	mod.direct = mod.hasAction && mod.hasObserved && (mod.hasSilent || !silentSteps)
	parse := func(format string) ast.Expr {
		x, err := syntax.ParseExpr("trace", fmt.Sprintf(format, eventName))
		if err != nil {
			panic(err) // the formats below are valid TLA+
		}
		return x
	}
	if mod.hasAction {
		mod.actionOnly = parse("TraceAction(%s)")
		mod.action = parse("TraceAction(%s) /\\ " + CursorVariable + "' = " + CursorVariable)
	}
	if mod.hasObserved {
		mod.observed = parse("TraceObserved(%s)")
	}
	if mod.direct {
		// l' is bound before TraceObserved, which then finds every variable bound and is
		// evaluated as one condition instead of being enumerated conjunct by conjunct; the
		// conjunction is the same. A module's TraceStep(e) is TraceAction(e) /\ TraceObserved(e)
		// computing what both need once (the message the event handles).
		mod.step = parse("TraceAction(%[1]s) /\\ " + CursorVariable + "' = " + CursorVariable + " + 1 /\\ TraceObserved(%[1]s)")
		if _, ok := mod.spec.Definition("TraceStep"); ok {
			mod.step = parse(CursorVariable + "' = " + CursorVariable + " + 1 /\\ TraceStep(%s)")
		}
		if mod.hasSilent {
			mod.silent = parse("TraceSilent(%s) /\\ " + CursorVariable + "' = " + CursorVariable)
		}
	}
	return mod, nil
}

// eventScope is the module's top level with the event bound to eventName.
func (m *module) eventScope(ev *Event) *eval.Scope {
	return m.spec.RootScope().Bind(eventName, ev.Value)
}

// successors calls emit for every successor of s under the step of event pos: through TraceNext
// (which reads TraceLog[l]), or, for a direct module, the event's own step and silent steps.
func (v *validator) successors(s check.State, pos int, emit func(check.State) error) error {
	if !v.direct {
		return v.st.Next(s, emit)
	}
	sc := v.mod.eventScope(&v.events[pos-1])
	if err := v.st.Successors(s, v.mod.step, sc, emit); err != nil {
		return err
	}
	if v.mod.silent != nil {
		return v.st.Successors(s, v.mod.silent, sc, emit)
	}
	return nil
}

// A modulePool holds loaded modules not in use, by reuseKey. A module steps one trace at a time.
type modulePool struct {
	sync.Mutex
	idle map[string][]*module
}

// reuse is the pool of Options.Reuse, shared by all validations in the process.
var reuse = &modulePool{idle: map[string][]*module{}}

// maxIdle bounds the idle modules kept per key, maxKeys the keys: enough for every header a
// process's sweeps draw (a raft sweep draws 48, 24 per cluster size, besides its session
// traces'), so that each is loaded once, not again after the pool forgot it. A module kept
// idle holds about 1 MB.
const maxIdle, maxKeys = 8, 128

// reuseKey identifies the module a trace needs: the trace module, its configuration and the
// trace's header (its first line) but for the fields that vary from run to run without changing
// the specification's constants, "seed" and "t".
func reuseKey(opts Options, h *value.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%s\x00%s\x00", moduleSetID(opts.Modules), opts.Spec, opts.Config)
	for i, name := range h.Names() {
		if name != "seed" && name != "t" {
			fmt.Fprintf(&b, "%s=%s\x00", name, h.ValueAt(i))
		}
	}
	return b.String()
}

// moduleSets numbers the module sets (Options.Modules) modules were reused from, so that two
// sets holding a trace module of the same name never share loaded modules.
var moduleSets = struct {
	sync.Mutex
	ids map[fs.FS]int
}{ids: map[fs.FS]int{}}

// moduleSetID numbers the module set fsys (0 for nil: the files named), or is -1 if fsys is of
// a type whose values cannot be compared (a map, such as fstest.MapFS): one such set cannot be
// told from another, so its modules are not reused.
func moduleSetID(fsys fs.FS) int {
	if fsys == nil {
		return 0
	}
	if !reflect.ValueOf(fsys).Comparable() {
		return -1
	}
	moduleSets.Lock()
	defer moduleSets.Unlock()
	id, ok := moduleSets.ids[fsys]
	if !ok {
		id = len(moduleSets.ids) + 1
		moduleSets.ids[fsys] = id
	}
	return id
}

func (p *modulePool) take(key string) *module {
	p.Lock()
	defer p.Unlock()
	ms := p.idle[key]
	if len(ms) == 0 {
		return nil
	}
	m := ms[len(ms)-1]
	p.idle[key] = ms[:len(ms)-1]
	return m
}

func (p *modulePool) put(key string, m *module) {
	p.Lock()
	defer p.Unlock()
	if _, ok := p.idle[key]; !ok && len(p.idle) >= maxKeys {
		for k := range p.idle { // forget some other trace shape
			delete(p.idle, k)
			break
		}
	}
	if len(p.idle[key]) < maxIdle {
		p.idle[key] = append(p.idle[key], m)
	}
}
