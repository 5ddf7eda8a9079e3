package eval

import (
	"strconv"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// binding is what a name denotes at a point of a spec.
type binding struct {
	val   value.Value // bound identifier
	arg   *thunk      // operator argument, LET constant or instance substitution
	op    *Operator   // definition
	varIx int         // state variable index, when isVar
	isVar bool
}

// lookup resolves name in sc: bound identifiers, parameters and LET definitions first, then the
// module's definitions, substitutions and variables. A name bound by the scope chain counts as a
// local read (see evaluator.localReads).
func (ev *evaluator) lookup(name string, sc *Scope) (binding, bool) {
	b, local, ok := lookup(name, sc)
	if local {
		ev.localReads++
	}
	return b, ok
}

// lookup is evaluator.lookup without an evaluation; local reports that the scope chain, not the
// module, bound the name.
func lookup(name string, sc *Scope) (b binding, local, ok bool) {
	for s := sc; s != nil; s = s.parent {
		if s.mod != nil {
			if b := s.mod.names()[name]; b != nil {
				return *b, false, true
			}
			return binding{}, false, false
		}
		if s.name == name {
			switch {
			case s.arg != nil:
				return binding{arg: s.arg}, true, true
			case s.op != nil:
				return binding{op: s.op}, true, true
			}
			return binding{val: s.val}, true, true
		}
	}
	return binding{}, false, false
}

// resolvable is a syntax node that caches the module-level binding of its name.
type resolvable interface {
	Resolved() *ast.Resolution
	SetResolved(*ast.Resolution)
}

// lookupNode is evaluator.lookup for the name of node n, using and filling n's cache of the module's
// binding.
func (ev *evaluator) lookupNode(name string, n resolvable, sc *Scope) (binding, bool) {
	b, local, ok := lookupNode(name, n, sc)
	if local {
		ev.localReads++
	}
	return b, ok
}

// lookupNode is evaluator.lookupNode without an evaluation.
func lookupNode(name string, n resolvable, sc *Scope) (b binding, local, ok bool) {
	for s := sc; s != nil; s = s.parent {
		if s.mod != nil {
			t := s.mod.table()
			if r := n.Resolved(); r != nil && r.Scope == any(t) {
				return *r.Value.(*binding), false, true
			}
			if b := (*t)[name]; b != nil {
				n.SetResolved(&ast.Resolution{Scope: t, Value: b})
				return *b, false, true
			}
			return binding{}, false, false
		}
		if s.name == name {
			return lookup(name, s)
		}
	}
	return binding{}, false, false
}

// names returns what each name defined at the module's top level denotes, from a single map:
// definitions first, then substitutions, then variables, the precedence lookup gives them. It is
// built on first use, after loading has finished defining the module.
func (m *modCtx) names() map[string]*binding { return *m.table() }

// table is names, as the pointer identifying this version of the table.
func (m *modCtx) table() *map[string]*binding {
	if t := m.resolved.Load(); t != nil {
		return t
	}
	t := make(map[string]*binding, len(m.defs)+len(m.subst)+len(m.vars))
	for name, ix := range m.vars {
		t[name] = &binding{varIx: ix, isVar: true}
	}
	for name, arg := range m.subst {
		t[name] = &binding{arg: arg}
	}
	for name, op := range m.defs {
		t[name] = &binding{op: op}
	}
	m.resolved.Store(&t)
	return &t
}

func (ev *evaluator) ident(x *ast.Ident, sc *Scope) value.Value {
	// lookup and use, inlined: this is the evaluator's most frequent step, and passing bindings
	// by value cost a tenth of a model checker's time.
	for s := sc; s != nil; s = s.parent {
		if s.mod != nil {
			// The module's binding of the name, cached on the identifier for the table it was
			// last found in: a module instantiated twice has two, and a table rebuilt (the
			// configuration replacing definitions) is a new one.
			t := s.mod.table()
			if r := x.Resolved(); r != nil && r.Scope == any(t) {
				return ev.use(r.Value.(*binding), x.Name, x.Pos, nil, sc)
			}
			if b := (*t)[x.Name]; b != nil {
				x.SetResolved(&ast.Resolution{Scope: t, Value: b})
				return ev.use(b, x.Name, x.Pos, nil, sc)
			}
			break
		}
		if s.name == x.Name {
			ev.localReads++
			switch {
			case s.arg != nil:
				return ev.force(s.arg)
			case s.op != nil:
				return ev.apply(s.op, x.Pos, nil, sc)
			}
			return s.val
		}
	}
	switch x.Name {
	case "BOOLEAN":
		return value.Boolean
	case "STRING":
		return value.StringSet
	}
	fail(x.Pos, "unknown identifier %s", x.Name)
	return nil
}

// use evaluates a resolved name applied to args (written in scope sc).
func (ev *evaluator) use(b *binding, name string, pos ast.Pos, args []ast.Expr, sc *Scope) value.Value {
	switch {
	case b.isVar:
		if len(args) > 0 {
			fail(pos, "variable %s is applied to arguments", name)
		}
		ev.stateReads++
		if ev.primed {
			ev.nextReads++
			if v := ev.ctx.Next[b.varIx]; v != nil {
				return v
			}
			panic(abort{&UnboundPrimeError{Pos: pos, Var: name}})
		}
		if ev.ctx.State == nil {
			fail(pos, "variable %s is read where there is no state (in a constant expression)", name)
		}
		if v := ev.ctx.State[b.varIx]; v != nil {
			return v
		}
		panic(abort{&UnboundVariableError{Pos: pos, Var: name}})
	case b.arg != nil:
		if len(args) > 0 {
			fail(pos, "%s is not an operator and cannot be applied to arguments", name)
		}
		if !b.arg.fixed {
			// An INSTANCE substitution, which depends on the instance. One of a fixed
			// instance (see modCtx.fixed) is an expression of the module instantiating it,
			// the same in every evaluation: reading it reads what it reads (the state, counted
			// by force), as the definitions of that module do.
			ev.localReads++
		}
		if ev.primed && b.arg.shared && ev.ctx.PrimedSubst != nil {
			if v, ok := ev.ctx.PrimedSubst(b.arg); ok {
				ev.stateReads++
				ev.nextReads++
				return v
			}
		}
		return ev.force(b.arg)
	case b.op != nil:
		return ev.apply(b.op, pos, args, sc)
	}
	if len(args) > 0 {
		fail(pos, "%s is a value and cannot be applied to arguments", name)
	}
	return b.val
}

// force evaluates an argument passed by name.
func (ev *evaluator) force(t *thunk) value.Value {
	// A cached value computed from the state counts as a state read wherever it is read again,
	// so that what reads it is not memoized as a constant (see apply); one computed from
	// constants does not (see thunkCache.readState).
	owned := t.owner == ev && t.ownEpoch == ev.epoch
	if owned {
		if t.ownVal != nil && !ev.primed {
			if t.ownReadState {
				ev.stateReads++
			}
			return t.ownVal
		}
	} else if c := t.cache.Load(); c != nil && c.epoch == ev.epoch && !ev.primed {
		if c.readState {
			ev.stateReads++
		}
		return c.val
	}
	reads, stateReads := ev.nextReads, ev.stateReads
	if ev.depth++; ev.depth > ev.spec.limits.MaxDepth {
		ev.depth--
		ev.enter(t.expr.Position(), "a definition or argument") // fails
	}
	var v value.Value
	if t.code != nil {
		v = t.code(ev, t.scope)
	} else {
		v = ev.eval(t.expr, t.scope)
	}
	ev.leave()
	if !ev.primed && ev.nextReads == reads {
		readState := ev.stateReads != stateReads
		switch {
		case owned:
			t.ownVal, t.ownReadState = v, readState
		case !cheap(t.expr):
			t.cache.Store(&thunkCache{epoch: ev.epoch, val: v, readState: readState})
		}
	}
	return v
}

// cheap reports whether evaluating x again costs no more than a cache would save: a literal, or
// a name, whose definition has caches of its own. A model checker binds action parameters such as
// i and m to names, and storing them in a shared cache took an allocation per read.
func cheap(x ast.Expr) bool {
	switch x.(type) {
	case *ast.Ident, *ast.Num, *ast.String, *ast.Bool:
		return true
	}
	return false
}

func (ev *evaluator) opApp(x *ast.OpApp, sc *Scope) value.Value {
	if len(x.Prefix) > 0 {
		e, inner, m := ev.subexprApp(x, sc)
		if e != nil {
			return ev.eval(e, inner)
		}
		op, ok := m.prefixed(x.Name)
		if !ok || op.local {
			fail(x.Pos, "module instance %s has no definition %s", x.Prefix[len(x.Prefix)-1].Name, x.Name)
		}
		return ev.apply(op, x.Pos, x.Args, sc)
	}
	for s := sc; s != nil; s = s.parent {
		if s.mod != nil {
			// As in ident: the module's binding, cached on the application.
			t := s.mod.table()
			if r := x.Resolved(); r != nil && r.Scope == any(t) {
				return ev.use(r.Value.(*binding), x.Name, x.Pos, x.Args, sc)
			}
			if b := (*t)[x.Name]; b != nil {
				x.SetResolved(&ast.Resolution{Scope: t, Value: b})
				return ev.use(b, x.Name, x.Pos, x.Args, sc)
			}
			break
		}
		if s.name == x.Name {
			break
		}
	}
	b, ok := ev.lookup(x.Name, sc)
	if !ok {
		fail(x.Pos, "unknown operator %s", x.Name)
	}
	return ev.use(&b, x.Name, x.Pos, x.Args, sc)
}

// apply applies op to the argument expressions args written in scope sc.
func (ev *evaluator) apply(op *Operator, pos ast.Pos, args []ast.Expr, sc *Scope) value.Value {
	return ev.applyCode(op, pos, args, nil, sc)
}

// applyCode is apply with the arguments also compiled (codes[i] is args[i]'s code), or codes nil.
func (ev *evaluator) applyCode(op *Operator, pos ast.Pos, args []ast.Expr, codes []code, sc *Scope) value.Value {
	if op.inst != nil {
		fail(pos, "%s is a module instance; use %s!Name to refer to its definitions", op.Name, op.Name)
	}
	if got, want := len(args), op.Arity(); got != want {
		fail(pos, "%s takes %d argument(s) but is given %d", op.Name, want, got)
	}
	switch {
	case op.value != nil:
		return op.value
	case op.native != nil:
		ev.enter(pos, op.Name)
		if op.java != "" {
			ev.javaCalls++
			defer ev.leaveJava(op.java, pos, args, sc)
		} else {
			defer ev.leave()
		}
		var c *call
		if n := len(ev.freeCalls); n > 0 {
			c, ev.freeCalls = ev.freeCalls[n-1], ev.freeCalls[:n-1]
		} else {
			c = &call{ev: ev}
		}
		c.pos, c.sc, c.name = pos, sc, op.Name
		c.args, c.codes = append(c.argBuf[:0], args...), codes
		v := op.native.fn(c)
		c.release()
		ev.freeCalls = append(ev.freeCalls, c)
		return v
	}
	if m := op.home; len(args) == 0 && m != nil && op.scope == m.root {
		if v, ok := m.memoized(op); ok {
			return v
		}
		if v, ok := ev.defCache[op]; ok && !ev.primed {
			// The definition read the state when it was computed; whatever reads it now does.
			ev.stateReads++
			return v
		}
		nextFixed := ev.primed && (ev.ctx.NextFixed || ev.callNext && ev.spec.stableDefinition(op))
		if nextFixed {
			if v, ok := ev.nextDefCache[op]; ok {
				ev.stateReads++
				ev.nextReads++
				return v
			}
		}
		reads, nextReads, randoms, unseeded := ev.stateReads, ev.nextReads, ev.randomReads, ev.unseededReads
		v := ev.applyBody(op, pos, nil, nil, sc)
		switch {
		case ev.unseededReads != unseeded:
			// A random choice made without the run's source (Context.Rand): the value is this
			// evaluation's only. Remembered as a constant definition's, it would be the run's:
			// SpanTreeRandom's Edges, first evaluated by the liveness planner's load-time
			// session, was the empty graph for the whole search.
		case ev.stateReads == reads:
			m.remember(op, v)
		case ev.randomReads != randoms && ev.spec.constantDefinition(op):
			// A constant definition that made random choices: TLC evaluates it once, when it
			// starts, so every later use sees the first value computed (see Context.Rand).
			v = m.rememberFirst(op, v)
			ev.stateReads = reads
		case ev.spec.constantDefinition(op):
			// A constant definition whose evaluation made or applied a function definition's
			// closure, which counts as reading the state (funcDefValue): reading no variable
			// anywhere, it has one value, which TLC computes once when it starts
			// (EWD998ChanID's RingOfNodes == CHOOSE r \in [Node -> Node] : IsSimpleCycle(Node, r),
			// IsSimpleCycle a LET of a recursive function).
			v = m.rememberFirst(op, v)
			ev.stateReads = reads
		case !ev.primed && ev.nextReads == nextReads:
			// A state function such as votes == [a \in Acceptor |-> ...] is computed once per
			// evaluation, however often an invariant refers to it.
			if ev.defCache == nil {
				ev.defCache = map[*Operator]value.Value{}
			}
			ev.defCache[op] = v
			if ev.stateKey != 0 && ev.randomReads == randoms && ev.spec.stateOnlyDefinition(op) {
				if ev.stateDefs == nil {
					ev.stateDefs = map[*Operator]value.Value{}
				}
				ev.stateDefs[op] = v
			}
		case nextFixed:
			if ev.nextDefCache == nil {
				ev.nextDefCache = map[*Operator]value.Value{}
			}
			ev.nextDefCache[op] = v
		}
		return v
	}
	if v, ok := ev.argCached(op, pos, args, codes, sc); ok {
		return v
	}
	return ev.applyBody(op, pos, args, codes, sc)
}

func (ev *evaluator) applyBody(op *Operator, pos ast.Pos, args []ast.Expr, codes []code, sc *Scope) value.Value {
	ev.enter(pos, op.Name)
	defer ev.leave()
	if op.funcDef != nil {
		return ev.funcDefValue(op)
	}
	if op.body == nil {
		fail(pos, "%s has no definition and no value; give it one in the configuration", op.Name)
	}
	// The parameters' frames and by-name arguments are taken from the evaluation's stacks and
	// given back once the body is evaluated, unless a lazy value or instance kept a scope
	// meanwhile (see loopFrame): then they stay with whoever kept them.
	mark := ev.frames.mark()
	inner := ev.bindParamsTo(op, args, codes, sc, &ev.frames.scopes, &ev.frames.thunks, ev)
	v := ev.body(op, inner)
	ev.frames.release(mark)
	return v
}

// body evaluates op's body in inner, its scope with the parameters bound: by its code, or for a
// LAMBDA by the code compiled with the definition it is written in (see cscope.compileNode).
func (ev *evaluator) body(op *Operator, inner *Scope) value.Value {
	if body := ev.spec.bodyCode(op); body != nil {
		return body(ev, inner)
	}
	if op.lambda {
		if k := ev.codeFor(op.body, inner); k != nil {
			return k(ev, inner)
		}
	}
	return ev.eval(op.body, inner)
}

// applyValues applies op, a definition whose parameters are all ordinary, to the values vals,
// binding each parameter to its value in a frame of the evaluation's stack, and reports false
// (doing nothing) for any other operator. Higher-order standard operators (SelectSeq's test,
// a fold's operator) apply their operator argument this way to each element.
func (ev *evaluator) applyValues(op *Operator, pos ast.Pos, vals []value.Value) (value.Value, bool) {
	if op.native != nil || op.funcDef != nil || op.inst != nil || op.value != nil || op.body == nil ||
		len(vals) == 0 || len(vals) != len(op.Params) {
		return nil, false
	}
	for _, p := range op.Params {
		if p.Arity != 0 {
			return nil, false
		}
	}
	ev.enter(pos, op.Name)
	defer ev.leave()
	mark := ev.frames.mark()
	inner := op.scope
	for i, p := range op.Params {
		f := ev.frames.scopes.push()
		home, opFrames := inner.inherited()
		*f = Scope{parent: inner, name: p.Name, val: vals[i], home: home, opFrames: opFrames}
		inner = f
	}
	v := ev.body(op, inner)
	ev.frames.release(mark)
	return v, true
}

// bindParams returns op's scope with its parameters bound to the arguments args written in
// scope sc (see bindParam). The frames of an operator of several parameters are allocated
// together, and so are the arguments passed by name: binding parameters was a fifth of a model
// checker's allocations.
func (ev *evaluator) bindParams(op *Operator, args []ast.Expr, sc *Scope) *Scope {
	return ev.bindParamsTo(op, args, nil, sc, nil, nil, ev)
}

// bindParamsTo is bindParams, taking the frames and arguments from the stacks scopes and thunks
// if they are not nil; the caller then gives them back. The arguments are owned by owner (see
// thunk.owner).
func (ev *evaluator) bindParamsTo(op *Operator, args []ast.Expr, codes []code, sc *Scope, scopes *stack[Scope], thunks *stack[thunk], owner *evaluator) *Scope {
	inner := op.scope
	if scopes != nil {
		for i, p := range op.Params {
			f := scopes.push()
			if ev.bindParamFrame(f, inner, p, args[i], sc) {
				t := thunks.push()
				t.expr, t.scope, t.owner, t.ownEpoch = args[i], sc, owner, owner.epoch
				if codes != nil {
					t.code = codes[i]
				}
				f.arg = t
			}
			inner = f
		}
		return inner
	}
	if len(op.Params) == 1 {
		if p := op.Params[0]; p.Arity > 0 {
			return inner.bindOp(p.Name, ev.operatorArg(args[0], p, sc))
		}
		return ev.bindParam(inner, op.Params[0].Name, args[0], sc)
	}
	frames := make([]Scope, len(op.Params))
	var args1 []thunk
	for i, p := range op.Params {
		f := &frames[i]
		if ev.bindParamFrame(f, inner, p, args[i], sc) {
			if len(args1) == 0 {
				args1 = make([]thunk, len(op.Params)-i)
			}
			t := &args1[0]
			args1 = args1[1:]
			t.expr, t.scope, t.owner, t.ownEpoch = args[i], sc, ev, ev.epoch
			if codes != nil {
				t.code = codes[i]
			}
			f.arg = t
		}
		inner = f
	}
	return inner
}

// bindParamFrame makes f, a child of inner, bind parameter p to the argument arg written in scope
// sc: to an operator for an operator parameter, or directly to what arg names when it is a bound
// name. Otherwise it reports that arg is passed by name, and the caller gives f.arg a thunk.
func (ev *evaluator) bindParamFrame(f, inner *Scope, p *ast.OpDecl, arg ast.Expr, sc *Scope) (byName bool) {
	home, opFrames := inner.inherited()
	*f = Scope{parent: inner, name: p.Name, home: home, opFrames: opFrames}
	switch s := boundName(arg, sc); {
	case p.Arity > 0:
		f.op, f.opFrames = ev.operatorArg(arg, p, sc), true
	case s != nil && s.arg != nil:
		f.arg = s.arg
	case s != nil:
		f.val = s.val
	default:
		return true
	}
	return false
}

// boundName returns the frame of sc binding arg, when arg is a name bound to a value or an
// argument by the scope chain (not by the module), or nil.
func boundName(arg ast.Expr, sc *Scope) *Scope {
	id, ok := arg.(*ast.Ident)
	if !ok {
		return nil
	}
	for s := sc; s != nil && s.mod == nil; s = s.parent {
		if s.name != id.Name {
			continue
		}
		if s.arg != nil || (s.op == nil && s.val != nil) {
			return s
		}
		return nil
	}
	return nil
}

// bindParam binds parameter name, in inner, to the argument arg written in scope sc. Most
// arguments are passed by name, as an expression to evaluate when the parameter is read. An
// argument that is itself a name bound in sc needs no new expression: a bound identifier's value
// is the same primed or not, and a parameter passed on (Op(i) calling Handle(i)) can share the
// outer argument.
func (ev *evaluator) bindParam(inner *Scope, name string, arg ast.Expr, sc *Scope) *Scope {
	if s := boundName(arg, sc); s != nil {
		if s.arg != nil {
			return inner.bindArg(name, s.arg)
		}
		return inner.Bind(name, s.val)
	}
	return inner.bindOwnedExpr(name, arg, sc, ev)
}

// operatorArg resolves an argument given for a higher-order parameter p: an operator name or a
// LAMBDA.
func (ev *evaluator) operatorArg(arg ast.Expr, p *ast.OpDecl, sc *Scope) *Operator {
	return ev.operatorArgOf(arg, p.Name, -1, p.Arity, sc)
}

// operatorArgOf is operatorArg for the parameter named name of arity arity, or, for idx >= 0,
// argument idx+1 of a standard operator (named in errors only: a higher-order standard
// operator such as SelectSeq resolves its operator argument at every call).
func (ev *evaluator) operatorArgOf(arg ast.Expr, name string, idx, arity int, sc *Scope) *Operator {
	pname := func() string {
		if idx >= 0 {
			return "argument " + strconv.Itoa(idx+1)
		}
		return name
	}
	var op *Operator
	switch a := arg.(type) {
	case *ast.Lambda:
		op = &Operator{Name: "LAMBDA", Params: ev.lambdaParams(a), Pos: a.Pos, body: a.Body, scope: sc, lambda: true}
	case *ast.Ident:
		op = ev.operatorNamed(a.Name, a.Pos, sc)
	case *ast.OpApp:
		if len(a.Args) == 0 && len(a.Prefix) == 0 {
			op = ev.operatorNamed(a.Name, a.Pos, sc)
		} else if len(a.Args) == 0 {
			m := ev.instancePath(a.Prefix, sc)
			if d, ok := m.prefixed(a.Name); ok {
				op = d
			}
		}
	}
	if op == nil {
		fail(arg.Position(), "the argument for operator parameter %s must be an operator name or a LAMBDA", pname())
	}
	if op.Arity() != arity {
		fail(arg.Position(), "operator %s takes %d argument(s) but parameter %s expects an operator of %d", op.Name, op.Arity(), pname(), arity)
	}
	return op
}

// lambdaParams returns the parameters of a LAMBDA's operator, made once per LAMBDA and
// evaluator (they are never modified).
func (ev *evaluator) lambdaParams(l *ast.Lambda) []*ast.OpDecl {
	if p, ok := ev.lambdaDecls[l]; ok {
		return p
	}
	params := make([]*ast.OpDecl, len(l.Params))
	for i, id := range l.Params {
		params[i] = &ast.OpDecl{Pos: id.Pos, Name: id.Name}
	}
	if ev.lambdaDecls == nil {
		ev.lambdaDecls = map[*ast.Lambda][]*ast.OpDecl{}
	}
	ev.lambdaDecls[l] = params
	return params
}

func (ev *evaluator) operatorNamed(name string, pos ast.Pos, sc *Scope) *Operator {
	b, ok := ev.lookup(name, sc)
	if ok && b.op != nil {
		return b.op
	}
	if op := builtinInfixOperator(name, pos, sc); !ok && op != nil {
		return op
	}
	fail(pos, "%s is not an operator", name)
	return nil
}

// instancePath resolves the N(args)!M! prefix of an instance-qualified name to the module
// context of the last instance.
func (ev *evaluator) instancePath(path []*ast.InstanceStep, sc *Scope) *modCtx {
	if m, k := ev.instancePrefix(path, sc); k < 0 {
		return m
	}
	cur := sc
	var m *modCtx
	for _, step := range path {
		b, ok := ev.lookup(step.Name, cur)
		if !ok || b.op == nil || b.op.inst == nil {
			fail(step.Pos, "%s is not a module instance", step.Name)
		}
		op := b.op
		if len(step.Args) != len(op.Params) {
			fail(step.Pos, "instance %s takes %d argument(s) but is given %d", op.Name, len(op.Params), len(step.Args))
		}
		m = ev.spec.instantiate(ev, op, step.Args, sc)
		cur = m.root
	}
	return m
}
