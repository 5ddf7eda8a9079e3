package check

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// enumerator generates the states an Init predicate or Next action allows, the way TLC's
// Tool.getInitStates and Tool.getNextStates do: disjunctions and \E split into alternatives;
// conjuncts are taken left to right; `x' = e` and `x' \in S` bind a primed variable at its first
// occurrence and are tested like any other conjunct afterwards; UNCHANGED binds each variable it
// names; IF, CASE and LET are followed into; definitions are expanded, and so is f[a] when f is a
// function TLC keeps lazy (a function definition or constructor: its body, with the bound name bound
// to a); \A and the right side of => are enumerated; every other conjunct is evaluated as a guard.
// In init mode the unprimed variables are the ones being bound.
type enumerator struct {
	spec    *eval.Spec
	m       *tlaModel
	init    bool
	cur     State         // the state being expanded (nil in init mode)
	partial []value.Value // the variables bound so far, nil when unbound
	bound   int           // how many variables of partial are bound
	ctx     eval.Context
	emit    func(State, int) error
	action  int // index of the action being enumerated (see asAction)
	// label is the name of the action being split out of the next-state relation, with the
	// values of its definition's parameters, as TLC prints it (Prepare(r1)); labeled is set
	// once the expression the action stands for has been reached, and the label is fixed.
	label   string
	labeled bool
	// labelApp, written in labelScope, is the application label names with its arguments'
	// values labelVals, when label has them (nil otherwise): registering the action, its
	// definition's parameters are looked up, for TLCExt!CounterExample (see actionIndex).
	labelApp   *ast.OpApp
	labelScope *eval.Scope
	labelVals  []value.Value
	// uncounted counts the states generated but not emitted (see compose), and composing the
	// compositions whose intermediate states are being enumerated.
	uncounted int64
	composing int
	// rejected counts, in init mode, the assignments of every variable that a conjunct after
	// them rejected, which TLC's -coverage reports (Tool.getInitStates's all-assigned path).
	rejected int64
	// entered counts the actions split out of the next-state relation entered so far (see
	// asAction): successors emitted while it keeps its value belong to one of TLC's actions.
	entered uint64
	// actions caches the model's action numbers, so that parallel workers do not contend on
	// the shared registry for every state.
	actions map[actionKey]int
	// appLabels caches the labels actionLabel gives each application (see appLabel), and
	// labelArgs and labelTuple hold the argument values it looks one up by, kept here so that
	// the look-up allocates nothing (they were 8% of the objects MCPaxos allocated).
	appLabels  map[*ast.OpApp]*appLabel
	labelArgs  [4]value.Value
	labelTuple value.Tuple
	// constLabels keeps the labels of the applications whose arguments have one value for
	// the whole run, evaluated once (see actionLabel).
	constLabels map[constLabelSite]constLabel
	// constSets keeps the elements of the sets of the \E the next-state relation is split
	// over that have one value for the whole run, evaluated once (see constBounds).
	constSets map[constBoundSite]map[*ast.Bound][]value.Value
	// conts holds the continuations of the conjunctions being taken, allocated as a stack: a
	// continuation lives only while the conjunct before it is being enumerated, and allocating
	// each one was a sixth of a model checker's allocations.
	conts contStack
	// onAction, when set, is called as each action split out of the next-state relation is
	// entered, with the definitions of the root module the way down to it went through (path,
	// their argument values in pathArgs): a liveness recorder takes the steps of a fairness
	// condition's action from the successors of the actions inside it (see liveDerivation).
	onAction func(path []actionPath, args []value.Value, whole bool)
	path     []actionPath
	pathArgs []value.Value
	// enabling is set when the enumerator decides ENABLED A: a successor need not assign every
	// variable (TLC's enabled does not require it either).
	enabling bool
	found    bool // ENABLED: a successor was found
	// pseudo holds, deciding ENABLED, the primed values bound to INSTANCE substitutions of
	// expressions (see eval.Spec.Substitution), answered through ctx.PrimedSubst.
	pseudo map[any]value.Value
	// angles holds, per <<A>>_v, the conjunction A /\ ~UNCHANGED v it is enumerated as.
	angles map[*ast.AngleAction][]ast.Expr
	// ss evaluates for the enumerator: the guards, expansions and quantifiers of one state share
	// an evaluator and its caches. It is reset for each state expanded; in init mode, whose state
	// grows as it is enumerated, before every evaluation (see evalCtx).
	ss *eval.Session
	// defs, when trackDefs is set (Stepper.TrackDefinitions), names the definitions whose bodies
	// the enumeration is inside: when a successor is emitted, those its step went through.
	trackDefs bool
	defs      []string
	// oneWitness, for a caller that needs the set of successors rather than TLC's count of
	// them (Stepper.OneWitness; the model checker never sets it), evaluates a quantified state
	// predicate met inside an action as a guard where TLC enumerates it: an \E or \A that reads
	// no primed variable generates no successor of its own, so each witness TLC counts would
	// yield the same successor again (see stateGuard).
	oneWitness bool
	// oneAction, when simulating, enumerates only the action numbered targetAction (actionOrd
	// counts the actions met; -1 enumerates none, to count them); shuffle, in TLC's generate
	// mode (Options.Generate), takes the alternatives of its disjunctions, the bindings of its
	// \E and the values of its x' \in S in a random order drawn from ctx.Rand, so that the first
	// successor emitted is a random one of that action (see tlaWorker.randomAction).
	oneAction, shuffle      bool
	actionOrd, targetAction int
	// expanding counts the definitions being expanded, to stop an infinite recursion.
	expanding int
	// levels remembers the levels stateGuard works out.
	levels eval.LevelCache
	// bindings holds the scopes of the \A being enumerated (see forall), innermost last.
	bindings []*eval.Scope
	// kept is the stack of the variables keep bound (see keep).
	kept []int
	// last is the successor finish emitted last, and spare a successor given back to be
	// filled again (tlaWorker.recycle): a search keeps a successor only if it is new, and most
	// are not (MCRaft generates eight for each distinct state), so reusing their slices spares
	// the model checker a sixth of what it allocates.
	last, spare State
}

