package semantic

import "github.com/dsref/dsref/harness/tlaplus/ast"

// Level bounds on arguments, as SANY's level checker has them (LevelNode's levelConstraints,
// OpApplNode.levelCheck, BuiltInLevel): every operand of an operator has a highest level the
// operator allows (the operands of =, \in, a set or a function application at most an action,
// the operand of ' and UNCHANGED at most state-level, of ENABLED at most an action, a subscript
// at most state-level, ...), and an operand's level counts toward the application's own level
// (its weight is 1) or not (', UNCHANGED, ENABLED, [], <>, ~>, \cdot, [A]_v, WF_v(A): weight 0).
// A parameter of a definition met in an operand is bounded by that operand's bound and, through
// operands of weight 1, by the bounds of the operands around it; the lowest bound it meets in
// the body is the highest level an argument for it may have (OpDefNode.getMaxLevel), and an
// application whose argument exceeds it is refused with SANY's "Level error in applying
// operator F: The level of argument i exceeds the maximum level allowed by the operator." So
// F(a) == a \in S refuses F([]P), G(a) == F(a) refuses G([]P) as well, and P(a) == a' refuses
// P(x') (SANY's error 4205 through a definition).
//
// exprCtx.cap is the bound in force for the expression being checked (TemporalLevel: none),
// and exprCtx.unweighted counts the enclosing operands of weight 0.

// operandBound is a built-in operator's bound on its operands (SANY's BuiltInLevel
// argMaxLevels, the same for every operand of these) and whether they have weight 1. An
// operand of weight 0 is also a non-Leibniz position (SANY's isLeibnizArg: a built-in's
// argument is Leibniz iff its weight is 1), except a LAMBDA's body (opaque false there).
type operandBound struct {
	max      Level
	weighted bool
	// opaque marks a non-Leibniz operand: the parameters in it make their definition
	// non-Leibniz, which an INSTANCE may not substitute for an operator constant.
	opaque bool
}

// builtinBounds are the bounds of the built-in infix, prefix and postfix operators.
var builtinBounds = map[string]operandBound{
	"=": {ActionLevel, true, false}, "/=": {ActionLevel, true, false}, `\in`: {ActionLevel, true, false},
	`\notin`: {ActionLevel, true, false}, `\subseteq`: {ActionLevel, true, false}, `\`: {ActionLevel, true, false},
	`\cap`: {ActionLevel, true, false}, `\cup`: {ActionLevel, true, false},
	"SUBSET": {ActionLevel, true, false}, "UNION": {ActionLevel, true, false}, "DOMAIN": {ActionLevel, true, false},
	`/\`: {TemporalLevel, true, false}, `\/`: {TemporalLevel, true, false}, "=>": {TemporalLevel, true, false},
	"<=>": {TemporalLevel, true, false}, "~": {TemporalLevel, true, false},
	"~>": {TemporalLevel, false, true}, "-+->": {TemporalLevel, false, true},
	"[]": {TemporalLevel, false, true}, "<>": {TemporalLevel, false, true},
	"ENABLED": {ActionLevel, false, true}, `\cdot`: {ActionLevel, false, true},
	"'": {StateLevel, false, true}, "UNCHANGED": {StateLevel, false, true},
}

// valueBound is the bound of the operands of the built-in constructs on values (sets, tuples,
// \X, set filters and maps, function application, [S -> T], [a : S], EXCEPT, r.a, CHOOSE).
var valueBound = operandBound{ActionLevel, true, false}

// within returns the bound in force inside an operand with bound b of an expression checked
// under outer.
func (b operandBound) within(outer Level) Level {
	if b.weighted {
		return min(outer, b.max)
	}
	return b.max
}

// under checks an operand with bound b.
func (x *exprCtx) under(b operandBound, check func() Level) Level {
	saved := x.cap
	x.cap = b.within(saved)
	if !b.weighted {
		x.unweighted++
	}
	if b.opaque {
		x.opaque++
	}
	lvl := check()
	if !b.weighted {
		x.unweighted--
	}
	if b.opaque {
		x.opaque--
	}
	x.cap = saved
	return lvl
}

// operand checks the expression e as an operand with bound b.
func (x *exprCtx) operand(b operandBound, e ast.Expr) Level {
	return x.under(b, func() Level { return x.expr(e) })
}

// valueOperand checks e as an operand of a construct on values.
func (x *exprCtx) valueOperand(e ast.Expr) Level { return x.operand(valueBound, e) }

// bound notes the bound in force at an occurrence of the parameter whose uses u collects.
func (x *exprCtx) bound(u *paramUse) {
	u.max = min(u.max, x.cap)
	if x.unweighted == 0 {
		u.weighted = true
	}
	if x.opaque > 0 {
		u.nonLeibniz = true
	}
	u.inArgs = append(u.inArgs, x.opArgs...)
}

// argBound is the bound of argument i of an application of s: its parameter's, and the bound
// around the application as well when the parameter's level counts toward the body's. An
// operator without recorded uses (a declared constant, an operator parameter, a built-in)
// bounds nothing itself and passes the bound around it on.
func argBound(s *Symbol, i int) operandBound {
	if s.uses == nil || i >= len(s.uses) {
		return operandBound{TemporalLevel, true, false}
	}
	u := s.uses[i]
	return operandBound{u.max, u.weighted, u.nonLeibniz}
}

// checkArgLevel refuses argument i (a, of level lvl) of an application of s named name when
// its level exceeds the parameter's bound.
func checkArgLevel(s *Symbol, i int, lvl Level, a ast.Expr, name string) {
	if s.uses == nil || i >= len(s.uses) {
		return
	}
	checkArgMax(s.uses[i].max, i, lvl, a, name)
}

// checkArgMax refuses argument i (a, of level lvl) of an application named name when its level
// exceeds max.
func checkArgMax(max Level, i int, lvl Level, a ast.Expr, name string) {
	if lvl <= max {
		return
	}
	fail(a.Position(), "level error: argument %d of %s is %s expression, but its definition allows at most %s level (SANY: Level error in applying operator %s: The level of argument %d exceeds the maximum level allowed by the operator.)",
		i+1, name, lvl.article(), max, name, i+1)
}

// newParamUses returns the uses of n parameters, none bounded yet.
func newParamUses(n int) []paramUse {
	uses := make([]paramUse, n)
	for i := range uses {
		uses[i].max = TemporalLevel
	}
	return uses
}

// substBound is the bound INSTANCE puts on the expression substituted for the constant or
// variable p of a module (SANY's Subst.getSubLCSet): in a module that is not constant, the
// level of p itself (constant, or state for a variable), so that the parameters of a
// parameterized instance I(z) == INSTANCE M WITH y <- z are bounded by it and I(x')!Op is
// refused as SANY refuses it (TLC's test217: "Level error in applying operator I!Foo"); a
// constant module bounds nothing here (its constants may be replaced at any level: relevel).
func substBound(constant bool, p *Symbol) operandBound {
	switch {
	case constant:
		return operandBound{TemporalLevel, true, false}
	case p.Kind == Variable:
		return operandBound{StateLevel, true, false}
	}
	return operandBound{ConstantLevel, true, false}
}
