package semantic

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// prefixSymbol resolves the steps of a's instance prefix that name module instances; k is the
// index of the first step that names something else (a definition, theorem or assumption: a's
// name is then a subexpression name), or len(a.Prefix). s is the symbol step k names, or nil
// when every step is an instance.
func (x *exprCtx) prefixSymbol(a *ast.OpApp) (s *Symbol, k int) {
	var scope map[string]*Symbol
	for i, step := range a.Prefix {
		if i == 0 {
			s = x.lookup(step.Name)
		} else {
			s = scope[step.Name]
		}
		if s == nil {
			if i == 0 {
				x.unknown(step.Pos, step.Name)
			}
			fail(step.Pos, "module instance %s has no definition %s", a.Prefix[i-1].Name, step.Name)
		}
		if s.Kind != ModuleInstance {
			if subexprTarget(s) == nil && !assumeProveTheorem(s) {
				fail(step.Pos, "%s is not a module instance or a definition, so %s!... is not allowed", step.Name, step.Name)
			}
			return s, i
		}
		if len(step.Args) != s.Arity {
			fail(step.Pos, "instance %s takes %s, found %d", step.Name, plural(s.Arity, "argument"), len(step.Args))
		}
		for _, arg := range step.Args {
			x.expr(arg)
		}
		scope = s.Instance.Exports
	}
	return nil, len(a.Prefix)
}

// subexprTarget returns the expression a subexpression name can select in: the body of an
// operator definition, a theorem or an assumption; nil for anything else.
func subexprTarget(s *Symbol) ast.Expr {
	switch n := s.Node.(type) {
	case *ast.OpDef:
		return n.Body
	case *ast.Theorem:
		return n.Expr
	case *ast.Assume:
		return n.Expr
	}
	return nil
}

// subexpr checks a subexpression name Base!sel...: the base is resolved and applied to its
// arguments, the selectors must name a subexpression of its body, and their arguments are
// checked. The level is that of the whole application: an upper bound of the selected part's.
func (x *exprCtx) subexpr(e *ast.Subexpr) Level {
	base := e.Base
	if len(base.Prefix) > 0 {
		if _, k := x.prefixSymbol(base); k < len(base.Prefix) {
			return x.subexpr(ast.SplitAt(base, k, e.Path))
		}
	}
	var s *Symbol
	if len(base.Prefix) > 0 {
		s = x.instancePath(base)
	} else if s = x.lookup(base.Name); s == nil {
		x.unknown(base.Pos, base.Name)
	}
	body := subexprTarget(s)
	if assumeProveTheorem(s) {
		// Selectors into an ASSUME ... PROVE statement (T!1, an assumption; T!2, the goal)
		// are accepted unchecked: SANY numbers its parts, this check does not.
		lvl := x.apply(s, base.Args, base.Pos, base.Name)
		for _, sel := range e.Path {
			for _, a := range sel.Args {
				lvl = maxLevel(lvl, x.expr(a))
			}
		}
		return lvl
	}
	if body == nil {
		fail(base.Pos, "%s is not a definition, theorem or assumption, so it has no subexpressions to name", base.Name)
	}
	lvl := x.apply(s, base.Args, base.Pos, base.Name)
	if _, _, err := ast.Select(body, e.Path); err != nil {
		se := err.(*ast.SelectError)
		fail(se.Pos, "%s: %s", base.Name, se.Msg)
	}
	for _, sel := range e.Path {
		for _, a := range sel.Args {
			lvl = maxLevel(lvl, x.expr(a))
		}
	}
	return lvl
}

// assumeProveTheorem reports whether s names a theorem stated as ASSUME ... PROVE, whose parts
// selectors name (T!1, T!lab).
func assumeProveTheorem(s *Symbol) bool {
	th, ok := s.Node.(*ast.Theorem)
	return ok && th.Assume != nil
}