// contStack allocates continuations in chunks that are reused once popped. Chunks never move, so
// a continuation's address stays valid while it is on the stack.
type contStack struct {
	chunks []*[contChunk]cont
	top    int
}

const contChunk = 64

// push returns a new continuation on the stack.
func (cs *contStack) push(x ast.Expr, sc *eval.Scope, next *cont) *cont {
	i := cs.top / contChunk
	if i == len(cs.chunks) {
		cs.chunks = append(cs.chunks, new([contChunk]cont))
	}
	k := &cs.chunks[i][cs.top%contChunk]
	*k = cont{x: x, sc: sc, next: next}
	cs.top++
	return k
}

// actionIndex numbers the action labelled label whose expression is x; ord is its position
// among the actions TLC splits the next-state relation into when a simulation walk counts them
// (see asAction), -1 otherwise.
func (en *enumerator) actionIndex(label string, x ast.Expr, ord int) int {
	pos := x.Position()
	key := actionKey{label, pos.File(), pos.Offset(), ord}
	if ix, ok := en.actions[key]; ok {
		return ix
	}
	if en.actions == nil {
		en.actions = map[actionKey]int{}
	}
	var params []string
	var args []value.Value
	if en.labelApp != nil {
		if names, err := en.ss.Parameters(en.labelApp, en.labelScope); err == nil && len(names) == len(en.labelVals) {
			params, args = names, en.labelVals
		}
	}
	ix := en.m.registerAction(key, x, params, args)
	en.actions[key] = ix
	return ix
}

// asAction enumerates x as the action TLC's Tool.getActions would split out of the next-state
// relation: x is the first expression on the way down from Next that is not a disjunction, an
// existential quantifier over constant sets, a LET or a definition applied to constant
// arguments (each of which only leads to actions), and the action is named by the last
// definition on that way, with its arguments' values, and located at x.
func (en *enumerator) asAction(x ast.Expr, sc *eval.Scope, k *cont) error {
	ord := -1
	if en.oneAction {
		// A simulation takes one action at a time (see tlaWorker.randomAction): the actions
		// are numbered in the order they are met, the same on every walk from the same state.
		ord = en.actionOrd
		en.actionOrd++
		if ord != en.targetAction {
			return nil
		}
	}
	outer, outerLabeled := en.action, en.labeled
	en.action, en.labeled = en.actionIndex(en.label, x, ord), true
	en.entered++
	if en.onAction != nil {
		en.onAction(en.path, en.pathArgs, k == nil)
	}
	err := en.gen(x, sc, k, false)
	en.action, en.labeled = outer, outerLabeled
	return err
}

// splitsActions reports whether TLC's getActions looks through x for actions (see asAction); a
// definition is decided where it is expanded.
func (en *enumerator) splitsActions(x ast.Expr, sc *eval.Scope) bool {
	switch x := x.(type) {
	case *ast.Paren, *ast.Label, *ast.Let, *ast.Ident, *ast.OpApp:
		return true
	case *ast.Junction:
		return x.Kind == ast.Or
	case *ast.InfixExpr:
		return x.Op == `\/`
	case *ast.Quant:
		if x.Kind != ast.Exists {
			return false
		}
		for _, b := range x.Bounds {
			if b.Set == nil || !en.spec.IsConstant(b.Set, sc) {
				return false
			}
		}
		return true
	}
	return false
}

// actionLabel is the label of the action a definition applied as x names: its name (N!Op for
// an instance's), with the values of its arguments if all of them are constant; ok is false if
// one is not, as TLC then takes the application itself as the action, labelled with the name
// alone (the label returned).
func (en *enumerator) actionLabel(name string, x ast.Expr, sc *eval.Scope) (string, []value.Value, bool) {
	app, isApp := x.(*ast.OpApp)
	if !isApp {
		return name, nil, true
	}
	al := en.appLabels[app]
	if al == nil {
		label := ""
		for _, step := range app.Prefix {
			label += step.Name + "!"
		}
		al = &appLabel{name: label + app.Name}
		if en.appLabels == nil {
			en.appLabels = map[*ast.OpApp]*appLabel{}
		}
		en.appLabels[app] = al
	}
	if len(app.Args) == 0 {
		return al.name, nil, true
	}
	// Arguments that have one value for the whole run are evaluated once, as TLC's getActions
	// evaluates them once: Github1445's Assign({s \in D : TRUE}) evaluated and fingerprinted
	// a set of 4,095 sets in each of its 49,162 states.
	site, closed := en.spec.ConstantSite(app.Args[0], sc)
	if closed {
		for _, a := range app.Args[1:] {
			if _, ok := en.spec.ConstantSite(a, sc); !ok {
				closed = false
				break
			}
		}
	}
	if closed {
		if l, ok := en.constLabels[constLabelSite{app, site}]; ok {
			en.labelTuple = l.args
			return l.label, l.args, true
		}
	}
	args := en.labelArgs[:0]
	for _, a := range app.Args {
		if !closed && !en.spec.IsConstant(a, sc) {
			return al.name, nil, false
		}
		v, err := en.ss.Eval(a, sc)
		if err != nil {
			return al.name, nil, false
		}
		args = append(args, v)
	}
	en.labelTuple = args
	label, kept := al.withArgs(&en.labelTuple)
	if closed {
		if en.constLabels == nil {
			en.constLabels = map[constLabelSite]constLabel{}
		}
		l := en.m.splitConst(constLabelSite{app, site}, constLabel{label: label, args: slices.Clone(args)}).(constLabel)
		en.constLabels[constLabelSite{app, site}] = l
		en.labelTuple = l.args
		label, kept = l.label, l.args
	}
	return label, kept, true
}

