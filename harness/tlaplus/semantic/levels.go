package semantic

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// expr resolves every name in e, checks arities and the level rules of
// TLA+, and returns e's level.
func (x *exprCtx) expr(e ast.Expr) Level {
	switch e := e.(type) {
	case *ast.Num:
		// A decimal number (1.5) is a constant as SANY has it, whether or not the module
		// extends Reals; evaluating one is the evaluator's business.
		return ConstantLevel
	case *ast.String, *ast.Bool:
		return ConstantLevel
	case *ast.Paren:
		return x.expr(e.X)
	case *ast.Label:
		return x.label(e)
	case *ast.Ident:
		s := x.lookup(e.Name)
		if s == nil {
			x.unknown(e.Pos, e.Name)
		}
		if s.Kind == ModuleInstance {
			fail(e.Pos, "%s is a module instance; refer to its definitions as %s!Op", e.Name, e.Name)
		}
		checkFormulaName(s, e.Pos, e.Name)
		if s.Arity > 0 {
			fail(e.Pos, "%s takes %s but is used without any", e.Name, plural(s.Arity, "argument"))
		}
		x.noteUse(s)
		return s.Level
	case *ast.Subexpr:
		return x.subexpr(e)
	case *ast.OpApp:
		if len(e.Prefix) > 0 {
			if _, k := x.prefixSymbol(e); k < len(e.Prefix) {
				return x.subexpr(ast.SplitAt(e, k, nil))
			}
			s, args := x.instancePath(e)
			return maxLevel(args, x.apply(s, e.Args, e.Pos, e.Name))
		}
		s := x.lookup(e.Name)
		if s == nil {
			x.unknown(e.Pos, e.Name)
		}
		return x.apply(s, e.Args, e.Pos, e.Name)
	case *ast.InfixExpr:
		return x.infixChain(e)
	case *ast.PrefixExpr:
		return x.prefix(e)
	case *ast.PostfixExpr:
		if e.Op == "'" {
			x.primed++
			lvl := x.operand(builtinBounds["'"], e.X)
			x.primed--
			if lvl >= ActionLevel {
				fail(e.Pos, "level error: ' applied to %s expression", lvl.article())
			}
			// e' is an action whatever e's level, c' of a constant c too: SANY's BuiltInLevel
			// gives ' the level 2 of its own and its operand weight 0, so OpApplNode.levelCheck
			// takes the operator's level.
			return ActionLevel
		}
		return x.userOp(e.Op, e.Pos, e.X)
	case *ast.Junction:
		op := `/\`
		if e.Kind == ast.Or {
			op = `\/`
		}
		lvls := make([]Level, len(e.Items))
		for i, it := range e.Items {
			lvls[i] = x.expr(it)
		}
		return combineBool(op, e.Pos, lvls...)
	case *ast.If:
		return maxLevel(x.expr(e.Cond), maxLevel(x.expr(e.Then), x.expr(e.Else)))
	case *ast.Case:
		lvl := ConstantLevel
		for _, a := range e.Arms {
			lvl = maxLevel(lvl, maxLevel(x.expr(a.Cond), x.expr(a.Value)))
		}
		if e.Other != nil {
			lvl = maxLevel(lvl, x.expr(e.Other))
		}
		return lvl
	case *ast.Let:
		x.push()
		for _, d := range e.Defs {
			x.letDef(d)
		}
		for name, s := range x.scopes[len(x.scopes)-1] {
			if s.recursive {
				fail(s.Pos, "RECURSIVE operator %s is declared but never defined", name)
			}
		}
		lvl := x.expr(e.Body)
		x.pop()
		return lvl
	case *ast.Quant:
		x.push()
		lvl, sets := x.boundLevels(e.Bounds, true)
		if e.Kind == ast.TemporalForall || e.Kind == ast.TemporalExists {
			x.operand(operandBound{TemporalLevel, false, true}, e.Body) // \AA, \EE: weight 0, not Leibniz
			x.pop()
			return TemporalLevel
		}
		lvl = maxLevel(lvl, x.expr(e.Body))
		x.pop()
		if lvl == TemporalLevel {
			// SANY's OpApplNode.levelCheck (its error 4314): the sets of a quantified
			// temporal formula are not actions.
			for i, b := range e.Bounds {
				if b.Set != nil && sets[i] == ActionLevel {
					fail(b.Set.Position(), "level error: a bound of a quantified temporal formula is an action (SANY: Action-level bound of quantified temporal formula.)")
				}
			}
		}
		return lvl
	case *ast.Choose:
		x.push()
		lvl := x.bounds([]*ast.Bound{e.Bound})
		body := x.valueOperand(e.Body)
		x.pop()
		if body == TemporalLevel {
			fail(e.Pos, "level error: CHOOSE of a temporal formula")
		}
		return maxLevel(lvl, body)
	case *ast.SetEnum:
		return x.valueExprs("$SetEnumerate", e.Pos, e.Elems)
	case *ast.Tuple:
		return x.valueExprs("$Tuple", e.Pos, e.Elems)
	case *ast.SetFilter:
		x.push()
		lvl := x.bounds([]*ast.Bound{e.Bound})
		pred := x.valueOperand(e.Pred)
		valueArgs("$SubsetOf", e.Pos, pred)
		lvl = maxLevel(lvl, pred)
		x.pop()
		return lvl
	case *ast.SetMap:
		x.push()
		lvl := x.bounds(e.Bounds)
		elem := x.valueOperand(e.Elem)
		valueArgs("$SetOfAll", e.Pos, elem)
		lvl = maxLevel(lvl, elem)
		x.pop()
		return lvl
	case *ast.CrossProduct:
		return x.valueExprs("$CartesianProd", e.Pos, e.Factors)
	case *ast.FuncCons:
		x.push()
		lvl := x.bounds(e.Bounds)
		lvl = maxLevel(lvl, x.expr(e.Body))
		x.pop()
		return lvl
	case *ast.FuncApp:
		x.checkFuncArgs(e)
		f := x.valueOperand(e.Func)
		args := x.valueOperands(e.Args)
		valueArgs("$FcnApply", e.Pos, f, args)
		return maxLevel(f, args)
	case *ast.FuncSet:
		d, r := x.valueOperand(e.Domain), x.valueOperand(e.Range)
		valueArgs("$SetOfFcns", e.Pos, d, r)
		return maxLevel(d, r)
	case *ast.Record:
		return x.fields(e.Fields, operandBound{TemporalLevel, true, false})
	case *ast.RecordSet:
		lvl := x.fields(e.Fields, valueBound)
		valueArgs("$SetOfRcds", e.Pos, lvl)
		return lvl
	case *ast.Except:
		lvl := x.valueOperand(e.Func)
		for _, u := range e.Updates {
			for _, st := range u.Path {
				lvl = maxLevel(lvl, x.valueOperands(st.Args))
			}
			x.except++
			lvl = maxLevel(lvl, x.valueOperand(u.Value))
			x.except--
		}
		valueArgs("$Except", e.Pos, lvl)
		return lvl
	case *ast.At:
		if x.except == 0 && x.steps == 0 {
			fail(e.Pos, "@ is only allowed in the value of an EXCEPT update")
		}
		return ConstantLevel
	case *ast.Dot:
		lvl := x.valueOperand(e.X)
		valueArgs("$RcdSelect", e.Pos, lvl)
		return lvl
	case *ast.Lambda:
		fail(e.Pos, "LAMBDA is only allowed as an argument for an operator parameter")
	case *ast.BoxAction:
		return x.subscripted("[A]_v", e.Pos, e.Action, e.Sub)
	case *ast.AngleAction:
		return x.subscripted("<<A>>_v", e.Pos, e.Action, e.Sub)
	case *ast.Fairness:
		name := "WF_"
		if e.Strong {
			name = "SF_"
		}
		x.subscripted(name, e.Pos, e.Action, e.Sub)
		return TemporalLevel
	}
	fail(e.Position(), "unsupported expression %T", e)
	return 0
}

func (x *exprCtx) exprs(es []ast.Expr) Level {
	lvl := ConstantLevel
	for _, e := range es {
		lvl = maxLevel(lvl, x.expr(e))
	}
	return lvl
}

// valueOperands checks es as operands of a construct on values and returns their highest level.
func (x *exprCtx) valueOperands(es []ast.Expr) Level {
	lvl := ConstantLevel
	for _, e := range es {
		lvl = maxLevel(lvl, x.valueOperand(e))
	}
	return lvl
}

// fields checks the fields of a record (bound: none) or a set of records (valueBound).
func (x *exprCtx) fields(fs []*ast.Field, b operandBound) Level {
	lvl := ConstantLevel
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Name] {
			fail(f.Pos, "field %s appears twice", f.Name)
		}
		seen[f.Name] = true
		lvl = maxLevel(lvl, x.operand(b, f.Value))
	}
	return lvl
}

// subscripted checks [A]_v, <<A>>_v, WF_v(A) and SF_v(A): A is at most an
// action, v at most state-level.
func (x *exprCtx) subscripted(form string, pos ast.Pos, action, sub ast.Expr) Level {
	if lvl := x.operand(operandBound{ActionLevel, false, true}, action); lvl == TemporalLevel {
		fail(action.Position(), "level error: the action of %s is a temporal formula", form)
	}
	if lvl := x.operand(operandBound{StateLevel, false, true}, sub); lvl > StateLevel {
		fail(sub.Position(), "level error: the subscript of %s must be at most state-level, found %s expression", form, lvl.article())
	}
	return ActionLevel
}

// letDef checks one definition of a LET and binds it.
func (x *exprCtx) letDef(d ast.Unit) {
	switch d := d.(type) {
	case *ast.RecursiveDecl:
		for _, r := range d.Decls {
			x.bind(&Symbol{Name: r.Name, Kind: Operator, Arity: r.Arity, Fixity: r.Fixity, Pos: r.Pos, Node: r, recursive: true})
		}
	case *ast.OpDef:
		x.bind(x.opDef(d))
	case *ast.FuncDef:
		s := &Symbol{Name: d.Name, Kind: Function, Pos: d.Pos, Node: d}
		x.bind(s)
		s.Level = x.funcBody(d)
	case *ast.ModuleDef:
		x.bind(x.moduleDef(d))
	default:
		fail(d.Position(), "a LET may hold only definitions")
	}
}

// userOp checks an application of a non-built-in operator symbol.
func (x *exprCtx) userOp(op string, pos ast.Pos, args ...ast.Expr) Level {
	s := x.lookup(op)
	if s == nil {
		x.unknown(pos, op)
	}
	return x.apply(s, args, pos, op)
}

func (x *exprCtx) infix(e *ast.InfixExpr) Level {
	if !builtinInfix[e.Op] {
		return x.userOp(e.Op, e.OpPos, e.L, e.R)
	}
	b := builtinBounds[e.Op]
	l, r := x.operand(b, e.L), x.operand(b, e.R)
	return infixLevel(e, l, r)
}

// infixChain checks e and the infix applications nested in its left operand, a + b + c + ...
// as the parser builds a long sum or a generated @@ table, without recursing once per operator:
// a module of 1+1+...+1 would otherwise need stack in proportion to its size (1.4 KB per
// operator; 2 MB of it overflowed the 1 GB stack). The checks run in the order the recursion
// runs them: each operator is looked up and its arity checked on the way down, outermost first,
// then the innermost application, then each right operand from the inside out.
func (x *exprCtx) infixChain(e *ast.InfixExpr) Level {
	n := 1
	for cur := e; ; n++ {
		next, ok := cur.L.(*ast.InfixExpr)
		if !ok {
			break
		}
		cur = next
	}
	if n == 1 {
		return x.infix(e)
	}
	spine := make([]*ast.InfixExpr, 0, n)
	// bounds holds the bound in force for the spine's applications and the number of operands
	// of weight 0 they lie in (see bounds.go), from the application at index at until the next
	// entry's: kept only where they change, so that a long chain costs no memory per operator.
	type chainBound struct {
		at  int
		cap Level
		uw  int
	}
	c, uw := x.cap, x.unweighted
	bounds := []chainBound{{0, c, uw}}
	for cur := e; ; {
		if last := bounds[len(bounds)-1]; last.cap != c || last.uw != uw {
			bounds = append(bounds, chainBound{len(spine), c, uw})
		}
		spine = append(spine, cur)
		b := builtinBounds[cur.Op]
		if builtinInfix[cur.Op] {
			c = b.within(c)
		} else {
			s := x.lookup(cur.Op)
			if s == nil {
				x.unknown(cur.OpPos, cur.Op)
			}
			checkArity(s, 2, cur.OpPos, cur.Op)
			if !plainFirstArg(s) {
				break
			}
			b = argBound(s, 0)
			c = b.within(c)
		}
		if !b.weighted {
			uw++
		}
		next, ok := cur.L.(*ast.InfixExpr)
		if !ok {
			break
		}
		cur = next
	}
	savedCap, savedUW := x.cap, x.unweighted
	defer func() { x.cap, x.unweighted = savedCap, savedUW }()
	k := len(bounds) - 1
	at := func(i int) {
		for bounds[k].at > i {
			k--
		}
		x.cap, x.unweighted = bounds[k].cap, bounds[k].uw
	}
	at(len(spine) - 1)
	lvl := x.infix(spine[len(spine)-1])
	args := make([]ast.Expr, 2) // applyArgs keeps no reference to it
	for i := len(spine) - 2; i >= 0; i-- {
		e := spine[i]
		at(i)
		if builtinInfix[e.Op] {
			lvl = infixLevel(e, lvl, x.operand(builtinBounds[e.Op], e.R))
			continue
		}
		s := x.lookup(e.Op)
		checkArgLevel(s, 0, lvl, e.L, e.Op)
		args[0], args[1] = e.L, e.R
		lvl = x.applyArgs(s, args, e.Op, 1, maxLevel(s.Level, lvl))
	}
	return lvl
}

// infixLevel is the level of the built-in infix application e whose operands have levels l, r.
func infixLevel(e *ast.InfixExpr, l, r Level) Level {
	switch e.Op {
	case `/\`, `\/`, "=>", "<=>":
		return combineBool(e.Op, e.OpPos, l, r)
	case "~>", "-+->":
		for _, side := range []struct {
			lvl Level
			x   ast.Expr
		}{{l, e.L}, {r, e.R}} {
			if side.lvl == ActionLevel {
				fail(side.x.Position(), "level error: an operand of %s is an action; use [][A]_v or <><<A>>_v", e.Op)
			}
		}
		return TemporalLevel
	case `\cdot`:
		if l == TemporalLevel || r == TemporalLevel {
			fail(e.Pos, "level error: an operand of \\cdot is a temporal formula")
		}
		return ActionLevel
	}
	valueArgs(e.Op, e.OpPos, l, r)
	return maxLevel(l, r)
}

// combineBool is the level of a Boolean combination; TLA+ has no formula
// that mixes a (non-boxed) action with a temporal formula.
func combineBool(op string, pos ast.Pos, lvls ...Level) Level {
	hasAction, hasTemporal := false, false
	lvl := ConstantLevel
	for _, l := range lvls {
		hasAction = hasAction || l == ActionLevel
		hasTemporal = hasTemporal || l == TemporalLevel
		lvl = maxLevel(lvl, l)
	}
	if hasAction && hasTemporal {
		fail(pos, "level error: %s combines an action with a temporal formula", op)
	}
	return lvl
}

func (x *exprCtx) prefix(e *ast.PrefixExpr) Level {
	if !builtinPrefix[e.Op] {
		return x.userOp(e.Op, e.Pos, e.X)
	}
	switch e.Op {
	case "UNCHANGED":
		x.primed++
		defer func() { x.primed-- }()
	case "ENABLED":
		x.enabled++
		defer func() { x.enabled-- }()
	}
	lvl := x.operand(builtinBounds[e.Op], e.X)
	switch e.Op {
	case "SUBSET", "UNION", "DOMAIN":
		valueArgs(e.Op, e.Pos, lvl)
	case "~":
		return combineBool("~", e.Pos, lvl)
	case "[]", "<>":
		if lvl == ActionLevel && operatorApplication(e.X) {
			_, box := ast.Unparen(e.X).(*ast.BoxAction)
			_, angle := ast.Unparen(e.X).(*ast.AngleAction)
			if e.Op == "[]" && !box || e.Op == "<>" && !angle {
				fail(e.Pos, "level error: %s applied to an action; write [][A]_v or <><<A>>_v", e.Op)
			}
		}
		return TemporalLevel
	case "ENABLED":
		if lvl == TemporalLevel {
			fail(e.Pos, "level error: ENABLED applied to a temporal formula")
		}
		// As for ': ENABLED is state-level and UNCHANGED an action whatever their operand's
		// level (BuiltInLevel: levels 1 and 2, operand weight 0).
		return StateLevel
	case "UNCHANGED":
		if lvl >= ActionLevel {
			fail(e.Pos, "level error: UNCHANGED applied to %s expression", lvl.article())
		}
		return ActionLevel
	}
	return lvl
}

// operatorApplication reports whether SANY represents x as an operator application (its
// OpApplKind): everything but a LET and a label. SANY's OpApplNode.levelCheck refuses []A and
// <>A for an action A only when A is one ("[] followed by action not of form [A]_v."), so
// [](LET a == x' IN a) and [](lab :: x' > x) pass its check.
func operatorApplication(x ast.Expr) bool {
	for {
		switch e := x.(type) {
		case *ast.Paren:
			x = e.X // parentheses make no node in SANY
		case *ast.Let, *ast.Label:
			return false
		default:
			return true
		}
	}
}

// valueArgs refuses a temporal formula among the arguments of a built-in operator on values
// (=, #, \in, \notin, \subseteq, \, \cap, \cup, SUBSET, UNION, DOMAIN, \X, set and tuple
// constructors, set filters and maps, function application, [S -> T], [a : S], EXCEPT and
// record fields): SANY's BuiltInLevel gives each such argument the maximum level of an action
// (its error 4205, as TLC's level check). The Boolean operators, IF, CASE, records and
// function constructors take temporal formulas.
func valueArgs(op string, pos ast.Pos, lvls ...Level) {
	for i, l := range lvls {
		if l == TemporalLevel {
			name := op
			if sanyName, ok := sanyOpNames[op]; ok {
				name = sanyName
			}
			fail(pos, "level error: %s takes values, not temporal formulas (SANY: Level error in applying operator %s: The level of argument %d exceeds the maximum level allowed by the operator.)",
				valueOpNames[op], name, i+1)
		}
	}
}

// valueExprs checks the elements of a set, tuple or Cartesian product and returns their level.
func (x *exprCtx) valueExprs(op string, pos ast.Pos, es []ast.Expr) Level {
	lvl := ConstantLevel
	for i, e := range es {
		l := x.valueOperand(e)
		if l == TemporalLevel {
			fail(pos, "level error: %s takes values, not temporal formulas (SANY: Level error in applying operator %s: The level of argument %d exceeds the maximum level allowed by the operator.)",
				valueOpNames[op], op, i+1)
		}
		lvl = maxLevel(lvl, l)
	}
	return lvl
}

// sanyOpNames are SANY's names of built-in operators whose TLA+ spelling differs.
var sanyOpNames = map[string]string{`\cap`: `\intersect`, `\cup`: `\union`}

// valueOpNames describe the value operators for messages.
var valueOpNames = map[string]string{
	"=": "=", "/=": "#", `\in`: `\in`, `\notin`: `\notin`, `\subseteq`: `\subseteq`, `\`: `\`,
	`\cap`: `\cap`, `\cup`: `\cup`, "SUBSET": "SUBSET", "UNION": "UNION", "DOMAIN": "DOMAIN",
	"$SetEnumerate": "a set {...}", "$Tuple": "a tuple <<...>>", "$CartesianProd": `\X`,
	"$SubsetOf": "a set filter {x \\in S : p}", "$SetOfAll": "a set map {e : x \\in S}",
	"$FcnApply": "function application f[...]", "$SetOfFcns": "[S -> T]", "$SetOfRcds": "a record set [a : S]",
	"$Except": "EXCEPT", "$RcdSelect": "a record field r.a",
}
