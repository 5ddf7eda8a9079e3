package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// Level returns the level of x, written in sc, as TLC's getLevelBound reports it when it turns a
// temporal property into its liveness form: constant (no variable), state (reads variables),
// action (a prime, UNCHANGED, [A]_v or <<A>>_v outside ENABLED, c' of a constant c too) or
// temporal ([], <>, ~>, WF_, SF_, \AA, \EE). Names are followed into the definitions, operator
// arguments and INSTANCE substitutions they denote, as IsConstant follows them; ENABLED A is a
// state predicate whatever A is, a constant's ENABLED c too. An argument passed to an operator counts with its own level whether or not
// the operator uses it, so the answer may be higher than the exact level, never lower. It
// evaluates nothing but the arguments of instance prefixes (M(a)!Op). TLCGet, TLCSet, JavaTime
// and RandomElement count as state-level whatever their arguments: their value is not the same
// at every evaluation, so a formula using them is evaluated in each state rather than once.
func (s *Spec) Level(x ast.Expr, sc *Scope) semantic.Level {
	lvl, _ := s.levelOf(x, sc)
	return lvl
}

// DependsOnRun reports whether evaluating x, written in sc, may use TLCGet, TLCSet, JavaTime or
// RandomElement (directly or through the definitions it refers to): its value then depends on
// when and in what order a model checker evaluates it, not only on the state. A RandomElement
// inside a constant definition does not count: the definition has one value for the run.
func (s *Spec) DependsOnRun(x ast.Expr, sc *Scope) bool {
	_, run := s.levelOf(x, sc)
	return run
}

// LevelCache remembers, per expression, what LevelIn works out from the expression alone. It is
// for one goroutine.
type LevelCache struct {
	own map[ast.Expr]ownLevel
}

// ownLevel is the level of an expression with the operator arguments and LET constants it
// names counted as constant, and those names (args); whole means the level cannot be split
// that way (an argument met inside a definition it uses, an instance's definition with
// arguments), so Level works it out each time.
type ownLevel struct {
	lvl   semantic.Level
	args  []resolvable
	whole bool
}

// LevelIn is Level(x, sc), cheaper on repeated calls: the level x has of its own is remembered
// in c, and only the levels of the arguments it names (W(P) == \E i \in S : P is a state
// predicate in W(x = 0), not in W(x' = 1)) are worked out in sc, the same way.
func (s *Spec) LevelIn(x ast.Expr, sc *Scope, c *LevelCache) semantic.Level {
	return s.levelIn(x, sc, c, 0)
}

func (s *Spec) levelIn(x ast.Expr, sc *Scope, c *LevelCache, depth int) semantic.Level {
	if sc == nil {
		sc = s.root.root
	}
	o, ok := c.own[x]
	if !ok {
		lv := leveler{s: s, memo: map[*Operator]semantic.Level{}, own: true}
		o.lvl = lv.expr(x, sc, 0)
		o.args, o.whole = lv.args, lv.whole
		if c.own == nil {
			c.own = map[ast.Expr]ownLevel{}
		}
		c.own[x] = o
	}
	if o.whole || depth > 64 {
		return s.Level(x, sc)
	}
	lvl := o.lvl
	for _, n := range o.args {
		if lvl >= semantic.TemporalLevel {
			break
		}
		b, _, found := lookupNodeNoPanic(n, sc)
		if !found || b.arg == nil || b.arg.scope == nil {
			continue
		}
		if l := s.levelIn(b.arg.expr, b.arg.scope, c, depth+1); l > lvl {
			lvl = l
		}
	}
	return lvl
}

// lookupNodeNoPanic is lookupNode for the name n denotes, reporting a failed lookup as not found.
func lookupNodeNoPanic(n resolvable, sc *Scope) (b binding, local, found bool) {
	defer func() {
		if recover() != nil {
			b, local, found = binding{}, false, false
		}
	}()
	name := ""
	switch n := n.(type) {
	case *ast.Ident:
		name = n.Name
	case *ast.OpApp:
		name = n.Name
	}
	return lookupNode(name, n, sc)
}