// constLabelSite identifies an application whose arguments have one value for the whole run
// (eval.Spec.ConstantSite of its first argument; the others are written in the same scope).
type constLabelSite struct {
	app  *ast.OpApp
	site eval.Site
}

// constLabel is the label actionLabel gave such an application, and its arguments' values.
type constLabel struct {
	label string
	args  []value.Value
}

// appLabel holds the labels actionLabel gave one application, per tuple of argument values:
// the next-state relation is split into actions in every state, mostly with the same values.
type appLabel struct {
	name   string // the definition's name, N!Op for an instance's
	labels map[uint64][]argLabel
}

type argLabel struct {
	args  []value.Value
	label string
}

// withArgs returns the label of the application with the argument values *hdr, name(v1,v2),
// and a copy of the values it keeps with the label (which stays as it is). It keeps neither hdr
// nor the slice it holds.
func (al *appLabel) withArgs(hdr *value.Tuple) (string, []value.Value) {
	args := *hdr
	fp, err := value.Fingerprint(value.TupleIn(hdr))
	cache := err == nil
	if cache {
	next:
		for _, l := range al.labels[fp] {
			for i, a := range l.args {
				eq, err := value.Equal(a, args[i])
				if err != nil {
					cache = false
				}
				if !eq {
					continue next
				}
			}
			return l.label, l.args
		}
	}
	strs := make([]string, len(args))
	for i, v := range args {
		strs[i] = v.String()
	}
	label := al.name + "(" + strings.Join(strs, ",") + ")"
	kept := slices.Clone([]value.Value(args))
	if cache {
		if al.labels == nil {
			al.labels = map[uint64][]argLabel{}
		}
		al.labels[fp] = append(al.labels[fp], argLabel{args: kept, label: label})
	}
	return label, kept
}

// labelFrame is the name the enumerator gives the action being split out (see enumerator.label
// and labelApp), saved while an inner definition names it.
type labelFrame struct {
	label string
	app   *ast.OpApp
	sc    *eval.Scope
	vals  []value.Value
}

func (en *enumerator) naming() labelFrame {
	return labelFrame{en.label, en.labelApp, en.labelScope, en.labelVals}
}

// name names the action being split out label, after app applied in sc to vals when label has
// argument values (app nil otherwise).
func (en *enumerator) name(label string, app *ast.OpApp, sc *eval.Scope, vals []value.Value) {
	en.label, en.labelApp, en.labelScope, en.labelVals = label, app, sc, vals
}

// cont is the list of conjuncts still to be taken after the current one.
type cont struct {
	x    ast.Expr
	sc   *eval.Scope
	next *cont
}

// errEnum marks an error already positioned and explained by the enumerator.
type enumError struct {
	pos ast.Pos
	msg string
}

func (e *enumError) Error() string { return e.pos.String() + ": " + e.msg }

// evalCtx points the session's context at the variables bound so far. In init mode they are the
// state, which changes as variables are bound, so the session forgets what it computed from the
// previous ones.
func (en *enumerator) evalCtx() {
	if en.init {
		en.ctx.State = en.partial
		en.ctx.Next = nil
		en.ss.Reset(&en.ctx)
	} else {
		en.ctx.State = en.cur
		en.ctx.Next = en.partial
	}
}

// guard evaluates x as a boolean in the current partial state.
func (en *enumerator) guard(x ast.Expr, sc *eval.Scope) (bool, error) {
	if en.init && en.unbound() >= 0 && !en.m.readsNoVars(x) {
		// Reading an unbound variable in Init is an error in TLC too; find which one first.
		if err := en.checkBoundFor(x); err != nil {
			return false, err
		}
	}
	v, err := en.eval(x, sc)
	if err != nil {
		return false, en.explain(err)
	}
	b, ok := v.(value.Bool)
	if !ok {
		return false, &enumError{pos: x.Position(), msg: fmt.Sprintf("expected a boolean in the action, got %s", value.Abbrev(v))}
	}
	return bool(b), nil
}

// eval evaluates x in the current partial state.
func (en *enumerator) eval(x ast.Expr, sc *eval.Scope) (value.Value, error) {
	en.evalCtx()
	return en.ss.Eval(x, sc)
}

func (en *enumerator) value(x ast.Expr, sc *eval.Scope) (value.Value, error) {
	if en.init && en.unbound() >= 0 && !en.m.readsNoVars(x) {
		if err := en.checkBoundFor(x); err != nil {
			return nil, err
		}
	}
	v, err := en.eval(x, sc)
	if err != nil {
		return nil, en.explain(err)
	}
	return v, nil
}

