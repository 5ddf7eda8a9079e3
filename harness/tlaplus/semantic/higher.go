package semantic

import "github.com/dsref/dsref/harness/tlaplus/ast"

// Operators passed as arguments, as SANY's level checker has them (OpApplNode.levelCheck's
// getMinMaxLevel and getOpLevelCond checks, InstanceNode.levelCheck for operator constants):
//   - a body that applies its operator parameter F to an argument of level l needs an operator
//     for F that allows level l there: op(F(_)) == F(v') refuses op(') and op(P) for
//     P(a) == a', as ' allows only a state-level argument (SANY's E4272_Test; "The permitted
//     level of argument 1 of the operator argument 1 must be at least 2.");
//   - a body that applies F to one of its own parameters x needs the argument given for x to
//     be within what the operator passed for F allows: apply(F(_), x) == F(x) refuses
//     apply(', v') (SANY's E4273_Test; "The level of argument 2 exceeds the maximum level
//     allowed by the operator.");
//   - the same hold for a module's operator constants against the operators and expressions
//     an INSTANCE substitutes (SANY's E4246_Test and E4247_Test).
// An operator parameter passed on to another operator inherits that operator's needs.

// opArgPos is argument k of the operator parameter or constant whose uses op collects.
type opArgPos struct {
	op *paramUse
	k  int
}

// opArgument is what opArg found passed as an operator: its level, the highest level it
// allows each argument (nil: not known, as for an operator parameter), and, for an operator
// parameter or constant of the definition or module being checked, its uses.
type opArgument struct {
	level  Level
	bounds []Level
	param  *paramUse
	// nonLeibniz reports an operator not Leibniz in some argument (SANY's isLeibniz false).
	nonLeibniz bool
}

// operatorArgument describes the operator s passed as an argument.
func operatorArgument(s *Symbol) opArgument {
	oa := opArgument{level: s.Level}
	switch {
	case s.uses != nil:
		oa.bounds = maxLevels(s.uses)
		oa.nonLeibniz = anyNonLeibniz(s.uses)
	case s.Kind == Builtin:
		if b, ok := builtinBounds[s.Name]; ok {
			oa.bounds = make([]Level, s.Arity)
			for i := range oa.bounds {
				oa.bounds[i] = b.max
			}
			oa.nonLeibniz = b.opaque
		}
	case s.use != nil:
		oa.param = s.use
	}
	return oa
}

// maxLevels lists the bounds of uses.
func maxLevels(uses []paramUse) []Level {
	out := make([]Level, len(uses))
	for i, u := range uses {
		out[i] = u.max
	}
	return out
}

// anyNonLeibniz reports whether some parameter whose uses are in uses is non-Leibniz.
func anyNonLeibniz(uses []paramUse) bool {
	for _, u := range uses {
		if u.nonLeibniz {
			return true
		}
	}
	return false
}

// noteArgMin records that the operator whose uses u collects is applied to an argument k of
// level l.
func (u *paramUse) noteArgMin(k int, l Level) {
	for len(u.argMin) <= k {
		u.argMin = append(u.argMin, ConstantLevel)
	}
	u.argMin[k] = maxLevel(u.argMin[k], l)
}

// argOf checks argument i of an application of s: of an operator parameter or constant, it
// is recorded (its level, and the parameters in it) for the checks above.
func (x *exprCtx) argOf(s *Symbol, i int, a ast.Expr, use paramUse) Level {
	if s.use == nil || s.Arity == 0 {
		return x.useArg(a, use)
	}
	x.opArgs = append(x.opArgs, opArgPos{s.use, i})
	lvl := x.useArg(a, use)
	x.opArgs = x.opArgs[:len(x.opArgs)-1]
	s.use.noteArgMin(i, lvl)
	return lvl
}

// passedOp is the operator passed as argument i of an application.
type passedOp struct {
	i  int
	oa opArgument
}

