package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// LoadError is a specification or configuration that cannot be loaded: a parse error, an unknown
// name in the configuration, an unsupported configuration feature. `dsref check` exits with 150.
type LoadError struct {
	Err error
	// Exit is the exit status TLC ends such a run with, where it is not ERROR_SPEC_PARSE (150,
	// the default when 0): TLC's EC.ExitStatus.errorConstantToExitStatus gives ERROR_CONFIG_PARSE
	// (151) for the configuration's errors (TLC_CONFIG_SPECIFIED_NOT_DEFINED,
	// TLC_CONFIG_PROPERTY_NOT_CORRECTLY_DEFINED, TLC_CANT_HANDLE_CONJUNCT, ...) and
	// FAILURE_SAFETY_EVAL (76) for an invariant that is not a state predicate
	// (TLC_INVARIANT_VIOLATED_LEVEL).
	Exit int
}

// ExitCode is the exit status of a run that stopped on e.
func (e *LoadError) ExitCode() int {
	if e.Exit == 0 {
		return ExitSpecParse
	}
	return e.Exit
}

func (e *LoadError) Error() string { return e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }

func loadErrorf(format string, args ...any) error {
	return &LoadError{Err: fmt.Errorf(format, args...)}
}

// configErrorf is loadErrorf for an error TLC reports as the configuration's, exit 151.
func configErrorf(format string, args ...any) error {
	return &LoadError{Err: fmt.Errorf(format, args...), Exit: ExitConfigParse}
}

// Check model-checks the specification in specPath (its folder is searched for the modules it
// extends and instantiates) under the configuration conf. A violation is reported in the Result,
// not as an error; the error is for specifications that do not load or cannot be evaluated. With
// opts.Out set, the TLC-style report is written there too.
func Check(ctx context.Context, specPath string, conf *cfg.Config, opts Options) (Result, error) {
	m, err := loadModelSeeded(specPath, nil, conf, eval.Options{}, opts.Seed)
	if err != nil {
		return Result{}, err
	}
	res, err := m.run(ctx, conf, opts)
	res.Warnings = append(res.Warnings, m.spec.Warnings...)
	if o := m.spec.InternOrder(); err == nil && o != nil && value.CurrentOrder() != o {
		// Values built after the other load are ordered otherwise than those built before:
		// sets searched by halves miss their elements, and the run's figures are not TLC's.
		err = fmt.Errorf("%s: another specification was loaded in this process while this one was checked; "+
			"the order of strings, record fields and model values is global to the process (TLC's intern table), "+
			"so a process checks one specification at a time", specPath)
	}
	if errors.Is(err, eval.ErrInterrupted) && ctx.Err() != nil {
		// Cancelling the run interrupts the evaluations in progress; the error they fail with is
		// the cancellation, not an error of the specification.
		err = ctx.Err()
	}
	if err != nil {
		if opts.Out != nil {
			WriteErrorReport(opts.Out, res, err)
		}
		return res, err
	}
	if opts.Out != nil {
		WriteReport(opts.Out, res)
	}
	return res, nil
}

// WriteError prints an evaluation error as TLC does, with the behavior that led to it.
func WriteError(w io.Writer, err error) {
	fmt.Fprintf(w, "Error: %v\n", err)
	var ee *EvalError
	if errors.As(err, &ee) && len(ee.Trace) > 0 {
		if ee.Checking {
			fmt.Fprintln(w, "The error occurred when TLC was checking the last state of:")
		} else {
			fmt.Fprintln(w, "The error occurred when TLC was evaluating the successors of the last state of:")
		}
		writeBehavior(w, ee.Trace)
	}
}

// WriteErrorReport prints an evaluation error as WriteError does and, for an error found while
// generating or exploring the states of a model-checking run, the statistics up to it, as TLC
// does: its ModelChecker.modelCheck prints its summary after an exception computing the initial
// states (printSummary before returning) and in a finally block once the search has begun, so
// a failed evaluation reports the states generated, found and queued, and the depth (TLC's test
// Github317: an error evaluating a fairness condition's ENABLED at the initial state, "2 states
// generated, 2 distinct states found, 1 states left on queue", depth 2). Errors before the
// states (loading, ASSUME) print none, and a simulation prints its own.
func WriteErrorReport(w io.Writer, res Result, err error) {
	WriteError(w, err)
	var ee *EvalError
	if !errors.As(err, &ee) || res.Mode == Simulate {
		return
	}
	WriteCoverage(w, res.Coverage, time.Now(), res.Elapsed)
	fmt.Fprintf(w, "%d states generated, %d distinct states found, %d states left on queue.\n", res.Generated, res.Distinct, res.Left)
	fmt.Fprintf(w, "The depth of the complete state graph search is %d.\n", res.Depth)
}