// checkBoundFor reports an error if x mentions an unbound variable directly. Indirect reads
// through definitions are caught by the evaluator.
func (en *enumerator) checkBoundFor(x ast.Expr) error {
	var bad *ast.Ident
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && bad == nil {
			if ix, ok := en.m.varIndex[id.Name]; ok && en.partial[ix] == nil {
				bad = id
			}
		}
		return bad == nil
	})
	if bad != nil {
		return &enumError{pos: bad.Pos, msg: fmt.Sprintf("the initial predicate reads variable %s before assigning it a value (write x = e or x \\in S first)", bad.Name)}
	}
	return nil
}

func (en *enumerator) explain(err error) error {
	var up *eval.UnboundPrimeError
	if errors.As(err, &up) {
		name, _ := en.m.action(en.action)
		return &enumError{pos: up.Pos, msg: fmt.Sprintf("in action %s, %s' is read before the action assigns it; TLC takes conjuncts left to right, so assign %s' first", name, up.Var, up.Var)}
	}
	return err
}

func (en *enumerator) unbound() int {
	for i, v := range en.partial {
		if v == nil {
			return i
		}
	}
	return -1
}

// finish is reached when every conjunct has been taken: the state must be complete.
func (en *enumerator) finish(pos ast.Pos) error {
	if en.enabling {
		return en.emit(nil, en.action)
	}
	if i := en.unbound(); i >= 0 {
		if en.init {
			return &enumError{pos: pos, msg: fmt.Sprintf("the initial predicate does not assign variable %s", en.m.names[i])}
		}
		name, _ := en.m.action(en.action)
		return &enumError{pos: pos, msg: fmt.Sprintf("successor state is not completely specified by action %s: variable %s is not assigned", name, en.m.names[i])}
	}
	st := en.spare
	en.spare = nil
	if len(st) != len(en.partial) {
		st = make(State, len(en.partial))
	}
	copy(st, en.partial)
	en.last = st
	return en.emit(st, en.action)
}

// proceed takes the conjuncts k. Once every variable is bound, TLC evaluates the conjuncts left
// as booleans instead of enumerating them (Tool.getNextStates0's all-assigned path, and
// getInitStates's): the successor is then generated once, however many ways \E, \/ or a
// definition could satisfy them.
func (en *enumerator) proceed(k *cont, pos ast.Pos) error {
	if k == nil {
		return en.finish(pos)
	}
	if en.bound < len(en.partial) {
		return en.gen(k.x, k.sc, k.next, true)
	}
	for ; k != nil; k = k.next {
		if ok, err := en.guard(k.x, k.sc); err != nil || !ok {
			if err == nil && en.init {
				en.rejected++
			}
			return err
		}
	}
	return en.finish(pos)
}

// pseudoVar reports, deciding ENABLED, whether x is an INSTANCE substitution of an expression,
// which TLC's enabled binds as it binds a variable.
func (en *enumerator) pseudoVar(x ast.Expr, sc *eval.Scope) (any, bool) {
	if !en.enabling {
		return nil, false
	}
	return en.spec.Substitution(x, sc)
}

// pseudoTarget is pseudoVar for x', when x' has no value yet.
func (en *enumerator) pseudoTarget(x ast.Expr, sc *eval.Scope) (any, bool) {
	p, ok := ast.Unparen(x).(*ast.PostfixExpr)
	if !ok || p.Op != "'" {
		return nil, false
	}
	key, ok := en.pseudoVar(p.X, sc)
	if !ok {
		return nil, false
	}
	if _, bound := en.pseudo[key]; bound {
		return nil, false
	}
	return key, true
}

// bindPseudo binds the substitution key's primed value to v for the rest of the conjuncts.
func (en *enumerator) bindPseudo(key any, v value.Value, k *cont, pos ast.Pos) error {
	en.pseudo[key] = v
	en.ss.Reset(&en.ctx) // evaluations cached before the binding may have read it unbound
	err := en.proceed(k, pos)
	delete(en.pseudo, key)
	en.ss.Reset(&en.ctx)
	return err
}

// bind assigns variable ix for the rest of the conjuncts, then unbinds it.
func (en *enumerator) bind(ix int, v value.Value, k *cont, pos ast.Pos) error {
	en.partial[ix] = v
	en.bound++
	err := en.proceed(k, pos)
	en.partial[ix] = nil
	en.bound--
	return err
}

// start begins enumerating with no variable bound. The buffer is reused from state to state:
// finish copies it.
func (en *enumerator) start() {
	if len(en.partial) != len(en.m.names) {
		en.partial = make([]value.Value, len(en.m.names))
	}
	clear(en.partial)
	en.bound = 0
}

// target returns the index of the variable x assigns: `v'` in next-state mode, `v` in init mode
// (looking through parentheses, operator parameters and INSTANCE substitutions).
func (en *enumerator) target(x ast.Expr, sc *eval.Scope) (int, bool) {
	x = ast.Unparen(x)
	if en.init {
		return en.spec.Variable(x, sc)
	}
	return en.spec.PrimedVariable(x, sc)
}