func (s *Spec) levelOf(x ast.Expr, sc *Scope) (semantic.Level, bool) {
	if sc == nil {
		sc = s.root.root
	}
	lv := leveler{s: s, memo: map[*Operator]semantic.Level{}}
	return lv.expr(x, sc, 0), lv.run
}

// runDependent are the standard operators Level takes as state-level (see stateIndependent,
// less the printing ones, whose value is their argument's).
var runDependent = map[string]bool{"TLCGet": true, "TLCSet": true, "JavaTime": true, "RandomElement": true}

// leveler computes levels, remembering those of the definitions it went through. A definition
// being worked out counts as constant where it refers to itself, which is the least fixed point:
// a recursive definition has the level of its non-recursive parts. run records whether a
// run-dependent operator was met. With own (LevelIn) arguments count as constant: args collects
// the names of those the expression names itself, whole records one met elsewhere.
type leveler struct {
	s     *Spec
	memo  map[*Operator]semantic.Level
	run   bool
	own   bool
	args  []resolvable
	whole bool
}

func (lv *leveler) expr(x ast.Expr, sc *Scope, depth int) semantic.Level {
	if depth > 64 {
		return semantic.TemporalLevel // deeper than any specification nests: answer the most general
	}
	lvl := semantic.ConstantLevel
	raise := func(l semantic.Level) {
		if l > lvl {
			lvl = l
		}
	}
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.PostfixExpr:
			if n.Op == "'" {
				// e' is an action whatever e's level, c' of a constant c too, as SANY's
				// BuiltInLevel and TLC's getLevelBoundAppl (isAction: 2) have it; the operand
				// is walked only for what it names (run-dependent operators, arguments).
				lv.expr(n.X, sc, depth+1)
				raise(semantic.ActionLevel)
				return false
			}
		case *ast.PrefixExpr:
			switch n.Op {
			case "UNCHANGED":
				lv.expr(n.X, sc, depth+1)
				raise(semantic.ActionLevel)
				return false
			case "ENABLED":
				// State-level whatever its operand (BuiltInLevel: level 1, operand weight 0;
				// getLevelBoundAppl: OPCODE_enabled is 1).
				lv.expr(n.X, sc, depth+1)
				raise(semantic.StateLevel)
				return false
			case "[]", "<>":
				raise(semantic.TemporalLevel)
			}
		case *ast.InfixExpr:
			if n.Op == "~>" || n.Op == "-+->" {
				raise(semantic.TemporalLevel)
			}
		case *ast.BoxAction, *ast.AngleAction:
			raise(semantic.ActionLevel)
		case *ast.Fairness:
			raise(semantic.TemporalLevel)
		case *ast.Quant:
			if n.Kind == ast.TemporalForall || n.Kind == ast.TemporalExists {
				raise(semantic.TemporalLevel)
			}
		case *ast.Subexpr:
			raise(lv.subexpr(n, sc, depth))
			for _, a := range n.Base.Args {
				raise(lv.expr(a, sc, depth+1))
			}
			for _, sel := range n.Path {
				for _, a := range sel.Args {
					raise(lv.expr(a, sc, depth+1))
				}
			}
			return false
		case *ast.Ident:
			raise(lv.name(n.Name, n, sc, depth))
		case *ast.OpApp:
			if len(n.Prefix) > 0 {
				raise(lv.instanceApp(n, sc, depth))
			} else {
				raise(lv.name(n.Name, n, sc, depth))
			}
		}
		if bounds, body, ok := binderParts(n); ok {
			raise(lv.bound(bounds, body, sc, depth))
			return false
		}
		return lvl < semantic.TemporalLevel
	})
	return lvl
}