// namedExpr is a formula named in the configuration, with the scope to evaluate it in.
type namedExpr struct {
	name string
	// tlcName is the name TLC gives a conjunct of a PROPERTY (see conjunctsNamed), and fromForall
	// marks a part of a \A this engine split, which TLC does not (see forallConjuncts).
	tlcName    string
	fromForall bool
	// kind says what the configuration names it as ("invariant", "property", ...), for errors.
	kind string
	x    ast.Expr
	sc   *eval.Scope
	// stutter, for a step property [A]_v, is UNCHANGED v: a step satisfying it satisfies the
	// property without evaluating A, which for a refinement mapping is the expensive part.
	stutter ast.Expr
	// via names the definitions without arguments expanded to reach this conjunct of a
	// SPECIFICATION or PROPERTY, outermost first (the configuration's name itself included),
	// as the stack of TLC's SpecProcessor.processConfigSpec holds them.
	via []string
}

// tlaModel is a TLA+ specification with its configuration, ready for the search engines.
type tlaModel struct {
	spec     *eval.Spec
	names    []string
	varIndex map[string]int
	root     *eval.Scope

	init []namedExpr // conjuncts of the initial predicate
	next namedExpr

	invariants        []namedExpr
	invariantReads    [][]int // per invariant, the variables it reads (see carriedInvariants)
	constraints       []namedExpr
	actionConstraints []namedExpr
	initProps         []namedExpr
	stepProps         []namedExpr
	// stepPropsOnRun is set when a step property may use TLCGet, TLCSet, JavaTime or
	// RandomElement, whose answers depend on when it is evaluated: it is then evaluated on
	// every step generated, as TLC does, a step generated again included (see stepProperty).
	stepPropsOnRun bool
	// fairness are the temporal conjuncts of the SPECIFICATION, liveChecks those of the
	// PROPERTIES, and live the plan for checking the latter under the former (nil without
	// any).
	fairness      []namedExpr
	liveChecks    []namedExpr
	live          *livePlan
	view          *namedExpr
	alias         *namedExpr
	postcondition *namedExpr
	symmetry      []*permutation
	symOnce       sync.Once
	done          <-chan struct{} // interrupts evaluations when the run is cancelled
	print         func(line string)
	symOrder      []int
	// loading is the session the model is split with at load time; the scopes it unfolds are
	// kept for the whole run.
	loading *eval.Session

	// constantOnly is set for a configuration without SPECIFICATION, INIT or NEXT of a
	// specification without variables: only the assumptions are checked.
	constantOnly bool
	// info answers TLCGet and TLCSet about the run; registers are the TLCSet registers the
	// assumptions set, which every worker starts with.
	info      runInfo
	registers map[int64]value.Value
	named     map[string]value.Value
	// searchWorkers are the search's workers (see searchWorker): after the search, evaluations
	// outside them (POSTCONDITION) read the first one's registers, as TLC's main thread reads
	// its first worker's (TLCGetSet.TLCGetEval: mainChecker.getValue(0, i), or the simulator's).
	searchWorkers []*tlaWorker
	// rand makes the random choices of the evaluations outside the workers (the load-time
	// session, ASSUME, POSTCONDITION; see randomSource), from the seed randSeed.
	rand     func(n int) int
	randSeed int64

	// declared is the behavior specification as the configuration names it, for TLCGet("spec").
	declared struct{ spec, init, next *namedExpr }
	tlcSpec  struct {
		once  sync.Once
		v     value.Value
		inits []value.Value
		err   error
	}

	// parts are the initial predicates and actions TLC splits the specification into, split once
	// (see splitParts); defsByBody maps definitions' bodies to them (see declarationLocation).
	partsOnce  sync.Once
	parts      struct{ inits, actions []splitPart }
	defsOnce   sync.Once
	defsByBody map[ast.Expr]*ast.OpDef

	actMu    sync.RWMutex
	actions  []actionDesc
	actionIx map[actionKey]int
	// splitConsts holds the values the workers' enumerators evaluate once for the whole run
	// where the next-state relation is split into actions (see enumerator.constBounds and
	// actionLabel): the first evaluation's, for every worker, as TLC's getActions evaluates
	// them once, when it starts (RandomElement's choice included).
	splitConsts sync.Map
}

type actionDesc struct {
	name, where string
	x           ast.Expr // the action's expression, for TLCGet("action")
	// params names the parameters of the definition the action applies, args their values,
	// when TLC's Action.getParameters has them (the action was split out of the next-state
	// relation with constant arguments); nil otherwise.
	params []string
	args   []value.Value
	// ord is the action's position among TLC's actions in a simulation, -1 elsewhere (see
	// enumerator.actionIndex).
	ord int
}