// gen enumerates the states satisfying x followed by the conjuncts k. inConj tells whether x is
// inside a conjunction already, after which definitions no longer name the action.
func (en *enumerator) gen(x ast.Expr, sc *eval.Scope, k *cont, inConj bool) error {
	if !inConj && !en.init && !en.labeled && !en.splitsActions(x, sc) {
		return en.asAction(x, sc, k)
	}
	if en.oneWitness && en.stateGuard(x, sc) {
		c, err := en.guard(x, sc)
		if err != nil || !c {
			return err
		}
		return en.proceed(k, x.Position())
	}
	switch x := x.(type) {
	case *ast.Paren:
		return en.gen(x.X, sc, k, inConj)
	case *ast.Label:
		return en.gen(x.X, sc, k, inConj)
	case *ast.Bool:
		if x.Value {
			return en.proceed(k, x.Pos)
		}
		return nil
	case *ast.Junction:
		if x.Kind == ast.And {
			return en.conj(x.Items, sc, k, inConj)
		}
		if en.shuffle && en.labeled {
			for _, i := range en.shuffled(len(x.Items)) {
				if err := en.gen(x.Items[i], sc, k, inConj); err != nil {
					return err
				}
			}
			return nil
		}
		for _, item := range x.Items {
			if err := en.gen(item, sc, k, inConj); err != nil {
				return err
			}
		}
		return nil
	case *ast.InfixExpr:
		switch x.Op {
		case "/\\":
			return en.conj([]ast.Expr{x.L, x.R}, sc, k, inConj)
		case "\\/":
			first, second := x.L, x.R
			if en.shuffle && en.labeled && en.ctx.Rand(2) == 1 {
				first, second = second, first
			}
			if err := en.gen(first, sc, k, inConj); err != nil {
				return err
			}
			return en.gen(second, sc, k, inConj)
		case `\cdot`:
			if !en.init {
				return en.compose(x, sc, k)
			}
		case "=":
			if ix, ok := en.target(x.L, sc); ok && en.partial[ix] == nil {
				v, err := en.value(x.R, sc)
				if err != nil {
					return err
				}
				return en.bind(ix, v, k, x.Pos)
			}
			if key, ok := en.pseudoTarget(x.L, sc); ok {
				v, err := en.value(x.R, sc)
				if err != nil {
					return err
				}
				return en.bindPseudo(key, v, k, x.Pos)
			}
		case "=>":
			// TLC enumerates Q in P => Q when P holds (Tool.getNextStates, OPCODE_implies), so
			// each way Q is satisfied is a successor of its own.
			c, err := en.guard(x.L, sc)
			if err != nil {
				return err
			}
			if c {
				return en.gen(x.R, sc, k, true)
			}
			return en.proceed(k, x.Pos)
		case "\\in":
			if ix, ok := en.target(x.L, sc); ok && en.partial[ix] == nil {
				s, err := en.value(x.R, sc)
				if err != nil {
					return err
				}
				elems, err := value.Enumerate(s)
				if err != nil {
					return &enumError{pos: x.R.Position(), msg: fmt.Sprintf("enumerating the values of %s: %v", exprName(x.L), err)}
				}
				vs := elems.Elems()
				if en.shuffle && en.labeled {
					for _, i := range en.shuffled(len(vs)) {
						if err := en.bind(ix, vs[i], k, x.Pos); err != nil {
							return err
						}
					}
					return nil
				}
				for _, v := range vs {
					if err := en.bind(ix, v, k, x.Pos); err != nil {
						return err
					}
				}
				return nil
			}
			if key, ok := en.pseudoTarget(x.L, sc); ok {
				s, err := en.value(x.R, sc)
				if err != nil {
					return err
				}
				elems, err := value.Enumerate(s)
				if err != nil {
					return &enumError{pos: x.R.Position(), msg: fmt.Sprintf("enumerating the values of %s: %v", exprName(x.L), err)}
				}
				for _, v := range elems.Elems() {
					if err := en.bindPseudo(key, v, k, x.Pos); err != nil {
						return err
					}
				}
				return nil
			}
		}
	case *ast.PrefixExpr:
		if x.Op == "UNCHANGED" && !en.init {
			return en.unchanged(x.X, sc, k, x.Pos)
		}
	case *ast.Quant:
		switch x.Kind {
		case ast.Exists:
			return en.exists(x, sc, k, inConj)
		case ast.Forall:
			return en.forall(x, sc, k)
		}
	case *ast.If:
		c, err := en.guard(x.Cond, sc)
		if err != nil {
			return err
		}
		if c {
			return en.gen(x.Then, sc, k, inConj)
		}
		return en.gen(x.Else, sc, k, inConj)
	case *ast.Case:
		for _, arm := range x.Arms {
			c, err := en.guard(arm.Cond, sc)
			if err != nil {
				return err
			}
			if c {
				return en.gen(arm.Value, sc, k, inConj)
			}
		}
		if x.Other != nil {
			return en.gen(x.Other, sc, k, inConj)
		}
		return &enumError{pos: x.Pos, msg: "no CASE arm applies and there is no OTHER"}
	case *ast.Let:
		// The definitions' frames are needed only until the body has been enumerated.
		mark := en.ss.Mark()
		inner, err := en.ss.EnterLet(x, sc)
		if err == nil {
			err = en.gen(x.Body, inner, k, inConj)
		}
		en.ss.Release(mark)
		return err
	case *ast.BoxAction:
		// [A]_v == A \/ UNCHANGED v
		if err := en.gen(x.Action, sc, k, inConj); err != nil {
			return err
		}
		return en.unchanged(x.Sub, sc, k, x.Pos)
	case *ast.AngleAction:
		// <<A>>_v == A /\ ~UNCHANGED v, built once per <<A>>_v: liveness decides ENABLED
		// <<A>>_v of every fairness condition in every state.
		conj, ok := en.angles[x]
		if !ok {
			neg := &ast.PrefixExpr{Pos: x.Pos, Op: "~", X: &ast.PrefixExpr{Pos: x.Pos, Op: "UNCHANGED", X: x.Sub}}
			conj = []ast.Expr{x.Action, neg}
			if en.angles == nil {
				en.angles = map[*ast.AngleAction][]ast.Expr{}
			}
			en.angles[x] = conj
		}
		return en.conj(conj, sc, k, inConj)
	case *ast.FuncApp:
		// TLC enumerates the body of a function it has not built as a table, applied to its
		// argument (getNextStates, OPCODE_fa): VoteProof's SafeAt(b, v) == LET SA[bb \in Ballot]
		// == ... \E Q \in Quorum : ... IN SA[b] counts one successor per quorum and ballot that
		// witness it. With oneWitness, a state-level application is a guard (see stateGuard).
		if en.oneWitness && !en.init && !en.enabling && !en.trackDefs && en.spec.LevelIn(x, sc, &en.levels) <= semantic.StateLevel {
			break
		}
		en.evalCtx()
		body, inner, ok, err := en.ss.UnfoldFuncApp(x, sc)
		if err != nil {
			return en.explain(err)
		}
		if ok {
			return en.gen(body, inner, k, inConj)
		}
	case *ast.Ident, *ast.OpApp, *ast.Subexpr:
		if !inConj && !en.init && !en.labeled {
			if name, ok := constantAction(en.spec, x); ok {
				// A constant definition is an action of its own, located at the reference.
				outer := en.naming()
				en.name(name, nil, nil, nil)
				err := en.asAction(x, sc, k)
				en.name(outer.label, outer.app, outer.sc, outer.vals)
				return err
			}
		}
		// The expansion's parameter frames are needed only until the body has been enumerated.
		mark := en.ss.Mark()
		// While the next-state relation is split into actions, one definition at a time: each
		// names the actions in its body (see expand). Not while definitions are tracked, whose
		// list names those a step went through as before.
		one := !inConj && !en.init && !en.labeled && !en.trackDefs
		name, body, inner, ok, err := expandOp(en.spec, en.ss, x, sc, one)
		if err != nil {
			en.ss.Release(mark)
			return err
		}
		if ok {
			if !en.trackDefs {
				return en.expand(x, name, body, inner, sc, k, inConj, mark)
			}
			en.defs = append(en.defs, name)
			err := en.expand(x, name, body, inner, sc, k, inConj, mark)
			en.defs = en.defs[:len(en.defs)-1]
			return err
		}
		en.ss.Release(mark)
		if !inConj && !en.init && !en.labeled {
			return en.asAction(x, sc, k)
		}
	}
	c, err := en.guard(x, sc)
	if err != nil || !c {
		return err
	}
	return en.proceed(k, x.Position())
}