// binderParts returns the bounds and the body of a binder (a quantifier, CHOOSE, set filter, set
// map, function constructor or LAMBDA, whose parameters are bounds without a set).
func binderParts(n ast.Node) ([]*ast.Bound, ast.Expr, bool) {
	switch n := n.(type) {
	case *ast.Quant:
		return n.Bounds, n.Body, true
	case *ast.Choose:
		return []*ast.Bound{n.Bound}, n.Body, true
	case *ast.SetFilter:
		return []*ast.Bound{n.Bound}, n.Pred, true
	case *ast.SetMap:
		return n.Bounds, n.Elem, true
	case *ast.FuncCons:
		return n.Bounds, n.Body, true
	case *ast.Lambda:
		return []*ast.Bound{{Names: n.Params}}, n.Body, true
	}
	return nil, nil, false
}

// bound is the level of a binder's sets, each levelled where the names bound before it denote
// values, and of its body, levelled where all the names it binds do: a bound name is constant-level even where a variable of that
// name is visible (a definition of an extended module binding l, the extending module declaring
// VARIABLE l). The depth does not change: the body is part of the expression being levelled.
func (lv *leveler) bound(bounds []*ast.Bound, body ast.Expr, sc *Scope, depth int) semantic.Level {
	lvl := semantic.ConstantLevel
	inner := sc
	for _, b := range bounds {
		if b.Set != nil {
			lvl = max(lvl, lv.expr(b.Set, inner, depth))
		}
		for _, id := range b.Names {
			inner = inner.Bind(id.Name, nil)
		}
	}
	if lvl < semantic.TemporalLevel {
		lvl = max(lvl, lv.expr(body, inner, depth))
	}
	return lvl
}

// name is the level of what name, written in sc, denotes: a variable is state-level, a bound
// value or a constant constant-level, an argument or substitution has its expression's level and
// a definition its body's.
func (lv *leveler) name(name string, n resolvable, sc *Scope, depth int) (lvl semantic.Level) {
	defer func() {
		if recover() != nil {
			lvl = semantic.ConstantLevel
		}
	}()
	b, _, found := lookupNode(name, n, sc)
	switch {
	case !found:
		return semantic.ConstantLevel // bound inside the expression being levelled
	case b.isVar:
		return semantic.StateLevel
	case b.arg != nil:
		if lv.own {
			if depth == 0 {
				lv.args = append(lv.args, n)
			} else {
				lv.whole = true
			}
			return semantic.ConstantLevel
		}
		if b.arg.scope == nil {
			return semantic.ConstantLevel
		}
		// The argument is written in an older frame than the name, so following arguments
		// ends; it is not counted as nesting: a parameter of a recursive definition bound, through
		// many applications of it, to a variable (op(n) == ... op(n - 1) applied to x, as in TLC's
		// test Github1389StateGuard) keeps that variable's level at any depth, as in SANY, where
		// an expression's level does not depend on how deeply it was reached.
		return lv.expr(b.arg.expr, b.arg.scope, depth)
	case b.op != nil:
		return lv.op(b.op, depth)
	}
	return semantic.ConstantLevel
}

// op is the level of a definition's body.
func (lv *leveler) op(op *Operator, depth int) semantic.Level {
	switch {
	case op.native != nil && runDependent[op.Name]:
		lv.run = true
		return semantic.StateLevel
	case op.native != nil || op.value != nil || op.inst != nil:
		return semantic.ConstantLevel
	case op.scope == nil:
		return semantic.ConstantLevel
	}
	if l, ok := lv.memo[op]; ok {
		return l
	}
	if !lv.own && lv.s.constantDefinition(op) {
		// A constant definition choosing at random (Edges == ... RandomElement(...)) has one
		// value for the run, computed once (see Context.Rand) as TLC computes it when it starts:
		// what uses it does not depend on when it is evaluated.
		run := lv.run
		defer func() { lv.run = run }()
	}
	lv.memo[op] = semantic.ConstantLevel
	// The parameters are constant-level in the body (SANY's OpDefNode.levelCheck; the arguments
	// count where the operator is applied), whatever the names denote around the definition.
	sc := op.scope
	for _, p := range op.Params {
		sc = sc.Bind(p.Name, nil)
	}
	var l semantic.Level
	if op.body == nil {
		if op.funcDef == nil {
			return semantic.ConstantLevel
		}
		l = lv.bound(op.funcDef.Bounds, op.funcDef.Body, sc, depth+1)
	} else {
		l = lv.expr(op.body, sc, depth+1)
	}
	lv.memo[op] = l
	return l
}