// actionParams returns the parameters of action i and their values (see actionDesc).
func (m *tlaModel) actionParams(i int) ([]string, []value.Value) {
	m.actMu.RLock()
	defer m.actMu.RUnlock()
	if i < 0 || i >= len(m.actions) {
		return nil, nil
	}
	return m.actions[i].params, m.actions[i].args
}

func (m *tlaModel) vars() []string { return m.names }

func (m *tlaModel) isVariable(name string) bool {
	_, ok := m.varIndex[name]
	return ok
}

func (m *tlaModel) action(i int) (string, string) {
	m.actMu.RLock()
	defer m.actMu.RUnlock()
	if i < 0 || i >= len(m.actions) {
		return "Next", ""
	}
	return m.actions[i].name, m.actions[i].where
}

// actionKey identifies an action by its name and the position of its body, and in a simulation
// by its position among TLC's actions too (see enumerator.actionIndex).
type actionKey struct {
	name   string
	file   string
	offset int
	ord    int
}

// registerAction numbers the action key identifies (see actionKey) whose expression is x; params
// names the parameters of the definition its label applies to the values args, when it has them
// (see actionParams).
func (m *tlaModel) registerAction(key actionKey, x ast.Expr, params []string, args []value.Value) int {
	label, pos := key.name, x.Position()
	m.actMu.RLock()
	ix, ok := m.actionIx[key]
	m.actMu.RUnlock()
	if ok {
		return ix
	}
	m.actMu.Lock()
	defer m.actMu.Unlock()
	if ix, ok := m.actionIx[key]; ok {
		return ix
	}
	m.actions = append(m.actions, actionDesc{name: label, where: ast.Location(x, m.spec.ModuleOf(pos)), x: x, params: params, args: args, ord: key.ord})
	m.actionIx[key] = len(m.actions) - 1
	return len(m.actions) - 1
}

// readsNoVars reports whether x is a literal that cannot read a variable (a fast path for Init).
func (m *tlaModel) readsNoVars(x ast.Expr) bool {
	switch ast.Unparen(x).(type) {
	case *ast.Num, *ast.String, *ast.Bool:
		return true
	}
	return false
}

// loadModel loads the specification and resolves every name the configuration mentions.
func loadModel(specPath string, conf *cfg.Config) (*tlaModel, error) {
	return loadModelWith(specPath, nil, conf, eval.Options{})
}

// loadModelWith is loadModel for a module given as source text when src is not nil, with base
// supplying the load options other than the constants (embedded modules, environment).
func loadModelWith(specPath string, src []byte, conf *cfg.Config, base eval.Options) (*tlaModel, error) {
	return loadModelSeeded(specPath, src, conf, base, 0)
}