// stateGuard reports, with oneWitness, whether x is an \E or \A, which TLC enumerates witness
// by witness, that is a state predicate: it reads no primed variable and has no UNCHANGED or
// action operator, through the definitions and arguments it refers to, so it binds no variable
// and every witness leads to the same successor. Evaluated as a guard, it yields that successor
// once (Paxos.tla's Preempted(b) == \E m \in msgs : m.bal > b /\ UNCHANGED vars, 8 witnesses
// per synod event). Not in the initial predicate, where the unprimed variables are the ones
// bound, nor while deciding ENABLED, nor while tracking definitions (each witness may go through
// others). \/ and => are left to TLC's rule: they rarely have two true sides, and working out
// their levels cost the Raft validation more than it saved.
func (en *enumerator) stateGuard(x ast.Expr, sc *eval.Scope) bool {
	if en.init || en.enabling || en.trackDefs {
		return false
	}
	switch x := x.(type) {
	case *ast.Quant:
		if x.Kind != ast.Exists && x.Kind != ast.Forall {
			return false
		}
	default:
		return false
	}
	return en.spec.LevelIn(x, sc, &en.levels) <= semantic.StateLevel
}

// expand enumerates body, the definition name that x applies expanded in scope inner, followed
// by the conjuncts k, then gives back the session's frames from mark on.
func (en *enumerator) expand(x ast.Expr, name string, body ast.Expr, inner, sc *eval.Scope, k *cont, inConj bool, mark eval.Mark) error {
	// A definition whose expansion comes back to itself without end (RECURSIVE A(_), A(i) ==
	// ... \/ A(i - 1)) is an error, as evaluating one is, not a stack exhausted.
	if en.expanding >= eval.DefaultMaxDepth {
		en.ss.Release(mark)
		return &enumError{pos: x.Position(), msg: fmt.Sprintf("expanding %s nests more than %d definitions: an infinite recursion?", name, eval.DefaultMaxDepth)}
	}
	en.expanding++
	defer func() { en.expanding-- }()
	if !inConj && !en.init && !en.labeled {
		// A definition reached on the way down from Next names the actions in its body;
		// the alternatives after it are named by the enclosing one again.
		label, vals, named := en.actionLabel(name, x, sc)
		if !named {
			// TLC's getActionsAppl: an application with an argument that is not constant
			// (or fails to evaluate) is an action itself, named after the definition it
			// applies (Action(this, next, con, (OpDefNode) opNode)), without parameters:
			// they are bound in the body, not where the action is.
			en.ss.Release(mark)
			outer := en.naming()
			en.name(label, nil, nil, nil)
			err := en.asAction(x, sc, k)
			en.name(outer.label, outer.app, outer.sc, outer.vals)
			return err
		}
		outer := en.naming()
		app, _ := x.(*ast.OpApp)
		en.name(label, app, sc, vals)
		npath, nargs := len(en.path), len(en.pathArgs)
		if en.onAction != nil {
			en.pushPath(x, body, sc)
		}
		err := en.gen(body, inner, k, inConj)
		en.path, en.pathArgs = en.path[:npath], en.pathArgs[:nargs]
		en.name(outer.label, outer.app, outer.sc, outer.vals)
		en.ss.Release(mark)
		return err
	}
	err := en.gen(body, inner, k, inConj)
	en.ss.Release(mark)
	return err
}

