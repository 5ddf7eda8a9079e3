package eval

import (
	"sync/atomic"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file compiles the bodies of definitions to closures (code), which evaluate them without
// walking the syntax tree: each node's kind is decided once, when it is compiled, not at every
// evaluation; a name bound by the expression itself (a parameter, a bound identifier, a LET
// definition, @) is found at the number of scope frames it sits above, known when compiling,
// instead of by comparing names up the scope chain; and a name of the module resolves, once, to
// its binding. Compiled code and the tree walker share the scope chain and the evaluator's
// state, so each can evaluate what the other cannot: a node kind the compiler does not handle is
// compiled to a call of the tree walker (ev.eval) on that node, and names the tree walker binds
// are found by compiled code as by the walker.
//
// The compiler mirrors, frame for frame, the scopes evaluation builds: an operator's parameters
// (bindParamsTo), a LET's definitions (letScopeTo), a quantifier's or CHOOSE's bound names (one
// frame per name, loopFrame), @ in an EXCEPT. Compiled code that finds a frame other than the one
// it expects (an expression evaluated somewhere else than where it is written) falls back to
// looking the name up.

// code is a compiled expression: it evaluates the expression in scope sc.
type code func(ev *evaluator, sc *Scope) value.Value

// compiledBody is the code of an operator's body, nil when it was not compiled, and when the body
// is a set filter that a quantifier over the operator's value may stream (see eachDef), the
// filter's stream.
type compiledBody struct {
	body code
	each each
}

// bodyCode returns the code of op's body, compiling it on first use, or nil for an operator
// evaluated by walking its body: one with no body, or any operator while the specification is
// still loading (definitions may still be replaced then) or when Options.Interpret is set.
func (s *Spec) bodyCode(op *Operator) code {
	if c := op.compiled.Load(); c != nil {
		return c.body
	}
	if !s.ready || s.opts.Interpret || op.body == nil || op.home == nil || op.scope != op.home.root {
		return nil
	}
	ctx := &cscope{mod: op.home, spec: s}
	for _, p := range op.Params {
		ctx = ctx.bind(p.Name, p.Arity > 0)
	}
	c := &compiledBody{}
	if f := streamableFilter(op.body); f != nil {
		fc := ctx.filterCode(f)
		c.body, c.each = fc.value, fc.each
		ctx.remember(f, c.body)
	} else {
		c.body = ctx.compile(op.body)
	}
	op.compiled.Store(c)
	return c.body
}

// bodyEach returns the stream of op's body (see compiledBody), or nil.
func (s *Spec) bodyEach(op *Operator) each {
	if s.bodyCode(op) == nil {
		return nil
	}
	return op.compiled.Load().each
}

// cscope is the scope at a point of the code being compiled: the names bound between it and the
// module, one per frame evaluation will build, innermost first.
type cscope struct {
	parent *cscope
	name   string
	// op marks a frame binding an operator (a LET operator definition or a higher-order
	// parameter); opFrames whether some frame of the chain does.
	op, opFrames bool
	mod          *modCtx
	// spec records the code of every node compiled (see codeFor).
	spec *Spec
	// own is 0 outside the constructors memoized when constant (set filters and maps, function
	// constructors), and inside the innermost one 1 + the number of frames it binds from here
	// up: reading one of those is no local read (see evaluator.localReads), as the names range
	// over sets the constructor's probe has seen evaluated.
	own int
	// hoisted maps the expressions the loops around c hoist to the names of their frames (see
	// hoist.go).
	hoisted map[ast.Expr]string
}

func (c *cscope) bind(name string, op bool) *cscope {
	own := 0
	if c.own > 0 {
		own = c.own + 1
	}
	return &cscope{parent: c, name: name, op: op, opFrames: op || c.opFrames, mod: c.mod, spec: c.spec, own: own, hoisted: c.hoisted}
}

// owning is c as the scope in which a constructor memoized when constant binds its names (see
// own): {x \in S : x # <<0, 0>>} reads no name but its own, so it is a constant (GameOfLife's
// neighbours, built in every application of the operator it is written in).
func (c *cscope) owning() *cscope {
	o := *c
	o.own = 1
	return &o
}

// unowned is c for the parts of an expression memoized when constant that bind no name of
// its own (a set enumeration, a filter's set, a function constructor's domain): for its probe,
// every name bound outside it is a local read, those of an enclosing constructor too ({i} in
// {{i} : i \in S} depends on i).
func (c *cscope) unowned() *cscope {
	if c.own == 0 {
		return c
	}
	o := *c
	o.own = 0
	return &o
}

// ownFrame reports whether the frame d frames up from c is bound by the innermost constructor
// memoized when constant (see own).
func (c *cscope) ownFrame(d int) bool { return d < c.own-1 }

// nodeCode is the code of a syntax node compiled in module mod; next is its code in another
// module (an instance of the module it is written in).
type nodeCode struct {
	mod  *modCtx
	code code
	next *nodeCode
}

// codeFor returns the code of x compiled as part of a definition, for evaluation in scope sc,
// or nil if x was not compiled for sc's module. A model checker evaluates the guards of an
// action, parts of a definition it has expanded (see Session.Unfold), in the scopes the compiled
// code of the definition would see, so it can run their code instead of walking them.
func (s *Spec) codeFor(x ast.Expr, sc *Scope) code {
	v, ok := s.nodeCodes.Load(x)
	if !ok || sc == nil {
		return nil
	}
	for n := v.(*nodeCode); n != nil; n = n.next {
		if n.mod == sc.home {
			return n.code
		}
	}
	return nil
}

// codeFor is Spec.codeFor through ev's own cache, a map no other goroutine touches: a model
// checker asks for the same guards state after state.
func (ev *evaluator) codeFor(x ast.Expr, sc *Scope) code {
	if sc == nil {
		return nil
	}
	slot := &ev.codeSlots[codeSlotOf(x, sc.home)]
	if slot.final && slot.x == x && slot.mod == sc.home {
		return slot.code
	}
	key := nodeKey{x, sc.home}
	if k, ok := ev.codes[key]; ok {
		*slot = codeSlot{x: x, mod: sc.home, code: k, final: true}
		return k
	}
	k := ev.spec.codeFor(x, sc)
	if ev.codes == nil || len(ev.codes) >= maxCachedCodes {
		// Expressions parsed on the fly (a trace validator's) would otherwise pile up.
		ev.codes = map[nodeKey]code{}
	}
	if k != nil || ev.spec.ready {
		// A miss is final only once the definitions it might be part of can be compiled.
		ev.codes[key] = k
		*slot = codeSlot{x: x, mod: sc.home, code: k, final: true}
	}
	return k
}

// maxCachedCodes bounds an evaluator's cache of codeFor.
const maxCachedCodes = 1 << 14

// codeSlots is a direct-mapped cache in front of an evaluator's codeFor map: the checker asks
// for the code of the same few hundred guards at every state, and hashing a node key for the
// map was a twentieth of its time.
const codeSlots = 512

type codeSlot struct {
	x     ast.Expr
	mod   *modCtx
	code  code
	final bool
}

// codeSlotOf is the slot of x in module mod: syntax nodes are pointers, whose address (the
// interface's data word) identifies the node.
func codeSlotOf(x ast.Expr, mod *modCtx) int {
	p := (*[2]uintptr)(unsafe.Pointer(&x))[1]
	m := uintptr(unsafe.Pointer(mod))
	return int((p>>4 ^ p>>13 ^ m>>6) & (codeSlots - 1))
}

type nodeKey struct {
	x   ast.Expr
	mod *modCtx
}

// remember records that x compiled in c is k (see codeFor).
func (c *cscope) remember(x ast.Expr, k code) {
	if c.spec == nil {
		return
	}
	n := &nodeCode{mod: c.mod, code: k}
	if old, ok := c.spec.nodeCodes.Load(x); ok {
		for o := old.(*nodeCode); o != nil; o = o.next {
			if o.mod == c.mod {
				return
			}
		}
		n.next = old.(*nodeCode)
	}
	c.spec.nodeCodes.Store(x, n)
}

// local returns how many frames above c the frame binding name is, or -1 if no frame does.
func (c *cscope) local(name string) int {
	d := 0
	for s := c; s.parent != nil; s = s.parent {
		if s.name == name {
			return d
		}
		d++
	}
	return -1
}

// interpret is the code that walks x.
func interpret(x ast.Expr) code {
	return func(ev *evaluator, sc *Scope) value.Value { return ev.eval(x, sc) }
}

// compile returns x's code in scope c.
func (c *cscope) compile(x ast.Expr) code {
	var k code
	if name, ok := c.hoisted[x]; ok && c.local(name) >= 0 {
		k = c.hoistedRef(x, name, c.local(name), c.compileNode(x))
	} else {
		k = c.compileNode(x)
	}
	switch x.(type) {
	case *ast.Num, *ast.Bool, *ast.String, *ast.Paren, *ast.Label:
	default:
		c.remember(x, k)
	}
	return k
}

func (c *cscope) compileNode(x ast.Expr) code {
	switch x := x.(type) {
	case *ast.Num:
		if x.IsInt && x.Int >= value.MinInt && x.Int <= value.MaxInt {
			v := value.Value(value.Int(x.Int))
			return func(*evaluator, *Scope) value.Value { return v }
		}
	case *ast.Bool:
		v := value.Value(value.Bool(x.Value))
		return func(*evaluator, *Scope) value.Value { return v }
	case *ast.String:
		v := value.Value(value.Str(x.Value))
		return func(*evaluator, *Scope) value.Value { return v }
	case *ast.Paren:
		return c.compile(x.X)
	case *ast.Label:
		return c.compile(x.X)
	case *ast.Ident:
		return c.ident(x)
	case *ast.OpApp:
		return c.opApp(x)
	case *ast.InfixExpr:
		return c.infix(x)
	case *ast.PrefixExpr:
		return c.prefix(x)
	case *ast.PostfixExpr:
		if x.Op == "'" {
			return c.primed(x)
		}
	case *ast.Junction:
		return c.junction(x)
	case *ast.If:
		cond, then, els := c.compile(x.Cond), c.compile(x.Then), c.compile(x.Else)
		return func(ev *evaluator, sc *Scope) value.Value {
			if ev.asBool(cond(ev, sc), x.Cond) {
				return then(ev, sc)
			}
			return els(ev, sc)
		}
	case *ast.Case:
		return c.caseExpr(x)
	case *ast.Let:
		return c.let(x)
	case *ast.Quant:
		return c.quant(x)
	case *ast.Choose:
		return c.choose(x)
	case *ast.FuncApp:
		return c.funcApp(x)
	case *ast.Dot:
		return c.dot(x)
	case *ast.Tuple:
		elems := c.compileAll(x.Elems)
		return func(ev *evaluator, sc *Scope) value.Value {
			v, t := value.MakeTuple(len(elems)) // one allocation, not two (see MakeTuple)
			for i, e := range elems {
				t[i] = e(ev, sc)
			}
			return v
		}
	case *ast.Record:
		return c.record(x)
	case *ast.SetEnum:
		return c.setEnum(x)
	case *ast.Except:
		return c.except(x)
	case *ast.FuncCons:
		return c.funcCons(x)
	case *ast.SetFilter:
		return c.setFilter(x)
	case *ast.SetMap:
		return c.setMap(x)
	case *ast.Lambda:
		// Not a value: its body is compiled, in the scope a higher-order operator binds its
		// parameters in (evaluator.body), for whichever operator it is passed to.
		inner := c
		for _, p := range x.Params {
			inner = inner.bind(p.Name, false)
		}
		inner.compile(x.Body)
	case *ast.At:
		if d := c.local("@"); d >= 0 {
			return func(ev *evaluator, sc *Scope) value.Value {
				if s := frameAt(sc, d, "@"); s != nil {
					ev.localReads++
					return s.val
				}
				return ev.eval(x, sc)
			}
		}
	}
	return interpret(x)
}

func (c *cscope) compileAll(xs []ast.Expr) []code {
	out := make([]code, len(xs))
	for i, x := range xs {
		out[i] = c.compile(x)
	}
	return out
}

// asBool requires v, the value of x, to be a boolean.
func (ev *evaluator) asBool(v value.Value, x ast.Expr) bool {
	b, ok := v.(value.Bool)
	if !ok {
		fail(x.Position(), "expected a boolean, got %s", value.Abbrev(v))
	}
	return bool(b)
}

// asSet requires v, the value of x, to be a set.
func (ev *evaluator) asSet(v value.Value, x ast.Expr) value.SetValue {
	s, ok := v.(value.SetValue)
	if !ok {
		fail(x.Position(), "expected a set, got %s", value.Abbrev(v))
	}
	return s
}

// elems enumerates the (finite) set v, the value of x.
func (ev *evaluator) elems(v value.Value, x ast.Expr) []value.Value {
	s := ev.asSet(v, x)
	if iv, ok := s.(*value.IntervalSet); ok {
		elems, err := iv.Elems()
		check(x.Position(), err)
		return elems
	}
	e, err := s.Enumerate()
	check(x.Position(), err)
	return e.Elems()
}

// frameAt returns the frame d frames above sc if it binds name, or nil.
func frameAt(sc *Scope, d int, name string) *Scope {
	s := sc
	for ; d > 0 && s != nil; d-- {
		s = s.parent
	}
	if s == nil || s.mod != nil || s.name != name {
		return nil
	}
	return s
}

func (c *cscope) ident(x *ast.Ident) code {
	if d := c.local(x.Name); d >= 0 {
		own := c.ownFrame(d)
		return func(ev *evaluator, sc *Scope) value.Value {
			s := frameAt(sc, d, x.Name)
			if s == nil {
				return ev.ident(x, sc)
			}
			if !own {
				ev.localReads++
			}
			switch {
			case s.arg != nil:
				return ev.force(s.arg)
			case s.op != nil:
				return ev.apply(s.op, x.Pos, nil, sc)
			}
			return s.val
		}
	}
	b := c.mod.names()[x.Name]
	if b == nil {
		return interpret(x) // BOOLEAN, STRING, or an unknown name
	}
	return func(ev *evaluator, sc *Scope) value.Value { return ev.use(b, x.Name, x.Pos, nil, sc) }
}

// module returns the module's binding of name, when no frame of c binds it.
func (c *cscope) module(name string) *binding {
	if c.local(name) >= 0 {
		return nil
	}
	return c.mod.names()[name]
}

func (c *cscope) opApp(x *ast.OpApp) code {
	if len(x.Prefix) > 0 {
		return interpret(x)
	}
	b := c.module(x.Name)
	if b == nil || b.op == nil {
		return interpret(x)
	}
	op := b.op
	args := c.compileAll(x.Args)
	return func(ev *evaluator, sc *Scope) value.Value {
		return ev.applyCode(op, x.Pos, x.Args, args, sc)
	}
}

func (c *cscope) primed(x *ast.PostfixExpr) code {
	inner := c.compile(x.X)
	return func(ev *evaluator, sc *Scope) value.Value { return ev.primedCode(inner, sc, x.X) }
}

// primedCode is evalPrimed for x compiled to k.
func (ev *evaluator) primedCode(k code, sc *Scope, x ast.Expr) value.Value {
	if ev.primed {
		fail(x.Position(), "a primed expression appears inside another primed expression")
	}
	if ev.ctx.Next == nil {
		fail(x.Position(), "primed expression evaluated outside an action (no next state)")
	}
	ev.primed = true
	defer func() { ev.primed = false }()
	return k(ev, sc)
}

func (c *cscope) junction(x *ast.Junction) code {
	items := c.compileAll(x.Items)
	and := x.Kind == ast.And
	return func(ev *evaluator, sc *Scope) value.Value {
		for i, item := range items {
			if ev.asBool(item(ev, sc), x.Items[i]) != and {
				return value.Bool(!and)
			}
		}
		return value.Bool(and)
	}
}

func (c *cscope) caseExpr(x *ast.Case) code {
	conds := make([]code, len(x.Arms))
	vals := make([]code, len(x.Arms))
	for i, arm := range x.Arms {
		conds[i], vals[i] = c.compile(arm.Cond), c.compile(arm.Value)
	}
	var other code
	if x.Other != nil {
		other = c.compile(x.Other)
	}
	return func(ev *evaluator, sc *Scope) value.Value {
		for i, cond := range conds {
			if ev.asBool(cond(ev, sc), x.Arms[i].Cond) {
				return vals[i](ev, sc)
			}
		}
		if other != nil {
			return other(ev, sc)
		}
		fail(x.Pos, "no CASE arm applies and there is no OTHER")
		return nil
	}
}

func (c *cscope) infix(x *ast.InfixExpr) code {
	switch x.Op {
	case `/\`, `\/`, `=>`:
		l, r := c.compile(x.L), c.compile(x.R)
		op := x.Op
		return func(ev *evaluator, sc *Scope) value.Value {
			a := ev.asBool(l(ev, sc), x.L)
			switch {
			case op == `/\` && !a:
				return value.False
			case op == `\/` && a:
				return value.True
			case op == `=>` && !a:
				return value.True
			}
			return value.Bool(ev.asBool(r(ev, sc), x.R))
		}
	case `=`, `/=`:
		l, r := c.compile(x.L), c.compile(x.R)
		want := x.Op == `=`
		return func(ev *evaluator, sc *Scope) value.Value {
			eq, err := value.Equal(l(ev, sc), r(ev, sc))
			check(x.Pos, err)
			return value.Bool(eq == want)
		}
	case `\in`, `\notin`:
		// Membership is decided without building the set where its form allows (member.go).
		r, set := c.memberOrSet(x.R)
		want := x.Op == `\in`
		if t, ok := x.L.(*ast.Tuple); ok && set != nil && len(t.Elems) > 0 && len(t.Elems) <= probeLen {
			elems := c.compileAll(t.Elems)
			if set.when == nil {
				return func(ev *evaluator, sc *Scope) value.Value {
					return value.Bool(ev.tupleIn(x, elems, set, sc) == want)
				}
			}
			l := c.compile(x.L)
			return func(ev *evaluator, sc *Scope) value.Value {
				if set.searches(ev) {
					return value.Bool(ev.tupleIn(x, elems, set, sc) == want)
				}
				v, err := value.Normalize(l(ev, sc))
				check(x.Pos, err)
				return value.Bool(r(ev, sc, v) == want)
			}
		}
		l := c.compile(x.L)
		return func(ev *evaluator, sc *Scope) value.Value {
			v, err := value.Normalize(l(ev, sc))
			check(x.Pos, err)
			return value.Bool(r(ev, sc, v) == want)
		}
	case `<=>`:
		l, r := c.compile(x.L), c.compile(x.R)
		return func(ev *evaluator, sc *Scope) value.Value {
			return value.Bool(ev.asBool(l(ev, sc), x.L) == ev.asBool(r(ev, sc), x.R))
		}
	case `\cap`:
		l, r := c.compile(x.L), c.compile(x.R)
		return func(ev *evaluator, sc *Scope) value.Value {
			s, err := value.Intersect(ev.asSet(l(ev, sc), x.L), ev.asSet(r(ev, sc), x.R))
			check(x.Pos, err)
			return s
		}
	case `\subseteq`, `\supseteq`:
		l, r := c.compile(x.L), c.compile(x.R)
		sup := x.Op == `\supseteq`
		return func(ev *evaluator, sc *Scope) value.Value {
			a, b := ev.asSet(l(ev, sc), x.L), ev.asSet(r(ev, sc), x.R)
			if sup {
				a, b = b, a
			}
			ok, err := value.IsSubset(a, b)
			check(x.Pos, err)
			return value.Bool(ok)
		}
	case `\cup`, `\`:
		l := c.compile(x.L)
		union := x.Op == `\cup`
		if one, ok := ast.Unparen(x.R).(*ast.SetEnum); ok && len(one.Elems) == 1 {
			// S \cup {e} and S \ {e} (sending a message, the other acceptors) do not build {e}.
			e := c.compile(one.Elems[0])
			return func(ev *evaluator, sc *Scope) value.Value {
				a := ev.asSet(l(ev, sc), x.L)
				var s value.SetValue
				var err error
				if union {
					s, err = value.Insert(a, e(ev, sc))
				} else {
					s, err = value.Remove(a, e(ev, sc))
				}
				check(x.Pos, err)
				return s
			}
		}
		r := c.compile(x.R)
		return func(ev *evaluator, sc *Scope) value.Value {
			a, b := ev.asSet(l(ev, sc), x.L), ev.asSet(r(ev, sc), x.R)
			var s value.SetValue
			var err error
			if union {
				s, err = value.Union(a, b)
			} else {
				s, err = value.Difference(a, b)
			}
			check(x.Pos, err)
			return s
		}
	}
	if isBuiltinInfix(x.Op) {
		return interpret(x)
	}
	if c.opFrames {
		// A LET operator or higher-order parameter may be named like the operator.
		return interpret(x)
	}
	b := c.module(x.Op)
	if b == nil || b.op == nil {
		return interpret(x)
	}
	op := b.op
	l, r := c.compile(x.L), c.compile(x.R)
	if op.native != nil && op.native.ints != nil {
		return func(ev *evaluator, sc *Scope) value.Value { return ev.intsCode(op, x, l, r, sc) }
	}
	args := []ast.Expr{x.L, x.R}
	codes := []code{l, r}
	return func(ev *evaluator, sc *Scope) value.Value { return ev.applyCode(op, x.Pos, args, codes, sc) }
}

// isBuiltinInfix reports whether op is an infix operator of TLA+ itself, which infix evaluates.
// These are SANY's built-in infix operators (tla2sany/semantic/ASTConstants: =, /=, \land, \lor,
// =>, \equiv, ~>, -+->, \cdot, \in, \notin, \subseteq, \, \intersect, \union). \subset, \supset
// and \supseteq are not among them: a module that uses them defines them, and its definition
// is what they mean (TLC's test-model/suite/test204: z \subset y == <<49, z, y>>).
func isBuiltinInfix(op string) bool {
	switch op {
	case `/\`, `\/`, `=>`, `<=>`, `=`, `/=`, `\in`, `\notin`, `\cup`, `\cap`, `\`, `\subseteq`,
		`~>`, `-+->`, `\cdot`:
		return true
	}
	return false
}

// intsCode is infixInts with the operands compiled.
func (ev *evaluator) intsCode(op *Operator, x *ast.InfixExpr, l, r code, sc *Scope) value.Value {
	ev.enter(x.Pos, op.Name)
	a := l(ev, sc)
	ai, ok := a.(value.Int)
	if !ok {
		fail(x.Pos, "%s", argErrorText(op.Name, 0, 2, "an integer", a))
	}
	b := r(ev, sc)
	bi, ok := b.(value.Int)
	if !ok {
		fail(x.Pos, "%s", argErrorText(op.Name, 1, 2, "an integer", b))
	}
	var cl *call
	if n := len(ev.freeCalls); n > 0 {
		cl, ev.freeCalls = ev.freeCalls[n-1], ev.freeCalls[:n-1]
	} else {
		cl = &call{ev: ev}
	}
	cl.pos, cl.sc, cl.name, cl.args = x.Pos, sc, op.Name, nil
	v := op.native.ints(cl, int64(ai), int64(bi))
	cl.sc = nil
	ev.freeCalls = append(ev.freeCalls, cl)
	ev.leave()
	return v
}

// let compiles a LET the way letScopeTo binds it: a frame per definition (RECURSIVE
// declarations bind none), each written in the scope of all of them.
func (c *cscope) let(x *ast.Let) code {
	inner := c
	for _, d := range x.Defs {
		switch d := d.(type) {
		case *ast.OpDef:
			inner = inner.bind(d.Name, len(d.Params) > 0)
		case *ast.FuncDef:
			inner = inner.bind(d.Name, true)
		case *ast.ModuleDef:
			inner = inner.bind(d.Name, true)
		case *ast.RecursiveDecl:
		default:
			return interpret(x)
		}
	}
	defs := make([]code, len(x.Defs))
	for i, d := range x.Defs {
		if d, ok := d.(*ast.OpDef); ok {
			ctx := inner
			for _, p := range d.Params {
				ctx = ctx.bind(p.Name, p.Arity > 0)
			}
			defs[i] = ctx.compile(d.Body)
		}
	}
	body := inner.compile(x.Body)
	return func(ev *evaluator, sc *Scope) value.Value {
		mark := ev.frames.mark()
		v := body(ev, ev.letCode(x, defs, sc))
		ev.frames.release(mark)
		return v
	}
}

// letCode is letScopeTo on the evaluation's stacks, giving the definitions their code.
func (ev *evaluator) letCode(x *ast.Let, defs []code, sc *Scope) *Scope {
	inner := sc
	for i, d := range x.Defs {
		switch d := d.(type) {
		case *ast.OpDef:
			if len(d.Params) == 0 {
				f, t := ev.frames.scopes.push(), ev.frames.thunks.push()
				t.expr, t.code, t.owner, t.ownEpoch = d.Body, defs[i], ev, ev.epoch
				home, opFrames := inner.inherited()
				*f = Scope{parent: inner, name: d.Name, arg: t, home: home, opFrames: opFrames}
				inner = f
				continue
			}
			op := &Operator{Name: d.Name, Params: d.Params, Pos: d.Pos, body: d.Body}
			op.compiled.Store(&compiledBody{body: defs[i]})
			inner = inner.bindOp(d.Name, op)
		case *ast.FuncDef:
			inner = inner.bindOp(d.Name, &Operator{Name: d.Name, Pos: d.Pos, funcDef: d})
		case *ast.ModuleDef:
			inner = inner.bindOp(d.Name, &Operator{Name: d.Name, Params: d.Params, Pos: d.Pos, inst: d})
		}
	}
	for f := inner; f != sc; f = f.parent {
		if f.arg != nil {
			f.arg.scope = inner
		} else {
			f.op.scope = inner
		}
	}
	return inner
}

// simpleBounds reports whether bounds bind only names (no tuples), each with a set.
func simpleBounds(bounds []*ast.Bound) bool {
	for _, b := range bounds {
		if b.Tuple || b.Set == nil {
			return false
		}
	}
	return true
}

// binder is one bound name of a quantifier and the code of its set, or a tuple of names
// (<<x, y>> \in S) bound to the components of each element.
type binder struct {
	name  string
	tuple []*ast.Ident
	set   code
	// each, when not nil, streams the set (see cscope.compileSet); a name's only.
	each each
	expr ast.Expr
	pos  ast.Pos
}

// bindableBounds reports whether every bound has a set (the names may be tuples).
func bindableBounds(bounds []*ast.Bound) bool {
	for _, b := range bounds {
		if b.Set == nil || b.Tuple && len(b.Names) > maxTuple {
			return false
		}
	}
	return true
}

// maxTuple is the most names a compiled tuple binder binds (its frames are on the Go stack).
const maxTuple = 8

// binders compiles bounds (bindableBounds) in c, each set in the scope of the names before it,
// and returns them with the scope of the body.
func (c *cscope) binders(bounds []*ast.Bound) ([]binder, *cscope) {
	var out []binder
	for _, b := range bounds {
		if b.Tuple {
			out = append(out, binder{tuple: b.Names, set: c.compile(b.Set), expr: b.Set, pos: b.Pos})
			for _, n := range b.Names {
				c = c.bind(n.Name, false)
			}
			continue
		}
		for _, n := range b.Names {
			set, each := c.compileSet(b.Set)
			out = append(out, binder{name: n.Name, set: set, each: each, expr: b.Set, pos: n.Pos})
			c = c.bind(n.Name, false)
		}
	}
	return out, c
}

// forEachCode calls body with sc extended by every combination of values of bs[i:], in
// normalized order, until body returns false, and reports whether body always returned true.
func (ev *evaluator) forEachCode(bs []binder, i int, sc *Scope, body func(*Scope) bool) bool {
	if i == len(bs) {
		return body(sc)
	}
	b := &bs[i]
	if b.each != nil {
		return ev.forEachIter(bs, i, sc, b.each(ev, sc), body)
	}
	set := b.set(ev, sc)
	if _, ok := set.(*value.SubsetSet); ok && b.tuple == nil {
		return ev.forEachIter(bs, i, sc, ev.iterValue(set, b.expr), body)
	}
	elems := ev.elems(set, b.expr)
	if b.tuple != nil {
		return ev.forEachTuple(bs, i, elems, sc, body)
	}
	frame := ev.loop()
	for _, v := range elems {
		ev.tick(b.pos)
		if !ev.forEachCode(bs, i+1, frame.bind(sc, b.name, v), body) {
			ev.endLoop(&frame)
			return false
		}
	}
	ev.endLoop(&frame)
	return true
}

// forEachTuple is forEachCode for bs[i], a tuple binder, over elems: each element's components
// are bound in frames of loops of their own, as the walked code's bindComponent binds them.
func (ev *evaluator) forEachTuple(bs []binder, i int, elems []value.Value, sc *Scope, body func(*Scope) bool) bool {
	b := &bs[i]
	var frames [maxTuple]loopFrame
	for k := range b.tuple {
		frames[k] = ev.loop()
	}
	end := func() {
		for k := len(b.tuple) - 1; k >= 0; k-- {
			ev.endLoop(&frames[k])
		}
	}
	for _, v := range elems {
		ev.tick(b.pos)
		t, err := value.AsSeq(v)
		if err != nil || len(t) != len(b.tuple) {
			end()
			fail(b.pos, "the tuple binder <<%s>> does not match %s", joinNames(b.tuple), value.Abbrev(v))
		}
		s := sc
		for k, n := range b.tuple {
			s = frames[k].bind(s, n.Name, t[k])
		}
		if !ev.forEachCode(bs, i+1, s, body) {
			end()
			return false
		}
	}
	end()
	return true
}

func (c *cscope) quant(x *ast.Quant) code {
	if (x.Kind != ast.Forall && x.Kind != ast.Exists) || !bindableBounds(x.Bounds) {
		return interpret(x)
	}
	var h *hoisting
	hc := c
	if !comparesBound(x) {
		h, hc = c.hoist(boundNames(x.Bounds), x.Body)
	}
	bs, inner := hc.binders(x.Bounds)
	body := inner.compile(x.Body)
	var general code
	if x.Kind == ast.Forall {
		general = func(ev *evaluator, sc *Scope) value.Value {
			return value.Bool(ev.forEachCode(bs, 0, sc, func(s *Scope) bool { return ev.asBool(body(ev, s), x.Body) }))
		}
	} else {
		general = func(ev *evaluator, sc *Scope) value.Value {
			return value.Bool(!ev.forEachCode(bs, 0, sc, func(s *Scope) bool { return !ev.asBool(body(ev, s), x.Body) }))
		}
	}
	if h != nil {
		c.rememberHoisting(x.Bounds, h)
		return hoisted(h, general)
	}
	if bound := c.quantBound(x, bs[0].set, general); bound != nil {
		return bound
	}
	return general
}

func (c *cscope) choose(x *ast.Choose) code {
	if x.Bound.Tuple || x.Bound.Set == nil || len(x.Bound.Names) != 1 {
		return interpret(x)
	}
	name := x.Bound.Names[0].Name
	set := c.compile(x.Bound.Set)
	h, hc := c.hoist([]string{name}, x.Body)
	body := hc.bind(name, false).compile(x.Body)
	general := func(ev *evaluator, sc *Scope) value.Value {
		s := ev.asSet(set(ev, sc), x.Bound.Set)
		elems, err := s.Enumerate()
		check(x.Bound.Set.Position(), err)
		mark, bsc := ev.hoistBegin(h, sc)
		frame := ev.loop()
		for _, v := range elems.Elems() {
			ev.tick(x.Pos)
			if ev.asBool(body(ev, frame.bind(bsc, name, v)), x.Body) {
				ev.endLoop(&frame)
				ev.hoistEnd(h, mark)
				return v
			}
		}
		ev.endLoop(&frame)
		ev.hoistEnd(h, mark)
		fail(x.Pos, "CHOOSE found no element of %s satisfying the condition", value.Abbrev(s))
		return nil
	}
	if extreme := c.chooseExtreme(x, set, general); extreme != nil {
		return extreme
	}
	return general
}

func (c *cscope) funcApp(x *ast.FuncApp) code {
	f := c.compile(x.Func)
	args := c.compileAll(x.Args)
	if len(args) == 1 {
		a := args[0]
		return func(ev *evaluator, sc *Scope) value.Value {
			fv := f(ev, sc)
			return ev.applyFunc(fv, a(ev, sc), x.Pos)
		}
	}
	return func(ev *evaluator, sc *Scope) value.Value {
		fv := f(ev, sc)
		v, t := value.MakeTuple(len(args))
		for i, a := range args {
			t[i] = a(ev, sc)
		}
		return ev.applyFunc(fv, v, x.Pos)
	}
}

func (c *cscope) dot(x *ast.Dot) code {
	rec := c.compile(x.X)
	// at is one more than where the field was found first: records met at one r.f mostly have
	// one shape, and trying that position first saves scanning the names (field lookups were a
	// tenth of a trace validation's instructions). It is set once, never moved: compiled code is
	// shared by the model checker's workers, and a hint rewritten by both whenever a site meets
	// records of alternating shapes (m.mtype of Raft's messages) would bounce between their
	// caches.
	var at atomic.Int32
	return func(ev *evaluator, sc *Scope) value.Value {
		r := rec(ev, sc)
		if r, ok := r.(*value.Record); ok {
			hint := at.Load()
			if v, ok := r.FieldAt(int(hint)-1, x.Field); ok {
				return v
			}
			if i := r.FieldIndex(x.Field); i >= 0 {
				if hint == 0 {
					at.CompareAndSwap(0, int32(i)+1)
				}
				return r.ValueAt(i)
			}
		}
		if r.Kind() != value.KindFunc {
			fail(x.Pos, "selecting field %s of %s, which is not a record", x.Field, value.Abbrev(r))
		}
		v, err := value.Apply(r, value.Str(x.Field))
		if err != nil {
			fail(x.Pos, "record %s has no field %s", value.Abbrev(r), x.Field)
		}
		return v
	}
}

func (c *cscope) record(x *ast.Record) code {
	vals := make([]code, len(x.Fields))
	for i, f := range x.Fields {
		vals[i] = c.compile(f.Value)
	}
	return func(ev *evaluator, sc *Scope) value.Value {
		layout := recordLayoutOf(x)
		r, out := layout.proto.Blank() // the record and its values in one allocation
		for i, v := range vals {
			out[layout.at[i]] = v(ev, sc)
		}
		return r
	}
}

func (c *cscope) setEnum(x *ast.SetEnum) code {
	elems := c.unowned().compileAll(x.Elems)
	return func(ev *evaluator, sc *Scope) value.Value {
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		if len(elems) == 1 {
			s, err := value.Singleton(elems[0](ev, sc))
			check(x.Pos, err)
			return ev.remember(&x.Memo, probe, s)
		}
		vals := make([]value.Value, len(elems))
		for i, e := range elems {
			vals[i] = e(ev, sc)
		}
		s, err := value.NewSet(vals...)
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, s)
	}
}

// except compiles [f EXCEPT ![k]... = e, ...]: the keys in c, each new value with @ bound in a
// frame above c (updateAt).
func (c *cscope) except(x *ast.Except) code {
	f := c.compile(x.Func)
	type step struct {
		field string
		args  []code
		pos   ast.Pos
	}
	type update struct {
		path []step
		val  code
		pos  ast.Pos
	}
	ups := make([]update, len(x.Updates))
	at := c.bind("@", false)
	for i, u := range x.Updates {
		for _, s := range u.Path {
			st := step{field: s.Field, pos: s.Pos}
			if s.Args != nil {
				st.args = c.compileAll(s.Args)
			}
			ups[i].path = append(ups[i].path, st)
		}
		ups[i].val, ups[i].pos = at.compile(u.Value), u.Pos
	}
	var updateAt func(ev *evaluator, fv value.Value, path []step, u *update, sc *Scope) value.Value
	updateAt = func(ev *evaluator, fv value.Value, path []step, u *update, sc *Scope) value.Value {
		var key value.Value
		switch st := path[0]; {
		case st.args == nil:
			key = value.Str(st.field)
		case len(st.args) == 1:
			key = st.args[0](ev, sc)
		default:
			t := make(value.Tuple, len(st.args))
			for i, a := range st.args {
				t[i] = a(ev, sc)
			}
			key = t
		}
		fn, err := value.AsFunc(fv)
		if err != nil {
			fail(path[0].pos, "EXCEPT applied to %s, which is not a function", value.Abbrev(fv))
		}
		k, err := value.Normalize(key)
		check(path[0].pos, err)
		old, ok, err := fn.Lookup(k)
		check(path[0].pos, err)
		if !ok {
			return fn
		}
		var nv value.Value
		if len(path) == 1 {
			mark := ev.frames.mark()
			f := ev.frames.scopes.push()
			home, opFrames := sc.inherited()
			*f = Scope{parent: sc, name: "@", val: old, home: home, opFrames: opFrames}
			nv = u.val(ev, f)
			ev.frames.release(mark)
		} else {
			nv = updateAt(ev, old, path[1:], u, sc)
		}
		out, err := value.Update(fn, k, nv)
		check(u.pos, err)
		return out
	}
	return func(ev *evaluator, sc *Scope) value.Value {
		fv := f(ev, sc)
		for i := range ups {
			fv = updateAt(ev, fv, ups[i].path, &ups[i], sc)
		}
		return fv
	}
}

// funcCons compiles [x \in S |-> e] with one bound name over a finite set; other forms are
// walked.
func (c *cscope) funcCons(x *ast.FuncCons) code {
	if len(x.Bounds) != 1 || !simpleBounds(x.Bounds) || len(x.Bounds[0].Names) != 1 {
		return interpret(x)
	}
	if k := c.restriction(x); k != nil {
		return k
	}
	name := x.Bounds[0].Names[0].Name
	set := c.unowned().compile(x.Bounds[0].Set)
	h, hc := c.owning().hoist([]string{name}, x.Body)
	body := hc.bind(name, false).compile(x.Body)
	return func(ev *evaluator, sc *Scope) value.Value {
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		dom := ev.asSet(set(ev, sc), x.Bounds[0].Set)
		if !dom.Finite() {
			return ev.remember(&x.Memo, probe, ev.funcCons(x, sc))
		}
		elems, err := dom.Enumerate()
		check(x.Pos, err)
		keys := elems.Elems()
		vals := make([]value.Value, len(keys))
		mark, bsc := ev.hoistBegin(h, sc)
		frame := ev.loop()
		for i, k := range keys {
			ev.tick(x.Pos)
			vals[i] = body(ev, frame.bind(bsc, name, k))
		}
		ev.endLoop(&frame)
		ev.hoistEnd(h, mark)
		f, err := value.NewFuncOnSet(elems, vals)
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, f)
	}
}

// restriction compiles [n \in DOMAIN f \ S |-> f[n]], f a name (a message bag without one
// message, as Raft.tla removes a delivered message): f restricted to the rest of its domain,
// taken in one pass over f (value.Restrict) instead of building DOMAIN f \ S and looking each of
// its elements up in f again. It returns nil for any other constructor.
func (c *cscope) restriction(x *ast.FuncCons) code {
	n := x.Bounds[0].Names[0].Name
	diff, ok := ast.Unparen(x.Bounds[0].Set).(*ast.InfixExpr)
	if !ok || diff.Op != `\` {
		return nil
	}
	dom, ok := ast.Unparen(diff.L).(*ast.PrefixExpr)
	if !ok || dom.Op != "DOMAIN" {
		return nil
	}
	f, ok := ast.Unparen(dom.X).(*ast.Ident)
	app, ok2 := ast.Unparen(x.Body).(*ast.FuncApp)
	if !ok || !ok2 || f.Name == n || len(app.Args) != 1 {
		return nil
	}
	g, ok := ast.Unparen(app.Func).(*ast.Ident)
	arg, ok2 := ast.Unparen(app.Args[0]).(*ast.Ident)
	if !ok || !ok2 || g.Name != f.Name || arg.Name != n {
		return nil
	}
	fc, sc := c.unowned().compile(dom.X), c.unowned().compile(diff.R)
	return func(ev *evaluator, s *Scope) value.Value {
		v, probe := ev.constant(&x.Memo, s)
		if v != nil {
			return v
		}
		fv, ok := fc(ev, s).(value.FuncValue)
		if !ok {
			return ev.remember(&x.Memo, probe, ev.funcCons(x, s))
		}
		drop := ev.asSet(sc(ev, s), diff.R)
		set, _ := drop.(*value.Set)
		out, err := value.Restrict(fv, func(d value.Value) (bool, error) {
			ev.tick(x.Pos)
			if set != nil {
				return set.ContainsNormalized(d)
			}
			return drop.Contains(d)
		})
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, out)
	}
}

// prefix compiles the prefix operators of TLA+ that states and actions use: ~, DOMAIN, SUBSET
// and UNCHANGED; the others are walked.
func (c *cscope) prefix(x *ast.PrefixExpr) code {
	switch x.Op {
	case "~":
		a := c.compile(x.X)
		return func(ev *evaluator, sc *Scope) value.Value { return value.Bool(!ev.asBool(a(ev, sc), x.X)) }
	case "DOMAIN":
		a := c.compile(x.X)
		return func(ev *evaluator, sc *Scope) value.Value {
			d, err := value.Domain(a(ev, sc))
			check(x.Pos, err)
			return d
		}
	case "SUBSET":
		a := c.compile(x.X)
		return func(ev *evaluator, sc *Scope) value.Value { return value.Subset(ev.asSet(a(ev, sc), x.X)) }
	case "UNCHANGED":
		// e' = e, e' evaluated as the primed expression compiles it.
		a := c.compile(x.X)
		return func(ev *evaluator, sc *Scope) value.Value {
			now := a(ev, sc)
			next := ev.primedCode(a, sc, x.X)
			eq, err := value.Equal(now, next)
			check(x.X.Position(), err)
			return value.Bool(eq)
		}
	}
	return interpret(x)
}

// setFilter compiles {x \in S : P} with a single bound name; a filter over an infinite set is
// the walker's lazy set.
func (c *cscope) setFilter(x *ast.SetFilter) code {
	b := x.Bound
	if b.Tuple || b.Set == nil || len(b.Names) != 1 {
		return interpret(x)
	}
	return c.filterCode(x).value
}

// setMap compiles {e : x \in S, ...} whose binders have sets (names or tuples of names).
func (c *cscope) setMap(x *ast.SetMap) code {
	if !bindableBounds(x.Bounds) {
		return interpret(x)
	}
	h, hc := c.owning().hoist(boundNames(x.Bounds), x.Elem)
	bs, inner := hc.binders(x.Bounds)
	elem := inner.compile(x.Elem)
	return func(ev *evaluator, sc *Scope) value.Value {
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		var buf [16]value.Value // the elements, on the stack unless more (see NewSetFrom)
		out := buf[:0]
		mark, bsc := ev.hoistBegin(h, sc)
		ev.forEachCode(bs, 0, bsc, func(s *Scope) bool {
			out = append(out, elem(ev, s))
			return true
		})
		ev.hoistEnd(h, mark)
		s, err := value.NewSetFrom(out)
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, s)
	}
}