// loadModelSeeded is loadModelWith for a run with the given seed (Options.Seed): the load-time
// session draws from the run's random source, as TLC evaluates the definitions it evaluates
// when it starts (a constant choosing at random that a PROPERTY quantifies over, say) with its
// seeded generator; the value drawn is the run's (see eval.Context.Rand).
func loadModelSeeded(specPath string, src []byte, conf *cfg.Config, base eval.Options, seed int64) (*tlaModel, error) {
	consts, err := constantsOf(conf)
	if err != nil {
		return nil, err
	}
	base.Constants = consts
	base.ConfigNames = configNames(conf)
	var spec *eval.Spec
	if src != nil {
		spec, err = eval.LoadSource(specPath, src, base)
	} else {
		spec, err = eval.LoadFile(specPath, base)
	}
	if err != nil {
		return nil, &LoadError{Err: err}
	}
	if missing := spec.MissingConstants(); len(missing) > 0 {
		return nil, configErrorf("%s: the configuration gives no value to constant(s) %s", conf.File, strings.Join(missing, ", "))
	}
	if err := checkLevels(spec, specPath, conf); err != nil {
		return nil, err
	}
	m := &tlaModel{spec: spec, names: spec.Variables, varIndex: map[string]int{}, root: spec.RootScope(), actionIx: map[actionKey]int{}}
	m.rand, m.randSeed = lockedRandom(seed), seed
	m.loading = spec.NewSession(&eval.Context{Rand: m.rand})
	m.loading.FixRandomConstants()
	defer func() {
		m.loading.Close()
		m.loading = nil
	}()
	for i, v := range spec.Variables {
		m.varIndex[v] = i
	}
	named := func(n cfg.Name, what string) (namedExpr, error) {
		if !defined(spec, n.Name) {
			return namedExpr{}, configErrorf("%s: %s %s is not defined in the specification", n.Pos, what, n.Name)
		}
		kind := strings.ToLower(strings.ReplaceAll(what, "_", " "))
		return namedExpr{name: n.Name, kind: kind, x: &ast.Ident{Pos: ast.LinePos(n.Pos.File, n.Pos.Line, n.Pos.Col), Name: n.Name}, sc: m.root}, nil
	}
	switch {
	case conf.Specification != nil && len(spec.Variables) == 0:
		// A specification without variables has no state to explore: TLC checks its
		// assumptions and reports 0 states (its BagsTest: SPECIFICATION [][TRUE]_<<>>, no
		// initial predicate, "0 states generated, 0 distinct states found, 0 states left on
		// queue").
		if _, err := named(*conf.Specification, "SPECIFICATION"); err != nil {
			return nil, err
		}
		m.constantOnly = true
	case conf.Specification != nil:
		sp, err := named(*conf.Specification, "SPECIFICATION")
		if err != nil {
			return nil, err
		}
		if err := m.splitSpecification(sp); err != nil {
			return nil, err
		}
		m.declared.spec = &sp
	case conf.Init != nil:
		in, err := named(*conf.Init, "INIT")
		if err != nil {
			return nil, err
		}
		nx, err := named(*conf.Next, "NEXT")
		if err != nil {
			return nil, err
		}
		m.init, m.next = []namedExpr{in}, nx
		m.declared.init, m.declared.next = &in, &nx
	case len(spec.Variables) > 0:
		return nil, loadErrorf("%s: the configuration names neither SPECIFICATION nor INIT and NEXT, and the specification declares variable(s) %s", conf.File, strings.Join(spec.Variables, ", "))
	case len(conf.Invariants) > 0 || len(conf.Properties) > 0:
		return nil, loadErrorf("%s: the configuration names invariants or properties but neither SPECIFICATION nor INIT and NEXT", conf.File)
	default:
		// A constant specification: as TLC does, only its assumptions are checked (and what they
		// print is printed), and no state is explored.
		m.constantOnly = true
	}
	lists := []struct {
		names []cfg.Name
		what  string
		dst   *[]namedExpr
	}{
		{conf.Invariants, "INVARIANT", &m.invariants},
		{conf.Constraints, "CONSTRAINT", &m.constraints},
		{conf.ActionConstraints, "ACTION_CONSTRAINT", &m.actionConstraints},
	}
	for _, l := range lists {
		for _, n := range l.names {
			e, err := named(n, l.what)
			if err != nil {
				return nil, err
			}
			*l.dst = append(*l.dst, e)
		}
	}
	for _, n := range conf.Properties {
		e, err := named(n, "PROPERTY")
		if err != nil {
			return nil, err
		}
		if err := m.classifyProperty(e); err != nil {
			return nil, err
		}
	}
	single := []struct {
		n    *cfg.Name
		what string
		dst  **namedExpr
	}{
		{conf.View, "VIEW", &m.view},
		{conf.Alias, "ALIAS", &m.alias},
		{conf.Postcondition, "POSTCONDITION", &m.postcondition},
	}
	for _, s := range single {
		if s.n != nil {
			e, err := named(*s.n, s.what)
			if err != nil {
				return nil, err
			}
			*s.dst = &e
		}
	}
	m.invariantReads = make([][]int, len(m.invariants))
	for i, e := range m.invariants {
		if vars, ok := m.spec.StateVariablesRead(e.x, e.sc); ok {
			m.invariantReads[i] = append([]int{}, vars...) // non-nil: known, perhaps empty
		}
	}
	if conf.Symmetry != nil {
		e, err := named(*conf.Symmetry, "SYMMETRY")
		if err != nil {
			return nil, err
		}
		if err := m.loadSymmetry(e); err != nil {
			return nil, err
		}
		if w := m.symmetrySetWarning(e); w != "" {
			spec.Warnings = append(spec.Warnings, w)
		}
	}
	if m.live, err = newLivePlan(&liveTranslator{spec: spec, ss: m.loading}, m.fairness, m.liveChecks); err != nil {
		return nil, err
	}
	if m.live != nil && len(m.live.props) > 0 {
		spec.Warnings = append(spec.Warnings, m.live.warnings(conf)...)
		if len(m.fairness) == 0 {
			m.live.stutterHint = stutterHint(spec, conf)
		}
	}
	spec.Warnings = append(spec.Warnings, constantInvariantWarnings(m, conf)...)
	if w := m.fairnessTautologyWarning(conf); w != "" {
		spec.Warnings = append(spec.Warnings, w)
	}
	return m, nil
}