// actionPath is a definition of the root module that the way down from the next-state
// relation to an action went through, applied to constant arguments: its body (which identifies
// the definition) and its arguments' values, args[from:to] of the enumerator's pathArgs.
type actionPath struct {
	body     ast.Expr
	from, to int
}

// pushPath adds the definition x applies, whose body is body, to the path, if it is one of the
// root module applied without an instance's prefix: an INSTANCE's definitions evaluate with its
// substitutions, though their bodies may be the very expressions the root module has through
// EXTENDS. actionLabel has just put the values of x's arguments in labelTuple.
func (en *enumerator) pushPath(x, body ast.Expr, sc *eval.Scope) {
	if !en.spec.InRootModule(sc) {
		return
	}
	from := len(en.pathArgs)
	switch y := x.(type) {
	case *ast.Ident:
	case *ast.OpApp:
		if len(y.Prefix) > 0 {
			return
		}
		if len(y.Args) > 0 {
			en.pathArgs = append(en.pathArgs, en.labelTuple...)
		}
	default:
		return
	}
	en.path = append(en.path, actionPath{body: body, from: from, to: len(en.pathArgs)})
}

func exprName(x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.PostfixExpr:
		return exprName(x.X) + "'"
	}
	return "the variable"
}

// shuffled returns 0, 1, ..., n-1 in a random order drawn from ctx.Rand (simulation).
func (en *enumerator) shuffled(n int) []int {
	p := make([]int, n)
	for i := range p {
		j := en.ctx.Rand(i + 1)
		p[i], p[j] = p[j], i
	}
	return p
}

func (en *enumerator) conj(items []ast.Expr, sc *eval.Scope, k *cont, inConj bool) error {
	mark := en.conts.top
	for i := len(items) - 1; i >= 1; i-- {
		k = en.conts.push(items[i], sc, k)
	}
	// A conjunction of one item is the item itself: its definitions still name the action.
	err := en.gen(items[0], sc, k, inConj || len(items) > 1)
	en.conts.top = mark
	return err
}

// exists enumerates \E bounds : body over every binding, in TLC's (normalized) order.
func (en *enumerator) exists(x *ast.Quant, sc *eval.Scope, k *cont, inConj bool) error {
	for _, b := range x.Bounds {
		if b.Set == nil {
			return &enumError{pos: b.Pos, msg: "an unbounded \\E cannot be enumerated; write \\E x \\in S : ..."}
		}
	}
	if en.shuffle && en.labeled {
		en.evalCtx()
		scopes, err := en.ss.Bindings(x.Bounds, sc)
		if err != nil {
			return en.explain(err)
		}
		for _, i := range en.shuffled(len(scopes)) {
			if err := en.gen(x.Body, scopes[i], k, inConj); err != nil {
				return err
			}
		}
		return nil
	}
	var inner error
	fn := func(bsc *eval.Scope) (bool, error) {
		if err := en.gen(x.Body, bsc, k, inConj); err != nil {
			inner = err
			return false, nil
		}
		return true, nil
	}
	en.evalCtx()
	var err error
	if given := en.constBounds(x, sc, inConj); given != nil {
		err = en.ss.ForEachBindingOver(x.Bounds, given, sc, fn)
	} else {
		err = en.ss.ForEachBinding(x.Bounds, sc, fn)
	}
	if inner != nil {
		return inner
	}
	if err != nil {
		return en.explain(err)
	}
	return nil
}

// constBounds returns the elements of the sets of x's bounds, evaluated once for the whole run,
// when x is an \E the next-state relation is split into actions over (see splitsActions) and
// its sets have one value for the whole run (eval.Spec.ConstantSite): TLC's Tool.getActions
// evaluates them once, when it starts. It returns nil otherwise, and when a set fails to
// evaluate (ForEachBinding then reports the error where it is).
func (en *enumerator) constBounds(x *ast.Quant, sc *eval.Scope, inConj bool) map[*ast.Bound][]value.Value {
	if inConj || en.init || en.labeled || len(x.Bounds) == 0 {
		return nil
	}
	site, ok := en.spec.ConstantSite(x.Bounds[0].Set, sc)
	if !ok {
		return nil
	}
	key := constBoundSite{x, site}
	if given, ok := en.constSets[key]; ok {
		return given
	}
	for _, b := range x.Bounds[1:] {
		if _, ok := en.spec.ConstantSite(b.Set, sc); !ok {
			return nil
		}
	}
	given := map[*ast.Bound][]value.Value{}
	for _, b := range x.Bounds {
		elems, err := en.ss.Elements(b.Set, sc)
		if err != nil {
			return nil
		}
		given[b] = elems
	}
	given = en.m.splitConst(key, given).(map[*ast.Bound][]value.Value)
	if en.constSets == nil {
		en.constSets = map[constBoundSite]map[*ast.Bound][]value.Value{}
	}
	en.constSets[key] = given
	return given
}

// splitConst returns the value kept under key in the model's splitConsts: v if it is the first
// kept there.
func (m *tlaModel) splitConst(key, v any) any {
	if m == nil {
		return v
	}
	kept, _ := m.splitConsts.LoadOrStore(key, v)
	return kept
}