// instanceApp is the level of M!Op(args): Op's body in the instance, whose variables are
// replaced by their substitutions (the arguments are levelled where they are written).
func (lv *leveler) instanceApp(x *ast.OpApp, sc *Scope, depth int) semantic.Level {
	return lv.resolving(func(ev *evaluator) semantic.Level {
		m, k := ev.instancePrefix(x.Prefix, sc)
		if k >= 0 {
			// A subexpression name (Op!1(e), I!Op!lab(e)): the level of the part it names.
			e, inner := ev.subexprScope(lv.s.splitSubexpr(x, k, nil, x), sc)
			return lv.expr(e, inner, depth+1)
		}
		op, ok := m.prefixed(x.Name)
		if !ok {
			return semantic.TemporalLevel
		}
		return lv.op(op, depth)
	})
}

// subexpr is the level of the part of a definition's body the subexpression name x (TypeOK!2,
// Init2!(0), Thm!:) names, with the definition's parameters and the names crossed on the way
// bound to the arguments given, as SANY levels the expression the name stands for; the
// definition's other parts do not count.
func (lv *leveler) subexpr(x *ast.Subexpr, sc *Scope, depth int) semantic.Level {
	return lv.resolving(func(ev *evaluator) semantic.Level {
		e, inner := ev.subexprScope(x, sc)
		return lv.expr(e, inner, depth+1)
	})
}

// resolving answers level with an evaluator to resolve instance paths and subexpression names
// (evaluating only the arguments of instance prefixes); a name that fails to resolve makes the
// answer the most general one, temporal. The level is then not split into the expression's own
// and its arguments' (see LevelIn).
func (lv *leveler) resolving(level func(ev *evaluator) semantic.Level) (lvl semantic.Level) {
	lv.whole = true
	ev := lv.s.newEvaluator(nil)
	defer lv.s.release(ev)
	defer func() {
		if recover() != nil {
			lvl = semantic.TemporalLevel // cannot tell: the most general answer
		}
	}()
	return level(ev)
}

// Substitution returns a key identifying the INSTANCE substitution x (a name, perhaps in
// parentheses) denotes in sc, when it stands for an expression that is not a variable: deciding
// ENABLED, a model checker binds x' as TLC binds it, and answers reads of x' through
// Context.PrimedSubst with the key. A substitution by a name that is itself substituted (an
// instance's implicit x <- x where x is substituted in the instantiating module) is the one that
// name stands for, followed to the end: both modules' x' are then one value (TLC's Github817:
// Abstract WITH x <- AbstractX instantiates Abstract2, whose Next assigns x' that Abstract's
// WF_x reads).
func (s *Spec) Substitution(x ast.Expr, sc *Scope) (key any, ok bool) {
	id, isIdent := ast.Unparen(x).(*ast.Ident)
	if !isIdent {
		return nil, false
	}
	if sc == nil {
		sc = s.root.root
	}
	b, found := lookupNodeSafely(id, sc)
	if !found || b.arg == nil || !b.arg.shared {
		return nil, false
	}
	if _, isVar := s.Variable(x, sc); isVar {
		return nil, false
	}
	t := b.arg
	for i := 0; i < DefaultMaxDepth && t.scope != nil; i++ {
		next, isIdent := ast.Unparen(t.expr).(*ast.Ident)
		if !isIdent {
			break
		}
		nb, found := lookupNodeSafely(next, t.scope)
		if !found || nb.arg == nil || !nb.arg.shared {
			break
		}
		t = nb.arg
	}
	return t, true
}