// fairnessTautologyWarning is TLC's warning TLC_LIVE_FORMULA_AND_FAIRNESS_TAUTOLOGY, for a
// configuration whose one PROPERTY is the fairness of its SPECIFICATION, which the behaviors
// satisfy by definition. TLC's SpecProcessor.processConfigSpec records, for each temporal
// conjunct of the specification, the definition named as a PROPERTY that it was reached through
// (the operator applications expanded on the way, the specification's own definition not among
// them); the warning is printed when there is exactly one PROPERTY and every temporal conjunct
// was reached through it. TLC's tests Github1198a/b/c expect it (Spec == Init /\ [][Next]_b /\
// Live with PROPERTY Live and Live == WF_b(Next), Live == S1 /\ S2 with S2 == S1, or
// Live == \A i \in {1, 2} : WF_b(Next)), and Github1198d/f/h do not (Spec's conjunct
// \A i \in {1, 2} : Live does not expand Live; PROPERTY Live2 whose body is the fairness's
// too; no fairness).
func (m *tlaModel) fairnessTautologyWarning(conf *cfg.Config) string {
	if conf.Specification == nil || len(conf.Properties) != 1 || len(m.fairness) == 0 {
		return ""
	}
	prop := conf.Properties[0].Name
	for _, f := range m.fairness {
		if len(f.via) < 2 || !slices.Contains(f.via[1:], prop) {
			return ""
		}
	}
	spec := conf.Specification.Name
	return fmt.Sprintf("Implied-temporal checking is a tautology.\nThe temporal formula %s at %s equals\n"+
		"the fairness constraints of the behavior specification %s at %s.\n"+
		"Therefore, checking whether %s => %s using TLC will never result in a violation of %s.",
		prop, m.definitionLocation(prop), spec, m.definitionLocation(spec), spec, prop, prop)
}

// definitionLocation is where the root module's definition name is, from its name to the end of
// its body, as TLC prints an OpDefNode's location; the name itself when it has no body.
func (m *tlaModel) definitionLocation(name string) string {
	op, ok := m.spec.Definition(name)
	if !ok || op.Body() == nil || !op.Pos.IsValid() {
		return name
	}
	module := m.spec.ModuleOf(op.Pos)
	line, col, ok := op.Body().Position().EndPosition()
	if !ok {
		return ast.Location(op.Body(), module)
	}
	return fmt.Sprintf("line %d, col %d to line %d, col %d of module %s", op.Pos.Line(), op.Pos.Col(), line, col, module)
}

// constantsOf converts the configuration's CONSTANT entries for the evaluator. A module-scoped
// entry `C = [M] v` or `C <- [M] D` keeps its module: the evaluator applies it to C as seen inside
// M (the same as the unscoped entry when M is the root module) and reports a module the root
// neither extends nor instantiates, with the entry's position.
func constantsOf(conf *cfg.Config) ([]eval.Constant, error) {
	var out []eval.Constant
	tables := map[[2]string]int{} // an operator's table, by module and name: its index in out
	for _, c := range conf.Constants {
		k := eval.Constant{Name: c.Name.Name, Module: c.Module, Source: c.Name.Pos.String()}
		switch {
		case c.Args != nil:
			// F(a1, ..., an) = v: a line of F's table, gathered in the order written
			// (SpecProcessor.makeConstantTable).
			line := eval.TableLine{Args: make([]value.Value, len(c.Args))}
			for i, a := range append(append([]cfg.Value(nil), c.Args...), c.Value) {
				v, err := cfgValue(a)
				if err != nil {
					return nil, loadErrorf("%s: the value of %s: %v", c.Name.Pos, c.Name.Name, err)
				}
				if i < len(c.Args) {
					line.Args[i] = v
				} else {
					line.Value = v
				}
			}
			key := [2]string{c.Module, c.Name.Name}
			if i, ok := tables[key]; ok {
				out[i].Table = append(out[i].Table, line)
				continue
			}
			tables[key] = len(out)
			k.Table = []eval.TableLine{line}
		case c.Kind == cfg.Assign:
			v, err := cfgValue(c.Value)
			if err != nil {
				return nil, loadErrorf("%s: the value of %s: %v", c.Name.Pos, c.Name.Name, err)
			}
			k.Value = v
		case c.Kind == cfg.Substitute:
			k.Substitute = c.Target.Name
		}
		out = append(out, k)
	}
	return out, nil
}

// configNames are the model values and strings of conf's CONSTANT entries in the order written,
// which TLC interns first: its Spec constructor parses the configuration (ModelConfig.parse, which
// makes their ModelValues and StringValues) before SANY parses the specification.
func configNames(conf *cfg.Config) []string {
	var names []string
	var walk func(v cfg.Value)
	walk = func(v cfg.Value) {
		switch v := v.(type) {
		case cfg.Str:
			names = append(names, v.V)
		case cfg.ModelValue:
			names = append(names, v.Name)
		case cfg.Set:
			for _, e := range v.Elems {
				walk(e)
			}
		case cfg.Tuple:
			for _, e := range v.Elems {
				walk(e)
			}
		}
	}
	for _, c := range conf.Constants {
		if c.Kind == cfg.Assign {
			walk(c.Value)
		}
	}
	return names
}