// constBoundSite identifies an \E whose sets have one value for the whole run (the
// eval.Spec.ConstantSite of its first bound's set; the others are written in the same scope).
type constBoundSite struct {
	x    *ast.Quant
	site eval.Site
}

// forall enumerates \A bounds : body as TLC does (Tool.getNextStates, OPCODE_bf): body for the
// first binding, followed as further conjuncts by body for every other binding, the last one
// first; each way the bodies are satisfied is a successor of its own. Over an empty set it is
// true.
func (en *enumerator) forall(x *ast.Quant, sc *eval.Scope, k *cont) error {
	en.evalCtx()
	// The scopes are needed until the conjuncts after the \A are enumerated, which they are
	// before this returns: they are bound in the session's arena, under a Mark, and appended to
	// the enumerator's slice (an \A inside the body appends after them).
	arena := en.ss.Mark()
	defer en.ss.Release(arena)
	base := len(en.bindings)
	all, err := en.ss.AppendBindings(en.bindings, x.Bounds, sc)
	if err != nil {
		return en.explain(err)
	}
	en.bindings = all
	defer func() { en.bindings = en.bindings[:base] }()
	scopes := all[base:]
	if len(scopes) == 0 {
		return en.proceed(k, x.Pos)
	}
	mark := en.conts.top
	for _, s := range scopes[1:] {
		k = en.conts.push(x.Body, s, k)
	}
	// The bodies are inside a conjunction: their definitions do not name the action.
	err = en.gen(x.Body, scopes[0], k, true)
	en.conts.top = mark
	return err
}

// unchanged handles UNCHANGED e: each variable of e (a variable, a tuple of them, or a definition
// whose body is one) is bound to its current value, or tested if already bound.
func (en *enumerator) unchanged(x ast.Expr, sc *eval.Scope, k *cont, pos ast.Pos) error {
	if ixs, ok := en.spec.UnchangedVariables(x, sc); ok {
		return en.keep(ixs, k, pos)
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.Tuple:
		if len(y.Elems) == 0 {
			return en.proceed(k, pos)
		}
		mark := en.conts.top
		for i := len(y.Elems) - 1; i >= 1; i-- {
			k = en.conts.push(&ast.PrefixExpr{Pos: y.Elems[i].Position(), Op: "UNCHANGED", X: y.Elems[i]}, sc, k)
		}
		err := en.unchanged(y.Elems[0], sc, k, pos)
		en.conts.top = mark
		return err
	case *ast.Ident:
		if key, ok := en.pseudoVar(y, sc); ok {
			cur, err := en.eval(y, sc)
			if err != nil {
				return en.explain(err)
			}
			if v, bound := en.pseudo[key]; bound {
				if eq, err := value.Equal(v, cur); err != nil || !eq {
					return err
				}
				return en.proceed(k, pos)
			}
			return en.bindPseudo(key, cur, k, pos)
		}
		if ix, ok := en.spec.Variable(y, sc); ok {
			if en.partial[ix] == nil {
				return en.bind(ix, en.cur[ix], k, pos)
			}
			eq, err := value.Equal(en.partial[ix], en.cur[ix])
			if err != nil || !eq {
				return err
			}
			return en.proceed(k, pos)
		}
		if done, err := en.unchangedDef(y, sc, k, pos); done {
			return err
		}
	case *ast.OpApp:
		if done, err := en.unchangedDef(y, sc, k, pos); done {
			return err
		}
	}
	c, err := en.guard(&ast.PrefixExpr{Pos: pos, Op: "UNCHANGED", X: x}, sc)
	if err != nil || !c {
		return err
	}
	return en.proceed(k, pos)
}

// unchangedDef handles UNCHANGED d for a definition or parameter d, expanding it; done is false
// when d is neither.
func (en *enumerator) unchangedDef(d ast.Expr, sc *eval.Scope, k *cont, pos ast.Pos) (done bool, err error) {
	mark := en.ss.Mark()
	defer en.ss.Release(mark)
	_, body, inner, ok, err := expandOp(en.spec, en.ss, d, sc, false)
	if err != nil || !ok {
		return err != nil, err
	}
	return true, en.unchanged(body, inner, k, pos)
}

// keep binds each variable of ixs that is still unbound to its current value and requires the
// others to have kept theirs, then takes the conjuncts k: UNCHANGED <<x, y, ...>> resolved to
// state slots once (eval.Spec.UnchangedVariables) instead of walked as syntax per successor.
func (en *enumerator) keep(ixs []int, k *cont, pos ast.Pos) error {
	// The variables bound here are pushed on en.kept, a stack shared by the nested keeps of
	// one successor: an UNCHANGED of more variables than a small array holds (Raft.tla's
	// UNCHANGED <<serverVars, logVars, ...>>, some twenty) allocated its list every time.
	base := len(en.kept)
	defer func() {
		for _, ix := range en.kept[base:] {
			en.partial[ix] = nil
		}
		en.bound -= len(en.kept) - base
		en.kept = en.kept[:base]
	}()
	for _, ix := range ixs {
		if en.partial[ix] == nil {
			en.partial[ix] = en.cur[ix]
			en.bound++
			en.kept = append(en.kept, ix)
			continue
		}
		eq, err := value.Equal(en.partial[ix], en.cur[ix])
		if err != nil || !eq {
			return err
		}
	}
	return en.proceed(k, pos)
}
