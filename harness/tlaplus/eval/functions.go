package eval

import (
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// domainOf returns the domain of a function with the given binders: the set of the single
// component, or the product of all of them.
func (ev *evaluator) domainOf(cs []component, sc *Scope) value.SetValue {
	if len(cs) == 1 {
		return ev.set(cs[0].set, sc)
	}
	sets := make([]value.SetValue, len(cs))
	for i, c := range cs {
		sets[i] = ev.set(c.set, sc)
	}
	return value.Product(sets...)
}

// bindArgs binds the components of a function's binders to the argument arg.
func (ev *evaluator) bindArgs(cs []component, sc *Scope, arg value.Value, pos ast.Pos) *Scope {
	if len(cs) == 1 {
		return ev.bindComponent(sc, cs[0], arg)
	}
	t, err := value.AsSeq(arg)
	if err != nil || len(t) != len(cs) {
		fail(pos, "function of %d arguments applied to %s", len(cs), value.Abbrev(arg))
	}
	for i, c := range cs {
		sc = ev.bindComponent(sc, c, t[i])
	}
	return sc
}

func (ev *evaluator) funcCons(x *ast.FuncCons, sc *Scope) value.Value {
	for _, b := range x.Bounds {
		if b.Set == nil {
			fail(b.Pos, "a function constructor needs bounded variables")
		}
	}
	cs := components(x.Bounds)
	dom := ev.domainOf(cs, sc)
	if !dom.Finite() {
		ev.stateReads++ // the closure captures the state; never memoize it
		captured()
		return &funcClosure{spec: ev.spec, ctx: ev.capturedContext(), name: "[... |-> ...]", pos: x.Pos, cs: cs, body: x.Body, scope: sc, domain: dom}
	}
	elems, err := dom.Enumerate()
	check(x.Pos, err)
	keys := elems.Elems()
	vals := make([]value.Value, len(keys))
	frame := ev.loop()
	for i, k := range keys {
		ev.tick(x.Pos)
		var inner *Scope
		if len(cs) == 1 && !cs[0].tuple {
			inner = frame.bind(sc, cs[0].names[0].Name, k)
		} else {
			inner = ev.bindArgs(cs, sc, k, x.Pos)
		}
		vals[i] = ev.eval(x.Body, inner)
	}
	ev.endLoop(&frame)
	f, err := value.NewFuncOnSet(elems, vals)
	check(x.Pos, err)
	return f
}

// funcArg is the argument of f[args]: the value of a single argument, or the tuple of several
// (f[a, b] is f[<<a, b>>]).
func (ev *evaluator) funcArg(args []ast.Expr, sc *Scope) value.Value {
	if len(args) == 1 {
		return ev.eval(args[0], sc)
	}
	t := make(value.Tuple, len(args))
	for i, a := range args {
		t[i] = ev.eval(a, sc)
	}
	return t
}

func (ev *evaluator) funcApp(x *ast.FuncApp, sc *Scope) value.Value {
	f := ev.eval(x.Func, sc)
	arg := ev.funcArg(x.Args, sc)
	return ev.applyFunc(f, arg, x.Pos)
}

func (ev *evaluator) applyFunc(f, arg value.Value, pos ast.Pos) value.Value {
	if fc, ok := f.(*funcClosure); ok {
		return fc.apply(ev, arg, pos)
	}
	v, err := value.Apply(f, arg)
	check(pos, err)
	return v
}

func (ev *evaluator) except(x *ast.Except, sc *Scope) value.Value {
	f := ev.eval(x.Func, sc)
	for _, u := range x.Updates {
		f = ev.updateAt(f, u.Path, u, sc)
	}
	return f
}

func (ev *evaluator) pathKey(step *ast.ExceptStep, sc *Scope) value.Value {
	if step.Args == nil {
		return value.Str(step.Field)
	}
	if len(step.Args) == 1 {
		return ev.eval(step.Args[0], sc)
	}
	t := make(value.Tuple, len(step.Args))
	for i, a := range step.Args {
		t[i] = ev.eval(a, sc)
	}
	return t
}

// updateAt returns f with the value at path replaced by the update's value, in which @ is the old
// value. A key outside the domain leaves f unchanged, as [f EXCEPT ![k] = e] is defined on
// DOMAIN f only.
func (ev *evaluator) updateAt(f value.Value, path []*ast.ExceptStep, u *ast.ExceptUpdate, sc *Scope) value.Value {
	key := ev.pathKey(path[0], sc)
	fn, err := value.AsFunc(f)
	if err != nil {
		fail(path[0].Pos, "EXCEPT applied to %s, which is not a function", value.Abbrev(f))
	}
	k, err := value.Normalize(key)
	check(path[0].Pos, err)
	old, ok, err := fn.Lookup(k)
	check(path[0].Pos, err)
	if !ok {
		return fn
	}
	var nv value.Value
	if len(path) == 1 {
		// @ is bound in a frame taken from the evaluation's stack and given back after the
		// update's value, unless a lazy value or instance kept a scope meanwhile (see loopFrame):
		// every EXCEPT allocating a scope for @ was a tenth of a model checker's allocated bytes.
		mark := ev.frames.mark()
		at := ev.frames.scopes.push()
		home, opFrames := sc.inherited()
		*at = Scope{parent: sc, name: "@", val: old, home: home, opFrames: opFrames}
		nv = ev.eval(u.Value, at)
		ev.frames.release(mark)
	} else {
		nv = ev.updateAt(old, path[1:], u, sc)
	}
	out, err := value.Update(fn, k, nv)
	check(u.Pos, err)
	return out
}

// funcDefValue is the value of a function definition f[x \in S] == body: a lazily evaluated,
// memoizing function in which f refers to itself, so recursive definitions work.
func (ev *evaluator) funcDefValue(op *Operator) value.Value {
	d := op.funcDef
	for _, b := range d.Bounds {
		if b.Set == nil {
			fail(b.Pos, "function definition %s needs bounded variables", d.Name)
		}
	}
	cs := components(d.Bounds)
	fc := &funcClosure{spec: ev.spec, ctx: ev.capturedContext(), name: d.Name, pos: d.Pos, cs: cs, body: d.Body,
		code: ev.spec.funcDefCode(op)}
	fc.scope = op.scope.Bind(d.Name, fc)
	fc.domain = ev.domainOf(cs, op.scope)
	ev.stateReads++ // the closure captures the state; never memoize it
	if op.home == nil || op.scope != op.home.root {
		// A LET's function definition keeps the frames of the scope it is written in. One of
		// a module keeps only the module's scope, which is no frame of an evaluation's stacks:
		// they stay in use (GameOfLife makes its sc closure once per state).
		captured()
	}
	return fc
}

// funcDefCode returns the code of the body of op, a function definition of the module
// (f[x \in S, <<y, z>> \in T] == e), for the scope its closure evaluates it in: the function's
// name bound to the closure, then each bound name (bindArgs); nil when definitions are walked or
// op is not written at the top of a module. Applying a function definition walked its body at
// every argument (GameOfLife's sc[<<x, y>> \in ...], applied to each neighbour of each cell).
func (s *Spec) funcDefCode(op *Operator) code {
	if c := op.funcCode.Load(); c != nil {
		return c.body
	}
	if !s.ready || s.opts.Interpret || op.funcDef == nil || op.home == nil || op.scope != op.home.root {
		return nil
	}
	d := op.funcDef
	ctx := (&cscope{mod: op.home, spec: s}).bind(d.Name, false)
	for _, c := range components(d.Bounds) {
		for _, n := range c.names {
			ctx = ctx.bind(n.Name, false)
		}
	}
	c := &compiledBody{body: ctx.compile(d.Body)}
	op.funcCode.Store(c)
	return c.body
}

// funcClosure is a function evaluated point by point: a function definition (possibly recursive)
// or a function constructor over an infinite domain. Results are memoized.
type funcClosure struct {
	spec   *Spec
	ctx    *Context
	name   string
	pos    ast.Pos
	cs     []component
	body   ast.Expr
	code   code // body's code, or nil to walk it
	scope  *Scope
	domain value.SetValue

	mu   sync.Mutex
	memo map[uint64][]memoEntry
}

type memoEntry struct{ arg, val value.Value }

func (fc *funcClosure) Kind() value.Kind       { return value.KindFunc }
func (fc *funcClosure) Domain() value.SetValue { return fc.domain }

func (fc *funcClosure) String() string {
	if f, err := fc.Materialize(); err == nil {
		return f.String()
	}
	return "[" + fc.name + " \\in " + fc.domain.String() + " |-> ...]"
}

// Apply implements value.LazyFunc.
func (fc *funcClosure) Apply(arg value.Value) (v value.Value, err error) {
	defer recoverInto(&err)
	ev := fc.spec.newEvaluator(fc.ctx)
	return fc.apply(ev, arg, fc.pos), nil
}

// Materialize implements value.LazyFunc.
func (fc *funcClosure) Materialize() (f value.FuncValue, err error) {
	defer recoverInto(&err)
	elems, err := fc.domain.Enumerate()
	if err != nil {
		return nil, err
	}
	ev := fc.spec.newEvaluator(fc.ctx)
	keys := elems.Elems()
	vals := make([]value.Value, len(keys))
	for i, k := range keys {
		vals[i] = fc.apply(ev, k, fc.pos)
	}
	return value.NewFunc(append([]value.Value(nil), keys...), vals)
}

func (fc *funcClosure) apply(ev *evaluator, arg value.Value, pos ast.Pos) value.Value {
	fp, err := value.Fingerprint(arg)
	check(pos, err)
	fc.mu.Lock()
	for _, e := range fc.memo[fp] {
		if eq, _ := value.Equal(e.arg, arg); eq {
			fc.mu.Unlock()
			return e.val
		}
	}
	fc.mu.Unlock()
	in, err := fc.domain.Contains(arg)
	check(pos, err)
	if !in {
		fail(pos, "applying function %s to %s, which is not in its domain %s", fc.name, value.Abbrev(arg), value.Abbrev(fc.domain))
	}
	if ev.ctx != fc.ctx {
		// Evaluate in the state the function was made in.
		depth := ev.depth
		ev = ev.spec.newEvaluator(fc.ctx)
		ev.depth = depth
	}
	ev.enter(pos, fc.name)
	inner := ev.bindArgs(fc.cs, fc.scope, arg, pos)
	var v value.Value
	if fc.code != nil {
		v = fc.code(ev, inner)
	} else {
		v = ev.eval(fc.body, inner)
	}
	ev.leave()
	fc.mu.Lock()
	if fc.memo == nil {
		fc.memo = map[uint64][]memoEntry{}
	}
	fc.memo[fp] = append(fc.memo[fp], memoEntry{arg, v})
	fc.mu.Unlock()
	return v
}

// lazyFuncApp is Session.UnfoldFuncApp in evaluation ev.
func (ev *evaluator) lazyFuncApp(x *ast.FuncApp, sc *Scope) (ast.Expr, *Scope, bool) {
	cs, body, bsc, dom, name, ok := ev.lazyFunc(x.Func, sc, 0)
	if !ok {
		return nil, nil, false
	}
	arg := ev.funcArg(x.Args, sc)
	in, err := dom.Contains(arg)
	check(x.Pos, err)
	if !in {
		fail(x.Pos, "applying function %s to %s, which is not in its domain %s", name, value.Abbrev(arg), value.Abbrev(dom))
	}
	return body, ev.bindArgs(cs, bsc, arg, x.Pos), true
}

// lazyFunc reports whether f, in scope sc, is a function TLC keeps as an expression to evaluate
// point by point (a FcnLambdaValue not yet turned into a table): a function constructor or a
// function definition, reached through parentheses, definitions (constant ones included: TLC
// computes those once, when it starts, and keeps a function's value lazy) and operator
// arguments. It returns the function's binders, body, the scope the body is evaluated in and
// the domain.
func (ev *evaluator) lazyFunc(f ast.Expr, sc *Scope, depth int) (cs []component, body ast.Expr, bsc *Scope, dom value.SetValue, name string, ok bool) {
	if depth > 8 {
		return nil, nil, nil, nil, "", false
	}
	f, sc = ev.unfold(f, sc, nil, false)
	switch e := f.(type) {
	case *ast.FuncCons:
		for _, b := range e.Bounds {
			if b.Set == nil {
				return nil, nil, nil, nil, "", false
			}
		}
		cs = components(e.Bounds)
		return cs, e.Body, sc, ev.domainOf(cs, sc), "[... |-> ...]", true
	case *ast.FuncApp:
		// g[b] where g is lazy: TLC applies g by evaluating its body, and a function
		// constructor there is a lazy function again (Adj[n] with Adj == [n \in N |-> [m \in N
		// |-> ...]]).
		body, inner, ok := ev.lazyFuncApp(e, sc)
		if !ok {
			return nil, nil, nil, nil, "", false
		}
		return ev.lazyFunc(body, inner, depth+1)
	case *ast.Ident:
		b, _, found := lookupNode(e.Name, e, sc)
		if !found {
			return nil, nil, nil, nil, "", false
		}
		if fc, isClosure := b.val.(*funcClosure); isClosure {
			return fc.cs, fc.body, fc.scope, fc.domain, fc.name, true
		}
		switch op := b.op; {
		case op == nil:
		case op.funcDef != nil:
			if fc, isClosure := ev.eval(e, sc).(*funcClosure); isClosure && fc.body == op.funcDef.Body {
				return fc.cs, fc.body, fc.scope, fc.domain, fc.name, true
			}
		case op.body != nil && len(op.Params) == 0 && op.native == nil && op.inst == nil && op.value == nil:
			// a constant definition, which unfold leaves as it is
			return ev.lazyFunc(op.body, op.scope, depth+1)
		}
	}
	return nil, nil, nil, nil, "", false
}