func cfgValue(v cfg.Value) (value.Value, error) {
	switch v := v.(type) {
	case cfg.Int:
		return value.MakeInt(v.V, "the configuration value "+v.String())
	case cfg.Str:
		return value.Str(v.V), nil
	case cfg.Bool:
		return value.Bool(v.V), nil
	case cfg.ModelValue:
		return value.ModelValue{Name: v.Name}, nil
	case cfg.Set:
		elems := make([]value.Value, len(v.Elems))
		for i, e := range v.Elems {
			ev, err := cfgValue(e)
			if err != nil {
				return nil, err
			}
			elems[i] = ev
		}
		return value.NewSet(elems...)
	case cfg.Tuple:
		t := make(value.Tuple, len(v.Elems))
		for i, e := range v.Elems {
			ev, err := cfgValue(e)
			if err != nil {
				return nil, err
			}
			t[i] = ev
		}
		return t, nil
	}
	return nil, fmt.Errorf("unsupported value %v", v)
}

// conjuncts expands x through definitions and splits it into its top-level conjuncts.
func (m *tlaModel) conjuncts(x ast.Expr, sc *eval.Scope, out []namedExpr, name string) ([]namedExpr, error) {
	return m.conjunctsNamed(x, sc, out, name, name)
}

// conjunctsNamed is conjuncts, naming each conjunct also as TLC names the parts of a PROPERTY
// (SpecProcessor.processConfigProps) in tlcName: after the innermost definition without
// parameters the conjunct was reached through (PROPERTY Prop with Prop == Safe /\ Live names
// the parts of Safe Safe), or, for a conjunct of a conjunction written out, after its location
// ("line 5, col 9 to line 5, col 18 of module M", SemanticNode.toString) until a definition
// names it again.
func (m *tlaModel) conjunctsNamed(x ast.Expr, sc *eval.Scope, out []namedExpr, name, tlc string) ([]namedExpr, error) {
	return m.conjunctsVia(x, sc, out, name, tlc, nil)
}