// checkPassedOps checks the operators passed in an application of s named name against what
// s's body needs of them; args and levels are the arguments from index from on and their
// levels.
func checkPassedOps(s *Symbol, name string, ops []passedOp, args []ast.Expr, levels []Level, from int) {
	if s.uses == nil {
		return
	}
	for _, o := range ops {
		u := &s.uses[o.i]
		for k, need := range u.argMin {
			if o.oa.param != nil {
				o.oa.param.noteArgMin(k, need)
				continue
			}
			if k < len(o.oa.bounds) && o.oa.bounds[k] < need {
				fail(args[o.i-from].Position(), "level error: argument %d of %s is an operator allowing at most %s level for its argument %d, but %s applies it to %s expression (SANY: Level error in applying operator %s: The permitted level of argument %d of the operator argument %d must be at least %d.)",
					o.i+1, name, o.oa.bounds[k], k+1, name, need.article(), name, k+1, o.i+1, int(need))
			}
		}
		for j := from; j < len(s.uses); j++ {
			for _, f := range s.uses[j].inArgs {
				if f.op != u || j-from >= len(levels) {
					continue
				}
				lvl := levels[j-from]
				if o.oa.param != nil {
					o.oa.param.noteArgMin(f.k, lvl)
					continue
				}
				if f.k < len(o.oa.bounds) && lvl > o.oa.bounds[f.k] {
					fail(args[j-from].Position(), "level error: argument %d of %s is %s expression, but %s passes it to the operator given as argument %d, which allows at most %s level there (SANY: Level error in applying operator %s: The level of argument %d exceeds the maximum level allowed by the operator.)",
						j+1, name, lvl.article(), name, o.i+1, o.oa.bounds[f.k], name, j+1)
				}
			}
		}
	}
}

// opSubst is the operator substituted by an INSTANCE for the operator constant p (e is the
// substitution's expression, nil for an implicit one).
type opSubst struct {
	p  *Symbol
	oa opArgument
	e  ast.Expr
}

// checkOpSubsts checks the operators an INSTANCE of m substitutes against how m applies its
// operator constants; levels are the levels substituted for m's constants and variables.
func checkOpSubsts(m *Module, inst *ast.Instance, subs []opSubst, levels map[string]Level) {
	for _, o := range subs {
		pos := inst.Pos
		if o.e != nil {
			pos = o.e.Position()
		}
		if o.oa.nonLeibniz {
			fail(pos, "INSTANCE %s: the operator substituted for %s is not Leibniz (an argument of it is primed, under ENABLED, UNCHANGED, [], <>, ~>, \\cdot, in a subscript or under WF_ or SF_) (SANY: Error in instantiating module '%s': A non-Leibniz operator substituted for '%s'.)",
				m.Name, o.p.Name, m.Name, o.p.Name)
		}
		u := o.p.use
		if u == nil || o.oa.bounds == nil {
			continue
		}
		for k, need := range u.argMin {
			if k < len(o.oa.bounds) && o.oa.bounds[k] < need {
				fail(pos, "level error: INSTANCE %s: the operator substituted for %s allows at most %s level for its argument %d, but %s applies %s to %s expression (SANY: Level error in instantiating module '%s')",
					m.Name, o.p.Name, o.oa.bounds[k], k+1, m.Name, o.p.Name, need.article(), m.Name)
			}
		}
		for _, q := range append(append([]*Symbol{}, m.Constants...), m.Variables...) {
			if q.use == nil {
				continue
			}
			for _, f := range q.use.inArgs {
				lvl, ok := levels[q.Name]
				if f.op != u || !ok || f.k >= len(o.oa.bounds) || lvl <= o.oa.bounds[f.k] {
					continue
				}
				fail(pos, "level error: INSTANCE %s: %s is replaced by %s expression, but %s passes it to %s, whose substitute allows at most %s level there (SANY: Level error when instantiating module '%s')",
					m.Name, q.Name, lvl.article(), m.Name, o.p.Name, o.oa.bounds[f.k], m.Name)
			}
		}
	}
}