// conjunctsVia is conjunctsNamed, via naming the definitions expanded to reach x.
func (m *tlaModel) conjunctsVia(x ast.Expr, sc *eval.Scope, out []namedExpr, name, tlc string, via []string) ([]namedExpr, error) {
	switch y := ast.Unparen(x).(type) {
	case *ast.Junction:
		if y.Kind == ast.And {
			for _, it := range y.Items {
				var err error
				if out, err = m.conjunctsVia(it, sc, out, name, m.location(it), via); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	case *ast.InfixExpr:
		if y.Op == "/\\" {
			var err error
			if out, err = m.conjunctsVia(y.L, sc, out, name, m.location(y.L), via); err != nil {
				return nil, err
			}
			return m.conjunctsVia(y.R, sc, out, name, m.location(y.R), via)
		}
	case *ast.Ident, *ast.OpApp, *ast.Subexpr:
		if constant, err := m.constantConjunct(y, sc); err != nil || constant {
			if err != nil {
				return nil, err
			}
			return append(out, namedExpr{name: name, x: x, sc: sc, via: via}), nil
		}
		if app, ok := y.(*ast.OpApp); ok && len(app.Args) > 0 && !m.spec.InRootModule(sc) {
			// TLC's processConfigProps and processConfigSpec expand a definition applied to
			// arguments only while no INSTANCE substitution was entered (subs.isEmpty()): inside
			// an instance the application is one conjunct, of its level (TLC's Github1161:
			// PROPERTY P with P == abs!Double(RecViolated, s), Double(ns(_), a) ==
			// Property(ns, a) and Property(ns(_), a) == [](ns(a)) is a temporal property,
			// violated "Temporal property P was violated", not the invariant ns(a)).
			break
		}
		// One definition at a time, so that the rule above applies at each.
		n, body, inner, ok, err := expandOp(m.spec, m.loading, y, sc, true)
		if err != nil {
			return nil, &LoadError{Err: err}
		}
		if ok {
			if name == "" {
				name = n
			}
			if _, isIdent := y.(*ast.Ident); isIdent {
				tlc = n
				via = append(via[:len(via):len(via)], n)
			}
			return m.conjunctsVia(body, inner, out, name, tlc, via)
		}
	}
	return append(out, namedExpr{name: name, tlcName: tlc, x: x, sc: sc, via: via}), nil
}

// location is x's location as TLC prints a formula's (SemanticNode.toString).
func (m *tlaModel) location(x ast.Expr) string {
	return ast.Location(x, m.spec.ModuleOf(x.Position()))
}

// temporalKind classifies a conjunct of a specification or property.
type temporalKind int

const (
	statePredicate temporalKind = iota
	boxAction                   // [][A]_v
	boxState                    // []P with P a state predicate
	liveness                    // fairness, <>, ~>, and other temporal formulas
)

func (m *tlaModel) classify(x ast.Expr, sc *eval.Scope) (temporalKind, ast.Expr) {
	if y, ok := ast.Unparen(x).(*ast.PrefixExpr); ok && y.Op == "[]" {
		inner := ast.Unparen(y.X)
		if _, ok := inner.(*ast.BoxAction); ok {
			return boxAction, inner
		}
		if m.spec.Level(inner, sc) <= semantic.StateLevel {
			return boxState, inner
		}
		return liveness, x
	}
	if m.spec.Level(x, sc) == semantic.TemporalLevel {
		return liveness, x
	}
	return statePredicate, x
}

// splitSpecification extracts Init, Next and vars from Init /\ [][Next]_vars /\ fairness, as
// TLC's processConfigSpec does: every other conjunct of the temporal level (WF_, SF_, and also
// []P or <>P) constrains the behaviors liveness is checked on, and is kept in m.fairness.
func (m *tlaModel) splitSpecification(sp namedExpr) error {
	parts, err := m.conjuncts(sp.x, sp.sc, nil, "")
	if err != nil {
		return err
	}
	found := false
	for _, p := range parts {
		kind, x := m.classify(p.x, p.sc)
		switch kind {
		case statePredicate:
			if m.spec.Level(x, p.sc) == semantic.ActionLevel {
				// An action outside [][A]_v (Spec == Init /\ Next, as pingcap's RaftEngineHedge
				// writes it) is neither an initial predicate nor a temporal formula: TLC's
				// processConfigSpec stops at it with TLC_CANT_HANDLE_CONJUNCT, printing the
				// conjunct as SemanticNode.toString does, its location.
				return configErrorf("%s: SPECIFICATION %s: TLC cannot handle this conjunct of the spec:\n%s", sp.x.Position(), sp.name, m.location(x))
			}
			m.init = append(m.init, p)
		case boxAction:
			if found {
				return loadErrorf("%s: SPECIFICATION %s has more than one [][Next]_vars conjunct", p.x.Position(), sp.name)
			}
			found = true
			m.next = namedExpr{name: "Next", x: x.(*ast.BoxAction).Action, sc: p.sc}
		case liveness, boxState:
			// Fairness (and any other temporal conjunct) matters only for liveness: TLC does
			// not assume []P of the specification when it checks safety either.
			p.x = x
			if kind == boxState {
				switch x.(type) {
				case *ast.Let, *ast.Label:
					// Not an OpApplNode, which TLC's check below is confined to: the conjunct
					// is one of the temporal formulas (temporalVec).
				default:
					// TLC's processConfigSpec refuses []P with P of the constant or state
					// level (Spec == Init /\ [][Next]_v /\ []TypeOK):
					// Assert.fail(EC.TLC_LIVE_CANNOT_HANDLE_FORMULA, boxArg.toString()), the
					// location of P.
					return loadErrorf("%s: SPECIFICATION %s: TLC cannot handle the temporal formula %s", x.Position(), sp.name, m.location(x))
				}
				p.x = &ast.PrefixExpr{Pos: p.x.Position(), Op: "[]", X: x}
			}
			m.fairness = append(m.fairness, p)
		}
	}
	if !found {
		return loadErrorf("%s: SPECIFICATION %s has no [][Next]_vars conjunct", sp.x.Position(), sp.name)
	}
	if len(m.init) == 0 {
		return loadErrorf("%s: SPECIFICATION %s has no initial predicate", sp.x.Position(), sp.name)
	}
	return nil
}

// constantConjunct reports whether x, a conjunct of a SPECIFICATION or PROPERTY, names a
// definition without arguments of constant level (semantic level 0; through an instance too,
// ModInsanityCheck == Z7(7)!$$(5,9) > 7), whose value TLC computed when it started and which its
// processConfigSpec and processConfigProps take as a value, not expanded: FALSE makes "the spec
// trivially false" (TLC_CONFIG_SPEC_IS_TRIVIAL; TLC's test Github687specD expects it for
// SpecD == Z7(7)!Spec /\ ModInsanityCheck), and any other value than TRUE cannot be used
// (TLC_CONFIG_OP_IS_EQUAL); both are errors. A definition that fails to evaluate is left to be
// expanded, its error reported where it is evaluated.
func (m *tlaModel) constantConjunct(x ast.Expr, sc *eval.Scope) (bool, error) {
	var name string
	switch y := x.(type) {
	case *ast.Ident:
		name = y.Name
	case *ast.OpApp:
		if len(y.Args) > 0 || len(y.Prefix) > 0 {
			return false, nil
		}
		name = y.Name
	default:
		return false, nil
	}
	if op, ok := m.spec.Definition(name); !ok || op.Arity() != 0 || op.Body() == nil || !m.spec.InRootModule(sc) {
		return false, nil
	}
	if m.spec.Level(x, sc) != semantic.ConstantLevel {
		return false, nil
	}
	v, err := m.loading.Eval(x, sc)
	if err != nil {
		return false, nil
	}
	switch v {
	case value.True:
		return true, nil
	case value.False:
		return false, loadErrorf("%s: the spec is trivially false because %s is false", x.Position(), name)
	}
	return false, loadErrorf("%s: the operator %s, which equals %s, cannot be used as a spec or property", x.Position(), name, value.Abbrev(v))
}

// forallConjuncts replaces a conjunct \A x \in S : F of a PROPERTY, S constant and F temporal,
// by the conjuncts of F for each x in S when one of them is an initial predicate, [][A]_v or []P:
// \A n \in {2} : Inst(n)!Spec, with Spec == Init /\ [][Next]_v, is then checked as TLC checks
// it (its Github1134e test expects it to hold, 9 generated / 4 distinct), Init on the initial
// states and [][Next]_v on every step, where as one temporal formula its [][Next]_v is not of a
// form liveness checking takes. A quantifier over temporal formulas only is left whole, for the
// liveness checker, which takes the conjunction over S itself.
func (m *tlaModel) forallConjuncts(parts []namedExpr) ([]namedExpr, error) {
	var out []namedExpr
	for _, c := range parts {
		q, ok := ast.Unparen(c.x).(*ast.Quant)
		if !ok || q.Kind != ast.Forall || m.spec.Level(q, c.sc) != semantic.TemporalLevel || !m.constantBounds(q, c.sc) {
			out = append(out, c)
			continue
		}
		scopes, err := m.loading.Bindings(q.Bounds, c.sc)
		if err != nil {
			out = append(out, c)
			continue
		}
		var each []namedExpr
		for _, bsc := range scopes {
			if each, err = m.conjunctsNamed(q.Body, bsc, each, c.name, c.tlcName); err != nil {
				return nil, err
			}
		}
		if each, err = m.forallConjuncts(each); err != nil {
			return nil, err
		}
		split := false
		for _, e := range each {
			if kind, _ := m.classify(e.x, e.sc); kind != liveness {
				split = true
			}
		}
		if !split {
			out = append(out, c)
			continue
		}
		// TLC does not split \A (it checks the whole formula as one temporal property), so the
		// parts keep the name of the formula split.
		for i := range each {
			each[i].tlcName, each[i].fromForall = c.tlcName, true
		}
		out = append(out, each...)
	}
	return out, nil
}

// constantBounds reports whether every bound of q ranges over a constant set.
func (m *tlaModel) constantBounds(q *ast.Quant, sc *eval.Scope) bool {
	for _, b := range q.Bounds {
		if b.Set == nil || !m.spec.IsConstant(b.Set, sc) {
			return false
		}
	}
	return true
}

// classifyProperty sorts the conjuncts of a PROPERTY as TLC's processConfigProps does: state
// predicates are checked on the initial states, [][A]_v on every step, []P on every state; the
// rest are temporal properties, checked on the state graph once it is complete (see livePlan).
func (m *tlaModel) classifyProperty(p namedExpr) error {
	parts, err := m.conjuncts(p.x, p.sc, nil, "")
	if err != nil {
		return err
	}
	if parts, err = m.forallConjuncts(parts); err != nil {
		return err
	}
	for _, c := range parts {
		kind, x := m.classify(c.x, c.sc)
		// The safety parts are named as TLC names them (conjunctsNamed; an invariant []P with
		// P a name is named P), the temporal ones after the configuration's PROPERTY, which is
		// how TLC names a violated temporal property (its ChooseTableauSymmetryTestA:
		// "Temporal properties prop_144481269489929000 and AllReady were violated" for a
		// PROPERTY defined as another definition).
		c.name, c.kind = p.name, "property"
		if kind != liveness && c.tlcName != "" {
			c.name = c.tlcName
		}
		if id, ok := ast.Unparen(x).(*ast.Ident); ok && kind == boxState && !c.fromForall {
			c.name = id.Name
		}
		switch kind {
		case statePredicate:
			m.initProps = append(m.initProps, c)
		case boxAction:
			c.x = x
			box := x.(*ast.BoxAction)
			c.stutter = &ast.PrefixExpr{Pos: box.Pos, Op: "UNCHANGED", X: box.Sub}
			m.stepProps = append(m.stepProps, c)
			if m.spec.DependsOnRun(c.x, c.sc) {
				m.stepPropsOnRun = true
			}
		case boxState:
			c.x = x
			m.invariants = append(m.invariants, c)
		case liveness:
			m.liveChecks = append(m.liveChecks, c)
		}
	}
	return nil
}
